"""Answer composition from structure: the unit that answers, whole.

A passage is read as units (assistant/units.py: sentences, lead lines, list items and table rows
with their offsets, so a quote's page can be computed). The best-scoring unit becomes the
anchor of a *piece*, grown by the conventions of the document's layout: a lead line brings its
list, a list item brings its lead line (and, for «hvilke …» questions, its siblings), a table row
brings the table's header row, a sentence without the number the question asks for brings the
neighbour that has it. Pieces are added best first while the answer stays within about
``BUDGET`` words, from at most two documents unless the question compares; every line carries
its citation marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.citations import make_citation
from assistant.evidence import covered_terms, has_quantity, share
from assistant.language import Language
from assistant.models import Citation, Hit
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.termstats import TermStats
from assistant.units import Unit, UnitKind, is_reference_entry, is_reference_list, may_answer, split_units

if TYPE_CHECKING:
    from assistant.meaning import Meaning

__all__ = ["BUDGET", "EN_FRAME", "Composition", "Piece", "Unit", "UnitKind", "best_pieces", "compose", "defines",
           "is_reference_entry", "refers_back", "render", "split_units", "years_covered"]

BUDGET = 120  # words in an answer (a single unit longer than this is still quoted whole)
CUTOFF = 0.5  # a further piece must score at least this share of the best one (chosen on the dev split)
MAX_PIECES = 4
PIECE_SHARE = 0.6
LIST_NAMED = 0.15  # bonus of a list whose nearest heading names what a list question asks for
LIST_NAMED_BY_LEAD = 0.25  # … and whose own lead line names it (a heading is shared by every list under it; dev: q010)
NUMBER_WINDOW = 2  # units either side of a number that count as its context (as measured for the evidence score before)  # of the budget one piece may take when the question does not ask for a list
EN_FRAME = "The documents say (in Norwegian):"
#: With the units' meaning (assistant/meaning.py; English questions): a unit's score is this share of its lexical
#: score plus its cosine's nearness to the best unit's (1 at the best, 0 at ``MEANING_SPAN`` below it) — chosen on dev
MEANING_LEXICAL = 0.3
MEANING_SPAN = 0.05
WHY_BONUS = 0.1  # of a unit that gives a reason, for a «hvorfor» question
DEFINES_BONUS = 0.5  # of a unit that defines what a «hva menes med / hva betyr» question asks about
# The verbs a definition is made with: «Med X menes …», «X betyr / innebærer / vil si …», «X defineres som …».
_DEFINES = re.compile(r"\b(?:menes|meint|meines|betyr|tyder|innebærer|inneber|innebar|defineres|definerast|definert|"
                      r"forstås|forstår vi|vil si|handler om|handlar om)\b", re.I)


# A sentence announcing what follows («Etterfølgende vil vi beskrive …», «Nedenfor følger …», «I dette kapitlet
# presenteres …», «… er som følger.»): what it announces is the next unit — with its list when that is a lead line.
_ANNOUNCES = re.compile(r"^(?:etterfølgende|nedenfor|nedanfor|i det følgende|i det fylgjande|i (?:dette|neste|det neste) "
                        r"(?:kapitlet|kapittelet|kapittel|avsnittet|avsnitt|delen))\b.*\b(?:beskriv|presenter|gjør|gjer|"
                        r"omtal|vis|følg|fylgj|gjengi|redegj)\w*|\b(?:som følger|som fylgjer|følgende|fylgjande)\s*[.:]?$",
                        re.I)


# --- pieces -----------------------------------------------------------------------------------
@dataclass
class Piece:
    hit: Hit
    units: list[Unit]  # in document order
    score: float
    more: int = 0  # list items left out for the budget

    def words(self) -> int:
        return sum(len(u.text.split()) for u in self.units)


@dataclass
class Composition:
    text: str
    citations: list[Citation]
    context: str  # what the user reads plus headings and titles
    pieces: list[Piece] = field(default_factory=list)

    def piece_texts(self, whole_passage: bool = False, quantity: Query | None = None) -> list[tuple[str, str, bool]]:
        """(context, quoted, national) per piece: the quoted units with their lead line / header,
        section path, document title and short name (``whole_passage``: the passage instead of the
        quoted units); the quoted units alone; whether the document is national (no municipality).
        The evidence is judged on them. ``quantity``: a question asking for a number, amount or date
        — then each quoted unit that holds one is judged with two units either side, its lead line /
        header and section (not the document title): the number must stand where the question's words do."""
        out = []
        for p in self.pieces:
            units = split_units(p.hit.chunk.text)
            leads = {_context_of(units, i) for i, u in enumerate(units) if u in p.units}
            quoted = "\n".join(u.text for u in p.units)
            national = not p.hit.meta.municipality
            if quantity is not None:
                holding = [(i, u) for i, u in enumerate(units)
                           if u in p.units and has_quantity(quantity.kind, u.text, quantity.text, quantity.counted)]
                places = _place_terms(quantity)
                years = asked_years(quantity)
                counting = 0  # holding units said of the place the question names
                for i, u in holding:  # with two units either side: «… til «miljøterapeut». Kr. 100.000 pr. stilling»
                    near = [units[j].text for j in range(i - NUMBER_WINDOW, i + NUMBER_WINDOW + 1)
                            if 0 <= j < len(units) and j != i]
                    # the subject an earlier sentence names carries to the number's sentence when it refers back to it
                    carried = " ".join(carried_terms(quantity.terms, tuple(units), i, places))
                    own = " ".join([u.text, _context_of(units, i), *p.hit.chunk.section, p.hit.meta.title, carried])
                    # «… i Sør-Trøndelag i 2007?»: a count for another place («41 … i Norge»; dev r148) does not answer
                    # (counts and amounts only: a date is the passage's event's wherever it stands — NorQuAD «Når ble
                    # Jugendkvarteret i Trondheim bygget?»)
                    if places and covered_terms(places, own) != frozenset(places):
                        continue
                    # «… per eldre i 1990?»: a count for another year («I 2000 var det 4,7 …»; dev r184) does not
                    # answer — the year must stand in the number's unit, lead line / header, section or title
                    # … the document title's years (also as the top of the section path) are its period or publication,
                    # not the year a number is said of:
                    # «I 2017 og 2018 har … fått 700 000 kroner» in «Meld. St. 31 (2018–2019)» does not answer «i 2019»
                    # (dev r360)
                    if years and not years_covered(years, " ".join([u.text, _context_of(units, i), *(
                            s for s in p.hit.chunk.section if s != p.hit.meta.title)])):
                        continue
                    # «Når ble X grunnlagt?»: the date must be said with that event (its word, or for a founding any
                    # founding word) — the year X bought a simulator does not answer it (dev r340, r370)
                    event = asked_event(quantity)
                    if event and not says_event(event, f"{u.text} {_context_of(units, i)}"):
                        continue
                    counting += 1
                    # … but only a number said of something the question names, or one that continues the sentences
                    # before it: when the unit with its lead line / header and section names none of the question's
                    # words and neither it nor the unit before it refers back («Tallene …», «Stillingen …», «20 % …»),
                    # the sentences around it do not lend it theirs («… innenfor uføretrygd.» then «Ungt utenforskap …
                    # 7,4 %»; dev r106). Counts and amounts only: a date or a name belongs to the event or role the
                    # passage tells of, wherever it stands (NorQuAD «Når angrep …?»)
                    if quantity.kind in (QuestionKind.NUMBER, QuestionKind.COST) and not (
                            covered_terms(quantity.terms, " ".join([u.text, _context_of(units, i), *p.hit.chunk.section,
                                                                    carried]))
                            or refers_back(u.text) or (i > 0 and refers_back(units[i - 1].text))):
                        near = []
                    out.append((" ".join([u.text, *near, _context_of(units, i), *p.hit.chunk.section, carried]), u.text,
                                national))
                if counting:
                    continue
            ctx = " ".join([p.hit.chunk.text if whole_passage else quoted, *leads, *p.hit.chunk.section, p.hit.meta.title,
                            p.hit.meta.short_name])
            # a piece whose numbers are all said of another place holds no answer
            out.append((ctx, "" if quantity is not None and holding else quoted, national))
        return out

    @property
    def quoted(self) -> str:
        """The quoted units only, one per line (no markers, headings or titles)."""
        return "\n".join(u.text for p in self.pieces for u in p.units)


