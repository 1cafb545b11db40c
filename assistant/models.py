"""The types that cross module boundaries: reader → cleaner → structure → chunker → index →
retriever → answer, and plans → goals → checks. Dataclasses, not dicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal

from assistant.language import Language

#: Kinds a document can have (manifest column ``kind``).
KINDS = ("kommunal plan", "handlingsplan", "stortingsmelding", "NOU", "proposisjon", "rundskriv", "lov", "sak")

BlockKind = Literal["heading", "paragraph", "list_item", "table_row"]


@dataclass(frozen=True)
class DocumentMeta:
    """What we know about a document besides its text (from corpus/manifest.csv or inferred)."""

    doc_id: str  # stable id: the file stem, e.g. "amot-handlingsplan-trivsel-laeringsmiljo-2021-2024"
    source: str  # the file name in the corpus, e.g. "amot-...-2024.txt"
    title: str
    municipality: str = ""  # "" for national documents
    kind: str = "kommunal plan"  # one of KINDS
    period: str = ""  # "2021–2024"
    year: int | None = None  # first year of the period / year of the document
    adopted: str = ""  # "kommunestyret 08.02.2023, sak 02/23"
    short_name: str = ""  # for laws: "opplæringslova" — used in citations ("opplæringslova § 12-2")
    has_pages: bool = True  # False for PDF-extracted text without page markers: cite sections only


@dataclass(frozen=True)
class Page:
    """One page of a document as a reader found it. ``number`` is the 1-based physical page
    index; ``label`` the printed page label where the PDF has one ("iv", "12"). Readers of
    formats without pages return a single page with ``number=None``."""

    number: int | None
    text: str
    label: str | None = None
    ocr: bool = False  # the text came from OCR (a page without a text layer)
    note: str = ""  # a problem with this page for the ingest report (Norwegian), e.g. an unread scan


@dataclass(frozen=True)
class Block:
    """A structural unit found by ingest/structure.py: a heading, a paragraph, a list item or
    a table row, with the section path it lives under and the page it starts on."""

    kind: BlockKind
    text: str
    section: tuple[str, ...] = ()
    page: int | None = None
    page_label: str | None = None
    level: int = 0  # heading level (1 = top); 0 for non-headings
    #: page changes inside the block text: (offset, page number, page label), first at 0; empty
    #: when the whole block stands on ``page`` (see assistant/pages.py)
    page_map: tuple[tuple[int, int, str | None], ...] = ()
    ocr: bool = False


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage. ``id`` is deterministic: f"{doc_id}::{seq}"."""

    id: str
    doc_id: str
    seq: int
    text: str
    section: tuple[str, ...] = ()
    page_start: int | None = None
    page_end: int | None = None
    page_label: str | None = None
    #: where the text changes page: (offset, page label, page number), first at 0 (assistant/pages.py)
    page_map: tuple[tuple[int, str, int], ...] = ()
    page_end_label: str | None = None
    ocr: bool = False  # some of the text came from OCR
    #: where the text changes section, when it holds more than one: (offset, section path), first
    #: at 0; ``section`` is then their shared part. Empty when the whole text stands in ``section``.
    section_map: tuple[tuple[int, tuple[str, ...]], ...] = ()

    @property
    def section_title(self) -> str:
        return self.section[-1] if self.section else ""


@dataclass(frozen=True)
class ParsedDocument:
    """A document after reading, cleaning and structure detection."""

    meta: DocumentMeta
    path: Path
    content_hash: str
    pages: list[Page]
    blocks: list[Block]
    notes: tuple[str, ...] = ()  # for the ingest report: unread scanned pages, pages read by OCR


