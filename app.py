"""Planassistenten: the Gradio app.

    python app.py [--host 127.0.0.1] [--port 7860] [--no-auth]
    python app.py --hash-password          # prints a hash for ASSISTANT_AUTH_PASSWORD

Three tabs — Spør (ask; [n] markers and the source list open the passage, the PDF page and the
whole document at that place), Dokumenter (documents in the index, upload, remove) and Sjekk plan
(the goal checker with downloads) — a status line, and one API endpoint, ``ask`` (question text
in, the JSON of ``python -m assistant ask --json`` out).

This file is the front end and only that: the app's context, the event handlers, the layout and
``main``. The work is done elsewhere, one file per idea: answers in ``assistant.answer``, what the
user sees shaped in ``assistant/display.py`` and written as escaped HTML/Markdown in
``assistant/markup.py``, PDF page pictures in ``assistant/pages.py``; uploads in
``ingest/uploads.py``; phase 2 of ingest (vectors) in the background and the start-up work in
``ingest/background.py``; the checker in ``assistant.checker``. Handlers are module-level
functions of plain values (tests/test_app*.py call them without a browser).

An upload is searchable first: ``ingest_files`` runs phase 1 (catalog + lexical index, progress
per file and page on the summary), answers «søkbar» with the table refreshed, and hands phase 2
to the background filler. A timer, active only while it works, refreshes the status line and —
when a document's vectors are done — the table, whose «vektorer mangler» marks go one by one.

Access (README, "Security and reliability"): on loopback the app is open to the machine's user.
Anywhere else it needs ``ASSISTANT_AUTH_USERNAME``/``ASSISTANT_AUTH_PASSWORD`` (Gradio's login on
every route, page and API alike), or ``--no-auth``, which prints a warning and makes the app
read-only: uploads and removals are refused by the handlers themselves, whatever route calls them.
Never a share link.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home; the machine may be offline

import gradio as gr  # noqa: E402

from assistant import display  # noqa: E402
from assistant.access import Access, access_for, hash_password, is_loopback  # noqa: E402
from assistant.answer import ask, ask_stream  # noqa: E402
from assistant.answer_json import answer_json  # noqa: E402
from assistant.cli import NorwegianParser  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.markup import (  # noqa: E402
    answer_markdown,
    charts_html,
    document_html,
    escape_markdown,
    goal_detail_html,
    source_html,
    status_html,
    summary_html,
)
from assistant.models import Citation, DocumentRecord  # noqa: E402
from assistant.pages import render_pdf_page  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.store import open_store  # noqa: E402
from assistant.vocabulary import SUPPORTED_SUFFIXES  # noqa: E402
from ingest.background import VectorFiller, fill_note, start_up  # noqa: E402

log = logging.getLogger("planassist.app")


# --- the app's context: settings, access, work folder, background work; the one error handler ---

@dataclass
class AppContext:
    settings: Settings
    access: Access
    work: Path  # rendered pages and exports (the only folder Gradio may serve files from)
    vectors: VectorFiller  # phase 2 of ingest, in the background: one run at a time
    write_lock: threading.Lock = field(default_factory=threading.Lock)  # one upload/removal at a time here
    startup_note: str = ""
    started: threading.Event = field(default_factory=threading.Event)  # the start-up work is done
    startup_thread: threading.Thread | None = None

    @property
    def working(self) -> bool:
        """Background work the status line follows: the start-up work or the vectors."""
        starting = self.startup_thread is not None and not self.started.is_set()
        return starting or self.vectors.busy

    def finish_background(self) -> None:
        """Wait for the start-up work and the background vectors (tests, before the data dir goes)."""
        if self.startup_thread is not None:
            self.startup_thread.join()
        self.vectors.wait()


_CTX: AppContext | None = None


def configure(settings: Settings, access: Access | None = None, work: Path | None = None) -> AppContext:
    """Set the context the handlers use (build_app calls it; tests may too). Starts nothing."""
    global _CTX
    if work is None:
        work = Path(tempfile.mkdtemp(prefix="planassist-app-"))
        atexit.register(shutil.rmtree, work, ignore_errors=True)  # rendered pages and exports go with the app
    _CTX = AppContext(settings, access or Access(), work, VectorFiller(settings))
    return _CTX


def context() -> AppContext:
    if _CTX is None:
        return configure(get_settings())
    return _CTX


def failure(exc: BaseException, what: str) -> str:
    """The one error handler: log unexpected errors with their traceback, return the user's sentence."""
    if not isinstance(exc, AssistantError):
        log.exception("%s feilet", what)
    return display.friendly_error(exc)


