"""How well one unit of a passage answers the question: a weighted sum of named features of the unit
(``UnitFeatures``), the weights learned from questions nobody on the team wrote (``assistant/unitweights.py``,
made by ``python -m eval train-units``).

The features: the unit's own coverage of the question's terms, or (a little less) with its lead line / table
header and section heading (``base``, as the hand-set scorer read it); a unit holding the number, amount or date
asked for; the shapes a question asks for — the list its lead line names, the sentence that defines («Med X menes
…»), gives a reason («fordi …»), says what someone thinks («Sametinget mener …») or opens with the subject of a
«Hva skal X gjøre» question; and general ones — the unit's kind, length and place in the passage, and how much of
the question its neighbours cover.
"""

from __future__ import annotations

import math
import re
from dataclasses import astuple, dataclass, fields
from functools import lru_cache

from assistant.coverage import covered_terms, share, suspended_terms
from assistant.norwegian import unit_terms, words
from assistant.quantities import asks_frequency, has_frequency, has_quantity
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.termstats import TermStats
from assistant.unitcontext import context_of, window_terms
from assistant.units import Unit, UnitKind
from assistant.unitweights import WEIGHTS

__all__ = ["DEFINES_BACK", "FEATURE_NAMES", "GIVES_REASON", "REASON_NEXT", "UnitFeatures", "defines",
           "names_who", "opens_with_subject", "score_unit", "suspended_terms", "unit_features"]

# The hand-set bonuses of the scorer before its weights were learned (rounds 1–10): the prior the learned weights
# are drawn towards where the training data says little (eval/train_units.py); see HAND_WEIGHTS in unitweights.py.
LIST_NAMED = 0.15  # bonus of a list whose nearest heading names what a list question asks for
LIST_NAMED_BY_LEAD = 0.25  # … and whose own lead line names it (a heading is shared by every list under it; dev: q010)
WHY_BONUS = 0.1  # of a unit that gives a reason, for a «hvorfor» question
DEFINES_BONUS = 0.5  # of a unit that defines what a «hva menes med / hva betyr» question asks about
LONG_UNIT = 400  # characters: a unit longer than this reads as a paragraph, not an answer
# The verbs a definition is made with: «Med X menes …», «X betyr / innebærer / vil si …», «X defineres som …».
_DEFINES = re.compile(r"\b(?:menes|meint|meines|betyr|tyder|innebærer|inneber|innebar|defineres|definerast|definert|"
                      r"forstås|forstår vi|vil si|handler om|handlar om)\b", re.I)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class UnitFeatures:
    """What the scorer knows about one unit for one question (every field a number; 0 when it does not apply)."""

    base: float  # max(own coverage, 0.85 × coverage with lead line / header and heading) — idf-weighted shares
    own: float  # idf-weighted share of the question's terms the unit itself covers
    context: float  # … the unit read with its lead line / header and section heading
    plain_share: float  # unweighted share of the question's terms the unit covers
    previous: float  # idf-weighted share the unit before covers (0 for the first)
    following: float  # … the unit after (0 for the last)
    quantity: float  # the question asks for a number / amount / date / name and the unit holds one
    quantity_window: float  # how much the number's neighbourhood (two units either side) adds to ``base``
    frequency: float  # «hvor ofte …» and the unit says how often
    list_by_lead: float  # a list question, and the unit's list's lead line names what is asked for
    list_by_heading: float  # … its nearest heading names it
    list_other: float  # … a list unit naming neither
    defines: float  # a «hva betyr / hva menes med» question and the unit defines the term
    opinion: float  # «hva mener X …» and the unit says what someone thinks
    subject_first: float  # «hva skal X gjøre» and the unit opens with X
    reason: float  # a «hvorfor» question and the unit gives a reason
    long: float  # the unit is longer than ``LONG_UNIT`` characters
    lead: float  # the unit is a lead line («… er at:»)
    item: float  # … a list item
    row: float  # … a table row
    words: float  # log(1 + words)
    first: float  # the passage's first unit
    position: float  # place in the passage, 0 (first) … 1 (last)
    digits: float  # the unit holds a figure (whatever the question asks)
    phrase: float  # share of the question's neighbouring term pairs that stand near each other (≤ 3 words), in order
    density: float  # share of the unit's own content terms that are question terms
    rarest: float  # the unit holds the question's rarest term (highest idf)
    who_name: float  # the question asks who («hvem / kven / who …») and the unit names someone (a capitalised word)
    when_date: float  # … asks when («når / kva tid / hvilket år / when …») and the unit gives a year or date
    how_number: float  # … asks how many / much / large / old … and the unit gives a figure or a number word
    rank: float  # the rank of the unit's passage among the retrieved ones (0 = first)
    superlative: float  # the question asks for the most / largest … («mest», «størst») and the unit says which

    def vector(self) -> tuple[float, ...]:
        return astuple(self)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(UnitFeatures))
