"""How well one unit of a passage answers the question: its own coverage of the question's terms, or (a little
less) with its lead line / table header and section heading; a unit holding the number, amount or date asked for
scores higher; bonuses for the unit a question's shape asks for — the list its lead line names, the sentence that
defines («Med X menes …»), gives a reason («fordi …»), says what someone thinks («Sametinget mener …») or opens with
the subject of a «Hva skal X gjøre» question; very long units lower.
"""

from __future__ import annotations

import re

from assistant.coverage import covered_terms, share
from assistant.quantities import asks_frequency, has_frequency, has_quantity
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.termstats import TermStats
from assistant.unitcontext import context_of, window_terms
from assistant.units import Unit, UnitKind

__all__ = ["DEFINES_BACK", "GIVES_REASON", "REASON_NEXT", "defines", "opens_with_subject", "score_unit"]

LIST_NAMED = 0.15  # bonus of a list whose nearest heading names what a list question asks for
LIST_NAMED_BY_LEAD = 0.25  # … and whose own lead line names it (a heading is shared by every list under it; dev: q010)
WHY_BONUS = 0.1  # of a unit that gives a reason, for a «hvorfor» question
DEFINES_BONUS = 0.5  # of a unit that defines what a «hva menes med / hva betyr» question asks about
# The verbs a definition is made with: «Med X menes …», «X betyr / innebærer / vil si …», «X defineres som …».
_DEFINES = re.compile(r"\b(?:menes|meint|meines|betyr|tyder|innebærer|inneber|innebar|defineres|definerast|definert|"
                      r"forstås|forstår vi|vil si|handler om|handlar om)\b", re.I)


def score_unit(query: Query, units: list[Unit], i: int, heading: str, st: TermStats, nearest: str = "") -> float:
    """How well a unit answers: its own coverage of the question, or (a little less) with its lead
    line / table header and section heading; a unit holding the number, amount or date asked for
    scores higher; very long units lower."""
    u = units[i]
    # the context's coverage is the union of its parts' (each cached: a lead line or heading is shared by many units)
    mine = covered_terms(query.terms, u.text)
    own = share(query.terms, mine, st)
    # read together, so a compound's parts may come from different lines («folkehelse» in the title, «målet» in the lead)
    ctx = share(query.terms, mine | covered_terms(query.terms, f"{context_of(units, i)}\n{heading}"), st)
    s = max(own, 0.85 * ctx)
    if query.kind in QUANTITY_KINDS and has_quantity(query.kind, u.text, query.text, query.counted):
        # a number is about what the sentences around it say («… rett til spesialundervisning … Tallene for
        # vår kommune er høye … 20% for ÅUS, 12 % Rena skole»)
        s = max(s, 0.85 * share(query.terms, window_terms(query.terms, units, i), st)) + 0.15
    if asks_frequency(query.text) and has_frequency(u.text):
        s += 0.15  # «Hvor ofte rulleres planen?»: the unit saying how often («… rulleres årlig»), as a number for a count
    if query.kind == QuestionKind.LIST and u.kind in (UnitKind.LEAD, UnitKind.ITEM):
        # «Hvilke strategier …», «Hva er målene …»: a list whose lead line or nearest heading names what is
        # asked for (the question's first term) is the list asked for — its own lead line most of all
        lead = context_of(units, i) if u.kind == UnitKind.ITEM else u.text
        if covered_terms(query.terms[:1], lead):
            s += LIST_NAMED_BY_LEAD
        elif covered_terms(query.terms[:1], nearest):
            s += LIST_NAMED
        else:
            s += 0.05
    if query.kind == QuestionKind.DEFINITION and (defines(query.terms[:1], u.text) or (
            i > 0 and DEFINES_BACK.match(u.text) and covered_terms(query.terms[:1], units[i - 1].text))):
        s += DEFINES_BONUS  # «Med samarbeid menes …», «Nullvekstmålet innebærer at …» (dev r168, r086)
    if _ASKS_OPINION.search(query.text) and _GIVES_OPINION.search(u.text):
        s += WHY_BONUS  # «Hva mener Sametinget om …»: «Sametinget vurderer / mener / ser det som …» (dev r260)
    if opens_with_subject(query.text, u.text):
        s += WHY_BONUS  # «Hva skal administrasjonen gjøre …»: «Rollefordeling: Administrasjonen utreder …» (dev q710)
    if query.kind == QuestionKind.WHY and GIVES_REASON.search(u.text):
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

