"""The Dokumenter tab and the status line: the document table, upload, removal, the background
vectors and the app's start-up work.

An upload is searchable first: the handler runs phase 1 (``ingest_uploads(vectors=False)``:
catalog + lexical index, progress per file and page in the one progress display on the summary),
answers «søkbar» with the table refreshed at once, and hands phase 2 to the background filler
(``ui/vectors.py``). From then on the status line shows the vectors' progress: a timer, active only
while the filler works, refreshes it and — when a document's vectors are done — the table, whose
«vektorer mangler» marks disappear one document at a time. Handlers are plain functions of plain
values (tests/test_app*.py call them without a browser).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import gradio as gr

from assistant import display
from assistant.models import DocumentRecord
from assistant.store import open_store
from ui.context import AppContext, context, failure
from ui.markup import status_html, summary_html
from ui.vectors import fill_note

log = logging.getLogger("planassist.app")

#: Seconds between two refreshes of the status line while vectors are made in the background.
VECTOR_POLL_SECONDS = 2.0


def _shown(records: list[DocumentRecord]) -> str:
    """A fingerprint of what the document table shows (documents and their vector marks)."""
    rows = "\n".join(f"{r.meta.doc_id}\t{r.content_hash}\t{int(r.vectors)}" for r in records)
    return hashlib.sha1(rows.encode()).hexdigest()


def _status(ctx: AppContext, records: list[DocumentRecord], without_vectors: int) -> str:
    docs, chunks = len(records), sum(r.chunks for r in records)
    return status_html(display.status_of(ctx.settings, docs, chunks, without_vectors), ctx.startup_note,
                       fill_note(ctx.vectors.snapshot(), without_vectors))


def refresh_values() -> tuple:
    """Status line, document table, the document/municipality/kind choices, what the table shows
    (for ``poll_vectors``) and the refresh timer (active while vectors are made)."""
    ctx = context()
    store = open_store(ctx.settings)
    records = store.catalog.documents()
    choices = display.document_choices(records)
    return (_status(ctx, records, len(store.without_vectors())),
            display.document_rows(records), gr.update(choices=choices, value=None),
            gr.update(choices=display.municipalities_of(records)), gr.update(choices=display.kinds_of(records)),
            gr.update(choices=choices), gr.update(choices=display.plan_choices(records)),
            _shown(records), _timer(ctx.working))


def poll_vectors(shown: str | None) -> tuple:
    """The timer's tick while vectors are made: (status line, document table — only when a
    document's vectors are done or the documents changed —, what the table shows, the timer:
    off once the filler is idle)."""
    ctx = context()
    busy = ctx.working  # read first: the table read after it is at least as new
    store = open_store(ctx.settings)
    records = store.catalog.documents()
    now = _shown(records)
    rows = display.document_rows(records) if now != shown else gr.update()
    return _status(ctx, records, len(store.without_vectors())), rows, now, _timer(busy)


def _timer(active: bool) -> gr.Timer:
    return gr.Timer(VECTOR_POLL_SECONDS, active=active)


def _paths(files: list | None) -> list[Path]:
    return [Path(f if isinstance(f, str) else getattr(f, "name", f)) for f in files or []]


def ingest_files(files: list | None, request: gr.Request | None = None, progress=gr.Progress()) -> tuple:
    """Upload: phase 1 here, phase 2 in the background. Returns (summary, per-file report, upload
    box cleared, *refresh_values()) as soon as the documents are searchable."""
    from ingest.uploads import ingest_uploads

    ctx = context()
    paths = _paths(files)
    refused = ctx.access.refusal(getattr(request, "username", None))
    if refused or not paths:
        for p in paths:
            p.unlink(missing_ok=True)  # nothing of a refused upload stays on disk
        if not refused:
            gr.Warning("Velg en eller flere filer å laste opp først.")
        return (summary_html(refused), gr.update(), None, *refresh_values())
    try:
        progress(0.0, desc="Starter innlegging")
        with ctx.write_lock:
            report = ingest_uploads(paths, ctx.settings, progress=lambda f, msg: progress(f, desc=msg), vectors=False)
        background = bool(report.without_vectors) and ctx.settings.ingest_vectors != "off"
        if background:
            ctx.vectors.request("opplasting")  # or, when a fill is running, it runs once more for these
        summary = display.report_summary(report, vectors_in_background=background)
        return (summary_html(summary), gr.update(value=display.report_rows(report), visible=True),
                None, *refresh_values())
    except Exception as exc:
        return (summary_html(failure(exc, "innlegging")), gr.update(), None, *refresh_values())


def remove_document(doc_id: str | None, request: gr.Request | None = None) -> tuple:
    """Remove a document from the index (and its stored file when it was uploaded)."""
    from ingest.uploads import remove_upload

    ctx = context()
    refused = ctx.access.refusal(getattr(request, "username", None))
    if refused:
        return (summary_html(refused), *refresh_values())
    if not doc_id:
        gr.Warning("Velg dokumentet som skal fjernes.")
        return ("", *refresh_values())
    try:
        store = open_store(ctx.settings)
        record = store.catalog.document(doc_id)
        with ctx.write_lock:
            store.remove_document(doc_id)
            if record is not None:
                remove_upload(record.path, ctx.settings)
        name = record.meta.title if record else doc_id
        return (summary_html(f"Fjernet «{name}» fra assistenten."), *refresh_values())
    except Exception as exc:
        return (summary_html(failure(exc, "fjerning")), *refresh_values())


def startup(ctx: AppContext) -> None:
    """In the background at start: finish or report uploads a crash interrupted, open the lexical
    index, fill missing vectors (the status line says so meanwhile), then load the embedding model
    for questions. Sets ``ctx.started`` when done."""
    from ingest.uploads import recover_uploads

    try:
        with ctx.write_lock:
            report = recover_uploads(ctx.settings, vectors=False)
        if report is not None:
            ctx.startup_note = f"Ved oppstart – avbrutte opplastinger: {display.report_summary(report)}"
            for f in report.files:
                log.warning("avbrutt opplasting: %s: %s %s", Path(f.path).name, f.status, f.reason)
        store = open_store(ctx.settings)
        store.refresh()
        ctx.vectors.request("oppstart")  # while the app answers questions
        ctx.vectors.wait()
        if ctx.settings.effective_dense_weight > 0 and store.catalog.documents():
            from assistant.embedding import make_embedder

            make_embedder(ctx.settings)  # loaded by the fill already when it embedded something
    except Exception as exc:  # the first question will report the problem in words
        failure(exc, "oppstarten")
    finally:
        ctx.started.set()
