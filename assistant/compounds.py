"""English open compounds read as the Norwegian closed compounds they are: "part-time" → «deltid», "youth council" →
«ungdomsråd», "care services" → «omsorgstjenester», "place name" → «stedsnavn».

English writes a noun that modifies a noun as a separate word; Norwegian joins the two, often with a linking «s» or
«e» («ungdom|s|råd»). Read word by word, an English question loses the compound: "part" and "time" each have many
senses («del», «rolle», «tid», «gang»), none of which a passage about «uønsket deltid» repeats. So two neighbouring
English words are read together when some translation of the first, a link ("", «s», «e») and some translation of
the second make a word the collection uses: the collection picks the senses (of all the pairs «del»+«tid» is the one
its documents know). A convention of the two languages, not of any question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: Linking elements of Norwegian compounds: «deltid», «ungdomsråd», «barnehagelærer».
LINKS = ("", "s", "e")
#: A compound this short is too often a chance join of two short words («del»+«e» …).
MIN_LETTERS = 6


def compound(first: Sequence[str], second: Sequence[str], count: Callable[[str], int]) -> str | None:
    """The Norwegian compound of a translation of the first word and one of the second that the collection uses most
    (``count``: how many passages use a word; 0 = none), or None."""
    best, best_count = None, 0
    for a in first:
        for b in second:
            for link in LINKS:
                if link and a.endswith(link):
                    continue
                word = a + link + b
                if len(word) < MIN_LETTERS or " " in word:
                    continue
                n = count(word)
                if n > best_count:
                    best, best_count = word, n
    return best


def join_compounds(tokens: Sequence[str], candidates: Callable[[str], Sequence[str]], count: Callable[[str], int],
                   joinable: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """The runs of neighbouring English tokens that read as one Norwegian compound, as (first index, index after the
    run, compound), left to right without overlap: a pair, extended by a third word when the compound and its
    translation join again ("greenhouse gas emissions"). ``candidates``: a word's Norwegian translations (every sense);
    ``joinable``: whether a token may be part of a compound (not a function word or a number)."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens) - 1:
        a, b = tokens[i], tokens[i + 1]
        found = compound(candidates(a), candidates(b), count) if joinable(a) and joinable(b) else None
        if found is None:
            i += 1
            continue
        end = i + 2
        if end < len(tokens) and joinable(tokens[end]):
            longer = compound([found], candidates(tokens[end]), count)
            if longer is not None:
                found, end = longer, end + 1
        out.append((i, end, found))
        i = end
    return out
