"""The catalog (``catalog.sqlite`` in the data dir): the source of truth for what is ingested.

Documents (content hash, status, metadata), their chunks and structural blocks. A document is
visible to retrieval only once its status is ``complete``; ingest marks it ``pending`` before
touching vectors or the lexical index, so a crash leaves a marker the next run repairs. A complete
document's ``vectors`` flag says whether its vectors are in Chroma yet: ingest makes documents
searchable (catalog + lexical index) first and adds the vectors after («søkbar først»).

Every write is one transaction that also moves the catalog ``generation`` (``_write``: the one
place with that SQL; it rolls back on any error). Each thread reads through its own connection,
so a reader in one thread never sees another thread's half-done transaction (WAL gives every
read a consistent snapshot, across processes too).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from assistant.models import Block, Chunk, DocumentMeta, DocumentRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, path TEXT NOT NULL, content_hash TEXT NOT NULL, status TEXT NOT NULL,
    meta TEXT NOT NULL, pages INTEGER NOT NULL DEFAULT 0, chunks INTEGER NOT NULL DEFAULT 0, ingested_at TEXT NOT NULL,
    vectors INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, text TEXT NOT NULL, section TEXT NOT NULL,
    page_start INTEGER, page_end INTEGER, page_label TEXT, page_map TEXT NOT NULL DEFAULT '[]',
    page_end_label TEXT, ocr INTEGER NOT NULL DEFAULT 0, section_map TEXT NOT NULL DEFAULT '[]');
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, seq);
CREATE TABLE IF NOT EXISTS blocks (
    doc_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, section TEXT NOT NULL,
    page INTEGER, page_label TEXT, level INTEGER NOT NULL, PRIMARY KEY (doc_id, seq));
"""

_CHUNK_COLUMNS = ("c.id, c.doc_id, c.seq, c.text, c.section, c.page_start, c.page_end, c.page_label, c.page_map, "
                  "c.page_end_label, c.ocr, c.section_map")
_N_CHUNK = 12
_PAGE_COLUMNS = (("page_map", "TEXT NOT NULL DEFAULT '[]'"), ("page_end_label", "TEXT"), ("ocr", "INTEGER NOT NULL DEFAULT 0"),
                 ("section_map", "TEXT NOT NULL DEFAULT '[]'"))


class DocStatus(StrEnum):
    PENDING = "pending"  # being written (or left by a crash): invisible, repaired by the next ingest
    COMPLETE = "complete"


@dataclass(frozen=True)
class DocumentState:
    """Where a document stands in the catalog (``Catalog.status``)."""

    status: DocStatus
    content_hash: str
    path: str


def _meta_from_json(raw: str) -> DocumentMeta:
    return DocumentMeta(**json.loads(raw))


