"""Write parsed documents into the store, one document at a time, crash-safe.

Order per document: catalog marks it ``pending`` → its old vectors are deleted → new vectors are
added → one catalog transaction replaces chunks/blocks and marks it ``complete``. Retrieval only
sees complete documents, so a ``kill -9`` anywhere leaves either the old state or a pending
marker; ``repair`` removes what a pending marker points at, and the next run ingests it anew.
"""

from __future__ import annotations

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
