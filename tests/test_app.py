"""app.py without a browser: the markup (everything from documents escaped), the handlers called
as plain functions on a real index, the access rules and the ``ask`` API's JSON."""

from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import gradio as gr
import pytest
from markdown_it import MarkdownIt

import app
from assistant import markup, pages
from assistant.access import READ_ONLY, WRITE_REFUSED, Access, access_for, check_password, hash_password
from assistant.checker.models import CheckResult, Goal, GoalCheck, PlanCheck
from assistant.citations import MAYBE_RELEVANT, NOT_FOUND
from assistant.errors import AssistantError
from assistant.models import Answer, Block, Chunk, Citation, DocumentMeta, DocumentRecord, Hit
from assistant.settings import Settings
from assistant.store import open_store

EVIL = '<script>alert("x")</script> <img src=x onerror=alert(1)> **fet** [lenke](javascript:alert(1)) # Tittel'


def _meta(**kw) -> DocumentMeta:
    base = dict(doc_id="amot-plan", source="amot-plan.pdf", title="Handlingsplan for trivsel", municipality="Åmot",
                kind="handlingsplan", period="2021–2024", year=2021)
    base.update(kw)
    return DocumentMeta(**base)


def _citation(n: int = 1, **kw) -> Citation:
    base = dict(n=n, chunk_id="amot-plan::3", source="amot-plan.pdf", title="Handlingsplan for trivsel",
                municipality="Åmot", page=4, page_label=None, section="3.2 Tiltak",
                quote="Alle skoler skal ha nulltoleranse mot mobbing.",
                passage="Første setning.\nAlle skoler skal ha nulltoleranse\nmot mobbing. Siste setning.",
                label="Åmot – Handlingsplan for trivsel, 3.2 Tiltak, s. 4")
    base.update(kw)
    return Citation(**base)


def _render(md: str) -> str:
    return MarkdownIt("commonmark").render(md)


# --- markup -------------------------------------------------------------------------------------
def test_escape_markdown_makes_every_markup_literal():
    rendered = _render(markup.escape_markdown(EVIL))
    assert "<script" not in rendered and "<img" not in rendered
    assert "<strong>" not in rendered and "<a " not in rendered and "<h1>" not in rendered
    assert "&lt;script&gt;" in rendered and "**fet**" in rendered


def test_answer_markdown_links_markers_to_their_sources_and_escapes_text():
    text = "Åmot:\nSkolene skal ha nulltoleranse mot <b>mobbing</b>. [1]\n\nLøten:\nLøten har en plan [lenke](x). [2]"
    rendered = _render(markup.answer_markdown(Answer("q", True, text, [_citation(1), _citation(2)])))
    assert '<a href="#kilde-1">[1]</a>' in rendered and '<a href="#kilde-2">[2]</a>' in rendered
    assert "<strong>Åmot:</strong>" in rendered and "<strong>Løten:</strong>" in rendered
    assert "&lt;b&gt;mobbing&lt;/b&gt;" in rendered and "<b>" not in rendered
    assert rendered.count("<a ") == 2  # the document's own link syntax stays text
    assert "Klikk på et kildenummer" in rendered


def test_not_found_answer_lists_maybe_relevant_passages_and_fallback_note():
    hit = Hit(Chunk("amot-plan::0", "amot-plan", 0, "Om mobbing.", ("2 Mål",), 2), _meta(), 0.1, 1)
    answer = Answer("Hva koster en bil?", False, NOT_FOUND, [], [hit], mode="extractive (språkmodellen svarte ikke)")
    from assistant import display

    rendered = _render(markup.answer_markdown(answer, display.shown_citations(answer)))
    assert NOT_FOUND in rendered and f"{MAYBE_RELEVANT}:" in rendered
    assert "[1] Åmot – Handlingsplan for trivsel, 2 Mål" in rendered
    assert "Uttrukket svar: språkmodellen svarte ikke." in rendered


