"""Files uploaded through the app: checked, safely named, stored under ``<data_dir>/uploads``,
ingested, and cleaned up — ``ingest_uploads(files, settings, progress)``.

- **Limits**: at most ``settings.upload_max_files`` files per upload, each at most
  ``settings.upload_max_mb`` MB (counted while copying, not taken from the client), of a supported
  type. A refused file is named in the report with its reason and nothing of it is stored.
- **Names**: NFC, control and format characters (bidi overrides such as U+202E, zero-width
  characters) removed, path separators replaced, length capped (``MAX_NAME_BYTES``); a name that
  already exists gets « (2)», « (3)» … — an upload never replaces another file.
- **Atomic and recoverable**: a file is copied to ``uploads/.incoming/*.part`` and linked into
  ``uploads/`` (no-clobber) only when complete. ``recover_uploads`` runs at the app's start: partial
  copies are deleted and reported, complete files the catalog does not know (the app died before
  or during their ingest) are ingested — so an upload interrupted by a crash is finished or reported.
- **Clean-up**: the client's temporary file is deleted once stored; a stored file whose ingest
  failed or that duplicates a document already in the index is deleted; ``remove_upload`` deletes
  the stored file of a removed document.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.errors import AssistantError
from assistant.models import FileResult, IngestReport
from assistant.settings import Settings
from assistant.store import Catalog

UPLOADS = "uploads"
INCOMING = ".incoming"
#: Longest stored file name in UTF-8 bytes (file systems allow 255; room is left for « (NN)»).
MAX_NAME_BYTES = 120
_COPY_BLOCK = 1 << 20

Progress = Callable[[float, str], None]


class UploadRefused(AssistantError):
    """The upload as a whole was refused (too many files); nothing was stored."""


@dataclass(frozen=True)
class StoredUpload:
    original: str  # the name the client sent
    path: Path  # where it is stored now


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / UPLOADS


def _supported() -> tuple[str, ...]:
    from ingest.run import SUPPORTED

    return SUPPORTED


def safe_name(name: str) -> str:
    """A file name fit to store: NFC, no control/format/private-use characters (bidi overrides,
    zero-width joiners), no path separators or leading dots, at most MAX_NAME_BYTES bytes with the
    suffix kept."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("/", "_").replace("\\", "_")
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = " ".join(name.split()).strip(" .")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 8:
        stem, suffix = name, ""
    suffix = ("." + suffix.lower()) if suffix else ""
    budget = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:budget].decode(errors="ignore").rstrip(" .") or "dokument"
    return stem + suffix


def _numbered(name: str, k: int) -> str:
    path = Path(name)
    return f"{path.stem} ({k}){path.suffix}"


def _copy_limited(src: Path, dest: Path, limit: int) -> bool:
    """Copy ``src`` to ``dest`` (fsynced); False (and ``dest`` removed) when it exceeds ``limit`` bytes."""
    size = 0
    with open(src, "rb") as fin, open(dest, "wb") as fout:
        while block := fin.read(_COPY_BLOCK):
            size += len(block)
            if size > limit:
                break
            fout.write(block)
        fout.flush()
        os.fsync(fout.fileno())
    if size > limit:
        dest.unlink(missing_ok=True)
        return False
    return True


def _link_new(part: Path, folder: Path, name: str) -> Path:
    """Move ``part`` into ``folder`` under ``name`` or the first free « (k)» variant, never replacing."""
    k = 1
    while True:
        target = folder / (name if k == 1 else _numbered(name, k))
        try:
            os.link(part, target)  # fails when the target exists: no upload replaces another
        except FileExistsError:
            k += 1
            continue
        part.unlink()
        return target


