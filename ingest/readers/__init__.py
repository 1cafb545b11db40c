"""Document readers: one file → list[Page].

``read_pages`` picks the reader from the file suffix *and* the file content (a file named .pdf
that is not a PDF is reported as such; a PDF named .txt is read as a PDF). Every failure is an
``IngestError`` with a plain-Norwegian reason; no library exception escapes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page
from assistant.vocabulary import SUPPORTED_SUFFIXES

SUPPORTED = SUPPORTED_SUFFIXES
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _sniff(head: bytes) -> str:
    """What the first bytes say the file is: "pdf", "zip", "ole" (old .doc/.xls), "binary" or "text"."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def read_pages(path: Path, on_page: Callable[[int, int], None] | None = None) -> list[Page]:
    """Read a document into pages. Raises IngestError (Norwegian reason) when the file cannot be read.
    ``on_page(done, total)`` reports progress through a PDF's pages."""
    from ingest.readers import docx as docx_reader
    from ingest.readers import html as html_reader
    from ingest.readers import law as law_reader
    from ingest.readers import pdf as pdf_reader
    from ingest.readers import text as text_reader

    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise IngestError(path, "fant ikke filen") from None
    except OSError as exc:
        raise IngestError(path, f"kunne ikke åpne filen ({exc.strerror or exc})") from None
    if size == 0:
        raise IngestError(path, "filen er tom")

    suffix = path.suffix.lower()
    kind = _sniff(head)

    if kind == "pdf":
        return pdf_reader.read_pdf(path, on_page)
    if suffix == ".pdf":
        raise IngestError(path, "filen heter .pdf, men er ikke en PDF")
    if suffix == ".docx":
        if kind != "zip":
            raise IngestError(path, "filen heter .docx, men er ikke et Word-dokument (DOCX)")
        return docx_reader.read_docx(path)
    if suffix == ".doc" or kind == "ole":
        raise IngestError(path, "gamle Word-filer (.doc) støttes ikke – lagre dokumentet som .docx eller PDF")
    if kind in ("zip", "binary"):
        if suffix in SUPPORTED:
            raise IngestError(path, f"filen heter {suffix}, men innholdet er ikke tekst")
        raise IngestError(path, _unsupported(suffix))

    if suffix == ".xml":
        if law_reader.is_lovdata_xml(head.decode("utf-8", "replace")):
            return law_reader.read_law(path)
        raise IngestError(path, "XML-filen er ikke en lov fra Lovdata; andre XML-filer støttes ikke")
    if suffix in _HTML_SUFFIXES:
        if law_reader.is_lovdata_xml(head.decode("utf-8", "replace")):
            return law_reader.read_law(path)
        return html_reader.read_html(path)
    if suffix in _TEXT_SUFFIXES:
        text = text_reader.decode_bytes(path.read_bytes())
        if not text.strip():
            raise IngestError(path, "filen er tom")
        if law_reader.is_law_markdown(text):
            return law_reader.read_law(path)
        return text_reader.read_text(path)
    raise IngestError(path, _unsupported(suffix))


def _unsupported(suffix: str) -> str:
    name = f"«{suffix}»" if suffix else "uten filendelse"
    return f"filtypen {name} støttes ikke (bruk PDF, DOCX, HTML, TXT, MD eller lov-XML fra Lovdata)"


__all__ = ["read_pages", "SUPPORTED"]