def test_source_html_shows_metadata_and_marks_quote_with_everything_escaped():
    c = _citation(passage="Før <b>fet</b>. Alle skoler skal ha nulltoleranse mot mobbing. Etter.",
                  title='Plan <script>alert("x")</script>')
    record = DocumentRecord(_meta(), "/tmp/amot-plan.pdf", "h", 10, 20, "2024-05-02T08:15:00+00:00")
    out = markup.source_html(c, record)
    assert "<script>" not in out and "<b>fet</b>" not in out
    assert "&lt;b&gt;fet&lt;/b&gt;" in out and "&lt;script&gt;" in out
    assert "<mark>Alle skoler skal ha nulltoleranse mot mobbing.</mark>" in out
    for expected in ("Åmot", "3.2 Tiltak", "s. 4", "2021–2024", "handlingsplan", "amot-plan.pdf"):
        assert expected in out
    assert "s. iv (side 7 i PDF-en)" in markup.source_html(_citation(page=7, page_label="iv"))
    national = markup.source_html(_citation(municipality="", page=None))
    assert "nasjonalt dokument" in national and "Side" not in national
    assert "Klikk på en kilde" in markup.source_html(None)


def test_document_html_opens_the_whole_document_at_the_cited_place_escaped():
    blocks = [Block("heading", "1 Innledning <i>x</i>", ("1",), 1, None, 1),
              Block("paragraph", "Planen gjelder alle skoler.", ("1",), 1),
              Block("list_item", "Alle skoler skal ha nulltoleranse mot mobbing.", ("3.2 Tiltak",), 4, "iv"),
              Block("paragraph", "Etterpå.", ("3.2 Tiltak",), 5)]
    out = markup.document_html("Åmot – Plan", blocks, _citation())
    assert "<i>" not in out and "&lt;i&gt;" in out
    here = out.index('id="pa-here"')
    assert out.index("s. iv") < here < out.index("<mark>Alle skoler skal ha nulltoleranse mot mobbing.</mark>")
    assert "• " in out and out.count("pa-pagebreak") == 3
    missing = markup.document_html("Plan", blocks, _citation(passage="Finnes ikke.", quote=""))
    assert "Fant ikke avsnittet" in missing and "pa-here" not in missing


def test_status_and_charts_escape_document_text(tmp_path: Path):
    from assistant import display

    html = markup.status_html(display.status_of(Settings(data_dir=tmp_path), 5, 228), "Ved oppstart: <b>x</b>")
    assert "5 dokumenter" in html and "&lt;b&gt;x&lt;/b&gt;" in html
    plan = PlanCheck(_meta(title="Plan <b>A</b>"), goals=[GoalCheck(Goal("Mål."))])
    charts = markup.charts_html(CheckResult(plans=[plan]))
    assert "Plan &lt;b&gt;A&lt;/b&gt;" in charts and "<b>A</b>" not in charts and "0 av 1 (0 %)" in charts
    assert markup.charts_html(CheckResult()) == ""


def test_render_pdf_page_makes_a_png_and_skips_what_it_cannot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tests.pdfs import make_plan_pdf

    assert shutil.which("pdftoppm"), "pdftoppm mangler: kjør scripts/install_browser.sh (poppler-utils)"
    pdf = make_plan_pdf(tmp_path / "plan.pdf", pages=3)
    png = pages.render_pdf_page(pdf, 2, tmp_path / "sider")
    assert png is not None and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pages.render_pdf_page(pdf, 2, tmp_path / "sider") == png  # cached
    txt = tmp_path / "plan.txt"
    txt.write_text("tekst", encoding="utf-8")
    assert pages.render_pdf_page(txt, 1, tmp_path / "sider") is None
    assert pages.render_pdf_page(tmp_path / "mangler.pdf", 1, tmp_path / "sider") is None
    monkeypatch.setattr(pages.shutil, "which", lambda name: None)
    assert pages.render_pdf_page(pdf, 3, tmp_path / "sider") is None


