"""Nynorsk → bokmål words from an installed dictionary of the language, under the hand map.

Documents and questions come in both written standards; the lexical index meets them by reading nynorsk words as
their bokmål form (``words`` in assistant/norwegian.py, on the index side and the query side alike). The hand map
(``NYNORSK`` there) knows the ≈ 200 words someone met; under it now lies the FreeDict Norwegian Nynorsk → Bokmål
dictionary built from Apertium's nn–nb data (Debian/Ubuntu package ``dict-freedict-nno-nob``, GPL-2+; its data is not
part of this repository), read at runtime in the dictd format (``.index`` + ``.dict.dz``) from the ``nynorsk_dictionary``
setting. When the files are absent the hand map alone is used (said once in the log).

The dictionary gives lemmas only («veke» → «uke», «byrje» → «begynne»), and a pair often more than one translation.
What is kept (a convention of the language pair, not of any question):

- one-word pairs; function words (``STOPWORDS``) are left to the stop list;
- a headword the dictionary also gives as its own bokmål form («skule» → skole, skule; «omsyn» → hensyn, omsyn;
  «bur» → bur) is left alone: it is written so in bokmål too, and may mean something else there;
- a headword whose translations have more than one stem (senses: «gjere» → foreta, gjøre; «rekning» → regning,
  bekostning) is left alone: which one is meant is a guess;
- a pair whose stems already meet (Snowball: «elev» / «elev») needs nothing;
- a headword whose stem is the stem of any bokmål word of the dictionary, or that is a bokmål word with a bokmål
  inflection ending (homographs: «alle» → allé, «best» → bast, «eie» → jamre, «skjer» → skjær — bokmål «skje» + r) is
  left alone: read everywhere, it would change bokmål text.

Inflected forms are reached through the stem: a word whose Snowball stem is a kept headword's stem is read as that
headword's translation («byrjar» → stem «byrj» → «begynne»), but only where every headword of that stem reads alike
(«velje» and «veljar» share «velj»: choose / voter). ``python -m eval language --dictionary`` prints the counts.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.dictd import read_dictd

log = logging.getLogger(__name__)

#: One word of lower-case letters (the pairs the analysis can use: no phrases, names or abbreviations).
_ONE_WORD = re.compile(r"^[a-zæøåéèóòâô]+$")
#: Headwords shorter than this are left to the hand map and the stop list («å», «ei», «då»).
MIN_LETTERS = 3


def read_pairs(index_path: Path, dict_path: Path) -> dict[str, list[str]]:
    """A dictd database whose entries are «headword\\ntranslation\\n» (FreeDict's nno–nob): headword → its
    translations in the dictionary's order, entries of the same headword joined (noun, verb …)."""
    raw, rows = read_dictd(index_path, dict_path)
    pairs: dict[str, list[str]] = {}
    for _, offset, length in rows:
        lines = raw[offset:offset + length].decode("utf-8", errors="replace").split("\n")
        head = lines[0].strip()
        if not head:
            continue
        found = pairs.setdefault(head, [])
        for t in lines[1:]:
            if (t := t.strip()) and t not in found:
                found.append(t)
    return pairs


@dataclass
class MapCounts:
    """What the dictionary gave and why pairs were left out (``python -m eval language --dictionary``)."""

    headwords: int = 0
    one_word: int = 0
    also_bokmal: int = 0  # the headword is one of its own translations
    ambiguous: int = 0  # translations with more than one stem
    stems_meet: int = 0  # nothing to do
    homograph: int = 0  # the headword is a bokmål word's form or shares its stem
    stem_clash: int = 0  # kept headwords whose stem other headwords read otherwise: the word only, no inflections
    kept: int = 0


@dataclass
class NynorskMap:
    """Nynorsk word → bokmål word: by the word (a headword), else by its stem (an inflected form)."""

    forms: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    counts: MapCounts = field(default_factory=MapCounts)
    nynorsk_only: frozenset[str] = frozenset()  # headwords no bokmål word shares a stem with (language signal)
    stopwords: frozenset[str] = frozenset()  # never read: the stop list decides them

    read_cache: dict[str, str] = field(default_factory=dict)  # word → what ``read`` gave (the analysis' hot path)

    def read(self, word: str, stem: Callable[[str], str]) -> str:
        """The bokmål word for ``word``, or ``word``."""
        if (found := self.read_cache.get(word)) is not None:
            return found
        if word in self.stopwords:
            found = word
        elif (found := self.forms.get(word)) is None:
            found = word if len(word) < MIN_LETTERS else self.stems.get(stem(word), word)
        if len(self.read_cache) < 500_000:
            self.read_cache[word] = found
        return found


def build_map(pairs: dict[str, list[str]], stem_words: Callable[[list[str]], list[str]],
              stopwords: Iterable[str] = ()) -> NynorskMap:
    """The word map the analysis can use (rules in the module docstring). ``stem_words``: the analysis' stemmer over
    a list of words (one call: Snowball's batch stemming)."""
    stop = frozenset(stopwords)
    counts = MapCounts(headwords=len(pairs))
    vocabulary = sorted({w for head, ts in pairs.items() for w in (head, *ts) if _ONE_WORD.match(w)})
    stem = dict(zip(vocabulary, stem_words(vocabulary), strict=True))
    bokmal = {t for ts in pairs.values() for t in ts if t in stem}
    bokmal_stems = {stem[t] for t in bokmal}
    forms: dict[str, str] = {}
    nynorsk_only: set[str] = set()
    by_stem: dict[str, set[str]] = {}  # headword stem → the stems of what its headwords are read as ("" = kept as is)
    for head, translations in pairs.items():
        if head not in stem or len(head) < MIN_LETTERS or head in stop:
            continue
        targets = [t for t in translations if t in stem and t not in stop]
        if not targets:
            continue
        counts.one_word += 1
        head_stem = stem[head]
        seen = by_stem.setdefault(head_stem, set())
        if head in translations:
            counts.also_bokmal += 1
            seen.add("")
            continue
        homograph = head_stem in bokmal_stems or _bokmal_inflection(head, bokmal)
        if not homograph:
            nynorsk_only.add(head)
        if len({stem[t] for t in targets}) > 1:
            counts.ambiguous += 1
            seen.add("")
            continue
        target = targets[0]
        if stem[target] == head_stem:
            counts.stems_meet += 1
            seen.add("")
            continue
        if homograph:
            counts.homograph += 1
            seen.add("")
            continue
        forms[head] = target
        seen.add(stem[target])
    # an inflected form is read through its stem only where every headword of that stem reads alike
    stems = {stem[h]: t for h, t in forms.items() if by_stem.get(stem[h]) == {stem[t]}}
    counts.stem_clash = len({stem[h] for h in forms} - set(stems))
    counts.kept = len(forms)
    return NynorskMap(forms, stems, counts, frozenset(nynorsk_only), stop)


#: Endings of bokmål inflection (nouns, verbs, adjectives): a headword that is a bokmål word with one of them
#: («skjer» = skje + r, «snur» = snu + r) is a bokmål form, whatever it means in nynorsk.
BOKMAL_ENDINGS = ("r", "er", "e", "en", "et", "a", "ene", "t", "te", "de", "s", "ere", "est", "ne")


def _bokmal_inflection(word: str, bokmal: set[str]) -> bool:
    return any(word.endswith(end) and word[: -len(end)] in bokmal for end in BOKMAL_ENDINGS)


def _files(prefix: str | Path) -> tuple[Path, Path] | None:
    index = Path(f"{prefix}.index")
    data = next((p for p in (Path(f"{prefix}.dict.dz"), Path(f"{prefix}.dict")) if p.exists()), None)
    return (index, data) if index.exists() and data is not None else None


@lru_cache(maxsize=8)
def source_id(prefix: str) -> str:
    """What the map of ``prefix`` is built from, for the lexical index's identity: «none» without the files, else a
    digest of them (an index built with another dictionary, or without one, is rebuilt)."""
    files = _files(prefix) if prefix else None
    if files is None:
        return "none"
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=8)
def load_map(prefix: str, stem_words: Callable[[list[str]], list[str]], stopwords: frozenset[str]) -> NynorskMap | None:
    """The map of the dictionary at ``prefix`` (``prefix.index`` and ``.dict.dz`` or ``.dict``); None, said once,
    when it is absent or unreadable."""
    files = _files(prefix) if prefix else None
    if files is None:
        log.info("Ingen nynorsk–bokmål-ordbok i %s(.index/.dict.dz): nynorsk leses med den innebygde ordlista alene "
                 "(installer dict-freedict-nno-nob)", prefix)
        return None
    try:
        return build_map(read_pairs(*files), stem_words, stopwords)
    except (OSError, ValueError, EOFError, KeyError) as exc:
        log.warning("Ordboka %s kunne ikke leses (%s); nynorsk leses med den innebygde ordlista alene", prefix, exc)
        return None