@dataclass(frozen=True)
class Filters:
    """Retrieval filters; empty fields do not filter."""

    municipality: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    year: int | None = None  # documents whose year is this

    def is_empty(self) -> bool:
        return not (self.municipality or self.kind or self.doc_ids or self.year)


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its document and scores. ``score`` is the fused score."""

    chunk: Chunk
    meta: DocumentMeta
    score: float
    rank: int
    lexical_rank: int | None = None
    dense_rank: int | None = None
    lexical_score: float = 0.0


@dataclass(frozen=True)
class Citation:
    """Built in one place: ``assistant.citations.make_citation``."""

    n: int
    chunk_id: str
    source: str
    title: str
    municipality: str
    page: int | None
    page_label: str | None  # the page the quote starts on (printed label where there is one)
    section: str
    quote: str  # the sentences the answer took from this passage (or the passage start)
    passage: str  # the whole passage text
    label: str  # "Åmot – Handlingsplan …, 3.2 Tiltak" / "opplæringslova § 12-2" (assistant/citations.py)
    page_end: int | None = None  # the page where the quote ends, when not ``page``
    page_end_label: str | None = None
    ocr: bool = False  # the quoted page was read by OCR
    attribution: str = ""  # licence note to show with the passage (NLOD 2.0 for law text)
    doc_id: str = ""


class NotFoundReason(StrEnum):
    """Why an answer is «not found» (assistant/evidence.py decides)."""

    NO_PASSAGES = "no_passages"  # nothing retrieved
    UNKNOWN_NAME = "unknown_name"  # the question names a place no document mentions
    WEAK_EVIDENCE = "weak_evidence"  # the best answer covers too little of the question
    NO_QUANTITY = "no_quantity"  # a number / amount / date was asked for and none is given


class Fallback(StrEnum):
    """Why a language-model answer was replaced by the extractive one."""

    LLM_UNAVAILABLE = "llm_unavailable"  # the model did not answer (timeout, error, bad stream)
    LLM_NO_CITATIONS = "llm_no_citations"  # the model's answer cited none of the passages it was given

    @property
    def message(self) -> str:
        return {Fallback.LLM_UNAVAILABLE: "språkmodellen svarte ikke",
                Fallback.LLM_NO_CITATIONS: "språkmodellen siterte ingen kilder"}[self]


@dataclass
class Answer:
    question: str
    found: bool
    text: str
    citations: list[Citation] = field(default_factory=list)
    passages: list[Hit] = field(default_factory=list)
    mode: str = "extractive"  # "extractive" or "llm:<model>"
    evidence: float = 0.0  # the evidence score compared with the not-found threshold
    fallback: Fallback | None = None  # set when an LLM answer fell back to the extractive one
    not_found_reason: NotFoundReason | None = None
    language: Language = Language.NB  # of the question: the frame, labels and not-found sentence follow it
    missing: tuple[str, ...] = ()  # laws / white papers the question names that are not in the collection


FileStatus = Literal["ingested", "unchanged", "failed", "removed", "duplicate"]


@dataclass(frozen=True)
class FileResult:
    path: str
    status: FileStatus
    reason: str = ""  # Norwegian, for the user: what went wrong
    pages: int = 0
    chunks: int = 0
    doc_id: str = ""


@dataclass
class IngestReport:
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0  # the whole run (vectors included)
    embedded_chunks: int = 0  # chunks that went through the embedding model in this run
    searchable_seconds: float = 0.0  # until every file of the run was complete and lexically searchable
    vectors_seconds: float | None = None  # until every document had its vectors (None: not done, see below)
    without_vectors: int = 0  # documents left without vectors (ingest_vectors=off, or vectors_error)
    vectors_error: str = ""  # why the vectors could not be made (e.g. the embedding model is unavailable)

    def count(self, status: FileStatus) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.status in ("failed", "duplicate")]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files if f.status == "ingested")

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files if f.status == "ingested")


@dataclass(frozen=True)
class DocumentRecord:
    """A document as the catalog knows it (for the app's document table)."""

    meta: DocumentMeta
    path: str
    content_hash: str
    pages: int
    chunks: int
    ingested_at: str
    vectors: bool = True  # its chunks' vectors are in Chroma (False: added later — «søkbar først»)
