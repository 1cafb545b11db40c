"""The JSON answer contract (README): every citation and passage names its document by doc_id,
beside the keys the contract had before (additive)."""

from __future__ import annotations

from assistant.answer_json import answer_json
from assistant.citations import make_citation
from assistant.models import Answer, Chunk, DocumentMeta, Hit

CONTRACT_CITATION = {"n", "source", "title", "municipality", "page", "page_end", "ocr", "section", "quote", "attribution"}
CONTRACT_PASSAGE = {"rank", "source", "page", "section", "text", "score"}


def _hit(doc_id: str, source: str, rank: int) -> Hit:
    meta = DocumentMeta(doc_id=doc_id, source=source, title=f"Plan {doc_id}", municipality="Åmot", has_pages=False)
    chunk = Chunk(id=f"{doc_id}::0", doc_id=doc_id, seq=0, text="Alle elever skal ha et trygt skolemiljø.",
                  section=("Mål",))
    return Hit(chunk, meta, 1.0 / rank, rank)


def test_citations_and_passages_carry_doc_id() -> None:
    # two documents whose file names are alike: only doc_id tells them apart for a client
    first, second = _hit("amot-plan-2021", "plan.txt", 1), _hit("amot-plan-2024", "plan.txt", 2)
    citations = [make_citation(1, first, first.chunk.text), make_citation(2, second, second.chunk.text)]
    answer = Answer("Hva er målet?", True, "Alle elever skal ha et trygt skolemiljø. [1]", citations, [first, second])
    out = answer_json(answer, "q1")
    assert [c["doc_id"] for c in out["citations"]] == ["amot-plan-2021", "amot-plan-2024"]
    assert [p["doc_id"] for p in out["passages"]] == ["amot-plan-2021", "amot-plan-2024"]
    assert set(out["citations"][0]) > CONTRACT_CITATION and set(out["passages"][0]) > CONTRACT_PASSAGE
    assert out["id"] == "q1" and out["citations"][1]["source"] == "plan.txt"
