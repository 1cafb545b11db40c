"""Clean extracted page text into line-structured text for ingest/structure.py.

Output per page: Unicode NFC; running headers/footers and page numbers removed; words hyphenated
across lines joined ("læ-"/"ring" → "læring", but "rus-"/"og kriminalitets…" → "rus- og …");
hard-wrapped lines rebuilt into paragraphs; bullets of any glyph written "- item" (sub-items
"  - item"), one item even when its text wraps; table-like rows written "cell | cell | cell";
heading-like lines kept on their own line. Paragraphs (and headings) are separated by a blank
line; consecutive list items and consecutive table rows are kept together, one per line.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from assistant.models import Page
from assistant.vocabulary import (
    AREA_LABELS,
    BULLET_GLYPHS,
    GOAL_LABELS,
    INDICATOR_LABELS,
    MEASURE_LABELS,
    OTHER_LABELS,
    PRIVATE_USE,
    SECTION_WORDS,
    SUB_BULLET_GLYPHS,
    VISION_LABELS,
    alternation,
)

# --- patterns ----------------------------------------------------------------------------------

_GLYPHS = BULLET_GLYPHS
_SUB_GLYPHS = SUB_BULLET_GLYPHS
_GLYPH_RE = re.compile(rf"^([{_GLYPHS}{_SUB_GLYPHS}{PRIVATE_USE}])\s*(.*)$")
_DASH_RE = re.compile(r"^([-–—*])\s+(\S.*)$")
_O_RE = re.compile(r"^o\s+(\S.*)$")  # "o " sub-bullet (Word's second-level glyph as text)
_WINGDING_RE = re.compile(r"^(?:ĥ\s+|n {2,})(\S.*)$")  # symbol-font bullets decoded as letters

_MD_HEADING = re.compile(r"^#{1,6}\s+\S")
_NUM_HEADING = re.compile(r"^(\d{1,2})((?:\s?\.\s?\d{1,2}){1,4})\.?\s*([A-ZÆØÅ«].*)$|^(\d{1,2})\.?\s+([A-ZÆØÅ«].*)$")
_ENUM = re.compile(r"^(\d{1,2}|[a-zæøå])[.)]\s+\S")
_AREA = re.compile(
    r"^(Område|Kapittel|Del|Hovedområde|Satsingsområde|Satsningsområde|Innsatsområde|Fokusområde|"
    r"Utviklingsområde|Tema|Vedlegg)\s+(\d{1,2}|[IVX]{1,4})\b"
)
#: Lines that are section labels, never running headers: the plan vocabulary plus a few section words.
#: Definite forms («Tiltaka», «Tiltakene») start sentences («Tiltaka for å nå måla er:») more often than
#: they head a section, so they are left out here; structure.py still knows them as whole-line labels.
_LABELS = alternation(tuple(
    w for w in GOAL_LABELS + MEASURE_LABELS + INDICATOR_LABELS + VISION_LABELS + AREA_LABELS[:6] + OTHER_LABELS
    + tuple(w.capitalize() for w in SECTION_WORDS) + ("Ansvar", "Tidsplan", "Lovgrunnlag")
    if not w.endswith(("ka", "ene"))
))
_LABEL = re.compile(rf"^({_LABELS})\b")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|s\.|page|p\.)\s*)?[-–—]?\s*\d{1,3}(?:\s\d)?\s*[-–—]?\s*(?:(?:av|of|/)\s*\d{1,3})?$",
    re.IGNORECASE,
)
_PIPE_FOOTER = re.compile(r"^(?:.{3,120}\S\s+\|\s+\d{1,3}|\d{1,3}\s+\|\s+\S.{3,120})$")
_CELL_SPLIT = re.compile(r"\t+| {2,}")
_INLINE_ITEMS = re.compile(rf"\s[{_GLYPHS}{PRIVATE_USE}]\s")  # a bullet glyph inside a line: several items on it
_SENTENCE_END = (".", "!", "?", "»", "”", '"')
_CONNECTORS = {
    "og", "i", "på", "for", "til", "av", "med", "som", "en", "et", "ei", "å", "at", "de", "den", "det",
    "fra", "om", "eller", "ved", "under", "mot", "samt", "der", "hvor", "blir", "er", "har", "skal",
    "kan", "vil", "må", "sine", "sitt", "sin", "seg", "eit", "ein", "dei", "frå", "ikke", "ikkje",
}
_COORDINATION = {"og", "eller", "samt", "enn", "til", "and", "or", "hhv.", "el."}


def clean_pages(pages: list[Page]) -> list[Page]:
    """Clean each page's text (see module docstring); page numbers and labels are kept, and
    printed page numbers become labels where they are offset from the physical pages."""
    prepared = [_prepare(p.text) for p in pages]
    running = _running_lines(prepared) if len(pages) >= 2 else set()
    labels = printed_labels(pages, prepared)
    out: list[Page] = []
    for page, lines in zip(pages, prepared):
        lines = _drop_page_furniture(lines, running, paged=len(pages) >= 2)
        label = page.label or (labels.get(page.number) if page.number is not None else None)
        out.append(replace(page, text=_rebuild(lines), label=label))
    return out


_PRINTED = re.compile(r"(?:^|[\s\d.a-zæøå])(?:Side|side|s\.)\s*(\d{1,3})(?:\s*(?:av|/)\s*\d{1,3})?\s*$|^\s*(\d{1,3})\s*(?:(?:av|/)\s*\d{1,3})?\s*$")


def printed_labels(pages: list[Page], prepared: list[list[str]] | None = None) -> dict[int, str]:
    """Printed page numbers as labels, for PDFs without /PageLabels whose footers count from
    another page than the first («Side 1 av 21» on PDF page 2): {physical page: printed number}.
    Only when at least three pages carry a number at their top or bottom and three in four of
    them agree on one offset ≠ 0. Pages before printed page 1 are named so they cannot be taken
    for a printed number: «forside» (an unnumbered cover), else «PDF-side N»."""
    from collections import Counter

    prepared = prepared or [_prepare(p.text) for p in pages]
    offsets: Counter[int] = Counter()
    for page, lines in zip(pages, prepared):
        if page.number is None or page.label:
            continue
        found = set()
        for i in _edges(lines):
            m = _PRINTED.search(lines[i].strip())
            if m:
                found.add(int(m.group(1) or m.group(2)) - page.number)
        if len(found) == 1:
            offsets[found.pop()] += 1
    if sum(offsets.values()) < 3:
        return {}
    offset, votes = offsets.most_common(1)[0]
    if offset == 0 or votes * 4 < sum(offsets.values()) * 3:
        return {}
    labels: dict[int, str] = {}
    for p in pages:
        if p.number is None:
            continue
        printed = p.number + offset
        labels[p.number] = str(printed) if printed >= 1 else ("forside" if p.number == 1 else f"PDF-side {p.number}")
    return labels


def clean_text(text: str) -> str:
    """Clean one text with no page structure (convenience for tests and callers)."""
    return clean_pages([Page(number=None, text=text)])[0].text


# --- 1. characters ------------------------------------------------------------------------------


def _prepare(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00ad\n", "-\n").replace("\u00ad", "")
    for ch in ("\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"):
        text = text.replace(ch, "")
    for ch in ("\xa0", "\u2007", "\u202f", "\u2009", "\u2002", "\u2003"):
        text = text.replace(ch, " ")
    return [line.rstrip() for line in text.split("\n")]


# --- 2. headers, footers, page numbers -----------------------------------------------------------


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _is_page_number(line: str) -> bool:
    s = line.strip()
    return bool(s) and (bool(_PAGE_NUMBER.match(s)) or bool(_PIPE_FOOTER.match(s)))


def _protected(line: str) -> bool:
    """Lines never taken for running headers: section labels ("Mål", "Tiltak"), numbered
    headings ("2.1 Mål"), sentences and lead lines («Trekk som vektlegges:» opening two pages'
    lists: a running header introduces nothing)."""
    s = line.strip()
    if s.endswith((".", "!", "?", ":")) or (_NUM_HEADING.match(s) and not _PAGE_NUMBER.match(s)):
        return True
    s = s.rstrip(":")
    return bool(_LABEL.match(s)) and len(s.split()) <= 7


def _edges(lines: list[str], n: int = 3) -> list[int]:
    idx = [i for i, line in enumerate(lines) if line.strip()]
    return sorted(set(idx[:n] + idx[-n:]))


def _header_shaped(line: str) -> bool:
    """Short (≤ 10 words), not starting in lower case, not ending in a broken word: the shape of
    a running header or footer — not of a body line that wraps a sentence."""
    s = line.strip()
    return len(s.split()) <= 10 and not s[:1].islower() and not re.search(r"\w-$", s)


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Keys of lines found at the top or bottom of at least half the pages (and at least two).
    Running headers and footers are short (a title, a name, a page number): a line of more than
    ten words is body text even when similar lines recur at page edges."""
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_key(lines[i]) for i in _edges(lines) if not _protected(lines[i]) and _header_shaped(lines[i])})
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, c in seen.items() if c >= need and k.strip("# ")}