_WEIGHTS = tuple(WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES)
_USED = frozenset(name for name in FEATURE_NAMES if WEIGHTS.get(name, 0.0))  # the features the product computes


def unit_features(query: Query, units: list[Unit], i: int, heading: str, st: TermStats,
                  nearest: str = "", rank: int = 0, only: frozenset[str] | None = None) -> UnitFeatures:
    """The features of unit ``i`` of a passage for ``query``; ``heading``: the section path, title and short name;
    ``nearest``: the nearest section heading; ``rank``: the passage's rank among the retrieved ones. ``only``: the
    features to compute beyond the hand-set scorer's (the others are 0) — those the weights use, so a feature the
    product does not weigh costs no time."""
    def want(name: str) -> bool:
        return only is None or name in only

    u = units[i]
    terms = query.terms
    # the words naming the document asked about («Hva sier folkehelseplanen om …») count through its title and
    # headings, not in the unit's own text: a sentence repeating the plan's name does not say what it says about the
    # topic (assistant/docnamed.py; the unit features below read the unit for the other terms)
    mine = covered_terms(query.unit_terms, u.text)
    own = share(terms, mine, st)
    # read together, so a compound's parts may come from different lines («folkehelse» in the title, «målet» in the lead)
    ctx = share(terms, mine | covered_terms(terms, f"{context_of(units, i)}\n{heading}"), st)
    base = max(own, 0.85 * ctx)
    quantity = query.kind in QUANTITY_KINDS and has_quantity(query.kind, u.text, query.text, query.counted)
    # a number is about what the sentences around it say («… rett til spesialundervisning … Tallene for
    # vår kommune er høye … 20% for ÅUS, 12 % Rena skole»)
    lift = max(base, 0.85 * share(terms, window_terms(terms, units, i), st)) - base if quantity else 0.0
    by_lead = by_heading = other = 0.0
    if query.kind == QuestionKind.LIST and u.kind in (UnitKind.LEAD, UnitKind.ITEM):
        # «Hvilke strategier …», «Hva er målene …»: a list whose lead line or nearest heading names what is
        # asked for (the question's first term) is the list asked for — its own lead line most of all
        lead = context_of(units, i) if u.kind == UnitKind.ITEM else u.text
        if covered_terms(terms[:1], lead):
            by_lead = 1.0
        elif covered_terms(terms[:1], nearest):
            by_heading = 1.0
        else:
            other = 1.0
    n = len(units)
    terms = query.unit_terms
    return UnitFeatures(
        base=base, own=own, context=ctx,
        plain_share=len(mine) / len(terms) if terms and want("plain_share") else 0.0,
        previous=share(terms, covered_terms(terms, units[i - 1].text), st) if i > 0 and want("previous") else 0.0,
        following=share(terms, covered_terms(terms, units[i + 1].text), st) if i + 1 < n and want("following") else 0.0,
        quantity=float(quantity), quantity_window=lift,
        # «Hvor ofte rulleres planen?»: the unit saying how often («… rulleres årlig»), as a number for a count
        frequency=float(asks_frequency(query.text) and has_frequency(u.text)),
        list_by_lead=by_lead, list_by_heading=by_heading, list_other=other,
        # «Med samarbeid menes …», «Nullvekstmålet innebærer at …» (dev r168, r086)
        defines=float(query.kind == QuestionKind.DEFINITION and (defines(terms[:1], u.text) or (
            i > 0 and bool(DEFINES_BACK.match(u.text)) and bool(covered_terms(terms[:1], units[i - 1].text))))),
        # «Hva mener Sametinget om …»: «Sametinget vurderer / mener / ser det som …» (dev r260)
        opinion=float(bool(_ASKS_OPINION.search(query.text) and _GIVES_OPINION.search(u.text))),
        # «Hva skal administrasjonen gjøre …»: «Rollefordeling: Administrasjonen utreder …» (dev q710); «Hvem
        # bestemmer …»: «Det er rektor sjølv som vedtar …» (dev r1122)
        subject_first=float(opens_with_subject(query.text, u.text) or names_who(query.text, u.text)),
        # «Fordi barn med nedsatt funksjonsevne kan kreve særlige tiltak, …» (dev r150)
        reason=float(query.kind == QuestionKind.WHY and bool(GIVES_REASON.search(u.text))),
        long=float(len(u.text) > LONG_UNIT),
        lead=float(u.kind == UnitKind.LEAD), item=float(u.kind == UnitKind.ITEM), row=float(u.kind == UnitKind.ROW),
        words=math.log1p(len(u.text.split())) if want("words") else 0.0,
        first=float(i == 0), position=i / (n - 1) if n > 1 else 0.0,
        digits=float(want("digits") and bool(_DIGIT.search(u.text))),
        phrase=phrase_share(terms, u.text) if want("phrase") else 0.0,
        density=len(mine) / max(len(unit_terms(u.text)), 1) if want("density") else 0.0,
        rarest=float(want("rarest") and bool(terms) and max(terms, key=st.idf) in mine),
        who_name=float(want("who_name") and bool(_ASKS_WHO.search(query.text) and _NAME_INSIDE.search(u.text))),
        when_date=float(want("when_date") and bool(_ASKS_WHEN.search(query.text) and _DATE.search(u.text))),
        how_number=float(want("how_number") and bool(_ASKS_HOW_MUCH.search(query.text) and (
            _DIGIT.search(u.text) or _NUMBER_WORD.search(u.text)))),
        rank=float(rank),
        # «Hvilke steder skal utvikles mest?»: «Liers viktigste utviklingsområder er …»
        superlative=float(bool(_SUPERLATIVE.search(query.text) and _SUPERLATIVE.search(u.text))),
    )


