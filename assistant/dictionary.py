"""English → Norwegian word translations for English questions, from an installed dictionary.

An English question over Norwegian documents is searched in Norwegian words (assistant/retrieve.py). The hand
glossary (``ENGLISH`` in assistant/norwegian.py) knows the words of the plans' own vocabulary; a word it lacks used to
be dropped. Under it now lies a broad dictionary read at runtime from where the operating system installed it — the
FreeDict English–Norwegian dictionary built from Wiktionary (Debian/Ubuntu package ``dict-freedict-eng-nor``,
CC BY-SA 3.0; its data is not part of this repository), in the dictd format (``.index`` + ``.dict.dz``). The path is
the ``english_dictionary`` setting; when the files are absent the glossary alone is used (said once in the log).

A dictionary word has many senses («place»: ståsted, sted, posisjon, plass, plassere …). The collection decides
among them: only translations whose stem the lexical index knows are kept (a corpus-driven filter — a Norwegian word
no document uses cannot find a passage), stop words are dropped, and a word keeps at most ``MAX_TRANSLATIONS`` of its
translations, those of the fewest-sense words first (an unambiguous translation before the n-th sense of a word with
ten). That is a convention of the language pair, not of any question.

Under the dictionary: a word it cannot translate is read through Swedish (English → Swedish → Norwegian, the same
filter; assistant/pivot.py), then through the words WordNet relates to it (assistant/wordnet.py),
and neighbouring English words that make a Norwegian compound the collection uses are read as that compound
(assistant/compounds.py).

English grammar (eleventh round): a word is read in the part of speech its question shows (assistant/englishpos.py:
"how close" is the adjective — not FreeDict's verb «lukke»), a WordNet synonym in the part of speech of the meaning it
came from ("wear" → "bear" the verb → «bære», not the animal «bjørn»), and a phrasal verb as one word ("carry out" →
«utføre», "set up" → «etablere»), each through the dictionary's and WordNet's entries for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from assistant.cognates import cognates
from assistant.compounds import join_compounds
from assistant.englishpos import PARTICLES, guess_pos
from assistant.fieldterms import field_english
from assistant.freedict import FREEDICT_POS, Dictionary, Entry, parse_entry  # noqa: F401 (re-exported)
from assistant.norwegian import (
    ENGLISH,
    ENGLISH_FUNCTION,
    ENGLISH_STOPLIST,
    QUERY_FILLER,
    STOPWORDS,
    _stem,
    english,
    words,
)
from assistant.senses import order_senses
from assistant.store import Store
from assistant.termstats import term_stats
from assistant.wordnet import WordNet, load_wordnet

log = logging.getLogger(__name__)

#: Translations a dictionary word adds to the lexical query, at most (chosen on the dev English questions).
MAX_TRANSLATIONS = 2
#: Senses of a dictionary word the other words of its question choose among (assistant/senses.py).
MAX_SENSES = 6

#: English words a dictionary must not translate (assistant/norwegian.py: function words and light verbs).
ENGLISH_STOP = ENGLISH_FUNCTION | STOPWORDS | QUERY_FILLER | ENGLISH_STOPLIST

#: Norwegian light verbs: a dictionary sense that gives one («gå om bord» for "board", «se etter» for "look after",
#: «klare seg» for "manage", «løpe» for "run") names no topic a passage could share with the question.
LIGHT_VERBS = frozenset("""
    gå går gikk gått se ser så sett sette setter satt ta tar tok tatt gi gir ga gitt komme kommer kom kommet få får
    fikk fått holde holder holdt legge legger la lagt ligge stå står sto stått bli blir ble blitt gjøre gjør gjorde
    gjort klare klarer klarte løpe løper rekke rekker kle finne finner fant funnet
    """.split())

@lru_cache(maxsize=4)
def _load(prefix: str) -> Dictionary | None:
    found = Dictionary.load(prefix)
    if found is None:
        log.info("Ingen engelsk–norsk ordbok i %s(.index/.dict.dz): engelske spørsmål leses med ordlista alene "
                 "(installer dict-freedict-eng-nor)", prefix)
    return found


def load_dictionary(prefix: str | None) -> Dictionary | None:
    """The dictionary of the ``english_dictionary`` setting, read once a process (None: not configured or absent)."""
    return _load(str(prefix)) if prefix else None


def translations(word: str, dictionary: Dictionary, known: Callable[[str], bool],
                 limit: int = MAX_TRANSLATIONS, pos: str | None = None) -> list[str]:
    """The Norwegian words for an English word that the collection uses (``known(stem)``), at most ``limit``: single
    words of its translations (a phrase «plassere seg» gives «plassere»), stop words dropped; translations of a sense
    with few alternatives first, then in the dictionary's order. ``pos``: only senses of that part of speech."""
    ranked: list[tuple[int, int, int, str]] = []
    for order, sense in enumerate(dictionary.senses(word, pos)):
        for place, t in enumerate(sense):
            for w in words(t):
                if w in STOPWORDS or w in LIGHT_VERBS or len(w) < 2 or w[0].isdigit() or not known(_stem(w)):
                    continue
                ranked.append((len(sense), order, place, w))
    out: list[str] = []
    for *_, w in sorted(ranked):
        if w not in out:
            out.append(w)
    out = out[:limit]
    # a Norwegian verb of one short syllable ending in a vowel takes «-r» in the present («dø» → «dør», «bo» → «bor»,
    # «tro» → «tror»), a form the stemmer keeps apart and the one a statement uses («600 barn dør hvert år»)
    verbs = {t for sense in dictionary.senses(word, "v") for t in sense} \
        if pos in (None, "v") and dictionary.tagged else set()
    return [x for w in out for x in ([w, w + "r"] if w in verbs and len(w) <= 3 and w[-1] in _VOWELS
                                                   and known(_stem(w + "r")) else [w])]


