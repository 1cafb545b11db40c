"""English words of Latin and Greek origin read as their Norwegian cognates: "evaluated" → «evaluert», "organisation"
→ «organisasjon», "nationality" → «nasjonalitet», "administrative" → «administrativ», "democratic" → «demokratisk».

Norwegian borrowed the same words and spells them by its own rules: «-sjon» for "-tion", «-ere» for "-ate"/"-ise",
«-itet» for "-ity", «-isk» for "-ic(al)", «-iv» for "-ive", «k»/«s» for "c", «f» for "ph". The dictionary lacks many of
them; spelled the Norwegian way, a word the collection uses is the word the question means. Only candidates the
collection knows are kept (``known``), so a rule that misfires finds nothing rather than something else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: English endings and their Norwegian spellings, longest first (a word takes the first ending it has).
ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fications", ("fiseringer",)), ("fication", ("fisering", "fikasjon")), ("ified", ("ifisert",)),
    ("ifies", ("ifiserer",)), ("ify", ("ifisere",)),
    ("ations", ("asjoner", "eringer")), ("ation", ("asjon", "ering")),
    ("itions", ("isjoner",)), ("ition", ("isjon",)), ("tions", ("sjoner",)), ("tion", ("sjon",)),
    ("ssions", ("sjoner",)), ("ssion", ("sjon",)),
    ("ated", ("ert", "ere")), ("ates", ("erer", "ere")), ("ating", ("ering", "ere")), ("ate", ("ere",)),
    ("ised", ("isert",)), ("ized", ("isert",)), ("ises", ("iserer",)), ("izes", ("iserer",)),
    ("ising", ("isering",)), ("izing", ("isering",)), ("ise", ("isere",)), ("ize", ("isere",)),
    ("ities", ("iteter",)), ("ity", ("itet",)),
    ("ically", ("isk",)), ("ical", ("isk",)), ("ics", ("ikk",)), ("ic", ("isk",)),
    ("ives", ("iver",)), ("ive", ("iv",)), ("isms", ("ismer",)), ("ism", ("isme",)),
    ("ologies", ("ologier",)), ("ology", ("ologi",)), ("ies", ("ier",)), ("y", ("i",)),
    ("ial", ("iell",)), ("ime", ("im",)), ("ine", ("in",)), ("ure", ("ur",)), ("ent", ("ent",)), ("ant", ("ant",)),
    ("al", ("al",)),
)
#: English letters spelled otherwise in Norwegian loans (applied to the stem before the ending).
_LETTERS = ((re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"qu"), "kv"), (re.compile(r"x"), "ks"),
            (re.compile(r"ch"), "k"), (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"c"), "k"),
            (re.compile(r"(?<=[a-z])ti(?=[aeou])"), "sj"))
#: A cognate this short is too often another word («act» → «akt»).
MIN_LETTERS = 6


def _spellings(stem: str, following: str) -> list[str]:
    """The stem as written, and with the Norwegian letters (all substitutions at once; ``following``: the letter after
    the stem in the English word, which decides «c» → «s» or «k»: "financ|ial" → «finans»)."""
    norwegian = stem + following
    for pattern, repl in _LETTERS:
        norwegian = pattern.sub(repl, norwegian)
    return list(dict.fromkeys([stem, norwegian[: len(norwegian) - len(following)]]))


def cognates(word: str, known: Callable[[str], bool]) -> list[str]:
    """The Norwegian spellings of an English loanword that the collection uses (``known(word)``), best first."""
    word = word.lower()
    if len(word) < MIN_LETTERS or not word.isalpha():
        return []
    for ending, norwegian_endings in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            found = [s + e for s in _spellings(stem, ending[0]) for e in norwegian_endings if s + e != word and known(s + e)]
            return list(dict.fromkeys(found))
    return []
