"""Write parsed documents into the store, one document at a time, crash-safe.

Order per document: catalog marks it ``pending`` → its old vectors are deleted → new vectors are
added → one catalog transaction replaces chunks/blocks and marks it ``complete``. Retrieval only
sees complete documents, so a ``kill -9`` anywhere leaves either the old state or a pending
marker; ``repair`` removes what a pending marker points at, and the next run ingests it anew.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.embedding import Embedder
from assistant.models import Chunk, ParsedDocument
from assistant.store import Store


def repair(store: Store) -> list[str]:
    """Remove half-written documents left by an interrupted run. Returns their ids."""
    broken = store.catalog.pending()
    for doc_id in broken:
        store.vectors.delete_document(doc_id)
        store.catalog.remove_document(doc_id)
    return broken


def reconcile(store: Store, embedder_for: Callable[[], Embedder]) -> list[str]:
    """Make Chroma hold exactly the catalog's chunks: delete stray vectors, and re-embed (from
    the catalog's own text) documents whose vectors are missing — e.g. a Chroma server that was
    reset. Returns the ids of the documents re-embedded."""
    n_catalog = sum(d.chunks for d in store.catalog.documents())
    if store.vectors.count() == n_catalog:
        return []  # the cheap check; ids are compared only when the counts differ
    items = store.catalog.chunks()
    vector_ids = store.vectors.ids()
    stray = sorted(vector_ids - {c.id for c, _ in items})
    if stray:
        store.vectors.delete_ids(stray)
    missing = sorted({c.doc_id for c, _ in items if c.id not in vector_ids})
    for doc_id in missing:
        doc_items = [(c, m) for c, m in items if c.doc_id == doc_id]
        record = store.catalog.document(doc_id)
        meta = doc_items[0][1]
        store.catalog.begin_document(meta, record.path if record else "", record.content_hash if record else "")
        store.vectors.delete_document(doc_id)
        embedder = embedder_for()
        store.vectors.add(doc_items, embedder.embed_passages([embedding_text(c, meta.title) for c, _ in doc_items]))
        store.catalog.commit_document(meta, [c for c, _ in doc_items], store.catalog.blocks(doc_id),
                                      record.pages if record else 0)
    return missing


def embedding_text(chunk: Chunk, title: str) -> str:
    """What the embedding model sees: the section path gives a passage its context."""
    head = " > ".join(chunk.section)
    return f"{title}. {head}\n{chunk.text}" if head else f"{title}\n{chunk.text}"


def write_document(store: Store, embedder: Embedder, doc: ParsedDocument, chunks: list[Chunk]) -> None:
    """Replace one document's vectors, chunks and blocks (see module doc for the order)."""
    meta = doc.meta
    store.catalog.begin_document(meta, str(doc.path), doc.content_hash)
    store.vectors.delete_document(meta.doc_id)
    if chunks:
        vectors = embedder.embed_passages([embedding_text(c, meta.title) for c in chunks])
        store.vectors.add([(c, meta) for c in chunks], vectors)
    pages = sum(1 for p in doc.pages if p.number is not None) or 0
    store.catalog.commit_document(meta, chunks, doc.blocks, pages)
