"""Names spelled the way Norwegian text varies them: is a name the question writes («Curacao»,
«Strobritannia», «Berlinermuren») one the collection writes («Curaçao», «Storbritannia», «Berlinmuren»)?

The collection's vocabulary of capitalised words is read once per catalog generation from the chunks'
text (the lexical index stores stems and cannot list its terms); a name is matched against it

- with diacritics folded (ç → c, é → e), but æ, ø and å kept: «Sor» is not «Sør»;
- by a small spelling distance (restricted Damerau–Levenshtein: a transposition is one edit) only for long
  names — 1 edit from 7 letters, 2 from 10 — only against words of the same first letter, and only when the
  vowels stay the same or the difference is a compound joint (s, e, er: «Berlinermuren»/«Berlinmuren»): a
  short name one letter off another («Nes»/«Nesna») and a long one a vowel off another
  («Kristiansund»/«Kristiansand», «Sorfold»/«Sørfold») stay unknown.

The vocabulary is built when a question first holds a name the index lacks (0.15 s for NorQuAD's 8,240
capitalised words, 0.015 s for the shipped plans); a look-up is at most a few ms.
Measured and not kept (eval/README «Eleventh round (names1)»): a collection word of 6 letters or more
beginning the name, or the name beginning a collection word — on the plans they accept other names
(«Nasjonalgarden» by «Nasjonal», «Sommer-OL» by «Sommer…») and on NorQuAD they add nothing."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from assistant.store import Store

log = logging.getLogger(__name__)

_KEEP = frozenset("æøåÆØÅ")
_CAPITALISED = re.compile(r"\b[^\W\d_]{3,}\b")
_VOWELS = frozenset("aeiouyæøå")
_PART = 6  # the head before a compound joint
_JOINTS = ("s", "e", "er")


def _vowels(word: str) -> str:
    return "".join(c for c in word if c in _VOWELS)


def fold(word: str) -> str:
    """Lower case, diacritics dropped except on æ, ø, å."""
    out = []
    for c in word.lower():
        if c in _KEEP:
            out.append(c)
            continue
        out.extend(x for x in unicodedata.normalize("NFD", c) if not unicodedata.combining(x))
    return "".join(out)


def edits_allowed(name: str) -> int:
    n = len(name)
    return 2 if n >= 10 else 1 if n >= 7 else 0


def distance(a: str, b: str, limit: int) -> int:
    """Restricted Damerau–Levenshtein distance of a and b, or limit + 1 once it exceeds limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def joined(a: str, b: str) -> bool:
    """a and b differ by a compound joint (s, e, er) after a head of 6 letters or more: «Berlinermuren» and
    «Berlinmuren», «Storbritannias-avtalen» and «Storbritannia-avtalen»."""
    long, short = (a, b) if len(a) > len(b) else (b, a)
    for joint in _JOINTS:
        if len(long) - len(short) != len(joint):
            continue
        for i in range(_PART, len(short)):
            if long[i:i + len(joint)] == joint and long[:i] == short[:i] and long[i + len(joint):] == short[i:]:
                return True
    return False


@dataclass
class NameVocabulary:
    """The collection's capitalised words, folded, by first letter and length."""

    generation: int
    folded: frozenset[str]
    by_start: dict[tuple[str, int], list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, generation: int, texts: list[str] | None = None, store: Store | None = None) -> NameVocabulary:
        words: set[str] = set()
        source = texts if texts is not None else (c.text for c, _ in store.catalog.iter_chunks()) if store else []
        for text in source:
            words.update(fold(w) for w in _CAPITALISED.findall(text) if w[0].isupper())
        by_start: dict[tuple[str, int], list[str]] = defaultdict(list)
        for w in words:
            by_start[w[0], len(w)].append(w)
        return cls(generation, frozenset(words), dict(by_start))

    def knows(self, name: str) -> bool:
        """The collection writes this name, up to folded diacritics or a small spelling distance."""
        f = fold(name)
        if f in self.folded:
            return True
        return self.near(f)

    def near(self, f: str) -> bool:
        """A word of the same first letter and vowels within the name's edit allowance."""
        k = edits_allowed(f)
        vowels = _vowels(f)
        for n in range(len(f) - k, len(f) + k + 1) if k else ():
            for w in self.by_start.get((f[0], n), ()):
                if distance(f, w, k) <= k and (_vowels(w) == vowels or joined(f, w)):
                    return True
        return False



_vocabularies: dict[int, NameVocabulary | None] = {}
_lock = threading.Lock()
#: Above this many chunks the vocabulary is not read: it is one pass over every chunk's text (≈ 0.13 ms a chunk:
#: 0.15 s for NorQuAD's 1,197), ≈ 3 s here but minutes for the 10⁶-chunk store (README «Scale») — there a name
#: must be written as the documents write it, as before.
MAX_CHUNKS = 20_000


def name_vocabulary(store: Store) -> NameVocabulary | None:
    """The store's vocabulary of capitalised words (read once per catalog generation); None for a collection of
    more than ``MAX_CHUNKS`` chunks (said once in the log)."""
    gen = store.catalog.generation
    with _lock:
        if id(store) in _vocabularies and (v := _vocabularies[id(store)]) is not None and v.generation == gen:
            return v
        if (n := store.catalog.chunk_count()) > MAX_CHUNKS:
            if _vocabularies.get(id(store), 0) is not None:
                log.info("navn med annen skrivemåte enn dokumentenes gjenkjennes ikke i en samling på %d tekstbiter "
                         "(over %d)", n, MAX_CHUNKS)
            _vocabularies[id(store)] = None
            return None
        v = _vocabularies[id(store)] = NameVocabulary.build(gen, store=store)
        return v
