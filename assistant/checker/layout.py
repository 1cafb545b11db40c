"""Layout repair before goals are read: the shapes real plans take after PDF/DOCX extraction,
made into one unit per label, goal line and bullet.

* bullets run together in one line («Mål A • Mål B • Mål C», «\uf0b7 tiltak \uf0b7 tiltak») → one
  item each;
* bullets of a two-column layout read as table rows with an empty first cell («| tiltak») → items;
* a label written inline at the start of a paragraph («Mål: Kommunen skal …», «Delmål 1. … 2. …»,
  «Strategi – a – b», «Tiltak 4: …», «Innsatsområde 2. …») → the label on its own line, then its
  content (numbered or dashed parts as items);
* a line that ends in a phrase introducing means («… Derfor skal vi») → the line, then the label;
* the plan's voice statement that extraction glued to the end of the previous bullet («… lokalsentre
  Tromsø vil ha en arealbruk …» before «Derfor skal vi») → its own line;
* hierarchical-numbered goals with dashed sub-points («6.1.1 Mål − strategi − strategi») → the goal
  line, a means label and the sub-points as items.

Entry point: ``repair(units) -> list[Unit]`` (units re-indexed).
"""

from __future__ import annotations

import re

from .conventions import (
    EXTRA_MEASURE_LABEL_RE,
    INLINE_BULLETS,
    INLINE_LABEL_RE,
    NUMBERED_AREA_RE,
    NUMBERED_GOAL_RE,
    NUMBERED_MEASURE_RE,
    SUB_DASH,
    TABLE_HEADER_START_RE,
    TRAILING_MEASURE_LABEL_RE,
    VOICE_TAIL_RE,
)
from .goals import Unit, clean_text, label_kind, norm_key

_INLINE_BULLET_SPLIT = re.compile(rf"\s*[{INLINE_BULLETS}]\s+")
#: Word's second-level bullet «o» flattened into a line («… følgende: o ivareta … o satse …»).
_O_BULLET_SPLIT = re.compile(r"(?:^|\s)o\s+(?=[a-zæøåA-ZÆØÅ])")
#: Background labels written inline («Utfordringer – a – b», «Bakgrunn: …»): not goals, not means.
_OTHER_INLINE_RE = re.compile(r"^(?P<label>Utfordring(?:er|ar)|Bakgrunn|Status)(?:\s*:\s*|\s+(?=[–-]\s))(?P<rest>\S.*)$",
                              re.DOTALL)
_NUMBERED_PARTS = re.compile(r"(?:(?<=^)|(?<=\s)|(?<=[.;]))(\d{1,2})\.\s*(?=[A-ZÆØÅ])")
_DASH_PARTS = re.compile(r"(?:^|\s)[–-]\s+")
_HIER_NUM = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s+(?P<rest>\S.*)$", re.DOTALL)
_AREA_LABEL = "Innsatsområder"
_MEANS_LABEL = "Strategier"


def _clone(u: Unit, text: str, kind: str | None = None, marker: str | None = None) -> Unit:
    return Unit(u.idx, kind or u.kind, clean_text(text), u.section, u.page,
                u.marker if marker is None else marker, page_label=u.page_label)


def _label(u: Unit, text: str) -> Unit:
    return Unit(u.idx, "paragraph", text, u.section, u.page, "", page_label=u.page_label)


def _table_bullet(u: Unit) -> list[Unit]:
    """«| tiltak» (empty first cell, one filled cell) → a bullet item."""
    if u.kind != "table_row" or "|" not in u.text:
        return [u]
    cells = [c.strip() for c in u.text.split("|")]
    filled = [c for c in cells if c and not re.fullmatch(rf"[{INLINE_BULLETS}]", c)]
    first_empty = not cells[0] or bool(re.fullmatch(rf"[{INLINE_BULLETS}\s]+", cells[0]))
    if first_empty and len(filled) == 1:
        text = _INLINE_BULLET_SPLIT.sub(" ", " " + filled[0]).strip()
        return [_clone(u, text, "list_item", "•")]
    return [u]


