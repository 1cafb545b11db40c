"""A question analysed once: ``analyse(question, store) -> Query``.

The Query carries what every later stage needs — the content terms, the language, the
municipalities, laws (with §) and white papers the question names, capitalised names no document
mentions, and the kind of question — and is handed to retrieval (assistant/retrieve.py), the
not-found decision (assistant/evidence.py) and the composer (assistant/compose.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from assistant.coverage import AMOUNT_TERMS, SHARE_TERMS
from assistant.dictionary import reader_for
from assistant.docnamed import document_part, topic_part
from assistant.language import Language, detect_language
from assistant.namedparts import Vocabulary, known_word, municipality_at, named_compound, rest_of_word
from assistant.names import name_vocabulary
from assistant.norwegian import (
    COGNATE_LETTERS,
    ENGLISH,
    ENGLISH_FUNCTION,
    ENGLISH_STOPLIST,
    EVIDENCE_FILLER,
    PHRASE_WORDS,
    QUERY_FILLER,
    STOPWORDS,
    _stem,
    capitalised_names,
    english_phrases,
    rewrite_phrases,
    words,
)
from assistant.questionwords import question_word
from assistant.store import Store
from assistant.termstats import term_stats


class QuestionKind(StrEnum):
    """What kind of answer the question asks for (decides what the answer must contain)."""

    NUMBER = "number"  # hvor mange / hvor stor / andel / how many: a number
    COST = "cost"  # hva koster / kostnad / how much does … cost: an amount
    WHEN = "when"  # når / hvilket år / when: a year or date
    LIST = "list"  # hvilke / kva for / which: a list
    WHO = "who"  # hvem er <rolle> / who is the <role>: a person's name
    LAW = "law"  # names a §: that paragraph
    COMPARE = "compare"  # names two or more municipalities: one part per municipality
    DEFINITION = "definition"  # hva menes med / hva betyr / what does … mean: the sentence that defines it
    WHY = "why"  # hvorfor / kvifor / why: the sentence with the reason beside the one it explains
    GENERAL = "general"


#: Kinds whose answer must hold a particular thing (a number, an amount, a date, a person's name).
QUANTITY_KINDS = frozenset({QuestionKind.NUMBER, QuestionKind.COST, QuestionKind.WHEN, QuestionKind.WHO})


@dataclass(frozen=True)
class LawRef:
    """A law the question names, with the § when it names one («opplæringslova § 12-4»)."""

    name: str  # as written: "opplæringslova"; "" when only a § is named
    key: str  # comparable across bokmål/nynorsk/definite forms: "opplæringslov"
    paragraph: str = ""  # "§ 12-4"


@dataclass(frozen=True)
class Query:
    text: str
    language: Language
    terms: tuple[str, ...]  # content stems (municipality, law and document names left out)
    municipalities: tuple[str, ...]  # known municipalities named, in order of mention
    laws: tuple[LawRef, ...]
    documents: tuple[str, ...]  # white papers / NOUs named: "Meld. St. 6", "NOU 2019: 23"
    unknown_names: tuple[str, ...]  # capitalised names no document mentions ("Hamar")
    kind: QuestionKind
    #: municipalities named as such («Drammen kommune», «Nes-planen», "Bergen municipality") that no document of
    #: the collection belongs to — even when some document mentions the name: "Drammen kommune"
    unknown_municipalities: tuple[str, ...] = ()
    #: what a «hvor mange X» / "how many X" question counts: the stem of X (one of ``terms``), else ""
    counted: str = ""
    #: the terms of the words naming the document in «Hva sier <plan> om <topic>?» (assistant/docnamed.py) that the
    #: topic's words do not also have: they choose the document, through its title and headings, not the unit
    document_terms: tuple[str, ...] = ()

    @property
    def english(self) -> bool:
        return self.language == Language.EN

    @property
    def unit_terms(self) -> tuple[str, ...]:
        """The terms a unit's own text is read for: the question's terms without those naming the document asked
        about (all of them when nothing else is left)."""
        own = tuple(t for t in self.terms if t not in self.document_terms)
        return own or self.terms

    @property
    def wants_number(self) -> bool:
        return self.kind in (QuestionKind.NUMBER, QuestionKind.COST)


_NUMBER_Q = re.compile(r"\b(hvor mange|kor mange|hvor stor[te]?|kor stor[te]?|hvor høy[te]?|kor høg[te]?|hvor mye|kor mykje|hvilket tall|"
                       r"andel|prosent|how many|how much|what share|what percentage|what proportion|what part|what fraction|what portion|"
                       r"how large a (?:share|part|proportion|percentage)|how large|how big|how high)\b", re.I)
# «Hvor mye / hvor stort er tilskuddet, lønna, beløpet, egenandelen …»: a sum of money is asked for; so is a debt
# («Hvor stor er netto lånegjeld …?» is not answered by «tre … handlingsregler»; dev r1042) — not the verb «gjelder».
_COST_Q = re.compile(r"\b(koster|koste|kostet|kostar|kosta|cost|costs|costed)\b|"
                     r"\b(hvor mye|kor mykje|how much|hvor stor[te]?|kor stor[te]?|hvor høy[te]?|kor høg[te]?|how large|"
                     r"how big|how high)\b.*\b(penger|pengar|kroner|satt av|sett av|bevilg\w*|budsjett\w*|"
                     r"kostnad\w*|utgift\w*|tilskudd\w*|tilskot\w*|lønn\w*|løn|lønna|løna|beløp\w*|sum|summen|"
                     r"midler|midlene|midlane|egenandel\w*|gebyr\w*|avgift\w*|\w*gjeld|\w*gjelda|\w*gjelden|debt|money|budget|spend\w*|funding|grant|grants|salary|salaries|pay|wages?|fee|fees)\b",
                     re.I)
_WHEN_Q = re.compile(r"^\W*(når|when)\b|\b(hvilket år|kva år|which year|what year)\b", re.I)
_LIST_Q = re.compile(r"^\W*(hvilke|kva for|which|list)\b|^\W*(hva|kva|what) (er|are) (de|dei|the)\b|"
                     r"^\W*(hva|kva) (er|var) [a-zæøå]+(ene|ane)\b", re.I)
# «Hvem er folkehelsekoordinator …», «Kven er rektor …», «Who is the coordinator …», «Hvem leder utvalget …»: a role
# one person holds, so the answer names a person. Not groups and organs («Hvem er styringsgruppe …»: the answer may be an organ).
_WHO_Q = re.compile(r"^\W*(?:hvem|kven) (?:leder|leiar|leier|styrer|styrar|koordinerer|koordinerar)\b|"
                    r"^\W*who (?:leads|heads|chairs|coordinates|runs)\b|"
                    r"^\W*(?:hvem|kven) (?:er|var|blir|vert)\s+(?:[a-zæøå]+\s+)?[a-zæøå]*(?:koordinator|leder|leiar|sjef|"
                    r"direktør|rektor|ordfører|rådmann|kontaktperson|rådgiver|rådgjevar|styrer|styrar)(?:en|a)?\b|"
                    r"^\W*who (?:is|was) (?:the\s+)?[a-z ]*(?:coordinator|leader|head|director|principal|mayor|"
                    r"contact person|adviser|advisor)\b", re.I)
# «Hva menes med samarbeid …», «Hva betyr nullvekstmålet», «Kva inneber …», "What does … mean", "What is meant by …".
_DEFINITION_Q = re.compile(r"^\W*(?:hva|kva)\s+(?:menes|meines|meinast|betyr|tyder|innebærer|inneber|vil det si)\b|"
                           r"^\W*(?:hva|kva) (?:er|var) (?:meningen|definisjonen|tydinga)\b|"
                           r"^\W*what (?:does|do|did) .+ mean\b|\bwhat is meant by\b|\bwhat is the meaning of\b|"
                           r"^\W*(?:define|definer)\b", re.I)
_WHY_Q = re.compile(r"^\W*(?:hvorfor|kvifor|korfor|why)\b|\b(?:hva er (?:grunnen|årsaken)|kva er grunnen|what is the reason)\b",
                    re.I)
# «§ 5-4 a» / «§ 5-4a» name a lettered §; «§ 12-2 i opplæringslova» is the preposition «i»
_PARAGRAPH = re.compile(r"§\s*(\d+(?:-\d+)?(?:[a-z]|\s(?!i\b)[a-z])?(?![\wæøå]))")
# A law's name: one word ending in -lov(a/en), possibly after "plan- og " («plan- og bygningsloven»).
_LAW_NAME = re.compile(r"\b((?:[a-zæøå]+-\s*og\s+)?[a-zæøå]{3,}lov(?:a|en|ven|i)?)\b", re.I)
# English names of the laws plans cite most.
LAW_NAMES_EN = {
    "education act": "opplæringslova", "kindergarten act": "barnehageloven", "day care act": "barnehageloven",
    "public health act": "folkehelseloven", "planning and building act": "plan- og bygningsloven",
    "child welfare act": "barnevernsloven", "local government act": "kommuneloven",
}
# A white paper or NOU by its number: «Meld. St. 21», «St.meld. nr. 16», «stortingsmelding 28», «NOU 2016: 18» — the two
# series (St.meld. nr. until 2009, Meld. St. since) number afresh each session, so the session «(2003–2004)» after the
# number is part of the name when the question gives it.
_DOCUMENT = re.compile(r"\b(?:(meld\.?\s*st\.?)|st\.?\s*meld(?:\.|ing)?(?:\s*nr\.?)?|stortingsmelding(?:\s*nr\.?)?)\s*(\d+)"
                       r"(?:\s*\((\d{4})\s*[–-]\s*(\d{4})\))?|\bnou\s*(\d{4})\s*:\s*(\d+)", re.I)


# «section 12-2 of the Education Act», «paragraf 4 i barnehageloven»: the § written out. A hyphenated number is how
# Norwegian laws number their §§ (chapter-paragraph), so «section 12-2» is one wherever it stands; a plain number
# («section 4») only in a question that names a law (a plan's «section 4» is a chapter).
_SECTION_WORD = re.compile(r"\b(?:sections?|paragraphs?|paragrafen|paragraf|paragrafane|paragrafene)\s+"
                           r"(\d+(?:-\d+)?(?:[a-z]|\s(?!i\b)[a-z])?(?![\wæøå]))(?![.,]\d)", re.I)


def paragraph_signs(question: str) -> str:
    """The question with «section / paragraph / paragraf N» written as «§ N» where N is a law's § (see above)."""
    names_law = bool(_LAW_NAME.search(question)) and any(law_key(m.group(1)) != "lov" for m in _LAW_NAME.finditer(
        question)) or any(re.search(rf"\b{en}\b", question, re.I) for en in LAW_NAMES_EN) or bool(
        re.search(r"\b[A-Z][a-z]+ Act\b", question))
    return _SECTION_WORD.sub(lambda m: f"§ {m.group(1)}" if names_law or "-" in m.group(1) else m.group(0), question)


