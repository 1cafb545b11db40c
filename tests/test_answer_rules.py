"""Question conventions the answer rules read (issue 13, third round) — on a tiny plan written here,
ingested through the real pipeline into the test's own data dir (no shared data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import store_with_plan

PLAN = """Plan for oppvekst i Fjellbygd kommune 2024–2028

Kommunen ligger ved havet, og skolene bruker fjæra som klasserom.
Leirskolen for 7. trinn koster 2 millioner kroner i året. Elevene bor på et senter ved Drammen.
Relasjonsbank betyr at de voksne bygger gode relasjoner til hvert barn.
"""


@pytest.fixture
def store(tmp_path: Path, settings):
    return store_with_plan(tmp_path, settings, PLAN)


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
    assert "samanlikn" not in query_terms("Korleis er leirskulen samanlikna med klasserommet?", store)
    # content words stay
    assert "klasserom" in query_terms("Hva gjør skolene når det gjelder klasserom?", store)


def test_english_function_words_are_not_read_as_norwegian_stems(store) -> None:
    from assistant.query import query_terms
    from assistant.termstats import term_stats

    assert "hav" in term_stats(store).df  # «havet» is in the plan: «have» would match it as a Norwegian stem …
    terms = query_terms("What share of households have low income?", store)
    assert "hav" not in terms and "andel" in terms  # … it is an English function word, not a term
    assert "many" not in query_terms("How many pupils go to camp school?", store)


def test_a_municipality_the_collection_does_not_cover_is_said_and_declined(store, settings) -> None:
    from assistant.answer import ask
    from assistant.citations import NOT_FOUND

    # «Drammen» is mentioned in the plan, but no document belongs to Drammen kommune
    other = ask("Hva koster leirskolen i Drammen kommune?", settings=settings, store=store)
    assert not other.found
    assert other.text == f"Drammen kommune er ikke lagt inn i dokumentsamlingen. {NOT_FOUND}"
    own = ask("Hva koster leirskolen i Fjellbygd kommune?", settings=settings, store=store)
    assert own.found and "2 millioner kroner" in own.text


@pytest.mark.parametrize("question,known,expected", [
    ("Hva sier Hamar-planen om mobbing?", ["Åmot"], ["Hamar kommune"]),
    ("What does Bergen municipality do about bullying?", ["Åmot"], ["Bergen kommune"]),
    ("Hva gjør Nord-Fron kommune for barn?", ["Åmot"], ["Nord-Fron kommune"]),
    ("Hva gjør Åmot kommune for barn?", ["Åmot"], []),
    ("Hva vil Telemark fylkeskommune gjøre?", ["Telemark fylkeskommune"], []),
    ("Hvilken kommune har flest barn?", ["Åmot"], []),  # a question word, not a name
    ("Samme kommune har to planer", ["Åmot"], []),
    ("What must a Norwegian municipality do about bullying?", ["Åmot"], []),  # adjectives and determiners
    ("Does every municipality need a plan?", ["Åmot"], []),
    ("Enhver kommune skal ha en plan", ["Åmot"], []),
])
def test_unknown_municipalities_named_as_such(question: str, known: list[str], expected: list[str]) -> None:
    from assistant.query import unknown_municipalities

    assert unknown_municipalities(question, known) == expected


def test_a_topic_word_the_collection_never_uses_declines_the_question() -> None:
    from collections import Counter

    from assistant.evidence import decide, unknown_share
    from assistant.language import Language
    from assistant.query import Query, QuestionKind
    from assistant.termstats import TermStats
    from tests.test_compose import _hit

    st = TermStats(0, Counter({"regl": 3, "skoletid": 2, "budsjett": 1, "vedtak": 1, "programm": 1, "livsmestring": 1,
                               "forårsak": 1}), 100)
    # «mobiltelefon» is used nowhere, not even as «mobil» + «telefon»: what no document mentions cannot be answered
    assert unknown_share(("regl", "mobiltelefon", "skoletid"), st) >= 0.4
    # a compound whose two parts the documents use is known («budsjett|vedtak», «livsmestrings|program» as «programm»)
    assert unknown_share(("budsjettvedtak", "regl"), st) == 0.0
    assert unknown_share(("livsmestringsprogram",), st) == 0.0
    assert unknown_share(("forårsakt", "regl"), st) == 0.0  # the same word inflected otherwise («forårsaket»)
    assert unknown_share(("ork", "regl"), st) == 0.0  # short words are not judged this way (paraphrases, verbs)
    assert unknown_share(("mobiltelefon", "skolebruk"), TermStats(0, Counter(), 100)) == 0.0  # no vocabulary to judge by

    passage = "Skolen har regler for hele skoletiden. Elevene skal følge reglene."
    asked = Query("Hvilke regler har skolen for mobiltelefon i skoletiden?", Language.NB,
                  ("regl", "mobiltelefon", "skoletid"), (), (), (), (), QuestionKind.LIST)
    pieces = [(passage, passage, False)]
    assert not decide(asked, [_hit(passage)], pieces, st, 0.4).found
    known = Query("Hvilke regler har skolen i skoletiden?", Language.NB, ("regl", "skoletid"), (), (), (), (), QuestionKind.LIST)
    assert decide(known, [_hit(passage)], pieces, st, 0.4).found
