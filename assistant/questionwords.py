"""Nynorsk a question writes that the index-side analysis (assistant/norwegian.py ``NYNORSK`` / ``NYNORSK_PARTS``, part of
the lexical index's analyzer version) does not map: read on the question side only, for the evidence terms — so an
index built by the analysis stays valid.

- the country as nynorsk names it, «Noreg», «Nord-Noreg» (a capitalised word is a name and skips the dictionary);
- nynorsk derivations and the nouns plans compound most, inside a compound: «tospråklegheitstilskot» →
  «tospråklighetstilskudd», «fagskuletilbod», «vaksenopplæring», «styreleiar», «skulefråvær», «hovudmål».

Documents are bokmål in the main; a nynorsk document's own compounds are read as the index reads them.
"""

from __future__ import annotations

__all__ = ["QUESTION_NYNORSK", "QUESTION_NYNORSK_PARTS", "question_word"]

QUESTION_NYNORSK: dict[str, str] = {"noreg": "norge", "noregs": "norges"}

QUESTION_NYNORSK_PARTS: tuple[tuple[str, str], ...] = (
    ("legheit", "lighet"), ("tilskot", "tilskudd"), ("tilbod", "tilbud"), ("vaksen", "voksen"), ("leiar", "leder"),
    ("fråvær", "fravær"), ("hovud", "hoved"),
)


def question_word(word: str) -> str:
    """A question's word (as ``norwegian.words`` gives it) with the nynorsk forms above read as bokmål."""
    mapped = QUESTION_NYNORSK.get(word, word)
    for nn, nb in QUESTION_NYNORSK_PARTS:
        if nn in mapped:
            mapped = mapped.replace(nn, nb)
    return mapped
