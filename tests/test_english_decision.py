"""English questions whose answer was retrieved but declined or answered from another passage (english16): what an
English "how many" question counts when its head noun has two senses, a part of a document by its number is no count,
a place's name compounded with the place noun, a table of contents with spaced leader dots."""

from __future__ import annotations

import pytest

from assistant.language import Language
from assistant.norwegian import _stem
from assistant.quantities import has_number
from assistant.units import UnitKind, split_units


def test_the_counted_noun_is_found_whatever_order_its_senses_take(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.query as query

    # the phrase read alone orders the head noun's senses otherwise than the whole question did
    monkeypatch.setattr(query, "query_terms", lambda text, store, language: ["vern", "samisk", "bygning|bygg"])
    terms = ["vern", "samisk", "bygg|bygning", "norg"]
    assert query.counted_term("How many protected Sami buildings are there in Norway?", terms, None,
                              Language.EN) == "bygg|bygning"


@pytest.mark.parametrize(("text", "number"), [
    ("Sørsamisk og lulesamisk er omfattet av vernet etter del 2 i pakten.", False),
    ("… beskyttelsen etter både del 2 og del 3 av minoritetsspråkpakten.", False),
    ("Det er registrert i overkant av 900 fredete samiske bygninger.", True),
    ("En del av 12 kommuner svarte.", True),
    ("Planen har to deler.", True),
])
def test_a_part_by_its_number_is_no_count(text: str, number: bool) -> None:
    assert has_number(text) is number


def test_a_name_compounded_with_its_place_noun_is_known() -> None:
    from assistant.query import _compound_place

    vocab = {_stem("ringeriksregionen"), _stem("tromsøområdet")}
    question = "How many workers are there for each retired person in the Ringerike region today?"
    assert _compound_place("Ringerike", question, vocab)  # «Ringerike» + «s» + «regionen», the «-e» dropped
    assert _compound_place("Tromsø", "What is planned in the Tromsø area?", vocab)
    assert not _compound_place("Hamar", "How many workers are there in the Hamar region?", vocab)
    assert not _compound_place("Ringerike", "What does Ringerike plan?", vocab)  # no place noun after it


def test_a_contents_line_with_spaced_leader_dots_is_a_heading() -> None:
    text = ("51.2.1 Lov om barnehager og rammeplanfor barnehagen . . . . . . . . . . . . . \n"
            "62 Samiske barnehager - beskrivelse og behov2.1 Tilstandsbeskrivelse . . . . . . . . . 7\n"
            "Det er mange barn i barnehagen . . . og flere kommer.")
    kinds = [u.kind for u in split_units(text)]
    assert kinds == [UnitKind.HEADING, UnitKind.HEADING, UnitKind.SENTENCE]


def test_the_head_noun_not_a_modifier_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.query as query

    read = {"upper secondary pupils": ["elev", "videregå"], "pupils": ["elev"],
            "nursing home places": ["sted|plass", "sykehjem", "sykehjemsplass"], "places": ["plass|sted"],
            "full-time posts": ["tid"], "posts": []}
    monkeypatch.setattr(query, "query_terms", lambda text, store, language: read[text])
    assert query.counted_term("How many upper secondary pupils had Sami?", ["elev", "samisk", "videregå"], None,
                              Language.EN) == "elev"
    # the head noun compounded with its modifiers is what is counted
    assert query.counted_term("How many nursing home places are there?", ["sted|plass", "sykehjem", "sykehjemsplass"],
                              None, Language.EN) == "sykehjemsplass"
    # the head noun reads nothing: no counted term (not the modifier's «tid»)
    assert query.counted_term("How many full-time posts are there?", ["tid", "barnehag"], None, Language.EN) == ""


@pytest.mark.parametrize(("text", "question", "counted"), [
    # a white paper cited by year and number: without its year «NOU 2016: 18» left «18»
    ("I 2016 overrakte samisk språkutvalg NOU 2016: 18 Hjertespråket til departementet.", "How many people speak Sami?",
     "folk|mennesk"),
    # a law's parts: «2. og 3. ledd», «§§ 1, 1a, 2 og 3»
    ("Barnehagen skal fremme demokrati.(Barnehageloven § 1 Formål, 2. og 3. ledd)", "How many children per adult?",
     "barn"),
    ("Bestemmelser om barnehagens formål og innhold, jf. §§ 1, 1a, 2 og 3.", "How many children per adult?", "barn"),
    # a length is no count of homes
    ("Kommunens alminnelige byggegrense mot sjø er 100 meter.", "How many new homes will be built?", "hjem"),
])
def test_references_and_measures_are_no_count(text: str, question: str, counted: str) -> None:
    from assistant.quantities import has_quantity
    from assistant.query import QuestionKind

    assert not has_quantity(QuestionKind.NUMBER, text, question, counted)


@pytest.mark.parametrize(("text", "question", "counted"), [
    ("Det er 120 elever på skolen, og skoleveien er 4 km.", "Hvor mange elever går på skolen?", "elev"),
    ("Byggegrensen mot sjø er 100 meter.", "Hvor mange meter er byggegrensen?", _stem("meter")),
    ("Sametinget har ansvaret for seks konsoliderte samiske museer.", "How many Sami museums?", "museum"),
])
def test_counts_still_count(text: str, question: str, counted: str) -> None:
    from assistant.quantities import has_quantity
    from assistant.query import QuestionKind

    assert has_quantity(QuestionKind.NUMBER, text, question, counted)
