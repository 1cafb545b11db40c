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