_VOWELS = frozenset("aeiouyæøå")


def related_translations(word: str, dictionary: Dictionary, wordnet: WordNet, known: Callable[[str], bool],
                         limit: int = MAX_TRANSLATIONS, pos: str | None = None,
                         pivot: Dictionary | None = None) -> list[str]:
    """The Norwegian words for an English word the dictionary cannot translate, through the English words WordNet
    relates to it (assistant/wordnet.py): its base forms («allocated» → allocate), then, sense by sense, its synonyms
    and derived words, each read by the glossary or by the dictionary's senses of the part of speech of the meaning
    it came from ("wear" the verb → "bear" the verb → «bære», never the noun «bjørn»); the first ``limit`` found that
    the collection uses ("shortage" → deficit → «underskudd»; "supervise" → supervision → «veiledning»). ``pos``:
    only the meanings of that part of speech.

    A related word the dictionary lacks is read through ``pivot`` (English → Swedish → Norwegian, assistant/pivot.py:
    "preservation" → preserve → «bevare»). And a noun read through the verb it derives from takes the Norwegian noun
    of that verb, «-e» → «-ing», where the collection uses it ("preservation" → preserve → «bevare» → «bevaring»):
    English "-ation", "-ment", "-al" and Norwegian «-ing» both name the act of the verb."""
    out: list[str] = []
    noun = pos == "n" or (pos is None and wordnet.parts_of_speech(word) == frozenset({"n"}))
    base = [(lemma.replace("_", " "), p) for lemma, p in wordnet.lemmas(word) if pos is None or p == pos]
    for candidate, cpos in dict.fromkeys([*base, *wordnet.related_pos(word, pos=pos)]):
        if candidate == word or candidate in ENGLISH_STOP:
            continue
        glossed = english(candidate)
        deriving = noun and cpos == "v"  # a noun's verb: any of its senses may have the noun (read all)
        width = MAX_SENSES if deriving else limit
        found = ([w for w in words(glossed) if known(_stem(w))] if glossed
                 else translations(candidate, dictionary, known, width, cpos))
        if not found and pivot is not None:
            found = translations(candidate, pivot, known, width)
        if deriving:  # the verb's nouns the collection uses — through the verb's synonyms when its own senses have
            # none ("preservation" → preserve → conserve → «bevare» → «bevaring») — else the verb's first senses
            nouns = _verbal_nouns(found, known)
            synonyms = [w for w, p in wordnet.related_pos(candidate, pos="v") if p == "v" and w not in ENGLISH_STOP]
            for synonym in synonyms[:_SYNONYMS] if not nouns else ():
                senses = translations(synonym, dictionary, known, MAX_SENSES, "v") or (
                    translations(synonym, pivot, known, MAX_SENSES) if pivot is not None else [])
                nouns += [n for n in _verbal_nouns(senses, known) if n not in nouns]
            found = nouns or found[:limit]
        out += [w for w in found if w not in out]
        if len(out) >= limit:
            break
    return out[:limit]


#: A verb's WordNet synonyms read for the noun of a noun derived from it, at most.
_SYNONYMS = 8