def _chunk(row: tuple) -> Chunk:
    cid, doc_id, seq, text, section, ps, pe, pl, pm, pel, ocr, sm = row
    page_map = tuple((int(o), str(lb), int(n)) for o, lb, n in json.loads(pm or "[]"))
    section_map = tuple((int(o), tuple(path)) for o, path in json.loads(sm or "[]"))
    return Chunk(cid, doc_id, seq, text, tuple(json.loads(section)), ps, pe, pl, page_map, pel, bool(ocr), section_map)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalog:
    """SQLite catalog of documents, chunks and blocks. Every write is one transaction."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        db = self._db
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(_SCHEMA)
        have = {row[1] for row in db.execute("PRAGMA table_info(chunks)")}
        for column, decl in _PAGE_COLUMNS:  # catalogs written before chunks carried page maps
            if column not in have:
                db.execute(f"ALTER TABLE chunks ADD COLUMN {column} {decl}")
        if "vectors" not in {row[1] for row in db.execute("PRAGMA table_info(documents)")}:
            # catalogs from before vectors could follow later: every document was written with its vectors
            db.execute("ALTER TABLE documents ADD COLUMN vectors INTEGER NOT NULL DEFAULT 1")
        self._metas: tuple[int, dict[str, DocumentMeta]] = (-1, {})

    @property
    def _db(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; explicit transactions in ``_write``)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=60)
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    @contextmanager
    def _write(self, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """One write transaction; moves the generation when ``bump``; rolls back on any error."""
        db = self._db
        with self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if bump:
                    db.execute(
                        "INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                        "SET value=CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
                    )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    # --- meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._write(bump=False) as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        """Moves with every change of what retrieval can see."""
        return int(self.get_meta("generation") or 0)

    def fingerprint(self) -> dict | None:
        raw = self.get_meta("fingerprint")
        return json.loads(raw) if raw else None

    # --- documents ----------------------------------------------------------------------------
    def documents(self, include_pending: bool = False) -> list[DocumentRecord]:
        sql = "SELECT meta, path, content_hash, pages, chunks, ingested_at, vectors FROM documents"
        if not include_pending:
            sql += " WHERE status='complete'"
        rows = self._db.execute(sql + " ORDER BY doc_id").fetchall()
        return [DocumentRecord(_meta_from_json(m), p, h, pg, ch, at, bool(v)) for m, p, h, pg, ch, at, v in rows]

    def document(self, doc_id: str) -> DocumentRecord | None:
        row = self._db.execute(
            "SELECT meta, path, content_hash, pages, chunks, ingested_at, vectors FROM documents "
            "WHERE doc_id=? AND status='complete'", (doc_id,)).fetchone()
        if row is None:
            return None
        m, p, h, pg, ch, at, v = row
        return DocumentRecord(_meta_from_json(m), p, h, pg, ch, at, bool(v))

    def status(self, doc_id: str) -> DocumentState | None:
        """Where a document stands, pending or complete (None: not in the catalog)."""
        row = self._db.execute("SELECT status, content_hash, path FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return DocumentState(DocStatus(row[0]), row[1], row[2]) if row else None

    def find_by_hash(self, content_hash: str) -> str | None:
        row = self._db.execute(
            "SELECT doc_id FROM documents WHERE content_hash=? AND status='complete'", (content_hash,)
        ).fetchone()
        return row[0] if row else None

    def pending(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT doc_id FROM documents WHERE status='pending'")]

    def chunk_counts(self, with_vectors: bool | None = None) -> dict[str, int]:
        """Chunks of every complete document, by document id (only those whose vectors are / are not
        stored when ``with_vectors`` is given)."""
        sql = "SELECT doc_id, chunks FROM documents WHERE status='complete'"
        if with_vectors is not None:
            sql += f" AND vectors={int(with_vectors)}"
        return dict(self._db.execute(sql).fetchall())

    def set_vectors(self, doc_id: str, content_hash: str) -> bool:
        """Record that this content of a complete document has its vectors in Chroma; False when
        the document is gone, pending or changed since (nothing recorded)."""
        with self._write() as db:
            cur = db.execute("UPDATE documents SET vectors=1 WHERE doc_id=? AND status='complete' AND content_hash=?",
                             (doc_id, content_hash))
            return cur.rowcount > 0

    def mark_vectors_missing(self, doc_ids: Iterable[str]) -> None:
        """These documents' vectors are not (all) in Chroma: the next ingest embeds them."""
        with self._write(bump=False) as db:
            db.executemany("UPDATE documents SET vectors=0 WHERE doc_id=?", [(d,) for d in doc_ids])

    def begin_document(self, meta: DocumentMeta, path: str, content_hash: str) -> None:
        """Mark a document pending before its vectors are touched (crash marker)."""
        with self._write() as db:
            db.execute(
                "INSERT INTO documents(doc_id, path, content_hash, status, meta, ingested_at, vectors) "
                "VALUES (?,?,?,?,?,?,0) ON CONFLICT(doc_id) DO UPDATE SET status='pending', path=excluded.path, "
                "content_hash=excluded.content_hash, meta=excluded.meta, vectors=0",
                (meta.doc_id, path, content_hash, DocStatus.PENDING.value, json.dumps(asdict(meta)), _now()),
            )

    def mark_pending(self, doc_id: str) -> None:
        with self._write() as db:
            db.execute("UPDATE documents SET status='pending' WHERE doc_id=?", (doc_id,))

    def commit_document(self, meta: DocumentMeta, chunks: list[Chunk], blocks: list[Block], pages: int,
                        vectors: bool = False) -> None:
        """Replace a document's chunks and blocks and mark it complete, in one transaction;
        ``vectors``: its chunks' vectors are in Chroma (else the next ingest embeds them)."""
        with self._write() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (meta.doc_id,))
            db.execute("DELETE FROM blocks WHERE doc_id=?", (meta.doc_id,))
            db.executemany(
                "INSERT INTO chunks(id, doc_id, seq, text, section, page_start, page_end, page_label, page_map, "
                "page_end_label, ocr, section_map) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [(c.id, c.doc_id, c.seq, c.text, json.dumps(c.section, ensure_ascii=False),
                  c.page_start, c.page_end, c.page_label, json.dumps(c.page_map, ensure_ascii=False),
                  c.page_end_label, int(c.ocr), json.dumps(c.section_map, ensure_ascii=False)) for c in chunks],
            )
            db.executemany(
                "INSERT INTO blocks VALUES (?,?,?,?,?,?,?,?)",
                [(meta.doc_id, i, b.kind, b.text, json.dumps(b.section, ensure_ascii=False), b.page,
                  b.page_label, b.level) for i, b in enumerate(blocks)],
            )
            db.execute(
                "UPDATE documents SET status='complete', meta=?, pages=?, chunks=?, ingested_at=?, vectors=? "
                "WHERE doc_id=?",
                (json.dumps(asdict(meta)), pages, len(chunks), _now(), int(vectors), meta.doc_id),
            )

    def remove_document(self, doc_id: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM blocks WHERE doc_id=?", (doc_id,))
            db.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))

    # --- content ------------------------------------------------------------------------------
    def _document_metas(self) -> dict[str, DocumentMeta]:
        """Metadata of the complete documents (cached per generation: one row per document)."""
        gen = self.generation
        if self._metas[0] != gen:
            rows = self._db.execute("SELECT doc_id, meta FROM documents WHERE status='complete'").fetchall()
            self._metas = (gen, {d: _meta_from_json(m) for d, m in rows})
        return self._metas[1]

    def chunks_by_id(self, ids: Iterable[str]) -> dict[str, tuple[Chunk, DocumentMeta]]:
        """The chunks of complete documents among ``ids`` (read on demand; absent ids left out)."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, tuple[Chunk, DocumentMeta]] = {}
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows = self._db.execute(
                f"SELECT {_CHUNK_COLUMNS}, d.meta FROM chunks c JOIN documents d ON d.doc_id=c.doc_id "
                f"WHERE d.status='complete' AND c.id IN ({','.join('?' * len(part))})", part
            ).fetchall()
            for row in rows:
                out[row[0]] = (_chunk(row[:_N_CHUNK]), _meta_from_json(row[_N_CHUNK]))
        return out

    def iter_chunks(self, doc_id: str | None = None) -> Iterator[tuple[Chunk, DocumentMeta]]:
        """Chunks of complete documents (or of one document), in document order, streamed."""
        metas = self._document_metas()
        sql = (f"SELECT {_CHUNK_COLUMNS} FROM chunks c JOIN documents d ON d.doc_id=c.doc_id "
               "WHERE d.status='complete'")
        args: tuple = ()
        if doc_id is not None:
            sql += " AND c.doc_id=?"
            args = (doc_id,)
        cursor = self._db.execute(sql + " ORDER BY c.doc_id, c.seq", args)
        while rows := cursor.fetchmany(1000):
            for row in rows:
                meta = metas.get(row[1])
                if meta is not None:
                    yield _chunk(row), meta

    def chunks(self) -> list[tuple[Chunk, DocumentMeta]]:
        """Every chunk of every complete document, in document order (evaluation and repair only:
        the app reads chunks by id)."""
        return list(self.iter_chunks())

    def chunk_count(self) -> int:
        row = self._db.execute("SELECT coalesce(sum(chunks), 0) FROM documents WHERE status='complete'").fetchone()
        return int(row[0])

    def blocks(self, doc_id: str) -> list[Block]:
        rows = self._db.execute(
            "SELECT kind, text, section, page, page_label, level FROM blocks WHERE doc_id=? ORDER BY seq", (doc_id,)
        ).fetchall()
        return [Block(k, t, tuple(json.loads(s)), p, pl, lv) for k, t, s, p, pl, lv in rows]

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                db.close()
            self._all.clear()
        self._local = threading.local()