def law_key(name: str) -> str:
    """«opplæringslova», «opplæringsloven» → «opplæringslov»; «plan- og bygningsloven» → «plan og bygningslov»."""
    name = re.sub(r"[-\s]+", " ", name.lower()).strip()
    return re.sub(r"(?<=lov)(?:a|en|ven|i)$", "", name)


def named_laws(question: str) -> list[LawRef]:
    """Laws and §§ the question names: («opplæringslova», "§ 12-4"), ("", "§ 12-3"), («barnehageloven», "")."""
    low = unicodedata.normalize("NFC", paragraph_signs(question)).lower()
    for en, nb in LAW_NAMES_EN.items():
        low = low.replace(en, nb)
    names = [(m.start(), m.group(1)) for m in _LAW_NAME.finditer(low) if law_key(m.group(1)) != "lov"]
    paragraphs = [(m.start(), f"§ {m.group(1)}") for m in _PARAGRAPH.finditer(low)]
    refs: list[LawRef] = []
    used: set[int] = set()
    for pos, para in paragraphs:
        # the law a § belongs to is the nearest name before it («opplæringslova § 12-4»), else after it
        before = [n for n in names if n[0] < pos]
        after = [n for n in names if n[0] > pos]
        owner = before[-1] if before else (after[0] if after else None)
        if owner:
            used.add(owner[0])
        refs.append(LawRef(owner[1] if owner else "", law_key(owner[1]) if owner else "", para))
    refs += [LawRef(n, law_key(n)) for pos, n in names if pos not in used]
    return refs


