"""Plain text and Markdown: one Page(number=None), or numbered pages when the text has form
feeds (\\f marks a page break). PDF-extracted seed texts have no page markers, so they keep
``number=None`` and are cited by section, never by an invented page."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page


def decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM); else cp1252; else latin-1 (never fails)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text(path: Path) -> list[Page]:
    """Read a .txt/.md file. Raises IngestError when it cannot be read or holds no text."""
    try:
        text = decode_bytes(Path(path).read_bytes())
    except OSError as exc:
        raise IngestError(path, f"kunne ikke lese filen ({exc.strerror or exc})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(path, "filen er tom")
    if "\f" not in text:
        return [Page(number=None, text=text)]
    parts = text.split("\f")
    if parts and not parts[-1].strip():  # a trailing form feed does not start a new page
        parts = parts[:-1]
    return [Page(number=i + 1, text=part) for i, part in enumerate(parts)]
