"""The Spør tab's handlers: ask (streamed answer with numbered sources), open a source (passage,
PDF page picture, whole document at the cited place), and the ``ask`` API endpoint. Plain
functions of plain values; Gradio updates out (tests/test_app.py calls them without a browser)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from assistant import display
from assistant.answer import ask, ask_stream
from assistant.answer_json import answer_json
from assistant.models import Citation
from assistant.store import open_store
from ui.context import context, failure
from ui.markup import answer_markdown, document_html, escape_markdown, source_html, summary_html


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


