"""Searchable first, vectors after («søkbar først»): the real ingest pipeline on tiny corpora,
real Chroma, real tantivy, the real embedding model."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.models import Filters
from assistant.retrieve import dense_ranking, retrieve
from assistant.settings import Settings
from assistant.store import close_stores, open_store
from ingest.__main__ import main as ingest_main
from ingest.run import run
from tests.conftest import REPO
from tests.test_ingest import consistent, write_corpus

LESING = "Hva gjør skolene for å bedre leseferdighetene?"


TOPICS = ("bibliotek", "svømmehall", "skolehage", "leksehjelp", "fritidsklubb", "kulturskole")


def plans(folder: Path, n: int, sections: int = 4) -> Path:
    """``n`` plans of a few chunks each (so that embedding them takes a few seconds), plan i about
    ``TOPICS[i]``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(
            f"{j} Avsnitt {j}\n" + " ".join(
                f"Kommunen skal styrke {TOPICS[i]} for barn og unge i del {j}.{k}, og rektor følger opp hvert år."
                for k in range(12))
            for j in range(1, sections))
        (folder / f"plan-{i:02d}.txt").write_text(f"Plan om {TOPICS[i]}\n\n{body}\n", encoding="utf-8")
    return folder


def vector_doc_ids(settings: Settings) -> set[str]:
    store = open_store(settings)
    return {md["doc_id"] for md in store.vectors.collection.get(include=["metadatas"])["metadatas"]}


