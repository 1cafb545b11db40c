"""PDF reader (pypdf): one Page per physical page, with the printed page label when the PDF
defines page labels (/PageLabels in the catalog).

Text extraction. On upright single-column pages pypdf's layout mode keeps what the cleaner needs
— blank lines between paragraphs, a bullet glyph on the same line as its text, table cells
separated by runs of spaces — while plain mode loses the paragraph breaks and puts each table
cell on a line of its own. But layout mode interleaves side-by-side columns and side graphics
line by line, so landscape pages (slides exported from PowerPoint: text boxes anywhere) and
pages whose layout text looks multi-column (prose followed by more text after a wide gap) are
read in plain mode, which follows the content stream — text box by text box.

Measured on the real PDFs (`python -m eval.realdocs_layout --compare`: 7 pages of Tromsø's
landscape kommuneplan and Telemark's A4 handlingsplan whose reading order was checked by hand on
the rendered pages — 38 sentences and list items that must come out whole and in order, no
«Side N» footer left — plus the circle graphic «Sosialt / Et bærekraftig Tromsø / Økonomisk /
Klima- og miljømessig» on Tromsø's 7 slide pages that must not land inside running text):

    option                          pages  whole  graphic inside text
    pypdf layout                    2/7    24/38  10 lines
    pdfplumber 0.11 (MIT)           1/7    21/38   7
    pypdfium2 5.15 (Apache/BSD)     6/7    34/38   0
    pypdf plain                     6/7    34/38   0
    before (layout, old fallback)   2/7    30/38  10
    this reader (+ PUA bullets)     see eval/README.md

pypdf plain and pypdfium2 tie (the 4 misses of both were private-use bullet glyphs, fixed in the
cleaner); pypdf is already a dependency, so plain mode is the fallback. PyMuPDF (AGPL) was not
considered.

Scanned pages (no text layer, an image) are read by the tesseract program (Debian packages
tesseract-ocr and tesseract-ocr-nor; languages nor+eng) and marked ``Page.ocr``; where Tesseract
is missing such a page keeps a note that the ingest report shows for the file.

Bad input becomes an IngestError with a Norwegian reason: encrypted, corrupt/truncated, no
text layer at all (scanned, and Tesseract missing or finding nothing).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path

from assistant.errors import IngestError
from assistant.models import Page

log = logging.getLogger(__name__)

PageProgress = Callable[[int, int], None]  # (pages done, pages in all)

ENCRYPTED = "PDF-en er kryptert/passordbeskyttet – lagre en kopi uten passord og last den opp på nytt"
CORRUPT = "PDF-en er skadet og kan ikke leses"
TRUNCATED = "PDF-en er ufullstendig (avkortet) – filen ble trolig ikke lastet ned eller kopiert helt"
NO_TEXT = "fant ingen tekst – skannet dokument? OCR er ikke tilgjengelig (Tesseract mangler)"
NO_TEXT_OCR_FAILED = "fant ingen tekst – skannet dokument? OCR ga ingen lesbar tekst"
UNREAD_SCAN = "skannet side uten tekst – ikke lest fordi Tesseract (OCR) mangler"


def read_pdf(path: Path, on_page: PageProgress | None = None) -> list[Page]:
    """Read a PDF. Raises IngestError for encrypted, corrupt, truncated or text-less PDFs.
    ``on_page(done, total)`` is called after each page."""
    path = Path(path)
    data = path.read_bytes()
    if not data.strip():
        raise IngestError(path, "filen er tom")
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(path, TRUNCATED)
    try:
        return _read(path, on_page)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files; never let one escape
        log.info("pypdf failed on %s: %r", path, exc)
        raise IngestError(path, CORRUPT) from None


def _read(path: Path, on_page: PageProgress | None = None) -> list[Page]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(str(path), strict=False)
        except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            raise IngestError(path, CORRUPT) from None
        if reader.is_encrypted:
            try:  # an owner password alone (empty user password) still lets us read
                ok = bool(reader.decrypt(""))
            except (DependencyError, FileNotDecryptedError, NotImplementedError, PdfReadError):
                ok = False
            if not ok:
                raise IngestError(path, ENCRYPTED)
        try:
            n_pages = len(reader.pages)
        except FileNotDecryptedError:
            raise IngestError(path, ENCRYPTED) from None
        if n_pages == 0:
            raise IngestError(path, CORRUPT)
        labels = _page_labels(reader, n_pages)
        texts: list[str] = []
        failed = 0
        for k, page in enumerate(reader.pages, start=1):
            if on_page is not None:
                on_page(k - 1, n_pages)
            try:
                texts.append(extract_page_text(page))
            except FileNotDecryptedError:
                raise IngestError(path, ENCRYPTED) from None
            except Exception as exc:
                log.info("could not extract text from a page of %s: %r", path, exc)
                failed += 1
                texts.append("")
    if failed == n_pages:
        raise IngestError(path, CORRUPT)
    texts, ocr, unread = _ocr_pages(path, reader, texts)
    return [
        Page(number=i + 1, text=t, label=labels[i] if labels else None, ocr=i in ocr,
             note=UNREAD_SCAN if i in unread else "")
        for i, t in enumerate(texts)
    ]


def looks_multicolumn(layout_text: str) -> bool:
    """Lines where a run of prose (≥ 30 characters) is followed, after a wide gap, by more text:
    a second column, or a side graphic / text box beside the body («… trygger miljø- og
    Sosialt»). Two such lines are enough when the text beside has a word of its own; table rows
    rarely qualify, their first cells are short."""
    lines = [line.rstrip() for line in layout_text.splitlines() if line.strip()]
    if not lines:
        return False
    split = 0
    for line in lines:
        runs = [r.strip() for r in re.split(r" {4,}", line.strip()) if r.strip()]
        if len(runs) >= 2 and len(runs[0]) >= 30 and any(re.search(r"[A-Za-zÆØÅæøå]{3,}", r) for r in runs[1:]):
            split += 1
    return split >= 2


def extract_page_text(page) -> str:
    """Layout-mode text for an upright single-column page; plain-mode text for a landscape page
    (slides: text boxes anywhere) or a page that looks multi-column (see module doc)."""
    try:
        box = page.mediabox
        landscape = float(box.width) > float(box.height) * 1.1 and not page.get("/Rotate")
    except Exception:
        landscape = False
    if not landscape:
        try:
            layout = page.extract_text(extraction_mode="layout") or ""
        except Exception:
            layout = ""
        if layout.strip() and not looks_multicolumn(layout):
            return re.sub(r"\n{3,}", "\n\n", layout)
    return page.extract_text() or ""


def _page_labels(reader, n_pages: int) -> list[str] | None:
    """Printed labels, only when the catalog has /PageLabels (pypdf otherwise invents "1", "2", …)."""
    try:
        root = reader.trailer["/Root"]
        if "/PageLabels" not in root:
            return None
        labels = list(reader.page_labels)
    except Exception as exc:
        log.info("unreadable /PageLabels: %r", exc)
        return None
    if len(labels) != n_pages:
        return None
    return [str(label) for label in labels]


def ocr_available() -> bool:
    """True when the tesseract program is installed (Debian: tesseract-ocr, tesseract-ocr-nor)."""
    return shutil.which("tesseract") is not None


def ocr_languages() -> str:
    """"nor+eng" when Tesseract has Norwegian, else what it has of the two (English at least)."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return "eng"
    have = set(out.split())
    langs = [lang for lang in ("nor", "eng") if lang in have]
    return "+".join(langs) or "eng"


