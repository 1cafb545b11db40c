"""Planassistenten: the Gradio app (UI wiring only).

Three tabs — Spør (ask, with clickable citations and the source passage), Dokumenter (the
documents in the index, upload, remove) and Sjekk plan (the goal checker with downloads) —
and a status line. Everything shown is formatted by ``assistant/view.py``; everything done is
``assistant.answer``, ``ingest.run``, ``assistant.store`` and ``assistant.checker``.

    python app.py [--host 127.0.0.1] [--port 7860]

Serves on 127.0.0.1:7860 by default (settings ``host``/``port``, env ASSISTANT_HOST/ASSISTANT_PORT).
Never shares the app publicly.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home; the machine may be offline

import gradio as gr  # noqa: E402

from assistant import view  # noqa: E402
from assistant.answer import ask_stream  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.models import Citation  # noqa: E402
from assistant.settings import Settings, get_settings  # noqa: E402
from assistant.store import open_store  # noqa: E402

log = logging.getLogger("planassist.app")

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md", ".html", ".htm"]

THEME = gr.themes.Default(
    primary_hue="blue",
    neutral_hue="slate",
    font=["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"],
)

CSS = """
.pa-header h1 { margin: 0 0 2px 0; font-size: 1.6rem; }
.pa-header p { margin: 0; color: var(--body-text-color-subdued); }
.pa-status { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem;
  color: var(--body-text-color-subdued); padding: 6px 2px; }
.pa-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 12px 14px;
  background: var(--block-background-fill); }
.pa-source.pa-empty { color: var(--body-text-color-subdued); font-style: italic; }
.pa-source-title { margin: 0 0 8px 0; font-size: 1.02rem; }
.pa-meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 8px 0;
  font-size: 0.88rem; }
.pa-meta dt { font-weight: 600; }
.pa-meta dd { margin: 0; }
.pa-passage { white-space: pre-wrap; line-height: 1.5; max-height: 420px; overflow-y: auto;
  border-top: 1px solid var(--border-color-primary); padding-top: 8px; }
.pa-passage mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
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

_write_lock = threading.Lock()  # one ingest/removal at a time


def _refresh_values(settings: Settings) -> tuple:
    """Status line, document table and the document/municipality/kind choices, from the catalog."""
    store = open_store(settings)
    records = store.catalog.documents()
    docs, chunks = store.stats()
    doc_choices = view.document_choices(records)
    municipalities = view.municipalities_of(records)
    return (
        view.status_html(view.status_of(settings, docs, chunks)),
        view.document_rows(records),
        gr.update(choices=doc_choices, value=None),
        gr.update(choices=municipalities),
        gr.update(choices=view.kinds_of(records)),
        gr.update(choices=doc_choices),
        gr.update(choices=view.plan_choices(records)),
    )


