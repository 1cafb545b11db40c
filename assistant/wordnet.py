"""English words related to an English word, from Princeton WordNet 3.0 as the operating system installs it.

The English–Norwegian dictionary (assistant/dictionary.py) has ≈ 11,000 headwords and lacks common words of the
field: "annual", "curriculum", "shortage", "supervise", "emission" have no entry. WordNet knows them, with their
synonyms and derivationally related words ("annual" → yearly; "shortage" → deficit, deficiency; "supervise" →
supervision; "emission" → emit). An English word the dictionary cannot translate is read through those related words
that it can: a convention of the language, not of any question.

The data is read at runtime where Debian/Ubuntu's ``wordnet-base`` installs it (``/usr/share/wordnet``: ``index.*``,
``data.*``, ``*.exc``; WordNet licence, free to use and redistribute; its data is not part of this repository). The
path is the ``english_wordnet`` setting; absent files leave English questions to the glossary and the dictionary (said
once in the log). The index files are sorted, so a word is found by binary search in the file's bytes (nothing is
parsed at load), and a synset is read from the data file at its byte offset.
"""

from __future__ import annotations

import logging
import mmap
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

#: WordNet's parts of speech and their file suffixes.
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

#: WordNet's detachment rules (morphy): an inflected form's ending → its base form's, per part of speech.
_DETACH = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"),
          ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
#: Pointers followed from a word: derivationally related form, pertainym (adjective → noun), "derived from" (adverb).
_RELATED_POINTERS = frozenset({"+", "\\"})
_MARKER = re.compile(r"\([a-z]+\)$")  # adjective position markers: "galore(ip)"


@dataclass(frozen=True)
class Synset:
    """One meaning: its words (lower-cased, spaces for WordNet's underscores) and its pointers as (symbol, offset, pos,
    source word number, target word number) — 0 for a pointer between whole synsets."""

    pos: str
    words: tuple[str, ...]
    pointers: tuple[tuple[str, int, str, int, int], ...]


def parse_synset(line: str, pos: str) -> Synset:
    """A line of a ``data.*`` file: «offset lex_filenum ss_type w_cnt word lex_id … p_cnt ptr … | gloss»."""
    fields = line.split(" | ", 1)[0].split()
    count = int(fields[3], 16)
    words = tuple(_MARKER.sub("", fields[4 + 2 * i]).replace("_", " ").lower() for i in range(count))
    at = 4 + 2 * count
    pointers = []
    for i in range(int(fields[at])):
        symbol, offset, ptr_pos, st = fields[at + 1 + 4 * i: at + 5 + 4 * i]
        pointers.append((symbol, int(offset), "a" if ptr_pos == "s" else ptr_pos, int(st[:2], 16), int(st[2:], 16)))
    return Synset("a" if pos == "s" else pos, words, tuple(pointers))