def ocr_image(image) -> str:
    """Text of one page image (a PIL image) by the tesseract program."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "side.png"
        image.convert("L").save(src)
        done = subprocess.run(
            ["tesseract", str(src), "stdout", "-l", ocr_languages(), "--psm", "3"],
            capture_output=True, text=True, timeout=300,
        )
    return done.stdout if done.returncode == 0 else ""


def _scanned(page) -> bool:
    """A page without a text layer that holds an image (a scan)."""
    try:
        return len(page.images) > 0
    except Exception:
        return False


def _ocr_pages(path: Path, reader, texts: list[str]) -> tuple[list[str], set[int], list[int]]:
    """OCR the images of pages without text: (texts, OCR'd page indexes, scanned pages left
    unread because Tesseract is missing). Raises IngestError when the whole PDF has no text."""
    empty = [i for i, t in enumerate(texts) if not t.strip()]
    scanned = [i for i in empty if _scanned(reader.pages[i])]
    all_empty = len(empty) == len(texts)
    if not scanned:
        if all_empty:
            raise IngestError(path, NO_TEXT_OCR_FAILED if ocr_available() else NO_TEXT)
        return texts, set(), []
    if not ocr_available():
        if all_empty:
            raise IngestError(path, NO_TEXT)
        return texts, set(), scanned
    texts = list(texts)
    done: set[int] = set()
    for i in scanned:
        parts: list[str] = []
        try:
            for image in reader.pages[i].images:
                parts.append(ocr_image(image.image))
        except Exception as exc:
            log.info("OCR failed on page %d of %s: %r", i + 1, path, exc)
        text = "\n".join(p for p in parts if p.strip())
        if text.strip():
            texts[i] = text
            done.add(i)
    if all_empty and not done:
        raise IngestError(path, NO_TEXT_OCR_FAILED)
    return texts, done, []
