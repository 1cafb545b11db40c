"""The store of one data dir and index identity: the facade retrieval and ingest use.

Three parts, one file each:
- ``catalog.sqlite`` (assistant/catalog.py) — the source of truth: documents, chunks, blocks.
- Chroma (assistant/vectors.py) — vectors, chunk texts and metadata, embedded or on a server.
- ``lexical/`` (assistant/lexical.py) — the BM25 index (tantivy) over the same chunk ids.

Writers (ingest, uploads, removals) go through ``put_documents`` / ``put_vectors`` /
``remove_document`` / ``repair``, which hold the data dir's write lock (assistant/writelock.py:
one writer at a time, across threads and processes) and write in a crash-safe order: catalog
``pending`` → vectors → lexical index (committed) → catalog ``complete``. Ingest writes documents
without vectors first (searchable lexically at once) and adds them with ``put_vectors`` (vectors
only, then the catalog's ``vectors`` flag), so a crash there leaves complete documents whose
vectors the next ingest adds. Readers take no lock: they read chunk text and metadata by id from
the catalog (nothing per chunk is held in memory) and search snapshots of the lexical index; a
document is visible once the catalog says ``complete``, to dense search once its vectors are in.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from assistant.catalog import Catalog, DocStatus
from assistant.errors import IndexMismatch
from assistant.lexical import LexicalIndex, entry
from assistant.models import Block, Chunk, DocumentMeta
from assistant.settings import Settings
from assistant.vectors import Vectors, chroma_client
from assistant.writelock import write_lock

LEXICAL_DIR = "lexical"


@dataclass(frozen=True)
class DocumentWrite:
    """One document to write: its chunks, blocks and, when already embedded, their vectors."""

    meta: DocumentMeta
    path: str
    content_hash: str
    chunks: list[Chunk]
    blocks: list[Block]
    pages: int
    embeddings: list[list[float]] | None = None  # None: vectors later (``put_vectors``); old ones are deleted


@dataclass(frozen=True)
class VectorWrite:
    """The vectors of one complete document's chunks, for the content ``content_hash`` names."""

    meta: DocumentMeta
    content_hash: str
    chunks: list[Chunk]
    embeddings: list[list[float]]


class TermCounts:
    """Document frequency of content terms (stems of a chunk's text and section, as
    ``norwegian.content_terms`` gives them), read from the lexical index's ``terms`` field on
    demand — the evidence score's idf without a per-process table of every chunk's terms. Chunks
    of a replaced document count until tantivy merges their segment away (a small overcount)."""

    def __init__(self, lexical: LexicalIndex) -> None:
        self._searcher = lexical._searcher()
        self._cache: dict[str, int] = {}

    def get(self, term: str, default: int = 0) -> int:
        n = self._cache.get(term)
        if n is None:
            n = self._cache[term] = self._searcher.doc_freq("terms", term)
        return n or default

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) > 0


