"""Planassistenten: the Gradio app — wiring, markup and handlers.

    python app.py [--host 127.0.0.1] [--port 7860] [--no-auth]
    python app.py --hash-password          # prints a hash for ASSISTANT_AUTH_PASSWORD

Three tabs — Spør (ask; [n] markers and the source list open the passage, the PDF page and the
whole document at that place), Dokumenter (documents in the index, upload, remove) and Sjekk plan
(the goal checker with downloads) — a status line, and one API endpoint, ``ask`` (question text
in, the JSON of ``python -m assistant ask --json`` out).

Where presentation lives: the data the user sees (rows, labels that tell sources apart, summaries,
highlight spans) is shaped in ``assistant/display.py``, plain Python any front end can use; the
markup (HTML, Markdown, CSS), the PDF page pictures and the Gradio handlers are this front end's
and live here. Handlers are module-level functions of plain values (tests/test_app.py calls them
without a browser); the work itself is ``assistant.answer``, ``ingest.uploads``, ``assistant.store``
and ``assistant.checker``.

Access (README, "Security and reliability"): on loopback the app is open to the machine's user.
Anywhere else it needs ``ASSISTANT_AUTH_USERNAME``/``ASSISTANT_AUTH_PASSWORD`` (Gradio's login on
every route, page and API alike), or ``--no-auth``, which prints a warning and makes the app
read-only: uploads and removals are refused by the handlers themselves, whatever route calls them.
Never a share link.
"""

from __future__ import annotations

import atexit
import hashlib
import html
import logging
import os
import re
import secrets
import shutil
import subprocess
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
from assistant.models import Answer, Block, Citation, DocumentRecord  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.store import open_store  # noqa: E402
from assistant.vocabulary import SUPPORTED_SUFFIXES  # noqa: E402

log = logging.getLogger("planassist.app")

UPLOAD_TYPES = list(SUPPORTED_SUFFIXES)
NOISY_LOGGERS = ("bm25s", "tantivy", "httpx", "httpcore", "urllib3", "chromadb", "gradio", "uvicorn", "uvicorn.access",
                 "asyncio", "matplotlib", "PIL", "multipart", "python_multipart", "sentence_transformers", "filelock",
                 "fsspec")

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


# --- the running app's context ------------------------------------------------------------------
@dataclass
class AppContext:
    settings: Settings
    access: Access
    work: Path  # rendered pages and exports (the only folder Gradio may serve files from)
    write_lock: threading.Lock = field(default_factory=threading.Lock)  # one upload/removal at a time here
    startup_note: str = ""


_CTX: AppContext | None = None


def configure(settings: Settings, access: Access | None = None, work: Path | None = None) -> AppContext:
    """Set the context the handlers use (build_app calls it; tests may too)."""
    global _CTX
    if work is None:
        work = Path(tempfile.mkdtemp(prefix="planassist-app-"))
        atexit.register(shutil.rmtree, work, ignore_errors=True)  # rendered pages and exports go with the app
    _CTX = AppContext(settings, access or Access(), work)
    return _CTX


def context() -> AppContext:
    if _CTX is None:
        return configure(get_settings())
    return _CTX


# --- markup -------------------------------------------------------------------------------------
_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_html(text: str) -> str:
    """Text as HTML text (quotes too, so it is also safe inside attributes)."""
    return html.escape(text or "", quote=True)


