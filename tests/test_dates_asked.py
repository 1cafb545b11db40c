"""What answers a «når» question: the times Norwegian writes (issue 13, eleventh round) — on small texts written here.

A year before 1900 after «i / fra / rundt / siden …» («i 1845», «fra rundt 1860»), a century or decade («på
1200-tallet», «1990-årene»), «6500 f.Kr.», a weekday («fredag», nynorsk «laurdag»), a time of day («klokken 09.00», «ved
09.30-tiden», «på kvelden»), a season or holiday («sommerstid», «i romjulen»), «i går», «i fjor». Not a count that looks
like a year («1500 innbyggere»), not «i dag», and not the year the question itself names.
"""

from __future__ import annotations

from assistant.quantities import has_quantity
from assistant.query import QuestionKind

WHEN = QuestionKind.WHEN


def test_the_times_norwegian_writes_answer_when() -> None:
    question = "Når kom eventyrsamlingen ut?"
    for said in ("Samlingen kom ut første gang i 1845.", "Avløp kom på plass fra rundt 1860.",
                 "Mytene ble skrevet ned på 1200-tallet.", "Fra omkring 6500 f.Kr. var landet en øy.",
                 "Styret hadde møte mandag.", "De første løp ved 09.30-tiden.", "Det kan bli frisk bris på kvelden.",
                 "Sommerstid spiser den gress.", "Hun fikk rier i romjulen.", "Lederne møter klokken 09.00."):
        assert has_quantity(WHEN, said, question), said
    # nynorsk
    for said in ("Skulen vart bygd på 1800-talet.", "Møtet er laurdag.", "Dei kom heim klokka 10.",
                 "Boka kom ut i 1853.", "Planen skal vedtakast hausten."):
        assert has_quantity(WHEN, said, "Når kom boka ut?"), said


def test_a_count_or_the_present_does_not_answer_when() -> None:
    question = "Når ble skolen bygget?"
    assert not has_quantity(WHEN, "Kommunen har 1500 innbyggere.", question)  # a count, not a year
    assert not has_quantity(WHEN, "Kommunen skal etablere mellom 1000 og 1500 boliger.", question)
    assert not has_quantity(WHEN, "Skolen har rundt 1200 elever.", question)
    assert not has_quantity(WHEN, "I dag har skolen 23 studenter.", question)  # the present a plan describes
    assert not has_quantity(WHEN, "Kommunen har 1200 innbyggjarar i dag.", "Når vart skulen bygd?")  # nynorsk
    # the year the question names is not its answer
    assert not has_quantity(WHEN, "Samlingen ble trykt i 1845.", "Når ble samlingen oversatt etter 1845?")


def _hit(text: str):
    from assistant.models import Chunk, DocumentMeta, Hit

    meta = DocumentMeta("doc", "doc.txt", "Artikkel", municipality="", has_pages=False)
    return Hit(Chunk("doc::1", "doc", 1, text, ()), meta, 1.0, 1)


def _found(question: str, terms: tuple[str, ...], text: str) -> bool:
    from collections import Counter

    from assistant.compose import compose
    from assistant.evidence import decide
    from assistant.language import Language
    from assistant.query import Query
    from assistant.termstats import TermStats

    st = TermStats(0, Counter(), 100)  # every term equally rare
    query = Query(question, Language.NB, terms, (), (), (), (), WHEN)
    hits = [_hit(text)]
    comp = compose(query, hits, st)
    return decide(query, hits, comp.piece_texts(quantity=query), st, 0.4).found


def test_a_when_question_is_answered_by_a_century_and_declined_without_a_time() -> None:
    question = "Når ble patronatssystemet opprettet?"
    terms = ("patronatssystem", "opprett")
    assert _found(question, terms, "Patronatssystemet ble opprettet på 1500-tallet av kongen.")
    assert not _found(question, terms, "Patronatssystemet ble opprettet av kongen for å styre kirken.")
    question = "Når vart patronatssystemet oppretta?"  # nynorsk
    terms = ("patronatssystem", "oppretta")
    assert _found(question, terms, "Patronatssystemet vart oppretta på 1500-talet av kongen.")
    assert not _found(question, terms, "Patronatssystemet vart oppretta av kongen for å styre kyrkja.")
