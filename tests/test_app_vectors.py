"""Vectors in the app's background: phase 1 alone (``run(vectors=False)``), phase 2 alone
(``add_vectors``) — the real pipeline on a tiny corpus, real Chroma, real tantivy, the real
embedding model."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieve import dense_ranking
from assistant.settings import Settings
from assistant.store import open_store
from ingest.run import add_vectors, run
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
