"""Citation labels, built from page and section metadata — never by a language model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.language import Language
from assistant.reports import REPORT_KINDS, chapter_number

if TYPE_CHECKING:
    from assistant.models import Chunk, Citation, DocumentMeta, Hit
    from assistant.pages import Part

#: The one "not found" sentence, shared by code, UI and tests.
NOT_FOUND = "Jeg fant ikke noe om dette i dokumentene."
#: The same for an English question.
NOT_FOUND_EN = "I found nothing about this in the documents."
#: Heading for the closest passages shown with NOT_FOUND.
MAYBE_RELEVANT = "Kanskje relevant"
#: NLOD 2.0 requires this wherever law text from Lovdata is shown (and that changes are named).
NLOD_ATTRIBUTION = ("Inneholder data under Norsk lisens for offentlige data (NLOD) 2.0 tilgjengeliggjort av Lovdata "
                    "(teksten er delt opp i avsnitt for søk).")


def attribution(meta: DocumentMeta) -> str:
    """The licence note a passage of this document must be shown with ('' when none is needed)."""
    return NLOD_ATTRIBUTION if meta.kind == "lov" else ""


def not_found_text(language: Language | str) -> str:
    return NOT_FOUND_EN if language == Language.EN else NOT_FOUND


def missing_text(names: Sequence[str], language: Language | str) -> str:
    """«Opplæringslova er ikke lagt inn i dokumentsamlingen.» for laws / white papers the question names."""
    joined = (" and " if language == Language.EN else " og ").join(names)
    joined = joined[:1].upper() + joined[1:]
    if language == Language.EN:
        return f"{joined} {'are' if len(names) > 1 else 'is'} not in the document collection."
    return f"{joined} er ikke lagt inn i dokumentsamlingen."


def page_text(page: int | None, label: str | None, page_end: int | None = None, label_end: str | None = None,
              language: Language | str = Language.NB) -> str:
    """'s. 12' (printed label preferred), 's. 3–4' for a span ('p. 12' in English); '' when there is no page."""
    prefix = "p." if language == Language.EN else "s."
    if label:
        return f"{prefix} {label}–{label_end}" if label_end and label_end != label else f"{prefix} {label}"
    if page is None:
        return ""
    if page_end and page_end != page:
        return f"{prefix} {page}–{page_end}"
    return f"{prefix} {page}"


_PARAGRAPH = re.compile(r"§\s*(\d+(?:-\d+)?(?:\s?[a-z](?![\wæøå]))?)")


def paragraph_number(chunk: Chunk) -> str:
    """'§ 12-2', '§ 2 a' — the innermost § of a law chunk's section path, '' when there is none."""
    for title in reversed(chunk.section):
        m = _PARAGRAPH.search(title)
        if m:
            return f"§ {m.group(1)}"
    return ""


def location_label(meta: DocumentMeta, chunk: Chunk, language: Language | str = Language.NB) -> str:
    """Where in the document: '§ 12-2', '4.2 Inkluderende miljø, s. 14', or the section alone."""
    parts: list[str] = []
    section = chunk.section_title
    if meta.kind == "lov":
        return paragraph_number(chunk) or section
    if meta.kind in REPORT_KINDS and chapter_number(chunk.section):
        chapter = "ch." if language == Language.EN else "kap."
        section = f"{chapter} {chapter_number(chunk.section)}"  # «Meld. St. 6 (2019–2020), kap. 5.2, s. 63»
    if section:
        parts.append(section)
    if meta.has_pages:
        p = page_text(chunk.page_start, chunk.page_label, chunk.page_end, chunk.page_end_label, language)
        if p:
            ocr = " (scanned, OCR)" if language == Language.EN else " (skannet, OCR)"
            parts.append(p + (ocr if chunk.ocr else ""))
    return ", ".join(parts)


def source_label(meta: DocumentMeta, chunk: Chunk, language: Language | str = Language.NB) -> str:
    """The full citation: 'Åmot – Handlingsplan 2021–2024 …, 3.2 Tiltak' or 'opplæringslova § 12-2'."""
    if meta.kind == "lov":
        name = meta.short_name or meta.title
        para = paragraph_number(chunk)
        return f"{name} {para}" if para else name
    head = f"{meta.municipality} – {meta.title}" if meta.municipality else meta.title
    if meta.kind in REPORT_KINDS and meta.short_name:
        head = meta.short_name
    loc = location_label(meta, chunk, language)
    return f"{head}, {loc}" if loc else head


def make_citation(n: int, hit: Hit, quote: str, parts: Sequence[Part] | None = None,
                  language: Language | str = Language.NB) -> Citation:
    """The one place a Citation is built: the chunk narrowed to the pages of the quoted ``parts``
    (texts, or (start, end, text) with their offsets in the passage — assistant/pages.py), the label
    from page and section metadata (in the question's language)."""
    from assistant.models import Citation
    from assistant.pages import quote_chunk

    c, m = quote_chunk(hit.chunk, list(parts or [quote])), hit.meta
    paged = m.has_pages
    return Citation(
        n=n, chunk_id=c.id, source=m.source, title=m.title, municipality=m.municipality,
        page=c.page_start if paged else None, page_label=c.page_label if paged else None,
        section=c.section_title, quote=quote, passage=c.text, label=source_label(m, c, language),
        page_end=c.page_end if paged else None, page_end_label=c.page_end_label if paged else None,
        ocr=c.ocr, doc_id=m.doc_id, attribution=attribution(m),
    )


_MARKER = re.compile(r"\s*\[(\d+)\]")
_MARKERS = re.compile(r"((?:\s*\[\d+\])+)")


def llm_citation(n: int, hit: Hit, answer_text: str, language: Language | str = Language.NB) -> Citation:
    """The citation ``[n]`` of a language model's answer: quote and pages from the passage
    sentences that the answer's sentences marked ``[n]`` say (assistant/pages.py:
    supporting_parts); the passage start when none can be told."""
    from assistant.norwegian import split_sentences
    from assistant.pages import supporting_parts

    claims: list[str] = []
    for line in answer_text.splitlines():
        pieces = _MARKERS.split(line)  # text, markers, text, markers, …: a marker backs the text since the last one
        for text, marks in zip(pieces[::2], pieces[1::2]):
            if n in {int(m) for m in _MARKER.findall(marks)}:
                claims += split_sentences(text.strip(" .,;:-–"))
    parts = supporting_parts(hit.chunk.text, claims)
    if not parts:
        return make_citation(n, hit, hit.chunk.text[:300], language=language)
    return make_citation(n, hit, " ".join(t for _, _, t in parts), parts, language)
