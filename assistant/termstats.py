"""Document frequencies of the indexed passages' content terms (cached per store generation):
the idf weights of the evidence score and the vocabulary the query analysis checks names against.

Read from the lexical index on demand (``Store.term_counts``: a term's document frequency is
tantivy's for that stem), not counted over every chunk in each process."""

from __future__ import annotations

import math
from dataclasses import dataclass

from assistant.store import Store, TermCounts


@dataclass
class TermStats:
    generation: int
    df: TermCounts
    n: int

    def idf(self, term: str) -> float:
        df = self.df.get(term, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))


_stats: dict[int, TermStats] = {}


def term_stats(store: Store) -> TermStats:
    gen = store.catalog.generation
    st = _stats.get(id(store))
    if st is None or st.generation != gen:
        st = _stats[id(store)] = TermStats(gen, store.term_counts(), max(store.catalog.chunk_count(), 1))
    return st
