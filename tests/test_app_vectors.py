"""Vectors in the app's background: phase 1 alone (``run(vectors=False)``), phase 2 alone
(``add_vectors``) — the real pipeline on a tiny corpus, real Chroma, real tantivy, the real
embedding model."""

from __future__ import annotations

import threading
from pathlib import Path

import gradio as gr
import pytest

import app
from assistant.access import Access
from assistant.models import IngestReport
from assistant.retrieve import dense_ranking
from assistant.settings import Settings
from assistant.store import open_store
from assistant.writelock import write_lock
from ingest.background import VectorFiller, fill_note
from ingest.run import add_vectors, run
from tests.test_app import NOTE, _upload
from tests.test_ingest import consistent, write_corpus


def test_phase_one_alone_leaves_searchable_documents_and_add_vectors_completes_them(tmp_path: Path,
                                                                                   settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    messages: list[str] = []
    report = run([corpus], settings=settings, vectors=False, progress=lambda f, m: messages.append(m))
    store = open_store(settings)
    assert report.count("ingested") == 2 and report.without_vectors == 2 and report.embedded_chunks == 0
    assert report.vectors_seconds is None and store.vectors.count() == 0
    assert not any(m.startswith("Lager vektorer") for m in messages)  # phase 2 never began
    assert store.without_vectors() == sorted(r.meta.doc_id for r in store.catalog.documents())

    seen: list[tuple[float, str]] = []
    filled = add_vectors(settings, progress=lambda f, m: seen.append((f, m)))
    chunks = sum(r.chunks for r in store.catalog.documents())
    assert filled.embedded_chunks == chunks and filled.without_vectors == 0 and filled.vectors_seconds is not None
    assert any(m.startswith("Lager vektorer for semantisk søk: dokument 2 av 2") for _, m in seen), seen
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert consistent(settings) == (2, chunks)
    assert dense_ranking(open_store(settings), settings, "lesestund", None)

    again = add_vectors(settings)  # nothing missing: nothing embedded
    assert again.embedded_chunks == 0 and again.without_vectors == 0


# --- the app: searchable at once, vectors in the background -----------------------------------------
@pytest.fixture(autouse=True)
def background_vectors_done():
    """Let background vectors finish before the data dir goes."""
    yield
    if app._CTX is not None:
        app._CTX.finish_background()


class CountingFill:
    """The real phase 2 (``add_vectors``), counting its runs and how many ran at once."""

    def __init__(self) -> None:
        self.runs = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, settings: Settings, progress) -> IngestReport:
        with self._lock:
            self.runs += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            return add_vectors(settings, progress)
        finally:
            with self._lock:
                self.running -= 1


def test_an_upload_is_searchable_at_once_and_its_vectors_follow_in_the_background(settings: Settings, tmp_path: Path):
    """The upload handler returns when phase 1 is done — summary «søkbar», the table refreshed with
    the new document marked «vektorer mangler», the chat finding it — while phase 2 waits in the
    background (here: another writer holds the data dir's write lock); then the timer's tick
    refreshes the table and the status line and turns itself off."""
    ctx = app.configure(settings, Access(), tmp_path / "work")
    calls: list[tuple[float, str]] = []
    with write_lock(settings.data_dir):
        summary, report, cleared, status, rows, *_, shown, timer = app.ingest_files(
            [str(_upload(tmp_path, "notat.txt", NOTE))], progress=lambda f, desc="": calls.append((f, desc)))
        assert "1 lagt inn" in summary and "Søkbare nå" in summary and "lages i bakgrunnen" in summary, summary
        assert rows[0][0] == "Notat om leksehjelp" and rows[0][5] == "1 (vektorer mangler)"
        assert "vektorer for semantisk søk i bakgrunnen" in status and "1 dokument(er) venter på vektorer" in status
        assert timer.active and ctx.vectors.busy
        fractions = [f for f, _ in calls]  # phase 1 alone in the upload's progress display, moving to the end
        assert fractions == sorted(fractions) and fractions[-1] == 1.0
        assert any(d.startswith("Fil 1 av 1: notat.txt") for _, d in calls), calls
        assert not any("Lager vektorer" in d for _, d in calls), calls
        *_, citations, _panel, _picture, _document = list(app.respond("Hvor mange dager gis leksehjelp?", [], [], [], []))[-1]
        assert citations and citations[0].source == "notat.txt"  # the chat finds it by words meanwhile
        status, same_rows, shown_again, timer = app.poll_vectors(shown)
        assert same_rows == gr.update() and shown_again == shown and timer.active  # nothing new: table untouched
    assert ctx.vectors.wait()
    status, rows, shown_now, timer = app.poll_vectors(shown)
    assert rows[0][5] == 1 and shown_now != shown and not timer.active
    assert "venter på vektorer" not in status and "i bakgrunnen" not in status
    assert open_store(settings).without_vectors() == []


