"""Where ingested documents live, under ``settings.data_dir``:

- ``catalog.sqlite`` — the source of truth: documents (with content hash and status), chunks and
  structural blocks. A document is visible only once its status is ``complete``; ingest marks it
  ``pending`` before touching vectors, so a crash leaves a marker the next run repairs.
- Chroma (embedded ``PersistentClient`` in ``chroma/``, or a server when ``CHROMA_HOST`` is set),
  through LlamaIndex's ``ChromaVectorStore``; one collection per index identity.
- ``lexical/`` — the BM25 index over the same chunk ids (assistant/lexical.py).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.errors import IndexMismatch
from assistant.lexical import LexicalIndex, lexical_text
from assistant.models import Block, Chunk, DocumentMeta, DocumentRecord, Filters
from assistant.pages import page_map_json
from assistant.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, content_hash TEXT NOT NULL, status TEXT NOT NULL,
    meta TEXT NOT NULL, pages INTEGER NOT NULL DEFAULT 0, chunks INTEGER NOT NULL DEFAULT 0, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, section TEXT NOT NULL,
    page_start INTEGER, page_end INTEGER, page_label TEXT, page_map TEXT NOT NULL DEFAULT '[]',
    page_end_label TEXT, ocr INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, seq);
CREATE TABLE IF NOT EXISTS blocks (
    doc_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, section TEXT NOT NULL,
    page INTEGER, page_label TEXT, level INTEGER NOT NULL, PRIMARY KEY (doc_id, seq));
"""


_PAGE_COLUMNS = (("page_map", "TEXT NOT NULL DEFAULT '[]'"), ("page_end_label", "TEXT"), ("ocr", "INTEGER NOT NULL DEFAULT 0"))


def _meta_from_json(raw: str) -> DocumentMeta:
    return DocumentMeta(**json.loads(raw))


