"""A passage as answer units: sentences, lead lines («Tiltak:», «… er at:»), list items and table rows, with their
offsets (so a quote's page can be computed) and the list / table block they belong to — read by the conventions of
the documents' layouts (bullets, an all-capitals heading over its list, a list whose bullet glyphs were lost, a
table row «a | b»), and the entries of reference lists, which never answer. Used by the composer
(assistant/compose.py) and the law lookup (assistant/laws.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from assistant.norwegian import sentence_spans

LEAD_BODY_LINES = 8  # a lead line without list items introduces the lines after it


class UnitKind(StrEnum):
    SENTENCE = "sentence"
    LEAD = "lead"  # a line ending in ":" that introduces a list or table
    ITEM = "item"
    ROW = "row"
    HEADING = "heading"


@dataclass(frozen=True)
class Unit:
    kind: UnitKind
    text: str  # without bullet glyph
    start: int  # offsets in the passage text
    end: int
    block: int = -1  # list / table the unit belongs to (its lead line too); -1 for prose


_BULLET = re.compile(r"^\s*(?:[-–−•▪◦●■*\uf0b7\uf0a7]|o(?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")
# A table-of-contents row («Samferdsel | s. 6», «2.2 Mål ........ 5») and an all-capitals title line are headings.
_TOC_ROW = re.compile(r"(?:\|\s*(?:s\.|side)?\s*\d{1,3}|(?:\.{4,}|(?:\.\s){3,}\.)\s*\d{1,3})\s*$", re.I)
_CAPS_HEADING = re.compile(r"^[^a-zæøå]{3,80}$")
_CAPITALS = re.compile(r"[A-ZÆØÅ]{3}")  # an all-capitals heading has words, not only numbers or dates
# a table-of-contents entry, also when the line was split at its page number; the leader's dots also spaced
# («1.2.1 Lov om barnehager . . . . . . . . 5»)
_LEADER_DOTS = re.compile(r"\.{5,}|(?:\.\s){4,}\.|…{2,}")
_BARE_ITEM_WORDS = 6  # a short line without end punctuation under an all-capitals heading is a list item
_INLINE_BULLETS = re.compile(r"\s[•▪\uf0b7]\s")
_INLINE_ITEMS = re.compile(r"\s(?:[•▪\uf0b7]|o)\s")  # inside a list line also Word's «o» bullet
def _sentences(text: str) -> list[str]:
    """The sentences of a line of prose, a sentence number first («… i 2020. 85 % av elevene …»). A sentence does not
    end inside parentheses: «… ikke-diskriminering (art. 2), barnets beste (art. 3) …» is one sentence, however the
    abbreviation before the number was read, when the next sentence closes it (dev r258)."""
    spans: list[tuple[int, int]] = []
    for a, b in sentence_spans(text, before_digits=True):
        last = text[spans[-1][0]:spans[-1][1]] if spans else ""
        if last.count("(") > last.count(")") and ")" in text[a:b].split("(")[0]:  # the next one closes it
            spans[-1] = (spans[-1][0], b)
        else:
            spans.append((a, b))
    return [text[a:b] for a, b in spans]


def _line_units(line: str, offset: int) -> list[Unit]:
    """The units of one line (block numbers are assigned by ``split_units``)."""
    stripped = line.strip()
    local = line.find(stripped)
    out: list[Unit] = []

    def add(kind: UnitKind, s: str, at: int) -> int:
        i = line.find(s, at)
        i = at if i < 0 else i
        out.append(Unit(kind, s, offset + i, offset + i + len(s)))
        return i + len(s)

    def prose(text: str, at: int) -> int:
        for s in _sentences(text):
            kind = UnitKind.HEADING if _LEADER_DOTS.search(s) else (
                UnitKind.LEAD if s.rstrip().endswith(":") else UnitKind.SENTENCE)
            at = add(kind, s, at)
        return at

    if stripped.startswith("#") or _TOC_ROW.search(stripped) or _CAPS_HEADING.match(stripped):
        add(UnitKind.HEADING, stripped.lstrip("# ").strip(), local)
    elif " | " in stripped:
        add(UnitKind.ROW, stripped, local)
    elif (m := _BULLET.match(stripped)) and len(stripped) - m.end() > 2:
        pos = local + m.end()
        parts = [p.strip() for p in _INLINE_ITEMS.split(stripped[m.end():]) if p.strip()]
        for p in parts:
            # «- Tiltak:», «- Målsettingen med tilskuddet er at barnehagen skal:»: a bulleted line ending in a colon is
            # the lead line of the items after it (a converted document sets the lead as the list's first bullet)
            pos = add(UnitKind.LEAD if len(parts) == 1 and p.endswith(":") else UnitKind.ITEM, p, pos)
    elif _INLINE_BULLETS.search(stripped):  # «… og dette er: • A • B • C» on one line
        first, *items = _INLINE_BULLETS.split(stripped)
        pos = prose(first, local)
        if out and out[-1].kind == UnitKind.SENTENCE:
            last = out[-1]
            out[-1] = Unit(UnitKind.LEAD, last.text, last.start, last.end)
        for p in items:
            if p.strip():
                pos = add(UnitKind.ITEM, p.strip(), pos)
    else:
        prose(stripped, local)
    return out


def split_units(text: str) -> list[Unit]:
    """A passage as answer units with offsets; list items and table rows share a block number with
    the lead line just before them."""
    return list(_split_units(text))


def _is_caps_heading(units: list[Unit]) -> bool:
    return (len(units) == 1 and units[0].kind == UnitKind.HEADING and bool(_CAPITALS.search(units[0].text))
            and not _TOC_ROW.search(units[0].text) and not _LEADER_DOTS.search(units[0].text))


def _is_bare_item(units: list[Unit]) -> bool:
    """A line that is one short phrase without end punctuation («Åpen», «Troverdig»)."""
    return (len(units) == 1 and units[0].kind == UnitKind.SENTENCE and len(units[0].text.split()) <= _BARE_ITEM_WORDS
            and not units[0].text.rstrip().endswith((".", "!", "?", ":", ";")))


def _lines_read_as_lists(lines: list[list[Unit]]) -> list[list[Unit]]:
    """An all-capitals heading over list items — bulleted, or two or more bare short lines («VERDIER FOR
    KOMMUNEN / Åpen / Troverdig / Engasjert») — introduces them: it becomes their lead line."""
    out = [list(x) for x in lines]
    full = [n for n, x in enumerate(out) if x]  # blank lines do not separate a heading from its list
    for k, n in enumerate(full):
        if not _is_caps_heading(out[n]) or " | " in out[n][0].text or k + 1 >= len(full):
            continue
        bare = 0
        while k + 1 + bare < len(full) and _is_bare_item(out[full[k + 1 + bare]]):
            bare += 1
        if out[full[k + 1]][0].kind == UnitKind.ITEM or bare >= 2:
            h = out[n][0]
            out[n] = [Unit(UnitKind.LEAD, h.text, h.start, h.end)]
            for m in full[k + 1:k + 1 + bare]:
                u = out[m][0]
                out[m] = [Unit(UnitKind.ITEM, u.text, u.start, u.end)]
    return out


BARE_LIST_ITEM_WORDS = 12  # a short line without end punctuation in a run of them is a list item up to this length
BARE_LIST_MIN_ITEMS = 3


def _is_unpunctuated(units: list[Unit], words: int) -> bool:
    """A short line without end punctuation or figures (a line with an amount, a year or a case number belongs to a
    table flattened into lines: «Riddu Riđđu festivalen» / «… (K-sak 76/05)» / «Kr. 100.000,-»)."""
    return (len(units) == 1 and units[0].kind == UnitKind.SENTENCE and len(units[0].text.split()) <= words
            and not units[0].text.rstrip().endswith((".", "!", "?", ":", ";", ",")) and not re.search(r"\d", units[0].text))


def _bare_lists(lines: list[list[Unit]]) -> list[list[Unit]]:
    """A list whose bullet glyphs were lost in extraction: a line without end punctuation followed by three or more
    short lines without end punctuation («Oppsummerte innspill fra elevene på hva som gir et godt læringsmiljø» /
    «Gode lærere som forstår elevene» / «Alle elever er venner» …) — the first introduces the others (ingest joins
    wrapped prose into one line per paragraph, so a run of short unpunctuated lines is a list)."""
    out = [list(x) for x in lines]
    full = [n for n, x in enumerate(out) if x]
    k = 0
    while k < len(full):
        run = k
        while run < len(full) and _is_unpunctuated(out[full[run]], BARE_LIST_ITEM_WORDS + 4 if run == k else
                                                    BARE_LIST_ITEM_WORDS):
            run += 1
        if run - k - 1 >= BARE_LIST_MIN_ITEMS:
            h = out[full[k]][0]
            out[full[k]] = [Unit(UnitKind.LEAD, h.text, h.start, h.end)]
            for m in full[k + 1:run]:
                u = out[m][0]
                out[m] = [Unit(UnitKind.ITEM, u.text, u.start, u.end)]
        k = max(run, k + 1)
    return out


@lru_cache(maxsize=4096)
def _split_units(text: str) -> tuple[Unit, ...]:
    units: list[Unit] = []
    offset = 0
    current: int | None = None
    blocks = 0
    body = 0  # lines of prose taken as the body of a lead line without list items
    lines: list[list[Unit]] = []
    for line in text.split("\n"):
        lines.append(_line_units(line, offset) if line.strip() else [])
        offset += len(line) + 1
    for line_units in _bare_lists(_lines_read_as_lists(lines)):
        if line_units:
            after_lead = current is not None and units and units[-1].block == current and (
                units[-1].kind == UnitKind.LEAD or body > 0)
            for k, u in enumerate(line_units):
                if u.kind == UnitKind.LEAD:
                    current, blocks = blocks, blocks + 1
                    block, body = current, 0
                elif u.kind in (UnitKind.ITEM, UnitKind.ROW):
                    if current is None:
                        current, blocks = blocks, blocks + 1
                    block, body = blocks - 1 if current is None else current, 0
                elif u.kind == UnitKind.SENTENCE and after_lead and k == 0 and body < LEAD_BODY_LINES:
                    block, body = current if current is not None else -1, body + 1  # «Styringsgruppe: …» under «… struktur:»
                else:
                    current, block, body = None, -1, 0
                units.append(Unit(u.kind, u.text, u.start, u.end, block))
                after_lead = after_lead and u.kind == UnitKind.SENTENCE and block == current
    return tuple(_cell_rows(text, units, blocks))


# A table whose cells the extraction set one per line (a Giella / HTML table read as paragraphs): the cost column's
# cells stand alone on their lines — «Kr. 100.000,-», «inntil kr. 16.000,- til fordeling.», «Kr. 980.000.-».
_AMOUNT_CELL = re.compile(r"^(?:inntil|ca\.?|om lag)?\s*(?:kr\.?|nok)\s*\d[\d .,]*(?:[.,]\s*-+)?(?:\s+til fordeling)?\.?$|"
                          r"^\d[\d .,]*\s*(?:kr\.?|kroner|mill\.?|millioner)\.?$", re.I)
CELL_ROW_LINES = 8  # lines between two cost cells that still read as one table (a row's name, purpose, case, cost, owner)
ROW_OWNER_LINES = 1  # cells after a row's cost cell that belong to it (who follows it up)


def _cell_rows(text: str, units: list[Unit], blocks: int) -> list[Unit]:
    """A table flattened into one cell per line, read back as its rows: where two or more lines are a cost cell
    alone (``_AMOUNT_CELL``) no more than ``CELL_ROW_LINES`` lines apart, each row is the lines after the previous
    row's cost and owner cells up to its own cost cell and the owner after it («Riddu Riđđu festivalen» /
    «Merkostnader for tospråklig markedsføring …» / «Kr. 100.000,-» / «Konsulent for samisk språk og kultur»): the
    cells become one row's units (``UnitKind.ROW``, one block a row), so the cost is read with what it pays for and
    who answers for it."""
    if not units:
        return units
    line_of = [text.count("\n", 0, u.start) for u in units]
    by_line: dict[int, list[int]] = {}
    for k, n in enumerate(line_of):
        by_line.setdefault(n, []).append(k)
    order = sorted(by_line)  # the lines that hold units, in order (blank lines left out)

    def cell(n: int) -> bool:  # a line of prose only: no heading, list item or table row of its own
        return all(units[k].kind in (UnitKind.SENTENCE, UnitKind.LEAD) and units[k].block < 0 for k in by_line[n])

    costs = [p for p, n in enumerate(order) if len(by_line[n]) == 1 and cell(n)
             and _AMOUNT_CELL.match(units[by_line[n][0]].text.strip())]
    if len(costs) < 2 or any(b - a > CELL_ROW_LINES for a, b in zip(costs, costs[1:], strict=False)):
        return units
    out = list(units)
    start = costs[0]
    while start > 0 and costs[0] - start < CELL_ROW_LINES - 1 and cell(order[start - 1]):
        start -= 1
    for cost in costs:
        end = min(cost + ROW_OWNER_LINES, len(order) - 1)
        rows = [p for p in range(start, end + 1) if cell(order[p])]
        if len(rows) >= 2:
            for p in rows:
                for k in by_line[order[p]]:
                    u = units[k]
                    out[k] = Unit(UnitKind.ROW, u.text, u.start, u.end, blocks)
            blocks += 1
        start = end + 1
    return out


# An entry of a reference list: «Johansson, I. (2002).», «Fylkesmannen i Rogaland (2006).» — a source, not an answer.
_AUTHOR_START = re.compile(r"^[A-ZÆØÅ][\w'-]+,\s+(?:[A-ZÆØÅ]\.\s*(?:[A-ZÆØÅ]\.\s*)?)(?:,|og|and|&|\(|$)")
_YEAR_IN_PARENTHESES_END = re.compile(r"\((?:19|20)\d{2}[a-z]?\)[.:]?\s*$")
REFERENCE_ENTRY_WORDS = 12


_CITED_YEAR = re.compile(r"\((?:19|20)\d{2}[a-z]?\)|^[A-ZÆØÅ][\w'-]+,\s+[A-ZÆØÅ]\.")
REFERENCE_LIST_SHARE = 0.3  # of a passage's units citing «Author (2006)»: the passage is a reference list


def is_reference_list(units: list[Unit]) -> bool:
    """A passage of a reference list («Litteraturliste»): many of its units cite an author and year, the others are
    the works' titles — none of it answers a question."""
    return len(units) >= 4 and sum(bool(_CITED_YEAR.search(u.text)) for u in units) >= REFERENCE_LIST_SHARE * len(units)


def is_reference_entry(text: str) -> bool:
    """The unit is a reference-list entry: it starts «Surname, I.» or is a short line ending in «(2006).»."""
    return bool(_AUTHOR_START.match(text)) or (
        len(text.split()) <= REFERENCE_ENTRY_WORDS and bool(_YEAR_IN_PARENTHESES_END.search(text)))


def may_answer(unit: Unit, headings: set[str]) -> bool:
    """A unit that may be quoted as an answer: not a heading (nor a line repeating the section's heading), not a
    scrap under 15 characters (a lead line may be short), not an entry of a reference list."""
    return not (unit.kind == UnitKind.HEADING or unit.text.strip() in headings
                or (len(unit.text) < 15 and unit.kind != UnitKind.LEAD) or is_reference_entry(unit.text))
