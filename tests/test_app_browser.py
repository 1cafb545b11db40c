"""The app in a real browser: headless Debian Chromium driven by Playwright.

The suite ingests the shipped corpus (plus a note with markup in it, a note to remove and a
3-page PDF) into a temporary data dir, starts ``python app.py --port <free>`` with that data dir,
and then: asks a question and sees a cited answer, opens a citation by its [n] marker and sees the
passage and the whole document at that place, checks that document text is shown as text, uploads
PDFs (and a broken one) while watching the progress and the document table, sees the PDF's page,
runs the checker, removes a document. Every test stands alone: none depends on another having run
(counts are read before and after, each test uses its own documents). Screenshots go to
tests/screenshots/.

Chromium and poppler come from Debian, installed by ``make setup-dev`` (``scripts/install_browser.sh``)
— never from inside pytest and never ``playwright install``.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

import pytest

from assistant.citations import MAYBE_RELEVANT, NOT_FOUND
from assistant.settings import default_embedding_model

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
REMOVE_NOTE = "Notat om fjerning\n\nDette notatet om sykkelparkering skal fjernes fra assistenten i testen.\n"
INGESTED_PDF = "nittedal-kvalitetsplan-2024.pdf"
BROKEN_PDF = "ødelagt-plan.pdf"
TIMEOUT_MS = 60_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop a child process: terminate, then kill after 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
        _stop(proc)


def _ingest(data: Path, *folders: Path) -> None:
    """Ingest the shipped corpus and ``folders`` into ``data`` (before the app starts)."""
    from assistant.settings import Settings
    from assistant.store import close_stores
    from ingest.run import run

    report = run([REPO / "corpus", *folders], settings=Settings(data_dir=data, corpus_dir=REPO / "corpus"))
    assert report.ok, report.failed
    close_stores()


class AppServer(NamedTuple):
    url: str
    data: Path


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    from tests.pdfs import make_plan_pdf

    root = tmp_path_factory.mktemp("app")
    notes = root / "notater"
    notes.mkdir()
    (notes / "vaffelfredag-notat.txt").write_text(MARKUP_NOTE, encoding="utf-8")
    (notes / "fjerning-notat.txt").write_text(REMOVE_NOTE, encoding="utf-8")
    make_plan_pdf(notes / INGESTED_PDF, pages=3)
    _ingest(root / "data", notes)
    for url in _start_app(root, root / "data"):
        yield AppServer(url, root / "data")


def _documents_in_index(url_data: Path) -> int:
    """Documents the app's catalog holds right now (read-only)."""
    with sqlite3.connect(f"file:{url_data / 'catalog.sqlite'}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM documents WHERE status='complete'").fetchone()[0]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "fant ikke /usr/bin/chromium: kjør `make setup-dev` (scripts/install_browser.sh)"
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
def page(app_url: AppServer, browser):
    context, pg = _open(browser, app_url.url)
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


def _documents_shown(pg) -> int:
    return int(re.search(r"(\d+) dokument", pg.inner_text("#pa-status")).group(1))


def _reload(pg) -> None:
    pg.reload()
    pg.wait_for_selector("#pa-question textarea")
    pg.wait_for_function("document.querySelector('#pa-status')?.innerText.includes('dokument')")


def test_status_line_and_examples_on_first_open(page, app_url: AppServer):
    _reload(page)
    status = page.inner_text("#pa-status")
    assert _documents_shown(page) == _documents_in_index(app_url.data) and "tekstbiter" in status
    assert default_embedding_model() in status and "ingen språkmodell" in status
    examples = page.inner_text("#pa-examples")
    assert "Hva gjør Åmot med mobbing?" in examples  # from corpus/examples.json
    _shot(page, "00-forside.png")


