"""Structure detection: cleaned pages → blocks (heading / paragraph / list_item / table_row),
each with the heading path it lives under.

Input is the cleaner's line-structured text: paragraphs separated by blank lines, list items
as lines starting "- " (sub-items "  - "), table rows as cells joined by " | ", headings on
their own line. Heading styles recognised:

* markdown ``#``/``##`` lines (DOCX/HTML/law readers) — level = number of ``#``;
* numbered headings ("4.2 Inkluderende miljø", "1 .0 Innledning", "4 Utviklingsområder") —
  level = numbering depth, trailing ".0" not counted ("1.0" → 1, "4.1.1" → 3);
* area headings ("Område 2: Ledelse", "Kapittel 3 …") — level 1;
* label headings ("Mål", "Mål for skole", "Hovedmål", "Tiltak", "Strategi", …) — one level
  below the current numbered heading; "Tiltak"/"Strategi"/"Indikatorer" directly under a
  goal label ("Mål …") nest one further;
* short title lines and ALL-CAPS lines — one level below the current numbered heading.

A heading block's ``section`` ends with the heading itself; other blocks carry the path of
the headings above them. Numbered lines in a run ("1. …", "2. …") or after a line ending
with ":" are list items, not headings.

Numbered action tables whose text came out column by column ("Tiltak Økonomi Frist periode
Ansvar" / "1 Kompetanseprogram for alle" / "ansatte som …" / "Søke eksterne midler" / "3 år
Sektorleder" / "2 Økt …") are read as a header line naming ≥ 3 column words (bokmål or
nynorsk) followed by rows numbered 1, 2, 3 … (one missing number tolerated). Each row — from
"N …" to the line before the next row number, sub-items "a)" and "- …" included — becomes one
``table_row`` block, its lines joined with spaces; the header is a ``table_row`` of its own.
The table ends at a heading that cannot be a cell (markdown, area, label, "5.1 …"), a new
header whose rows do not continue the numbering, running text, or the end of the document.
"""

from __future__ import annotations

import re

from assistant.models import Block, Page
from ingest.lines import (
    _AREA_RE,
    _BULLET_RE,
    _CAPTION_INSIDE_RE,
    _CLOSES_SENTENCE,
    _END_SENTENCE,
    _ENUM_RE,
    _MD_RE,
    _NUM_RE,
    _SECTION_WORDS,
    _TABLE_LOOKAHEAD,
    _TABLE_SEP,
    _flatten,
    _Head,
    _is_caps,
    _is_label,
    _is_line_list,
    _is_list_or_table,
    _is_table_header,
    _is_weak_title,
    _join_lines_at,
    _Line,
    _normalise_md,
    _normalise_number,
    _num_level,
    _page_marks,
    _row_number,
    _single_number,
    _starts_lower,
    _starts_upper,
    _words,
)


