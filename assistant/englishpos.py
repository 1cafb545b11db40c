"""The part of speech an English question's word plays, where English grammar shows it from the neighbouring words.

Many English words are nouns and verbs alike, and a dictionary gives each its own translations: "close" the verb is
«lukke», the adjective «nær»; "wear" the verb is «bære» — and through its WordNet synonym "bear", the noun «bjørn».
Read without its part of speech, a word takes whichever sense the dictionary lists first. The question's own grammar
usually says which one it is: the word after "how" is an adjective or adverb ("how close", "how often"); after
infinitive "to", a modal or a subject pronoun, a verb ("allowed to wear", "can you build") — but after «be» and its
subject pronoun, what the subject is ("is it free": the adjective, not «frigjøre»); after an article, a
possessive or a preposition, a noun or an adjective ("the shoreline", "Lier's fiscal rules", "into work"); a question
word followed by an «-s» form is a subject and its verb ("what matters most", "who decides"), but followed by an
auxiliary it is a determiner and its noun ("which groups does"). These are conventions of English grammar, not of
any question; a word no rule reaches keeps every part of speech it has (``None``), as before.

Parts of speech are WordNet's: "n", "v", "a" (adjective), "r" (adverb); ``can(word)`` gives those a word may have.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

DETERMINERS = frozenset("""
    the a an this that these those each every any some no its their his her our your my whose all both several
    another other s
    """.split())  # "s": the possessive («Lier's» → lier, s)
PREPOSITIONS = frozenset("""
    of in on at for with by from into onto about between under over through during among against without within
    across after before towards toward per via upon than
    """.split())
MODALS = frozenset("can could will would shall should may might must".split())
AUXILIARIES = MODALS | frozenset("do does did is are was were has have had".split())
BE = frozenset("is are was were be been being am".split())
SUBJECT_PRONOUNS = frozenset("i you we they he she it".split())
QUESTION_WORDS = frozenset("what which who".split())
#: Adverbial particles of English phrasal verbs ("bring up", "carry out", "set off").
PARTICLES = frozenset("up out off down back away".split())


def guess_pos(tokens: Sequence[str], can: Callable[[str], frozenset[str]]) -> list[str | None]:
    """For each token (lower-cased words of the question, function words included), the part of speech its
    neighbours show among those it may have (``can``), or None: no rule applies, or it may have only one part of
    speech anyway (then there is nothing to choose)."""
    out: list[str | None] = []
    for i, word in enumerate(tokens):
        cands = can(word)
        out.append(_guess(tokens, i, cands) if len(cands) > 1 else None)
    return out


def _previous(tokens: Sequence[str], i: int) -> str:
    """The word before token i, passing over adverbs in «-ly» ("can you normally build"); "" at the start."""
    j = i - 1
    while j >= 0 and tokens[j].endswith("ly") and len(tokens[j]) > 4:
        j -= 1
    return tokens[j] if j >= 0 else ""


def _guess(tokens: Sequence[str], i: int, cands: frozenset[str]) -> str | None:
    word = tokens[i]
    prev = _previous(tokens, i)
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if prev == "how":  # "how close", "how often", "how large"
        return "a" if "a" in cands else "r" if "r" in cands else None
    if prev == "to" and "v" in cands:  # "allowed to wear", "want to help"
        return "v"
    if prev in SUBJECT_PRONOUNS and _previous(tokens, i - 1) in BE and not word.endswith("ing"):
        # "is it free", "are they open": after «be» and its subject, what it is — an adjective or a noun
        return "a" if "a" in cands else "n" if "n" in cands else None
    if (prev in MODALS or prev in SUBJECT_PRONOUNS) and "v" in cands:  # "should word", "can you build"
        return "v"
    if prev in BE and word.endswith("ing") and "v" in cands:  # "is developing"
        return "v"
    if "v" in cands and (nxt in PARTICLES or (nxt in DETERMINERS and nxt != "s" and word.endswith(("ing", "ed")))):
        return "v"  # "bringing up children", "putting their cooperation", "keeping the languages alive"
    if prev in QUESTION_WORDS:
        if nxt in AUXILIARIES:  # "which groups does …", "what rights do …": a determiner and its noun
            return "n" if "n" in cands else None
        if word.endswith("s") and "v" in cands:  # "what matters most", "who decides on …"
            return "v"
    if prev in DETERMINERS or prev in PREPOSITIONS or prev in QUESTION_WORDS:
        # a noun — or, before another word, maybe an adjective or a noun used as one ("the main responsibility",
        # "textbook production"): then only the verb is ruled out, which no part of speech says
        return "n" if "n" in cands and ("a" not in cands or _ends_phrase(nxt)) else None
    return None


def _ends_phrase(nxt: str) -> bool:
    """The word after ends the noun phrase (a function word, or nothing)."""
    return not nxt or nxt in DETERMINERS or nxt in PREPOSITIONS or nxt in AUXILIARIES or nxt in QUESTION_WORDS \
        or nxt in ("and", "or")
