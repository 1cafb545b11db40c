"""The real ingest pipeline on tiny corpora: real files, real Chroma, real BM25 index."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.errors import IndexMismatch
from assistant.models import Filters
from assistant.retrieve import retrieve
from assistant.settings import Settings
from assistant.store import close_stores, open_store
from ingest.__main__ import main as ingest_main
from ingest.run import run
from tests import pdfs
from tests.conftest import REPO

PLAN_A = """Kvalitetsplan for skole 2024–2027

1 Innledning
Planen gjelder alle grunnskoler i Testvik kommune og beskriver hvordan vi arbeider med læringsmiljø.

2 Mål
Alle elever i Testvik skal ha et trygt og godt skolemiljø uten mobbing.

Tiltak
- Skolene gjennomfører elevundersøkelsen hvert år og følger opp resultatene.
- Kommunen ansetter to miljøterapeuter innen august 2025.
"""

PLAN_B = """Handlingsplan for lesing 2023–2026

1 Bakgrunn
Leseferdighetene på 5. trinn i Nordby kommune ligger under landssnittet på nasjonale prøver.

2 Tiltak
- Alle skoler innfører daglig lesestund på 20 minutter.
- Skolebiblioteket holder åpent i alle friminutt.
"""


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "testvik-kvalitetsplan.txt").write_text(PLAN_A, encoding="utf-8")
    (folder / "nordby-lesing.txt").write_text(PLAN_B, encoding="utf-8")
    (folder / "manifest.csv").write_text(
        "file,title,municipality,kind,period,year,adopted,short_name,has_pages\n"
        "testvik-kvalitetsplan.txt,Kvalitetsplan for skole 2024–2027,Testvik,kommunal plan,2024–2027,2024,,,false\n"
        "nordby-lesing.txt,Handlingsplan for lesing,Nordby,handlingsplan,2023–2026,2023,,,false\n",
        encoding="utf-8",
    )
    (folder / "README.md").write_text("# Om mappen\nDenne filen er ikke et dokument.\n", encoding="utf-8")
    return folder


def consistent(settings: Settings) -> tuple[int, int]:
    """Catalog, Chroma and the lexical index agree on the same chunk ids; returns (docs, chunks)."""
    store = open_store(settings)
    store.refresh()
    catalog_ids = sorted(c.id for c, _ in store.catalog.chunks())
    assert not store.catalog.pending()
    assert store.vectors.count() == len(catalog_ids)
    got = store.vectors.collection.get(include=[])["ids"]
    assert sorted(got) == catalog_ids
    assert sorted(store.lexical.ids) == catalog_ids
    assert len(set(catalog_ids)) == len(catalog_ids)
    return len(store.catalog.documents()), len(catalog_ids)


def test_ingest_incremental_update_and_prune(tmp_path: Path, settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    report = run([corpus], settings=settings)
    assert report.ok
    assert report.count("ingested") == 2  # README.md and manifest.csv are not documents
    docs, chunks = consistent(settings)
    assert docs == 2 and chunks == report.chunks > 0
    metas = {d.meta.doc_id: d.meta for d in open_store(settings).catalog.documents()}
    assert metas["testvik-kvalitetsplan"].municipality == "Testvik"
    assert metas["nordby-lesing"].kind == "handlingsplan"

    again = run([corpus], settings=settings)
    assert again.count("unchanged") == 2 and again.embedded_chunks == 0

    (corpus / "nordby-lesing.txt").write_text(PLAN_B.replace("20 minutter", "30 minutter"), encoding="utf-8")
    changed = run([corpus], settings=settings)
    assert changed.count("ingested") == 1 and changed.count("unchanged") == 1
    texts = " ".join(c.text for c, _ in open_store(settings).all_chunks())
    assert "30 minutter" in texts and "20 minutter" not in texts
    consistent(settings)

    (corpus / "nordby-lesing.txt").unlink()
    kept = run([corpus], settings=settings)
    assert open_store(settings).catalog.document("nordby-lesing") is not None  # no --prune: kept
    pruned = run([corpus], settings=settings, prune=True)
    assert pruned.count("removed") == 1 and kept.count("unchanged") == 1
    assert consistent(settings)[0] == 1


def test_pdf_pages_and_labels_reach_the_chunks(tmp_path: Path, settings: Settings) -> None:
    pdf = pdfs.make_plan_pdf(tmp_path / "plan.pdf", pages=3, page_labels=["7", "8", "9"])
    report = run([pdf], settings=settings)
    assert report.ok, report.failed
    assert report.pages == 3
    chunks = [c for c, _ in open_store(settings).all_chunks()]
    early = next(c for c in chunks if "fange opp barn som trenger ekstra hjelp" in c.text)
    assert early.page_start == 3 and early.page_label == "9"
    assert not any(pdfs.HEADER in c.text for c in chunks)  # running header removed


def test_bad_files_are_named_and_the_rest_is_ingested(tmp_path: Path, settings: Settings, capsys) -> None:
    good = write_corpus(tmp_path / "good")
    assert run([good], settings=settings).ok
    bad = tmp_path / "bad"
    bad.mkdir()
    pdfs.make_encrypted_pdf(bad / "kryptert.pdf")
    pdfs.make_corrupt_pdf(bad / "korrupt.pdf")
    pdfs.make_truncated_pdf(bad / "avkuttet.pdf")
    pdfs.make_fake_pdf(bad / "ikke-pdf.pdf")
    pdfs.make_scanned_pdf(bad / "skannet.pdf")
    (bad / "tom.txt").write_bytes(b"")
    (bad / "kopi.txt").write_text(PLAN_A, encoding="utf-8")  # same content as testvik-kvalitetsplan.txt
    (bad / "ny-plan.txt").write_text(PLAN_B.replace("Nordby", "Sørby"), encoding="utf-8")

    report = run([bad], settings=settings)
    by_name = {Path(f.path).name: f for f in report.files}
    assert by_name["ny-plan.txt"].status == "ingested"
    for name in ("kryptert.pdf", "korrupt.pdf", "avkuttet.pdf", "ikke-pdf.pdf", "skannet.pdf", "tom.txt"):
        assert by_name[name].status == "failed", name
        assert by_name[name].reason, name
    assert "krypt" in by_name["kryptert.pdf"].reason.lower() or "passord" in by_name["kryptert.pdf"].reason.lower()
    assert "ikke en pdf" in by_name["ikke-pdf.pdf"].reason.lower()
    assert "tom" in by_name["tom.txt"].reason.lower()
    assert "skannet" in by_name["skannet.pdf"].reason.lower()
    assert by_name["kopi.txt"].status == "duplicate" and "testvik-kvalitetsplan.txt" in by_name["kopi.txt"].reason
    assert not report.ok
    assert consistent(settings)[0] == 3  # the two good ones from before + ny-plan

    assert ingest_main([str(bad), "--quiet"]) == 1  # exit code tells that something failed
    out = capsys.readouterr().out
    assert "kryptert.pdf" in out and "skannet.pdf" in out
    assert ingest_main([str(good), "--quiet"]) == 0


def test_changed_settings_are_refused_until_rebuild(tmp_path: Path, settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    other = settings.model_copy(update={"chunk_size": 400})
    with pytest.raises(IndexMismatch) as err:
        run([corpus], settings=other)
    assert "--rebuild" in str(err.value) and "chunk_size" in str(err.value)
    close_stores()
    rebuilt = run([corpus], settings=other, rebuild=True)
    assert rebuilt.count("ingested") == 2
    consistent(other)


def test_rebuild_keeps_every_document_the_index_held(tmp_path: Path, settings: Settings,
                                                     monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """New settings must not silently drop an uploaded document: a rebuild re-ingests every
    document whose file still exists, not only the paths given; a deleted file is not resurrected."""
    corpus = write_corpus(tmp_path / "corpus")
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "opplastet-plan.txt").write_text(PLAN_A.replace("Testvik", "Opplastvik"), encoding="utf-8")
    (uploads / "slettet-plan.txt").write_text(PLAN_B.replace("Nordby", "Slettby"), encoding="utf-8")
    assert run([corpus, uploads], settings=settings).count("ingested") == 4
    (uploads / "slettet-plan.txt").unlink()

    monkeypatch.setenv("ASSISTANT_CHUNK_SIZE", "400")  # a changed setting, as after an upgrade
    from assistant.settings import get_settings

    get_settings.cache_clear()
    close_stores()
    assert ingest_main([str(corpus), "--quiet"]) == 2  # refused, with the way out named
    assert "--rebuild" in capsys.readouterr().err
    close_stores()
    assert ingest_main([str(corpus), "--quiet", "--rebuild-if-changed"]) == 0
    assert "på nytt" in capsys.readouterr().err
    docs = {d.meta.source for d in open_store(get_settings()).catalog.documents()}
    assert docs == {"testvik-kvalitetsplan.txt", "nordby-lesing.txt", "opplastet-plan.txt"}
    assert consistent(get_settings())[0] == 3


@pytest.mark.slow
def test_kill_9_during_ingest_is_repaired_by_the_next_run(tmp_path: Path, settings: Settings) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        body = "\n\n".join(
            f"{j}.{i} Avsnitt {j}\nKommunen skal arbeide med tema {i}-{j} for barn og unge, og tiltaket følges opp hvert år av rektor og barnehagestyrer."
            for j in range(1, 40)
        )
        (corpus / f"plan-{i:02d}.txt").write_text(f"Plan nummer {i}\n\n{body}\n", encoding="utf-8")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(REPO)}
    catalog = settings.data_dir / "catalog.sqlite"
    killed_pending = 0
    for attempt in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "ingest", str(corpus), "--quiet"], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 300  # model loading on a busy 2-core machine
        while time.time() < deadline and proc.poll() is None:
            if catalog.exists():
                try:
                    with sqlite3.connect(catalog, timeout=0.1) as db:
                        pending = db.execute("SELECT count(*) FROM documents WHERE status='pending'").fetchone()[0]
                except sqlite3.Error:
                    pending = 0
                if pending:
                    time.sleep(0.05 * attempt)  # kill at slightly different moments of the write
                    os.kill(proc.pid, signal.SIGKILL)
                    killed_pending += 1
                    break
            time.sleep(0.01)
        proc.wait(timeout=300)
    assert killed_pending >= 1, "the ingest process was never caught mid-document"
    close_stores()
    report = run([corpus], settings=settings)
    assert report.ok
    docs, chunks = consistent(settings)
    assert docs == 12
    # the repaired index holds exactly what a clean, uninterrupted ingest of the same files holds
    clean = Settings(data_dir=tmp_path / "clean")
    assert run([corpus], settings=clean).ok
    repaired_chunks = {c.id: c.text for c, _ in open_store(settings).catalog.chunks()}
    assert repaired_chunks == {c.id: c.text for c, _ in open_store(clean).catalog.chunks()}
    question = "Hvem følger opp tema 7-12 hvert år?"  # the plans are near-twins: compare the best passage, not ties
    repaired, fresh = retrieve(question, settings=settings), retrieve(question, settings=clean)
    assert repaired[0].chunk.id == fresh[0].chunk.id and "tema 7-12 " in repaired[0].chunk.text
    assert len(repaired) == len(fresh) and all(h.chunk.text == repaired_chunks[h.chunk.id] for h in repaired)
    assert run([corpus], settings=settings).embedded_chunks == 0


def test_lost_vectors_are_re_embedded_from_the_catalog(tmp_path: Path, settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    store = open_store(settings)
    store.vectors.collection.delete(where={"doc_id": "nordby-lesing"})  # e.g. a reset Chroma server
    store.vectors.collection.add(ids=["fremmed::0"], embeddings=[[0.1] * 384], documents=["x"])
    report = run([corpus], settings=settings)
    assert report.embedded_chunks == open_store(settings).catalog.document("nordby-lesing").chunks
    consistent(settings)


def test_a_setting_missing_from_an_old_fingerprint_counts_as_a_change(tmp_path: Path, settings: Settings) -> None:
    import json

    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    store = open_store(settings)
    old = store.catalog.fingerprint()
    del old["max_tokens"]  # an index from before the setting existed
    store.catalog.set_meta("fingerprint", json.dumps(old))
    with pytest.raises(IndexMismatch):
        run([corpus], settings=settings)


def test_filtered_vector_search_goes_through_chroma(tmp_path: Path, settings: Settings) -> None:
    """Municipality, document and year filters are applied inside Chroma's vector search."""
    from assistant.embedding import make_embedder

    run([write_corpus(tmp_path / "corpus")], settings=settings)
    store = open_store(settings)
    query = make_embedder(settings).embed_query("Hva gjør skolene for å bedre leseferdighetene?")
    both = {cid.split("::")[0] for cid, _ in store.vectors.query(query, 50)}
    assert both == {"nordby-lesing", "testvik-kvalitetsplan"}  # unfiltered: both documents answer
    for filters, doc in ((Filters(municipality=("Testvik",)), "testvik-kvalitetsplan"),
                         (Filters(doc_ids=("nordby-lesing",)), "nordby-lesing"),
                         (Filters(year=2024), "testvik-kvalitetsplan"),
                         (Filters(kind=("handlingsplan",), municipality=("Nordby", "Testvik")), "nordby-lesing")):
        got = store.vectors.query(query, 50, filters)
        assert got and {cid.split("::")[0] for cid, _ in got} == {doc}, filters
    assert store.vectors.query(query, 50, Filters(municipality=("Ingensteds",))) == []
    # and through retrieve(), dense ranking only
    hits = retrieve("lesestund", Filters(municipality=("Nordby",)), settings=settings, dense_weight=1.0, lexical_weight=0.0)
    assert hits and {h.meta.doc_id for h in hits} == {"nordby-lesing"} and all(h.dense_rank for h in hits)


