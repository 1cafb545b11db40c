"""The whole product on a generated PDF: ingest → ask (page citation) → check the plan."""

from __future__ import annotations

from pathlib import Path

from assistant.answer import ask
from assistant.checker.export import to_json
from assistant.checker.service import run_check
from assistant.citations import NOT_FOUND
from ingest.run import run
from tests import pdfs


def test_pdf_to_cited_answer_and_checked_goals(tmp_path: Path, settings) -> None:
    pdf = pdfs.make_plan_pdf(tmp_path / "kvalitetsplan.pdf", pages=3, page_labels=["10", "11", "12"])
    report = run([pdf], settings=settings)
    assert report.ok and report.pages == 3

    answer = ask("Hva skal kommunen gjøre med mobbing?", settings=settings)
    assert answer.found
    cited = answer.citations[0]
    assert cited.source == "kvalitetsplan.pdf" and cited.page_label == "11"  # printed label of page 2
    assert cited.municipality == "Jevnaker"  # from the running header, although the cleaner drops it
    assert "s. 11" in cited.label and "2.2 Inkluderende miljø" in cited.label
    assert "mobbing" in answer.text and "[1]" in answer.text

    assert ask("Hvor mange svømmehaller skal bygges?", settings=settings).text == NOT_FOUND

    result = run_check(settings=settings)
    goals = __import__("json").loads(to_json(result))
    assert goals, "the goal under '2.1 Mål' was not found"
    goal = goals[0]
    assert goal["goal"].startswith("Alle barn og unge i kommunen skal oppleve et trygt")
    assert goal["page"] in (1, "10")
    assert any("elevundersøkelsen" in m["text"].lower() for m in goal["measures"])


def test_national_law_in_the_index_is_cited_by_paragraph_and_offered_to_the_checker(tmp_path: Path, settings) -> None:
    import shutil

    from tests.conftest import REPO

    law = tmp_path / "barnehageloven.md"
    shutil.copy(REPO / "tests" / "data" / "lov-liten.md", law)
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Plan for overganger 2024–2027\n\nMål\nAlle barn skal ha en trygg overgang fra barnehage til skole.\n\n"
        "Tiltak\n- Barnehagen og skolen lager en felles plan for overgangen innen juni 2025.\n",
        encoding="utf-8",
    )
    assert run([law, plan], settings=settings).ok
    answer = ask("Hva sier barnehageloven om samarbeid med skolen?", settings=settings)
    assert answer.found
    law_citations = [c for c in answer.citations if c.source == "barnehageloven.md"]
    assert law_citations and law_citations[0].label == "barnehageloven § 2 a"

    result = run_check(settings=settings)
    goals = [g for _, g in result.goal_checks()]
    assert [g.goal.text for g in goals] == ["Alle barn skal ha en trygg overgang fra barnehage til skole."]
    assert goals[0].related and goals[0].related[0].meta.kind == "lov"  # national guidance next to the goal