def _drop_page_furniture(lines: list[str], running: set[str], paged: bool = False) -> list[str]:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    drop: set[int] = set()
    edges = set(_edges(lines))
    for i in nonblank:
        if _is_page_number(lines[i]) or i in edges and _key(lines[i]) in running and not _protected(lines[i]):
            drop.add(i)
    if not paged:  # with page breaks the running lines above find the headers; this is for one long text
        drop |= _repeated_near_page_numbers(lines, nonblank, drop)
    return [line for i, line in enumerate(lines) if i not in drop]


def _repeated_near_page_numbers(lines: list[str], nonblank: list[int], numbers: set[int]) -> set[int]:
    """In one long text (no page breaks), running headers show up as lines that repeat next to
    page-number lines ("Jevnaker kommune," / "Kvalitetsplan …: 2022-2025" / "Side 9")."""
    pos = {i: k for k, i in enumerate(nonblank)}
    number_pos = [pos[i] for i in numbers if i in pos]
    if not number_pos:
        return set()
    occurrences: dict[str, list[int]] = {}
    for i in nonblank:
        if i not in numbers and not _protected(lines[i]) and _header_shaped(lines[i]):
            occurrences.setdefault(_key(lines[i]), []).append(i)
    drop: set[int] = set()
    for key, where in occurrences.items():
        if len(where) < 2 or len(key) < 4:
            continue
        near = [i for i in where if any(abs(pos[i] - p) <= 3 for p in number_pos)]
        if len(near) >= 2 and len(near) == len(where):
            drop.update(near)
    return drop