def _warm(settings: Settings) -> None:
    """Load the search indexes (and the embedding model when retrieval uses it) in the background."""
    try:
        store = open_store(settings)
        store.refresh()
        if settings.effective_dense_weight > 0 and store.catalog.documents():
            from assistant.embedding import make_embedder

            make_embedder(settings)
    except Exception:  # the first question will report the problem in words
        log.exception("oppvarming feilet")


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """The whole app as a Blocks object (not launched)."""
    settings = settings or get_settings()
    work = Path(tempfile.mkdtemp(prefix="planassist-app-"))
    records = open_store(settings).catalog.documents()
    municipalities = view.municipalities_of(records)
    threading.Thread(target=_warm, args=(settings,), daemon=True).start()

    # --- handlers -----------------------------------------------------------------------------
    def respond(question: str, history: list, munis: list, kinds: list, doc_ids: list):
        history = list(history or [])
        q = (question or "").strip()
        if not q:
            gr.Info("Skriv et spørsmål først.")
            yield history, question, gr.update(), gr.update(), gr.update(), gr.update()
            return
        history.append({"role": "user", "content": view.escape_markdown(q)})
        history.append({"role": "assistant", "content": "_Leter i dokumentene …_"})
        empty_panel = view.source_html(None)
        yield history, "", gr.update(choices=[], value=None), [], empty_panel, gr.update(value=None, visible=False)
        try:
            filters = view.make_filters(munis, kinds, doc_ids)
            answer = None
            for answer in ask_stream(q, filters, settings=settings):
                history[-1] = {"role": "assistant", "content": view.answer_markdown(answer)}
                yield history, "", gr.update(), [], gr.update(), gr.update()
            if answer is None:
                return
            shown = view.shown_citations(answer)
            history[-1] = {"role": "assistant", "content": view.answer_markdown(answer, shown)}
            label = "Kilder i svaret" if answer.found else view.MAYBE_RELEVANT_LABEL
            yield (history, "", gr.update(choices=view.citation_choices(shown), value=None, label=label),
                   shown, empty_panel, gr.update())
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("spørsmålet feilet: %s", q)
            history[-1] = {"role": "assistant", "content": view.escape_markdown(view.friendly_error(exc))}
            yield history, "", gr.update(choices=[], value=None), [], empty_panel, gr.update()

    def show_source(value: str | None, citations: list[Citation]):
        c = view.find_citation(citations or [], value)
        if c is None:
            return view.source_html(None), gr.update(value=None, visible=False)
        try:
            record = open_store(settings).catalog.document(view.doc_id_of(c))
            image = None
            if record is not None and c.page and record.path.lower().endswith(".pdf"):
                image = view.render_pdf_page(Path(record.path), c.page, work / "sider")
            img = gr.update(value=str(image), visible=True, label=f"Side {c.page_label or c.page}") if image else gr.update(value=None, visible=False)
            return view.source_html(c, record), img
        except Exception:
            log.exception("kunne ikke vise kilden")
            return view.source_html(c), gr.update(value=None, visible=False)

    def use_example(sample: list) -> str:
        return sample[0] if sample else ""

    def ingest_files(files: list | None, progress=gr.Progress()):
        from ingest.run import run

        if not files:
            gr.Warning("Velg en eller flere filer å laste opp først.")
            return ("", gr.update(), *_refresh_values(settings))
        uploads = settings.data_dir / "uploads"
        try:
            uploads.mkdir(parents=True, exist_ok=True)
            paths = []
            for f in files:
                src = Path(f if isinstance(f, str) else f.name)
                dest = uploads / src.name
                shutil.copyfile(src, dest)
                paths.append(dest)
            progress(0.0, desc="Starter innlegging")
            with _write_lock:
                report = run(paths, settings, progress=lambda fraction, message: progress(fraction, desc=message))
            summary = f'<p class="pa-summary">{view.escape_html(view.report_summary(report))}</p>'
            return (summary, gr.update(value=view.report_rows(report), visible=True), *_refresh_values(settings))
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("innlegging feilet")
            msg = f'<p class="pa-summary">{view.escape_html(view.friendly_error(exc))}</p>'
            return (msg, gr.update(), *_refresh_values(settings))

    def remove_document(doc_id: str | None):
        if not doc_id:
            gr.Warning("Velg dokumentet som skal fjernes.")
            return ("", *_refresh_values(settings))
        try:
            store = open_store(settings)
            record = store.catalog.document(doc_id)
            with _write_lock:
                store.remove_document(doc_id)
            name = record.meta.title if record else doc_id
            msg = f'<p class="pa-summary">Fjernet «{view.escape_html(name)}» fra assistenten.</p>'
            return (msg, *_refresh_values(settings))
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("fjerning feilet")
            return (f'<p class="pa-summary">{view.escape_html(view.friendly_error(exc))}</p>', *_refresh_values(settings))

    def run_checker(doc_ids: list | None, progress=gr.Progress()):
        hidden = gr.update(visible=False)
        try:
            from assistant.checker import export
            from assistant.checker.service import run_check

            progress(0.1, desc="Sjekker planene")
            result = run_check(doc_ids=list(doc_ids) if doc_ids else None, settings=settings)
            out = work / "eksport" / time.strftime("%Y%m%d-%H%M%S")
            out.mkdir(parents=True, exist_ok=True)
            xlsx = out / "plansjekk.xlsx"
            export.to_xlsx(result, xlsx)
            csv = out / "plansjekk.csv"
            csv.write_text(export.to_csv(result), encoding="utf-8-sig")
            md = out / "plansjekk.md"
            md.write_text(export.to_markdown(result), encoding="utf-8")
            summary = f'<p class="pa-summary">{view.escape_html(view.check_summary(result))}</p>'
            return (summary, view.plan_charts_html(result), gr.update(value=view.goal_rows(result), visible=True),
                    gr.update(value=str(xlsx), visible=True), gr.update(value=str(csv), visible=True),
                    gr.update(value=str(md), visible=True))
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("plansjekken feilet")
            msg = f'<p class="pa-summary">{view.escape_html(view.friendly_error(exc))}</p>'
            return msg, "", gr.update(visible=False), hidden, hidden, hidden

    # --- layout ---------------------------------------------------------------------------------
    with gr.Blocks(title="Planassistenten", analytics_enabled=False) as demo:
        gr.HTML(
            '<div class="pa-header"><h1>Planassistenten</h1>'
            "<p>Still spørsmål om kommunens planer og styringsdokumenter – svarene viser hvor i "
            "dokumentene de står.</p></div>"
        )
        status = gr.HTML(elem_id="pa-status")
        citations_state = gr.State([])

        with gr.Tabs():
            with gr.Tab("Spør", id="spor"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Samtale",
                            elem_id="pa-chat",
                            height=480,
                            render_markdown=True,
                            sanitize_html=True,
                            line_breaks=True,
                            feedback_options=None,
                            buttons=["copy"],
                            placeholder="**Spør om planene.** Svaret bygger bare på dokumentene i assistenten, "
                                        "med nummererte kildehenvisninger.",
                        )
                        with gr.Row():
                            question = gr.Textbox(
                                label="Spørsmål", placeholder="Skriv et spørsmål, for eksempel om mobbing, "
                                "tidlig innsats eller læringsmiljø …", elem_id="pa-question", scale=5, lines=1,
                                autofocus=True,
                            )
                            ask_btn = gr.Button("Spør", variant="primary", elem_id="pa-ask", scale=1, min_width=90)
                        examples = gr.Dataset(
                            components=[question],
                            samples=[[q] for q in view.example_questions(municipalities)],
                            label="Eksempler – klikk for å spørre",
                            elem_id="pa-examples",
                        )
                        with gr.Accordion("Avgrens søket", open=False):
                            with gr.Row():
                                muni_dd = gr.Dropdown(label="Kommune", multiselect=True, choices=municipalities)
                                kind_dd = gr.Dropdown(label="Dokumenttype", multiselect=True,
                                                      choices=view.kinds_of(records))
                            doc_dd = gr.Dropdown(label="Dokument", multiselect=True,
                                                 choices=view.document_choices(records))
                        clear_btn = gr.Button("Ny samtale", variant="secondary", size="sm")
                    with gr.Column(scale=2):
                        sources = gr.Radio(label="Kilder i svaret", choices=[], elem_id="pa-sources",
                                           elem_classes=["pa-sources"])
                        source_panel = gr.HTML(view.source_html(None), elem_id="pa-source")
                        page_image = gr.Image(label="Siden i PDF-en", visible=False, interactive=False, height=560,
                                              elem_id="pa-page", buttons=["fullscreen"])

            with gr.Tab("Dokumenter", id="dokumenter"):
                docs_table = gr.Dataframe(headers=view.DOCUMENT_COLUMNS, interactive=False, wrap=True,
                                          label="Dokumenter i assistenten", elem_id="pa-docs",
                                          column_widths=["30%", "10%", "11%", "9%", "6%", "8%", "12%", "14%"])
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3):
                        upload = gr.File(label="Last opp dokumenter (PDF, DOCX, TXT, MD eller HTML)",
                                         file_count="multiple", file_types=UPLOAD_TYPES, type="filepath",
                                         elem_id="pa-upload")
                        ingest_btn = gr.Button("Legg inn i assistenten", variant="primary", elem_id="pa-ingest")
                        ingest_summary = gr.HTML(elem_id="pa-ingest-summary")
                        report_table = gr.Dataframe(headers=view.REPORT_COLUMNS, interactive=False, wrap=True,
                                                    label="Resultat per fil", visible=False, elem_id="pa-report",
                                                    column_widths=["28%", "14%", "8%", "10%", "40%"])
                    with gr.Column(scale=2):
                        remove_dd = gr.Dropdown(label="Fjern et dokument", choices=view.document_choices(records),
                                                elem_id="pa-remove-doc")
                        remove_btn = gr.Button("Fjern dokumentet", variant="stop", elem_id="pa-remove")
                        remove_msg = gr.HTML(elem_id="pa-remove-msg")

            with gr.Tab("Sjekk plan", id="sjekk"):
                gr.HTML('<p class="pa-hint">Sjekken finner målene i hver plan og ser etter tiltak, '
                        "indikatorer og måltall knyttet til dem. Flagg betyr «ikke funnet» – les planen før "
                        "du konkluderer.</p>")
                with gr.Row():
                    check_dd = gr.Dropdown(label="Planer (tomt = alle planer)", multiselect=True,
                                           choices=view.plan_choices(records), scale=4)
                    check_btn = gr.Button("Kjør sjekk", variant="primary", elem_id="pa-check", scale=1)
                check_summary = gr.HTML(elem_id="pa-check-summary")
                charts = gr.HTML(elem_id="pa-charts")
                goals_table = gr.Dataframe(headers=view.GOAL_COLUMNS, interactive=False, wrap=True,
                                           label="Mål og funn", visible=False, elem_id="pa-goals",
                                           column_widths=["18%", "32%", "6%", "7%", "8%", "12%", "17%"])
                with gr.Row():
                    dl_xlsx = gr.DownloadButton("Last ned Excel (XLSX)", visible=False, elem_id="pa-dl-xlsx")
                    dl_csv = gr.DownloadButton("Last ned CSV", visible=False, elem_id="pa-dl-csv")
                    dl_md = gr.DownloadButton("Last ned Markdown", visible=False, elem_id="pa-dl-md")

        # --- wiring ------------------------------------------------------------------------------
        refresh_outputs = [status, docs_table, remove_dd, muni_dd, kind_dd, doc_dd, check_dd]
        ask_outputs = [chatbot, question, sources, citations_state, source_panel, page_image]
        ask_inputs = [question, chatbot, muni_dd, kind_dd, doc_dd]
        demo.load(lambda: _refresh_values(settings), None, refresh_outputs)
        question.submit(respond, ask_inputs, ask_outputs)
        ask_btn.click(respond, ask_inputs, ask_outputs)
        examples.click(use_example, examples, question).then(respond, ask_inputs, ask_outputs)
        sources.change(show_source, [sources, citations_state], [source_panel, page_image])
        clear_btn.click(lambda: ([], "", gr.update(choices=[], value=None), [], view.source_html(None),
                                 gr.update(value=None, visible=False)), None, ask_outputs)
        ingest_btn.click(ingest_files, upload, [ingest_summary, report_table, *refresh_outputs])
        remove_btn.click(remove_document, remove_dd, [remove_msg, *refresh_outputs],
                         js="(d) => (d && confirm('Fjerne dokumentet fra assistenten?')) ? d : null")
        check_btn.click(run_checker, check_dd, [check_summary, charts, goals_table, dl_xlsx, dl_csv, dl_md])
    demo.planassist_workdir = work  # type: ignore[attr-defined]
    return demo


def main(argv: list[str] | None = None) -> int:
    """Serve the app: ``python app.py [--host H] [--port P]``."""
    parser = argparse.ArgumentParser(description="Start Planassistenten i nettleseren.")
    parser.add_argument("--host", help="adressen appen lytter på (standard: innstillingen host, 127.0.0.1)")
    parser.add_argument("--port", type=int, help="porten appen lytter på (standard: innstillingen port, 7860)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = get_settings()
    host = args.host or settings.host
    port = args.port or settings.port
    try:
        demo = build_app(settings)
    except Exception as exc:
        print(f"Kunne ikke starte appen: {view.friendly_error(exc)}", file=sys.stderr)
        log.exception("oppstart feilet")
        return 1
    demo.queue(default_concurrency_limit=4)
    demo.launch(
        server_name=host,
        server_port=port,
        share=False,
        theme=THEME,
        css=CSS,
        footer_links=[],
        show_error=False,
        run_history=False,
        allowed_paths=[str(demo.planassist_workdir)],  # type: ignore[attr-defined]
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