def _split_bullets(u: Unit) -> list[Unit]:
    if u.kind not in ("paragraph", "list_item"):
        return [u]
    parts = [p for p in _INLINE_BULLET_SPLIT.split(" " + u.text + " ")]
    if len(parts) < 2:
        o_parts = _O_BULLET_SPLIT.split(" " + u.text)
        if len(o_parts) < 3:
            return [u]
        parts = o_parts
    out: list[Unit] = []
    head = parts[0].strip()
    if head:
        out.append(_clone(u, head))
    for p in parts[1:]:
        if p.strip():
            out.append(_clone(u, p, "list_item", "•"))
    return out or [u]


def _split_label(u: Unit) -> list[Unit]:
    """Inline labels at the start of a paragraph or item."""
    m = NUMBERED_GOAL_RE.match(u.text)
    if m and u.kind in ("heading", "paragraph", "list_item") and not _NUMBERED_PARTS.search(m.group("rest")):
        # «Mål 1: …» holding one goal; «Delmål 1. … 2. …» is a numbered list, split below
        return [_label(u, m.group("label")), _clone(u, m.group("rest"), "paragraph", "")]
    if u.kind not in ("paragraph", "list_item") or len(u.text) < 6:
        return [u]
    m = NUMBERED_MEASURE_RE.match(u.text)
    if m:
        return [_label(u, "Tiltak"), _clone(u, m.group("rest"), "list_item", m.group(1))]
    m = NUMBERED_AREA_RE.match(u.text)
    if m:
        return [_label(u, _AREA_LABEL), _clone(u, m.group("rest"), "list_item", m.group(1))]
    m = _OTHER_INLINE_RE.match(u.text)
    if m:
        rest = m.group("rest").strip()
        parts = [p for p in _DASH_PARTS.split(" " + rest) if p.strip()] if rest.startswith(("–", "-")) else [rest]
        return [_label(u, m.group("label"))] + [_clone(u, p, "list_item", "•") for p in parts]
    m = INLINE_LABEL_RE.match(u.text)
    if not m or TABLE_HEADER_START_RE.match(m.group("rest")):
        return [u]
    label, rest = m.group("label"), m.group("rest").strip()
    out = [_label(u, label)]
    if label.lower() == "tiltak" and not rest.endswith(":") and len(rest) < 300:
        out.append(_clone(u, rest, "list_item", "•"))  # «Tiltak Daglig fysisk aktivitet»: one measure
        return out
    numbered = list(_NUMBERED_PARTS.finditer(rest))
    if len(numbered) >= 2 and numbered[0].start() == 0:
        for k, nm in enumerate(numbered):
            end = numbered[k + 1].start() if k + 1 < len(numbered) else len(rest)
            out.append(_clone(u, rest[nm.end():end].strip(), "list_item", nm.group(1)))
        return out
    if rest.startswith(("–", "-")):
        for part in _DASH_PARTS.split(" " + rest):
            if part.strip():
                out.append(_clone(u, part, "list_item", "•"))
        return out
    out.append(_clone(u, rest, "paragraph", ""))
    return out


_EMBEDDED_LABEL_RE = re.compile(
    r"(?<=[.!?»”:])\s+(?=(?:Strategi(?:er|ar)?|Tiltak|Mål|Delmål|Hovedmål|Indikator(?:er|ar)?)(?:\s*:|\s+[A-ZÆØÅ«]))")


def _split_embedded_label(u: Unit) -> list[Unit]:
    """A label that starts a new sentence inside a paragraph, where extraction joined two lines
    («… hele livet». Strategier Strategiene for å nå målet er følgende:») → its own unit."""
    if u.kind != "paragraph":
        return [u]
    parts = _EMBEDDED_LABEL_RE.split(u.text)
    if len(parts) < 2:
        return [u]
    return [_clone(u, p) for p in parts if p.strip()]


#: Column names of an action table read row by row as «Name value» lines («Ansvar Rektor»,
#: «Gjennomføres Fra høsten 2025»): they belong to the measure line before them.
_ROW_FIELD_RE = re.compile(r"^(?:Ansvar(?:lig)?|Ansvarleg|Frist|Tidsfrist|Gjennomføres|Gjennomføring|Tidspunkt|"
                           r"Periode|Kostnad(?:er)?|Kostnadsoverslag|Økonomi|Finansiering|Kommentar|Status|"
                           r"Samarbeidspartnere?|Når|Hvem|Kven)\s*:?\s+(?P<value>\S.*)$", re.DOTALL)


