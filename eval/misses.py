"""Where an answerable question's miss happens, in counts only — so the held-out and fresh sets can
say which stage loses answers without any of their questions or answers being read.

Each answerable question with a gold quote falls in exactly one kind (first that applies):

- ``hit``: the answer text holds ≥ 70 % of a gold quote's words (``eval.answers.answer_hit``);
- ``not retrieved``: no gold quote stands whole in any retrieved passage (``Answer.passages``, the
  ``top_k`` passages the answer was chosen from) — a retrieval miss, or a quote split across chunks;
- ``declined, gold retrieved``: the answer said not found although a retrieved passage held the gold;
- ``other passage``: answered, the gold stood in a retrieved passage the answer did not cite;
- ``partial``: answered from the passage holding the gold, the answer holds 40–70 % of its words
  (a unit cut short, a list without all its items);
- ``other sentences``: answered from the passage holding the gold, with other sentences of it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from assistant.models import NotFoundReason
from eval.questions import quote_in, source_stem

if TYPE_CHECKING:
    from eval.answers import Row

PARTIAL_SHARE = 0.40


class MissKind(StrEnum):
    HIT = "hit"
    NOT_RETRIEVED = "not retrieved"
    DECLINED_RETRIEVED = "declined, gold retrieved"
    OTHER_PASSAGE = "other passage"
    PARTIAL = "partial"
    OTHER_SENTENCES = "other sentences"


def _gold_ranks(row: Row) -> list[int]:
    """1-based ranks of the retrieved passages that hold a gold quote whole."""
    return [i for i, h in enumerate(row.answer.passages, 1)
            if any(source_stem(g.source) == source_stem(h.meta.source) and quote_in(g.quote, h.chunk.text)
                   for g in row.q.gold)]


def miss_kind(row: Row) -> MissKind:
    from eval.answers import HIT_SHARE, answer_hit, quote_coverage

    q, a = row.q, row.answer
    if answer_hit(q, a):
        return MissKind.HIT
    holds = [g for g in q.gold
             if any(source_stem(g.source) == source_stem(h.meta.source) and quote_in(g.quote, h.chunk.text)
                    for h in a.passages)]
    if not holds:
        return MissKind.NOT_RETRIEVED
    if not a.found:
        return MissKind.DECLINED_RETRIEVED
    cited = [g for g in holds
             if any(source_stem(g.source) == source_stem(c.source) and quote_in(g.quote, c.passage)
                    for c in a.citations)]
    if not cited:
        return MissKind.OTHER_PASSAGE
    best = max(quote_coverage(g.quote, a.text) for g in cited)
    return MissKind.PARTIAL if PARTIAL_SHARE <= best < HIT_SHARE else MissKind.OTHER_SENTENCES


MISS_COLUMNS = ["set", "split", "lang", "answerable", *(k.value for k in MissKind)]


def miss_table(name: str, rows: list[Row]) -> list[dict]:
    """Counts per kind, per split and language (Norwegian = bokmål + nynorsk), over the answerable
    questions with a gold quote."""
    out = []
    for split in ("dev", "held-out"):
        for lang, langs in (("Norwegian", ("nb", "nn")), ("English", ("en",))):
            sub = [r for r in rows if r.split == split and r.q.answerable and r.q.gold and r.q.lang in langs]
            if not sub:
                continue
            kinds = [miss_kind(r) for r in sub]
            out.append({"set": name, "split": split, "lang": lang, "answerable": len(sub),
                        **{k.value: kinds.count(k) for k in MissKind}})
    return out


LOST_COLUMNS = ["set", "lang", "lost with gold retrieved", "gold at rank 1", "rank 2–3", "rank 4+",
                *(f"declined: {r.value}" for r in NotFoundReason)]


def lost_table(name: str, rows: list[Row]) -> list[dict]:
    """Of the answerable questions lost although a retrieved passage held the gold (declined, other
    passage, partial, other sentences): where the best gold passage ranked and, for the declined
    ones, the not-found reason the answer gave — counts only, per language."""
    out = []
    for lang, langs in (("Norwegian", ("nb", "nn")), ("English", ("en",))):
        lost = [r for r in rows if r.q.answerable and r.q.gold and r.q.lang in langs
                and miss_kind(r) not in (MissKind.HIT, MissKind.NOT_RETRIEVED)]
        if not lost:
            continue
        best = [min(_gold_ranks(r)) for r in lost]
        reasons = [r.answer.not_found_reason for r in lost if not r.answer.found]
        out.append({"set": name, "lang": lang, "lost with gold retrieved": len(lost),
                    "gold at rank 1": best.count(1), "rank 2–3": sum(2 <= b <= 3 for b in best),
                    "rank 4+": sum(b >= 4 for b in best),
                    **{f"declined: {r.value}": reasons.count(r) for r in NotFoundReason}})
    return out