class _Detector:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self.stack: list[_Head] = []
        self.para: list[_Line] = []
        self.open_item: list[tuple[_Line, str]] | None = None  # the lines of the item being read, with their text
        self.skip: set[int] = set()
        self.rest = ""  # text after a heading that was run into its paragraph
        self.last_number: int | None = None  # first number of the last numbered heading

    # --- context helpers --------------------------------------------------------------------

    def _prev(self, i: int) -> _Line | None:
        return self.lines[i - 1] if i > 0 else None

    def _next(self, i: int) -> _Line | None:
        return self.lines[i + 1] if i + 1 < len(self.lines) else None

    def _numbered_heading(self, i: int) -> tuple[int, str] | None:
        """(level, normalised text) when line i is a numbered heading."""
        s = " ".join(self.lines[i].text.split())
        m = _NUM_RE.match(s)
        if not m:
            return None
        number, dot, space, title = m.group(1), m.group(2), m.group(3), m.group(4)
        number = _normalise_number(number)
        multi = "." in number
        if multi and (len(title) > 160 or len(_words(title)) > 25):
            # "4.4.3 Alle har mulighet til … møteplasser. Digitale medier spiller …": a heading
            # run into its first paragraph; keep the first sentence as the heading
            first = re.match(r"^(.{8,160}?[.!?])\s+(?=[A-ZÆØÅ«])", title)
            if first and len(_words(first.group(1))) <= 20:
                self.rest = title[first.end():]
                title = first.group(1)
        if not _starts_upper(title) or len(title) > 160 or len(_words(title)) > 25:
            self.rest = ""
            return None
        if title.endswith((",", ";")) or _TABLE_SEP in title:
            return None
        prev, nxt = self._prev(i), self._next(i)
        if multi:
            if not space and not title[0].isupper():
                return None
            # A run of three adjacent numbered lines (or lines ending in a page number) is a
            # table of contents or a list, not headings.
            if self._in_numbered_run(i) or (
                re.search(r"(\s|\.)\d{1,3}$", title) and self._adjacent_numbered(i)
            ):
                return None
            if int(number.split(".")[0]) > 30:
                return None
            return _num_level(number), f"{number} {title}"
        # single number: "4 Tittel" / "4. Tittel"
        if not space:
            return None
        if len(_words(title)) > 10 or title.endswith((".", ":", "!")):
            return None
        if self._single_run(i):
            return None
        n = int(number)
        if (self.last_number is None and n != 1) or (
            self.last_number is not None and not self.last_number < n <= self.last_number + 3
        ):
            return None  # chapter numbers go 1, 2, 3 …; a stray "2. …" is a list item
        if prev is not None and not self.lines[i].page_start and prev.text.rstrip().endswith(":"):
            return None
        if nxt is None or _starts_lower(nxt.text.strip()):
            return None
        return 1, f"{number}{dot} {title}"

    def _with_continuation(self, i: int, text: str) -> str:
        """A numbered heading wrapped onto a second short line ("… følelse av" / "egenverd",
        "… 2022-" / "2025") gets that line back; the line is then skipped."""
        j = i + 1
        if j >= len(self.lines) or self.lines[j].page_start:
            return text
        nxt = self.lines[j].text.strip()
        if len(nxt) > 80 or _is_list_or_table(nxt) or _NUM_RE.match(nxt) and "." in nxt.split()[0]:
            return text
        if not (text.endswith(("-", "–")) or _starts_lower(nxt)):
            return text
        if j + 1 < len(self.lines) and not self.lines[j + 1].blank_before:
            return text
        self.skip.add(j)
        return f"{text}{nxt}" if text.endswith(("-", "–")) else f"{text} {nxt}"

    def _adjacent_numbered(self, i: int) -> bool:
        """A numbered line directly above or below line i (no blank line between)."""
        before = i > 0 and not self.lines[i].blank_before and _NUM_RE.match(self.lines[i - 1].text.strip())
        after = i + 1 < len(self.lines) and not self.lines[i + 1].blank_before and _NUM_RE.match(
            self.lines[i + 1].text.strip()
        )
        return bool(before or after)

    def _in_numbered_run(self, i: int) -> bool:
        """Line i is part of ≥3 consecutive (no blank line between) numbered lines."""
        def numbered(j: int) -> bool:
            return 0 <= j < len(self.lines) and bool(re.match(r"^\d{1,2}(\.\d{1,2})+\s", self.lines[j].text.strip()))

        run = 1
        j = i
        while numbered(j - 1) and not self.lines[j].blank_before:
            run += 1
            j -= 1
        j = i
        while numbered(j + 1) and not self.lines[j + 1].blank_before:
            run += 1
            j += 1
        return run >= 3

    def _single_run(self, i: int) -> bool:
        """Line i ("3. …") has a neighbour numbered 2 or 4 — a numbered list."""
        n = _single_number(self.lines[i].text)
        if n is None:
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(self.lines):
                m = _single_number(self.lines[j].text)
                if m is not None and abs(m - n) == 1:
                    return True
        return False

    def _is_content(self, j: int) -> bool:
        """Line j reads as body text: prose, a list item or a table row — not a fragment."""
        if j >= len(self.lines):
            return False
        t = self.lines[j].text.strip()
        if _is_list_or_table(t) or _ENUM_RE.match(t) or len(t) >= 60:
            return True
        if _CLOSES_SENTENCE.search(t) and not _is_weak_title(t):
            return True
        nxt = self.lines[j + 1] if j + 1 < len(self.lines) else None
        return nxt is not None and not nxt.blank_before and _starts_lower(nxt.text.strip())

    def _is_paragraph(self, j: int) -> bool:
        """Line j is a long prose paragraph (or the start of one)."""
        if j >= len(self.lines):
            return False
        t = self.lines[j].text.strip()
        return len(t) >= 100 and not _is_list_or_table(t) and _starts_upper(t)

    def _title_ok(self, i: int) -> bool:
        """Line i is a weak title candidate; decide from its neighbours: the line before must
        close a sentence (or be a heading, list item or table row), and body text must follow
        (directly, or after one more title line: "Barnehage" / "Status for barnehage")."""
        prev, nxt = self._prev(i), self._next(i)
        if nxt is None or _starts_lower(nxt.text.strip()):
            return False
        cur = self.lines[i]
        cs = cur.text.strip()
        known = cs.rstrip(":").lower() in _SECTION_WORDS or (cs.endswith("?") and self._is_paragraph(i + 1))
        if prev is not None and not cur.page_start and not known:
            ps = prev.text.strip()
            prev_is_heading = bool(self.blocks) and self.blocks[-1].kind == "heading" and not self.para \
                and self.open_item is None
            closed = _CLOSES_SENTENCE.search(ps) or prev_is_heading or _is_list_or_table(ps) \
                or _CAPTION_INSIDE_RE.search(ps)
            # after an unmarked list item (a long line without a full stop) a title is
            # still believable when a real paragraph follows it
            after_item = len(ps) >= 50 and not ps.endswith((":", ",", "-", "–")) and self._is_paragraph(i + 1)
            if not (closed or after_item):
                return False
        if self._is_content(i + 1) or known:
            return True
        # a pair of title lines followed by body text
        return (
            _is_weak_title(nxt.text) and not _is_label(nxt.text) and self._is_content(i + 2)
        )

    # --- emitting -----------------------------------------------------------------------------

    def _path(self) -> tuple[str, ...]:
        return tuple(h.text for h in self.stack)

    def _flush(self) -> None:
        if self.open_item is not None:
            first = self.open_item[0][0]
            text, starts = _join_lines_at([t for _, t in self.open_item])  # «hjem-» / «reisealternativ» over a page break
            self.blocks.append(
                Block("list_item", text, self._path(), first.page, first.label,
                      page_map=_page_marks([ln for ln, _ in self.open_item], starts),
                      ocr=any(ln.ocr for ln, _ in self.open_item))
            )
            self.open_item = None
        if self.para:
            first = self.para[0]
            parts = [ln.text.strip() for ln in self.para]
            if _is_line_list(parts):
                text = "\n".join(parts)
                starts = [sum(len(p) + 1 for p in parts[:k]) for k in range(len(parts))]
            else:
                text, starts = _join_lines_at(parts)
            self.blocks.append(Block("paragraph", text, self._path(), first.page, first.label,
                                     page_map=_page_marks(self.para, starts),
                                     ocr=any(ln.ocr for ln in self.para)))
            self.para = []

    def _structural_base(self) -> int:
        for h in reversed(self.stack):
            if h.kind == "structural":
                return h.level
        return 0

    def _push(self, level: int, text: str, kind: str, line: _Line) -> None:
        self._flush()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        self.stack.append(_Head(level, text, kind))
        self.blocks.append(Block("heading", text, self._path(), line.page, line.label, level, ocr=line.ocr))

    def _heading(self, i: int) -> bool:
        line = self.lines[i]
        s = " ".join(line.text.split())
        m = _MD_RE.match(s)
        if m:
            self._push(len(m.group(1)), _normalise_md(m.group(2)), "structural", line)
            return True
        self.rest = ""
        num = self._numbered_heading(i)
        if num:
            first = re.match(r"\d+", num[1])
            self.last_number = int(first.group()) if first else None
            rest = self.rest
            self._push(num[0], self._with_continuation(i, num[1]) if not rest else num[1], "structural", line)
            if rest:
                self.para.append(_Line(rest, line.page, line.label, False, False))
            return True
        m = _AREA_RE.match(s)
        if m and len(_words(s)) <= 12 and not s.endswith((".", ",")) and (
            not m.group(3) or _starts_upper(m.group(3))
        ):
            self._push(1, s.rstrip(":"), "structural", line)
            return True
        label = _is_label(s)
        if label:
            base = self._structural_base()
            if base == 0 and not s.lower().startswith("hovedmål") and any(
                h.kind == "title" and h.level == 1 and not _is_caps(h.text) for h in self.stack
            ):
                base = 1  # no numbered headings: "Mål"/"Tiltak" sit under the current title
            level = base + 1
            if label == "sub" and self.stack and self.stack[-1].kind == "goal":
                level = self.stack[-1].level + 1
            elif label == "sub" and self.stack and self.stack[-1].kind == "sub" and len(self.stack) >= 2 and self.stack[-2].kind == "goal":
                level = self.stack[-1].level
            self._push(level, s.rstrip(":").strip(), label, line)
            return True
        after_label = (
            bool(self.blocks) and self.blocks[-1].kind == "heading" and bool(self.stack)
            and self.stack[-1].kind in ("goal", "sub") and not self.para and self.open_item is None
        )
        # under "Tiltak"/"Strategi"/"Indikatorer" short lines are table cells, not titles
        in_table_label = bool(self.stack) and self.stack[-1].kind == "sub" and not _is_caps(s)
        if not after_label and not in_table_label and _is_weak_title(s) and self._title_ok(i):
            level = self._structural_base() + 1
            last = self.blocks[-1] if self.blocks else None
            if last is not None and last.kind == "heading" and not self.para and self.open_item is None \
                    and self.stack and self.stack[-1].kind == "title" and self.stack[-1].text == last.text:
                level = self.stack[-1].level + 1  # a title right under a title nests
            self._push(level, s, "title", line)
            return True
        return False

    def run(self) -> list[Block]:
        for i, line in enumerate(self.lines):
            if i in self.skip:
                continue
            s = line.text.strip()
            continuing = self._continues_paragraph(line)
            if self._continues_item(line):
                assert self.open_item is not None
                self.open_item.append((line, s))
                continue
            if line.blank_before and not continuing:
                self._flush()
            table = None if continuing else self._action_table(i)
            if table is not None:
                entries, end = table
                self._emit_table(entries)
                self.skip.update(range(i + 1, end))
                continue
            if _TABLE_SEP in s:
                self._flush()
                self.blocks.append(Block("table_row", s, self._path(), line.page, line.label, ocr=line.ocr))
                continue
            if _BULLET_RE.match(line.text):
                self._flush()
                self.open_item = [(line, line.text.rstrip())]
                continue
            if not continuing and self._heading(i):
                continue
            if self._enumerated_item(i):
                self._flush()
                self.open_item = [(line, s)]
                continue
            if self.open_item is not None and not line.blank_before and (
                _starts_lower(s) or line.text.startswith(" ")
            ):
                self.open_item.append((line, s))
                continue
            if self.open_item is not None:
                self._flush()
            self.para.append(line)
        self._flush()
        return self.blocks

    # --- action tables written column by column --------------------------------------------------

    def _action_table(self, i: int) -> tuple[list[list[_Line]], int] | None:
        """Line i is the header of a numbered action table whose text came out column by
        column ("1 Kompetanseprogram for alle" / "ansatte som …" / "Søke eksterne midler" /
        "3 år Sektorleder" / "2 Økt tverrfaglig …"): the header and every row — from "N …" to
        the line before the next row number — as its lines, and the index after the
        table. Row numbers go 1, 2, 3 … (one missing number tolerated); a table needs ≥ 2 rows."""
        if not _is_table_header(self.lines[i].text):
            return None
        n = len(self.lines)
        header = [self.lines[i]]
        j = i + 1
        while j < n and j - i <= 2 and _row_number(self.lines[j].text) is None:
            t = self.lines[j].text.strip()  # a header wrapped onto a second short line
            if len(t) > 40 or _is_list_or_table(t) or t[:1].isdigit() or _ENUM_RE.match(t):
                return None
            header.append(self.lines[j])
            j += 1
        if j >= n or _row_number(self.lines[j].text) != 1:
            return None
        out: list[list[_Line]] = [header]
        rows = 0
        last = 0
        while j < n:
            line = self.lines[j]
            s = line.text.strip()
            num = _row_number(s)
            if num is not None and self._next_row(j, num, last):
                out.append([line])
                rows += 1
                last = num
                j += 1
                continue
            if _is_table_header(s):
                # the header repeated on a new page: the table goes on when the numbering does
                k = j + 1
                while k < n and k - j <= 2 and _row_number(self.lines[k].text) is None:
                    k += 1
                nxt = _row_number(self.lines[k].text) if k < n else None
                if nxt is None or not self._next_row(k, nxt, last):
                    break
                out.append(self.lines[j:k])
                j = k
                continue
            if self._table_ends(j):
                break
            out[-1].append(line)
            j += 1
        if rows < 2:
            return None
        return out, j

    def _next_row(self, j: int, num: int, last: int) -> bool:
        """Row number ``num`` on line j follows row ``last``: the next number, or one number
        further when the skipped number does not come later ("6" → "8"; but not "3 år …" inside
        row 1 when "2 …" follows)."""
        if num == last + 1:
            return True
        if num != last + 2:
            return False
        for k in range(j + 1, min(len(self.lines), j + _TABLE_LOOKAHEAD)):
            m = _row_number(self.lines[k].text)
            if m == last + 1:
                return False
            if m is not None and num < m <= num + 2:
                break
            if self._table_ends(k):
                break
        return True

    def _table_ends(self, j: int) -> bool:
        """Line j (not a row number) ends a column-wise table: a heading that cannot be a
        cell (markdown, area, goal/measure label, "5.1 …", a chapter number before running
        text, a title opening a page of running text), or a paragraph of running text. Other
        short lines are cells: "Må utredes 2022 Sektorleder" reads like a title too."""
        s = " ".join(self.lines[j].text.split())
        if _MD_RE.match(s) or _is_label(s):
            return True
        m = _AREA_RE.match(s)
        if m and len(_words(s)) <= 12 and not s.endswith((".", ",")):
            return True
        rest = self.rest
        try:
            num = self._numbered_heading(j)
        finally:
            self.rest = rest
        if num is not None and ("." in num[1].split()[0].rstrip(".") or self._is_paragraph(j + 1)):
            return True
        if self.lines[j].page_start and _is_weak_title(s) and self._is_running_text(j + 1):
            return True  # a new page opens with a title and running text
        return self._is_running_text(j)

    def _is_running_text(self, j: int) -> bool:
        """Line j is a paragraph of running text — longer and more sentences than a cell."""
        if j >= len(self.lines):
            return False
        t = self.lines[j].text.strip()
        if len(t) < 200 or _is_list_or_table(t) or not _starts_upper(t) or not _CLOSES_SENTENCE.search(t):
            return False
        return len(re.findall(r"[.!?]\s+[A-ZÆØÅ«]", t)) >= 1

    def _emit_table(self, entries: list[list[_Line]]) -> None:
        """One table_row block per row, its lines joined; a row whose cells run onto the next page
        keeps where its text changes page (its page map), so a citation of it names both pages."""
        self._flush()
        for lines in entries:
            kept = [ln for ln in lines if ln.text.strip()]
            text, starts = _join_lines_at([ln.text.replace(_TABLE_SEP, " ").strip() for ln in kept])
            first = lines[0]
            self.blocks.append(Block("table_row", text, self._path(), first.page, first.label,
                                     page_map=_page_marks(kept, starts), ocr=any(ln.ocr for ln in kept)))

    def _continues_paragraph(self, line: _Line) -> bool:
        """A paragraph broken by a page break: the page ends mid-sentence and the next page
        starts in lowercase."""
        if not line.page_start or not self.para:
            return False
        last = self.para[-1].text.strip()
        return not last.endswith(_END_SENTENCE) and _starts_lower(line.text.strip())

    def _continues_item(self, line: _Line) -> bool:
        """A list item broken by a page break: the item ends the page mid-sentence and the next
        page starts in lowercase (not with a bullet or a table row)."""
        if not line.page_start or self.open_item is None:
            return False
        s = line.text.strip()
        last = self.open_item[-1][1].strip()
        return not last.endswith(_END_SENTENCE) and _starts_lower(s) and not _BULLET_RE.match(line.text) \
            and _TABLE_SEP not in s

    def _enumerated_item(self, i: int) -> bool:
        s = self.lines[i].text.strip()
        if not _ENUM_RE.match(s):
            return False
        if _single_number(s) is not None:
            prev = self._prev(i)
            return self._single_run(i) or (
                prev is not None and prev.text.rstrip().endswith(":")
            ) or (self.open_item is not None)
        # "a) …" / "b. …": a lettered item
        return bool(re.match(r"^[a-z][.)]\s", s))


def detect_blocks(pages: list[Page]) -> list[Block]:
    """Split cleaned pages into heading / paragraph / list_item / table_row blocks, each with
    the heading path (outermost first) it lives under. A heading's own path ends with itself."""
    return _Detector(_flatten(pages)).run()