# --- access -------------------------------------------------------------------------------------
def test_a_non_loopback_host_needs_a_login_or_an_explicit_no_auth(tmp_path: Path):
    open_settings = Settings(data_dir=tmp_path)
    assert not access_for("127.0.0.1", open_settings).login_required
    assert access_for("::1", open_settings).refusal(None) == ""
    with pytest.raises(AssistantError, match="ASSISTANT_AUTH_USERNAME"):
        access_for("0.0.0.0", open_settings)
    read_only = access_for("0.0.0.0", open_settings, no_auth=True)
    assert not read_only.login_required and read_only.refusal(None) == READ_ONLY
    with pytest.raises(AssistantError, match="halvveis"):
        access_for("0.0.0.0", Settings(data_dir=tmp_path, auth_username="anna"))
    hashed = hash_password("hemmelig ord")
    secured = access_for("0.0.0.0", Settings(data_dir=tmp_path, auth_username="anna", auth_password=hashed))
    assert secured.login_required and secured.login("anna", "hemmelig ord")
    assert not secured.login("anna", "feil") and not secured.login("bjørn", "hemmelig ord")
    assert secured.refusal(None) == WRITE_REFUSED and secured.refusal("anna") == ""
    assert check_password("klartekst", "klartekst") and not check_password("x", "pbkdf2_sha256$ødelagt")


def test_main_refuses_an_open_non_loopback_host_without_starting(capsys: pytest.CaptureFixture):
    assert app.main(["--host", "0.0.0.0", "--port", "1"]) == 1
    err = capsys.readouterr().err
    assert "ingen innlogging er satt opp" in err and "--no-auth" in err


# --- handlers on a real index ---------------------------------------------------------------------
@pytest.fixture(autouse=True)
def background_vectors_done():
    """An upload leaves vectors being made in the background: let them finish before the data dir goes."""
    yield
    if app._CTX is not None:
        app._CTX.finish_background()


@pytest.fixture
def shipped_app(shipped_settings: Settings, tmp_path: Path) -> Settings:
    app.configure(shipped_settings, Access(), tmp_path / "work")
    return shipped_settings


def test_respond_streams_an_answer_with_distinguishable_sources(shipped_app: Settings):
    steps = list(app.respond("Hva gjør Åmot med mobbing?", [], [], [], []))
    history, box, sources, citations, panel, picture, document = steps[-1]
    assert box == "" and history[0]["role"] == "user" and "\\[1\\]](#kilde-1)" in history[-1]["content"]
    assert citations and sources["choices"][0][0].startswith("[1] Åmot")
    assert len({label for label, _ in sources["choices"]}) == len(sources["choices"])
    panel, picture, document = app.show_source("1", citations)
    assert "<mark>" in panel and "Åmot" in panel
    whole = app.open_document("1", citations)
    assert whole["visible"] and 'id="pa-here"' in whole["value"] and "<mark>" in whole["value"]


def test_respond_with_an_empty_question_changes_nothing(shipped_app: Settings):
    (history, box, *_rest), = list(app.respond("   ", [], [], [], []))
    assert history == [] and box == "   "


def test_ask_api_returns_the_cli_json(shipped_app: Settings):
    from assistant.__main__ import main as assistant_main

    question = "Hva er BTI i Jevnaker?"
    out = io.StringIO()
    with redirect_stdout(out):
        assert assistant_main(["ask", question, "--json"]) == 0
    assert app.ask_api(question) == json.loads(out.getvalue())
    with pytest.raises(gr.Error):
        app.ask_api("  ")


def test_build_app_exposes_only_ask_as_an_api(shipped_app: Settings):
    demo = app.build_app(shipped_app)
    config = demo.get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert {"pa-question", "pa-sources", "pa-source", "pa-upload", "pa-check", "pa-status", "pa-open-doc"} <= ids
    public = [d for d in config["dependencies"] if d.get("api_visibility", "public") == "public" and d.get("api_name")]
    assert [d["api_name"] for d in public] == ["ask"]
    assert demo.get_api_info()["named_endpoints"].keys() == {"/ask"}