# --- 3. lines → units ----------------------------------------------------------------------------


@dataclass
class _Unit:
    kind: str  # "para" | "item" | "heading" | "row" | "enum"
    text: str
    level: int = 0
    last: str = ""  # the last physical line added (for join decisions)
    glyph: str = ""  # the bullet glyph that started a list item


def _ends_sentence(s: str) -> bool:
    s = s.rstrip()
    return s.endswith(_SENTENCE_END) or s.endswith((".)", "?)", "!)"))


def _last_word(s: str) -> str:
    parts = s.rstrip().split()
    return parts[-1].lower() if parts else ""


def _starts_lower(s: str) -> bool:
    s = s.lstrip("«\"'(")
    return bool(s) and s[0].islower()


def _bullet(stripped: str, raw: str) -> tuple[int, str, str] | None:
    """(level, text, glyph) when the line starts a list item; text may be "" for a lone glyph."""
    m = _GLYPH_RE.match(stripped)
    if m:
        return (1 if m.group(1) in _SUB_GLYPHS else 0), m.group(2).strip(), m.group(1)
    m = _WINGDING_RE.match(stripped)
    if m:
        return 0, m.group(1).strip(), "n"
    m = _O_RE.match(stripped)
    if m:
        return 1, m.group(1).strip(), "o"
    m = _DASH_RE.match(stripped)
    if m:
        indent = len(raw) - len(raw.lstrip(" "))
        return (1 if indent >= 2 else 0), m.group(2).strip(), m.group(1)
    return None


def _heading_kind(s: str) -> str | None:
    """Strong heading patterns, recognisable without context."""
    if _MD_HEADING.match(s):
        return "md"
    if len(s) > 90 or s.endswith((",", ";")):
        return None
    words = len(s.split())
    if _AREA.match(s) and words <= 12:
        return "area"
    if _NUM_HEADING.match(s) and not _ENUM.match(s) and words <= 12 and not s.endswith("."):
        return "number"
    bare = s.rstrip(":").strip()
    if _LABEL.match(bare) and words <= 7 and not bare.endswith((".", "!", "?")):
        return "label"
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters) and len(s) <= 80 and not _is_page_number(s):
        return "caps"
    return None


