"""What stands around a unit of a passage: the lead line of its list or the header row of its table, the sentences
before it that a number's sentence continues («Tallene …», «… i portalen» after «… læremiddelportalen.»), and the
question terms of the units near it. The composer and its unit score read a unit with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.coverage import covered_terms
from assistant.units import Unit, UnitKind

__all__ = ["CARRY_BACK", "NUMBER_WINDOW", "carried_terms", "context_of", "refers_back", "window_terms"]

NUMBER_WINDOW = 2  # units either side of a number that count as its context (as measured for the evidence score before)


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

def context_of(units: list[Unit], i: int) -> str:
    """The lead line of an item's list / the header row of a table row."""
    return _contexts(tuple(units))[i]


@lru_cache(maxsize=4096)
def _contexts(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """``context_of`` for every unit of a passage, in one pass."""
    first: dict[int, Unit] = {}
    cells: dict[int, list[Unit]] = {}  # a table set one cell per line: a row's cells (no «a | b» in any of them)
    for u in units:
        if u.kind == UnitKind.ROW and u.block >= 0:
            cells.setdefault(u.block, []).append(u)
    cells = {b: us for b, us in cells.items() if not any(" | " in x.text for x in us)}
    out = []
    for i, u in enumerate(units):
        ctx = ""
        if u.kind == UnitKind.ROW and u.block in cells:  # a cell is read with the other cells of its row
            ctx = " ".join(x.text for x in cells[u.block] if x is not u)
        elif u.kind in (UnitKind.ITEM, UnitKind.ROW, UnitKind.SENTENCE) and u.block >= 0:
            head = first.get(u.block)
            if head is not None and head.kind in (UnitKind.LEAD, UnitKind.ROW):
                ctx = head.text
            elif i > 0 and units[i - 1].kind in (UnitKind.SENTENCE, UnitKind.LEAD):
                ctx = units[i - 1].text
        if u.block >= 0:
            first.setdefault(u.block, u)
        out.append(ctx)
    return tuple(out)

def window_terms(terms: tuple[str, ...], units: list[Unit], i: int) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for j in range(max(0, i - NUMBER_WINDOW), min(len(units), i + NUMBER_WINDOW + 1)):
        out |= covered_terms(terms, units[j].text)
    return out