def escape_markdown(text: str) -> str:
    """Text as literal Markdown: every ASCII punctuation character backslash-escaped, so no link,
    emphasis, heading or HTML tag can form from document text."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def summary_html(text: str) -> str:
    return f'<p class="pa-summary">{escape_html(text)}</p>'


def answer_markdown(answer: Answer, maybe_relevant: list[Citation] | None = None) -> str:
    """The chat message: escaped text, [n] markers as links that open source n, "Kommune:" group
    headings in bold; for "not found" the closest passages under "Kanskje relevant"."""
    lines_out: list[str] = []
    for line in (answer.text or "").split("\n"):
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and not _MARKER.search(stripped):
            lines_out.append(f"**{escape_markdown(stripped)}**")
            continue
        parts = _MARKER.split(line)
        lines_out.append("".join(f"**[\\[{p}\\]](#kilde-{p})**" if i % 2 else escape_markdown(p)
                                 for i, p in enumerate(parts)))
    text = "\n".join(lines_out)
    if not answer.found and maybe_relevant:
        items = "\n".join(escape_markdown(label) for label, _ in display.citation_choices(maybe_relevant))
        text += f"\n\n**{escape_markdown(display.MAYBE_RELEVANT)}:**\n{items}"
    if answer.citations or maybe_relevant:
        text += "\n\n_Klikk på et kildenummer eller en kilde til høyre for å lese avsnittet\\._"
    note = display.mode_note(answer.fallback or answer.mode)
    return text + (f"\n\n_{escape_markdown(note)}_" if note else "")


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in spans:
        out += [escape_html(text[pos:s]), f"<mark>{escape_html(text[s:e])}</mark>"]
        pos = e
    return "".join(out) + escape_html(text[pos:])


def source_html(c: Citation | None, record: DocumentRecord | None = None) -> str:
    """The source panel: title, municipality, section, page and the passage with the quote marked."""
    if c is None:
        return '<div class="pa-source pa-empty">Klikk på en kilde for å lese avsnittet svaret bygger på.</div>'
    rows = [("Dokument", c.title), ("Kommune", c.municipality or "nasjonalt dokument")]
    if record is not None:
        rows += [(k, v) for k, v in (("Type", record.meta.kind), ("Periode", record.meta.period)) if v]
    if c.section:
        rows.append(("Kapittel", c.section))
    if display.page_text(c):
        rows.append(("Side", display.page_text(c)))
    rows.append(("Fil", c.source))
    if c.attribution:
        rows.append(("Lisens", c.attribution))
    meta = "".join(f"<dt>{escape_html(k)}</dt><dd>{escape_html(v)}</dd>" for k, v in rows)
    spans = display.highlight_spans(c.passage, c.quote)
    hint = '<p class="pa-hint">Markert tekst er det svaret siterer.</p>' if spans else ""
    return (f'<div class="pa-source"><h3 class="pa-source-title">{escape_html(f"[{c.n}] {c.label}")}</h3>'
            f'<dl class="pa-meta">{meta}</dl>{hint}<div class="pa-passage">{_marked(c.passage, spans)}</div></div>')


def document_html(title: str, blocks: list[Block], c: Citation, window: int = 400) -> str:
    """The whole document (up to ``window`` blocks either side of the cited place) with page marks;
    the cited blocks in ``#pa-here`` with the quote marked."""
    where = display.locate_in_blocks(blocks, c.passage, c.quote)
    first, last = where if where else (-1, -1)
    lo, hi = (max(0, first - window), min(len(blocks), last + window + 1)) if where else (0, min(len(blocks), 2 * window))
    out = [f'<div class="pa-document"><h3 class="pa-source-title">{escape_html(title)}</h3>']
    if not where:
        out.append('<p class="pa-hint">Fant ikke avsnittet i dokumentteksten; viser starten av dokumentet.</p>')
    page: object = None
    for i in range(lo, hi):
        b = blocks[i]
        if b.page is not None and b.page != page:
            page = b.page
            out.append(f'<div class="pa-pagebreak">s. {escape_html(str(b.page_label or b.page))}</div>')
        if i == first:
            out.append('<div id="pa-here" class="pa-here">')
        body = _marked(b.text, display.highlight_spans(b.text, c.quote) if first <= i <= last else [])
        tag = f"h{min(3 + b.level, 6)}" if b.kind == "heading" else "p"
        out.append(f"<{tag}>{'• ' if b.kind == 'list_item' else ''}{body}</{tag}>")
        if i == last:
            out.append("</div>")
    return "".join(out) + "</div>"


def status_html(s: display.Status, note: str = "") -> str:
    items = display.status_items(s) + ([note] if note else [])
    return '<div class="pa-status">' + " · ".join(f"<span>{escape_html(i)}</span>" for i in items) + "</div>"