def _verbal_nouns(verbs: list[str], known: Callable[[str], bool]) -> list[str]:
    return [n for w in verbs if (n := verbal_noun(w)) is not None and known(_stem(n))]


def verbal_noun(verb: str) -> str | None:
    """The Norwegian noun naming a verb's act: «bevare» → «bevaring», «vurdere» → «vurdering» (None: not a verb in
    «-e», or a verb of one syllable whose noun is another form)."""
    if len(verb) < 5 or not verb.endswith("e") or verb[-2] in _VOWELS:
        return None
    return verb[:-1] + "ing"


#: English nouns derived from an adjective or a verb by their suffix: (suffix, the base's ending, the base's part of
#: speech) — "loneliness" → lonely, "availability" → available, "bilingualism" → bilingual, "preservation" → preserve.
_DERIVATIONS = (("iness", "y", "a"), ("ness", "", "a"), ("ility", "le", "a"), ("ality", "al", "a"), ("ity", "", "a"),
                ("ism", "", "a"), ("ation", "e", "v"), ("ation", "", "v"), ("ment", "", "v"))


def adjective_noun(adjective: str) -> str:
    """The Norwegian noun of an adjective's quality: «tospråklig» → «tospråklighet», «ensom» → «ensomhet»."""
    return adjective + "het"


def derived_translations(word: str, dictionary: Dictionary, known: Callable[[str], bool], limit: int = MAX_TRANSLATIONS,
                         pivot: Dictionary | None = None) -> list[str]:
    """The Norwegian nouns for an English noun no dictionary nor WordNet has, by English derivation: its base
    adjective or verb ("bilingualism" → bilingual) read by the dictionary (or the pivot), and the Norwegian noun made
    from that translation the same way — an adjective's quality in «-het» («tospråklig» → «tospråklighet»), a verb's
    act in «-ing» («bevare» → «bevaring») — where the collection uses it. Nothing when it does not: the base word's
    own translation is another part of speech, and a noun asks for the noun."""
    word = word.lower()
    for suffix, ending, pos in _DERIVATIONS:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        base = word[: -len(suffix)] + ending
        senses = translations(base, dictionary, known, MAX_SENSES, pos) or (
            translations(base, pivot, known, MAX_SENSES) if pivot is not None else [])
        nouns = [n for w in senses if (n := verbal_noun(w) if pos == "v" else adjective_noun(w)) and known(_stem(n))]
        if nouns:
            return list(dict.fromkeys(nouns))[:limit]
    return []


#: English negative prefixes; Norwegian negates with «u-» ("unsafe" → «utrygg», "inequality" → «ulikhet»).
_NEGATIONS = ("un", "in", "im", "ir", "il", "dis")


def negated_translations(word: str, dictionary: Dictionary, known: Callable[[str], bool],
                         limit: int = MAX_TRANSLATIONS) -> list[str]:
    """The Norwegian words for a negated English word no dictionary has, by its prefix: the rest of the word read by
    the glossary, the field's list, every dictionary sense and English derivation ("inequality" → equality → equal →
    «lik» → «likhet»), each with Norwegian «u-» where the collection uses the result («ulikhet», «utrygg», «usikker»).
    English negates with un-, in- (im-, ir-, il-) and dis-; Norwegian with «u-» — a convention of the two languages.
    Nothing when no such word is in the collection: "information" is no negated «formasjon»."""
    word = word.lower()
    word = word[:-3] + "y" if word.endswith("ies") else word  # "inequalities": the derivation reads the singular
    for prefix in _NEGATIONS:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or len(rest) < 4:
            continue
        base = words(english(rest) or "") + words(field_english(rest) or "") + all_translations(rest, dictionary) \
            + derived_translations(rest, dictionary, lambda stem: True, MAX_SENSES)
        found = [f"u{w}" for w in dict.fromkeys(base) if len(w) >= 3 and not w.startswith("u") and known(_stem(f"u{w}"))]
        if found:
            return found[:limit]
    return []


def all_translations(word: str, dictionary: Dictionary) -> list[str]:
    """Every single-word Norwegian translation of every sense of an English word (for compounds: the collection then
    chooses among them, assistant/compounds.py)."""
    out = [w for sense in dictionary.senses(word) for t in sense if len(ws := words(t)) == 1 for w in ws]
    return [w for w in dict.fromkeys(out) if w not in STOPWORDS and len(w) >= 2 and not w[0].isdigit()]


