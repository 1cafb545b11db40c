"""One file → ParsedDocument: read (ingest/readers) → clean (ingest/clean.py) → structure
(ingest/structure.py). Pure: touches no index."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Block, DocumentMeta, Page, ParsedDocument
from ingest.clean import clean_pages
from ingest.manifest import infer_meta
from ingest.readers import read_pages
from ingest.structure import detect_blocks


def content_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_document(path: Path, meta: DocumentMeta | None = None, digest: str | None = None,
                   on_page: Callable[[int, int], None] | None = None) -> ParsedDocument:
    """Read, clean and structure one file. ``meta`` from the manifest, else inferred.
    Raises IngestError (Norwegian reason) for unreadable or empty documents."""
    raw = read_pages(path, on_page)
    pages = clean_pages(raw)
    if not any(p.text.strip() for p in pages):
        raise IngestError(path, "fant ingen tekst i dokumentet")
    if meta is None:
        from ingest.readers.law import law_meta

        meta = infer_meta(path, raw, law_meta(path))  # raw: running headers name the municipality
    blocks = detect_blocks(pages)
    return ParsedDocument(meta=meta, path=path, content_hash=digest or content_hash(path), pages=pages, blocks=blocks,
                          notes=page_notes(raw))


def page_notes(pages: list[Page]) -> tuple[str, ...]:
    """Per-page problems and OCR'd pages, grouped: ("side 2, 5: skannet side … mangler", …)."""
    grouped: dict[str, list[str]] = {}
    for p in pages:
        if p.note:
            grouped.setdefault(p.note, []).append(str(p.number))
        if p.ocr:
            grouped.setdefault("lest med OCR (Tesseract)", []).append(str(p.number))
    return tuple(f"side {', '.join(nums)}: {note}" for note, nums in grouped.items())


def read_plans(paths: list[Path]) -> list[tuple[DocumentMeta, list[Block]]]:
    """Files → plans for the checker, without indexing them (``python -m ingest --check``);
    the manifest next to each file gives its metadata when it has a row for it."""
    from ingest.manifest import read_manifest

    out = []
    for p in paths:
        doc = parse_document(p, read_manifest(p.parent).get(p.name))
        out.append((doc.meta, doc.blocks))
    return out