def charts_html(result) -> str:
    """A small bar chart per plan: share of goals with measures, indicators and target values."""
    blocks = []
    for name, flags, bars, note in display.plan_bars(result):
        rows = "".join(
            f'<div class="pa-bar-row"><span class="pa-bar-label">{escape_html(b.label)}</span>'
            f'<span class="pa-bar"><span class="pa-bar-fill" style="width:{b.percent}%"></span></span>'
            f'<span class="pa-bar-value">{b.count} av {b.total} ({b.percent} %)</span></div>' for b in bars)
        hint = f'<p class="pa-hint">{escape_html(note)}</p>' if note else ""
        total = bars[0].total if bars else 0
        blocks.append(f'<div class="pa-chart"><h4>{escape_html(name)}</h4>'
                      f'<p class="pa-hint">{total} mål · {flags} flagg</p>{rows}{hint}</div>')
    return '<div class="pa-charts">' + "".join(blocks) + "</div>" if blocks else ""


def render_pdf_page(pdf: Path, page: int, out_dir: Path, dpi: int = 60) -> Path | None:
    """The page as PNG via pdftoppm (poppler-utils); None when pdftoppm is missing or fails."""
    exe = shutil.which("pdftoppm")
    if not exe or not pdf.exists() or pdf.suffix.lower() != ".pdf" or page < 1:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{hashlib.sha1(str(pdf).encode()).hexdigest()[:10]}-s{page}-{dpi}"
    target = prefix.with_suffix(".png")
    if target.exists() and target.stat().st_mtime >= pdf.stat().st_mtime:
        return target
    try:
        subprocess.run([exe, "-f", str(page), "-l", str(page), "-png", "-r", str(dpi), "-singlefile", str(pdf),
                        str(prefix)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return target if target.exists() else None


# --- handlers (plain functions of plain values; Gradio updates out) -------------------------------
def failure(exc: BaseException, what: str) -> str:
    """The one error handler: log unexpected errors with their traceback, return the user's sentence."""
    if not isinstance(exc, AssistantError):
        log.exception("%s feilet", what)
    return display.friendly_error(exc)


def refresh_values() -> tuple:
    """Status line, document table and the document/municipality/kind choices, from the catalog."""
    ctx = context()
    store = open_store(ctx.settings)
    records = store.catalog.documents()
    docs, chunks = store.stats()
    choices = display.document_choices(records)
    return (status_html(display.status_of(ctx.settings, docs, chunks, len(store.without_vectors())), ctx.startup_note),
            display.document_rows(records), gr.update(choices=choices, value=None),
            gr.update(choices=display.municipalities_of(records)), gr.update(choices=display.kinds_of(records)),
            gr.update(choices=choices), gr.update(choices=display.plan_choices(records)))


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


def _paths(files: list | None) -> list[Path]:
    return [Path(f if isinstance(f, str) else getattr(f, "name", f)) for f in files or []]


def ingest_files(files: list | None, request: gr.Request | None = None, progress=gr.Progress()) -> tuple:
    """Upload: (summary, per-file report, upload box cleared, *refresh_values())."""
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
            report = ingest_uploads(paths, ctx.settings, progress=lambda f, msg: progress(f, desc=msg))
        return (summary_html(display.report_summary(report)), gr.update(value=display.report_rows(report), visible=True),
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


def goal_detail_html(result, evt: gr.SelectData) -> str:
    """The detail view of the goal row the user clicked: what backs it (own and plan-wide apart)
    and why each flag — the explanations the table's one-line flags leave out."""
    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    detail = display.goal_detail(result, int(row)) if result is not None else None
    if detail is None:
        return ""

    def items(lines, empty: str) -> str:
        if not lines:
            return f"<p class=\"pa-hint\">{escape_html(empty)}</p>"
        return "<ul>" + "".join(
            f"<li>{escape_html(e.text)}" + (f" <span class=\"pa-hint\">({escape_html(e.section)})</span>" if e.section else "")
            + "</li>" for e in lines) + "</ul>"

    r = detail.row
    parts = [f"<h4>{escape_html(r.goal)}</h4>",
             f"<p class=\"pa-hint\">{escape_html(r.plan_title)}{' · ' + escape_html(r.location) if r.location else ''}"
             f"{' · arvet fra en annen plan' if r.inherited else ''}</p>",
             "<p><b>Egne tiltak</b></p>", items(detail.own_measures, "Ingen tiltak knyttet til dette målet."),
             f"<p><b>Planomfattende tiltak</b> ({len(detail.plan_wide_measures)})</p>",
             items(detail.plan_wide_measures[:5], "Ingen."),
             "<p><b>Indikatorer</b></p>", items(detail.own_indicators + detail.plan_wide_indicators[:3], "Ingen funnet."),
             "<p><b>Måltall</b>: " + escape_html("; ".join(detail.targets) or "ingen funnet") + "</p>"]
    if detail.explanations:
        parts.append("<p><b>Flagg forklart</b></p><ul>" + "".join(
            f"<li><code>{escape_html(str(code))}</code> {escape_html(text)}</li>" for code, text in detail.explanations)
            + "</ul>")
    return '<div class="pa-goal-detail">' + "".join(parts) + "</div>"


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


def ask_api(question: str) -> dict:
    """The ``ask`` API endpoint: the question's answer as the JSON of ``python -m assistant ask --json``."""
    if not (question or "").strip():
        raise gr.Error("Spørsmålet er tomt.")
    try:
        return answer_json(ask(question, settings=context().settings))
    except Exception as exc:
        raise gr.Error(failure(exc, "API-spørsmålet")) from None


def startup(ctx: AppContext) -> None:
    """In the background at start: finish or report uploads a crash interrupted, warm the indexes."""
    from ingest.uploads import recover_uploads

    try:
        with ctx.write_lock:
            report = recover_uploads(ctx.settings)
        if report is not None:
            ctx.startup_note = f"Ved oppstart – avbrutte opplastinger: {display.report_summary(report)}"
            for f in report.files:
                log.warning("avbrutt opplasting: %s: %s %s", Path(f.path).name, f.status, f.reason)
        store = open_store(ctx.settings)
        store.refresh()
        if ctx.settings.effective_dense_weight > 0 and store.catalog.documents():
            from assistant.embedding import make_embedder

            make_embedder(ctx.settings)
    except Exception as exc:  # the first question will report the problem in words
        failure(exc, "oppstarten")


# --- layout and wiring --------------------------------------------------------------------------
def build_app(settings: Settings | None = None, access: Access | None = None) -> gr.Blocks:
    """The whole app as a Blocks object (not launched); starts the background start-up work."""
    ctx = configure(settings or get_settings(), access)
    records = open_store(ctx.settings).catalog.documents()
    municipalities = display.municipalities_of(records)
    examples = display.example_questions(display.load_examples(ctx.settings.corpus_dir / "examples.json"), municipalities)
    threading.Thread(target=startup, args=(ctx,), daemon=True).start()

    with gr.Blocks(title="Planassistenten", analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        gr.HTML('<div class="pa-header"><h1>Planassistenten</h1><p>Still spørsmål om kommunens planer og '
                "styringsdokumenter – svarene viser hvor i dokumentene de står.</p></div>")
        status = gr.HTML(elem_id="pa-status")
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

        refresh_outputs = [status, docs_table, remove_dd, muni_dd, kind_dd, doc_dd, check_dd]
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
        # progress shows on the summary only; the document table stays visible while documents are added
        ingest_btn.click(ingest_files, upload, [ingest_summary, report_table, upload, *refresh_outputs],
                         show_progress_on=[ingest_summary], api_visibility="private")
        remove_btn.click(remove_document, remove_dd, [remove_msg, *refresh_outputs], api_visibility="private",
                         js="(d) => (d && confirm('Fjerne dokumentet fra assistenten?')) ? d : null")
        check_btn.click(run_checker, check_dd, [check_summary, charts, goals_table, dl_xlsx, dl_csv, dl_md, check_state],
                        api_visibility="private")
        goals_table.select(goal_detail_html, check_state, goal_detail, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo


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
