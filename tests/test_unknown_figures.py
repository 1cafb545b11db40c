"""What Norwegian documents write when they do not have the figure asked for (issue 13, twelfth round) — on small texts
written here: «… er det pr i dag ingen tall på», «Tallgrunnlaget er utilstrekkelig for å vise andelen …», «… er ikke
synliggjort», «Selv om vi ikke kan slå fast hvor mange …». A «hvor mange / hvor stor / hva koster» question whose words
stand in such a unit is declined; a white paper cited by its number and session («St.meld. nr. 44 (2008–2009)») is no
date for a «når» question; «Hvor mye kostet …» asks for an amount.
"""

from __future__ import annotations

from collections import Counter

from assistant.quantities import has_quantity, says_unknown
from assistant.query import QuestionKind


def test_sentences_saying_the_figure_is_not_known() -> None:
    for said in ("Hvor mye tid voksne bruker på skjerm daglig er det pr i dag ingen tall på.",
                 "Tallgrunnlaget er utilstrekkelig for å vise andelen som har brukt cannabis.",
                 "Utgifter til ekstern oversetting er ikke synliggjort i fremstillingen.",
                 "Selv om vi ikke kan slå fast hvor mange som snakker samisk, vet vi mye.",
                 "Det finnes ingen statistikk over dette.", "Antallet er ukjent.",
                 "Kor mange som bruker tilbodet, er ikkje talfesta.", "Vi har ikkje tal for dette."):  # nynorsk last
        assert says_unknown(said), said
    for said in ("Det er 61 % som bruker skjerm mer enn 3 timer pr dag.",
                 "Ingen er pågrepet, og det er ukjent om politiet har noen mistenkte.",  # no figure said unknown
                 "Kommunen har god oversikt over tallene."):
        assert not says_unknown(said), said


def _found(question: str, terms: tuple[str, ...], kind: QuestionKind, text: str, counted: str = "") -> bool:
    """The answer-or-decline decision as ``assistant.answer`` makes it, on one passage."""
    from assistant.compose import compose
    from assistant.evidence import decide
    from assistant.language import Language
    from assistant.models import Chunk, DocumentMeta, Hit
    from assistant.query import Query
    from assistant.termstats import TermStats

    st = TermStats(0, Counter(), 100)  # every term equally rare
    query = Query(question, Language.NB, terms, (), (), (), (), kind, counted=counted)
    meta = DocumentMeta("doc", "doc.txt", "Folkehelseplan", municipality="", has_pages=False)
    hits = [Hit(Chunk("doc::1", "doc", 1, text, ()), meta, 1.0, 1)]
    comp = compose(query, hits, st)
    return decide(query, hits, comp.piece_texts(quantity=query), st, 0.4,
                  read=[u.text for p in comp.pieces for u in p.units]).found


def test_a_count_the_document_says_it_does_not_have_is_declined() -> None:
    question = "Hvor stor andel av ungdommene har brukt cannabis det siste året?"
    terms = ("andel", "ungdomm", "brukt", "cannabis", "sist", "året")
    told = ("Andelen som har drukket seg beruset siste år er 8 %. "
            "Tallgrunnlaget er utilstrekkelig for å vise andelen som oppgir at de siste året har brukt cannabis.")
    assert not _found(question, terms, QuestionKind.NUMBER, told)
    given = ("Andelen som har drukket seg beruset siste år er 8 %. "
             "Andelen ungdommer som siste året har brukt cannabis er 4 %.")
    assert _found(question, terms, QuestionKind.NUMBER, given)


def test_a_figure_beside_the_unknown_one_still_answers() -> None:
    # the unit saying something is unknown gives the figure itself: it answers
    question = "Hvor mange barn går i grunnskolen med samisk hvert år?"
    terms = ("barn", "grunnskol", "samisk", "år")
    text = ("Selv om vi ikke kan slå fast hvor mange samer som bor i landet, vet vi at det hvert år er i overkant av "
            "800 barn i grunnskolen som får all undervisning på samisk.")
    assert _found(question, terms, QuestionKind.NUMBER, text, counted="barn")


def test_a_white_paper_by_its_session_is_no_date() -> None:
    question = "Når starter fagskoletilbudet innen helse?"
    for said in ("St.mld. nr 44 (2008 – 2009) Fagskoletilbud innen helse.", "Meld. St. 13 (2011–2012) Utdanning for velferd.",
                 "Prop. 90 L (2012–2013) om endringer.", "NOU 2016: 18 Hjertespråket."):
        assert not has_quantity(QuestionKind.WHEN, said, question), said
    assert has_quantity(QuestionKind.WHEN, "Meld. St. 13 (2011–2012) ble lagt fram i 2012.", question)


def test_hvor_mye_kostet_asks_for_an_amount() -> None:
    from assistant.query import _COST_Q

    assert _COST_Q.search("Hvor mye kostet den nye simulatoren?")
    assert _COST_Q.search("What did the new simulator cost?")


def test_a_nynorsk_diphthong_is_known_as_bokmal_writes_it() -> None:
    from assistant.coverage import unknown_share
    from assistant.termstats import TermStats

    st = TermStats(0, Counter({"utbred": 3, "samisk": 5, "høstferi": 2, "tvil": 1}), 100)
    # «utbreidde» (nynorsk) is the documents' «utbredt», «haustferien» their «høstferien»: not words no document uses
    assert unknown_share(("tvil", "samisk", "utbreidd"), st) == 0.0
    assert unknown_share(("samisk", "haustferien"), st) == 0.0
    assert unknown_share(("samisk", "mobiltelefon"), st) >= 0.4  # still unknown when no spelling is known


def test_an_age_or_a_duration_does_not_count_people() -> None:
    question = "Hvor mange lærere jobber ved fagskolen?"
    for said in ("Den typiske fagskolekandidaten kan være 29 år.", "Barna var 3-4 år ved prosjektstart.",
                 "Det 5-årige prosjektet er avsluttet."):
        assert not has_quantity(QuestionKind.NUMBER, said, question, "lærer"), said
    for said in ("Skolen har 23 lærere.", "Skolen har 120 5-åringer og 14 lærere."):
        assert has_quantity(QuestionKind.NUMBER, said, question, "lærer"), said
    assert has_quantity(QuestionKind.NUMBER, "Planen gjelder i 10 år.", "Hvor mange år gjelder planen?", "år")
