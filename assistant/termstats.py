"""Document frequencies of the indexed passages' content terms (cached per store generation):
the idf weights of the evidence score and the vocabulary the query analysis checks names against."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from assistant.norwegian import content_terms
from assistant.store import Store


@dataclass
class TermStats:
    generation: int
    df: Counter
    n: int

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


_stats: dict[int, TermStats] = {}


def term_stats(store: Store) -> TermStats:
    gen = store.catalog.generation
    st = _stats.get(id(store))
    if st is None or st.generation != gen:
        df: Counter = Counter()
        items = store.all_chunks()
        for chunk, _meta in items:
            df.update(content_terms(f"{chunk.text} {' '.join(chunk.section)}"))
        st = _stats[id(store)] = TermStats(gen, df, max(len(items), 1))
    return st