# What the question word asks for, as the language has it (not the product's question kinds, which ask more): who → a
# name, when → a year or date, how many / much / large / old → a figure.
_ASKS_WHO = re.compile(r"^\W*(?:hvem|kven|who|whom)\b", re.I)
_NAME_INSIDE = re.compile(r"(?<=[\w,;:)»] )[A-ZÆØÅ][\w-]+")
_ASKS_WHEN = re.compile(r"^\W*(?:når|kva tid|når|when)\b|\b(?:hvilket|kva|which|what) (?:år|dato|year|date)\b", re.I)
_DATE = re.compile(r"\b(?:1[5-9]|20)\d\d\b|\b\d{1,2}\.\s*(?:januar|februar|mars|april|mai|juni|juli|august|september|"
                   r"oktober|november|desember)\b|\b(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|"
                   r"november|desember|våren|høsten|sommeren|vinteren)\b", re.I)
_ASKS_HOW_MUCH = re.compile(r"\b(?:hvor|kor|how)\s+(?:mange|mye|mykje|many|much|stor[te]?|large|gammel|gamal|old|lang[te]?|"
                            r"long|høy[te]?|høg[te]?|high|tall|ofte|often|langt|far|dyr[te]?)\b|\b(?:andel|antall|talet|"
                            r"prosent|share|percentage|number of)\b", re.I)
_NUMBER_WORD = re.compile(r"\b(?:en|ett|ein|eitt|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tjue|hundre|tusen|"
                          r"million\w*|milliard\w*|halvparten|dobbelt|flertall\w*|one|two|three|four|five|six|seven|eight|"
                          r"nine|ten|hundred|thousand)\b", re.I)


# A superlative: «mest», «flest», «størst», «viktigste», «vanligste», «høyest» …
_SUPERLATIVE = re.compile(r"\b(?:mest|flest|størst[e]?|best[e]?|verst[e]?|minst[e]?|færrest[e]?|høye?st[e]?|høgst[e]?|"
                          r"lavest[e]?|eldst[e]?|yngst[e]?|[a-zæøå]+ig(?:ste|st)|[a-zæøå]+lig(?:ste|st))\b", re.I)


