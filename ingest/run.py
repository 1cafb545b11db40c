"""``run(paths, settings, progress)`` — the one ingest function the CLI and the app call.

Searchable first, vectors after («søkbar først», ``ingest_vectors=after``): phase 1 takes the
files one at a time — hash (unchanged ones skipped) → parse → chunk → store without vectors — so
every document is complete and lexically searchable as soon as its file is done; phase 2 then
embeds the documents that lack vectors (this run's and any an interrupted run left) and stores
only their vectors (ingest/index.py). Bad files are named with their problem in the returned
report; the rest of the batch goes on and nothing ingested before is lost.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.catalog import Catalog, DocStatus
from assistant.embedding import Embedder, make_embedder
from assistant.errors import AssistantError, IngestError, ModelUnavailable
from assistant.models import DocumentMeta, FileResult, IngestReport
from assistant.settings import Settings, get_settings
from assistant.store import Store, close_stores, open_store, wipe
from ingest.chunk import chunk_blocks
from ingest.index import embed_missing, find_missing_vectors, repair, write_document
from ingest.manifest import MANIFEST, doc_id_for, read_manifest, with_source
from ingest.parse import content_hash, parse_document
from ingest.parse_pool import ParseJob, ParsePool
from ingest.readers import SUPPORTED  # the one list of file types the readers take

#: Files in a folder that describe the folder rather than being documents.
FOLDER_FILES = ("readme.md", MANIFEST)

Progress = Callable[[float, str], None]


def collect(paths: Iterable[Path]) -> tuple[list[Path], list[Path], dict[Path, DocumentMeta]]:
    """(files to ingest, folders scanned, manifest metadata by resolved file path)."""
    files: list[Path] = []
    folders: list[Path] = []
    manifest: dict[Path, DocumentMeta] = {}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            folders.append(p.resolve())
            for name, meta in read_manifest(p).items():
                manifest[(p / name).resolve()] = meta
            files.extend(
                f for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUPPORTED and f.name.lower() not in FOLDER_FILES
            )
        else:
            for name, meta in read_manifest(p.parent).items():
                manifest.setdefault((p.parent / name).resolve(), meta)
            files.append(p)
    unique = {f.resolve(): f for f in reversed(files)}  # a file named twice (folder + file) once
    files = [f for f in files if unique.get(f.resolve()) is f]
    return files, folders, manifest


def known_files(settings: Settings) -> list[Path]:
    """Source files of the documents in the index at ``settings.data_dir`` that still exist, read
    from the catalog alone (its settings may differ from ``settings``)."""
    db = settings.data_dir / "catalog.sqlite"
    if not db.exists():
        return []
    catalog = Catalog(db)
    try:
        records = catalog.documents(include_pending=True)
    finally:
        catalog.close()
    return [Path(r.path) for r in records if Path(r.path).is_file()]


def _doc_id(store: Store, path: Path, meta: DocumentMeta | None) -> str:
    """The file's id; a different file with the same name elsewhere gets a suffixed id."""
    doc_id = meta.doc_id if meta else doc_id_for(path)
    status = store.catalog.status(doc_id)
    if status and Path(status.path).resolve() != path.resolve() and Path(status.path).exists():
        doc_id = f"{doc_id}-{content_hash(path)[:6]}"
    return doc_id


