"""Near misses and answer units (issue 13, seventh round) — on small texts written here (no shared data).

Conventions tested: a question about a school year («skoleåret 2015/16») is not answered by another school year; a
sentence does not end inside parentheses («(art. 2)»); «Hva vil X koste?» asks for an amount, and the amount — not the
word «kost» — answers «koste»; a school level («trinn 3», «10. trinn») is not a count; «fått» is as light a verb as «få».
"""

from __future__ import annotations

from collections import Counter

from assistant.asked import asked_years, years_covered
from assistant.compose import compose, split_units
from assistant.evidence import decide
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.query import Query, QuestionKind, question_kind
from assistant.termstats import TermStats

ST = TermStats(0, Counter(), 100)  # every term equally rare


def _hit(text: str, doc: str, rank: int = 1) -> Hit:
    meta = DocumentMeta(doc, f"{doc}.txt", f"Melding {doc}", municipality="", has_pages=False)
    return Hit(Chunk(f"{doc}::{rank}", doc, rank, text, ()), meta, 1.0, rank)


def _query(text: str, terms: tuple[str, ...], kind: QuestionKind) -> Query:
    return Query(text, Language.NB, terms, (), (), (), (), kind)


def _decide(query: Query, hits: list[Hit]):
    comp = compose(query, hits, ST)
    return decide(query, hits, comp.piece_texts(quantity=query), ST, 0.4)


def test_a_school_year_is_not_answered_by_another() -> None:
    query = _query("Hvor mange grunnskoleelever hadde samisk i fagkretsen i skoleåret 2015/16?",
                   ("grunnskoleelev", "samisk", "fagkrets", "skoleår", "2015", "16"), QuestionKind.NUMBER)
    assert asked_years(query) == (2015,)
    assert not years_covered((2015,), "I skoleåret 2005/06 hadde i alt 3055 grunnskoleelever samisk i fagkretsen.")
    assert years_covered((2006,), "I skoleåret 2005/06 hadde i alt 3055 grunnskoleelever samisk i fagkretsen.")
    assert years_covered((2015,), "Tallet for 2015/2016 var 2100.")
    other = _hit("I skoleåret 2005/06 hadde i alt 3055 grunnskoleelever samisk i fagkretsen i Norge.", "melding")
    assert not _decide(query, [other]).found
    same = _hit("I skoleåret 2015/16 hadde i alt 2100 grunnskoleelever samisk i fagkretsen i Norge.", "melding")
    assert _decide(query, [same]).found


def test_a_sentence_does_not_end_inside_parentheses() -> None:
    units = split_units("Konvensjonens fire grunnprinsipper er ikke-diskriminering (art. 2), barnets beste (art. 3) og "
                        "retten til å bli hørt (art. 12). Denne prioriteringen følger av konvensjonen.")
    assert [u.text for u in units] == [
        "Konvensjonens fire grunnprinsipper er ikke-diskriminering (art. 2), barnets beste (art. 3) og retten til å bli "
        "hørt (art. 12).", "Denne prioriteringen følger av konvensjonen."]
    text = "Se figuren (s. 4). Tallet er 12."
    assert [text[u.start:u.end] for u in split_units(text)] == ["Se figuren (s. 4).", "Tallet er 12."]  # offsets hold


def test_what_will_it_cost_asks_for_an_amount() -> None:
    assert question_kind("Hva vil Nord-Norgebanen koste?", [], []) == QuestionKind.COST
    assert question_kind("Hva koster kulturkortet?", [], []) == QuestionKind.COST


def test_the_amount_not_the_word_answers_what_it_costs() -> None:
    query = _query("Hva vil Nord-Norgebanen koste?", ("norgeban", "kost"), QuestionKind.COST)
    care = _hit("Beboeren betaler for kost og losji. Takstene er 137 kroner per døgn.", "omsorg")
    assert not _decide(query, [care]).found  # «kost» (food) and an amount of something else
    rail = _hit("Nord-Norgebanen vil koste 100 milliarder kroner å bygge.", "bane")
    assert _decide(query, [rail, care]).found


def test_a_school_level_is_not_a_count() -> None:
    from assistant.evidence import has_number

    assert not has_number("Søkjaren har rett til eit anna opplæringstilbod på vidaregåande trinn 3.")
    assert not has_number("Elevene på 10. trinn skal ha tilbod om valfag.")
    assert not has_number("Opplegget gjelder 5.–7. klasse.")
    assert has_number("Skolen har 3 trinn.")  # a count of levels


def test_a_participle_of_a_light_verb_is_no_content_word() -> None:
    from assistant.norwegian import QUERY_FILLER

    assert {"få", "får", "fikk", "fått"} <= QUERY_FILLER