def store_uploads(files: Iterable[Path | str], settings: Settings, delete_sources: bool = True) -> tuple[list[StoredUpload], list[FileResult]]:
    """Store the files under ``uploads/`` with safe, new names. Returns (stored, refused); a refused
    file has a FileResult naming the problem. Raises UploadRefused when there are too many files.
    With ``delete_sources`` the given (temporary) files are deleted whether stored or refused."""
    sources = [Path(f) for f in files]
    try:
        if len(sources) > settings.upload_max_files:
            raise UploadRefused(
                f"For mange filer i én opplasting ({len(sources)}); høyst {settings.upload_max_files} om gangen. "
                "Ingenting ble lagret.")
        folder = uploads_dir(settings)
        incoming = folder / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        limit = settings.upload_max_mb * 1024 * 1024
        stored: list[StoredUpload] = []
        refused: list[FileResult] = []
        for src in sources:
            name = safe_name(src.name)
            if Path(name).suffix not in _supported():
                refused.append(FileResult(name, "failed", f"filtypen {Path(name).suffix or '(ingen)'} støttes ikke "
                                          "(bruk PDF, DOCX, TXT, MD eller HTML) – ikke lagret"))
                continue
            part = incoming / f"{os.getpid()}-{len(stored)}-{name}.part"
            if not _copy_limited(src, part, limit):
                refused.append(FileResult(name, "failed", f"filen er større enn {settings.upload_max_mb} MB – ikke lagret"))
                continue
            stored.append(StoredUpload(src.name, _link_new(part, folder, name)))
        return stored, refused
    finally:
        if delete_sources:
            for src in sources:
                src.unlink(missing_ok=True)


def _clean_results(report: IngestReport, stored: dict[Path, StoredUpload]) -> IngestReport:
    """Delete stored files whose ingest failed or duplicated a document; note renamed files."""
    out = []
    for f in report.files:
        path = Path(f.path)
        up = stored.get(path.resolve())
        if f.status in ("failed", "duplicate") and up is not None:
            path.unlink(missing_ok=True)
            f = replace(f, reason=f"{f.reason} – ikke lagret" if f.reason else "ikke lagret")
        elif up is not None and f.status == "ingested" and safe_name(up.original) != path.name:
            f = replace(f, reason=f"lagret som «{path.name}» (navnet fantes fra før)")
        out.append(f)
    return replace(report, files=out)


def ingest_uploads(files: Iterable[Path | str], settings: Settings, progress: Progress | None = None,
                   vectors: bool = True) -> IngestReport:
    """Store, then ingest the uploaded files; the report names every file (refused ones too).
    ``vectors=False``: phase 1 only (``run(vectors=False)``)."""
    from ingest.run import run

    stored, refused = store_uploads(files, settings)
    report = IngestReport()
    if stored:
        report = run([s.path for s in stored], settings, progress=progress, vectors=vectors)
        report = _clean_results(report, {s.path.resolve(): s for s in stored})
    return replace(report, files=refused + report.files)


def _known_paths(settings: Settings) -> set[Path]:
    db = settings.data_dir / "catalog.sqlite"
    if not db.exists():
        return set()
    catalog = Catalog(db)
    try:
        return {Path(r.path).resolve() for r in catalog.documents(include_pending=True)}
    finally:
        catalog.close()


def recover_uploads(settings: Settings, progress: Progress | None = None, vectors: bool = True) -> IngestReport | None:
    """At start: delete partial copies (reported as failed) and ingest complete uploads the catalog
    does not know. None when there was nothing to do. ``vectors=False``: phase 1 only."""
    from ingest.run import run

    folder = uploads_dir(settings)
    if not folder.is_dir():
        return None
    partial = sorted((folder / INCOMING).glob("*.part")) if (folder / INCOMING).is_dir() else []
    results = []
    for p in partial:
        p.unlink(missing_ok=True)
        name = p.name.removesuffix(".part").split("-", 2)[-1]
        results.append(FileResult(name, "failed", "opplastingen ble avbrutt før filen var mottatt – last den opp på nytt"))
    known = _known_paths(settings)
    orphans = [p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")
               and p.resolve() not in known]
    if not partial and not orphans:
        return None
    report = IngestReport()
    if orphans:
        report = run(orphans, settings, progress=progress, vectors=vectors)
        report = _clean_results(report, {p.resolve(): StoredUpload(p.name, p) for p in orphans})
    return replace(report, files=results + report.files)


def remove_upload(path: str | Path, settings: Settings) -> bool:
    """Delete a removed document's stored file when it is an upload (never files elsewhere)."""
    p = Path(path).resolve()
    if p.parent != uploads_dir(settings).resolve() or not p.is_file():
        return False
    p.unlink()
    return True
