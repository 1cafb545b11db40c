"""Where quoted text stands in a real document, read by extractors the product does not use — the
reference that page accuracy is measured against (eval/realdocs_report.py, eval/answers.py).

Page texts come from the source files in ``/work/shared/real_docs``: the ``<!-- side N -->``
markers of page-marked text, and pypdfium2's text of each PDF page (the product reads PDFs with
pypdf and cleans, rebuilds and chunks the text; none of that is used here). A quote — the
sentences a citation shows — is found part by part (sentence by sentence), word by word after
``eval.questions.normalize``:

- where a part runs over a page break, the page furniture between its words (a running header or
  footer, a page number: at most ``EDGE`` words) is skipped, and a word hyphenated over the break
  («kompe-» / «tanse») is joined;
- a part found in several places: the run of all parts over the fewest page breaks, then the
  tightest, wins (a citation's parts come from one passage); a tie between runs on different pages
  leaves the quote unplaced.

``quote_pages(name, quote)`` → (first page, last page), 1-based physical pages: the page where the
quote's first word stands and the page of its last word. None when the document has no pages or a
part is not found in the reference text (the product assembled it from text the reference orders
differently, e.g. a table read column by column) — such a citation is *unverified*, not wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.norwegian import split_sentences
from eval.questions import normalize

#: Words of page furniture a quote may skip where it crosses a page break (footer + header).
EDGE = 24


@dataclass
class PagedWords:
    """A document's normalised words, each with the 1-based page it stands on."""

    words: list[str]
    pages: list[int]
    at: dict[str, list[int]] = field(default_factory=dict)  # word → its positions

    def __post_init__(self) -> None:
        for i, w in enumerate(self.words):
            self.at.setdefault(w, []).append(i)

    def _break_between(self, a: int, b: int) -> bool:
        """A page break lies between word ``a`` and word ``b`` (a < b)."""
        return 0 <= a < b < len(self.pages) and self.pages[a] != self.pages[b]

    def _match(self, part: list[str], i: int) -> int | None:
        """End (exclusive) of ``part`` matched from word ``i``, skipping page furniture at page
        breaks; None when it does not match there."""
        j, k = i, 0
        words = self.words
        while k < len(part):
            w = part[k]
            if j < len(words) and words[j] == w:
                j, k = j + 1, k + 1
                continue
            # a page reference the product dropped as a page-number line («… bærekraftsmål» / «Side 8»)
            if k > 0 and j + 1 < len(words) and (words[j].isdigit() or words[j] == "side" and words[j + 1].isdigit()):
                j += 1 if words[j].isdigit() else 2
                continue
            # a word hyphenated over the page break: its first half here, the rest after the break
            if j < len(words) and k > 0 and len(words[j]) >= 2 and w.startswith(words[j]) and w != words[j]:
                rest = w[len(words[j]):]
                nxt = next((s for s in range(j + 1, min(len(words), j + 2 + EDGE))
                            if words[s] == rest and self._break_between(j, s)), None)
                if nxt is not None:
                    j, k = nxt + 1, k + 1
                    continue
            # page furniture between two words of the part
            if k == 0:
                return None
            nxt = next((s for s in range(j + 1, min(len(words), j + 1 + EDGE))
                        if words[s] == w and self._break_between(j - 1, s)), None)
            if nxt is None:
                return None
            j = nxt
        return j

    def find(self, part: str) -> list[tuple[int, int]]:
        """Every (start, end) word span where ``part`` stands."""
        ws = normalize(part).split()
        if not ws:
            return []
        out = []
        for i in self.at.get(ws[0], []):
            end = self._match(ws, i)
            if end is not None:
                out.append((i, end))
        return out

    def span(self, parts: list[str]) -> tuple[int, int] | None:
        """(first page, last page) of ``parts`` (in order where they can be, else in any order: an
        answer shows a passage's units in its own order, and two-column pages read differently):
        anchored on the rarest part, each other part's nearest occurrence on its side of it; the run over the fewest page breaks, then the
        tightest. None when a part is not found, or equally good runs stand on other pages (the
        same sentence in the contents and as a heading)."""
        found = [self.find(p) for p in parts if normalize(p)]
        if not found or any(not f for f in found):
            return None
        k = min(range(len(found)), key=lambda i: len(found[i]))
        runs = []
        for a0, a1 in found[k]:
            chosen = [(a0, a1) if i == k else _nearest(spans, a0, a1, before=i < k) for i, spans in enumerate(found)]
            runs.append((min(sp[0] for sp in chosen), max(sp[1] for sp in chosen)))

        def cost(run: tuple[int, int]) -> tuple[int, int]:
            return self.pages[run[1] - 1] - self.pages[run[0]], run[1] - run[0]

        least = min(cost(r) for r in runs)
        where = {(self.pages[a], self.pages[b - 1]) for a, b in runs if cost((a, b)) == least}
        return where.pop() if len(where) == 1 else None  # the same text on other pages: ambiguous