# A sentence that opens with a pronoun, a demonstrative, a noun in the definite form or a figure continues the topic of
# the sentences before it: «Tallene for kommunen er høye.», «Stillingen er besatt av …», «Dette gjelder …», «20 % ved …».
_REFERS_BACK = re.compile(r"^\W*(?:\d|(?:det|dette|disse|denne|den|de|dei|han|hun|ho|her|der|slik|da|tala|tallene)\b|"
                          r"[a-zæøå]{3,}(?:en|et|ene|a|ane)\b)", re.I)


#: Units before a number's unit whose subject it may continue (see ``carried_terms``).
CARRY_BACK = 3


@lru_cache(maxsize=4096)
def carried_terms(terms: tuple[str, ...], units: tuple[Unit, ...], i: int, places: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Question terms an earlier sentence of the passage names (up to ``CARRY_BACK`` units before, not across a
    heading) that unit ``i`` continues. A compound named before by its last part («… læremiddelportalen.» …
    «… 4000 ulike læremidler i portalen»); and a place or name the question gives (``places``) when the unit repeats a
    word of the sentence naming it («… etterforskning av overgrepssakene i Tysfjord.» … «… har tildelt 9,9 millioner
    kroner til oppfølging av overgrepssakene») and itself says every other word of the question — the earlier sentence
    lends its place, not what the number is said of («Hvor mye kostet etterforskningen …» is not answered by the
    amount for the follow-up). Prose gives a number no lead line: the place it is said of stands sentences before."""
    from assistant.norwegian import unit_terms

    own = covered_terms(terms, units[i].text)
    heads = [w for w in unit_terms(units[i].text) if len(w) >= 5]
    before = []
    for j in range(i - 1, max(-1, i - 1 - CARRY_BACK), -1):
        if units[j].kind == UnitKind.HEADING:
            break
        before.append(covered_terms(terms, units[j].text))
    named = {t for earlier in before for t in earlier - own if any(t != w and t.endswith(w) for w in heads)}
    out = set(named)
    if not set(terms) - set(places) - own - named:
        out |= {t for earlier in before if any(len(t) >= 5 for t in own & earlier) for t in earlier & set(places)} - own
    return tuple(sorted(out))


def refers_back(text: str) -> bool:
    """The unit continues the topic of the units before it (see ``_REFERS_BACK``)."""
    return bool(_REFERS_BACK.match(text))


_PLACE = re.compile(r"\b(?:i|på|for|in)\s+([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)*)")


def _place_terms(query: Query) -> tuple[str, ...]:
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


def asked_event(query: Query) -> str:
    """The stem of the founding a «når …» question dates (one of its terms: «opprettet», «grunnlagt» …), else ""."""
    from assistant.norwegian import _stem

    if query.kind != QuestionKind.WHEN:
        return ""
    m = _EVENT_LAST.search(query.text) or _EVENT_FIRST.search(query.text)
    stem = _stem(m.group(1).lower()) if m else ""
    # a founding only: other events are dated without their verb as often as with it («fra 27. juli til 12. august»,
    # «Adam Weishaupt (1748–1830)», «bygd i 1908» for «bygget»; NorQuAD: the rule for every event declined 9 of its
    # answerable «når» questions, 5 of them answered right before)
    return stem if stem in query.terms and stem in FOUNDING else ""


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


def _context_of(units: list[Unit], i: int) -> str:
    """The lead line of an item's list / the header row of a table row."""
    return _contexts(tuple(units))[i]


@lru_cache(maxsize=4096)
def _contexts(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """``_context_of`` for every unit of a passage, in one pass."""
    first: dict[int, Unit] = {}
    out = []
    for i, u in enumerate(units):
        ctx = ""
        if u.kind in (UnitKind.ITEM, UnitKind.ROW, UnitKind.SENTENCE) and u.block >= 0:
            head = first.get(u.block)
            if head is not None and head.kind in (UnitKind.LEAD, UnitKind.ROW):
                ctx = head.text
            elif i > 0 and units[i - 1].kind in (UnitKind.SENTENCE, UnitKind.LEAD):
                ctx = units[i - 1].text
        if u.block >= 0:
            first.setdefault(u.block, u)
        out.append(ctx)
    return tuple(out)


def _score(query: Query, units: list[Unit], i: int, heading: str, st: TermStats, nearest: str = "") -> float:
    """How well a unit answers: its own coverage of the question, or (a little less) with its lead
    line / table header and section heading; a unit holding the number, amount or date asked for
    scores higher; very long units lower."""
    u = units[i]
    # the context's coverage is the union of its parts' (each cached: a lead line or heading is shared by many units)
    mine = covered_terms(query.terms, u.text)
    own = share(query.terms, mine, st)
    # read together, so a compound's parts may come from different lines («folkehelse» in the title, «målet» in the lead)
    ctx = share(query.terms, mine | covered_terms(query.terms, f"{_context_of(units, i)}\n{heading}"), st)
    s = max(own, 0.85 * ctx)
    if query.kind in QUANTITY_KINDS and has_quantity(query.kind, u.text, query.text, query.counted):
        # a number is about what the sentences around it say («… rett til spesialundervisning … Tallene for
        # vår kommune er høye … 20% for ÅUS, 12 % Rena skole»)
        s = max(s, 0.85 * share(query.terms, _window_terms(query.terms, units, i), st)) + 0.15
    if query.kind == QuestionKind.LIST and u.kind in (UnitKind.LEAD, UnitKind.ITEM):
        # «Hvilke strategier …», «Hva er målene …»: a list whose lead line or nearest heading names what is
        # asked for (the question's first term) is the list asked for — its own lead line most of all
        lead = _context_of(units, i) if u.kind == UnitKind.ITEM else u.text
        if covered_terms(query.terms[:1], lead):
            s += LIST_NAMED_BY_LEAD
        elif covered_terms(query.terms[:1], nearest):
            s += LIST_NAMED
        else:
            s += 0.05
    if query.kind == QuestionKind.DEFINITION and (defines(query.terms[:1], u.text) or (
            i > 0 and _DEFINES_BACK.match(u.text) and covered_terms(query.terms[:1], units[i - 1].text))):
        s += DEFINES_BONUS  # «Med samarbeid menes …», «Nullvekstmålet innebærer at …» (dev r168, r086)
    if _ASKS_OPINION.search(query.text) and _GIVES_OPINION.search(u.text):
        s += WHY_BONUS  # «Hva mener Sametinget om …»: «Sametinget vurderer / mener / ser det som …» (dev r260)
    if opens_with_subject(query.text, u.text):
        s += WHY_BONUS  # «Hva skal administrasjonen gjøre …»: «Rollefordeling: Administrasjonen utreder …» (dev q710)
    if query.kind == QuestionKind.WHY and _GIVES_REASON.search(u.text):
        s += WHY_BONUS  # «Fordi barn med nedsatt funksjonsevne kan kreve særlige tiltak, …» (dev r150)
    if len(u.text) > 400:
        s -= 0.1
    return s


# «Hva mener / synes / vurderer X om …» asks what X thinks; a sentence that says what someone thinks answers it.
_ASKS_OPINION = re.compile(r"^\W*(?:hva|kva)\s+(?:mener|meiner|synes|syns|tenker|vurderer)\b", re.I)
_GIVES_OPINION = re.compile(r"\b(?:mener|meiner|synes|syns|vurderer|ser det som|er av den oppfatning|er opptatt av|"
                            r"anbefaler|tilrår|understreker|påpeker|går inn for)\b", re.I)
# «Hva skal / gjør / vil X …» asks what X does: the sentence whose subject is X (it opens with X, after a label such as
# «Rollefordeling:») answers it, not one that names X in passing («… utgjør sammen med administrasjonen arbeidsgruppa»).
# (a verb of doing: «Hva skal ansvarsgruppa oppnå?» asks for a goal, which the goal's sentence gives — dev r164)
_ASKS_DOING = re.compile(r"^\W*(?:hva|kva)\s+(?:(?:gjør|gjer|gjorde)\s+([^\W\d_][\w-]*)|(?:skal|vil|kan|må|bør)\s+"
                         r"([^\W\d_][\w-]*)\s+(?:\w+\s+){0,2}(?:gjøre|gjere)\b)", re.I)
_NOT_SUBJECT = frozenset({"det", "den", "man", "me", "vi", "de", "dei", "du", "eg", "jeg", "en", "ein", "et", "eit",
                          "vår", "vårt", "våre", "min", "mitt"})
_LABEL = re.compile(r"^\W*(?:[^\W\d_][\w-]*\s+){0,2}[^\W\d_][\w-]*:\s*")


def opens_with_subject(question: str, text: str) -> bool:
    """The unit opens with the subject of a «Hva skal / gjør X …» question (after a label «Rollefordeling:»)."""
    from assistant.norwegian import _stem

    m = _ASKS_DOING.search(question)
    subject = (m.group(1) or m.group(2)).lower() if m else ""
    if not subject or subject in _NOT_SUBJECT:
        return False
    first = _LABEL.sub("", text, count=1).split(maxsplit=1)
    return bool(first) and _stem(first[0].strip(",.:;").lower()) == _stem(subject)


# A sentence that gives a reason («fordi», «på grunn av», «skyldes», «sammenheng mellom», "because") and one that
# gives the reason of the sentence before it («Dette skyldes …», «Årsaken er …», «Fordi …», «Derfor …» is a conclusion).
_GIVES_REASON = re.compile(r"\b(?:fordi|på grunn av|grunna|skyldes|skuldast|årsak\w*|grunnen|ettersom|sammenheng mellom|"
                           r"fører til|førte til|fører med seg|medfører|because|due to)\b", re.I)
_REASON_NEXT = re.compile(r"^\W*(?:dette|det|det)\s+(?:skyldes|skuldast|kommer av|har sammenheng)|^\W*(?:årsak\w*|grunnen|"
                          r"fordi|bakgrunnen)\b", re.I)
# «Dette betyr at …», «Det vil si …»: the sentence defines what the sentence before it names.
_DEFINES_BACK = re.compile(r"^\W*(?:(?:dette|det)\s+(?:betyr|innebærer|inneber|vil si|tyder)|det vil si|dvs)\b", re.I)


def defines(terms: tuple[str, ...], text: str) -> bool:
    """The text defines what ``terms`` name: they stand before its defining verb («Med samarbeid menes …»,
    «Nullvekstmålet innebærer at …», «Relasjonsbank betyr at …»)."""
    m = _DEFINES.search(text)
    return m is not None and bool(terms) and covered_terms(terms, text[:m.start()]) == frozenset(terms)


def _window_terms(terms: tuple[str, ...], units: list[Unit], i: int) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for j in range(max(0, i - NUMBER_WINDOW), min(len(units), i + NUMBER_WINDOW + 1)):
        out |= covered_terms(terms, units[j].text)
    return out


def _grow(query: Query, units: list[Unit], i: int, scores: list[float], best: float, whole_list: bool) -> list[int]:
    """The unit indexes of the piece anchored at unit ``i``; ``whole_list``: the list's lead line or
    heading answers the question, so every item does — otherwise the items that answer, with the
    lead line (the others are counted: «+ N punkter til i kilden»)."""
    u = units[i]
    block = [j for j, x in enumerate(units) if u.block >= 0 and x.block == u.block]
    if u.kind == UnitKind.LEAD:
        return block or [i]
    if u.kind == UnitKind.ITEM or (u.kind == UnitKind.SENTENCE and u.block >= 0):
        lead = [j for j in block if units[j].kind == UnitKind.LEAD]
        if not lead and i > 0 and units[i - 1].kind == UnitKind.SENTENCE and units[i - 1].text.endswith(":"):
            lead = [i - 1]
        members = [j for j in block if j not in lead]
        if query.kind == QuestionKind.LIST or whole_list:
            return lead + members
        return lead + [j for j in members if j == i or scores[j] >= max(0.6 * best, 0.25)]
    if u.kind == UnitKind.ROW:
        rows = [j for j in block if units[j].kind == UnitKind.ROW]
        header = [rows[0]] if rows and rows[0] != i else []
        return header + [i]
    out = [i]
    if query.kind == QuestionKind.DEFINITION and i > 0 and _DEFINES_BACK.match(u.text):
        return [i - 1, i]  # «Dette betyr at …» with the sentence that names what it defines
    if query.kind == QuestionKind.WHY and not _GIVES_REASON.search(u.text):
        # a reason stands beside what it explains: the sentence before («… det er en klar sammenheng mellom …» then
        # «Det er av stor betydning at …»; dev r190), or the one after that gives it («Dette skyldes …», «Fordi …»)
        if i + 1 < len(units) and units[i + 1].kind == UnitKind.SENTENCE and _REASON_NEXT.match(units[i + 1].text):
            return [i, i + 1]
        if i > 0 and units[i - 1].kind == UnitKind.SENTENCE and units[i - 1].block == u.block:
            return [i - 1, i]
    if _ANNOUNCES.search(u.text) and i + 1 < len(units) and units[i + 1].kind != UnitKind.HEADING:
        nxt = units[i + 1]
        following = [j for j, x in enumerate(units) if nxt.block >= 0 and x.block == nxt.block] or [i + 1]
        return sorted(set(out + following))
    if query.kind in QUANTITY_KINDS and not has_quantity(
            query.kind, u.text, query.text, query.counted):
        for j in (i + 1, i - 1):
            if 0 <= j < len(units) and units[j].kind == UnitKind.SENTENCE and has_quantity(query.kind, units[j].text,
                                                                                             query.text, query.counted):
                out.append(j)
                break
    elif query.kind in QUANTITY_KINDS and not covered_terms(query.terms, u.text):
        # the number alone says nothing: quote from the sentence before it that names what it counts
        for j in range(i - 1, max(-1, i - NUMBER_WINDOW - 1), -1):
            if units[j].kind == UnitKind.SENTENCE and covered_terms(query.terms, units[j].text):
                out.extend(range(j, i))
                break
    elif (len(u.text.split()) < 8 and i + 1 < len(units) and units[i + 1].kind == UnitKind.SENTENCE
          and not is_reference_entry(units[i + 1].text)):
        out.append(i + 1)
    return sorted(out)


def _fit(idx: list[int], anchor: int, units: list[Unit], scores: list[float], budget: int) -> tuple[list[int], int]:
    """The piece's units within ``budget`` words: its lead line, the anchor, then the best-scoring
    other units — in document order; and how many list items were left out. A list is never cut
    after its lead line: the anchor stays."""
    if sum(len(units[j].text.split()) for j in idx) <= budget:
        return idx, 0
    first = [j for j in idx if units[j].kind == UnitKind.LEAD][:1]
    order = list(dict.fromkeys(first + [anchor] + sorted((j for j in idx if j != anchor and j not in first),
                                                         key=lambda j: -scores[j])))
    kept: list[int] = []
    words = 0
    for j in order:
        n = len(units[j].text.split())
        if not kept or j == anchor or words + n <= budget:
            kept.append(j)
            words += n
    return sorted(kept), len(idx) - len(kept)


def _same_text(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def _by_meaning(lexical: float, cosine: float | None, best: float) -> float:
    """A unit's score with its meaning: a share of the lexical score plus how near its cosine is to the best one."""
    near = 0.0 if cosine is None else max(0.0, 1.0 - (best - cosine) / MEANING_SPAN)
    return MEANING_LEXICAL * lexical + near


def best_pieces(query: Query, hits: list[Hit], st: TermStats, budget: int = BUDGET, max_docs: int = 2,
                meaning: Meaning | None = None) -> list[Piece]:
    """The pieces that answer, best first, within the word budget and from at most ``max_docs`` documents.
    ``meaning``: the cosines of the top passages' units with the question (English questions) — then the units
    nearest the question in meaning are chosen, the lexical score breaking near-ties."""
    cands: list[tuple[float, int, int, list[Unit], list[float]]] = []
    top = meaning.best if meaning and meaning.cosines else None
    for hi, hit in enumerate(hits):
        units = split_units(hit.chunk.text)
        if is_reference_list(units):
            continue
        headings = {h.strip() for h in hit.chunk.section}
        heading = " ".join([*hit.chunk.section, hit.meta.title, hit.meta.short_name])
        nearest = hit.chunk.section[-1] if hit.chunk.section else ""
        scores = [_score(query, units, i, heading, st, nearest) - 0.03 * hi for i in range(len(units))]
        if meaning is not None and top is not None:
            scores = [_by_meaning(s, meaning.of(hit.chunk.id, i), top) for i, s in enumerate(scores)]
        for i, u in enumerate(units):
            if not may_answer(u, headings):
                continue
            cands.append((scores[i], hi, i, units, scores))
    cands.sort(key=lambda c: -c[0])
    if not cands:
        return []
    best = cands[0][0]
    pieces: list[Piece] = []
    used: set[tuple[int, int]] = set()
    quoted: set[str] = set()  # a text quoted once is not quoted again (the same item in two passages or copies)
    docs: list[str] = []
    words = 0
    for score, hi, i, units, scores in cands:
        if pieces and (score < max(CUTOFF * best, 0.2) or len(pieces) >= MAX_PIECES):
            break
        if (hi, i) in used or _same_text(units[i].text) in quoted:
            continue
        hit = hits[hi]
        if hit.meta.doc_id not in docs and len(docs) >= max_docs:
            continue
        lead = covered_terms(query.terms, _context_of(units, i)) | covered_terms(query.terms, " ".join(hit.chunk.section))
        ctx = share(query.terms, lead, st)
        whole = units[i].block >= 0 and ctx >= 0.6 and ctx >= share(query.terms, covered_terms(query.terms, units[i].text), st)
        idx = [j for j in _grow(query, units, i, scores, best, whole)
               if (hi, j) not in used and (j == i or _same_text(units[j].text) not in quoted)]
        if pieces and words + min(sum(len(units[j].text.split()) for j in idx), 25) > budget:
            continue
        # one piece leaves room for others unless the question asks for a list
        cap = budget if query.kind == QuestionKind.LIST else int(PIECE_SHARE * budget)
        kept, more = _fit(idx, i, units, scores, min(cap, budget - words))
        block = units[i].block
        more += sum(1 for j, x in enumerate(units) if block >= 0 and x.block == block and x.kind == UnitKind.ITEM
                    and j not in idx and (hi, j) not in used)
        piece = Piece(hit, [units[j] for j in kept], score, more)
        used |= {(hi, j) for j in idx}
        quoted |= {_same_text(u.text) for u in piece.units}
        pieces.append(piece)
        words += piece.words()
        if hit.meta.doc_id not in docs:
            docs.append(hit.meta.doc_id)
    return pieces


# --- text and citations -----------------------------------------------------------------------
def render(groups: list[tuple[str, list[Piece]]], language: Language) -> Composition:
    """Lines with [n] markers (one citation per passage, numbered in order of first use)."""
    numbers: dict[str, int] = {}
    spans: dict[str, list[Unit]] = {}
    hits: dict[str, Hit] = {}
    parts: list[str] = []
    context: list[str] = []
    english = language == Language.EN
    for heading, pieces in groups:
        lines: list[str] = [f"{heading}:"] if heading else []
        for p in pieces:
            cid = p.hit.chunk.id
            n = numbers.setdefault(cid, len(numbers) + 1)
            hits[cid] = p.hit
            spans.setdefault(cid, []).extend(p.units)
            for u in p.units:
                lines.append(f"- {u.text} [{n}]" if u.kind == UnitKind.ITEM else f"{u.text} [{n}]")
            if p.more:
                lines.append(f"(+ {p.more} more items in the source)" if english else
                             f"(+ {p.more} punkter til i kilden)")
            context.append(" ".join([*(u.text for u in p.units), *p.hit.chunk.section, p.hit.meta.title,
                                     p.hit.meta.short_name]))
        parts.append("\n".join(lines))
    body = "\n\n".join(x for x in parts if x)
    if english and body:
        body = f"{EN_FRAME}\n{body}"
    citations = []
    for cid, n in numbers.items():
        us = sorted({(u.start, u.end, u.text) for u in spans[cid]})
        quote = " ".join(t for _, _, t in us)
        citations.append(make_citation(n, hits[cid], quote, [t for _, _, t in us], language))
    return Composition(body, citations, "\n".join(context), [p for _, ps in groups for p in ps])


def compose(query: Query, hits: list[Hit], st: TermStats, groups: dict[str, list[Hit]] | None = None,
            meaning: Meaning | None = None) -> Composition:
    """The answer text and its citations; ``groups`` (municipality → its passages) for comparisons; ``meaning``
    (assistant/meaning.py) the units' cosines with the question."""
    if groups:
        per = BUDGET // max(len(groups), 1)
        return render([(muni, best_pieces(query, gh, st, budget=max(per, 40), max_docs=1))
                       for muni, gh in groups.items()], query.language)
    return render([("", best_pieces(query, hits, st, meaning=meaning))], query.language)