@dataclass
class Store:
    """Catalog + vectors + lexical index of one data dir and index identity."""

    settings: Settings
    catalog: Catalog
    collection_name: str
    _vectors: Vectors | None = None
    _vectors_generation: int = -1  # the catalog generation the vectors were opened at (or this process wrote)
    _lexical: LexicalIndex | None = None
    _lexical_build: str | None = None
    _docs: tuple[int, list[DocumentMeta]] = field(default_factory=lambda: (-1, []))
    # one thread at a time opens (or reopens) the vectors and the lexical index: the app's question
    # handlers and its background vector filler share this Store
    _opening: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def vectors(self) -> Vectors:
        with self._opening:
            if self._vectors is None:
                self._vectors_generation = self.catalog.generation
                self._vectors = Vectors(self.settings, self.collection_name)
            return self._vectors

    def vectors_for_reading(self) -> Vectors:
        """The vectors, re-read when another process has written since they were opened: embedded
        Chroma keeps its nearest-neighbour index in this process's memory, and a query against a
        stale one fails («Error finding id») or misses the new documents. A Chroma server needs no
        reopening."""
        with self._opening:
            if self.settings.chroma_host is None and self._vectors is not None \
                    and self.catalog.generation != self._vectors_generation:
                self.reopen_vectors()
            return self.vectors

    def reopen_vectors(self) -> None:
        """Drop this process's Chroma client so the next use reads the collection from disk."""
        if self.settings.chroma_host is None:
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()
        self._vectors = None

    @property
    def lexical_dir(self) -> Path:
        return self.settings.data_dir / LEXICAL_DIR

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Exclusive write access to this data dir (threads and processes)."""
        with write_lock(self.settings.data_dir):
            yield

    def check_fingerprint(self, current: dict) -> None:
        """Refuse to mix vectors from other settings (IndexMismatch) — unless the index is empty."""
        stored = self.catalog.fingerprint()
        if stored is None or not self.catalog.documents(include_pending=True):
            self.catalog.set_meta("fingerprint", json.dumps(current))
            return
        # every key counts (a setting added later changes the index too), except the model's
        # dimension, which is only known once the model is loaded
        keys = (set(current) | set(stored)) - ({"dimension"} - (set(current) & set(stored)))
        if any(k not in stored or k not in current or stored[k] != current[k] for k in keys):  # absent ≠ None
            raise IndexMismatch(stored, current)

    # --- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Make sure the lexical index is open and current (reopened after a rebuild elsewhere;
        rebuilt under the write lock when missing or built with another analyzer)."""
        self.lexical  # noqa: B018

    @property
    def lexical(self) -> LexicalIndex:
        with self._opening:
            build = self.catalog.get_meta("lexical_build")
            if self._lexical is not None and build == self._lexical_build:
                return self._lexical
            lex = LexicalIndex.open(self.lexical_dir)
            if lex is not None:
                self._lexical, self._lexical_build = lex, self.catalog.get_meta("lexical_build")
                return lex
        # missing or built with another analyzer: rebuilt outside ``_opening``, because the rebuild
        # takes the write lock, and a writer holding that lock reads ``self.lexical``
        return self.rebuild_lexical()

    def prefetch(self, budget_bytes: int | None = None) -> int:
        """Read the lexical index's files, the catalog and embedded Chroma's vector index files once,
        front to back, so that the page cache holds them before questions come (the app's start-up,
        in the background; Chroma then loads its index from memory). Returns
        the bytes read. Reading is sequential: at 10⁶ chunks the 0.75 GB lexical index took 1.3 s
        from a dropped cache, while the first questions' scattered reads of the same files took
        0.7–2.2 s each (p95; eval scale). Stops at ``budget_bytes``, by default a quarter of the
        machine's memory (on a machine smaller than the index it would only evict itself)."""
        if budget_bytes is None:
            budget_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4
        paths = sorted(p for p in self.lexical_dir.glob("*") if p.is_file())
        paths += [self.settings.data_dir / n for n in ("catalog.sqlite", "catalog.sqlite-wal")]
        if self.settings.chroma_host is None:  # embedded Chroma's vector index files (HNSW segments)
            paths += sorted(p for p in (self.settings.data_dir / "chroma").glob("*/*") if p.is_file())
        view = memoryview(bytearray(4 << 20))
        done = 0
        for path in paths:
            try:
                with path.open("rb", buffering=0) as fh:
                    while done < budget_bytes and (n := fh.readinto(view[: budget_bytes - done])):
                        done += n
            except OSError:  # a segment merged away meanwhile: nothing to warm
                continue
        return done

    def chunk(self, chunk_id: str) -> tuple[Chunk, DocumentMeta] | None:
        """A chunk of a complete document and its document, read by id (None: absent or pending)."""
        return self.catalog.chunks_by_id([chunk_id]).get(chunk_id)

    def chunks(self, ids: Sequence[str]) -> dict[str, tuple[Chunk, DocumentMeta]]:
        """Several chunks by id in one read (absent and pending ones left out)."""
        return self.catalog.chunks_by_id(ids)

    def docs(self) -> list[DocumentMeta]:
        """The documents visible to retrieval (cached per catalog generation)."""
        gen = self.catalog.generation
        if self._docs[0] != gen:
            self._docs = (gen, [d.meta for d in self.catalog.documents()])
        return self._docs[1]

    def lexical_search(self, question: str, n: int, doc_ids: Sequence[str] | None = None,
                       thesaurus: bool = True, lexical: LexicalIndex | None = None) -> list[tuple[str, float]]:
        """The ``n`` best lexical (chunk id, score), limited to ``doc_ids`` when given."""
        return (lexical or self.lexical).search(question, n, doc_ids, thesaurus)

    def term_counts(self) -> TermCounts:
        return TermCounts(self.lexical)

    def all_chunks(self) -> list[tuple[Chunk, DocumentMeta]]:
        """Every chunk (evaluation and tests; the app reads by id)."""
        return self.catalog.chunks()

    def stats(self) -> tuple[int, int]:
        """(documents, chunks) visible to retrieval (lexically; see ``without_vectors``)."""
        docs = self.catalog.documents()
        return len(docs), sum(d.chunks for d in docs)

    def without_vectors(self) -> list[str]:
        """Complete documents whose vectors are not in Chroma yet (dense search does not find them)."""
        return sorted(self.catalog.chunk_counts(with_vectors=False))

    # --- writing ------------------------------------------------------------------------------
    def put_documents(self, writes: Sequence[DocumentWrite]) -> None:
        """Replace these documents everywhere, crash-safe: catalog pending → vectors → lexical
        (one commit for the batch) → catalog complete, under the write lock. A write without
        embeddings deletes the document's old vectors (a new document never opens Chroma) and
        leaves it complete without vectors, for ``put_vectors``."""
        if not writes:
            return
        with self.writing():
            lexical = self.lexical
            known = {w.meta.doc_id for w in writes if self.catalog.status(w.meta.doc_id) is not None}
            for w in writes:
                self.catalog.begin_document(w.meta, w.path, w.content_hash)
            # A document the catalog knows may have vectors of any earlier version: a filtered delete.
            # A new one can only meet its own ids (a collection whose catalog was lost; Chroma's add
            # would silently keep the old entries): a delete by id, which stays cheap where the filtered
            # delete over the whole collection is not (6.7 s on a cold 10⁶-chunk server; eval scale).
            stale = [w.meta.doc_id for w in writes if w.meta.doc_id in known]
            if stale:
                self.vectors.delete_document_many(stale)
            with_vectors = [w for w in writes if w.embeddings is not None]
            fresh_ids = [c.id for w in with_vectors if w.meta.doc_id not in known for c in w.chunks]
            if fresh_ids:
                self.vectors.delete_ids(fresh_ids)
            if any(w.chunks for w in with_vectors):  # one add for the batch: Chroma's cost is per call
                self.vectors.add([(c, w.meta) for w in with_vectors for c in w.chunks],
                                 [e for w in with_vectors for e in w.embeddings or []])
            lexical.replace_documents(
                [w.meta.doc_id for w in writes],
                [entry(c, w.meta) for w in writes for c in w.chunks],
            )
            for w in writes:
                self.catalog.commit_document(w.meta, w.chunks, w.blocks, w.pages, vectors=w.embeddings is not None)
            self._vectors_generation = self.catalog.generation

    def put_vectors(self, writes: Sequence[VectorWrite]) -> list[str]:
        """Add complete documents' vectors (nothing else is rewritten), under the write lock:
        the document's vectors are replaced, then the catalog records them. A document removed or
        changed since it was embedded is skipped. Returns the ids whose vectors were stored."""
        done: list[str] = []
        with self.writing():
            for w in writes:
                state = self.catalog.status(w.meta.doc_id)
                if state is None or state.status is not DocStatus.COMPLETE or state.content_hash != w.content_hash:
                    continue  # removed or re-ingested meanwhile: these vectors belong to old text
                self.vectors.delete_document(w.meta.doc_id)  # partial vectors of an interrupted run
                if w.chunks:
                    self.vectors.add([(c, w.meta) for c in w.chunks], w.embeddings)
                if self.catalog.set_vectors(w.meta.doc_id, w.content_hash):
                    done.append(w.meta.doc_id)
            self._vectors_generation = self.catalog.generation
        return done

    def remove_document(self, doc_id: str) -> None:
        """Remove a document everywhere: pending first (crash-safe), vectors, lexical, catalog."""
        with self.writing():
            if self.catalog.status(doc_id) is None:
                return
            self.catalog.mark_pending(doc_id)
            self.vectors.delete_document(doc_id)
            self.lexical.replace_documents([doc_id], [])
            self.catalog.remove_document(doc_id)
            self._vectors_generation = self.catalog.generation

    def repair(self) -> list[str]:
        """Remove half-written documents left by an interrupted writer, and re-index lexically
        documents whose chunk count there differs from the catalog's. Returns the removed ids."""
        with self.writing():
            broken = self.catalog.pending()
            if broken:
                self.vectors.delete_document_many(broken)
                self.lexical.replace_documents(broken, [])
                for doc_id in broken:
                    self.catalog.remove_document(doc_id)
            self.sync_lexical()
            return broken

    def sync_lexical(self) -> list[str]:
        """Re-index the documents whose lexical chunk count differs from the catalog's (cheap when
        the totals agree); rebuild when chunks of unknown documents remain. Returns re-indexed ids."""
        with self.writing():
            lexical = self.lexical
            counts = self.catalog.chunk_counts()
            if lexical.count() == sum(counts.values()):
                return []
            wrong = [d for d, n in counts.items() if lexical.doc_count(d) != n]
            for doc_id in wrong:
                items = list(self.catalog.iter_chunks(doc_id))
                lexical.replace_documents([doc_id], [entry(c, m) for c, m in items])
            if lexical.count() != sum(counts.values()):
                self.rebuild_lexical()
            return wrong

    def rebuild_lexical(self) -> LexicalIndex:
        """Build the lexical index anew from the catalog (streamed, document batches) beside the
        old one and swap it in; readers reopen it when they see the new build id."""
        with self.writing():
            current = LexicalIndex.open(self.lexical_dir)
            if current is not None and self.catalog.get_meta("lexical_build") != self._lexical_build:
                return current  # another writer rebuilt it while we waited for the lock
            new_dir = self.lexical_dir.with_name(LEXICAL_DIR + ".new")
            lex = LexicalIndex.create(new_dir)
            batch = []
            for c, m in self.catalog.iter_chunks():
                batch.append(entry(c, m))
                if len(batch) >= 20_000:
                    lex.replace_documents([], batch)
                    batch = []
            lex.replace_documents([], batch)
            old = self.lexical_dir.with_name(LEXICAL_DIR + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.lexical_dir.exists():
                self.lexical_dir.rename(old)
            new_dir.rename(self.lexical_dir)
            shutil.rmtree(old, ignore_errors=True)
            build = uuid.uuid4().hex
            self.catalog.set_meta("lexical_build", build)
            swapped = LexicalIndex.open(self.lexical_dir)
            assert swapped is not None
            self._lexical, self._lexical_build = swapped, build
            return swapped


def collection_name(settings: Settings) -> str:
    return f"chunks_{settings.index_id()}"


def wipe(settings: Settings) -> None:
    """Delete this index identity's data (``--rebuild``): catalog, lexical index and collection."""
    with write_lock(settings.data_dir):
        for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
            (settings.data_dir / name).unlink(missing_ok=True)
        shutil.rmtree(settings.data_dir / LEXICAL_DIR, ignore_errors=True)
        client = chroma_client(settings)
        for col in client.list_collections():
            name = col if isinstance(col, str) else col.name
            if name.startswith("chunks_"):
                client.delete_collection(name)


_open: dict[tuple, Store] = {}


def open_store(settings: Settings) -> Store:
    """The store of these settings (one per process and data dir; cheap on later calls)."""
    key = (str(settings.data_dir), settings.chroma_host, settings.chroma_port, settings.index_id())
    store = _open.get(key)
    if store is None:
        catalog = Catalog(settings.data_dir / "catalog.sqlite")
        store = Store(settings=settings, catalog=catalog, collection_name=collection_name(settings))
        _open[key] = store
    return store


def close_stores() -> None:
    for s in _open.values():
        s.catalog.close()
    _open.clear()