def _nearest(spans: list[tuple[int, int]], a0: int, a1: int, before: bool) -> tuple[int, int]:
    """The occurrence nearest to the anchor (a0, a1) on the side the part's place asks for (ending
    before it / starting after it), else the nearest on either side."""
    side = [sp for sp in spans if (sp[1] <= a0 if before else sp[0] >= a1)] or spans
    return min(side, key=lambda sp: abs(sp[0] - a0))


def paged_words(page_texts: list[str]) -> PagedWords:
    words: list[str] = []
    pages: list[int] = []
    for number, text in enumerate(page_texts, start=1):
        ws = normalize(text).split()
        words += ws
        pages += [number] * len(ws)
    return PagedWords(words, pages)


_MARKER = re.compile(r"<!--\s*side\s+(\d+)\s*-->")


def source_page_texts(src: Path) -> list[str] | None:
    """The page texts of a real-document source: page-marked text by its markers (page N at index
    N − 1), a PDF by pypdfium2; None for formats without pages."""
    if src.suffix == ".md":
        parts = _MARKER.split(src.read_text(encoding="utf-8"))
        pages = {int(parts[i]): parts[i + 1] for i in range(1, len(parts) - 1, 2)}
        return [pages.get(n, "") for n in range(1, max(pages, default=0) + 1)] or None
    if src.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium  # type: ignore[import-untyped]

        pdf = pdfium.PdfDocument(str(src))
        try:
            # pdfium writes a hyphen at a line end as U+FFFE («klima\ufffeog miljømessig»)
            return [pdf[i].get_textpage().get_text_range().replace("\ufffe", "-\n") for i in range(len(pdf))]
        finally:
            pdf.close()
    return None


@lru_cache(maxsize=32)
def reference(name: str) -> PagedWords | None:
    """The reference words of a prepared real document (its file name in eval/work/realdocs, as
    citations name it); None for documents without pages or not among the real documents."""
    from eval.realdocs import DOCS, REAL_DOCS

    stem = Path(name).name.split(".")[0]
    doc = next((d for d in DOCS if d.name.split(".")[0] == stem), None)
    if doc is None or not (REAL_DOCS / doc.source).exists():
        return None
    texts = source_page_texts(REAL_DOCS / doc.source)
    return paged_words(texts) if texts else None


def _parts(units: list[str]) -> list[str]:
    """The sentences of the shown units, each split again at line breaks and after a colon (a lead
    line shown with its first item, «Trekk som vektlegges: På de fleste …», stands apart from it in
    the source)."""
    out = []
    for unit in units:
        for sentence in split_sentences(unit, before_digits=True) or [unit]:
            out += [p for p in re.split(r"(?<=:)\s+|\n", sentence) if normalize(p)]
    return out


def quote_pages(name: str, units: list[str] | str) -> tuple[int, int] | None:
    """(first page, last page) of a citation's quoted text (the units the answer shows under it,
    or its quote as one string) in document ``name`` by the reference extractor; None when
    unknown (no pages, not a real document, a part not found)."""
    ref = reference(name)
    if ref is None:
        return None
    return ref.span(_parts([units] if isinstance(units, str) else units))


_MARK = re.compile(r"\s*\[(\d+)\]")


def shown_units(answer_text: str, n: int) -> list[str]:
    """What the answer shows under citation ``n``: its lines marked ``[n]``, markers, list dashes
    and the English frame's «(in Norwegian):» lead removed."""
    out = []
    for line in answer_text.splitlines():
        if n not in {int(m) for m in _MARK.findall(line)}:
            continue
        body = _MARK.sub("", line).strip()
        body = re.sub(r"^(?:[-•]\s+|[^:]{0,80}\(in Norwegian\):\s*)", "", body)
        if body:
            out.append(body)
    return out


def citation_pages(page: int | None, page_end: int | None) -> tuple[int, int] | None:
    """A citation's (first, last) physical page, None without a page."""
    return None if page is None else (page, page_end or page)


def sentence_checks(chunks: list, min_words: int = 4) -> dict:
    """Every sentence of the paged real documents' chunks (``[(Chunk, DocumentMeta)]``): the pages
    a citation quoting it alone would name (``assistant/pages.py: quote_chunk``) against the
    reference. Per document: sentences, verified (found by the reference), correct; and the
    mismatches (chunk id, sentence, product pages, reference pages)."""
    from assistant.norwegian import sentence_spans
    from assistant.pages import quote_chunk

    out: dict[str, dict] = {}
    for chunk, meta in chunks:
        ref = reference(meta.source)
        if ref is None or not chunk.page_map:
            continue
        row = out.setdefault(meta.source, {"sentences": 0, "verified": 0, "correct": 0, "mismatches": []})
        for a, b in sentence_spans(chunk.text, before_digits=True):
            sentence = chunk.text[a:b]
            if len(normalize(sentence).split()) < min_words:
                continue
            row["sentences"] += 1
            want = ref.span(_parts([sentence]))
            if want is None:
                continue
            row["verified"] += 1
            cited = quote_chunk(chunk, [sentence])
            got = citation_pages(cited.page_start, cited.page_end)
            if got == want:
                row["correct"] += 1
            else:
                row["mismatches"].append({"chunk": chunk.id, "sentence": sentence, "product": got, "reference": want})
    return out