# --- Spør: ask, open a source, the whole document, the ``ask`` API ---

def respond(question: str, history: list, munis: list, kinds: list, doc_ids: list) -> Iterator[tuple]:
    """Ask: yields (chat, question box, source list, citations, source panel, page picture, document)."""
    ctx = context()
    history = list(history or [])
    q = (question or "").strip()
    keep = gr.update()
    if not q:
        gr.Info("Skriv et spørsmål først.")
        yield history, question, keep, keep, keep, keep, keep
        return
    history += [{"role": "user", "content": escape_markdown(q)},
                {"role": "assistant", "content": "_Leter i dokumentene …_"}]
    empty, hidden = source_html(None), gr.update(value=None, visible=False)
    yield history, "", gr.update(choices=[], value=None), [], empty, hidden, hidden
    try:
        answer = None
        for answer in ask_stream(q, display.make_filters(munis, kinds, doc_ids), settings=ctx.settings):
            history[-1] = {"role": "assistant", "content": answer_markdown(answer)}
            yield history, "", keep, [], keep, keep, keep
        if answer is None:
            return
        shown = display.shown_citations(answer)
        history[-1] = {"role": "assistant", "content": answer_markdown(answer, None if answer.found else shown)}
        label = "Kilder i svaret" if answer.found else display.MAYBE_RELEVANT_LABEL
        yield (history, "", gr.update(choices=display.citation_choices(shown), value=None, label=label), shown, empty,
               keep, keep)
    except Exception as exc:
        history[-1] = {"role": "assistant", "content": escape_markdown(failure(exc, "spørsmålet"))}
        yield history, "", gr.update(choices=[], value=None), [], empty, keep, keep


def show_source(value: str | None, citations: list[Citation]) -> tuple:
    """Open a source: (source panel, page picture, whole-document panel hidden)."""
    ctx = context()
    hidden = gr.update(value=None, visible=False)
    c = display.find_citation(citations or [], value)
    if c is None:
        return source_html(None), hidden, hidden
    try:
        record = open_store(ctx.settings).catalog.document(display.doc_id_of(c))
        image = None
        if record is not None and c.page and record.path.lower().endswith(".pdf"):
            image = render_pdf_page(Path(record.path), c.page, ctx.work / "sider")
        pic = gr.update(value=str(image), visible=True, label=f"Side {c.page_label or c.page}") if image else hidden
        return source_html(c, record), pic, hidden
    except Exception as exc:
        failure(exc, "visning av kilden")
        return source_html(c), hidden, hidden


def open_document(value: str | None, citations: list[Citation]):
    """The whole document of the chosen source, scrolled to the cited place."""
    c = display.find_citation(citations or [], value)
    if c is None:
        gr.Info("Velg en kilde først.")
        return gr.update(value=None, visible=False)
    try:
        catalog = open_store(context().settings).catalog
        doc_id = display.doc_id_of(c)
        record = catalog.document(doc_id)
        title = display.plan_name(record.meta) if record else c.title
        return gr.update(value=document_html(title, catalog.blocks(doc_id), c), visible=True)
    except Exception as exc:
        return gr.update(value=summary_html(failure(exc, "åpning av dokumentet")), visible=True)


def use_example(sample: list) -> str:
    return sample[0] if sample else ""


def clear_chat() -> tuple:
    hidden = gr.update(value=None, visible=False)
    return [], "", gr.update(choices=[], value=None), [], source_html(None), hidden, hidden



