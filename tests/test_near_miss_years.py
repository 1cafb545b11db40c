"""Near misses where a number is present but said of something else (issue 13, seventh round) — on small texts
written here (no shared data).

Conventions tested: a number or an amount answers only from a passage (with its section and title) that names what
the question is most specifically about — its rarest word that the retrieved passages use; a question about a school year («skoleåret 2015/16») is not answered by another school year; a sentence
does not end inside parentheses («(art. 2)»); «Hva vil X koste?» asks for an amount.
"""

from __future__ import annotations

from collections import Counter

from assistant.compose import asked_years, compose, key_term, split_units, years_covered
from assistant.evidence import decide
from assistant.language import Language
from assistant.models import Chunk, DocumentMeta, Hit
from assistant.query import Query, QuestionKind, question_kind
from assistant.termstats import TermStats

# «språkressurssent» is rare, «samisk» common: the rarest word is what the question is about
ST = TermStats(0, Counter({"samisk": 60, "årl": 20, "bevilgning": 15, "hvert": 30, "språkressurssent": 2,
                           "elev": 50, "fagkrets": 5, "grunnskoleelev": 4, "skoleår": 10}), 100)


def _hit(text: str, doc: str, rank: int = 1) -> Hit:
    meta = DocumentMeta(doc, f"{doc}.txt", f"Melding {doc}", municipality="", has_pages=False)
    return Hit(Chunk(f"{doc}::{rank}", doc, rank, text, ()), meta, 1.0, rank)


def _query(text: str, terms: tuple[str, ...], kind: QuestionKind) -> Query:
    return Query(text, Language.NB, terms, (), (), (), (), kind)


CENTRES = _hit("Utvalget foreslår at det opprettes tre samiske språkressurssentre. "
               "Språkressurssentrene skal bistå kommunene med samiskspråklige tjenester.", "nou", 1)
BUDGET = _hit("Etter forslag fra regjeringen vedtok Stortinget å øke Sametingets budsjett med 2 millioner kroner årlig. "
              "Bevilgningen går til samiske formål.", "meld", 2)
AMOUNT_Q = _query("Hvor mye skal hvert samiske språkressurssenter få i årlig bevilgning?",
                  ("hvert", "samisk", "språkressurssent", "årl", "bevilgning"), QuestionKind.COST)


def _decide(query: Query, hits: list[Hit]):
    comp = compose(query, hits, ST)
    key = key_term(query, ST, [h.chunk.text for h in hits])
    return decide(query, hits, comp.piece_texts(quantity=query, key=key), ST, 0.4)


def test_the_key_term_is_the_rarest_word_the_passages_use() -> None:
    texts = [CENTRES.chunk.text, BUDGET.chunk.text]
    assert key_term(AMOUNT_Q, ST, texts) == "språkressurssent"
    # a word no passage uses is not the key (the documents say it otherwise), nor a short modifier when a long one is used
    assert key_term(AMOUNT_Q, ST, [BUDGET.chunk.text]) == "bevilgning"
    cost = _query("Hva vil Nord-Norgebanen koste?", ("norgeban", "kost"), QuestionKind.COST)
    assert key_term(cost, ST, ["Nord-Norgebanen er av stor betydning. Kost og losji koster 137 kroner."]) == "norgeban"


def test_an_amount_said_of_something_else_does_not_answer() -> None:
    assert not _decide(AMOUNT_Q, [CENTRES, BUDGET]).found  # the amount is the Sámi Parliament's budget
    own = _hit("Hvert språkressurssenter skal få 3 millioner kroner i årlig bevilgning.", "nou", 3)
    decision = _decide(AMOUNT_Q, [CENTRES, own, BUDGET])
    assert decision.found
    # … also where the number's sentence continues the one naming it («Sentrene …» after «… språkressurssentre»)
    follows = _hit("Utvalget foreslår tre samiske språkressurssentre. Sentrene skal få 3 millioner kroner i årlig "
                   "bevilgning.", "nou", 4)
    assert _decide(AMOUNT_Q, [follows, BUDGET]).found


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
