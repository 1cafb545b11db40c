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


def order_senses(candidates: Sequence[tuple[str, Sequence[str]]], cooccur: Callable[[str, str], int]
                 ) -> dict[str, list[str]]:
    """For each word with two or more candidate translations, its candidates in order of how many of the other
    words they share a passage with (any of the other word's first translations), then by how often, then in the
    dictionary's order. ``candidates``: (English word, its translations best first) for the question's words;
    ``cooccur(a, b)``: the passages holding both Norwegian words."""
    out: dict[str, list[str]] = {}
    for word, translations in candidates:
        if len(translations) < 2:
            continue
        context = [ts[:CONTEXT_TRANSLATIONS] for other, ts in candidates if other != word and ts]
        if not context:
            continue

        def score(item: tuple[int, str], context: list[Sequence[str]] = context) -> tuple[int, float, int]:
            rank, t = item
            counts = [max((cooccur(t, c) for c in ts), default=0) for ts in context]
            return (-sum(n > 0 for n in counts), -sum(math.log1p(n) for n in counts), rank)

        out[word] = [t for _, t in sorted(enumerate(translations), key=score)]
    return out
