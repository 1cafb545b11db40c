"""Structure-aware chunking: blocks → retrievable chunks.

Rules:

* a chunk never crosses a top-level section boundary when it can be avoided, and never mixes
  two law paragraphs (§§): each § starts a new chunk, a § longer than ``chunk_size`` is split
  between its ledd (paragraph blocks), every part keeping the § in its section path;
* a heading is never the last thing in a chunk: it always travels with its first lines, and
  heading lines are part of the chunk text;
* list items and table rows are never split; a table continued in a new chunk starts with its
  header row again (the column names: «Tiltak | Ansvar | Frist»); a paragraph longer than ``chunk_size`` is split
  at sentence boundaries (a single overlong sentence at word boundaries);
* when a chunk is full in the middle of a section, the next chunk of the *same* section starts
  with up to ``chunk_overlap`` characters of whole sentences/items from the end of the previous;
* at a heading, a chunk that is already half full is closed, so chunks follow sections;
* ``Chunk.section`` is the deepest heading path shared by the chunk's text (the chunk text
  itself is pure document text); ids are ``f"{doc_id}::{seq}"`` from 0, deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from assistant.models import Block, Chunk
from assistant.norwegian import split_sentences
from assistant.pages import common_section


@dataclass(frozen=True)
class _Unit:
    """The smallest piece the packer moves: a block, or a sentence of a long paragraph."""

    text: str
    kind: str  # block kind
    section: tuple[str, ...]
    page: int | None
    label: str | None
    source: int  # index of the block it came from; sentences of one paragraph share it
    #: page changes inside ``text``: (offset, page, label), first at 0; empty: all on ``page``
    marks: tuple[tuple[int, int, str | None], ...] = ()
    ocr: bool = False
    header: _Unit | None = None  # a table row's header row (column names), repeated in a new chunk

    @property
    def heading(self) -> bool:
        return self.kind == "heading"

    @property
    def sticky(self) -> bool:
        """Never the last thing in a chunk: a heading, or a short lead-in line ending with
        ":" ("Dette betyr for den enkelte at:") that introduces what follows."""
        if self.heading:
            return True
        return self.kind == "paragraph" and len(self.text) <= 200 and self.text.rstrip().endswith(":")


def _split_words(text: str, size: int) -> list[str]:
    """Break an overlong sentence at spaces into parts of at most ``size`` characters."""
    parts: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) > size and current:
            parts.append(current)
            current = word
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def _piece(base: _Unit, marks: tuple[tuple[int, int, str | None], ...], text: str, at: int) -> _Unit:
    """The unit for ``text`` found at offset ``at`` of the block text, with its own pages."""
    if not marks:
        return replace(base, text=text)
    end = at + len(text)
    inside = [m for m in marks if m[0] <= at]
    first = inside[-1] if inside else marks[0]
    local = [(0, first[1], first[2])] + [(m[0] - at, m[1], m[2]) for m in marks if at < m[0] < end]
    return replace(base, text=text, page=first[1], label=first[2], marks=tuple(local) if len(local) > 1 else ())


def _is_header_row(text: str) -> bool:
    """A table's first row names its columns: two or more short cells."""
    cells = [c.strip() for c in text.split(" | ")]
    return len(cells) >= 2 and all(0 < len(c) <= 40 for c in cells)


