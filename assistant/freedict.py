"""FreeDict dictionaries in the dictd format, as the English readers use them: an entry's senses by part of speech
(:func:`parse_entry`) and a headword looked up with simple English inflection and British spellings
(:class:`Dictionary`). Read by the English–Norwegian reader (assistant/dictionary.py) and, through Swedish, by the
pivot (assistant/pivot.py). Split out of assistant/dictionary.py (thirteenth round) unchanged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.dictd import read_dictd

log = logging.getLogger("assistant.dictionary")  # the reader's log, as before the split

_HEADER = re.compile(r"^(?P<head>.+?)\s+(?://[^/]*//\s*|/\[[^\]]*\]/\s*|/[^/]*/\s*)*<(?P<pos>[^>]*)>\s*$")
#: The older FreeDict header with no part of speech («group /gruːp/»: the English–Swedish dictionary, assistant/pivot.py).
_HEADER_NO_POS = re.compile(r"^(?P<head>.+?)\s+(?://[^/]*//\s*|/\[[^\]]*\]/\s*|/[^/]*/\s*)*(?:<(?P<pos>[^>]*)>)?\s*$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_TRAILING_SENSE = re.compile(r"\s+\d+\.$")
_EN_SUFFIXES = (("'s", ""), ("ies", "y"), ("ves", "f"), ("s", ""), ("es", ""), ("ied", "y"), ("ed", "e"), ("ed", ""),
                ("ing", "e"), ("ing", ""), ("ly", ""))
#: British spellings the dictionary may list in their American form ("organise" → "organize", "behaviour" →
#: "behavior", "centre" → "center", "programme" → "program").
_SPELLINGS = ((re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"), (re.compile(r"our(s?)$"), r"or\1"),
              (re.compile(r"(?<=[a-z]{2})tre(s?)$"), r"ter\1"), (re.compile(r"mme(s?)$"), r"m\1"))
#: English irregular plurals (grammar, not vocabulary): the dictionary lists the singular.
_IRREGULAR = {"children": "child", "men": "man", "women": "woman", "people": "person", "feet": "foot",
              "teeth": "tooth", "mice": "mouse", "lives": "life", "wives": "wife", "analyses": "analysis",
              "criteria": "criterion", "phenomena": "phenomenon", "data": "datum"}


#: FreeDict's part-of-speech tags as WordNet's parts of speech (assistant/wordnet.py): noun, verb, adjective, adverb.
FREEDICT_POS = {"n": "n", "pn": "n", "v": "v", "adj": "a", "adv": "r"}


@dataclass(frozen=True)
class Entry:
    """One headword's senses: each sense a tuple of Norwegian translations («plass», «plassere seg»); ``pos`` its part
    of speech as WordNet names them ("n", "v", "a", "r"), "" for other kinds (phrases, prepositions …)."""

    head: str
    senses: tuple[tuple[str, ...], ...]
    pos: str = ""


def parse_entry(text: str, pos_required: bool = True) -> Entry | None:
    """A FreeDict (WikDict) entry: a header line «word /pron/ <pos>», then for each sense a line of comma-separated
    translations («1. dø, døy» — numbered when there are several), each followed by English glosses (lines
    « 2.» continue the glosses of the same translations). ``pos_required=False``: the header may lack the part of
    speech (the older FreeDict dictionaries, e.g. English–Swedish)."""
    lines = text.splitlines()
    if not lines or not (m := (_HEADER if pos_required else _HEADER_NO_POS).match(lines[0].strip())):
        return None
    senses: list[tuple[str, ...]] = []
    expect_translation = True
    for line in lines[1:]:
        if not line.strip():
            continue
        numbered = _NUMBERED.match(line) if not line.startswith(" ") else None
        if numbered or expect_translation:
            body = numbered.group(2) if numbered else line
            body = _TRAILING_SENSE.sub("", body.strip())
            found = tuple(t.strip() for t in body.split(",") if t.strip() and not t.strip().startswith("Note:"))
            if found:
                senses.append(found)
            expect_translation = False
    pos = FREEDICT_POS.get((m.group("pos") or "").strip(), "")
    return Entry(m.group("head").strip().lower(), tuple(senses), pos) if senses else None


class Dictionary:
    """English headwords and their Norwegian senses, looked up with simple English inflection ("children" → "child",
    "cities" → "city", "decisions" → "decision"). Entries are parsed when first looked up: loading reads the index and
    the (decompressed) data only, ≈ 30 ms for FreeDict's 11,000 headwords, so the first English question stays fast."""

    #: Whether an entry's header must name its part of speech (False: the older FreeDict format, assistant/pivot.py).
    pos_required = True
    #: Whether a sense's part of speech is the English word's (not so through Swedish, assistant/pivot.py).
    tagged = True

    def __init__(self, offsets: dict[str, list[tuple[int, int]]], raw: bytes) -> None:
        self.offsets = offsets  # headword (lower-cased) → (offset, length) of its entries in ``raw``
        self.raw = raw
        self._parsed: dict[str, tuple[Entry, ...]] = {}

    @classmethod
    def read(cls, index_path: Path, dict_path: Path) -> Dictionary:
        """A dictd database: ``.index`` («word TAB offset TAB length», base-64 numbers) and ``.dict.dz`` (gzip) or
        ``.dict``. Entries of the same headword (noun and verb) are joined."""
        raw, rows = read_dictd(index_path, dict_path)
        offsets: dict[str, list[tuple[int, int]]] = {}
        for head, offset, length in rows:
            offsets.setdefault(head.strip().lower(), []).append((offset, length))
        return cls(offsets, raw)

    @classmethod
    def load(cls, prefix: str | Path) -> Dictionary | None:
        """The dictionary at ``prefix`` (``prefix.index`` and ``prefix.dict.dz`` or ``prefix.dict``), None when absent
        or unreadable."""
        index = Path(f"{prefix}.index")
        data = next((p for p in (Path(f"{prefix}.dict.dz"), Path(f"{prefix}.dict")) if p.exists()), None)
        if not index.exists() or data is None:
            return None
        try:
            return cls.read(index, data)
        except (OSError, ValueError, EOFError, KeyError) as exc:
            log.warning("Ordboka %s kunne ikke leses (%s); engelske spørsmål leses med ordlista alene", prefix, exc)
            return None

    def entries(self, head: str) -> tuple[Entry, ...]:
        """The entries of a headword as written in the index (lower-cased): noun and verb apart."""
        if head not in self._parsed:
            found: list[Entry] = []
            for offset, length in self.offsets.get(head, ()):
                parsed = parse_entry(self.raw[offset:offset + length].decode("utf-8", errors="replace"),
                                     self.pos_required)
                found += [parsed] if parsed else []
            self._parsed[head] = tuple(found)
        return self._parsed[head]

    def entry(self, head: str, pos: str | None = None) -> tuple[tuple[str, ...], ...]:
        """The senses of a headword (of its entries of part of speech ``pos``, when given), () when it has none."""
        return tuple(sense for e in self.entries(head) if pos is None or e.pos == pos for sense in e.senses)

    def senses(self, word: str, pos: str | None = None) -> tuple[tuple[str, ...], ...]:
        """The senses of an English word, its inflected forms and British spellings included; with ``pos``, only
        those of that part of speech ("close" the adjective has none: FreeDict lists only the verb «lukke»)."""
        word = word.lower()
        for spelling in dict.fromkeys((word, *(p.sub(r, word) for p, r in _SPELLINGS))):
            if found := self._senses(spelling, pos):
                return found
        return ()

    def _senses(self, word: str, pos: str | None) -> tuple[tuple[str, ...], ...]:
        for candidate in (word, _IRREGULAR.get(word, "")):
            if candidate and (found := self.entry(candidate, pos)):
                return found
        for suffix, repl in _EN_SUFFIXES:
            base = word[: -len(suffix)] + repl
            if word.endswith(suffix) and len(base) >= 3 and (found := self.entry(base, pos)):
                return found
        return ()