PHRASE_GAP = 3  # words between two question terms that still read as one phrase


@lru_cache(maxsize=16384)
def _stems(text: str) -> tuple[str, ...]:
    from assistant.norwegian import _stem

    return tuple(_stem(w) for w in words(text))


def _at(term: str, stems: tuple[str, ...]) -> list[int]:
    """Where a question term stands in a unit: the same stem, or one inside the other (a compound's part)."""
    return [j for j, s in enumerate(stems) if s == term or (len(term) >= 4 and term in s) or (len(s) >= 4 and s in term)]


def phrase_share(terms: tuple[str, ...], text: str) -> float:
    """Share of the question's neighbouring term pairs (in the question's order) that the text has within
    ``PHRASE_GAP`` words of each other, in the same order («… elever i grunnskolen» for «elever … grunnskolen»)."""
    if len(terms) < 2:
        return 0.0
    stems = _stems(text)
    near = 0
    for a, b in zip(terms, terms[1:], strict=False):
        pa, pb = _at(a, stems), _at(b, stems)
        near += any(0 < y - x <= PHRASE_GAP for x in pa for y in pb)
    return near / (len(terms) - 1)


def score_unit(query: Query, units: list[Unit], i: int, heading: str, st: TermStats, nearest: str = "",
               rank: int = 0) -> float:
    """How well a unit answers: the learned weights (assistant/unitweights.py) over its features; ``rank``: its
    passage's rank among the retrieved ones."""
    x = unit_features(query, units, i, heading, st, nearest, rank, _USED).vector()
    return sum(w * v for w, v in zip(_WEIGHTS, x, strict=True))


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


# «Hvem / Kven …?» is answered by the sentence that puts the one who does it in focus: «Det er rektor sjølv som vedtar
# bortvising», «Det var kommunestyret som vedtok planen» — Norwegian's cleft (not a pronoun or «ikke» in the focus).
_CLEFT = re.compile(r"^\W*det\s+(?:er|var|blir|vart|ble)\s+(?!(?:ikke|ikkje|derfor|viktig|nødvendig|behov|mange|flere|"
                    r"fleire|få|lite|mye|mykje|også|dette|det|de|dei|vi|du|han|hun|ho)\b)[\w.-]+(?:\s+[\w.-]+){0,3}\s+som\b",
                    re.I)


def names_who(question: str, text: str) -> bool:
    """A «hvem / kven» question, and the unit puts who does it in focus («Det er rektor sjølv som vedtar …»)."""
    return bool(_ASKS_WHO.search(question) and _CLEFT.search(text))


# A sentence that gives a reason («fordi», «på grunn av», «skyldes», «sammenheng mellom», "because") and one that
# gives the reason of the sentence before it («Dette skyldes …», «Årsaken er …», «Fordi …», «Derfor …» is a conclusion).
GIVES_REASON = re.compile(r"\b(?:fordi|på grunn av|grunna|skyldes|skuldast|årsak\w*|grunnen|ettersom|sammenheng mellom|"
                           r"fører til|førte til|fører med seg|medfører|because|due to)\b", re.I)
REASON_NEXT = re.compile(r"^\W*(?:dette|det|det)\s+(?:skyldes|skuldast|kommer av|har sammenheng)|^\W*(?:årsak\w*|grunnen|"
                          r"fordi|bakgrunnen)\b", re.I)
# «Dette betyr at …», «Det vil si …»: the sentence defines what the sentence before it names.
DEFINES_BACK = re.compile(r"^\W*(?:(?:dette|det)\s+(?:betyr|innebærer|inneber|vil si|tyder)|det vil si|dvs)\b", re.I)


def defines(terms: tuple[str, ...], text: str) -> bool:
    """The text defines what ``terms`` name: they stand before its defining verb («Med samarbeid menes …»,
    «Nullvekstmålet innebærer at …», «Relasjonsbank betyr at …»)."""
    m = _DEFINES.search(text)
    return m is not None and bool(terms) and covered_terms(terms, text[:m.start()]) == frozenset(terms)

