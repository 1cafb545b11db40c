"""Write parsed documents into the store, one document at a time, crash-safe.

Embedding happens first, outside the write lock; then ``Store.put_documents`` writes under the
data dir's write lock in this order: catalog marks the document ``pending`` → its old vectors are
deleted → new vectors are added → the lexical index replaces its chunks (committed) → one catalog
transaction replaces chunks/blocks and marks it ``complete``. Retrieval only sees complete
documents, so a ``kill -9`` anywhere leaves either the old state or a pending marker; ``repair``
removes what a pending marker points at, and the next run ingests it anew.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.embedding import Embedder
from assistant.models import Chunk, ParsedDocument
from assistant.store import DocumentWrite, Store


def repair(store: Store) -> list[str]:
    """Remove half-written documents left by an interrupted run (and bring the lexical index in
    line with the catalog). Returns their ids."""
    return store.repair()


def reconcile(store: Store, embedder_for: Callable[[], Embedder]) -> list[str]:
    """Make Chroma hold exactly the catalog's chunks: delete stray vectors, and re-embed (from
    the catalog's own text) documents whose vectors are missing — e.g. a Chroma server that was
    reset. Returns the ids of the documents re-embedded."""
    counts = store.catalog.chunk_counts()
    if store.vectors.count() == sum(counts.values()):
        return []  # the cheap check; ids are compared only when the counts differ
    vector_ids = store.vectors.ids()
    catalog_ids: set[str] = set()
    missing: list[str] = []
    for doc_id in sorted(counts):
        ids = {c.id for c, _ in store.catalog.iter_chunks(doc_id)}
        catalog_ids |= ids
        if ids - vector_ids:
            missing.append(doc_id)
    stray = sorted(vector_ids - catalog_ids)
    if stray:
        with store.writing():
            store.vectors.delete_ids(stray)
    for doc_id in missing:
        record = store.catalog.document(doc_id)
        doc_items = list(store.catalog.iter_chunks(doc_id))
        if record is None or not doc_items:
            continue
        meta = doc_items[0][1]
        chunks = [c for c, _ in doc_items]
        vectors = embedder_for().embed_passages([embedding_text(c, meta.title) for c in chunks])
        store.put_documents([DocumentWrite(meta, record.path, record.content_hash, chunks,
                                           store.catalog.blocks(doc_id), record.pages, vectors)])
    return missing


def embedding_text(chunk: Chunk, title: str) -> str:
    """What the embedding model sees: the section path gives a passage its context."""
    head = " > ".join(chunk.section)
    return f"{title}. {head}\n{chunk.text}" if head else f"{title}\n{chunk.text}"


def write_document(store: Store, embedder: Embedder, doc: ParsedDocument, chunks: list[Chunk]) -> None:
    """Embed one document's chunks, then replace its vectors, lexical entries, chunks and blocks
    (see module doc for the order)."""
    meta = doc.meta
    vectors = embedder.embed_passages([embedding_text(c, meta.title) for c in chunks]) if chunks else []
    pages = sum(1 for p in doc.pages if p.number is not None) or 0
    store.put_documents([DocumentWrite(meta, str(doc.path), doc.content_hash, chunks, doc.blocks, pages, vectors)])