def named_documents(question: str) -> list[str]:
    """White papers and NOUs the question names, in their usual form and series, with the session when given:
    "Meld. St. 6", "St.meld. nr. 16 (2006–2007)", "NOU 2019: 23"."""
    out = []
    for m in _DOCUMENT.finditer(question):
        if m.group(5):
            out.append(f"NOU {m.group(5)}: {m.group(6)}")
            continue
        session = f" ({m.group(3)}–{m.group(4)})" if m.group(3) else ""
        out.append(f"{'Meld. St.' if m.group(1) else 'St.meld. nr.'} {m.group(2)}{session}")
    return out


_TITLED_DOCUMENT = re.compile(rf"(?i:{_DOCUMENT.pattern})(?:\s*\(\d{{4}}[–-]\d{{4}}\))?(?:\s+[A-ZÆØÅ][\wæøå-]*(?:\s+på)?)*")


def _without_references(question: str) -> str:
    """The question without law names, §§ and document references (and a white paper's title
    words right after its number: «Meld. St. 21 Fullføringsreformen»)."""
    text = _TITLED_DOCUMENT.sub(" ", question)
    text = _PARAGRAPH.sub(" ", paragraph_signs(text))
    for en in LAW_NAMES_EN:
        text = re.sub(rf"\b(?:the\s+)?{en}\b", " ", text, flags=re.I)
    return _LAW_NAME.sub(lambda m: " " if law_key(m.group(1)) != "lov" else m.group(0), text)