def ask_api(question: str) -> dict:
    """The ``ask`` API endpoint: the question's answer as the JSON of ``python -m assistant ask --json``."""
    if not (question or "").strip():
        raise gr.Error("Spørsmålet er tomt.")
    try:
        return answer_json(ask(question, settings=context().settings))
    except Exception as exc:
        raise gr.Error(failure(exc, "API-spørsmålet")) from None


# --- Dokumenter and the status line: table, upload, removal, background vectors, start-up ---

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
        summary = display.report_summary(report, vectors_in_background=background,
                                         vectors_off=ctx.settings.ingest_vectors == "off")
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
    """In the background at start (``ingest.background.start_up``): interrupted uploads, the
    lexical index, missing vectors, the embedding model. Sets ``ctx.started`` when done."""
    try:
        ctx.startup_note = start_up(ctx.settings, ctx.write_lock, ctx.vectors)
    except Exception as exc:  # the first question will report the problem in words
        failure(exc, "oppstarten")
    finally:
        ctx.started.set()


# --- Sjekk plan: the checker, its downloads, a goal's detail ---

def show_goal_detail(result, evt: gr.SelectData) -> str:
    """The detail view of the goal row the user clicked."""
    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    return goal_detail_html(result, int(row))


def run_checker(doc_ids: list | None, progress=gr.Progress()) -> tuple:
    """The checker: (summary, charts, goal table, XLSX, CSV, Markdown downloads, the result for the
    detail view)."""
    from assistant.checker.export import write_exports
    from assistant.checker.service import run_check

    ctx = context()
    hidden = gr.update(visible=False)
    try:
        progress(0.1, desc="Sjekker planene")
        result = run_check(doc_ids=list(doc_ids) if doc_ids else None, settings=ctx.settings)
        files = write_exports(result, ctx.work / "eksport" / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}")
        return (summary_html(display.check_summary(result)), charts_html(result),
                gr.update(value=display.goal_rows(result), visible=True),
                *(gr.update(value=str(p), visible=True) for p in (files.xlsx, files.csv, files.markdown)), result)
    except Exception as exc:
        return summary_html(failure(exc, "plansjekken")), "", hidden, hidden, hidden, hidden, None


# --- layout and wiring ---

UPLOAD_TYPES = list(SUPPORTED_SUFFIXES)

THEME = gr.themes.Default(primary_hue="blue", neutral_hue="slate",
                          font=["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
                          font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])

CSS = """
.pa-header h1 { margin: 0 0 2px 0; font-size: 1.6rem; }
.pa-header p { margin: 0; color: var(--body-text-color-subdued); }
.pa-status { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem;
  color: var(--body-text-color-subdued); padding: 6px 2px; }
.pa-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 12px 14px;
  background: var(--block-background-fill); }
.pa-source.pa-empty { color: var(--body-text-color-subdued); font-style: italic; }
.pa-source-title { margin: 0 0 8px 0; font-size: 1.02rem; }
.pa-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px 0; font-size: 0.88rem; }
.pa-meta dt { font-weight: 600; }
.pa-meta dd { margin: 0; }
.pa-passage { white-space: pre-wrap; line-height: 1.5; max-height: 420px; overflow-y: auto;
  border-top: 1px solid var(--border-color-primary); padding-top: 8px; }
.pa-passage mark, .pa-document mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.pa-document { max-height: 560px; overflow-y: auto; line-height: 1.5; border: 1px solid var(--border-color-primary);
  border-radius: 8px; padding: 8px 14px; }
.pa-document .pa-here { border-left: 4px solid var(--color-accent); padding-left: 8px; background: var(--neutral-50); }
.pa-document .pa-pagebreak { color: var(--body-text-color-subdued); font-size: 0.8rem; border-top: 1px dashed
  var(--border-color-primary); margin: 10px 0 4px 0; }
.pa-hint { font-size: 0.85rem; color: var(--body-text-color-subdued); margin: 4px 0; }
.pa-charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.pa-chart { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px; }
.pa-chart h4 { margin: 0 0 2px 0; font-size: 0.95rem; }
.pa-bar-row { display: grid; grid-template-columns: 130px 1fr 110px; align-items: center; gap: 8px;
  font-size: 0.85rem; margin: 4px 0; }
.pa-bar { background: var(--neutral-200); border-radius: 4px; height: 12px; overflow: hidden; }
.pa-bar-fill { display: block; height: 100%; background: var(--color-accent); }
.pa-sources label { white-space: normal; }
.pa-summary { font-size: 0.95rem; margin: 6px 0; }
#pa-docs, #pa-report, #pa-goals { --font-mono: var(--font); }
footer { display: none !important; }
"""