def test_marker_in_the_answer_opens_its_source_and_the_whole_document(page):
    answer = _ask(page, "Hva gjør Åmot med mobbing?")
    assert re.search(r"\[1\]", answer), answer
    assert NOT_FOUND not in answer
    assert page.locator("#pa-sources label").first.inner_text().startswith("[1] Åmot")
    page.locator("#pa-chat .message-row").last.locator("a[href='#kilde-1']").first.click()
    page.wait_for_selector("#pa-source .pa-passage mark")
    assert page.locator("#pa-sources input:checked").count() == 1
    panel = page.inner_text("#pa-source")
    assert panel.startswith("[1] Åmot") and "Kommune" in panel and "Kapittel" in panel
    marked = page.locator("#pa-source .pa-passage mark").first.inner_text()
    assert len(marked) > 20 and marked.split()[0] in answer  # the quoted sentence is the answer's
    page.click("#pa-open-doc")
    page.wait_for_selector("#pa-document #pa-here mark")
    assert marked[:30] in page.inner_text("#pa-document #pa-here")
    assert page.locator("#pa-document p").count() > 10  # the whole document, not the passage
    page.wait_for_function("""() => { const box = document.querySelector('#pa-document .pa-document');
        const here = document.querySelector('#pa-here');
        return box && here && here.offsetTop >= box.scrollTop - 5
            && here.offsetTop <= box.scrollTop + box.clientHeight + 5; }""")  # scrolled to the place
    _shot(page, "01-svar-med-kilde.png")


def test_example_question_click_asks_it(page):
    page.get_by_role("tab", name="Spør").click()
    page.get_by_role("button", name="Ny samtale").click()  # whatever an earlier test left, start clean
    page.wait_for_function("document.querySelectorAll('#pa-sources label').length === 0")
    page.locator("#pa-examples button", has_text="Hva er BTI i Jevnaker?").first.click()
    page.wait_for_function(
        """() => { const last = [...document.querySelectorAll('#pa-chat .message-row')].at(-1);
                   return last && last.innerText.includes('BTI') && !last.innerText.includes('Leter i dokumentene')
                       && [...document.querySelectorAll('#pa-sources label')].some(l => l.innerText.includes('Jevnaker')); }""")
    assert "Hva er BTI i Jevnaker?" in page.inner_text("#pa-chat")


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
    page.click("#pa-open-doc")
    page.wait_for_selector("#pa-document #pa-here")
    assert "<b>stekingen</b>" in page.inner_text("#pa-document")
    assert page.locator("#pa-chat img[src='x'], #pa-source img, #pa-document img").count() == 0
    assert page.locator("#pa-chat b, #pa-source b, #pa-document b").count() == 0
    assert page.evaluate("window.__xss") is None
    _shot(page, "03-tekst-som-tekst.png")


def test_upload_shows_one_moving_progress_and_keeps_the_document_table(page, app_url: AppServer, tmp_path: Path):
    from tests.pdfs import make_fake_pdf, make_plan_pdf

    _reload(page)
    before = _documents_shown(page)
    good = [make_plan_pdf(tmp_path / f"opplastet-plan-{n}.pdf", pages=n) for n in (5, 6, 7)]
    bad = make_fake_pdf(tmp_path / BROKEN_PDF)
    page.get_by_role("tab", name="Dokumenter").click()
    page.wait_for_selector("#pa-docs")
    assert "opplastet-plan-5.pdf" not in page.inner_text("#pa-docs")
    page.locator("#pa-upload input[type=file]").set_input_files([*map(str, good), str(bad)])
    page.wait_for_function(  # the component shows stem and extension apart
        f"document.querySelector('#pa-upload').innerText.includes('{Path(BROKEN_PDF).stem}')")
    page.evaluate("""() => { window.__progress = new Set(); window.__tableGone = 0; window.__places = 0;
        window.__poll = setInterval(() => {
            const s = document.querySelector('#pa-ingest-summary');
            if (s && /Fil \\d+ av \\d+/.test(s.innerText)) window.__progress.add(s.innerText.trim());
            const t = document.querySelector('#pa-docs');
            if (!t || !t.innerText.includes('Åmot')) window.__tableGone += 1;
            window.__places = Math.max(window.__places,
                [...document.querySelectorAll('.progress-text, .progress-level')]
                    .filter(e => e.offsetParent !== null && !e.closest('#pa-ingest-summary')).length);
        }, 25); }""")
    page.click("#pa-ingest")
    page.wait_for_function("document.querySelector('#pa-ingest-summary').innerText.includes('lagt inn')")
    seen = page.evaluate("() => { clearInterval(window.__poll); return [[...window.__progress], window.__tableGone,"
                         " window.__places]; }")
    progress, table_gone, other_places = seen
    assert len(progress) >= 3, progress  # the progress moved: per file and page («Fil 2 av 4: … – side 3 av 6»)
    assert len({re.search(r"Fil (\d+) av", p).group(1) for p in progress}) >= 2, progress
    assert table_gone == 0 and other_places == 0, seen  # the table stayed; progress shown in one place only
    summary = page.inner_text("#pa-ingest-summary")
    assert "3 lagt inn" in summary and "1 feilet" in summary, summary
    report = page.inner_text("#pa-report")
    assert "opplastet-plan-5.pdf" in report and BROKEN_PDF in report and "feilet" in report
    page.wait_for_function("document.querySelector('#pa-docs').innerText.includes('opplastet-plan-7.pdf')")
    assert _documents_shown(page) == before + 3 == _documents_in_index(app_url.data)
    assert "Søkbare nå" in summary, summary  # answered after phase 1; the vectors follow in the background
    # the status line and the table follow the background vectors without a reload, then settle
    page.wait_for_function("!document.querySelector('#pa-docs').innerText.includes('vektorer mangler')"
                           " && !document.querySelector('#pa-status').innerText.includes('i bakgrunnen')")
    assert "venter på vektorer" not in page.inner_text("#pa-status")
    _shot(page, "04-dokumenter-etter-opplasting.png")