def test_removing_a_document_touches_the_lexical_index_of_that_document_only(tmp_path: Path, settings: Settings) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    run([corpus], settings=settings)
    store = open_store(settings)
    before = store.lexical.doc_count("testvik-kvalitetsplan")
    assert before > 0 and store.lexical_search("lesestund", 10)
    store.remove_document("nordby-lesing")
    assert store.lexical.doc_count("nordby-lesing") == 0
    assert store.lexical.doc_count("testvik-kvalitetsplan") == before
    assert store.lexical_search("lesestund", 10) == []
    assert store.chunk("nordby-lesing::0") is None and store.chunk("testvik-kvalitetsplan::0") is not None
    consistent(settings)


def test_a_lost_or_outdated_lexical_index_is_rebuilt_from_the_catalog(tmp_path: Path, settings: Settings) -> None:
    import shutil

    run([write_corpus(tmp_path / "corpus")], settings=settings)
    store = open_store(settings)
    ids = sorted(store.lexical.ids)
    close_stores()
    shutil.rmtree(settings.data_dir / "lexical")
    (settings.data_dir / "lexical").mkdir()
    (settings.data_dir / "lexical" / "ids.json").write_text("{}")  # the old bm25s format
    store = open_store(settings)
    assert sorted(store.lexical.ids) == ids
    assert store.lexical_search("miljøterapeuter", 5)[0][0].startswith("testvik-kvalitetsplan::")


def test_an_index_built_by_another_analysis_is_rebuilt_when_the_store_opens(tmp_path: Path, settings: Settings) -> None:
    """A new analysis (``norwegian._ANALYSIS_CODE``: e.g. short definite nouns meeting their base) changes the marker:
    the store rebuilds the lexical index from the catalog once, with no re-ingest."""
    import json

    from assistant.lexical import _marker_version

    run([write_corpus(tmp_path / "corpus")], settings=settings)
    close_stores()
    marker = settings.data_dir / "lexical" / "analyzer.json"
    meta = json.loads(marker.read_text(encoding="utf-8"))
    meta["analyzer"] = "the-previous-analysis"
    marker.write_text(json.dumps(meta), encoding="utf-8")
    store = open_store(settings)
    assert store.lexical_search("miljøterapeuter", 5)[0][0].startswith("testvik-kvalitetsplan::")
    assert json.loads(marker.read_text(encoding="utf-8"))["analyzer"] == _marker_version()
