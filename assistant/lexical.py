"""The lexical (BM25) index beside Chroma, over the same chunk ids: tantivy, fed pre-analysed tokens.

Embedded Chroma has no sparse index, so we keep our own. The Norwegian analysis stays ours
(``norwegian.analyze``: stems + character 4-grams, stop words, nynorsk mappings); tantivy gets
the analysed tokens as whitespace-separated text and does the rest: segments on disk
(memory-mapped), BM25, block-max WAND for the top-k of a many-term OR query, deletes by term.

Why tantivy (measured 2026-12-01 on 2 shared cores, 20,000 synthetic plan chunks of ~780 tokens,
six questions of 22–82 analysed terms; /tmp bench, see eval/README "scale"):

| candidate | build | OR query (6 questions) | add 40 chunks | on disk |
|---|---|---|---|---|
| tantivy 0.27 (freq postings) | 7.9 s | 2–15 ms | 0.29 s | 12 MB |
| SQLite FTS5 in the catalog (detail=none) | 18.3 s | 3.6–19.3 s | — | 121 MB |
| bm25s (the old index) | 11 s for 10k, 48 s/3.8 GB for 40k | scores every chunk | full rebuild | in RAM |

FTS5 would have been transactional with the catalog for free, but ranking an OR of 50+ n-gram
terms visits every matching row (no WAND): seconds at 20k chunks, hopeless at 10⁶. bm25s in
shards would still hold each shard in RAM and need merge logic we would write ourselves.

Consistency with the catalog (the source of truth): a document is written to the index while
the catalog marks it ``pending`` and committed here *before* the catalog commits it
``complete``; retrieval resolves hits through the catalog, which drops ids of pending or removed
documents. A crash between the two commits leaves a pending marker that the next ingest repairs
(deleting the document here too). ``Store`` serialises all writers (one writer, many readers);
a reader's searcher is a snapshot of the last commit, so it sees the old or the new index whole.
The index folder records the analyzer version; an index built with other word tables (or the
old bm25s format) is rebuilt from the catalog.

``LexicalIndex.build`` makes an in-memory index for the evaluation's analyzer variants.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tantivy

from assistant.models import Chunk, DocumentMeta
from assistant.norwegian import DEFAULT_VARIANT, QUERY_FILLER, analyze, analyze_query, analyzer_version, content_terms

FORMAT = "tantivy-2"
_MARKER = "analyzer.json"
_TOKENIZER = "pre_analysed"
WRITER_HEAP = 64_000_000  # bytes; a document batch larger than this is flushed in several segments


def lexical_text(text: str, section: tuple[str, ...], title: str, municipality: str) -> str:
    """What BM25 indexes for a chunk: its text, its section path, and the document's name."""
    return "\n".join([text, " ".join(section), title, municipality])


@dataclass(frozen=True)
class Entry:
    """One chunk as the index takes it: ``text`` is what BM25 ranks (``lexical_text``);
    ``evidence`` the chunk text + section, whose content terms (``norwegian.content_terms``) give
    the document frequencies of the answer's evidence score (``terms`` field, see TermCounts)."""

    chunk_id: str
    text: str
    evidence: str


def entry(chunk: Chunk, meta: DocumentMeta) -> Entry:
    return Entry(chunk.id, lexical_text(chunk.text, chunk.section, meta.title, meta.municipality),
                 f"{chunk.text} {' '.join(chunk.section)}")


def _marker_version() -> str:
    """Analyzer tables (and the nynorsk dictionary) + the words content terms leave out: an index built with others
    is rebuilt."""
    return f"{analyzer_version()}-{hashlib.sha256(repr(sorted(QUERY_FILLER)).encode()).hexdigest()[:8]}"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("body", tokenizer_name=_TOKENIZER, index_option="freq")
    sb.add_text_field("terms", tokenizer_name=_TOKENIZER, index_option="basic")
    return sb.build()


def doc_of(chunk_id: str) -> str:
    return chunk_id.rsplit("::", 1)[0]


