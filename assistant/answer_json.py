"""The stable JSON contract of an answer (README, "JSON answer contract"): written by
``python -m assistant ask --json`` and returned by the app's ``ask`` API endpoint."""

from __future__ import annotations

from assistant.models import Answer


def answer_json(answer: Answer, qid: str | None = None) -> dict:
    """An answer as the JSON object of the contract."""
    return {
        "id": qid,
        "question": answer.question,
        "found": answer.found,
        "answer": answer.text,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "source": c.source, "title": c.title, "municipality": c.municipality,
             "page": c.page_label or c.page, "page_end": c.page_end_label or c.page_end, "ocr": c.ocr,
             "section": c.section, "quote": c.quote, "attribution": c.attribution}
            for c in answer.citations
        ],
        "passages": [
            {"rank": h.rank, "doc_id": h.meta.doc_id, "source": h.meta.source,
             "page": (h.chunk.page_label or h.chunk.page_start) if h.meta.has_pages else None,
             "section": " > ".join(h.chunk.section), "text": h.chunk.text, "score": round(h.score, 6)}
            for h in answer.passages
        ],
    }
