"""Pages inside a passage: which page a character offset of a chunk's text stands on.

A chunk's page map lists where its text changes page: ``(offset, label, number)`` — from
``offset`` onward the text stands on the page printed as ``label`` (the PDF's page label, else
the 1-based page number as a string), physical page ``number``. Offsets ascend; the first is 0.
In chunk metadata (Chroma, JSON) it travels as the contract string ``[[offset, "label"], ...]``
(``page_map_json``).

A citation's page is the page where the quoted text starts, ``page_end`` the page where it
ends (None when the same): ``quote_chunk`` narrows a chunk to the pages of a quote, so the
citation label built from it (assistant/citations.py) names those pages. ``render_pdf_page``
draws a cited PDF page as a picture for the app's source panel.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from assistant.models import Chunk

PageMap = Sequence[Sequence]  # [(offset, label[, number]), ...]


def page_map_json(page_map: PageMap) -> str:
    """The contract form: ``[[offset, "label"], ...]`` ("" for no pages)."""
    if not page_map:
        return ""
    return json.dumps([[int(e[0]), str(e[1])] for e in page_map], ensure_ascii=False)


def _entries(page_map: str | PageMap | None) -> list[Sequence]:
    if not page_map:
        return []
    if isinstance(page_map, str):
        try:
            loaded = json.loads(page_map)
        except ValueError:
            return []
        return [e for e in loaded if isinstance(e, list) and len(e) >= 2]
    return list(page_map)


def _index_at(entries: Sequence[Sequence], offset: int) -> int:
    return max(0, bisect_right([int(e[0]) for e in entries], max(offset, 0)) - 1)


def page_span(page_map: str | PageMap | None, start: int, end: int) -> tuple[str | None, str | None]:
    """(label of the page where ``start`` stands, label of the page of the last character before
    ``end`` — None when it is the same page). (None, None) for text without pages."""
    entries = _entries(page_map)
    if not entries:
        return None, None
    first = str(entries[_index_at(entries, start)][1])
    last = str(entries[_index_at(entries, max(start, end - 1))][1])
    return first, (last if last != first else None)


def _number(entry: Sequence) -> int | None:
    if len(entry) >= 3 and entry[2] is not None:
        return int(entry[2])
    label = str(entry[1])
    return int(label) if label.isdigit() else None


def locate(text: str, parts: Sequence[str]) -> tuple[int, int] | None:
    """(start, end) in ``text`` from the first of ``parts`` to the end of the last, each found
    after the one before (whitespace-insensitive fallback); None when the first is not there."""
    start = end = None
    pos = 0
    for part in parts:
        part = part.strip()
        if not part:
            continue
        at = text.find(part, pos)
        if at < 0:
            at, length = _find_loose(text, part, pos)
            if at < 0:
                continue
        else:
            length = len(part)
        if start is None:
            start = at
        end = at + length
        pos = end
    if start is None or end is None:
        return None
    return start, end


def _find_loose(text: str, part: str, pos: int) -> tuple[int, int]:
    """Find ``part`` ignoring runs of whitespace (a quote joined from several lines)."""
    words = part.split()
    if not words:
        return -1, 0
    m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(text, pos)
    return (m.start(), m.end() - m.start()) if m else (-1, 0)


def common_section(paths: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    """The section path these paths share (their common leading headings)."""
    out = paths[0]
    for path in paths[1:]:
        n = 0
        while n < min(len(out), len(path)) and out[n] == path[n]:
            n += 1
        out = out[:n]
    return out


def quote_section(chunk: Chunk, start: int, end: int) -> tuple[str, ...]:
    """The section path of the text between ``start`` and ``end``: the section the quote stands
    in when the chunk spans several (its section map), else the chunk's section."""
    entries = list(chunk.section_map)
    if not entries:
        return chunk.section
    first = _index_at(entries, start)
    last = _index_at(entries, max(start, end - 1))
    return common_section([tuple(e[1]) for e in entries[first:last + 1]]) or chunk.section