def known_municipalities(store: Store) -> list[str]:
    return sorted({m.municipality for m in store.docs() if m.municipality})


def named_municipalities(question: str, known: list[str], vocab: Vocabulary | None = None) -> list[str]:
    """Municipalities named in the question, in order of mention ("Løten", "Løtens", "Løtenskolen");
    a name of several words is also found by its first word («Telemark» for «Telemark
    fylkeskommune») when no other known name starts with it. With ``vocab`` (the lexical index's stems), a name at a
    word's start names the municipality only when the word ends there or goes on as a genitive, a hyphen or a compound
    with a word the collection uses (assistant/namedparts.py): "holds" does not name Hol."""
    found = []
    low = question.lower()
    firsts = [n.lower().split()[0] for n in known]

    def first_at(name: str) -> re.Match[str] | None:
        for m in re.finditer(rf"\b{re.escape(name)}", low):
            rest = rest_of_word(low, m.end())
            # … or a capitalised place the collection writes, in the municipality's name: «Lierstranda», «Lierdalen»
            if municipality_at(rest, vocab) or (question[m.start()].isupper() and known_word(name + rest, vocab)):
                return m
        return None
    for name in known:
        m = first_at(name.lower())
        first = name.lower().split()[0]
        if m is None and " " in name and len(first) >= 4 and firsts.count(first) == 1:
            m = first_at(first)
        if m:
            found.append((m.start(), name))
    return [n for _, n in sorted(found)]


_PROPER = re.compile(r"(?<!^)(?<![.?!] )\b([A-ZÆØÅ][a-zæøå]{2,})\b")


def unknown_names(question: str, store: Store) -> list[str]:
    """Capitalised names in the question (not its first word) that no document mentions:
    'Hamar', 'Nes' — a question about them cannot be answered from this collection."""
    vocab = term_stats(store).df
    text = _without_references(question).strip()
    names = [m.group(1) for m in _PROPER.finditer(text)]
    # words() maps nynorsk forms ("Løtenskulen" → "løtenskolen") as the documents' terms were;
    # a capitalised function word starts a title inside the sentence («Mitt valg», «Alle med»): not a name
    unknown = [n for n in names if not all(_stem(w) in vocab for w in words(n))
               and n.lower() not in ENGLISH and n.lower() not in STOPWORDS]
    if unknown:  # «Krødsheradskolen», «Læremiddelplanen»: a known place or a plan's short name (assistant/namedparts.py)
        munis = known_municipalities(store)
        unknown = [n for n in unknown if not named_compound(n, munis, vocab)]
    if unknown:  # a name the collection writes otherwise («Curacao»/«Curaçao», «Strobritannia»): assistant/names.py
        names_known = name_vocabulary(store)  # None in a very large collection: written as the documents write it
        unknown = [n for n in unknown if names_known is None or not names_known.knows(n)]
    if unknown and detect_language(question) == Language.EN:
        # English capitalises the common nouns of a named body or project ("the Sami Parliament", "Project
        # Stimuli", "the County Governor"): a word of a run of capitalised words is a name only when no word of the run
        # is known (a known name, or a word the glossary reads)
        def known(w: str) -> bool:  # "Hamar Municipality" still names an unknown place
            return w.lower() not in _PLACE_NOUNS and (w.lower() in ENGLISH or all(_stem(x) in vocab for x in words(w)))
        runs = [m.group(0).split() for m in _CAPITALISED_RUN.finditer(text)]
        named = {w.removesuffix("'s") for run in runs if len(run) > 1 and any(known(w.removesuffix("'s")) for w in run)
                 for w in run}
        unknown = [n for n in unknown if n not in named and not _compound_place(n, text, vocab)]
        if unknown:  # English capitalises the common words of a title ("University of Applied Sciences", "the
            # Resource Centre"): a word the English reader translates into the collection's words is not a name
            read = reader_for(store)
            unknown = [n for n in unknown if not read(n.lower())]
    return unknown


