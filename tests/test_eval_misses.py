"""eval/misses.py: each answerable question falls in the one stage where its answer is lost."""

from assistant.models import Answer, Chunk, Citation, DocumentMeta, Hit
from eval.answers import Row
from eval.misses import MissKind, miss_kind, miss_table
from eval.questions import Gold, Question

GOLD = "Kommunen skal tilby leksehjelp til alle elever på 5. til 7. trinn"
OTHER = "Skolen har et eget trivselsprogram for elevene i friminuttene hver dag"
SRC = "plan.txt"


def _hit(text: str, rank: int = 1) -> Hit:
    meta = DocumentMeta(doc_id="plan", source=SRC, title="Plan")
    return Hit(Chunk(id=f"plan::{rank}", doc_id="plan", seq=rank, text=text), meta, 1.0, rank)


def _cite(passage: str, quote: str) -> Citation:
    return Citation(n=1, chunk_id="plan::1", source=SRC, title="Plan", municipality="", page=1, page_label="1",
                    section="", quote=quote, passage=passage, label="Plan")


def _row(found: bool, text: str, passages: list[str], cited: list[str], qid: str = "r2") -> Row:
    q = Question(qid, "Hvem får leksehjelp?", "nb", "fact", True, gold=(Gold(SRC, GOLD),))
    a = Answer(q.question, found, text, [_cite(p, p[:20]) for p in cited], [_hit(p, i) for i, p in enumerate(passages)])
    return Row(q, a, 1.0)


def test_each_stage_of_loss_is_its_own_kind():
    both = f"{OTHER}. {GOLD}."
    assert miss_kind(_row(True, f"{GOLD} [1]", [both], [both])) is MissKind.HIT
    assert miss_kind(_row(True, f"{OTHER} [1]", [OTHER], [OTHER])) is MissKind.NOT_RETRIEVED
    assert miss_kind(_row(False, "Fant ikke", [both], [])) is MissKind.DECLINED_RETRIEVED
    assert miss_kind(_row(True, f"{OTHER} [1]", [OTHER, GOLD], [OTHER])) is MissKind.OTHER_PASSAGE
    half = " ".join(GOLD.split()[:6])  # 6 of 12 words: 50 %
    assert miss_kind(_row(True, f"{half} [1]", [both], [both])) is MissKind.PARTIAL
    assert miss_kind(_row(True, f"{OTHER} [1]", [both], [both])) is MissKind.OTHER_SENTENCES


def test_table_counts_per_split_and_language():
    rows = [_row(True, f"{GOLD} [1]", [GOLD], [GOLD], "r2"), _row(False, "Fant ikke", [GOLD], [], "r4"),
            _row(True, f"{GOLD} [1]", [GOLD], [GOLD], "r3")]
    tab = miss_table("realdocs", rows)
    dev = next(t for t in tab if t["split"] == "dev")
    held = next(t for t in tab if t["split"] == "held-out")
    assert (dev["answerable"], dev["hit"], dev["declined, gold retrieved"]) == (2, 1, 1)
    assert (held["answerable"], held["hit"]) == (1, 1)


def test_lost_table_gives_rank_and_decline_reason():
    from assistant.models import NotFoundReason
    from eval.misses import lost_table

    declined = _row(False, "Fant ikke", [OTHER, GOLD], [], "r2")
    declined.answer.not_found_reason = NotFoundReason.WEAK_EVIDENCE
    rows = [declined, _row(True, f"{OTHER} [1]", [OTHER], [OTHER], "r4"), _row(True, f"{GOLD} [1]", [GOLD], [GOLD])]
    (tab,) = lost_table("realdocs", rows)
    assert tab["lost with gold retrieved"] == 1 and tab["rank 2–3"] == 1 and tab["gold at rank 1"] == 0
    assert tab["declined: weak_evidence"] == 1 and tab["declined: no_quantity"] == 0


def test_a_missing_law_is_named_in_either_written_form():
    from eval.answers import names_missing_first

    q = Question("h1", "Kva seier kommunelova om kontrollutval?", "nn", "named_missing", False, missing="kommuneloven")
    said = Answer(q.question, False, "Kommunelova er ikke lagt inn i dokumentsamlingen. Fant ikke svar.")
    other = Answer(q.question, False, "Barnehageloven er ikke lagt inn i dokumentsamlingen. Fant ikke svar.")
    assert names_missing_first(q, said) and not names_missing_first(q, other)
