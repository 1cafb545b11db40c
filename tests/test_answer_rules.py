"""Question conventions the answer rules read (issue 13, third round) — on a tiny plan written here,
ingested through the real pipeline into the test's own data dir (no shared data)."""

from __future__ import annotations

from pathlib import Path

import pytest

PLAN = """Plan for oppvekst i Fjellbygd kommune 2024–2028

Kommunen ligger ved havet, og skolene bruker fjæra som klasserom.
Leirskolen for 7. trinn koster 2 millioner kroner i året.
Relasjonsbank betyr at de voksne bygger gode relasjoner til hvert barn.
"""


@pytest.fixture
def store(tmp_path: Path, settings):
    from assistant.store import open_store
    from ingest.run import run

    plan = tmp_path / "fjellbygd-plan-oppvekst-2024-2028.txt"
    plan.write_text(PLAN, encoding="utf-8")
    assert run([plan], settings=settings).ok
    return open_store(settings)


def test_question_words_that_passages_do_not_repeat_are_not_terms(store) -> None:
    from assistant.query import query_terms

    # «hvor mye», «hvor ofte», «hva menes med», «hva betyr», «når det gjelder», «innen», «igjen»
    assert query_terms("Hvor mye koster leirskolen?", store) == ["kost", "leirskol"]
    assert query_terms("Hva menes med relasjonsbank?", store) == ["relasjonsbank"]
    assert query_terms("Hva betyr relasjonsbank?", store) == ["relasjonsbank"]
    terms = query_terms("Hvor ofte drar 7. trinn på leirskole igjen?", store)
    assert "leirskol" in terms and not {"oft", "igj", "igjen", "ofte"} & set(terms)
    assert "gjeld" not in query_terms("Hva gjør skolene når det gjelder klasserom?", store)
    assert "inn" not in query_terms("Hvor mye koster leirskolen innen 2028?", store)
    # content words stay
    assert "klasserom" in query_terms("Hva gjør skolene når det gjelder klasserom?", store)


def test_english_function_words_are_not_read_as_norwegian_stems(store) -> None:
    from assistant.query import query_terms
    from assistant.termstats import term_stats

    assert "hav" in term_stats(store).df  # «havet» is in the plan: «have» would match it as a Norwegian stem …
    terms = query_terms("What share of households have low income?", store)
    assert "hav" not in terms and "andel" in terms  # … it is an English function word, not a term
    assert "many" not in query_terms("How many pupils go to camp school?", store)