_PLACE_NOUNS = frozenset({"municipality", "municipalities", "county", "city", "town", "region", "district"})
# "the Ringerike region", "the Tromsø area": Norwegian writes a place's name and the place noun after it as one
# compound, with or without the genitive «s» («Ringeriksregionen», «Tromsøområdet», «Hallingdalsdistriktet»)
_COMPOUND_PLACE_NOUNS = {"region": "region", "district": "distrikt", "area": "område", "valley": "dal",
                         "coast": "kyst"}


def _compound_place(name: str, text: str, vocab) -> bool:
    """An English question's name followed by a place noun ("Ringerike region") that the collection writes as one
    compound of the two («Ringeriksregionen»): the name is known."""
    m = re.search(rf"\b{re.escape(name)}\s+([a-z]+)\b", text)
    noun = _COMPOUND_PLACE_NOUNS.get(m.group(1)) if m else None
    low = name.lower()
    # the genitive joint may replace a final «-e» («Ringerike» → «Ringeriksregionen»)
    firsts = (low, f"{low}s", *((f"{low[:-1]}s",) if low.endswith("e") else ()))
    return bool(noun) and any(_stem(f"{first}{noun}") in vocab for first in firsts)


_CAPITALISED_RUN = re.compile(r"\b[A-ZÆØÅ][a-zæøå]+(?:'s)?(?:\s+[A-ZÆØÅ][a-zæøå]+(?:'s)?)+")


# A municipality named as one: «Nes kommune», «Drammen kommunes», «Hamar-planen», "Bergen municipality",
# "the municipality of Bergen", «Viken fylkeskommune».
_NAMED_AS_MUNICIPALITY = re.compile(
    r"\b([A-ZÆØÅ][a-zæøå]+(?:[ -][A-ZÆØÅ][a-zæøå]+)?)\s+(?:fylkes)?kommunes?\b|"
    r"\b([A-ZÆØÅ][a-zæøå]+)-(?:planen|plana|planane|planene|kommune)\b|"
    r"\b([A-ZÆØÅ][a-zæøå]+)(?:'s)?\s+(?:county\s+)?municipality\b|\bmunicipality of ([A-ZÆØÅ][a-zæøå]+)\b")
_NOT_A_NAME = frozenset({"samme", "annen", "anna", "annan", "egen", "eigen", "ny", "nye", "hele", "heile", "stor", "liten",
                         "lita", "vertskommune", "nabokommune", "nabokommunen", "enhver", "kvar", "norsk", "norske",
                         "each", "every", "my", "one", "another", "other", "same", "whole", "small", "large", "local",
                         "norwegian", "rural", "urban", "host", "neighbouring", "neighboring", "new"})


def unknown_municipalities(question: str, known: list[str]) -> list[str]:
    """Municipalities the question names as such («Nes kommune», «Hamar-planen») that no document of the
    collection belongs to, as «Nes kommune» — a question about them cannot be answered from this collection,
    even where another document mentions the name («… mellom Drammen og Oslo»)."""
    names = {w for k in known for w in (k.lower(), k.lower().split()[0])}
    out = []
    for m in _NAMED_AS_MUNICIPALITY.finditer(question):
        name = next(g for g in m.groups() if g)
        low = name.lower()
        if low in STOPWORDS or low in ENGLISH_FUNCTION or low in _NOT_A_NAME or low.split()[0] in STOPWORDS:
            continue
        if low in names or low.split()[0] in names or (low.endswith("s") and low[:-1] in names):
            continue
        out.append(f"{name} kommune")
    return list(dict.fromkeys(out))