def run(
    paths: Iterable[Path] | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
    prune: bool = False,
    vectors: bool = True,
) -> IngestReport:
    """Ingest ``paths`` (files or folders; default: the shipped corpus). Returns the report.
    Raises IndexMismatch when the index was built with other settings (use ``rebuild``).
    ``vectors=False``: phase 1 only — the caller runs ``add_vectors`` (the app does, in the background)."""
    settings = settings or get_settings()
    started = time.perf_counter()
    say = progress or (lambda fraction, message: None)
    paths = list(paths) if paths else [settings.corpus_dir]
    if rebuild:
        # a rebuild re-ingests every document the index held whose file still exists (uploads too),
        # not only the paths given: new settings must not silently drop documents
        paths += known_files(settings)
        close_stores()
        wipe(settings)
    store = open_store(settings)
    store.check_fingerprint(settings.fingerprint())
    report = IngestReport()
    for doc_id in repair(store):
        report.files.append(FileResult(doc_id, "removed", "reparert etter avbrutt innlegging", doc_id=doc_id))
    embedder_for = _embedder_loader(store, settings)
    mode = settings.ingest_vectors
    if mode != "off":
        find_missing_vectors(store)  # stray vectors deleted, lost ones flagged for phase 2
    # the progress bar: phase 1 up to ``split``, phase 2 (embedding, most of the time) after it
    split = 0.3 if mode == "after" and vectors else 1.0
    files, folders, manifest = collect(paths)
    seen_ids: set[str] = set()
    jobs = _parse_jobs(store, files, manifest)
    workers = ParsePool.workers_for(jobs)
    pool = ParsePool(jobs, workers) if workers else None  # files parsed ahead on the other cores
    try:
        _phase_one(store, settings, files, manifest, embedder_for if mode == "with" else None, pool,
                   report, seen_ids, say, split)
    finally:  # the workers stop however phase 1 ends (Ctrl-C too)
        if pool is not None:
            pool.close()

    if prune:
        for record in store.catalog.documents(include_pending=True):
            doc_path = Path(record.path).resolve()
            inside = any(doc_path.is_relative_to(f) for f in folders)
            if record.meta.doc_id not in seen_ids and (inside or not doc_path.exists()):
                store.remove_document(record.meta.doc_id)
                report.files.append(FileResult(record.path, "removed", "fjernet fra indeksen (filen finnes ikke lenger)", doc_id=record.meta.doc_id))
    report.searchable_seconds = time.perf_counter() - started
    if mode != "off" and vectors:
        _add_vectors(store, report, embedder_for,
                     lambda share, message: say(split + (1.0 - split) * share, message))
    report.without_vectors = len(store.without_vectors())
    if not report.without_vectors:
        report.vectors_seconds = time.perf_counter() - started
    say(1.0, "Ferdig")
    report.seconds = time.perf_counter() - started
    return report


def _phase_one(store: Store, settings: Settings, files: list[Path], manifest: dict[Path, DocumentMeta],
               embedder_for: Callable[[], Embedder] | None, pool: ParsePool | None, report: IngestReport,
               seen_ids: set[str], say: Progress, split: float) -> None:
    """Phase 1: each file in order — checked, parsed (by ``pool`` ahead of time when given), chunked and
    written — into ``report``; ``embedder_for`` embeds before writing (``ingest_vectors=with``)."""
    seen_hashes: dict[str, str] = {}
    total = max(len(files), 1)
    for i, path in enumerate(files):
        say(split * i / total, f"Fil {i + 1} av {len(files)}: {path.name}")

        def step(share: float, message: str, i: int = i, name: str = path.name) -> None:
            say(split * (i + min(max(share, 0.0), 1.0)) / total, f"Fil {i + 1} av {len(files)}: {name} – {message}")

        try:
            result = _ingest_one(store, settings, path, manifest, embedder_for, seen_hashes, step, pool)
        except IngestError as exc:
            result = FileResult(str(path), "failed", exc.reason)
        except AssistantError:
            raise  # settings-level problems (model missing, index mismatch) stop the run
        except Exception as exc:  # a bug or a library failure on this file must not stop the batch
            result = FileResult(str(path), "failed", f"uventet feil under innlegging ({type(exc).__name__}: {exc})")
        if result.doc_id:
            seen_ids.add(result.doc_id)
        report.files.append(result)
        if result.status == "ingested" and embedder_for is not None:
            report.embedded_chunks += result.chunks