def test_the_app_fills_missing_vectors_at_start_and_never_runs_two_fills_at_once(settings: Settings, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings.model_copy(update={"ingest_vectors": "off"}))  # as ASSISTANT_INGEST_VECTORS=off left it
    assert len(open_store(settings).without_vectors()) == 2
    ctx = app.configure(settings, Access(), tmp_path / "work")
    fill = CountingFill()
    ctx.vectors = VectorFiller(settings, fill)
    with write_lock(settings.data_dir):  # the start-up fill cannot store vectors until the upload is done
        assert ctx.vectors.request("oppstart")
        status, rows, *_ = app.refresh_values()
        assert "Ved oppstart: lager vektorer for semantisk søk i bakgrunnen" in status
        assert sum("(vektorer mangler)" in str(r[5]) for r in rows) == 2
        summary, *_ = app.ingest_files([str(_upload(tmp_path, "notat.txt", NOTE))])
        assert "Søkbare nå" in summary and not ctx.vectors.request("oppstart")  # running: no second fill
    assert ctx.vectors.wait()
    assert fill.most_at_once == 1 and fill.runs == 2  # the upload's documents in a second run, after the first
    store = open_store(settings)
    assert store.without_vectors() == [] and len(store.catalog.documents()) == 3
    consistent(settings)
    assert {cid.split("::")[0] for cid, _ in dense_ranking(store, settings, "leksehjelp to dager", None)} >= {"notat"}

    # a kill -9 in phase 2 (vectors flagged missing) is filled by the app's start-up work
    store.catalog.mark_vectors_missing([r.meta.doc_id for r in store.catalog.documents()])
    ctx.vectors = VectorFiller(settings, fill)
    app.startup(ctx)
    assert ctx.started.is_set() and fill.runs == 3 and ctx.startup_note == ""
    assert store.without_vectors() == [] and "vektorer" not in app.refresh_values()[0]
    consistent(settings)


def test_the_status_line_says_why_vectors_could_not_be_made(settings: Settings, tmp_path: Path):
    missing_model = settings.model_copy(update={"embedding_model": "finnes-ikke/modell"})
    run([write_corpus(tmp_path / "corpus")], settings=missing_model, vectors=False)
    filler = VectorFiller(missing_model)
    assert filler.request("oppstart") and filler.wait()
    note = fill_note(filler.snapshot(), 2)
    assert note.startswith("Vektorene for semantisk søk kunne ikke lages: ") and "finnes-ikke/modell" in note, note
    assert "Dokumentene finnes med ordsøk" in note
    assert len(open_store(missing_model).without_vectors()) == 2
    off = VectorFiller(settings.model_copy(update={"ingest_vectors": "off"}))
    assert not off.request("oppstart") and fill_note(off.snapshot(), 2) == ""


def test_threads_opening_the_same_new_chroma_at_once_all_get_a_client(tmp_path: Path):
    """The app's background vectors and an upload may open Chroma at the same moment; chromadb's
    shared-system cache fails when two threads create the same path's client at once."""
    from assistant.vectors import chroma_client

    for i in range(4):
        s = Settings(data_dir=tmp_path / f"data-{i}")
        errors: list[BaseException] = []

        def open_and_count(s: Settings = s, errors: list[BaseException] = errors) -> None:
            try:
                chroma_client(s).get_or_create_collection("samling").count()
            except Exception as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_and_count) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


def test_fill_note_words():
    from ingest.background import FillState

    assert fill_note(FillState(busy=True, reason="oppstart"), 0) == ""  # a start with nothing missing says nothing
    assert fill_note(FillState(busy=True, reason="oppstart"), 3).startswith("Ved oppstart: lager vektorer")
    running = FillState(True, "opplasting", 0.34, "Lager vektorer for semantisk søk: dokument 2 av 5, tekstbit 17 av "
                                                  "120 (plan.pdf)")
    assert fill_note(running, 4).endswith("(34 %: dokument 2 av 5, tekstbit 17 av 120 (plan.pdf))")
    assert fill_note(FillState(), 0) == ""


def test_warm_up_opens_the_searches_before_the_first_question(tmp_path: Path, settings: Settings) -> None:
    """The start-up's warm-up runs one lexical and one dense search (the model loaded, Chroma's
    vector index opened), and no dense one when vectors are off."""
    from assistant.catalog import Catalog
    from assistant.dictionary import _readers
    from assistant.names import _vocabularies
    from assistant.store import Store, collection_name
    from ingest.background import warm_up

    corpus = write_corpus(tmp_path / "corpus")
    for config in (settings, settings.model_copy(update={"ingest_vectors": "off"})):
        run([corpus], config)
        fresh = Store(settings=config, catalog=Catalog(config.data_dir / "catalog.sqlite"),
                      collection_name=collection_name(config))
        assert fresh._lexical is None and fresh._vectors is None
        warm_up(fresh, config)
        assert fresh._lexical is not None
        assert (fresh._vectors is not None) == (config.effective_dense_weight > 0)
        # both English readers (search words, evidence terms) built before any user's question
        assert {(id(fresh), False), (id(fresh), True)} <= set(_readers)
        assert _vocabularies.get(id(fresh)) is not None  # the collection's names, for a name spelt otherwise
        fresh.catalog.close()


def test_prefetch_reads_the_lexical_index_and_the_catalog_within_its_budget(tmp_path: Path, settings: Settings) -> None:
    """The warm-up's read-through: every byte of the lexical index's files, the catalog and embedded
    Chroma's segment files once, and no more than the budget when one is set."""
    from assistant.store import open_store

    run([write_corpus(tmp_path / "corpus")], settings)
    store = open_store(settings)
    files = [p for p in store.lexical_dir.glob("*") if p.is_file()]
    files += [p for p in (settings.data_dir / "catalog.sqlite", settings.data_dir / "catalog.sqlite-wal") if p.exists()]
    files += [p for p in (settings.data_dir / "chroma").glob("*/*") if p.is_file()]  # embedded Chroma's segments
    total = sum(p.stat().st_size for p in files)
    assert total > 0 and any(p.parent == store.lexical_dir for p in files) and any("chroma" in p.parts for p in files)
    assert store.prefetch() == total
    assert store.prefetch(budget_bytes=total // 3) == total // 3
    assert store.prefetch(budget_bytes=0) == 0