#: A quoted part: its text, or (start, end, text) with its offsets in the chunk's text (the answer's
#: units know where they stand — a repeated lead line «Tiltak:» must not be found at its first
#: occurrence on another page).
Part = str | tuple[int, int, str]


def _placed(text: str, parts: Sequence[Part]) -> tuple[int, int] | None:
    """(start, end) from parts that carry offsets, when every one does and its text stands there
    (the unit's first word at its offset, bullets aside); None otherwise."""
    spans = []
    for part in parts:
        if isinstance(part, str):
            return None
        start, end, said = part
        words = said.split()
        if not (0 <= start < end <= len(text)) or not words or words[0] not in text[start:end]:
            return None
        spans.append((start, end))
    return (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None


def quote_chunk(chunk: Chunk, parts: Sequence[Part]) -> Chunk:
    """``chunk`` narrowed to the quoted ``parts`` (sentences, items or rows of its text; with their
    offsets where the caller knows them): the section they stand in (when the chunk spans
    several), page_start/page_label where the quote starts, page_end/page_end_label where it ends.
    Unchanged when the quote is not found in it."""
    if not chunk.page_map and not chunk.section_map:
        return chunk
    span = _placed(chunk.text, parts) or locate(chunk.text, [p if isinstance(p, str) else p[2] for p in parts])
    if span is None:
        return chunk
    start, end = span
    if chunk.section_map:
        chunk = replace(chunk, section=quote_section(chunk, start, end))
    entries = list(chunk.page_map)
    if not entries:
        return chunk
    a = entries[_index_at(entries, start)]
    b = entries[_index_at(entries, max(start, end - 1))]
    same = a is b or str(a[1]) == str(b[1])
    return replace(
        chunk,
        page_start=_number(a),
        page_label=str(a[1]),
        page_end=None if same else _number(b),
        page_end_label=None if same else str(b[1]),
    )


_WORD = re.compile(r"\w{2,}")


def supporting_parts(passage: str, claims: Sequence[str], share: float = 0.5) -> list[tuple[int, int, str]]:
    """The sentences of ``passage`` that ``claims`` (a language model's sentences citing it) say:
    per claim, the passage sentence holding the most of the claim's words, when it holds at least
    ``share`` of them; (start, end, text) in passage order, [] when none does — so the citation of
    a written answer names the page of what it rests on, not the page its passage begins on."""
    from assistant.norwegian import sentence_spans

    spans = sentence_spans(passage, before_digits=True)
    words = [set(_WORD.findall(passage[a:b].casefold())) for a, b in spans]
    chosen: set[tuple[int, int]] = set()
    for claim in claims:
        said = set(_WORD.findall(claim.casefold()))
        if not said or not spans:
            continue
        k = max(range(len(spans)), key=lambda i: len(said & words[i]))
        if len(said & words[k]) >= share * len(said):
            chosen.add(spans[k])
    return [(a, b, passage[a:b]) for a, b in sorted(chosen)]


__all__ = ["Part", "common_section", "locate", "page_map_json", "page_span", "quote_chunk", "quote_section",
           "supporting_parts"]


def render_pdf_page(pdf: Path, page: int, out_dir: Path, dpi: int = 60) -> Path | None:
    """A PDF page as a PNG picture via pdftoppm (poppler-utils) for the source panel; None when
    pdftoppm is missing or fails. Kept in ``out_dir`` and reused while the PDF is unchanged."""
    exe = shutil.which("pdftoppm")
    if not exe or not pdf.exists() or pdf.suffix.lower() != ".pdf" or page < 1:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{hashlib.sha1(str(pdf).encode()).hexdigest()[:10]}-s{page}-{dpi}"
    target = prefix.with_suffix(".png")
    if target.exists() and target.stat().st_mtime >= pdf.stat().st_mtime:
        return target
    try:
        subprocess.run([exe, "-f", str(page), "-l", str(page), "-png", "-r", str(dpi), "-singlefile", str(pdf),
                        str(prefix)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return target if target.exists() else None