def _parse_jobs(store: Store, files: list[Path], manifest: dict[Path, DocumentMeta]) -> list[ParseJob]:
    """The files phase 1 will most likely parse (not unchanged, not a copy of another), as
    ``parse_document`` will be called for them — for a ParsePool to parse ahead. Cheap: sizes,
    hashes and catalog look-ups. ``_ingest_one`` decides again for each file as it comes to it."""
    jobs: list[ParseJob] = []
    hashes: set[str] = set()
    for path in files:
        try:
            if path.suffix.lower() not in SUPPORTED or path.stat().st_size == 0:
                continue
            digest = content_hash(path)
        except OSError:
            continue
        meta = manifest.get(path.resolve())
        doc_id = _doc_id(store, path, meta)
        status = store.catalog.status(doc_id)
        if status and status.status is DocStatus.COMPLETE and status.content_hash == digest:
            continue  # unchanged
        twin = store.catalog.find_by_hash(digest)
        if digest in hashes or (twin and twin != doc_id):
            continue  # a copy: skipped
        hashes.add(digest)
        jobs.append(ParseJob(path, with_source(meta, path, doc_id) if meta else None, digest))
    return jobs


def add_vectors(settings: Settings | None = None, progress: Progress | None = None) -> IngestReport:
    """Phase 2 on its own: vectors for every complete document that lacks them — left by
    ``run(vectors=False)``, by a run interrupted in phase 2 (``kill -9``) or by a run with
    ``ingest_vectors=off``. The app calls it in the background at start and after an upload (one
    call at a time; the store's write lock orders its writes with any other writer's). Loads no
    model when nothing is missing; does nothing with ``ingest_vectors=off``. Raises IndexMismatch
    when the index was built with other settings."""
    settings = settings or get_settings()
    started = time.perf_counter()
    store = open_store(settings)
    store.check_fingerprint(settings.fingerprint())
    report = IngestReport()
    if settings.ingest_vectors != "off":
        find_missing_vectors(store)
        _add_vectors(store, report, _embedder_loader(store, settings), progress or (lambda fraction, message: None))
    report.without_vectors = len(store.without_vectors())
    report.seconds = time.perf_counter() - started
    if not report.without_vectors:
        report.vectors_seconds = report.seconds
    return report


def _embedder_loader(store: Store, settings: Settings) -> Callable[[], Embedder]:
    """The embedding model, loaded on first call (its dimension recorded in the index identity)."""
    loaded: list[Embedder] = []

    def embedder_for() -> Embedder:
        if not loaded:
            loaded.append(make_embedder(settings))
            _record_dimension(store, settings, loaded[0])
        return loaded[0]

    return embedder_for


def _add_vectors(store: Store, report: IngestReport, embedder_for: Callable[[], Embedder],
                 progress: Progress) -> None:
    """Phase 2: vectors for every complete document without them (this run's and earlier ones)."""
    missing = store.without_vectors()
    if not missing:
        return
    chunks = sum(r.chunks for r in store.catalog.documents() if not r.vectors)
    progress(0.0, f"Dokumentene er søkbare. Lager vektorer for semantisk søk: {chunks} tekstbiter i "
                  f"{len(missing)} dokument{'er' if len(missing) != 1 else ''}")
    try:
        embedder_for()
    except ModelUnavailable as exc:  # the documents stay searchable lexically; the next run tries again
        report.vectors_error = str(exc)
        return
    report.embedded_chunks += embed_missing(store, embedder_for, missing, progress)