def test_documents_are_searchable_before_their_vectors_and_dense_finds_them_after(tmp_path: Path, settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    seen: dict[str, object] = {}

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Dokumentene er søkbare") and "docs" not in seen:
            # the moment phase 2 begins: both documents complete, found by words, no vector stored yet
            store = open_store(settings)
            seen["docs"] = {r.meta.doc_id: r.vectors for r in store.catalog.documents()}
            seen["vectors"] = store.vectors.count()
            seen["hits"] = [h.meta.doc_id for h in retrieve("lesestund på 20 minutter", settings=settings)]
            seen["dense"] = dense_ranking(store, settings, LESING, None)
            seen["fraction"] = fraction
        seen.setdefault("messages", []).append(message)  # type: ignore[union-attr]

    report = run([corpus], settings=settings, progress=progress)
    assert report.ok and report.count("ingested") == 2
    assert seen["docs"] == {"testvik-kvalitetsplan": False, "nordby-lesing": False}
    assert seen["vectors"] == 0 and seen["dense"] == []
    assert seen["hits"] and seen["hits"][0] == "nordby-lesing"  # type: ignore[index]
    assert 0 < seen["fraction"] < 1  # type: ignore[operator]
    messages: list[str] = seen["messages"]  # type: ignore[assignment]
    assert any(m.startswith("Lager vektorer for semantisk søk: dokument 2 av 2") for m in messages), messages
    # after phase 2: every document has its vectors and dense search alone finds the reading plan
    assert report.embedded_chunks == report.chunks and report.without_vectors == 0
    assert 0 < report.searchable_seconds <= report.vectors_seconds <= report.seconds  # type: ignore[operator]
    consistent(settings)
    assert all(r.vectors for r in open_store(settings).catalog.documents())
    dense = dense_ranking(open_store(settings), settings, LESING, None)
    assert dense and dense[0][0].startswith("nordby-lesing::")
    hits = retrieve("lesestund", settings=settings, dense_weight=1.0, lexical_weight=0.0)
    assert hits and hits[0].meta.doc_id == "nordby-lesing" and hits[0].dense_rank == 1


def test_an_unchanged_re_ingest_loads_no_model_and_embeds_nothing(tmp_path: Path, settings: Settings,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    assert run([corpus], settings=settings).ok
    import ingest.run

    def no_model(_settings):
        raise AssertionError("the embedding model was loaded on an unchanged re-ingest")

    monkeypatch.setattr(ingest.run, "make_embedder", no_model)
    again = run([corpus], settings=settings)
    assert again.count("unchanged") == 2 and again.embedded_chunks == 0 and again.vectors_seconds is not None


def test_interrupted_vectors_are_added_by_the_next_run(tmp_path: Path, settings: Settings) -> None:
    """Ctrl-C during phase 2: the documents stay complete and searchable; the next run embeds
    only the documents that lack vectors."""
    corpus = plans(tmp_path / "corpus", 3)

    def interrupt(fraction: float, message: str) -> None:
        if message.startswith("Lager vektorer for semantisk søk: dokument 2 av 3"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([corpus], settings=settings, progress=interrupt)
    store = open_store(settings)
    records = {r.meta.doc_id: r for r in store.catalog.documents()}
    assert len(records) == 3 and not store.catalog.pending()
    assert [d for d, r in records.items() if r.vectors] == ["plan-00"]
    assert store.without_vectors() == ["plan-01", "plan-02"]
    assert vector_doc_ids(settings) == {"plan-00"}
    for i in range(3):  # every document found by words; dense search finds only what has vectors
        assert retrieve(TOPICS[i], settings=settings)[0].meta.doc_id == f"plan-0{i}"
    dense = dense_ranking(store, settings, "Hva gjør kommunen med skolehagen?", None)
    assert dense and {cid.split("::")[0] for cid, _ in dense} == {"plan-00"}
    assert dense_ranking(store, settings, "skolehage", Filters(doc_ids=("plan-02",))) == []  # filtered: no vectors yet
    fused = retrieve("skolehage", Filters(doc_ids=("plan-02",)), settings=settings)
    assert fused and all(h.meta.doc_id == "plan-02" and h.dense_rank is None for h in fused)

    report = run([corpus], settings=settings)
    assert report.count("unchanged") == 3
    assert report.embedded_chunks == records["plan-01"].chunks + records["plan-02"].chunks
    consistent(settings)
    assert vector_doc_ids(settings) == {"plan-00", "plan-01", "plan-02"}


@pytest.mark.slow
def test_kill_9_while_vectors_are_made_leaves_searchable_documents_and_the_next_run_adds_vectors(
        tmp_path: Path, settings: Settings) -> None:
    corpus = plans(tmp_path / "corpus", 6)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(REPO)}
    catalog = settings.data_dir / "catalog.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(corpus), "--quiet"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed = None
    deadline = time.time() + 300  # model loading on a busy 2-core machine
    while time.time() < deadline and proc.poll() is None:
        if catalog.exists():
            try:
                with sqlite3.connect(catalog, timeout=0.1) as db:
                    rows = db.execute("SELECT status, vectors FROM documents").fetchall()
            except sqlite3.Error:
                rows = []
            if len(rows) == 6 and all(s == "complete" for s, _ in rows) and 0 < sum(v for _, v in rows) < 6:
                os.kill(proc.pid, signal.SIGKILL)  # phase 2, between two documents or inside one
                killed = sum(v for _, v in rows)
                break
        time.sleep(0.01)
    proc.wait(timeout=300)
    assert killed is not None, "the ingest process was never caught while it made vectors"

    close_stores()
    store = open_store(settings)
    assert len(store.catalog.documents()) == 6 and not store.catalog.pending()
    lacking = store.without_vectors()
    assert 0 < len(lacking) <= 6 - killed
    for i in range(6):  # all six complete and found by words at once
        assert retrieve(TOPICS[i], settings=settings)[0].meta.doc_id == f"plan-0{i}"

    report = run([corpus], settings=settings)
    assert report.ok and report.count("unchanged") == 6 and not report.vectors_error
    assert report.embedded_chunks == sum(store.catalog.document(d).chunks for d in lacking)  # type: ignore[union-attr]
    consistent(settings)
    assert store.without_vectors() == []
    # the same index as one clean, uninterrupted ingest: chunks, vectors' ids and the best passage
    clean = Settings(data_dir=tmp_path / "clean")
    assert run([corpus], settings=clean).ok
    assert {c.id: c.text for c, _ in store.catalog.chunks()} == {c.id: c.text for c, _ in open_store(clean).catalog.chunks()}
    question = "Hvem følger opp leksehjelpen hvert år?"
    resumed = dense_ranking(store, settings, question, None)
    fresh = dense_ranking(open_store(clean), clean, question, None)
    assert [cid for cid, _ in resumed[:3]] == [cid for cid, _ in fresh[:3]]


def test_partial_vectors_of_a_document_are_replaced_not_doubled(tmp_path: Path, settings: Settings) -> None:
    """What a kill inside one document's vector write leaves: some of its vectors in Chroma, the
    catalog still saying it has none. The next run replaces them."""
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    store = open_store(settings)
    doc = store.catalog.document("testvik-kvalitetsplan")
    assert doc is not None and doc.chunks >= 2
    first = store.vectors.collection.get(ids=[f"testvik-kvalitetsplan::{i}" for i in range(1, doc.chunks)])["ids"]
    store.vectors.collection.delete(ids=first)  # only chunk 0 left
    store.catalog.mark_vectors_missing(["testvik-kvalitetsplan"])
    report = run([corpus], settings=settings)
    assert report.embedded_chunks == doc.chunks
    consistent(settings)


def test_changed_document_loses_its_old_vectors_at_once(tmp_path: Path, settings: Settings) -> None:
    """Chunk ids are document + position: old vectors must not stand for a changed document's new
    text while its new vectors are being made."""
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    (corpus / "nordby-lesing.txt").write_text((corpus / "nordby-lesing.txt").read_text(encoding="utf-8")
                                              .replace("20 minutter", "45 minutter"), encoding="utf-8")
    seen: dict[str, set[str]] = {}

    def progress(fraction: float, message: str) -> None:
        if message.startswith("Dokumentene er søkbare") and not seen:
            seen["ids"] = vector_doc_ids(settings)

    report = run([corpus], settings=settings, progress=progress)
    assert report.count("ingested") == 1
    assert seen["ids"] == {"testvik-kvalitetsplan"}
    consistent(settings)


def test_ingest_vectors_off_and_with(tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import ingest.run

    corpus = write_corpus(tmp_path / "corpus")
    off = settings.model_copy(update={"ingest_vectors": "off"})
    real = ingest.run.make_embedder

    def no_model(_settings):
        raise AssertionError("the embedding model was loaded with ingest_vectors=off")

    monkeypatch.setattr(ingest.run, "make_embedder", no_model)
    report = run([corpus], settings=off)
    assert report.ok and report.embedded_chunks == 0 and report.without_vectors == 2 and report.vectors_seconds is None
    assert off.effective_dense_weight == 0.0
    assert retrieve("miljøterapeuter", settings=off)[0].meta.doc_id == "testvik-kvalitetsplan"
    assert open_store(off).vectors.count() == 0

    monkeypatch.setattr(ingest.run, "make_embedder", real)
    calls: list[str] = []
    with_ = settings.model_copy(update={"ingest_vectors": "with"})
    (corpus / "nordby-lesing.txt").write_text("Lesing\n\nAlle skoler innfører lesekvarter hver morgen.\n", encoding="utf-8")
    report = run([corpus], settings=with_, progress=lambda f, m: calls.append(m))
    # the changed file is embedded before it is written; the one left without vectors by «off» after
    assert report.count("ingested") == 1 and report.without_vectors == 0
    assert any("tekstbiter – lager vektorer" in m for m in calls)
    assert report.embedded_chunks == sum(r.chunks for r in open_store(with_).catalog.documents())
    consistent(with_)


def test_a_missing_model_leaves_searchable_documents_and_says_so(tmp_path: Path, settings: Settings, capsys) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    missing = settings.model_copy(update={"embedding_model": str(tmp_path / "ingen-modell"), "dense_weight": 0.0})
    report = run([corpus], settings=missing)
    assert report.count("ingested") == 2 and report.without_vectors == 2 and report.vectors_seconds is None
    assert "ingen-modell" in report.vectors_error
    assert retrieve("lesestund", settings=missing)[0].meta.doc_id == "nordby-lesing"
    # with a dense weight the unusable model does not fail the question: the lexical ranking answers
    weighted = missing.model_copy(update={"dense_weight": 0.3})
    assert retrieve("lesestund", settings=weighted)[0].meta.doc_id == "nordby-lesing"
    from ingest.__main__ import format_report

    text = format_report(report)
    assert "2 dokument(er) uten vektorer" in text and "neste innlegging prøver igjen" in text


def test_cli_reports_when_documents_were_searchable_and_vectors_done(tmp_path: Path, settings: Settings, capsys) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    assert ingest_main([str(corpus), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "Søkbare etter " in out and "vektorer for semantisk søk ferdige etter " in out


PHASE2 = """
import json, sys
from assistant.settings import get_settings
from ingest.run import add_vectors
report = add_vectors(get_settings())
print(json.dumps({"embedded": report.embedded_chunks, "without": report.without_vectors}))
"""


def test_two_processes_making_vectors_at_once_take_turns_and_embed_each_chunk_once(tmp_path: Path,
                                                                                    settings: Settings) -> None:
    """The app's background fill and a CLI ingest beside it: both run phase 2 on one data dir at
    the same moment. The vectors lock makes the second wait and then find nothing left, so every
    chunk is embedded once, not twice."""
    run([plans(tmp_path / "plans", 4)], settings=settings.model_copy(update={"ingest_vectors": "off"}))
    total = sum(r.chunks for r in open_store(settings).catalog.documents())
    close_stores()
    env = {**os.environ, "PYTHONPATH": str(REPO), "ASSISTANT_DATA_DIR": str(settings.data_dir)}
    procs = [subprocess.Popen([sys.executable, "-c", PHASE2], env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    done = [p.communicate(timeout=600) for p in procs]
    outs = [o for o, _ in done]
    assert [p.returncode for p in procs] == [0, 0], [e[-3000:] for _, e in done]
    import json

    reports = [json.loads(o.strip().splitlines()[-1]) for o in outs]
    assert sorted(r["embedded"] for r in reports) == [0, total]  # one made them all, the other waited and found none
    assert all(r["without"] == 0 for r in reports)
    assert open_store(settings).vectors.count() == total


def test_a_new_document_replaces_entries_of_its_ids_left_in_chroma(tmp_path: Path, settings: Settings) -> None:
    """A new document (unknown to the catalog) is written with a delete by its own chunk ids, not a
    filtered delete over the whole collection; entries of the same ids left by a lost catalog (e.g. a
    data dir reset against a kept Chroma server) are replaced, not silently kept (Chroma's add keeps
    an existing id's old entry)."""
    from assistant.models import Chunk, DocumentMeta
    from assistant.store import DocumentWrite

    store = open_store(settings)
    meta = DocumentMeta(doc_id="ny-plan", source="ny-plan.txt", title="Ny plan", municipality="Testvik")
    chunks = [Chunk(id=f"ny-plan::{i}", doc_id="ny-plan", seq=i, text=f"Ny tekst om leksehjelp, del {i}.") for i in range(3)]
    vectors = [[float(i + 1)] + [0.0] * 383 for i in range(3)]
    store.vectors.collection.add(ids=["ny-plan::0", "ny-plan::1"], embeddings=vectors[:2],
                                 documents=["gammel tekst", "gammel tekst"], metadatas=[{"doc_id": "ny-plan"}] * 2)
    store.vectors.collection.add(ids=["annen::0"], embeddings=vectors[:1], documents=["annen"],
                                 metadatas=[{"doc_id": "annen"}])
    deleted: list[list[str]] = []
    filtered: list[list[str]] = []
    by_id, by_filter = store.vectors.delete_ids, store.vectors.delete_document_many

    def delete_ids(ids: list[str]) -> None:
        deleted.append(list(ids))
        by_id(ids)

    def delete_document_many(ids: list[str]) -> None:
        filtered.append(list(ids))
        by_filter(ids)

    store.vectors.delete_ids = delete_ids  # type: ignore[method-assign]
    store.vectors.delete_document_many = delete_document_many  # type: ignore[method-assign]
    store.put_documents([DocumentWrite(meta, "ny-plan.txt", "h1", chunks, [], 1, vectors)])
    assert deleted == [[c.id for c in chunks]] and filtered == []
    got = store.vectors.collection.get(ids=[c.id for c in chunks], include=["documents"])
    assert dict(zip(got["ids"], got["documents"], strict=True)) == {c.id: c.text for c in chunks}
    assert store.vectors.collection.get(ids=["annen::0"])["ids"] == ["annen::0"]
    # the second write of the same document is a replacement: the filtered delete again
    store.put_documents([DocumentWrite(meta, "ny-plan.txt", "h2", chunks[:1], [], 1, vectors[:1])])
    assert filtered == [["ny-plan"]]
    assert sorted(store.vectors.ids()) == ["annen::0", "ny-plan::0"]


def test_the_collection_is_searched_with_the_configured_search_width(tmp_path: Path) -> None:
    """The HNSW ``ef_search`` of the real Chroma collection follows ``vector_search_ef`` when the index is opened —
    also for a collection made earlier with another width (Chroma's default 100 gave different dense candidates for
    the same query vector in different processes)."""
    from assistant.vectors import Vectors

    narrow = Settings(data_dir=tmp_path / "data", vector_search_ef=100)
    assert Vectors(narrow, "chunks_test").collection.configuration["hnsw"]["ef_search"] == 100
    close_stores()
    wide = Settings(data_dir=tmp_path / "data", vector_search_ef=2000)
    Vectors(wide, "chunks_test")
    reopened = Vectors(narrow.model_copy(update={"vector_search_ef": 2000}), "chunks_test")
    assert reopened.client.get_collection("chunks_test").configuration["hnsw"]["ef_search"] == 2000