#: A click on an [n] marker in the chat opens source n (clicks the matching entry of the source list).
MARKER_JS = """() => { document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('#pa-chat a[href^="#kilde-"]');
  if (!a) return;
  e.preventDefault(); e.stopPropagation();
  const n = a.getAttribute('href').slice('#kilde-'.length);
  const label = [...document.querySelectorAll('#pa-sources label')]
    .find((l) => l.innerText.trim().startsWith('[' + n + ']'));
  if (label) { label.click(); label.scrollIntoView({block: 'nearest'}); }
}, true); }"""
SCROLL_JS = "() => { setTimeout(() => document.querySelector('#pa-here')?.scrollIntoView({block: 'center'}), 50); }"


def build_app(settings: Settings | None = None, access: Access | None = None) -> gr.Blocks:
    """The whole app as a Blocks object (not launched); starts the background start-up work."""
    ctx = configure(settings or get_settings(), access)
    records = open_store(ctx.settings).catalog.documents()
    municipalities = display.municipalities_of(records)
    examples = display.example_questions(display.load_examples(ctx.settings.corpus_dir / "examples.json"), municipalities)
    ctx.startup_thread = threading.Thread(target=startup, args=(ctx,), name="oppstart", daemon=True)
    ctx.startup_thread.start()

    with gr.Blocks(title="Planassistenten", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML('<div class="pa-header"><h1>Planassistenten</h1><p>Still spørsmål om kommunens planer og '
                "styringsdokumenter – svarene viser hvor i dokumentene de står.</p></div>")
        status = gr.HTML(elem_id="pa-status")
        docs_shown = gr.State("")  # what the document table shows (poll_vectors refreshes it when that changes)
        vectors_timer = gr.Timer(VECTOR_POLL_SECONDS, active=False)  # on while vectors are made in the background
        citations_state = gr.State([])
        with gr.Tabs():
            with gr.Tab("Spør", id="spor"), gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    chatbot = gr.Chatbot(
                        label="Samtale", elem_id="pa-chat", height=480, render_markdown=True, sanitize_html=True,
                        line_breaks=True, feedback_options=None, buttons=["copy"],
                        placeholder="**Spør om planene.** Svaret bygger bare på dokumentene i assistenten, "
                                    "med nummererte kildehenvisninger.")
                    with gr.Row():
                        question = gr.Textbox(label="Spørsmål", elem_id="pa-question", scale=5, lines=1,
                                              autofocus=True, placeholder="Skriv et spørsmål, for eksempel om "
                                              "mobbing, tidlig innsats eller læringsmiljø …")
                        ask_btn = gr.Button("Spør", variant="primary", elem_id="pa-ask", scale=1, min_width=90)
                    examples_ds = gr.Dataset(components=[question], samples=[[q] for q in examples],
                                             label="Eksempler – klikk for å spørre", elem_id="pa-examples")
                    with gr.Accordion("Avgrens søket", open=False):
                        with gr.Row():
                            muni_dd = gr.Dropdown(label="Kommune", multiselect=True, choices=municipalities)
                            kind_dd = gr.Dropdown(label="Dokumenttype", multiselect=True,
                                                  choices=display.kinds_of(records))
                        doc_dd = gr.Dropdown(label="Dokument", multiselect=True,
                                             choices=display.document_choices(records))
                    clear_btn = gr.Button("Ny samtale", variant="secondary", size="sm")
                with gr.Column(scale=2):
                    sources = gr.Radio(label="Kilder i svaret", choices=[], elem_id="pa-sources",
                                       elem_classes=["pa-sources"])
                    source_panel = gr.HTML(source_html(None), elem_id="pa-source")
                    open_btn = gr.Button("Åpne hele dokumentet her", size="sm", elem_id="pa-open-doc")
                    page_image = gr.Image(label="Siden i PDF-en", visible=False, interactive=False, height=560,
                                          elem_id="pa-page", buttons=["fullscreen"])
                    document_panel = gr.HTML(visible=False, elem_id="pa-document")

            with gr.Tab("Dokumenter", id="dokumenter"):
                docs_table = gr.Dataframe(headers=display.DOCUMENT_COLUMNS, interactive=False, wrap=True,
                                          label="Dokumenter i assistenten", elem_id="pa-docs",
                                          column_widths=["30%", "10%", "11%", "9%", "6%", "8%", "12%", "14%"])
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        limits = f"høyst {ctx.settings.upload_max_files} filer, {ctx.settings.upload_max_mb} MB per fil"
                        upload = gr.File(label=f"Last opp dokumenter (PDF, DOCX, TXT, MD eller HTML; {limits})",
                                         file_count="multiple", file_types=UPLOAD_TYPES, type="filepath",
                                         elem_id="pa-upload")
                        ingest_btn = gr.Button("Legg inn i assistenten", variant="primary", elem_id="pa-ingest")
                        ingest_summary = gr.HTML(elem_id="pa-ingest-summary")
                        report_table = gr.Dataframe(headers=display.REPORT_COLUMNS, interactive=False, wrap=True,
                                                    label="Resultat per fil", visible=False, elem_id="pa-report",
                                                    column_widths=["28%", "14%", "8%", "10%", "40%"])
                    with gr.Column(scale=2):
                        remove_dd = gr.Dropdown(label="Fjern et dokument", choices=display.document_choices(records),
                                                elem_id="pa-remove-doc")
                        remove_btn = gr.Button("Fjern dokumentet", variant="stop", elem_id="pa-remove")
                        remove_msg = gr.HTML(elem_id="pa-remove-msg")

            with gr.Tab("Sjekk plan", id="sjekk"):
                gr.HTML('<p class="pa-hint">Sjekken finner målene i hver plan og ser etter tiltak, indikatorer og '
                        "måltall knyttet til dem. Flagg betyr «ikke funnet» – les planen før du konkluderer.</p>")
                with gr.Row():
                    check_dd = gr.Dropdown(label="Planer (tomt = alle planer)", multiselect=True,
                                           choices=display.plan_choices(records), scale=4)
                    check_btn = gr.Button("Kjør sjekk", variant="primary", elem_id="pa-check", scale=1)
                check_summary = gr.HTML(elem_id="pa-check-summary")
                charts = gr.HTML(elem_id="pa-charts")
                goals_table = gr.Dataframe(headers=display.GOAL_COLUMNS, interactive=False, wrap=True,
                                           label="Mål og funn (klikk en rad for detaljer)", visible=False,
                                           elem_id="pa-goals",
                                           column_widths=["16%", "30%", "5%", "10%", "10%", "11%", "18%"])
                goal_detail = gr.HTML(elem_id="pa-goal-detail")
                check_state = gr.State()
                with gr.Row():
                    dl_xlsx = gr.DownloadButton("Last ned Excel (XLSX)", visible=False, elem_id="pa-dl-xlsx")
                    dl_csv = gr.DownloadButton("Last ned CSV", visible=False, elem_id="pa-dl-csv")
                    dl_md = gr.DownloadButton("Last ned Markdown", visible=False, elem_id="pa-dl-md")

        refresh_outputs = [status, docs_table, remove_dd, muni_dd, kind_dd, doc_dd, check_dd, docs_shown, vectors_timer]
        ask_outputs = [chatbot, question, sources, citations_state, source_panel, page_image, document_panel]
        ask_inputs = [question, chatbot, muni_dd, kind_dd, doc_dd]
        demo.load(refresh_values, None, refresh_outputs, api_visibility="private")
        question.submit(respond, ask_inputs, ask_outputs, api_visibility="private")
        ask_btn.click(respond, ask_inputs, ask_outputs, api_visibility="private")
        examples_ds.click(use_example, examples_ds, question, api_visibility="private").then(respond, ask_inputs, ask_outputs,
                                                                             api_visibility="private")
        sources.change(show_source, [sources, citations_state], [source_panel, page_image, document_panel], api_visibility="private")
        open_btn.click(open_document, [sources, citations_state], document_panel, api_visibility="private").then(None, js=SCROLL_JS)
        clear_btn.click(clear_chat, None, ask_outputs, api_visibility="private")
        # the background vectors: status line and table refreshed without a progress overlay
        vectors_timer.tick(poll_vectors, docs_shown, [status, docs_table, docs_shown, vectors_timer],
                           show_progress="hidden", api_visibility="private")
        # phase 1's progress shows on the summary only; the document table stays visible while documents are added
        ingest_btn.click(ingest_files, upload, [ingest_summary, report_table, upload, *refresh_outputs],
                         show_progress_on=[ingest_summary], api_visibility="private")
        remove_btn.click(remove_document, remove_dd, [remove_msg, *refresh_outputs], api_visibility="private",
                         js="(d) => (d && confirm('Fjerne dokumentet fra assistenten?')) ? d : null")
        check_btn.click(run_checker, check_dd, [check_summary, charts, goals_table, dl_xlsx, dl_csv, dl_md, check_state],
                        api_visibility="private")
        goals_table.select(show_goal_detail, check_state, goal_detail, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo


# --- entry point ---

NOISY_LOGGERS = ("bm25s", "tantivy", "httpx", "httpcore", "urllib3", "chromadb", "gradio", "uvicorn", "uvicorn.access",
                 "asyncio", "matplotlib", "PIL", "multipart", "python_multipart", "sentence_transformers", "filelock",
                 "fsspec")


def configure_logging(stream=None) -> None:
    """INFO and above from the app, WARNING and above from libraries; the handler itself drops
    DEBUG records, so a library that sets its own logger to DEBUG (bm25s does) stays quiet."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=stream or sys.stderr, force=True)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.INFO)
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Serve the app: ``python app.py [--host H] [--port P] [--no-auth]``."""
    parser = NorwegianParser(prog="python app.py", description="Start Planassistenten i nettleseren.")
    parser.add_argument("--host", help="adressen appen lytter på (standard: innstillingen host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="porten appen lytter på (standard: innstillingen port, 7860)")
    parser.add_argument("--no-auth", action="store_true",
                        help="tillat en annen adresse enn 127.0.0.1 uten innlogging (da uten opplasting og fjerning)")
    parser.add_argument("--hash-password", action="store_true",
                        help="les et passord og skriv en hash til ASSISTANT_AUTH_PASSWORD")
    args = parser.parse_args(argv)
    if args.hash_password:
        import getpass

        print(hash_password(getpass.getpass("Passord: ")))
        return 0
    configure_logging()
    settings = get_settings()
    host, port = args.host or settings.host, args.port or settings.port
    try:
        access = access_for(host, settings, args.no_auth)
        demo = build_app(settings, access)
    except Exception as exc:
        print(f"Kunne ikke starte appen: {failure(exc, 'oppstarten')}", file=sys.stderr)
        return 1
    if not access.login_required and not is_loopback(host):
        print(f"ADVARSEL: appen lytter på {host} uten innlogging (--no-auth). Alle som når maskinen kan stille "
              "spørsmål og lese dokumentene; opplasting og fjerning er slått av.", file=sys.stderr)
    demo.queue(default_concurrency_limit=4)
    print(f"Planassistenten kjører på http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/"
          + (" (med innlogging)" if access.login_required else ""), flush=True)
    demo.launch(server_name=host, server_port=port, share=False, quiet=True, theme=THEME, css=CSS, js=MARKER_JS,
                footer_links=[], show_error=False, run_history=False, auth=access.login if access.login_required else None,
                auth_message="Logg inn for å bruke Planassistenten.", max_file_size=f"{settings.upload_max_mb}mb",
                allowed_paths=[str(context().work)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