def query_terms(question: str, store: Store, language: Language | None = None, keep_references: bool = False) -> list[str]:
    """The question's content stems, minus municipality, law and document names (they scope, they
    don't answer). English questions are read through the glossary and, under it, the dictionary
    (assistant/dictionary.py); English words neither reads are counted only as names or long cognates."""
    language = language or detect_language(question)
    munis = {_stem(w) for m in known_municipalities(store) for w in words(m)}
    text = question if keep_references else _without_references(question)
    phrased = english_phrases(rewrite_phrases(text)) if language == Language.EN else rewrite_phrases(text)
    toks = words(phrased)
    if language == Language.EN:
        read = reader_for(store, evidence=True)  # the glossary over the dictionary (assistant/dictionary.py)
        toks = read.compounds(toks)  # "part-time" → «deltid» (assistant/compounds.py)
        read_here = read.in_context(toks)  # a word's sense chosen by the question's other words
        senses = reader_for(store).in_context(toks)  # … and its other translations, as the search reads them
    toks = [w for w in toks if w not in STOPWORDS and w not in QUERY_FILLER and w not in EVIDENCE_FILLER]
    if language != Language.EN:  # «Noreg», «tospråklegheitstilskot» (assistant/questionwords.py)
        toks = [question_word(w) for w in toks]
    if language == Language.EN:
        vocab = term_stats(store).df
        toks = [t for t in toks if t not in ENGLISH_FUNCTION]
        translated = [_alternatives(w, senses(t)) for t in toks if (en := read_here(t)) for w in words(en)[:1]]
        translated = _one_per_name(translated, [t for t in toks if read_here(t)], _title_words(text))
        # an untranslated word counts when the collection has it and it is a name or long enough to be a cognate
        # (as the lexical index reads the question, norwegian.lexical_english): short English words match only the
        # collection's English (reference lists, abstracts)
        names = capitalised_names(text)
        toks = translated + [t for t in toks if not read_here(t) and _stem(t) in vocab
                             and (t in names or (len(t) >= COGNATE_LETTERS and t not in ENGLISH_STOPLIST)
                                  or t in PHRASE_WORDS)]
    terms = [w if "|" in w else _stem(w) for w in toks]
    if language != Language.EN:  # «Krødsheradskolen» asks about the school in Krødsherad, «Tromsøs» about Tromsø
        capitalised = {_stem(w) for m in _PROPER.finditer(text) for w in words(m.group(1))}
        terms = [t for w in terms for t in (_without_municipality(w, munis, term_stats(store).df)
                                            if w in capitalised else [w])]
    return [t for t in dict.fromkeys(terms) if t not in munis and len(t) > 1]


def _without_municipality(term: str, munis: set[str], vocab: Vocabulary) -> list[str]:
    """A term that is a municipality's name in the genitive or as a compound's first part, as the term of its other
    part: «krødsheradskol» → «skol», «tromsøs» → nothing (assistant/namedparts.py); other terms as they are."""
    if vocab.get(term, 0) > 0:  # a place the documents write themselves: «Lierdalen», «Lierstranda»
        return [term]
    for m in munis:
        if len(m) >= 3 and term.startswith(m) and term != m:
            rest = term[len(m):]
            if rest == "s":
                return []
            for joint in ("", "s", "e"):
                tail = rest[len(joint):]
                if rest.startswith(joint) and len(tail) >= 3 and vocab.get(tail, 0) > 0:
                    return [tail]
    return [term]


_TITLE_RUN = re.compile(r"(?<![.?!] )(?<!^)\b[A-ZÆØÅ][\w'-]*(?:\s+(?:(?:of|and|for|the|on)\s+)*[A-ZÆØÅ][\w'-]*)+")


def _title_words(text: str) -> frozenset[str]:
    """The words of the English names of bodies, programmes and institutions a question writes in title case
    ("Sámi University of Applied Sciences", "the Norwegian Public Roads Administration"), lower-cased."""
    return frozenset(w for m in _TITLE_RUN.finditer(text) for w in words(m.group(0).replace("'s", ""))
                     if w not in ENGLISH_FUNCTION and w not in ENGLISH_STOPLIST)