def _units(blocks: list[Block], chunk_size: int) -> list[_Unit]:
    units: list[_Unit] = []
    for i, block in enumerate(blocks):
        lead = len(block.text) - len(block.text.lstrip("\n"))
        text = block.text.strip("\n")
        if not text.strip():
            continue
        marks = tuple((max(0, o - lead), p, lb) for o, p, lb in block.page_map)
        base = _Unit(text, block.kind, block.section, block.page, block.page_label, i, marks, block.ocr)
        if block.kind == "table_row":
            prev = units[-1] if units else None
            if prev is not None and prev.kind == "table_row" and prev.section == base.section and prev.source == i - 1:
                header = prev.header or (prev if _is_header_row(prev.text) else None)
                base = replace(base, header=header)
        if block.kind != "paragraph" or len(text) <= chunk_size:
            units.append(base)
            continue
        pos = 0
        for sentence in split_sentences(text):
            # an overlong "sentence" (a run-on list) is cut at spaces, leaving room for headings
            for part in _split_words(sentence, chunk_size * 3 // 4) if len(sentence) > chunk_size else [sentence]:
                at = text.find(part, pos)
                at = pos if at < 0 else at
                units.append(_piece(base, marks, part, at))
                pos = at + len(part)
    return units


def _join(units: list[_Unit]) -> str:
    return _join_with_pages(units)[0]


def _join_with_pages(units: list[_Unit]) -> tuple[str, tuple[tuple[int, str, int], ...]]:
    """The chunk text and its page map: (offset, page label, page number) where the page changes
    (the label is the printed label, else the page number)."""
    text = ""
    page_map: list[tuple[int, str, int]] = []
    for k, unit in enumerate(units):
        if k == 0:
            text = unit.text
            start = 0
        else:
            text += (" " if unit.source == units[k - 1].source else "\n") + unit.text
            start = len(text) - len(unit.text)
        for offset, page, label in unit.marks or ((0, unit.page, unit.label),):
            if page is None:
                continue
            shown = label or str(page)
            if not page_map or page_map[-1][2] != page:
                page_map.append((start + offset if page_map else 0, shown, page))
    return text, tuple(page_map)


def _law_paragraph(section: tuple[str, ...]) -> str | None:
    return next((s for s in reversed(section) if s.startswith("§")), None)


def _shared_depth(blocks: list[Block]) -> int:
    """How many leading section elements every sectioned block shares (a document title
    heading above everything); the top-level section is the element after them."""
    sections = [b.section for b in blocks if b.section]
    if not sections:
        return 0
    depth = 0
    while all(len(s) > depth + 1 and s[depth] == sections[0][depth] for s in sections):
        depth += 1
    return depth


def _overlap(previous: list[_Unit], section: tuple[str, ...], budget: int) -> list[_Unit]:
    """Whole sentences/items from the end of ``previous`` that belong to ``section``, at most
    ``budget`` characters in all."""
    carried: list[_Unit] = []
    used = 0
    for unit in reversed(previous):
        if unit.heading or unit.section != section:
            break
        pieces = split_sentences(unit.text) if unit.kind == "paragraph" else [unit.text]
        stop = False
        for piece in reversed(pieces):
            if used + len(piece) + 1 > budget:
                stop = True
                break
            at = unit.text.rfind(piece)
            carried.insert(0, _piece(unit, unit.marks, piece, max(at, 0)))  # with its own pages
            used += len(piece) + 1
        if stop:
            break
    return carried


class _Packer:
    def __init__(self, blocks: list[Block], chunk_size: int, chunk_overlap: int) -> None:
        self.size = chunk_size
        self.overlap = chunk_overlap
        self.depth = _shared_depth(blocks)
        self.done: list[list[_Unit]] = []
        self.current: list[_Unit] = []

    def _top(self, section: tuple[str, ...]) -> tuple[str, ...]:
        return section[: self.depth + 1]

    def _has_content(self) -> bool:
        return any(not u.heading for u in self.current)

    def _last_content(self) -> _Unit | None:
        return next((u for u in reversed(self.current) if not u.heading), None)

    def _close(self) -> list[_Unit]:
        """Close the current chunk; trailing headings (and lead-ins) move on to the next one."""
        moved: list[_Unit] = []
        while self.current and self.current[-1].sticky and any(not u.sticky for u in self.current[:-1]):
            moved.insert(0, self.current.pop())
        if self.current:
            self.done.append(self.current)
        self.current = []
        return moved

    def _boundary(self, unit: _Unit) -> bool:
        """A structural reason to start a new chunk before ``unit``."""
        if not self._has_content():
            return False
        last = self.current[-1]
        if self._top(unit.section) != self._top(last.section):
            return True
        content = self._last_content()
        assert content is not None
        if _law_paragraph(unit.section) != _law_paragraph(content.section):
            return True
        if not unit.heading:
            return False
        size = len(_join(self.current))
        if size >= self.size // 2:
            return True
        # a heading that leaves the section the chunk started in (4.1.3 … → 4.2, Mål → 4.2.1)
        first = next(u for u in self.current if not u.heading)
        # (a heading's own section ends with itself; a same-named sibling is not "inside")
        inside = len(unit.section) > len(first.section) and unit.section[: len(first.section)] == first.section
        return not inside and size >= self.size // 6

    def add(self, unit: _Unit) -> None:
        if self._boundary(unit):
            self.current = self._close()
        elif self._has_content() and len(_join(self.current + [unit])) > self.size:
            last = self._last_content()
            previous = self.current
            moved = self._close()
            carried: list[_Unit] = []
            if not moved and not unit.heading and last is not None and last.section == unit.section:
                carried = _overlap(previous, unit.section, self.overlap)
                while carried and len(_join(carried + [unit])) > self.size:
                    carried.pop(0)
            self.current = moved + carried
        if unit.header is not None and not any(u.kind == "table_row" for u in self.current):
            self.current.append(unit.header)  # a table continued in a new chunk keeps its column names
        self.current.append(unit)

    def finish(self) -> list[list[_Unit]]:
        if self.current:
            if self._has_content() or not self.done:
                self.done.append(self.current)
            else:  # headings with nothing under them at the very end: nothing to retrieve
                pass
        return self.done


def _section_map(units: list[_Unit], text: str, shared: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Where the chunk text changes section — (offset, section path), first at 0 — when its
    units stand in more than one section (else empty: ``Chunk.section`` says it all). A citation
    quoting part of the chunk names the quoted part's section (assistant/pages.py)."""
    if all(u.section == shared for u in units):
        return ()
    out: list[tuple[int, tuple[str, ...]]] = []
    pos = 0
    for unit in units:
        at = text.find(unit.text, pos)
        at = pos if at < 0 else at
        pos = at + len(unit.text)
        if not out or out[-1][1] != unit.section:
            out.append((at if out else 0, unit.section))
    return tuple(out) if len(out) > 1 else ()


def chunk_blocks(doc_id: str, blocks: list[Block], chunk_size: int = 1500, chunk_overlap: int = 150) -> list[Chunk]:
    """Pack blocks into chunks of at most ``chunk_size`` characters (a single list item or
    table row longer than that stays whole) following the rules in the module docstring."""
    if chunk_size <= 0:
        raise ValueError("chunk_size must be positive")
    packer = _Packer(blocks, chunk_size, max(0, min(chunk_overlap, chunk_size // 2)))
    for unit in _units(blocks, chunk_size):
        packer.add(unit)
    chunks: list[Chunk] = []
    for seq, units in enumerate(packer.finish()):
        content = [u.section for u in units if not u.heading] or [units[-1].section]
        section = common_section(content)
        text, page_map = _join_with_pages(units)
        pages = [p for _, _, p in page_map]
        labelled = any(u.label for u in units)
        chunks.append(
            Chunk(
                id=f"{doc_id}::{seq}",
                doc_id=doc_id,
                seq=seq,
                text=text,
                section=section,
                page_start=pages[0] if pages else None,
                page_end=max(pages) if pages else None,
                page_label=page_map[0][1] if labelled and page_map else None,
                page_map=page_map,
                page_end_label=page_map[-1][1] if labelled and len(page_map) > 1 else None,
                ocr=any(u.ocr for u in units),
                section_map=_section_map(units, text, section),
            )
        )
    return chunks