class LexicalIndex:
    """BM25 over analysed chunk texts. On disk (``open``) or in memory (``build``)."""

    def __init__(self, index: tantivy.Index, variant: str = DEFAULT_VARIANT, folder: Path | None = None) -> None:
        self.schema = index.schema
        self.index = index
        self.index.register_tokenizer(_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self.variant = variant
        self.folder = folder
        self._lock = threading.Lock()

    # --- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path) -> LexicalIndex | None:
        """The index in ``folder``, or None when it is missing or built with another analyzer."""
        try:
            marker = json.loads((folder / _MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if marker.get("format") != FORMAT or marker.get("analyzer") != _marker_version():
            return None
        try:
            return cls(tantivy.Index(_schema(), path=str(folder), reuse=True), marker.get("variant", DEFAULT_VARIANT), folder)
        except (OSError, ValueError):
            return None

    @classmethod
    def create(cls, folder: Path, variant: str = DEFAULT_VARIANT) -> LexicalIndex:
        """A new, empty index in ``folder`` (replacing whatever was there). Writers only."""
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        lex = cls(tantivy.Index(_schema(), path=str(folder), reuse=False), variant, folder)
        (folder / _MARKER).write_text(json.dumps({"format": FORMAT, "analyzer": _marker_version(),
                                                  "variant": variant}), encoding="utf-8")
        return lex

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], variant: str = DEFAULT_VARIANT) -> LexicalIndex:
        """An in-memory index of these chunks (the evaluation compares analyzer variants with it)."""
        lex = cls(tantivy.Index(_schema()), variant)
        writer = lex._writer()
        for cid, text in zip(ids, texts, strict=True):
            lex._add(writer, Entry(cid, text, text))
        writer.commit()
        writer.wait_merging_threads()
        lex.index.reload()
        return lex

    # --- writing (the caller holds the store's write lock) ----------------------------------
    def _writer(self) -> tantivy.IndexWriter:
        return self.index.writer(heap_size=WRITER_HEAP, num_threads=1)

    def _add(self, writer: tantivy.IndexWriter, e: Entry, analysed: bool = False) -> None:
        body = (e.text if analysed else " ".join(analyze(e.text, self.variant))) or "∅"
        terms = e.evidence if analysed else " ".join(sorted(content_terms(e.evidence)))
        writer.add_document(tantivy.Document(id=e.chunk_id, doc=doc_of(e.chunk_id), body=body, terms=terms or "∅"))

    def replace_documents(self, removed: Iterable[str], added: Iterable[Entry], analysed: bool = False) -> None:
        """Delete every chunk of the ``removed`` documents, add ``added`` chunks, and commit once.
        Work is proportional to the documents touched. ``analysed``: ``text`` and ``evidence`` are
        already analysed tokens joined by spaces (the scale benchmark)."""
        writer = self._writer()
        try:
            for doc_id in removed:
                writer.delete_documents_by_term("doc", doc_id)
            for e in added:
                self._add(writer, e, analysed)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()  # merges of the small new segment; releases tantivy's writer lock
        self.index.reload()

    # --- reading ---------------------------------------------------------------------------
    def _searcher(self) -> tantivy.Searcher:
        """A snapshot of the last commit. A reader in another process may find segment files
        merged away under it; it reloads and tries again."""
        for attempt in range(5):
            try:
                self.index.reload()
                return self.index.searcher()
            except (OSError, ValueError):
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _query(self, tokens: list[str], doc_ids: Sequence[str] | None) -> tantivy.Query:
        terms = [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, "body", t)) for t in dict.fromkeys(tokens)]
        query = tantivy.Query.boolean_query(terms)
        if doc_ids is None:
            return query
        allowed = tantivy.Query.term_set_query(self.schema, "doc", list(doc_ids))
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, allowed)])

    def search(self, question: str, n: int, doc_ids: Sequence[str] | None = None,
               thesaurus: bool = True) -> list[tuple[str, float]]:
        """The ``n`` best (chunk id, BM25 score) for the analysed question, best first; only chunks
        of ``doc_ids`` when given."""
        tokens = analyze_query(question, self.variant, thesaurus)
        if not tokens or (doc_ids is not None and not doc_ids):
            return []
        for attempt in range(3):
            searcher = self._searcher()
            if searcher.num_docs == 0:
                return []
            try:
                result = searcher.search(self._query(tokens, doc_ids), n, count=False)
                return [(searcher.doc(addr)["id"][0], float(score)) for score, addr in result.hits if score > 0]
            except (OSError, ValueError):
                if attempt == 2:
                    raise
        return []

    def max_possible(self, question: str) -> float:
        """The number of the question's analysed tokens the index knows (≥ 1): a scale for
        normalising scores into 0–1 evidence."""
        searcher = self._searcher()
        tokens = dict.fromkeys(analyze_query(question, self.variant))
        return float(sum(1 for t in tokens if searcher.doc_freq("body", t) > 0)) or 1.0

    def count(self) -> int:
        """Chunks in the index."""
        return self._searcher().num_docs

    def doc_count(self, doc_id: str) -> int:
        """Chunks of one document in the index."""
        searcher = self._searcher()
        result = searcher.search(tantivy.Query.term_query(self.schema, "doc", doc_id), 1, count=True)
        return int(getattr(result, "count", 0) or 0)

    @property
    def ids(self) -> list[str]:
        """Every chunk id in the index (tests and repair; reads the whole index)."""
        searcher = self._searcher()
        if searcher.num_docs == 0:
            return []
        result = searcher.search(tantivy.Query.all_query(), searcher.num_docs, count=False)
        return [searcher.doc(addr)["id"][0] for _, addr in result.hits]