def _ingest_one(
    store: Store,
    settings: Settings,
    path: Path,
    manifest: dict[Path, DocumentMeta],
    embedder_for: Callable[[], Embedder] | None,
    seen_hashes: dict[str, str],
    step: Callable[[float, str], None] = lambda share, message: None,
    pool: ParsePool | None = None,
) -> FileResult:
    """One file; ``step(share of this file done, message)`` reports progress per page and stage.
    ``embedder_for``: embed before writing (``ingest_vectors=with``); None: vectors later."""
    if not path.exists():
        raise IngestError(path, "filen finnes ikke")
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(path, f"filtypen {path.suffix or '(ingen)'} støttes ikke (bruk PDF, DOCX, TXT, MD, HTML eller lov-XML fra Lovdata)")
    if path.stat().st_size == 0:
        raise IngestError(path, "filen er tom")
    digest = content_hash(path)
    meta = manifest.get(path.resolve())
    doc_id = _doc_id(store, path, meta)
    status = store.catalog.status(doc_id)
    if status and status.status is DocStatus.COMPLETE and status.content_hash == digest:
        record = store.catalog.document(doc_id)
        return FileResult(str(path), "unchanged", pages=record.pages if record else 0,
                          chunks=record.chunks if record else 0, doc_id=doc_id)
    twin = seen_hashes.get(digest) or store.catalog.find_by_hash(digest)
    if twin and twin != doc_id:
        twin_rec = store.catalog.document(twin)
        twin_name = twin_rec.meta.source if twin_rec else twin
        return FileResult(str(path), "duplicate", f"samme innhold som «{twin_name}», som allerede er lagt inn – hoppet over")
    seen_hashes[digest] = doc_id

    def on_page(done: int, n: int) -> None:
        step(0.6 * done / max(n, 1), f"side {done + 1} av {n}")

    parsed = pool.take(path, digest, on_page) if pool else None  # parsed ahead (ParsePool), else here
    if parsed is None:
        parsed = parse_document(path, with_source(meta, path, doc_id) if meta else None, digest, on_page=on_page)
    if parsed.meta.doc_id != doc_id:
        from dataclasses import replace

        parsed = replace(parsed, meta=with_source(parsed.meta, path, doc_id))
    notes = list(parsed.notes)
    if parsed.meta.kind == "lov":
        newer, replaced = _other_law_copies(store, path, doc_id)
        if newer:
            return FileResult(str(path), "duplicate", newer)
        for old_id, note in replaced:  # one copy per law: the newest stays
            store.remove_document(old_id)
            notes.append(note)
    chunks = chunk_blocks(doc_id, parsed.blocks, settings.chunk_size, settings.chunk_overlap)
    if not chunks:
        raise IngestError(path, "fant ingen tekst i dokumentet")
    step(0.6, f"{len(chunks)} tekstbiter – " + ("lager vektorer" if embedder_for else "lagrer"))
    write_document(store, embedder_for() if embedder_for else None, parsed, chunks)
    step(1.0, "lagret" if embedder_for else "lagret, søkbar")
    pages = sum(1 for p in parsed.pages if p.number is not None)
    return FileResult(str(path), "ingested", "; ".join(notes), pages=pages, chunks=len(chunks), doc_id=doc_id)


def _other_law_copies(store: Store, path: Path, doc_id: str) -> tuple[str, list[tuple[str, str]]]:
    """One copy per law (same Lovdata id): ("reason", []) when the index holds a copy at least as
    new as ``path`` (skip this file), else ("", [(doc_id, note), …]) for older copies to remove."""
    from ingest.readers.law import law_identity

    mine = law_identity(path)
    if mine is None:
        return "", []
    law_id, version = mine
    older: list[tuple[str, str]] = []
    for record in store.catalog.documents():
        if record.meta.kind != "lov" or record.meta.doc_id == doc_id:
            continue
        theirs = law_identity(Path(record.path))
        if theirs is None or theirs[0] != law_id:
            continue
        if theirs[1] >= version:
            return (f"samme lov ({law_id}) er allerede lagt inn fra «{record.meta.source}» i en like ny eller nyere "
                    f"utgave ({theirs[1] or 'ukjent dato'}) – hoppet over"), []
        older.append((record.meta.doc_id, f"erstattet eldre utgave av {law_id} fra «{record.meta.source}» ({theirs[1] or 'ukjent dato'})"))
    return "", older


def _record_dimension(store: Store, settings: Settings, embedder: Embedder) -> None:
    current = {**settings.fingerprint(), "dimension": embedder.dimension}
    store.check_fingerprint(current)
    stored = store.catalog.fingerprint() or {}
    if "dimension" not in stored:
        store.catalog.set_meta("fingerprint", json.dumps({**stored, **current}))