def test_citation_of_a_pdf_shows_its_page(page):
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
    page.locator('#pa-goals [data-testid="cell-0-1"]').click()  # a goal row opens its detail view
    page.wait_for_function("document.querySelector('#pa-goal-detail').innerText.includes('Egne tiltak')")
    assert "Flagg forklart" in page.inner_text("#pa-goal-detail")
    for button in ("#pa-dl-xlsx", "#pa-dl-csv", "#pa-dl-md"):
        assert page.locator(button).is_visible()
    with page.expect_download() as info:
        page.click("#pa-dl-csv")
    csv_path = info.value.path()
    assert "ikke funnet" in Path(csv_path).read_text(encoding="utf-8-sig")
    _shot(page, "06-plansjekk.png")


def test_remove_document_after_confirmation(page, app_url: AppServer):
    _reload(page)
    before = _documents_shown(page)
    page.get_by_role("tab", name="Dokumenter").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#pa-remove-doc input")
    page.keyboard.type("fjerning")
    page.locator("ul[role=listbox] li", has_text="Notat om fjerning").first.click()
    page.click("#pa-remove")
    page.wait_for_function("document.querySelector('#pa-remove-msg').innerText.includes('Fjernet')")
    assert "Notat om fjerning" in page.inner_text("#pa-remove-msg")
    page.wait_for_function("!document.querySelector('#pa-docs').innerText.includes('Notat om fjerning')")
    assert _documents_shown(page) == before - 1 == _documents_in_index(app_url.data)
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


@pytest.fixture(scope="module")
def login_app_url(tmp_path_factory: pytest.TempPathFactory):
    from assistant.access import hash_password

    root = tmp_path_factory.mktemp("login-app")
    notes = root / "notater"
    notes.mkdir()
    (notes / "vaffelfredag-notat.txt").write_text(MARKUP_NOTE, encoding="utf-8")
    from assistant.settings import Settings
    from assistant.store import close_stores
    from ingest.run import run

    assert run([notes], settings=Settings(data_dir=root / "data")).ok
    close_stores()
    yield from _start_app(root, root / "data", {"ASSISTANT_AUTH_USERNAME": "planlegger",
                                                "ASSISTANT_AUTH_PASSWORD": hash_password("hemmelig passord")})


def test_login_is_asked_before_the_app_shows(browser, login_app_url: str):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="nb-NO")
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        pg.goto(login_app_url)
        pg.wait_for_selector("input[type=password]")
        assert "Logg inn for å bruke Planassistenten" in pg.inner_text("body")
        assert pg.locator("#pa-question").count() == 0
        pg.locator("input").first.fill("planlegger")
        pg.fill("input[type=password]", "feil passord")
        pg.keyboard.press("Enter")
        pg.wait_for_timeout(1000)
        assert pg.locator("#pa-question").count() == 0
        pg.locator("input").first.fill("planlegger")
        pg.fill("input[type=password]", "hemmelig passord")
        pg.keyboard.press("Enter")
        pg.wait_for_selector("#pa-question textarea")
        pg.wait_for_function("document.querySelector('#pa-status')?.innerText.includes('1 dokument')")
        _shot(pg, "09-innlogging.png")
    finally:
        context.close()