def _one_per_name(translated: list[str], sources: list[str], title: frozenset[str]) -> list[str]:
    """The evidence terms with the translations of a title-case name's words joined into one term: a name is one
    thing the question asks about, and its words read one by one («universitet», «søke», «vitenskap» for "University of
    Applied Sciences") are not how a Norwegian text names the body («Samisk høgskole») — so a passage that does not
    name it loses that name's weight once, not once a word."""
    if len(translated) != len(sources):
        return translated
    named = [t for t, src in zip(translated, sources, strict=True) if src in title]
    if len(named) < 2:
        return translated
    joined = "|".join(dict.fromkeys(x for t in named for x in (t.split("|") if "|" in t else [_stem(t)])))
    out: list[str] = []
    for t, src in zip(translated, sources, strict=True):
        if src not in title:
            out.append(t)
        elif joined not in out:
            out.append(joined)
    return out


def _alternatives(first: str, senses: str | None) -> str:
    """An English word's evidence term: its first translation's stem, or — when the search reads it in more than
    one Norwegian word the collection uses — the stems of all of them as one term «rett|rettigh»: any of them covers
    the word, and it weighs as one word (its first translation's idf; assistant/coverage.py), so a word the dictionary
    gives two senses neither counts twice nor is missed where the passage uses the other («tilsyn» / «veiledning»).
    Words asking for a share or an amount stay single (what answers them is a percentage or a sum, not a synonym)."""
    stem = _stem(first)
    if stem in SHARE_TERMS or stem in AMOUNT_TERMS:
        return first
    stems = [x for x in dict.fromkeys([stem, *(_stem(w) for w in words(senses or ""))]) if len(x) > 1]
    return "|".join(stems) if len(stems) > 1 else first


# «Hvor mange medlemmer …», «kor mange tilsette …», "how many members …", «antall ansatte …»: the word after it is what
# is counted (an adjective before it is passed over: «hvor mange nye boliger»).
_COUNTED = re.compile(r"\b(?:(?:hvor|kor) mange|how many|antall(?:et)?)\s+(?:(?:nye|flere|ulike|forskjellige|andre|new|"
                      r"different|other)\s+)?([^\W\d_]+(?:-[^\W\d_]+)*)", re.I)


# "how many full-time posts", "how many Sami museums", "how many of the student places": the noun phrase after "how
# many" (a few words, "of the" passed over), whose plural noun is what is counted
_COUNTED_EN = re.compile(r"\bhow many\s+(?:of\s+(?:the|their|its|our)\s+)?((?:[^\W\d_][\w'-]*\s+){0,3}[^\W\d_][\w'-]*)",
                         re.I)


def counted_term(question: str, terms: list[str], store: Store, language: Language) -> str:
    """The stem of what a «hvor mange X» question counts, when X is one of its terms. In English X is the plural head
    noun of the phrase after "how many" — its modifiers stand before it ("full-time posts", "male preschool teachers",
    "upper secondary schools") — read with them (they may make one Norwegian compound with it: "nursing home places"
    → «sykehjemsplasser»): that compound, else the head noun's own term, else (the head noun reads no word of the
    collection) nothing — a modifier's word is not what is counted."""
    if language == Language.EN and (m := _COUNTED_EN.search(question)):
        phrase = m.group(1).split()
        head = next((i for i, w in enumerate(phrase) if _plural(w.lower().strip("'"))), None)
        if head is not None:
            # the phrase read alone may order a word's senses otherwise than the whole question does («bygning|bygg»
            # against «bygg|bygning»: senses are ordered by the other words they stand with): the same alternatives
            # are the same term
            by_senses = {frozenset(t.split("|")): t for t in terms}
            found = [by_senses[key] for t in query_terms(" ".join(phrase[:head + 1]), store, language)
                     if (key := frozenset(t.split("|"))) in by_senses]
            alone = query_terms(phrase[head], store, language)
            own = [by_senses[key] for t in alone if (key := frozenset(t.split("|"))) in by_senses]
            senses = [x for t in alone for x in t.split("|")]
            # the head noun with its modifiers as one Norwegian compound ending in its word ("nursing home places" →
            # «sykehjemsplass»), else the head noun read alone ("upper secondary pupils" → «elev», not «videregå»)
            joined = [t for t in found if t not in own and any(t.endswith(x) and len(t) > len(x) for x in senses)]
            if joined or own:
                return (joined or own)[-1]
            if found and not alone:
                # "full-time posts" where "posts" reads no word of the collection: a modifier's word («tid») is not
                # what is counted — the count is then any number the answer gives
                return ""
            if found:  # the head noun only in a compound with its modifiers ("nursing home places" → «sykehjemsplass»)
                return found[-1]
    m = _COUNTED.search(question)
    if not m:
        return ""
    found = query_terms(m.group(1), store, language)
    return found[0] if found and found[0] in terms else ""