def _row_cells(s: str) -> list[str] | None:
    if _MD_HEADING.match(s):
        return None
    if " | " in s:
        piped = [c.strip() for c in s.split("|") if c.strip()]
        return piped if len(piped) >= 2 else None
    if not _CELL_SPLIT.search(s):
        return None
    parts = [c.strip() for c in _CELL_SPLIT.split(s) if c.strip()]
    cells: list[str] = []
    for part in parts:  # two spaces after punctuation is sentence spacing, not a cell break
        if cells and cells[-1].endswith((".", "!", "?", ",", ";", ":", "-", "–", "»")):
            cells[-1] = f"{cells[-1]} {part}"
        else:
            cells.append(part)
    if len(cells) < 2 or max(len(c) for c in cells) > 80:
        return None
    if len(cells) == 2 and re.fullmatch(r"\d{1,2}(\s?\.\s?\d{1,2})*\.?", cells[0]):
        return None  # "2.1   Mål": a numbered heading with wide spacing
    return cells


def _short_line(s: str) -> bool:
    """Form of a title line: short, starts with a capital, no closing punctuation."""
    if not s or len(s) > 70 or len(s.split()) > 8:
        return False
    first = s.lstrip("«\"'(")[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    if s.endswith((".", ",", ";", "!", "?", "-", "–", "/", "(", "&")):
        return False
    if s.endswith(":") and len(s.split()) > 5:
        return False
    return _last_word(s) not in _CONNECTORS


def _threshold(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 20)
    if not lengths:
        return 30
    p80 = lengths[int(len(lengths) * 0.8) - 1 if len(lengths) > 1 else 0]
    return max(25, min(60, int(p80 * 0.6)))


def _join(a: str, b: str) -> str:
    """Join line ``b`` to text ``a``, undoing hyphenation across the line break."""
    a = a.rstrip()
    m = re.search(r"(\w)-$", a)
    if m and not a.endswith(" -"):
        first = b.split(" ", 1)[0].lower().rstrip(",.;:")
        if first in _COORDINATION:
            return f"{a} {b}"  # "rus- og kriminalitetsforebyggende"
        word = a.split()[-1] if a.split() else ""
        if b[:1].islower() and not (m.group(1).isupper() or m.group(1).isdigit() or "-" in word[:-1]):
            return a[:-1] + b  # "læ-" + "ring"
        return a + b  # "PP-" + "tjenesten", "2021-" + "2024", "voksen-ungdom-" + "relasjonen"
    return f"{a} {b}" if a else b


def _rebuild(lines: list[str]) -> str:
    threshold = _threshold(lines)
    n = len(lines)
    stripped = [line.strip() for line in lines]

    def next_nonblank(i: int) -> str:
        for j in range(i + 1, n):
            if stripped[j]:
                return stripped[j]
        return ""

    def prev_line(i: int) -> str | None:  # None: blank line (or start) before
        return stripped[i - 1] if i > 0 and stripped[i - 1] else None

    # Title candidates: short lines in a position where a heading can stand.
    title = [False] * n
    for i, s in enumerate(stripped):
        if not s or _bullet(s, lines[i]) or _row_cells(s) or _heading_kind(s):
            continue
        nxt = next_nonblank(i)
        if not _short_line(s) or _starts_lower(nxt) or _ENUM.match(s):
            continue
        if s[-1:].isdigit() and re.match(r"^[–—-]\s*\d", nxt):
            continue  # "Handlingsplanen 2021" / "– 2024 er …"
        prev = prev_line(i)
        if prev is None or _ends_sentence(prev) or prev.endswith(":") or _heading_kind(prev) or title[i - 1] or _bullet(prev, lines[i - 1]) is None and len(prev) < threshold and _short_line(prev):
            title[i] = True
    # Runs of three or more title-like lines without blank lines are lists without bullets.
    listed = [False] * n
    i = 0
    while i < n:
        if title[i]:
            j = i
            while j + 1 < n and title[j + 1]:
                j += 1
            if j - i + 1 >= 3:
                for k in range(i, j + 1):
                    listed[k] = True
            i = j + 1
        else:
            i += 1

    units: list[_Unit] = []
    blank = True
    pending_bullet: tuple[int, str] | None = None

    def start(kind: str, text: str, level: int = 0, glyph: str = "") -> None:
        units.append(_Unit(kind=kind, text=text, level=level, last=text, glyph=glyph))

    for i, s in enumerate(stripped):
        if not s:
            blank = True
            continue
        cur = units[-1] if units else None
        after_blank, blank = blank, False
        if re.match(r"^ \S", lines[i]):  # one leading space: the extractor's mark of a new page
            after_blank = True

        if pending_bullet is not None:
            start("item", s, pending_bullet[0], pending_bullet[1])
            pending_bullet = None
            continue

        bullet = _bullet(s, lines[i])
        if bullet and _DASH_RE.match(s) and cur and not (cur.last.endswith((":", ";")) or _ends_sentence(cur.last)):
            rest = bullet[1]
            if cur.kind == "para" and (rest[:1].isdigit() or (bullet[2] in "–—" and _starts_lower(rest))):
                cur.text = _join(cur.text, s)  # "Handlingsplanen 2021" / "– 2024 er …": a dash in a sentence
                cur.last = s
                continue
            elif cur.kind == "item" and cur.glyph != bullet[2] and not after_blank:
                cur.text = _join(cur.text, s)  # "(Veileder for …" / "– Senter for IKT …)": a dash in the item
                cur.last = s
                continue
        if bullet:
            level, text, glyph = bullet
            if glyph == "o":  # "o" is a sub-bullet under another glyph, else a list of its own
                if cur and cur.kind == "item" and cur.glyph == "o":
                    level = cur.level
                elif cur and cur.kind == "item" and not after_blank:
                    level = min(cur.level + 1, 2)
                else:
                    level = 0
            elif level == 1 and not (cur and cur.kind == "item"):
                level = 0
            if not text:
                pending_bullet = (level, glyph)
            else:
                start("item", text, level, glyph)
            continue

        cells = _row_cells(s)
        if cells:
            start("row", " | ".join(cells))
            continue

        heading = _heading_kind(s)
        if heading == "caps" and cur and cur.kind == "heading" and cur.level == -1 and not after_blank:
            cur.text = f"{cur.text} {s}"  # "DANNING I" + "LÆREPLANEN"
            cur.last = s
            continue
        if heading:
            text = s
            if heading == "number":
                text = re.sub(r"^(\d{1,2}) \.(\d)", r"\1.\2", s)
            start("heading", text, -1 if heading == "caps" else 0)
            continue
        if listed[i]:
            start("item", s)
            continue
        if title[i]:
            start("heading", s)
            continue
        if _ENUM.match(s) and not (cur and cur.kind == "para" and not after_blank and not _ends_sentence(cur.last) and not cur.last.endswith(":")):
            start("enum", s)
            continue

        if cur and cur.kind in ("para", "item", "enum") and _continues(cur.last, s, after_blank, threshold):
            cur.text = _join(cur.text, s)
            cur.last = s
            continue
        start("para", s)

    return _render(units)


def _continues(prev: str, s: str, after_blank: bool, threshold: int) -> bool:
    """Does line ``s`` continue the paragraph/item whose last physical line is ``prev``?"""
    prev = prev.rstrip()
    hyphen = bool(re.search(r"\w-$", prev))
    connector = prev.endswith(",") or _last_word(prev) in _CONNECTORS
    if after_blank:
        if _ends_sentence(prev) or prev.endswith((":", ";")):
            return False
        return _starts_lower(s) or hyphen or connector
    if hyphen or _starts_lower(s) or connector:
        return True
    if prev.endswith((":", ";")) or _INLINE_ITEMS.search(prev):
        return False  # a line of items («Demografi • Utenforskap • Overvekt») is no wrapped sentence
    return len(prev) >= threshold


def _render(units: list[_Unit]) -> str:
    out: list[str] = []
    prev_kind = ""
    for u in units:
        text = " ".join(u.text.split())
        if u.kind == "item":
            line = "  " * max(u.level, 0) + "- " + text
        elif u.kind == "heading" and u.level == -1:
            line = text
        else:
            line = text
        together = (u.kind in ("item", "enum") and prev_kind in ("item", "enum")) or (u.kind == prev_kind == "row")
        if out and not together:
            out.append("")
        out.append(line)
        prev_kind = u.kind
    return "\n".join(out).strip() + ("\n" if out else "")