def _merge_row_fields(units: list[Unit]) -> list[Unit]:
    """«Tiltak X» / «Ansvar Y» / «Frist Z» lines of a flattened action table → one measure «X | Y | Z»."""
    out: list[Unit] = []
    for u in units:
        m = _ROW_FIELD_RE.match(u.text) if u.kind == "paragraph" else None
        if m and out and out[-1].kind == "list_item" and len(out) >= 2 and _is_means_label(out[-2]):
            prev = out[-1]
            out[-1] = _clone(prev, prev.text + " | " + m.group("value"), "list_item", prev.marker or "•")
            continue
        out.append(u)
    return out


def _split_trailing_label(u: Unit) -> list[Unit]:
    if u.kind not in ("paragraph", "list_item", "heading"):
        return [u]
    m = TRAILING_MEASURE_LABEL_RE.match(u.text)
    if not m:
        return [u]
    return [_clone(u, m.group("text")), _label(u, m.group("label"))]


def _split_hierarchical(u: Unit) -> list[Unit]:
    """«6.1.1 Goal − a − b» (an item or paragraph) → goal line, means label, items."""
    if u.kind not in ("paragraph", "list_item") or SUB_DASH not in u.text:
        return [u]
    m = _HIER_NUM.match(u.text)
    if not m:
        return [u]
    goal, *subs = [p.strip() for p in m.group("rest").split(SUB_DASH)]
    out = [_clone(u, goal, "list_item", m.group(1))]
    if subs:
        out.append(_label(u, _MEANS_LABEL))
        out.extend(_clone(u, s, "list_item", "•") for s in subs if s)
    return out


def _is_means_label(u: Unit) -> bool:
    return u.kind != "list_item" and (label_kind(u.text) == "measure" or bool(EXTRA_MEASURE_LABEL_RE.match(u.text)))


def _running_key(text: str) -> str:
    return re.sub(r"^\d+\s+|\s+\d+$", "", norm_key(text))


def running_lines(units: list[Unit]) -> set[str]:
    """Keys of running headers/footers extraction left in the text: short lines, repeated three
    times or more, holding a number or written in capitals, that are not labels."""
    counts: dict[str, int] = {}
    for u in units:
        if len(u.text) <= 80 and (re.search(r"\d", u.text) or u.text.isupper()) and not label_kind(u.text):
            k = _running_key(u.text)
            counts[k] = counts.get(k, 0) + 1
    return {k for k, n in counts.items() if n >= 3 and len(k) >= 8}


def repair(units: list[Unit]) -> list[Unit]:
    """Units with the layout repairs above applied, re-indexed."""
    out: list[Unit] = []
    running = running_lines(units)
    units = [u for u in units if not (len(u.text) <= 80 and _running_key(u.text) in running)]
    for u in units:
        stage = [u]
        for step in (_table_bullet, _split_embedded_label, _split_bullets, _split_hierarchical, _split_label,
                     _split_trailing_label):
            stage = [v for w in stage for v in step(w)]
        # a dashed continuation line («− a − b») after a hierarchical goal: more sub-points
        for v in stage:
            if (v.kind == "paragraph" and v.text.startswith(SUB_DASH) and out
                    and (out[-1].is_item or _is_means_label(out[-1]))):
                out.extend(_clone(v, s, "list_item", "•") for s in v.text.split(SUB_DASH) if s.strip())
            else:
                out.append(v)
    out = _merge_row_fields(out)
    # the voice statement glued to the bullet before a means label
    fixed: list[Unit] = []
    for k, u in enumerate(out):
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and _is_means_label(nxt) and u.kind != "heading":
            m = VOICE_TAIL_RE.match(u.text)
            if m and m.group("head").strip():
                fixed.append(_clone(u, m.group("head")))
                fixed.append(_clone(u, m.group("voice"), "paragraph", ""))
                continue
        fixed.append(u)
    for k, u in enumerate(fixed):
        u.idx = k
    return fixed