# «Hvor mye fikk Kåfjord fra Sametinget?», «Kor mykje fekk Kåfjord frå Sametinget?»: a body named after «fra / frå / av /
# hos / til / from / by» gives, receives or acts in what is asked about one other — it is not a second party compared.
_PARTNER = r"\b(?:fra|frå|av|hos|til|from|by)\s+"


def _partners(question: str, municipalities: list[str]) -> list[str]:
    """The named municipalities or bodies the question names after a preposition of source, agent or recipient."""
    return [m for m in municipalities
            if re.search(_PARTNER + re.escape(m.split()[0]), question, re.I)]


def question_kind(question: str, municipalities: list[str], laws: list[LawRef]) -> QuestionKind:
    if any(law.paragraph for law in laws):
        return QuestionKind.LAW
    if len(municipalities) - len(_partners(question, municipalities)) >= 2:
        return QuestionKind.COMPARE
    if _COST_Q.search(question):
        return QuestionKind.COST
    if _NUMBER_Q.search(question):
        return QuestionKind.NUMBER
    if _WHEN_Q.search(question):
        return QuestionKind.WHEN
    if _WHO_Q.search(question):
        return QuestionKind.WHO
    if _DEFINITION_Q.search(question):
        return QuestionKind.DEFINITION
    if _WHY_Q.search(question):
        return QuestionKind.WHY
    if m := _WHICH_EN.match(question):  # English "which" is «hvilken» or «hvilke» by the number of its noun
        return QuestionKind.LIST if _plural(m.group(1).lower()) else QuestionKind.GENERAL
    if _LIST_Q.search(question):
        return QuestionKind.LIST
    return QuestionKind.GENERAL


_WHICH_EN = re.compile(r"^\W*which\s+([a-z]+)\b", re.I)
_IRREGULAR_PLURALS = frozenset({"children", "people", "men", "women", "criteria", "data", "phenomena"})


def _plural(noun: str) -> bool:
    """An English noun's plural form by its ending («-s», «-es», «-ies»; not «-ss», «-us», «-is») or the irregular
    plurals of English grammar."""
    return noun in _IRREGULAR_PLURALS or (noun.endswith("s") and not noun.endswith(("ss", "us", "is")) and len(noun) > 3)


def analyse(question: str, store: Store) -> Query:
    """The question analysed once, for retrieval, the not-found decision and the composer."""
    question = question.strip()
    language = detect_language(question)
    known = known_municipalities(store)
    munis = named_municipalities(question, known, term_stats(store).df)
    laws = named_laws(question)
    terms = query_terms(question, store, language)
    return Query(
        text=question,
        language=language,
        terms=tuple(terms),
        municipalities=tuple(munis),
        laws=tuple(laws),
        documents=tuple(named_documents(question)),
        unknown_names=tuple(unknown_names(question, store)),
        kind=question_kind(question, munis, laws),
        unknown_municipalities=tuple(unknown_municipalities(question, known)),
        counted=counted_term(question, terms, store, language),
        document_terms=document_terms(question, terms, store, language),
    )


def document_terms(question: str, terms: list[str], store: Store, language: Language) -> tuple[str, ...]:
    """Those of ``terms`` that come from the words naming the document in «Hva sier <plan> om <topic>?» and not also
    from the topic's words (an English word's alternatives compared as a set: the part read alone may order them
    otherwise)."""
    doc = document_part(question)
    if not doc:
        return ()
    def keys(text: str) -> set[frozenset[str]]:
        return {frozenset(t.split("|")) for t in query_terms(text, store, language)}
    named, topic = keys(doc), keys(topic_part(question))
    return tuple(t for t in terms if (key := frozenset(t.split("|"))) in named and key not in topic)
