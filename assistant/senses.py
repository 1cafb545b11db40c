"""The sense of an English word chosen by the other words of its question: the translation that the collection's
passages use together with the other words' translations.

A dictionary word has several senses ("course": «kurs», «retning», «rute», «skift», «bane»; "body": «organ»,
«kropp»); read alone, the dictionary's order decides, often for the wrong sense. In a question the other words decide:
of "online vocational college course", «kurs» is the translation that shares passages with «nettbasert», «fagskole»,
«utdanning»; «rute» shares none. This is the co-occurrence choice of cross-language retrieval (Ballesteros & Croft,
1998), counted in the collection's own lexical index — a convention of the language, not of any question.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

#: Translations of a context word tried against a candidate (its first ones: the rest are rarer senses).
CONTEXT_TRANSLATIONS = 3


def order_senses(candidates: Sequence[tuple[str, Sequence[str]]], cooccur: Callable[[str, str], int],
                 df: Callable[[str], int] | None = None, passages: int = 0) -> dict[str, list[str]]:
    """For each word with two or more candidate translations, its candidates in order of how many of the other
    words they share a passage with (any of the other word's first translations), then by how often, then in the
    dictionary's order. ``candidates``: (English word, its translations best first) for the question's words;
    ``cooccur(a, b)``: the passages holding both Norwegian words.

    With ``df`` (passages holding a word) and ``passages`` (all of them), sharing counts only where it is more than
    chance: a frequent word shares passages with everything («rett» — right, straight, a meal's course — stands in
    a quarter of the passages of a collection of plans), so it is the association, not the count, that tells a
    sense: ``cooccur(t, c) · passages > df(t) · df(c)`` (the pointwise mutual information of the two words is
    positive), and the ties are ordered by the sum of those associations (log lift)."""
    out: dict[str, list[str]] = {}
    for word, translations in candidates:
        if len(translations) < 2:
            continue
        context = [ts[:CONTEXT_TRANSLATIONS] for other, ts in candidates if other != word and ts]
        if not context:
            continue

        def score(item: tuple[int, str], context: list[Sequence[str]] = context) -> tuple[int, float, int]:
            rank, t = item
            if df is not None and passages > 0:
                lifts = [max((_lift(cooccur(t, c), df(t), df(c), passages) for c in ts), default=0.0)
                         for ts in context]
                return (-sum(x > 0 for x in lifts), -sum(x for x in lifts if x > 0), rank)
            counts = [max((cooccur(t, c) for c in ts), default=0) for ts in context]
            return (-sum(n > 0 for n in counts), -sum(math.log1p(n) for n in counts), rank)

        out[word] = [t for _, t in sorted(enumerate(translations), key=score)]
    return out


def _lift(both: int, df_a: int, df_b: int, passages: int) -> float:
    """log(observed / expected) of two words' shared passages; 0 when they share none or either is unknown."""
    if both <= 0 or df_a <= 0 or df_b <= 0:
        return 0.0
    return math.log(both * passages / (df_a * df_b))
