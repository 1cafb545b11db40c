"""Laws and named documents: exact § lookup, and which named laws / white papers the collection lacks.

«§ 12-2», «opplæringslova § 12-4», «barnehageloven § 26»: the paragraph is looked up in the law
documents of the collection (kind «lov») by its heading — not searched for, since other §§ that
refer to it («jf. § 12-2») would rank as high. A law or white paper the question names that is not
in the collection is reported, so the answer can say so before it shows what local documents say.
"""

from __future__ import annotations

import re

from assistant.citations import paragraph_number
from assistant.compose import BUDGET, Piece, Unit, UnitKind
from assistant.coverage import coverage
from assistant.models import DocumentMeta, Filters, Hit
from assistant.query import Query, law_key
from assistant.store import Store
from assistant.termstats import TermStats

_HEADING = re.compile(r"^\s*(?:#+\s*)?(§\s*\d+(?:-\d+)?(?:\s?[a-z](?![\wæøå]))?)(?:\s*\.|\s+[A-ZÆØÅ]|\s*$)")
_CHAPTER = re.compile(r"^\s*(?:#+\s*)?(?:Kapittel|Kap\.)\s+\d+", re.I)


def law_documents(store: Store) -> list[DocumentMeta]:
    return [m for m in store.docs() if m.kind == "lov"]


def _keys(meta: DocumentMeta) -> set[str]:
    keys = {law_key(meta.short_name)} if meta.short_name else set()
    m = re.search(r"\(([^)]*lov[^)]*)\)", meta.title)  # «Lov om barnehager (barnehageloven)»
    if m:
        keys.add(law_key(m.group(1)))
    return keys


def named_law_documents(query: Query, store: Store) -> list[DocumentMeta]:
    """The collection's laws that the question names (by name)."""
    wanted = {ref.key for ref in query.laws if ref.key}
    return [m for m in law_documents(store) if _keys(m) & wanted]


_PAPER = re.compile(r"^(?:(nou) (\d{4}) (\d+)|(?:meld st|st meld(?: nr)?) (\d+)(?: (\d{4}) (\d{4}))?)\b")


def _paper_key(text: str) -> tuple[str, str, str] | None:
    """("nou", "2016:18", "") or ("meld", "31", "2018") — a white paper is its number and session (its first year);
    the session is "" when not written. The two series (St.meld. nr. / Meld. St.) are one here: a user writes
    either, and the session tells them apart."""
    m = _PAPER.match(re.sub(r"[^0-9a-zæøå]+", " ", text.lower()).strip())
    if not m:
        return None
    return ("nou", f"{m.group(2)}:{m.group(3)}", "") if m.group(1) else ("meld", m.group(4), m.group(5) or "")


def _names_document(meta: DocumentMeta, reference: str) -> bool:
    """«Meld. St. 31» and «Meld. St. 31 (2018–2019)» name «Meld. St. 31 (2018–2019) Samisk språk …»;
    «Meld. St. 31 (2017–2018)» does not (another session's paper 31)."""
    ref = _paper_key(reference)
    if ref is None:
        return False
    for name in (meta.short_name, meta.title):
        doc = _paper_key(name or "")
        if doc and doc[:2] == ref[:2] and (not ref[2] or not doc[2] or ref[2] == doc[2]):
            return True
    return False


def missing_references(query: Query, store: Store) -> list[str]:
    """Laws and white papers the question names that the collection does not hold, as written."""
    present = {k for m in law_documents(store) for k in _keys(m)}
    out = [ref.name for ref in query.laws if ref.key and ref.key not in present]
    docs = store.docs()
    out += [d for d in query.documents if not any(_names_document(m, d) for m in docs)]
    return list(dict.fromkeys(out))


def law_filter(query: Query, store: Store, base: Filters | None) -> Filters | None:
    """Filters limited to the laws the question names (when the collection has them)."""
    laws = named_law_documents(query, store)
    if not laws:
        return base
    ids = tuple(m.doc_id for m in laws)
    base = base or Filters()
    return Filters(base.municipality, base.kind, tuple(d for d in ids if not base.doc_ids or d in base.doc_ids) or ids,
                   base.year)


def _paragraph_lines(text: str, paragraph: str, whole_chunk: bool,
                     headings: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """(start, end, line) of the § inside a passage: from its heading (a line of the section path, or
    a «§ N Title» line that is no sentence) to the next § or chapter heading; the whole passage when
    it lies inside the § (``whole_chunk``)."""
    out: list[tuple[int, int, str]] = []
    inside = whole_chunk
    offset = 0
    for line in text.split("\n"):
        m = _HEADING.match(line)
        if m and (line.strip() in headings or not line.rstrip().endswith((".", ":", ";"))):
            inside = re.sub(r"\s+", " ", m.group(1)).replace("§ ", "§ ") == paragraph
        elif _CHAPTER.match(line):
            inside = False
        elif inside and line.strip():
            start = offset + line.find(line.strip())
            out.append((start, start + len(line.strip()), line.strip()))
        offset += len(line) + 1
    return out


def _norm_para(p: str) -> str:
    return re.sub(r"§\s*", "§ ", re.sub(r"\s+", " ", p)).strip()


def paragraph_pieces(query: Query, store: Store, st: TermStats) -> tuple[list[Piece], list[Hit]]:
    """The §§ the question names, looked up by heading in the collection's laws (the named law, or
    every law when only a § is named): one piece per §, its ledd within the word budget — the ledd
    that cover the question's other words first. Also the hits, for the answer's passages."""
    pieces: list[Piece] = []
    hits: list[Hit] = []
    for ref in query.laws:
        if not ref.paragraph:
            continue
        para = _norm_para(ref.paragraph)
        metas = [m for m in law_documents(store) if not ref.key or ref.key in _keys(m)]
        for meta in metas:
            lines: list[tuple[Hit, int, int, str]] = []
            for chunk in (c for c, _ in store.catalog.iter_chunks(meta.doc_id)):  # read by document, in seq order
                whole = _norm_para(paragraph_number(chunk)) == para and not _HEADING.match(chunk.text)
                found = _paragraph_lines(chunk.text, para, whole, chunk.section)
                if found:
                    hit = Hit(chunk, meta, 1.0, len(hits) + 1)
                    hits.append(hit)
                    lines += [(hit, s, e, t) for s, e, t in found]
            if lines:
                pieces += _ledd_piece(query, lines, st)
    return pieces[:2], hits


def _ledd_piece(query: Query, lines: list[tuple[Hit, int, int, str]], st: TermStats) -> list[Piece]:
    """The ledd to quote (per passage): all within the budget, else the ones covering the question's
    words, in order."""
    total = sum(len(t.split()) for *_, t in lines)
    chosen = lines
    if total > BUDGET:
        scored = sorted(lines, key=lambda x: -coverage(query.terms, x[3], st)) if query.terms else lines
        chosen, words = [], 0
        for x in scored:
            n = len(x[3].split())
            if not chosen or words + n <= BUDGET:
                chosen.append(x)
                words += n
        chosen = [x for x in lines if x in chosen]
    out: list[Piece] = []
    for hit in dict.fromkeys(h for h, *_ in chosen):
        units = [Unit(UnitKind.SENTENCE, t, s, e) for h, s, e, t in chosen if h is hit]
        out.append(Piece(hit, units, 1.0))
    return out