class Catalog:
    """SQLite catalog of documents, chunks and blocks. Every write is one transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        have = {row[1] for row in self._db.execute("PRAGMA table_info(chunks)")}
        for column, decl in _PAGE_COLUMNS:  # catalogs written before chunks carried page maps
            if column not in have:
                self._db.execute(f"ALTER TABLE chunks ADD COLUMN {column} {decl}")
        self._lock = threading.Lock()

    # --- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def fingerprint(self) -> dict | None:
        raw = self.get_meta("fingerprint")
        return json.loads(raw) if raw else None

    # --- documents ----------------------------------------------------------------------------
    def documents(self, include_pending: bool = False) -> list[DocumentRecord]:
        sql = "SELECT meta, path, content_hash, pages, chunks, ingested_at FROM documents"
        if not include_pending:
            sql += " WHERE status='complete'"
        rows = self._db.execute(sql + " ORDER BY doc_id").fetchall()
        return [DocumentRecord(_meta_from_json(m), p, h, pg, ch, at) for m, p, h, pg, ch, at in rows]

    def document(self, doc_id: str) -> DocumentRecord | None:
        return next((d for d in self.documents() if d.meta.doc_id == doc_id), None)

    def status(self, doc_id: str) -> tuple[str, str, str] | None:
        """(status, content_hash, path) of a document, pending or complete."""
        row = self._db.execute("SELECT status, content_hash, path FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def find_by_hash(self, content_hash: str) -> str | None:
        row = self._db.execute(
            "SELECT doc_id FROM documents WHERE content_hash=? AND status='complete'", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def pending(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT doc_id FROM documents WHERE status='pending'")]

    def begin_document(self, meta: DocumentMeta, path: str, content_hash: str) -> None:
        """Mark a document pending before its vectors are touched (crash marker)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute(
                "INSERT INTO documents(doc_id, path, content_hash, status, meta, ingested_at) VALUES (?,?,?,?,?,?) "
                "ON CONFLICT(doc_id) DO UPDATE SET status='pending', path=excluded.path, "
                "content_hash=excluded.content_hash, meta=excluded.meta",
                (meta.doc_id, path, content_hash, "pending", json.dumps(asdict(meta)), now),
            )

    def mark_pending(self, doc_id: str) -> None:
        with self._lock:
            self._db.execute("UPDATE documents SET status='pending' WHERE doc_id=?", (doc_id,))

    def commit_document(self, meta: DocumentMeta, chunks: list[Chunk], blocks: list[Block], pages: int) -> None:
        """Replace a document's chunks and blocks and mark it complete, in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute("DELETE FROM chunks WHERE doc_id=?", (meta.doc_id,))
                db.execute("DELETE FROM blocks WHERE doc_id=?", (meta.doc_id,))
                db.executemany(
                    "INSERT INTO chunks(id, doc_id, seq, text, section, page_start, page_end, page_label, page_map, "
                    "page_end_label, ocr) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    [(c.id, c.doc_id, c.seq, c.text, json.dumps(c.section, ensure_ascii=False),
                      c.page_start, c.page_end, c.page_label, json.dumps(c.page_map, ensure_ascii=False),
                      c.page_end_label, int(c.ocr)) for c in chunks],
                )
                db.executemany(
                    "INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?)",
                    [(meta.doc_id, i, b.kind, b.text, json.dumps(b.section, ensure_ascii=False), b.page,
                      b.page_label, b.level) for i, b in enumerate(blocks)],
                )
                db.execute(
                    "UPDATE documents SET status='complete', meta=?, pages=?, chunks=?, ingested_at=? WHERE doc_id=?",
                    (json.dumps(asdict(meta)), pages, len(chunks), now, meta.doc_id),
                )
                db.execute(
                    "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                    "SET value=CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def remove_document(self, doc_id: str) -> None:
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM blocks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))
            db.execute(
                "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                "SET value=CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
            )
            db.execute("COMMIT")

    # --- content ------------------------------------------------------------------------------
    def chunks(self) -> list[tuple[Chunk, DocumentMeta]]:
        """Every chunk of every complete document, in document order."""
        rows = self._db.execute(
            "SELECT c.id, c.doc_id, c.seq, c.text, c.section, c.page_start, c.page_end, c.page_label, c.page_map, "
            "c.page_end_label, c.ocr, d.meta "
            "FROM chunks c JOIN documents d ON d.doc_id=c.doc_id WHERE d.status='complete' ORDER BY c.doc_id, c.seq"
        ).fetchall()
        metas: dict[str, DocumentMeta] = {}
        out = []
        for cid, doc_id, seq, text, section, ps, pe, pl, pm, pel, ocr, meta in rows:
            m = metas.get(doc_id) or metas.setdefault(doc_id, _meta_from_json(meta))
            page_map = tuple((int(o), str(lb), int(n)) for o, lb, n in json.loads(pm or "[]"))
            out.append((Chunk(cid, doc_id, seq, text, tuple(json.loads(section)), ps, pe, pl, page_map, pel, bool(ocr)), m))
        return out

    def blocks(self, doc_id: str) -> list[Block]:
        rows = self._db.execute(
            "SELECT kind, text, section, page, page_label, level FROM blocks WHERE doc_id=? ORDER BY seq", (doc_id,)
        ).fetchall()
        return [Block(k, t, tuple(json.loads(s)), p, pl, lv) for k, t, s, p, pl, lv in rows]

    def close(self) -> None:
        self._db.close()


def chroma_client(settings: Settings):
    """Embedded PersistentClient under the data dir, or HttpClient when CHROMA_HOST is set."""
    import chromadb

    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port)
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))


def _chroma_metadata(chunk: Chunk, meta: DocumentMeta) -> dict:
    md = {
        "doc_id": meta.doc_id,
        "source": meta.source,
        "municipality": meta.municipality,
        "kind": meta.kind,
        "year": meta.year or 0,
        "section": " > ".join(chunk.section),
        "page": chunk.page_start if chunk.page_start is not None else -1,
        "page_label": chunk.page_label or "",
        "page_map": page_map_json(chunk.page_map),  # the contract form [[offset, "label"], ...]
        "ocr": chunk.ocr,
    }
    return md


class Vectors:
    """The Chroma collection of this index identity, used through LlamaIndex's ChromaVectorStore."""

    def __init__(self, settings: Settings, collection_name: str) -> None:
        self.client = chroma_client(settings)
        self.collection = self.client.get_or_create_collection(collection_name, metadata={"hnsw:space": "cosine"})
        self._store = None

    @property
    def store(self):
        """LlamaIndex's ChromaVectorStore over the collection (imported on first use: ~1 s)."""
        if self._store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._store = ChromaVectorStore(chroma_collection=self.collection)
        return self._store

    def add(self, items: list[tuple[Chunk, DocumentMeta]], embeddings: list[list[float]]) -> None:
        from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

        nodes = []
        for (chunk, meta), emb in zip(items, embeddings, strict=True):
            node = TextNode(id_=chunk.id, text=chunk.text, metadata=_chroma_metadata(chunk, meta), embedding=emb)
            node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=meta.doc_id)
            nodes.append(node)
        for i in range(0, len(nodes), 1000):
            self.store.add(nodes[i : i + 1000])

    def delete_document(self, doc_id: str) -> None:
        self.store.delete(ref_doc_id=doc_id)

    def count(self) -> int:
        return self.collection.count()

    def ids(self) -> set[str]:
        return set(self.collection.get(include=[])["ids"])

    def delete_ids(self, ids: list[str]) -> None:
        for i in range(0, len(ids), 1000):
            self.collection.delete(ids=ids[i : i + 1000])

    def query(self, embedding: list[float], k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        from llama_index.core.vector_stores.types import (
            FilterCondition,
            FilterOperator,
            MetadataFilter,
            MetadataFilters,
            VectorStoreQuery,
        )

        conds = []
        if filters is not None:
            for key, values in (("municipality", filters.municipality), ("kind", filters.kind), ("doc_id", filters.doc_ids)):
                if values:
                    conds.append(MetadataFilter(key=key, value=list(values), operator=FilterOperator.IN))
            if filters.year:
                conds.append(MetadataFilter(key="year", value=filters.year, operator=FilterOperator.EQ))
        mf = MetadataFilters(filters=list[MetadataFilter | MetadataFilters](conds), condition=FilterCondition.AND) if conds else None
        result = self.store.query(VectorStoreQuery(query_embedding=embedding, similarity_top_k=k, filters=mf))
        return list(zip(result.ids or [], result.similarities or [], strict=False))


@dataclass
class Store:
    """Catalog + vectors + lexical index of one data dir and index identity."""

    settings: Settings
    catalog: Catalog
    collection_name: str
    _vectors: Vectors | None = None
    _lexical: LexicalIndex | None = None
    _chunks: dict[str, tuple[Chunk, DocumentMeta]] = field(default_factory=dict)
    _loaded_generation: int = -1
    #: the document of each lexical row (index into ``_docs``), for filter masks without Python loops
    _chunk_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    _docs: list[DocumentMeta] = field(default_factory=list)

    @property
    def vectors(self) -> Vectors:
        if self._vectors is None:
            self._vectors = Vectors(self.settings, self.collection_name)
        return self._vectors

    def check_fingerprint(self, current: dict) -> None:
        """Refuse to mix vectors from other settings (IndexMismatch) — unless the index is empty."""
        stored = self.catalog.fingerprint()
        if stored is None or not self.catalog.documents(include_pending=True):
            self.catalog.set_meta("fingerprint", json.dumps(current))
            return
        # every key counts (a setting added later changes the index too), except the model's
        # dimension, which is only known once the model is loaded
        keys = (set(current) | set(stored)) - ({"dimension"} - (set(current) & set(stored)))
        if any(stored.get(k) != current.get(k) for k in keys):
            raise IndexMismatch(stored, current)

    # --- lexical + in-memory chunk table, refreshed when the catalog generation moves --------
    def refresh(self) -> None:
        gen = self.catalog.generation
        if gen == self._loaded_generation:
            return
        items = self.catalog.chunks()
        self._chunks = {c.id: (c, m) for c, m in items}
        folder = self.settings.data_dir / "lexical"
        lex = LexicalIndex.load(folder)
        if lex is None or lex.generation != gen or lex.ids != [c.id for c, _ in items]:
            lex = self.rebuild_lexical(items, gen)
        self._lexical = lex
        self._docs = sorted({m.doc_id: m for _, m in items}.values(), key=lambda m: m.doc_id)
        position = {m.doc_id: i for i, m in enumerate(self._docs)}
        self._chunk_doc = np.array([position[self._chunks[cid][1].doc_id] for cid in lex.ids], dtype=np.int32)
        self._loaded_generation = gen

    def rebuild_lexical(self, items: list[tuple[Chunk, DocumentMeta]] | None = None, gen: int | None = None) -> LexicalIndex:
        items = self.catalog.chunks() if items is None else items
        gen = self.catalog.generation if gen is None else gen
        lex = LexicalIndex.build(
            [c.id for c, _ in items],
            [lexical_text(c.text, c.section, m.title, m.municipality) for c, m in items],
            generation=gen,
        )
        lex.save(self.settings.data_dir / "lexical")
        return lex

    @property
    def lexical(self) -> LexicalIndex:
        self.refresh()
        assert self._lexical is not None
        return self._lexical

    def chunk(self, chunk_id: str) -> tuple[Chunk, DocumentMeta] | None:
        self.refresh()
        return self._chunks.get(chunk_id)

    def docs(self) -> list[DocumentMeta]:
        """The documents visible to retrieval (cached per catalog generation)."""
        self.refresh()
        return self._docs

    def doc_mask(self, keep) -> np.ndarray:
        """Boolean mask over the lexical rows: True where ``keep(meta)`` holds for the chunk's document."""
        self.refresh()
        allowed = np.array([keep(m) for m in self._docs], dtype=bool)
        return allowed[self._chunk_doc] if len(allowed) else np.zeros(0, dtype=bool)

    def all_chunks(self) -> list[tuple[Chunk, DocumentMeta]]:
        self.refresh()
        return list(self._chunks.values())

    def remove_document(self, doc_id: str) -> None:
        """Remove a document everywhere: pending first (crash-safe), vectors, then catalog rows."""
        status = self.catalog.status(doc_id)
        if status is None:
            return
        self.catalog.mark_pending(doc_id)
        self.vectors.delete_document(doc_id)
        self.catalog.remove_document(doc_id)
        self.refresh()

    def stats(self) -> tuple[int, int]:
        """(documents, chunks) visible to retrieval."""
        docs = self.catalog.documents()
        return len(docs), sum(d.chunks for d in docs)


def collection_name(settings: Settings) -> str:
    return f"chunks_{settings.index_id()}"


def wipe(settings: Settings) -> None:
    """Delete this index identity's data (``--rebuild``): catalog, lexical index and collection."""
    for name in ("catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"):
        (settings.data_dir / name).unlink(missing_ok=True)
    shutil.rmtree(settings.data_dir / "lexical", ignore_errors=True)
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
