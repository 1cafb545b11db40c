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

__all__ = ["FOUNDING", "asked_event", "asked_recipient", "asked_years", "names_recipient", "other_place", "place_terms",
           "says_event", "year_carried", "years_covered"]

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


def other_place(places: tuple[str, ...], text: str) -> bool:
    """The text says where its number is counted, and not at the asked place: a place after «i / på / for»
    («16.200 fagskolestudenter i Norge») none of the question's place terms names."""
    from assistant.norwegian import _stem, words

    named = {_stem(w.lower()) for m in _PLACE.finditer(text) for w in words(m.group(1))}
    return bool(named) and not named & set(places)


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


def year_carried(texts: tuple[str, ...], lines: tuple[int, ...], i: int, counted: str) -> str:
    """The year a unit's count is said of when the unit names none: a paragraph counting the same thing one group after
    another gives the year once, in its nearest earlier sentence that names one («Ifølge Utdanningsdirektoratet får 833
    elever … skoleåret 2018/2019. 892 elever har nordsamisk … 26 elever har sørsamisk som førstespråk, 85 som
    andrespråk.»). Both sentences must count what the question counts (``counted``, a stem: «26 elever»), so a share said
    of something else further on («… 75 prosent bor alene») does not take the year of the count before it. "" when
    the unit names a year itself, nothing is counted, or no earlier sentence of its paragraph (line) does."""
    from assistant.quantities import counts_noun

    if not counted or _YEAR_OR_SPAN.search(texts[i]) or not counts_noun(texts[i], counted):
        return ""
    for j in range(i - 1, -1, -1):
        if lines[j] != lines[i]:
            break
        if _YEAR_OR_SPAN.search(texts[j]):
            return texts[j] if counts_noun(texts[j], counted) else ""
    return ""


# «Hvor mye fikk Nord universitet til rekruttering?», «Hvor mye har Samisk høgskole fått …», «Kor mykje fekk Árran …»:
# the body a «hvor mye … fikk / får / mottok» question names after its verb is the recipient — its name, a capitalised
# word and the words of the name after it («Norske reindriftssamers landsforbund», «Universitetet i Tromsø»)
_RECEIVES = re.compile(r"^\W*(?i:(?:hvor|kor)\s+(?:mye|mykje|mange\s+(?:penger|pengar|kroner))(?:\s+(?:penger|pengar|støtte|"
                       r"stønad|midler|middel|tilskudd|tilskot))?\s+(?:fikk|får|mottok|mottar|fekk|mottek|har|hadde))\s+"
                       r"([A-ZÆØÅÁČĐŊŠŦŽ][\w-]*(?:\s+(?:i\s+[A-ZÆØÅ][\w-]*|(?!(?:fått|få|i|til|for|fra|frå|av|over|på|per|"
                       r"hvert|kvart|årlig|årleg|totalt|samlet|disponere|gjennom|med|som|ved|under|etter|ifølge|"
                       r"hver|kvar|når|da|no|nå|i dag)\b)[\w-]+)){0,2})")


_RECEIVES_NOUN = re.compile(r"^\W*(?:hvor|kor)\s+(?:mye|mykje)(?:\s+(?:penger|pengar|støtte|midler|tilskudd|tilskot))?\s+"
                            r"(?:(?:fikk|får|mottok|mottar|fekk)\s+(?:(?:hver|hvert|kvar|kvart|den|det|de|dei|ein|ei|eit|"
                            r"en|et)\s+)?(?:[a-zæøå-]+\s+){0,2}?(?P<head>[a-zæøå-]+)\s+(?:i|til|for|fra|frå|av|per|hvert|kvart|"
                            r"årlig|årleg)\b|"
                            # after a modal the recipient is the subject of «få»: «Hvor mye skal X få …?» (not «Hvor mye
                            # skal DN spare …?»)
                            r"(?:skal|skulle|vil|kan|kunne)\s+(?:(?:hver|hvert|kvar|kvart|den|det|de|dei|ein|ei|eit|en|et)\s+)?"
                            r"(?:[a-zæøå-]+\s+){0,2}?(?P<subject>[a-zæøå-]+)\s+(?:få|motta)\b)", re.I)
_PRICED = re.compile(r"^\W*(?:hvor\s+mye|kor\s+mykje|hva|kva)\s+(?:kostet|koster|kostar|kosta)\s+"
                     r"(?:(?:den|de|dei|ein|ei|eit|en|et)\s+)?(?:[a-zæøå-]+\s+){0,2}?([a-zæøå-]+)"
                     r"(?:\s+(?:ved|i|på|for|til|av|fra|frå|som)\b|\s*\?)", re.I)
_NOT_RECIPIENTS = frozenset({"det", "man", "kommunen", "kommunane", "kommunene", "penger", "pengar"})


def asked_recipient(query: Query) -> tuple[str, ...]:
    """The words naming the recipient of an amount a Norwegian question asks for («Hvor mye fikk Nord universitet til
    rekruttering?» → «nord», «universitet»), lower-cased; () when it names none, or names a municipality of the
    collection (its own documents say what it gets, under its name in the title). A recipient named by a noun, or the
    thing a «hva / hvor mye koster» question prices, by its head («… hvert samiske språkressurssenter få …?» →
    «språkressurssenter»; «Hvor mye kostet den nye simulatoren …?» → «simulatoren»)."""
    from assistant.norwegian import words

    if query.english or query.kind not in (QuestionKind.NUMBER, QuestionKind.COST):
        return ()
    m = _RECEIVES.search(query.text)
    if not m:
        # «Hvor mye skal hvert samiske språkressurssenter få …?», «Hvor mye får hver elev …?»: a recipient named by a
        # noun — its head, the last word before «få» or the preposition
        # … and «Hvor mye kostet den nye simulatoren …?»: the thing priced
        n = _RECEIVES_NOUN.search(query.text)
        priced = _PRICED.search(query.text)
        head = (n.group("head") or n.group("subject")) if n else priced.group(1) if priced else ""
        head = head.lower()
        return (head,) if len(head) >= 4 and head not in _NOT_RECIPIENTS else ()
    name = m.group(1)
    if any(name.split()[0].lower().startswith(t.lower()[:5]) for t in query.municipalities):
        return ()
    return tuple(w.lower() for w in words(name) if len(w) >= 3)


def names_recipient(recipient: tuple[str, ...], text: str) -> bool:
    """The text names the recipient: every word of its name, inflected or not («Universitetet i Tromsø»)."""
    from assistant.norwegian import _stem, words

    stems = {_stem(w.lower()) for w in words(text)}
    return all(any(s.startswith(_stem(w)) for s in stems) for w in recipient)