def _upload(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "gradio-tmp"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


NOTE = "Notat om leksehjelp\n\nLeksehjelp gis to dager i uka på alle barneskolene i kommunen.\n"


def test_upload_and_remove_through_the_handlers(settings: Settings, tmp_path: Path):
    app.configure(settings, Access(), tmp_path / "work")
    temp = _upload(tmp_path, "leksehjelp‮fdp.txt", NOTE)
    summary, report, cleared, status, rows, *_ = app.ingest_files([str(temp)])
    assert "1 lagt inn" in summary and cleared is None and not temp.exists()  # the temp copy is gone
    stored = settings.data_dir / "uploads" / "leksehjelpfdp.txt"  # the bidi override is removed
    assert stored.exists() and any(r[7] == "leksehjelpfdp.txt" for r in rows)
    doc_id = next(r for r in open_store(settings).catalog.documents()).meta.doc_id
    msg, *_ = app.remove_document(doc_id)
    assert "Fjernet «Notat om leksehjelp»" in msg and not stored.exists()
    assert open_store(settings).catalog.documents() == []


@pytest.mark.parametrize("access, request_user, message", [
    (Access("anna", hash_password("pw")), None, WRITE_REFUSED),
    (Access(writes_without_login=False), None, READ_ONLY),
])
def test_upload_and_remove_are_refused_without_login(settings: Settings, tmp_path: Path, access: Access,
                                                     request_user, message: str):
    app.configure(settings, access, tmp_path / "work")
    temp = _upload(tmp_path, "planta.txt", NOTE)
    summary, *_ = app.ingest_files([str(temp)], gr.Request(username=request_user))
    assert message in summary and not temp.exists()
    assert not (settings.data_dir / "uploads").exists() or not any((settings.data_dir / "uploads").iterdir())
    msg, *_ = app.remove_document("noe", gr.Request(username=request_user))
    assert message in msg


def test_a_logged_in_user_may_upload(settings: Settings, tmp_path: Path):
    app.configure(settings, Access("anna", hash_password("pw")), tmp_path / "work")
    summary, *_ = app.ingest_files([str(_upload(tmp_path, "notat.txt", NOTE))], gr.Request(username="anna"))
    assert "1 lagt inn" in summary


def test_checker_handler_writes_safe_exports(shipped_app: Settings):
    summary, charts, goals, xlsx, csv, md, result = app.run_checker(None)
    assert "sjekket" in summary and goals["visible"]
    detail = app.show_goal_detail(result, gr.SelectData(None, {"index": [0, 1], "value": ""}))
    assert "Egne tiltak" in detail and "Planomfattende tiltak" in detail and "<script" not in detail
    for update in (xlsx, csv, md):
        assert Path(update["value"]).stat().st_size > 100


def test_logging_shows_no_library_debug_lines():
    import logging

    out = io.StringIO()
    root = logging.getLogger()
    saved = (root.level, list(root.handlers), {n: logging.getLogger(n).level for n in app.NOISY_LOGGERS})
    try:
        app.configure_logging(out)
        noisy = logging.getLogger("some.library")
        noisy.setLevel(logging.DEBUG)  # what bm25s does to its own logger
        noisy.debug("Building index from tokens")
        logging.getLogger("bm25s").info("bm25s info")
        logging.getLogger("planassist.app").info("appen startet")
        noisy.warning("en advarsel")
    finally:
        for h in list(root.handlers):
            root.removeHandler(h)
        for h in saved[1]:
            root.addHandler(h)
        root.setLevel(saved[0])
        for name, level in saved[2].items():
            logging.getLogger(name).setLevel(level)
    text = out.getvalue()
    assert "DEBUG" not in text and "bm25s info" not in text
    assert "appen startet" in text and "en advarsel" in text
