"""assistant/view.py: what the app shows, without Gradio — escaping, citations, tables, status."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from assistant import view
from assistant.checker.models import CheckResult, Evidence, Flag, Goal, GoalCheck, PlanCheck
from assistant.citations import MAYBE_RELEVANT, NOT_FOUND
from assistant.errors import EmptyIndex, IngestError
from assistant.models import Answer, Chunk, Citation, DocumentMeta, DocumentRecord, FileResult, Hit, IngestReport
from assistant.settings import OFFLINE_MODEL, Settings

EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)> **fet** [lenke](javascript:alert(1)) # Tittel'


def _meta(**kw) -> DocumentMeta:
    base = dict(doc_id="amot-plan", source="amot-plan.pdf", title="Handlingsplan for trivsel", municipality="Åmot",
                kind="handlingsplan", period="2021–2024", year=2021)
    base.update(kw)
    return DocumentMeta(**base)


def _citation(n: int = 1, passage: str = "Første setning.\nAlle skoler skal ha nulltoleranse\nmot mobbing. Siste setning.",
              quote: str = "Alle skoler skal ha nulltoleranse mot mobbing.", **kw) -> Citation:
    base = dict(n=n, chunk_id="amot-plan::3", source="amot-plan.pdf", title="Handlingsplan for trivsel",
                municipality="Åmot", page=4, page_label=None, section="3.2 Tiltak", quote=quote, passage=passage,
                label="Åmot – Handlingsplan for trivsel, 3.2 Tiltak, s. 4")
    base.update(kw)
    return Citation(**base)


def _hit(text: str, seq: int = 0) -> Hit:
    chunk = Chunk(id=f"amot-plan::{seq}", doc_id="amot-plan", seq=seq, text=text, section=("2 Mål",), page_start=2)
    return Hit(chunk=chunk, meta=_meta(), score=0.1, rank=seq + 1)


def _render(md: str) -> str:
    return MarkdownIt("commonmark").render(md)


# --- escaping ---------------------------------------------------------------------------------
def test_escape_markdown_makes_every_markup_literal():
    rendered = _render(view.escape_markdown(EVIL))
    assert "<script" not in rendered and "<img" not in rendered
    assert "<strong>" not in rendered and "<a " not in rendered and "<h1>" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "**fet**" in rendered  # shown as typed


def test_escape_html_escapes_tags_and_quotes():
    assert view.escape_html('<b a="1">') == "&lt;b a=&quot;1&quot;&gt;"


# --- answers ----------------------------------------------------------------------------------
def test_answer_markdown_bolds_markers_and_municipality_headings_and_escapes_text():
    text = "Åmot:\nSkolene skal ha nulltoleranse mot <b>mobbing</b>. [1]\n\nLøten:\nLøten har en plan. [2]"
    answer = Answer("q", True, text, [_citation(1), _citation(2)])
    rendered = _render(view.answer_markdown(answer))
    assert "<strong>[1]</strong>" in rendered and "<strong>[2]</strong>" in rendered
    assert "<strong>Åmot:</strong>" in rendered and "<strong>Løten:</strong>" in rendered
    assert "&lt;b&gt;mobbing&lt;/b&gt;" in rendered and "<b>" not in rendered
    assert "Klikk på en kilde" in rendered


def test_not_found_answer_lists_maybe_relevant_passages():
    hits = [_hit("Om mobbing i barnehagen.", 0), _hit("Om trivsel.", 1), _hit("Om lesing.", 2), _hit("Om SFO.", 3)]
    answer = Answer("Hva koster en bil?", False, NOT_FOUND, [], hits)
    shown = view.shown_citations(answer)
    assert [c.n for c in shown] == [1, 2, 3]  # the three closest passages
    assert shown[0].passage == "Om mobbing i barnehagen." and shown[0].quote == ""
    md = view.answer_markdown(answer, shown)
    rendered = _render(md)
    assert NOT_FOUND in rendered
    assert f"{MAYBE_RELEVANT}:" in rendered
    assert "[1] Åmot – Handlingsplan for trivsel, 2 Mål" in rendered


def test_found_answer_offers_its_own_citations():
    cites = [_citation(1), _citation(2)]
    answer = Answer("q", True, "Svar. [1] [2]", cites, [_hit("annet")])
    assert view.shown_citations(answer) == cites


def test_mode_note_only_for_fallbacks():
    assert view.mode_note("extractive") == ""
    assert view.mode_note("llm:qwen") == ""
    assert view.mode_note("extractive (språkmodellen svarte ikke)") == "Uttrukket svar: språkmodellen svarte ikke."
    md = view.answer_markdown(Answer("q", True, "Svar. [1]", [_citation()], mode="extractive (språkmodellen svarte ikke)"))
    assert "språkmodellen svarte ikke" in _render(md)


def test_make_filters_none_when_nothing_chosen():
    assert view.make_filters([], None, []) is None
    f = view.make_filters(["Åmot"], ["handlingsplan"], ["amot-plan"])
    assert f is not None and f.municipality == ("Åmot",) and f.kind == ("handlingsplan",) and f.doc_ids == ("amot-plan",)


def test_citation_choices_and_lookup():
    cites = [_citation(1), _citation(2, label="Løten – Plan, 2 Mål")]
    assert view.citation_choices(cites) == [("[1] Åmot – Handlingsplan for trivsel, 3.2 Tiltak, s. 4", "1"),
                                            ("[2] Løten – Plan, 2 Mål", "2")]
    assert view.find_citation(cites, "2").label == "Løten – Plan, 2 Mål"
    assert view.find_citation(cites, None) is None
    assert view.find_citation(cites, "9") is None
    assert view.doc_id_of(cites[0]) == "amot-plan"


# --- source panel ---------------------------------------------------------------------------------
def test_highlight_spans_match_across_line_breaks():
    c = _citation()
    spans = view.highlight_spans(c.passage, c.quote)
    assert len(spans) == 1
    s, e = spans[0]
    assert c.passage[s:e] == "Alle skoler skal ha nulltoleranse\nmot mobbing."


def test_highlight_merges_overlaps_and_ignores_missing_quotes():
    passage = "En. To setninger her. Tre setninger her."
    assert view.highlight_spans(passage, "Finnes ikke i teksten.") == []
    spans = view.highlight_spans(passage, "To setninger her. Tre setninger her.")
    assert spans == [(4, len(passage))]


def test_source_html_shows_metadata_and_marks_quote_with_everything_escaped():
    c = _citation(passage="Før <b>fet</b>. Alle skoler skal ha nulltoleranse mot mobbing. Etter.",
                  title='Plan <script>alert("x")</script>')
    record = DocumentRecord(_meta(), "/tmp/amot-plan.pdf", "h", 10, 20, "2024-05-02T08:15:00+00:00")
    out = view.source_html(c, record)
    assert "<script>" not in out and "<b>fet</b>" not in out
    assert "&lt;b&gt;fet&lt;/b&gt;" in out and "&lt;script&gt;" in out
    assert "<mark>Alle skoler skal ha nulltoleranse mot mobbing.</mark>" in out
    for expected in ("Åmot", "3.2 Tiltak", "s. 4", "2021–2024", "handlingsplan", "amot-plan.pdf"):
        assert expected in out


def test_source_html_page_label_and_empty_state():
    c = _citation(page=7, page_label="iv")
    assert "s. iv (side 7 i PDF-en)" in view.source_html(c)
    national = _citation(municipality="", page=None)
    out = view.source_html(national)
    assert "nasjonalt dokument" in out and "Side" not in out
    assert "Klikk på en kilde" in view.source_html(None)


def test_render_pdf_page_makes_a_png(tmp_path: Path):
    from tests.pdfs import make_plan_pdf

    assert shutil.which("pdftoppm"), "pdftoppm mangler: kjør scripts/install_browser.sh (poppler-utils)"
    pdf = make_plan_pdf(tmp_path / "plan.pdf", pages=3)
    png = view.render_pdf_page(pdf, 2, tmp_path / "sider")
    assert png is not None and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert view.render_pdf_page(pdf, 2, tmp_path / "sider") == png  # cached


def test_render_pdf_page_skips_silently_without_pdftoppm_or_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    txt = tmp_path / "plan.txt"
    txt.write_text("tekst", encoding="utf-8")
    assert view.render_pdf_page(txt, 1, tmp_path / "sider") is None
    assert view.render_pdf_page(tmp_path / "mangler.pdf", 1, tmp_path / "sider") is None
    monkeypatch.setattr(view.shutil, "which", lambda name: None)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert view.render_pdf_page(pdf, 1, tmp_path / "sider") is None


def test_example_questions_follow_the_indexed_municipalities():
    shipped = view.example_questions(["Åmot", "Jevnaker", "Lørenskog", "Løten"])
    assert "Hva gjør Åmot med mobbing?" in shipped and view.COMPARE_EXAMPLE in shipped
    assert len(shipped) == 6
    only_jevnaker = view.example_questions(["Jevnaker"])
    assert all("Åmot" not in q for q in only_jevnaker) and "Hva er BTI i Jevnaker?" in only_jevnaker
    assert view.example_questions(["Bergen"]) == view.FALLBACK_EXAMPLES


# --- documents ------------------------------------------------------------------------------------
def test_document_rows_and_choices():
    records = [
        DocumentRecord(_meta(), "/data/uploads/amot-plan.pdf", "h1", 12, 40, "2024-05-02T08:15:00+00:00"),
        DocumentRecord(_meta(doc_id="lov", source="opplaringslova.xml", title="Opplæringslova", municipality="",
                             kind="lov", period="", has_pages=False), "/c/opplaringslova.xml", "h2", 0, 90,
                       "2024-05-01T10:00:00+00:00"),
    ]
    rows = view.document_rows(records)
    assert len(rows[0]) == len(view.DOCUMENT_COLUMNS)
    assert rows[0][:6] == ["Handlingsplan for trivsel", "Åmot", "handlingsplan", "2021–2024", 12, 40]
    assert rows[0][7] == "amot-plan.pdf"
    assert rows[0][6].startswith("02.05.2024 ")
    assert rows[1][1] == "nasjonalt" and rows[1][4] == "–"  # national last, no pages
    assert view.document_choices(records)[0] == ("Åmot – Handlingsplan for trivsel", "amot-plan")
    assert view.plan_choices(records) == [("Åmot – Handlingsplan for trivsel", "amot-plan")]  # no law
    assert view.kinds_of(records) == ["handlingsplan", "lov"]


def test_report_rows_and_summary_name_failures_and_reasons():
    report = IngestReport(files=[
        FileResult("/u/plan.pdf", "ingested", pages=3, chunks=5, doc_id="plan"),
        FileResult("/u/skannet.pdf", "failed", "PDF-en har ikke tekst (skannet?)"),
        FileResult("/u/kopi.pdf", "duplicate", "samme innhold som «plan.pdf»"),
    ], seconds=1.26)
    rows = view.report_rows(report)
    assert rows[0] == ["plan.pdf", "lagt inn", 3, 5, ""]
    assert rows[1] == ["skannet.pdf", "feilet", "", "", "PDF-en har ikke tekst (skannet?)"]
    assert rows[2][1] == "hoppet over (duplikat)"
    assert view.report_summary(report) == "3 filer: 1 lagt inn, 1 hoppet over, 1 feilet (1.3 s)."


# --- status and errors --------------------------------------------------------------------------
def test_status_line_names_model_fallback_and_answer_mode(tmp_path: Path):
    offline = view.status_of(Settings(data_dir=tmp_path), 5, 228)
    assert offline.offline_fallback and offline.embedding_model == OFFLINE_MODEL
    html = view.status_html(offline)
    for expected in ("5 dokumenter", "228 tekstbiter", OFFLINE_MODEL, "reservemodell", "ingen språkmodell"):
        assert expected in html
    llm = view.status_of(Settings(data_dir=tmp_path, embedding_model="intfloat/multilingual-e5-base",
                                  llm_base_url="http://localhost:11434/v1", llm_model="qwen2.5"), 1, 3)
    html = view.status_html(llm)
    assert "1 dokument " in html.replace("<", " ") and "reservemodell" not in html and "språkmodell qwen2.5" in html


def test_friendly_error_uses_domain_message_and_hides_internals():
    assert view.friendly_error(EmptyIndex()).startswith("Ingen dokumenter er lagt inn")
    assert view.friendly_error(IngestError("/x/plan.pdf", "filen er tom")) == "plan.pdf: filen er tom"
    msg = view.friendly_error(KeyError("chunk_id"))
    assert msg == view.GENERIC_ERROR and "KeyError" not in msg and "Traceback" not in msg


# --- checker ------------------------------------------------------------------------------------
def _check_result() -> CheckResult:
    g1 = GoalCheck(Goal("Alle elever skal trives <i>godt</i>.", page=3, section="2 Mål"),
                   measures=[Evidence("Trivselsprogram")], indicators=[Evidence("Elevundersøkelsen")],
                   target_values=["under 5 prosent innen 2025"])
    g2 = GoalCheck(Goal("Færre skal slutte i videregående."),
                   flags=[Flag("ingen_tiltak", "Tiltak ikke funnet: så etter tiltak under målet."),
                          Flag("ingen_maltall", "Måltall ikke funnet.")])
    plan = PlanCheck(_meta(title="Plan <b>A</b>"), goals=[g1, g2])
    return CheckResult(plans=[plan, PlanCheck(_meta(doc_id="b", municipality="Løten", title="Plan B"),
                                              note="Fant ingen mål i dokumentet.")])


def test_goal_rows_show_flags_as_messages():
    rows = view.goal_rows(_check_result())
    assert len(rows) == 2 and len(rows[0]) == len(view.GOAL_COLUMNS)
    assert rows[0] == ["Åmot – Plan <b>A</b>", "Alle elever skal trives <i>godt</i>.", 3, 1, 1,
                       "under 5 prosent innen 2025", "–"]
    assert rows[1][2] == "" and rows[1][6] == "Tiltak ikke funnet: så etter tiltak under målet.; Måltall ikke funnet."
    assert view.flag_count(_check_result()) == 2


def test_check_summary_and_charts():
    result = _check_result()
    assert view.check_summary(result).startswith("2 planer sjekket: 2 mål, 1 med flagg.")
    html = view.plan_charts_html(result)
    assert html.count('class="pa-chart"') == 2
    assert "Plan &lt;b&gt;A&lt;/b&gt;" in html and "<b>A</b>" not in html
    assert "1 av 2 (50 %)" in html and 'style="width:50%"' in html
    assert "0 av 0 (0 %)" in html and "Fant ingen mål i dokumentet." in html
    assert view.plan_charts_html(CheckResult()) == ""


def test_norwegian_alphabetical_order():
    records = [DocumentRecord(_meta(doc_id=m, municipality=m), f"/{m}.txt", m, 1, 1, "") for m in
               ("Åmot", "Løten", "Jevnaker", "Lørenskog", "Ørland", "Ås")]
    assert view.municipalities_of(records) == ["Jevnaker", "Lørenskog", "Løten", "Ørland", "Åmot", "Ås"]