class EnglishReader:
    """English word → Norwegian words (space-separated) or None: the glossary first, then the dictionary (translations
    the collection uses), then — for a word the dictionary cannot translate — the dictionary's translations of the
    words WordNet relates to it. Without a dictionary: the glossary alone. ``compounds`` reads neighbouring words as
    the Norwegian compound they make (assistant/compounds.py); the reader then passes that compound through."""

    def __init__(self, dictionary: Dictionary | None, known: Callable[[str], bool], limit: int = MAX_TRANSLATIONS,
                 wordnet: WordNet | None = None, count: Callable[[str], int] | None = None,
                 related_words: bool = True, cooccur: Callable[[str, str], int] | None = None,
                 pivot: Dictionary | None = None, passages: int = 0,
                 related_pivot: Dictionary | None = None) -> None:
        self.dictionary = dictionary
        #: the pivot for the related words of a word neither dictionary translates (both readers, assistant/pivot.py)
        self.related_pivot = related_pivot if related_pivot is not None else pivot
        self.passages = passages  # passages of the collection (sense choice by association, assistant/senses.py)
        self.pivot = pivot  # English → Swedish → Norwegian, for words the dictionary cannot translate (assistant/pivot.py)
        self.related_words = related_words
        self.cooccur = cooccur
        self.known = known
        self.limit = limit
        self.wordnet = wordnet
        self.count = count or (lambda stem: int(known(stem)))  # stem → passages using it
        self._cache: dict[str, str | None] = {}
        self._cache_pos: dict[tuple[str, str], str | None] = {}
        self._passthrough: set[str] = set()  # compounds read once (Norwegian words)

    def __call__(self, word: str) -> str | None:
        if word in self._cache:
            return self._cache[word]
        found = self._read(word, None)
        self._cache[word] = found
        return found

    def read(self, word: str, pos: str | None) -> str | None:
        """The word read as the part of speech ``pos`` (assistant/englishpos.py) plays in its question: the
        dictionary's and WordNet's senses of that part of speech only; the glossary's and the field's words are
        read as they are. ``None``: as ``__call__``."""
        if pos is None or word in self._passthrough:
            return self(word)
        key = (word, pos)
        if key not in self._cache_pos:
            self._cache_pos[key] = self._read(word, pos)
        return self._cache_pos[key]

    def _read(self, word: str, pos: str | None) -> str | None:
        found = english(word)
        if found is not None and word not in ENGLISH and self.dictionary is not None and self.dictionary.entry(word):
            # the glossary read the word as an inflection of one of its own («news» as «new» → «nye», «caring» as
            # «car»), but the dictionary has the word itself: a lexicalised plural or -ing form is its own word
            found = " ".join(translations(word, self.dictionary, self.known, self.limit)) or found
        if found is None and word not in ENGLISH_STOP:  # the field's word for plan vocabulary (assistant/fieldterms.py)
            found = " ".join(self._field(word)[: self.limit]) or None
        if found is None and self.dictionary is not None and word not in ENGLISH_STOP:
            translated = translations(word, self.dictionary, self.known, self.limit, pos)
            if not translated and self.pivot is not None:  # through Swedish ("group" → grupp → «gruppe»)
                translated = translations(word, self.pivot, self.known, self.limit, pos)
            if not translated:  # a loanword spelled the Norwegian way ("evaluated" → «evaluert»)
                translated = cognates(word, lambda w: self.known(_stem(w)))[: self.limit]
            if not translated:  # a negated word: "inequality" → equality → «likhet» → «ulikhet»
                translated = negated_translations(word, self.dictionary, self.known, self.limit)
            if not translated and self.wordnet is not None and self.related_words and pos is not None:
                # the words WordNet relates to this part of speech's meanings ("pay" the noun → wage → «lønn»)
                translated = related_translations(word, self.dictionary, self.wordnet, self.known, self.limit, pos,
                                                  self.related_pivot)
            if not translated and pos in (None, "n"):  # an English derivation ("bilingualism" → «tospråklighet»)
                translated = derived_translations(word, self.dictionary, self.known, self.limit, self.related_pivot)
            if not translated and pos in ("n", "v"):  # the other of noun and verb: Norwegian derives both from one
                translated = translations(word, self.dictionary, self.known, self.limit)  # stem ("offer" → «tilbud»)
            if not translated and self.wordnet is not None and self.related_words and pos is None:
                translated = related_translations(word, self.dictionary, self.wordnet, self.known, self.limit,
                                                  pivot=self.related_pivot)
            found = " ".join(translated) or None
        return found

    def parts_of_speech(self, tokens: list[str]) -> dict[str, str]:
        """The part of speech each word of a question plays where its neighbours show it (assistant/englishpos.py;
        WordNet's parts of speech of the word); a word shown two ways keeps the first."""
        if self.wordnet is None:
            return {}
        wordnet = self.wordnet
        guessed = guess_pos(tokens, lambda w: wordnet.parts_of_speech(w) if w.isalpha() else frozenset())
        out: dict[str, str] = {}
        for word, pos in zip(tokens, guessed, strict=True):
            if pos is not None:
                out.setdefault(word, pos)
        return out

    def _field(self, word: str) -> list[str]:
        """The field's Norwegian words for an English word (assistant/fieldterms.py) that the collection uses, one a
        stem (the list gives bokmål and nynorsk forms: «tilskudd tilskot»)."""
        stems: dict[str, str] = {}
        for w in words(field_english(word) or ""):
            if self.known(stem := _stem(w)):
                stems.setdefault(stem, w)
        return list(stems.values())

    def candidates(self, word: str) -> list[str]:
        """Every Norwegian word the glossary and the dictionary give an English word (WordNet's when they give none)."""
        glossed = words(english(word) or "") + self._field(word)
        found = all_translations(word, self.dictionary) if self.dictionary is not None else []
        found = found or cognates(word, lambda w: self.known(_stem(w)))
        if not glossed and not found and self.dictionary is not None:
            found = derived_translations(word, self.dictionary, self.known, self.limit, self.related_pivot)
        if not glossed and not found and self.dictionary is not None and self.wordnet is not None:
            found = related_translations(word, self.dictionary, self.wordnet, self.known, self.limit,
                                         pivot=self.related_pivot)
        # the word itself: English and Norwegian share many nouns («plan», «team», «program», «modell»)
        return list(dict.fromkeys(glossed + found + [word]))

    def in_context(self, tokens: list[str]) -> Callable[[str], str | None]:
        """This reader for the words of one question: a dictionary word's senses ordered by the other words' (the
        translations the collection uses together, assistant/senses.py); without co-occurrence counts, the reader."""
        pos_of = self.parts_of_speech(tokens)
        if self.cooccur is None or self.dictionary is None:
            return lambda word: self.read(word, pos_of.get(word))
        dictionary = self.dictionary
        content = [t for t in dict.fromkeys(tokens) if t not in ENGLISH_STOP and not t[0].isdigit()]
        candidates: list[tuple[str, list[str]]] = []
        ambiguous: set[str] = set()
        for t in content:
            if english(t) is None and t not in self._passthrough and not (field_english(t) and self(t)):
                found = translations(t, dictionary, self.known, MAX_SENSES, pos_of.get(t))
                if found:
                    candidates.append((t, found))
                    ambiguous.add(t)
                    continue
            candidates.append((t, words(self.read(t, pos_of.get(t)) or "")))
        cooccur = self.cooccur
        ordered = order_senses([(t, ts) for t, ts in candidates],
                               lambda a, b: cooccur(_stem(a), _stem(b)),
                               lambda w: self.count(_stem(w)), self.passages)
        chosen = {t: " ".join(ts[: self.limit]) for t, ts in ordered.items() if t in ambiguous}

        def read(word: str) -> str | None:
            return chosen[word] if word in chosen else self.read(word, pos_of.get(word))

        return read

    def phrasal_verbs(self, tokens: list[str]) -> list[str]:
        """The tokens with each English phrasal verb — a verb and its particle, "carry out", "bringing up", "set
        up" — read as one word: the dictionary's entry for the phrase, else the words WordNet gives the phrase's
        meanings ("bring up" → rear, raise), each read as a verb. A particle read alone carries nothing («up»), and the
        verb alone is another verb ("bring" is «bringe», "bring up" a child is to raise it). Kept only when the phrase
        finds a Norwegian word the collection uses."""
        if self.dictionary is None or self.wordnet is None:
            return tokens
        out: list[str] = []
        i = 0
        while i < len(tokens):
            phrase = self._phrasal(tokens[i], tokens[i + 1]) if i + 1 < len(tokens) else None
            if phrase is None:
                out.append(tokens[i])
                i += 1
                continue
            out.append(phrase)
            i += 2
        return out

    def _phrasal(self, verb: str, particle: str) -> str | None:
        if particle not in PARTICLES or verb in ENGLISH_STOPLIST or not verb.isalpha() or self.wordnet is None \
                or self.dictionary is None or english(verb) is not None:
            # the hand glossary's word for the verb stands: it was chosen for the plans' phrase ("follow" →
            # «oppfølging», which "follow up" is; WordNet reads "follow up" as "carry out" → «utføre»)
            return None
        for base in self.wordnet.base_forms(verb, "v"):
            phrase = f"{base} {particle}"
            if not self.wordnet.offsets(phrase, "v"):
                continue
            found = translations(phrase, self.dictionary, self.known, self.limit, "v") or related_translations(
                phrase, self.dictionary, self.wordnet, self.known, self.limit, "v")
            if found:
                self._cache[phrase] = " ".join(found)
                self._passthrough.add(phrase)
                return phrase
        return None

    def compounds(self, tokens: list[str]) -> list[str]:
        """The tokens with each phrasal verb read as one word, and each run of English words that reads as one
        Norwegian compound replaced by it."""
        if self.dictionary is None:
            return tokens
        tokens = self.phrasal_verbs(tokens)
        runs = join_compounds(tokens, self.candidates, lambda w: self.count(_stem(w)), _joinable)
        out: list[str] = []
        at = 0
        for start, end, word in runs:
            out += tokens[at:start] + [word]
            self._cache[word] = word
            self._passthrough.add(word)
            at = end
        return out + tokens[at:]


