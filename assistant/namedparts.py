"""Names as Norwegian users write them inside other words: a municipality's name as a compound's first part or in
the genitive («Krødsheradskolen», «Tromsøbarnehagene», «Liers», «Hol-planen»), and a plan or document by its
capitalised short name («Læremiddelplanen», «Likestillingsplanen», «Folkehelsemeldinga»).

- ``municipality_at``: the name found at the start of a word of the question is that municipality only when the word
  ends there, goes on with a genitive «s», a hyphen, or a compound joint and a word the collection uses — «Holds» (an
  English "holds") and «Lierne» (another municipality) do not name Hol or Lier.
- ``named_compound``: a capitalised word the collection does not write is still no unknown name when it is such a
  municipality compound or a document's short name whose first part the collection uses — the question is about a
  known place or a known kind of plan, not about a place or body the collection lacks («Hamarskolen» stays unknown:
  «Hamar» is no municipality of the collection).
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.norwegian import _stem

__all__ = ["DOCUMENT_NOUNS", "Vocabulary", "known_word", "municipality_at", "named_compound", "rest_of_word"]


class Vocabulary(Protocol):
    """Document frequency by stem (``store.TermCounts``, or a dict in tests)."""

    def get(self, term: str, default: int = 0, /) -> int: ...

# What a plan or document is called at the end of its capitalised short name (bokmål and nynorsk, definite and not).
DOCUMENT_NOUNS = ("planen", "plana", "planer", "planene", "planane", "plan", "meldingen", "meldinga", "melding",
                  "strategien", "strategi", "programmet", "program", "veilederen", "veileder", "rettleiaren",
                  "rettleiar", "rapporten", "rapport", "utredningen", "utgreiinga", "utredning", "planverket")

_JOINTS = ("", "s", "e")
_MIN_TAIL = 3


def known_word(word: str, vocab: Vocabulary | None) -> bool:
    """The collection uses the word (as a stem of the lexical index)."""
    return vocab is not None and len(word) >= _MIN_TAIL and (vocab.get(_stem(word), 0) > 0 or vocab.get(word, 0) > 0)


def municipality_at(rest: str, vocab: Vocabulary | None) -> bool:
    """What follows a municipality's name inside a word («», «s», «-planen», «skolen», «sbarnehagene») lets the word name
    that municipality: nothing, a genitive «s», a hyphen, or a compound joint and a word the collection uses. Without
    ``vocab`` any continuation is accepted (the name as a prefix)."""
    if not rest or rest == "s" or rest.startswith("-"):
        return True
    if vocab is None:
        return True
    return any(rest.startswith(j) and known_word(rest[len(j):], vocab) for j in _JOINTS)


def named_compound(name: str, municipalities: list[str], vocab: Vocabulary) -> bool:
    """A capitalised word the collection does not write that still names what it holds: a municipality's name with a
    compound joint and a known word («Krødsheradskolen»), or a document's short name — a known first part and a
    document noun («Læremiddelplanen», «Likestillingsplanen»)."""
    low = name.lower()
    for m in municipalities:
        first = m.lower().split()[0]
        if len(first) >= 3 and low.startswith(first) and len(low) > len(first) + 1 \
                and municipality_at(low[len(first):], vocab):
            return True
    for noun in DOCUMENT_NOUNS:
        if low.endswith(noun) and len(low) - len(noun) >= 4:
            head = low[: -len(noun)]
            heads = {head} | ({head[:-1]} if head.endswith(("s", "e")) and len(head) > 4 else set())
            if any(known_word(h, vocab) or _known_compound(h, vocab) for h in heads):
                return True
    return False


def _known_compound(word: str, vocab: Vocabulary) -> bool:
    """A compound of two words the collection uses («læremiddel» = «lære» + «middel»), each at least four letters."""
    for i in range(4, len(word) - 3):
        left, right = word[:i], word[i:]
        lefts = {left} | ({left[:-1]} if left.endswith(("s", "e")) and len(left) > 4 else set())
        if any(known_word(x, vocab) for x in lefts) and known_word(right, vocab):
            return True
    return False


_WORD_AFTER = re.compile(r"[\w-]*")


def rest_of_word(text: str, end: int) -> str:
    """The letters of the word that go on after position ``end`` (a hyphen kept)."""
    m = _WORD_AFTER.match(text, end)
    return m.group(0) if m else ""