class WordNet:
    """Princeton WordNet 3.0 in its distribution format: for each part of speech a sorted ``index.<pos>`` («lemma pos
    synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…», senses by frequency), a ``data.<pos>`` read at byte
    offsets, and an exception list ``<pos>.exc`` of irregular forms («children child»)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._index: dict[str, mmap.mmap] = {}
        self._data: dict[str, mmap.mmap] = {}
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}
        for pos, name in POS.items():
            self._index[pos] = _mapped(directory / f"index.{name}")
            self._data[pos] = _mapped(directory / f"data.{name}")
            exc: dict[str, tuple[str, ...]] = {}
            path = directory / f"{name}.exc"
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    form, *bases = line.split()
                    if bases:
                        exc[form] = tuple(bases)
            self._exceptions[pos] = exc

    @classmethod
    def load(cls, directory: str | Path) -> WordNet | None:
        """WordNet in ``directory``, None when its files are absent or unreadable."""
        directory = Path(directory)
        if not all((directory / f"{kind}.{name}").exists() for name in POS.values() for kind in ("index", "data")):
            return None
        try:
            return cls(directory)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("WordNet i %s kunne ikke leses (%s); engelske ord leses uten den", directory, exc)
            return None

    def _line(self, lemma: str, pos: str) -> str | None:
        """The index line of a lemma («course_of_study»), by binary search over the file's sorted lines (the licence
        lines before them start with spaces and sort first)."""
        raw = self._index[pos]
        key = lemma.encode() + b" "
        lo, hi = 0, len(raw)
        while lo < hi:
            mid = (lo + hi) // 2
            start = raw.rfind(b"\n", 0, mid) + 1
            end = raw.find(b"\n", start)
            end = len(raw) if end < 0 else end
            line = raw[start:end]
            if line.startswith(key):
                return line.decode()
            if line < key:
                lo = end + 1
            else:
                hi = start
        return None

    def offsets(self, lemma: str, pos: str) -> list[int]:
        """The synset offsets of a lemma in a part of speech, most frequent sense first."""
        line = self._line(lemma.replace(" ", "_"), pos)
        if line is None:
            return []
        fields = line.split()
        count, pointers = int(fields[2]), int(fields[3])
        return [int(f) for f in fields[6 + pointers: 6 + pointers + count]]

    def synset(self, offset: int, pos: str) -> Synset:
        raw = self._data[pos]
        return parse_synset(raw[offset:raw.find(b"\n", offset)].decode(), pos)

    def lemmas(self, word: str) -> list[tuple[str, str]]:
        """The base forms of an English word with their parts of speech, as WordNet's morphy finds them: the word
        itself, its irregular forms' bases («children» → child, «better» → good), then its regular endings."""
        word = word.lower().replace(" ", "_")
        out: list[tuple[str, str]] = []
        for pos in POS:
            for c in self.base_forms(word, pos):
                if (c, pos) not in out and self._line(c, pos) is not None:
                    out.append((c, pos))
        return out

    def base_forms(self, word: str, pos: str) -> list[str]:
        """The forms morphy tries as the base of a word in a part of speech — the word, its irregular bases, its
        regular endings taken off — whether or not WordNet lists them ("bringing" → bringing, bring, bringe)."""
        word = word.lower().replace(" ", "_")
        candidates = [word, *self._exceptions[pos].get(word, ())]
        candidates += [word[: -len(end)] + base for end, base in _DETACH[pos] if word.endswith(end)
                       and len(word) > len(end) + 1]
        return list(dict.fromkeys(candidates))

    def parts_of_speech(self, word: str) -> frozenset[str]:
        """The parts of speech WordNet has for an English word or an inflected form of it ("wears" → {"n", "v"})."""
        return frozenset(pos for _, pos in self.lemmas(word))

    def related(self, word: str, synonym_senses: int = 2, family_senses: int = 3, pos: str | None = None) -> list[str]:
        """English words of the same family or meaning as ``word``, surest first (see ``related_pos``)."""
        return [w for w, _ in self.related_pos(word, synonym_senses, family_senses, pos)]

    def related_pos(self, word: str, synonym_senses: int = 2, family_senses: int = 3,
                    pos: str | None = None) -> list[tuple[str, str]]:
        """English words of the same family or meaning as ``word``, each with the part of speech of the meaning it
        came from, surest first: the words derived from it or it from them in its ``family_senses`` most frequent
        senses ("supervise" → supervision, supervisor; "educational" → education), then the other words of its
        ``synonym_senses`` most frequent senses ("shortage" → deficit, shortfall). A synonym of a rarer sense is more
        often another meaning than another word for this one. ``pos``: only the meanings of that part of speech
        ("wear" the verb: "bear" the verb, not the animal)."""
        family: list[tuple[str, str]] = []
        synonyms: list[tuple[str, str]] = []
        for lemma, lpos in self.lemmas(word):
            if pos is not None and lpos != pos:
                continue
            for rank, offset in enumerate(self.offsets(lemma, lpos)[:max(synonym_senses, family_senses)]):
                synset = self.synset(offset, lpos)
                if rank < synonym_senses:
                    synonyms += [(w, synset.pos) for w in synset.words if w != lemma]
                if rank >= family_senses:
                    continue
                number = next((i + 1 for i, w in enumerate(synset.words) if w == lemma.replace("_", " ")), 0)
                for symbol, target, tpos, source, tnum in synset.pointers:
                    if symbol in _RELATED_POINTERS and source in (0, number):
                        target_synset = self.synset(target, tpos)
                        words = target_synset.words
                        family += [(w, target_synset.pos) for w in (words if tnum == 0 else [words[tnum - 1]])]
        lemmas = {lemma.replace("_", " ") for lemma, _ in self.lemmas(word)}
        return [(w, p) for w, p in dict.fromkeys(family + synonyms) if w not in lemmas and w != word]


def _mapped(path: Path) -> mmap.mmap:
    """A file's bytes, mapped rather than read (the data files are 0.1–15 MB; a question reads a few lines)."""
    with path.open("rb") as f:
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


@lru_cache(maxsize=4)
def _load(directory: str) -> WordNet | None:
    found = WordNet.load(directory)
    if found is None:
        log.info("Ingen WordNet i %s: engelske ord ordboka mangler leses uten synonymer (installer wordnet-base)",
                 directory)
    return found


def load_wordnet(directory: str | None) -> WordNet | None:
    """WordNet of the ``english_wordnet`` setting, read once a process (None: not configured or absent)."""
    return _load(str(directory)) if directory else None