def _joinable(token: str) -> bool:
    return " " not in token and token not in ENGLISH_FUNCTION and token not in ENGLISH_STOPLIST and not token[0].isdigit() and len(token) > 1


def english_reader(dictionary: Dictionary | None, known: Callable[[str], bool],
                   limit: int = MAX_TRANSLATIONS, wordnet: WordNet | None = None) -> EnglishReader:
    """The reader of :class:`EnglishReader` (kept as the function earlier rounds call)."""
    return EnglishReader(dictionary, known, limit, wordnet)


def _cooccurrence(store: Store) -> Callable[[str, str], int]:
    """Passages of the store's lexical index holding both stems (cached per reader, i.e. per index generation)."""
    import tantivy

    cache: dict[tuple[str, str], int] = {}

    def count(a: str, b: str) -> int:
        key = (a, b) if a <= b else (b, a)
        if key not in cache:
            lexical = store.lexical
            query = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, tantivy.Query.term_query(lexical.schema, "body", a)),
                (tantivy.Occur.Must, tantivy.Query.term_query(lexical.schema, "body", b))])
            cache[key] = int(getattr(lexical.index.searcher().search(query, 1, count=True), "count", 0) or 0)
        return cache[key]

    return count


_readers: dict[tuple[int, bool], tuple[tuple[int, str | None, str | None, str | None, str | None], EnglishReader]] = {}


