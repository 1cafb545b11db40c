"""Citation labels, built from page and section metadata — never by a language model."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.reports import REPORT_KINDS, chapter_number

if TYPE_CHECKING:
    from assistant.models import Chunk, DocumentMeta

#: The one "not found" sentence, shared by code, UI and tests.
NOT_FOUND = "Jeg fant ikke noe om dette i dokumentene."
#: Heading for the closest passages shown with NOT_FOUND.
MAYBE_RELEVANT = "Kanskje relevant"
#: NLOD 2.0 requires this wherever law text from Lovdata is shown (and that changes are named).
NLOD_ATTRIBUTION = ("Inneholder data under Norsk lisens for offentlige data (NLOD) 2.0 tilgjengeliggjort av Lovdata "
                    "(teksten er delt opp i avsnitt for søk).")


def attribution(meta: DocumentMeta) -> str:
    """The licence note a passage of this document must be shown with ('' when none is needed)."""
    return NLOD_ATTRIBUTION if meta.kind == "lov" else ""


def page_text(page: int | None, label: str | None, page_end: int | None = None, label_end: str | None = None) -> str:
    """'s. 12' (printed label preferred), 's. 3–4' for a span; '' when there is no page."""
    if label:
        return f"s. {label}–{label_end}" if label_end and label_end != label else f"s. {label}"
    if page is None:
        return ""
    if page_end and page_end != page:
        return f"s. {page}–{page_end}"
    return f"s. {page}"


_PARAGRAPH = re.compile(r"§\s*(\d+(?:-\d+)?(?:\s?[a-z](?![\wæøå]))?)")


def paragraph_number(chunk: Chunk) -> str:
    """'§ 12-2', '§ 2 a' — the innermost § of a law chunk's section path, '' when there is none."""
    for title in reversed(chunk.section):
        m = _PARAGRAPH.search(title)
        if m:
            return f"§ {m.group(1)}"
    return ""


def location_label(meta: DocumentMeta, chunk: Chunk) -> str:
    """Where in the document: '§ 12-2', '4.2 Inkluderende miljø, s. 14', or the section alone."""
    parts: list[str] = []
    section = chunk.section_title
    if meta.kind == "lov":
        return paragraph_number(chunk) or section
    if meta.kind in REPORT_KINDS and chapter_number(chunk.section):
        section = f"kap. {chapter_number(chunk.section)}"  # «Meld. St. 6 (2019–2020), kap. 5.2, s. 63»
    if section:
        parts.append(section)
    if meta.has_pages:
        p = page_text(chunk.page_start, chunk.page_label, chunk.page_end, chunk.page_end_label)
        if p:
            parts.append(p + (" (skannet, OCR)" if chunk.ocr else ""))
    return ", ".join(parts)


def source_label(meta: DocumentMeta, chunk: Chunk) -> str:
    """The full citation: 'Åmot – Handlingsplan 2021–2024 …, 3.2 Tiltak' or 'opplæringslova § 12-2'."""
    if meta.kind == "lov":
        name = meta.short_name or meta.title
        para = paragraph_number(chunk)
        return f"{name} {para}" if para else name
    head = f"{meta.municipality} – {meta.title}" if meta.municipality else meta.title
    if meta.kind in REPORT_KINDS and meta.short_name:
        head = meta.short_name
    loc = location_label(meta, chunk)
    return f"{head}, {loc}" if loc else head
