"""Term coverage: which of a question's terms a text covers, and their idf-weighted share.

A question term is covered by the text's term, a thesaurus synonym, a word containing it, the same stem but for a
doubled final consonant, a short verb's past in «-dde» («grudde» ~ «gruet»), a Latin noun's forms without «-um» («museum» ~ «museer»), or a definite ending the stemmer does not
reach («sjøen» ~ «sjø»), or — for compounds — both of its parts, also as a suspended compound whose head is said once («fritids-, kultur- og idrettsaktiviteter» says
«fritidsaktivitet»). ``coverage`` / ``share`` weigh the covered terms by idf; ``unknown_share`` is the weight of the long
words no document uses. The not-found decision (assistant/evidence.py) and the composer (assistant/compose.py) read
texts through it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.norwegian import THESAURUS, _stem, short_base, unit_terms
from assistant.termstats import TermStats

__all__ = ["AMOUNT_TERMS", "SHARE_TERMS", "coverage", "covered_terms", "share", "short_base", "suspended_terms",
           "unknown_share"]

#: Stems of the words that ask for a share («andel», «andelen», «prosentdel»): a percentage answers them.
SHARE_TERMS = frozenset({"andel", "prosent", "prosentandel", "prosentdel"})
#: Stems of the words that ask for an amount («hva koster», «kostnaden», «prisen»): the amount answers them.
AMOUNT_TERMS = frozenset({"kost", "kostnad", "pris", "beløp", "peng"})


@lru_cache(maxsize=4096)
def _synonyms(term: str) -> frozenset[str]:
    """The term and the stems of every thesaurus group it belongs to (cached: called per term,
    per passage unit)."""
    out = {term}
    for group in THESAURUS:
        stems = {_stem(g) for g in group}
        if term in stems:
            out |= stems
    return frozenset(out)


def _same_stem(a: str, b: str) -> bool:
    """Stems that differ only by a doubled final consonant: Snowball leaves «programmet» as
    «programm» but «program» as «program»."""
    if len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return long[:-1] == short and long[-1] == long[-2] and long[-1] not in "aeiouyæøå"


#: A short verb's forms beside its past in «-dde» (Snowball leaves them whole: «grue», «gruer», «gruet», «grudde»)
_SHORT_VERB_ENDS = ("", "e", "r", "er", "et", "dd")


def _dd_base(stem: str) -> str:
    """The verb of a strong past «-dde» on a vowel («grudd» → «gru», «snudd» → «snu»), "" otherwise — not of a
    two-letter verb («bodd» → «bo», «nådd» → «nå» would meet «når», "when")."""
    if 5 <= len(stem) <= 6 and stem.endswith("dd") and stem[-3] in "aeiouyæøå":
        return stem[:-2]
    return ""


def _short_verb_forms(term: str, text_terms: frozenset[str] | set[str]) -> bool:
    """A question's «grudd» in a text's «gruet» / «gruer» / «grue», or the other way round."""
    if verb := _dd_base(term):
        return any(t.startswith(verb) and t[len(verb):] in _SHORT_VERB_ENDS for t in text_terms)
    return any((verb := _dd_base(t)) and term.startswith(verb) and term[len(verb):] in _SHORT_VERB_ENDS
               for t in text_terms if t[:3] == term[:3])


def _latin_base(stem: str) -> str:
    """A Latin noun's stem without «-um» («museum» → «muse», «kriterium» → «kriteri», «sentrum» → «sentr»), "" when
    the stem does not end so or the rest is shorter than four letters («forum», «album», «sum»)."""
    return stem[:-2] if stem.endswith("um") and len(stem) >= 6 else ""


def _latin_forms(term: str, text_terms: frozenset[str] | set[str]) -> bool:
    """Norwegian inflects a Latin noun in «-um» without it — «museum», «museet», «museer», «museene»; «kriterium»,
    «kriterier» — and the stemmer keeps «museum» apart from «muse»: a question's «museum» is said by a text's «museer»
    and the other way round."""
    if base := _latin_base(term):
        return base in text_terms
    return any(_latin_base(t) == term for t in text_terms if t[:4] == term[:4])


_ORDINALS = ("første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende", "tiende")
_GRADE_PUPIL = re.compile(rf"^(?:({'|'.join(_ORDINALS)})|(fyrste|syvende))(?:klass|trinn|steg)")
_GRADE_WORDS = frozenset({"trinn", "klass", "klasse", "klassetrinn", "årstrinn", "steg", "årssteg"})


def _grade_covered(term: str, text_terms: frozenset[str] | set[str]) -> bool:
    """«førsteklassing», «femteklassingane», «tiendeklasse» — a grade named by its ordinal — is covered by the grade in
    digits («1. trinn», «5. klasse»: the number and a grade word among the text's terms) or in words («første trinn»)."""
    m = _GRADE_PUPIL.match(term)
    if not m:
        return False
    word = m.group(1) or {"fyrste": "første", "syvende": "sjuende"}[m.group(2)]
    n = str(_ORDINALS.index(word) + 1)
    grade = any(t in _GRADE_WORDS or t.startswith(("klass", "trinn")) for t in text_terms)
    return grade and (n in text_terms or word in text_terms or _stem(word) in text_terms)


def _covered(term: str, text_terms: frozenset[str] | set[str], joined: str) -> bool:
    """A question term is covered by a text when the text has it, a synonym, a word containing
    it ("mobbing" in "antimobbing"; a four-letter stem as a compound's first part: "klim" in "klimanøytralt"),
    the same stem but for a doubled final consonant, or — for
    compounds — both of its parts ("trivsels|plan"), also inside one longer compound
    ("lands|snitt" in "landsgjennomsnitt"). An English word's translations «tilsyn|veiledning» (assistant/query.py):
    any one of them."""
    if "|" in term:
        return any(_covered(t, text_terms, joined) for t in term.split("|"))
    if term in text_terms or _grade_covered(term, text_terms):
        return True
    for syn in _synonyms(term):
        if syn in text_terms or (len(syn) >= 5 and syn in joined):
            return True
    if any(_same_stem(term, t) for t in text_terms if t[:4] == term[:4]):
        return True
    if _short_verb_forms(term, text_terms):  # «grudde» ~ «gruet»: a short verb's strong past beside its weak forms
        return True
    if _latin_forms(term, text_terms):  # «museum» ~ «museer», «museet»: a Latin noun's «-um» off in its other forms
        return True
    base = short_base(term)
    if base != term and (base in text_terms or any(short_base(t) == base for t in text_terms if t[:2] == base[:2])) \
            or base == term and any(short_base(t) == term for t in text_terms if t[:2] == term[:2]):
        return True
    # a short stem as the first part of a text compound: «klima» (stem «klim») in «klimanøytralt», «elev» in
    # «elevrådet» (longer stems are found inside any word above)
    if len(term) == 4 and any(len(t) >= 8 and t.startswith(term) for t in text_terms):
        return True
    if len(term) >= 8:
        for i in range(4, len(term) - 2):  # the second part may be short: «folkehelse|mål», «ungdoms|råd»
            whole, right = term[:i], term[i:]
            left = whole[:-1] if whole.endswith(("s", "e")) and len(whole) > 4 else whole
            # the first part as the text's stems have it: «folkehelse» → «folkeh», as «folkehels» → «folkehel»
            lefts = {left} | {x for x in (_stem(left), _stem(whole)) if len(x) >= 4}
            starts = [t for t in text_terms if t.startswith(tuple(lefts))]
            if not starts:
                continue
            if any(t.startswith(right) for t in text_terms):
                return True
            if len(right) >= 4 and any(len(t) >= len(left) + len(right) + 2 and t.endswith(right) for t in starts):
                return True
    return False


@lru_cache(maxsize=65536)
def covered_terms(terms: tuple[str, ...], text: str) -> frozenset[str]:
    """The question terms a text covers (cached: units and passages are judged again for each
    piece, and for every question that retrieves them)."""
    tt = unit_terms(text)
    joined = " ".join(tt)
    percent = "%" in text or "prosent" in joined  # a share is given as a percentage: «andel» ~ «86,6 %»
    got = frozenset(t for t in terms if _covered(t, tt, joined) or (percent and t in SHARE_TERMS))
    return got | suspended_terms(terms, text) if got != frozenset(terms) else got


# A compound whose head is said once for several first parts: «fritids-, kultur- og idrettsaktiviteter», «grunn- og
# videregående opplæring», «barne- og ungdomsskoler» — each first part with the head of the last word.
_SUSPENDED = re.compile(r"((?:\b[^\W\d_]{2,}-\s*(?:,\s*|\s+))+)(?:og|eller|samt|and|or)\s+([^\W\d_]{4,})", re.I)


@lru_cache(maxsize=16384)
def suspended_terms(terms: tuple[str, ...], text: str) -> frozenset[str]:
    """Question terms a text says as a suspended compound: «fritidsaktivitet» in «fritids-, kultur- og
    idrettsaktiviteter» (the term opens with a first part, with or without its joint «s» / «e», and the last word
    holds the term's rest)."""
    if "-" not in text:
        return frozenset()
    out = set()
    for m in _SUSPENDED.finditer(text):
        last = m.group(2).lower()
        for part in re.findall(r"([^\W\d_]{2,})-", m.group(1)):
            part = part.lower()
            for first in {part, part[:-1] if part.endswith(("s", "e")) and len(part) > 3 else part}:
                out |= {t for t in terms if t.startswith(first) and len(t) - len(first) >= 3 and t[len(first):] in last}
    return frozenset(out)


def _in_vocabulary(term: str, st: TermStats) -> bool:
    """The collection uses the word (also inflected otherwise: «forårsakt» ~ «forårsak»), a synonym, or — for a
    compound — both of its parts («budsjett|vedtak»); a nynorsk word also as bokmål writes its diphthong
    («utbreidd» ~ «utbredt», «haustferien» ~ «høstferien», «høyre» ~ «høre»; dev r1098)."""
    folded = _NYNORSK_DIPHTHONG.sub(lambda m: _BOKMAL_VOWEL[m.group(0)], term)
    return _known(term, st) or (folded != term and _known(folded, st))


#: Nynorsk diphthongs where bokmål writes one vowel («breidd» / «bredd», «draum» / «drøm», «høyre» / «høre»)
_NYNORSK_DIPHTHONG = re.compile(r"ei|au|øy")
_BOKMAL_VOWEL = {"ei": "e", "au": "ø", "øy": "ø"}


def _known(term: str, st: TermStats) -> bool:
    if any(st.df.get(x, 0) > 0 for x in _synonyms(term)):
        return True
    if any(st.df.get(term[:k], 0) > 0 for k in range(max(6, len(term) - 2), len(term))):
        return True
    for i in range(3, len(term) - 2):
        left, right = term[:i], term[i:]
        lefts = {left, _stem(left)} | ({left[:-1]} if left.endswith(("s", "e")) and len(left) > 4 else set())
        rights = {right, _stem(right), right + right[-1]}  # «program» as the index has it: «programm»
        if any(st.df.get(x, 0) > 0 for x in lefts) and any(st.df.get(x, 0) > 0 for x in rights):
            return True
    return False


def unknown_share(terms: tuple[str, ...], st: TermStats) -> float:
    """idf-weighted share of the question's long words (≥ 8 letters: the compounds that name a measure or a topic,
    «mobiltelefon», «svømmeopplæring») that the collection never uses, not even as a compound's two parts: what
    no document mentions cannot be answered, however well the other words are covered."""
    if not any(st.df.get(t, 0) > 0 for t in terms):
        return 0.0  # no word of the question is known — no vocabulary to judge by (an empty or unread index)
    total = sum(_idf(t, st) for t in terms)
    unknown = sum(_idf(t, st) for t in terms if len(t) >= 8 and not _in_vocabulary(_first(t), st))
    return unknown / total if total else 0.0

def share(terms: tuple[str, ...], covered: frozenset[str], st: TermStats) -> float:
    """idf-weighted share of ``terms`` that are in ``covered``."""
    total = sum(_idf(t, st) for t in terms)
    return sum(_idf(t, st) for t in terms if t in covered) / total if total else 0.0


def coverage(terms: list[str] | tuple[str, ...], text: str, st: TermStats) -> float:
    """idf-weighted share of the question's terms found in a text (compound parts count)."""
    if not terms:
        return 0.0
    got = covered_terms(tuple(terms), text)
    total = sum(_idf(t, st) for t in terms)
    return sum(_idf(t, st) for t in terms if t in got) / total if total else 0.0


def _first(term: str) -> str:
    """An English word's first translation of its alternatives «tilsyn|veiledning» (the term itself otherwise)."""
    return term.split("|", 1)[0]


def _idf(term: str, st: TermStats) -> float:
    """A term's idf; alternatives weigh as their first translation (one English word, one weight)."""
    return st.idf(_first(term))