def reader_for(store: Store, evidence: bool = False) -> EnglishReader:
    """The English reader of a store's collection: the glossary over the dictionary of its settings, filtered by the
    lexical index's vocabulary (cached per index generation), WordNet's related words under both, and compounds
    chosen by how many passages use them. ``evidence``: the reader of the question's evidence terms
    (assistant/query.py), which take a word's first known translation only (measured on the dev English questions:
    without dictionary words the evidence declines answers it could give; one translation for words with one sense
    only, or two, also did worse — eval/README, round 7) and no WordNet word (a related word's translation is a
    guess at the sense: as a search word it found 2 more dev passages, as evidence it lost 4 dev answers — round 8);
    both readers join compounds alike."""
    from assistant.pivot import load_pivot  # assistant/pivot.py builds on this module's Dictionary

    stats = term_stats(store)
    settings = store.settings
    prefix = settings.english_dictionary
    wordnet_dir = settings.english_wordnet
    key = (stats.generation, prefix, wordnet_dir, settings.english_swedish_dictionary, settings.swedish_dictionary)
    cached = _readers.get((id(store), evidence))
    if cached is None or cached[0] != key:
        def known(stem: str) -> bool:
            return stats.df.get(stem, 0) > 0
        dictionary = load_dictionary(prefix)
        pivot = load_pivot(settings.english_swedish_dictionary, settings.swedish_dictionary)
        reader = EnglishReader(dictionary, known, 1 if evidence else MAX_TRANSLATIONS, load_wordnet(wordnet_dir),
                               lambda stem: stats.df.get(stem, 0), related_words=not evidence,
                               cooccur=_cooccurrence(store),
                               pivot=None if evidence else pivot,  # search words only (assistant/pivot.py)
                               passages=stats.n, related_pivot=pivot)
        cached = _readers[(id(store), evidence)] = (key, reader)
    return cached[1]
