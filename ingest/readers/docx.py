"""DOCX reader (python-docx): one Page(number=None). Headings ("Heading N"/"Overskrift N",
"Title"/"Tittel") become markdown heading lines, list paragraphs "- item", tables one line per
row with cells joined by " | ". Body order (paragraphs and tables interleaved) is kept.

A 1×1 table is a framed heading or label, as Word users make them (a shaded box holding
«REKRUTTERING» or «MÅL:»): a short text ending with ":" stays a label line for the structure
step («MÅL:» → a goal label), other short text becomes a heading one level below the document's
deepest heading style in use (level 1 when none is used); a long 1×1 table (a text box) gives its
paragraphs as paragraphs."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page

_HEADING = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
_TITLE = {"title", "tittel"}


def read_docx(path: Path) -> list[Page]:
    """Read a .docx file. Raises IngestError when it is not a readable Word document."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(path, "Word-dokumentet er skadet eller ikke et DOCX-dokument") from exc
    except Exception as exc:
        raise IngestError(path, f"kunne ikke lese Word-dokumentet ({type(exc).__name__})") from None

    blocks: list[str] = []
    body = document.element.body
    children = list(body.iterchildren())
    box_level = 1
    for child in children:
        if child.tag.rsplit("}", 1)[-1] == "p":
            line = _paragraph(Paragraph(child, document))
            if line.startswith("#"):
                box_level = max(box_level, min(len(line) - len(line.lstrip("#")), 3))
    for child in children:
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            line = _paragraph(Paragraph(child, document))
            if line:
                blocks.append(line)
        elif tag == "tbl":
            table = Table(child, document)
            boxed = _single_cell(table)
            if boxed is not None:
                blocks.extend(_box(boxed, box_level))
                continue
            rows = _table(table)
            if rows:
                blocks.append("\n".join(rows))
    text = _join(blocks)
    if not text.strip():
        raise IngestError(path, "fant ingen tekst i Word-dokumentet")
    return [Page(number=None, text=text)]


def _paragraph(paragraph) -> str:
    text = " ".join(paragraph.text.split())
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    m = _HEADING.match(style.strip())
    if m:
        return "#" * max(1, min(6, int(m.group(1)))) + " " + text
    if style.strip().lower() in _TITLE:
        return "# " + text
    if _is_list(paragraph, style):
        return "  " * _list_level(paragraph) + "- " + text
    return text


def _is_list(paragraph, style: str) -> bool:
    if "list" in style.lower() or "liste" in style.lower():
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.numPr is not None


def _list_level(paragraph) -> int:
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.ilvl is not None:
        try:
            return min(int(ppr.numPr.ilvl.val), 3)
        except (TypeError, ValueError):
            return 0
    return 0


def _single_cell(table):
    """The one cell of a 1×1 table (merged cells count once), else None."""
    try:
        rows = table.rows
        if len(rows) != 1:
            return None
        cells = {id(c._tc): c for c in rows[0].cells}
    except (IndexError, ValueError):
        return None
    return next(iter(cells.values())) if len(cells) == 1 else None


def _box(cell, level: int) -> list[str]:
    """Blocks of a 1×1 table: a label line, a heading, or the paragraphs of a text box."""
    paragraphs = [" ".join(p.text.split()) for p in cell.paragraphs]
    paragraphs = [p for p in paragraphs if p]
    text = " ".join(paragraphs)
    if not text:
        return []
    if len(text) <= 100 and len(text.split()) <= 12 and not text.endswith((".", "!", "?", ";", ",")):
        if text.endswith(":"):
            return [text]  # «MÅL:», «TILTAK:»: a label the structure step knows
        return ["#" * level + " " + text]
    return paragraphs


def _table(table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:  # merged cells repeat the same cell object
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.replace("|", "/").split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


def _join(blocks: list[str]) -> str:
    """Blank line between blocks, except between consecutive list items."""
    out: list[str] = []
    for block in blocks:
        if out and not (block.lstrip().startswith("- ") and out[-1].lstrip().startswith("- ")):
            out.append("")
        out.append(block)
    return "\n".join(out) + "\n"
