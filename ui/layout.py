"""The app's layout and wiring: the three tabs (Spør, Dokumenter, Sjekk plan), the status line,
the theme, CSS and the little JavaScript; ``build_app`` connects each event to its handler in
``ui/chat.py``, ``ui/documents.py`` and ``ui/checker.py``."""

from __future__ import annotations

import threading

import gradio as gr

from assistant import display
from assistant.access import Access
from assistant.settings import Settings, get_settings
from assistant.store import open_store
from assistant.vocabulary import SUPPORTED_SUFFIXES
from ui.chat import ask_api, clear_chat, open_document, respond, show_source, use_example
from ui.checker import goal_detail_html, run_checker
from ui.context import configure
from ui.documents import VECTOR_POLL_SECONDS, ingest_files, poll_vectors, refresh_values, remove_document, startup
from ui.markup import source_html

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
        goals_table.select(goal_detail_html, check_state, goal_detail, api_visibility="private")
        gr.api(ask_api, api_name="ask")
    return demo

