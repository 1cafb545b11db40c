"""English → Swedish → Norwegian: a pivot dictionary under the English–Norwegian one.

FreeDict's English–Norwegian dictionary (assistant/dictionary.py) lacks many common words («group», «unit»,
«accountable», «cover», «matter», «fill»). FreeDict's English–Swedish dictionary has many of them, and its
Swedish–Norwegian dictionary reads the Swedish word in Norwegian («group» → grupp → «gruppe»; «accountable» → ansvarig
→ «ansvarlig»). Both are Debian/Ubuntu packages (``dict-freedict-eng-swe``, ``dict-freedict-swe-nor``; their data is not
part of this repository), in the dictd format read by :class:`assistant.freedict.Dictionary`; the paths are the
``english_swedish_dictionary`` and ``swedish_dictionary`` settings. Absent → no pivot (logged once).

The pivot is read only for a word the English–Norwegian dictionary cannot translate into a word the collection uses,
and through the same filter (assistant/dictionary.py ``translations``): Norwegian words whose stem the lexical index
knows, stop words out, at most ``MAX_TRANSLATIONS``, those of the fewest-sense words first. Each English sense of the
English–Swedish dictionary becomes one sense: the Norwegian translations of its Swedish words, in order. The
English–Swedish dictionary names no part of speech, so the question's part of speech chooses among the Swedish word's
senses in the Swedish–Norwegian dictionary («fylla» the verb → «fylle», not the noun «fyll»), all of them when that part
of speech has none.

Search words only, as WordNet's related words (assistant/dictionary.py ``reader_for``): the question's evidence terms do
not read the pivot — a two-step translation is a guess at the sense (measured on the dev English questions: as search
words +1 answer, blind ±0; as evidence terms too, +2 −2 and one blind answer lost: "run" → söka → «søke» became an
evidence term no passage covers). A Swedish word the Swedish–Norwegian dictionary lacks read as a Norwegian word itself
(«grupp», «budget»), through the same filter, moved no dev answer: not built (eval/README, twelfth round).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from assistant.dictionary import LIGHT_VERBS
from assistant.freedict import Dictionary
from assistant.norwegian import STOPWORDS, words

log = logging.getLogger(__name__)


class PlainDictionary(Dictionary):
    """A dictd dictionary in the older FreeDict format, whose headers need not name a part of speech."""

    pos_required = False


class PivotDictionary(Dictionary):
    """English headwords (of the English–Swedish dictionary) with Norwegian senses (each Swedish translation read
    through the Swedish–Norwegian dictionary). English inflection and spellings as :class:`Dictionary` reads them."""

    #: The part of speech chooses among the Swedish word's senses, all of them where it has none of that part.
    tagged = False

    def __init__(self, english_swedish: Dictionary, swedish_norwegian: Dictionary) -> None:
        super().__init__(english_swedish.offsets, english_swedish.raw)
        self.english_swedish = english_swedish
        self.swedish_norwegian = swedish_norwegian
        self._pivoted: dict[tuple[str, str | None], tuple[tuple[str, ...], ...]] = {}

    def entry(self, head: str, pos: str | None = None) -> tuple[tuple[str, ...], ...]:
        """The Norwegian senses of an English headword: one for each of its Swedish senses that reads in Norwegian."""
        key = (head, pos)
        if key not in self._pivoted:
            senses: list[tuple[str, ...]] = []
            for swedish in self.english_swedish.entry(head):
                norwegian = [w for s in swedish for w in self.norwegian(s, pos)]
                if norwegian:
                    senses.append(tuple(dict.fromkeys(norwegian)))
            self._pivoted[key] = tuple(senses)
        return self._pivoted[key]

    def norwegian(self, swedish: str, pos: str | None = None) -> list[str]:
        """The Norwegian translations of a Swedish word or phrase: of its senses of part of speech ``pos`` when it has
        any, else of all; none for a Swedish function word or light verb (one of its translations is a Norwegian stop
        word or light verb: «få» → «få», «måtte»; «varje» → «hver»), whose other senses are noise ("receive" → få →
        «måtte»)."""
        swedish = swedish.strip().lower()
        senses = (self.swedish_norwegian.entry(swedish, pos) if pos else ()) or self.swedish_norwegian.entry(swedish)
        if not senses:
            return []
        found = [t for sense in senses for t in sense]
        if any(w in STOPWORDS or w in LIGHT_VERBS for t in found for w in words(t)):
            return []
        return found


@lru_cache(maxsize=4)
def _load(english_swedish: str, swedish_norwegian: str) -> PivotDictionary | None:
    first = PlainDictionary.load(english_swedish)
    second = Dictionary.load(swedish_norwegian)
    if first is None or second is None:
        log.info("Ingen engelsk–svensk–norsk omvei (%s, %s): engelske ord som den engelsk–norske ordboka mangler, "
                 "leses uten den (installer dict-freedict-eng-swe og dict-freedict-swe-nor)", english_swedish,
                 swedish_norwegian)
        return None
    return PivotDictionary(first, second)


def load_pivot(english_swedish: str | Path | None, swedish_norwegian: str | Path | None) -> PivotDictionary | None:
    """The pivot of the ``english_swedish_dictionary`` and ``swedish_dictionary`` settings, read once a process (None:
    not configured or absent)."""
    if not english_swedish or not swedish_norwegian:
        return None
    return _load(str(english_swedish), str(swedish_norwegian))
