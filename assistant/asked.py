"""What a count, amount or date question asks its number to be said of — conventions of Norwegian questions.

- the place or body it names: a place after «i / på / for» («i Sør-Trøndelag»), and in a Norwegian question every
  name it gives («Hvor mye betaler Sverige til Sámi Giellagáldu …?») — ``place_terms``;
- the years it asks about («… i 1990?», «skoleåret 2010/11») — ``asked_years``, checked with ``years_covered``;
- the founding a «når …» question dates («Når ble X opprettet?») — ``asked_event``, checked with ``says_event``.

The composer (assistant/compose.py) judges each quoted number against them.
"""

from __future__ import annotations

import re

from assistant.coverage import covered_terms
from assistant.query import Query, QuestionKind

__all__ = ["FOUNDING", "asked_event", "asked_years", "place_terms", "says_event", "years_covered"]

_PLACE = re.compile(r"\b(?:i|på|for|in)\s+([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)*)")



def place_terms(query: Query) -> tuple[str, ...]:
    """The terms of a count or amount question that name a place after «i / på / for» («i Sør-Trøndelag»; the
    collection's municipalities are not terms) or, in a Norwegian question, any name it gives («Sverige», «Grong»):
    the number must be said of that place or body."""
    from assistant.norwegian import _stem, words

    if query.kind not in (QuestionKind.NUMBER, QuestionKind.COST):
        return ()
    names = {_stem(w) for m in _PLACE.finditer(query.text) for w in words(m.group(1))}
    if not query.english:
        # … and every name the question gives (a capitalised word after the first: «Hvor mye betaler Sverige til Sámi
        # Giellagáldu …?»): an amount said of another body does not answer (dev r368)
        names |= {_stem(w.lower()) for w in _NAME_WORDS.findall(query.text.split(maxsplit=1)[-1])}
    return tuple(t for t in query.terms if t in names)


# (Sami names may start with «Á», «Č», «Š» …: «Árran», «Čálliid»)
_NAME_WORDS = re.compile(r"(?<![.!?]\s)\b[A-ZÆØÅÁČĐŊŠŦŽ][a-zæøåáčđŋšŧž]+(?:-[A-ZÆØÅÁČĐŊŠŦŽ][a-zæøåáčđŋšŧž]+)?")


_ASKED_YEAR = re.compile(r"\b(?:i|in|for|per|pr\.?|ved utgangen av|by|(?:skole|skule|barnehage|budsjett|kalender)?året|"
                         r"school year)\s+((?:19|20)\d{2})(?:/(?:(?:19|20)?\d{2}))?\b", re.I)
# a year, a period («2019–2022», «2021-24») or a school year («2005/06», «2015/2016»: the year it starts and the next)
_YEAR_OR_SPAN = re.compile(r"\b((?:19|20)\d{2})(?:\s*[–-]\s*((?:19|20)?\d{2})|/((?:19|20)?\d{2}))?\b")


def asked_years(query: Query) -> tuple[int, ...]:
    """The years a count or amount question asks about («… i 1990?», "in 2010"): the number must be said of them."""
    if query.kind not in (QuestionKind.NUMBER, QuestionKind.COST):
        return ()
    return tuple(int(m.group(1)) for m in _ASKED_YEAR.finditer(query.text))


# «Når ble X opprettet?», «Når skal Y evalueres?», «Når åpnet Z?»: the event a date question asks about is the verb
# that ends the question (or its first clause: «Når ble X etablert, og hvor er den?»), or the verb right after «når».
_EVENT_LAST = re.compile(r"^\W*(?:når|kva tid|hvilket år|kva år)\b.*?\b(?:ble|blei|vart|blir|skal|skulle|er|var|vil)\b.*?"
                         r"\s([a-zæøå]+(?:et|t|es|ast|ert|a))\s*[,?]", re.I)
_EVENT_FIRST = re.compile(r"^\W*(?:når|kva tid)\s+([a-zæøå]+(?:et|te|de|a))\s", re.I)
#: Verbs of coming into being: a date said with any of them dates a founding («opprettet» ~ «etablert» ~ «grunnlagt»).
FOUNDING = frozenset({"opprett", "etabler", "grunnlagt", "grunnlegg", "start", "åpn", "stift", "oppret"})


# «Når skal X evalueres / revideres / rulleres?»: a planned event — a plan dates what it will do with the doing
# («… skal evalueres i 2025», «evaluering høsten 2024»); the year the project started does not date its evaluation.
_PLANNED = re.compile(r"^\W*(?:når|kva tid)\s+(?:skal|skulle|vil|blir|vert)\b", re.I)


def asked_event(query: Query) -> str:
    """The stem of the event a «når …» question dates (one of its terms), else "": a founding («opprettet»,
    «grunnlagt» …), or a planned event in the passive («Når skal X evalueres?»)."""
    from assistant.norwegian import _stem

    if query.kind != QuestionKind.WHEN:
        return ""
    m = _EVENT_LAST.search(query.text) or _EVENT_FIRST.search(query.text)
    stem = _stem(m.group(1).lower()) if m else ""
    # a founding only: other events are dated without their verb as often as with it («fra 27. juli til 12. august»,
    # «Adam Weishaupt (1748–1830)», «bygd i 1908» for «bygget»; NorQuAD: the rule for every event declined 9 of its
    # answerable «når» questions, 5 of them answered right before)
    if stem in query.terms and (stem in FOUNDING or (_PLANNED.search(query.text) and m is not None
                                                     and m.group(1).lower().endswith(("es", "ast")))):
        return stem
    return ""


def says_event(event: str, text: str) -> bool:
    """The text says the event: its word, or — for a founding — any word of coming into being."""
    from assistant.norwegian import _stem, words

    if covered_terms((event,), text):
        return True
    return event in FOUNDING and any(_stem(w.lower()) in FOUNDING for w in words(text))


def years_covered(years: tuple[int, ...], text: str) -> bool:
    """Every year is named in the text, or lies inside a period it names («2019–2022», «2021-24»)."""
    spans = []
    for m in _YEAR_OR_SPAN.finditer(text):
        start = int(m.group(1))
        end = m.group(2) or m.group(3)
        stop = start if not end else (int(end) if len(end) == 4 else start // 100 * 100 + int(end))
        spans.append((start, max(start, stop)))
    return all(any(a <= y <= b for a, b in spans) for y in years)
