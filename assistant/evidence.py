"""The not-found decision: does what we would answer actually cover the question?

``coverage`` is the idf-weighted share of the question's terms a text covers (compounds,
synonyms, nynorsk forms and doubled consonants understood). The evidence of an answer is the
coverage of the text the user would read — the chosen units with their lead line, table header,
section heading and document title — not of the whole passage, so a passage that mentions the
topic but not what was asked («hva koster …» where no amount is given) stays below the threshold.
A question asking for a number, an amount or a date needs one in the answer; «hvem er <rolle>» a person's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.models import Hit, NotFoundReason
from assistant.norwegian import STOPWORDS, THESAURUS, _stem, unit_terms
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.termstats import TermStats
from assistant.vocabulary import AREA_LABELS, GOAL_LABELS, INDICATOR_LABELS, MEASURE_LABELS, OTHER_LABELS


@dataclass(frozen=True)
class Decision:
    found: bool
    evidence: float  # 0–1, compared with settings.not_found_threshold
    reason: NotFoundReason | None = None


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


# Snowball leaves the definite form of a short noun whole — «sjøen», «byen», «året», «veien», «øya» have no stem
# region to cut — so «sjøen» in a question missed «mot sjø» in the text (dev r314). The base of such a word:
_DEFINITE_END = ("ene", "ane", "en", "et", "a")


def _short_base(word: str) -> str:
    """A short word (≤ 6 letters) without its definite ending («sjøen» → «sjø», «året» → «år»), else the word."""
    if 4 <= len(word) <= 6:
        for end in _DEFINITE_END:
            if word.endswith(end) and len(word) - len(end) >= 2:
                return word[: -len(end)]
    return word


def _covered(term: str, text_terms: frozenset[str] | set[str], joined: str) -> bool:
    """A question term is covered by a text when the text has it, a synonym, a word containing
    it ("mobbing" in "antimobbing"; a four-letter stem as a compound's first part: "klim" in "klimanøytralt"),
    the same stem but for a doubled final consonant, or — for
    compounds — both of its parts ("trivsels|plan"), also inside one longer compound
    ("lands|snitt" in "landsgjennomsnitt")."""
    if term in text_terms:
        return True
    for syn in _synonyms(term):
        if syn in text_terms or (len(syn) >= 5 and syn in joined):
            return True
    if any(_same_stem(term, t) for t in text_terms if t[:4] == term[:4]):
        return True
    base = _short_base(term)
    if base != term and (base in text_terms or any(_short_base(t) == base for t in text_terms if t[:2] == base[:2])) \
            or base == term and any(_short_base(t) == term for t in text_terms if t[:2] == term[:2]):
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
    return frozenset(t for t in terms if _covered(t, tt, joined) or (percent and t in SHARE_TERMS))


def _in_vocabulary(term: str, st: TermStats) -> bool:
    """The collection uses the word (also inflected otherwise: «forårsakt» ~ «forårsak»), a synonym, or — for a
    compound — both of its parts («budsjett|vedtak»)."""
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
    total = sum(st.idf(t) for t in terms)
    unknown = sum(st.idf(t) for t in terms if len(t) >= 8 and not _in_vocabulary(t, st))
    return unknown / total if total else 0.0


#: A question whose never-mentioned topic words carry this share of its weight is declined.
UNKNOWN_TOPIC_SHARE = 0.4

#: Weight of a national document's coverage for a question naming a municipality (and no law or white paper): below
#: the not-found threshold — a national text says what every municipality must do, not what the named one does
#: («Hva gjør Lier mot ensomhet blant eldre?» is not answered by a white paper's eldresentre; dev r300, r302 — 0.5,
#: chosen in round 5 on r114, let them through; no answerable dev question moved).
NATIONAL_FOR_MUNICIPALITY = 0.35

#: Stems of the words that ask for a share («andel», «andelen», «prosentdel»): a percentage answers them.
SHARE_TERMS = frozenset({"andel", "prosent", "prosentandel", "prosentdel"})
#: Stems of the words that ask for an amount («hva koster», «kostnaden», «prisen»): the amount answers them.
AMOUNT_TERMS = frozenset({"kost", "kostnad", "pris", "beløp", "peng"})


def names_any(names: tuple[str, ...], text: str) -> bool:
    """The text names one of the municipalities / bodies (as a word, also in the genitive: «Liers», «Sametingets»);
    a name of several words by its first («Telemark fylkeskommune» → «Telemark»)."""
    return any(re.search(rf"\b{re.escape(name.split()[0])}s?\b", text) for name in names if name.split())


def share(terms: tuple[str, ...], covered: frozenset[str], st: TermStats) -> float:
    """idf-weighted share of ``terms`` that are in ``covered``."""
    total = sum(st.idf(t) for t in terms)
    return sum(st.idf(t) for t in terms if t in covered) / total if total else 0.0


def coverage(terms: list[str] | tuple[str, ...], text: str, st: TermStats) -> float:
    """idf-weighted share of the question's terms found in a text (compound parts count)."""
    if not terms:
        return 0.0
    got = covered_terms(tuple(terms), text)
    total = sum(st.idf(t) for t in terms)
    return sum(st.idf(t) for t in terms if t in got) / total if total else 0.0


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[–-]\s*(?:19|20)?\d{2}\b)?")
_ENUMERATION = re.compile(r"^\s*(?:-\s*)?\d{1,2}[.)]?(?:\s+(?=\D)|\s*$)")
_AMOUNT = re.compile(r"\d[\d .,]*\s*(?:kr\b|kroner|nok\b|mill|mrd|milliard|tusen|,-)|\bkr\.?\s*\d|\bNOK\s*\d", re.I)
_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}\.\s*(?:\d{1,2}\.|januar|februar|mars|april|mai|juni|juli|august|"
                   r"september|oktober|november|desember)|\b(?:januar|februar|mars|april|mai|juni|juli|august|september|"
                   r"oktober|november|desember|våren|høsten|vår|høst)\b", re.I)


# References are not quantities: «§ 5-7», «s. 12», «kapittel 3», «jf. 2.3», section numbers «4.2.1».
# A law's parts are references too: «§ 1 Formål, 1. ledd, første punktum», «2. ledd».
# A school level is a designation too, not a count: «vidaregåande trinn 3», «Vg2», «10. trinn», «5.–7. klasse».
# A document cited by its number is a reference too: «St.melding 28», «St.meld. nr. 44», «Meld. St. 31», «NOU 2016: 18»;
# and so is a plan's numbered label: «Tiltak 9: …», «Delmål 2.», «Innsatsområde 6.», and a road's number: «E18».
_REFERENCE = re.compile(r"§+\s*\d[\w.-]*|\b(?:s|side|kap|kapittel|pkt|punkt|nr|sak|trinn|steg|nivå|vg)\.?\s*\d[\d/.-]*|"
                        r"\b(?:st\.?\s*meld(?:ing)?|st\.?\s*mld|meld\.?\s*st|nou|st\.?\s*prp|prop|innst)\.?\s*(?:nr\.?\s*)?"
                        r"\d[\d:. ]*|"
                        r"(?<=[^\W\d_])\d{1,3}(?=\s*$)|(?m:^del\s+\d+\s*$)|"  # a contents line's page: «Folkeuniversitetet i Alta9»
                        r"\b(?:tiltak|delmål|hovedmål|mål|innsatsområde|satsingsområde|fokusområde|strategi|kapittel)\s+"
                        r"\d+(?:\.\d+)*(?=\s*[:.)]|\s*$|(?-i:\s+[A-ZÆØÅ]))|"
                        r"(?-i:\b(?:E|Rv|Fv|Ev)\.?\s?\d+\b)|"  # a road by its number: «E18», «Rv 7», «Fv. 285»
                        r"(?<![\d(])\b\d{1,2}\)|"  # an enumerator inside a line: «Formål: 1) Sikre …»
                        r"\b\d+(?:\.\d+){1,3}\b(?!,)|"
                        r"\b\d{1,2}\.\s*(?:[–-]\s*\d{1,2}\.\s*)?(?:ledd|punktum|bokstav|trinn|klasse|klassetrinn|årstrinn)\b",
                        re.I)


# A labelled reference to a part of a document: «kap. 2.3.2», «s. 12», «pkt. 4.1», «§ 5-7».
_SECTION_REFERENCE = re.compile(r"§+\s*\d[\w.-]*|\b(?:s|side|kap|kapittel|pkt|punkt|avsnitt)\.?\s*\d[\d.-]*", re.I)


# Numbers written as words («minst tre dager i uka», «halvparten»); not «en/ett», which are also articles.
_NUMBER_WORD = re.compile(r"\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|femten|tjue|tretti|førti|femti|hundre|"
                          r"tusen|million(?:er)?|halvparten|dobbelt|tredjedel|fjerdedel|two|three|four|five|six|seven|"
                          r"eight|nine|ten|twelve|twenty|hundred|thousand|half)\b", re.I)


# Dates are not counts: «1. januar», «31.12.2021», «1.8.».
_DATE_NUMBER = re.compile(r"\b\d{1,2}\.\s*(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
                          r"desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des)\b\.?|\b\d{1,2}\.\d{1,2}\.(?:\d{2,4}\b)?",
                          re.I)


def _has_digit(unit: str) -> bool:
    """``has_number`` in digits: a number other than an enumeration, a reference or a date."""
    text = _REFERENCE.sub(" ", _ENUMERATION.sub("", unit, count=1))
    return bool(re.search(r"\d", _DATE_NUMBER.sub(" ", text)))


def has_number(unit: str) -> bool:
    """A unit states a number, in digits or words — its own row or list number («10 Betydelig
    mindre …»), references («§ 5-7», «s. 12», «kapittel 3») and dates («1. januar», «31.12.2021»)
    do not count."""
    text = _REFERENCE.sub(" ", _ENUMERATION.sub("", unit, count=1))  # first: «2.1.3» is a section, not «2.1.» and 3
    text = _DATE_NUMBER.sub(" ", text)
    return bool(re.search(r"\d", text) or _NUMBER_WORD.search(text))


# A person's name: two capitalised words of ordinary length («Kari Nordmann», «Ingrid Hoff»); not label words
# («Ansvar Rektor»), long compounds («Folkehelsekoordinator»), nor the names of organs and places («Telemark
# Ungdomsråd», «Hol Kommune»).
_NAME_WORD = re.compile(r"[A-ZÆØÅ][a-zæøåéü]{1,11}(?:-[A-ZÆØÅ][a-zæøåéü]{1,11})?")
_ORGAN_END = re.compile(r"(?:kommune|råd|rådet|utvalg|utvalget|skole|skolen|skule|skulen|barnehage|barnehagen|senter|"
                        r"sentralen|team|gruppe|gruppa|styre|styret|nemnd|tjeneste|tjenesten|avdeling|fylke|etat|etaten)$")
_NOT_NAMES = frozenset(w.lower() for w in (*GOAL_LABELS, *MEASURE_LABELS, *INDICATOR_LABELS, *OTHER_LABELS,
                                            *AREA_LABELS)) | {"ansvar", "ansvarlig", "ansvarleg", "frist", "tid",
                                                              "kontakt", "rektor", "leder", "leiar", "styrer"}


def _name_word(token: str) -> bool:
    word = token.strip(".,;:()«»\"'")
    low = word.lower()
    return (bool(_NAME_WORD.fullmatch(word)) and low not in _NOT_NAMES and low not in STOPWORDS
            and not _ORGAN_END.search(low))


def has_person(text: str) -> bool:
    """The text names a person: two name words in a row, inside a sentence, or standing alone on their
    line or after a colon («Kontaktperson: Kari Nordmann») — at the start of a sentence any word is
    capitalised, so two words there count only when nothing follows them."""
    for line in text.splitlines():
        tokens = line.split()
        for i in range(len(tokens) - 1):
            if not (_name_word(tokens[i]) and _name_word(tokens[i + 1])) or tokens[i].endswith((",", ".", ":", ";")):
                continue
            starts = i == 0 or tokens[i - 1].endswith((".", "!", "?", ":"))
            alone = i + 2 == len(tokens) or tokens[i + 1].endswith((",", ";")) or tokens[i + 2] in ("–", "-", "(")
            if not starts or alone:
                return True
    return False


def counts(text: str, counted: str) -> bool:
    """A count written in words names what it counts right after it («tre hovedutfordringer», «to hele
    stillinger»): some number word of the text stands before (≤ 3 words) a word for ``counted`` (a stem)."""
    for m in _NUMBER_WORD.finditer(text):
        after = " ".join(text[m.end():].split()[:3])
        if covered_terms((counted,), after):
            return True
    return False


# the group after «% av»: one word, or an adjective and its noun («av de eldre», «av unge voksne», «av mennene»)
_SHARE_OF = re.compile(r"\d[\d,.]*\s*(?:%|prosent)\s+av\s+(?:(?:de|dei|alle)\s+)?([a-zæøå-]+(?:\s+[a-zæøå-]+)?)", re.I)


# «Hvor stor andel av elevene …», «hvor stor del av de ansatte …», «hvor mange prosent av barna …»
# (Norwegian only: an English question's group word is not the documents' word)
_SHARE_QUESTION = re.compile(r"\b(?:andel(?:en)?|del(?:en)?|prosent(?:del|andel)?)\s+av\s+(?:(?:de|dei|alle)\s+)?([^\W\d_][\w-]*)",
                             re.I)


def share_group(question: str) -> str:
    """The group a share question measures, as a stem («Hvor stor andel av mennene …» → «menn»), else ""."""
    from assistant.norwegian import words

    m = _SHARE_QUESTION.search(question)
    return _stem(words(m.group(1))[0]) if m and words(m.group(1)) else ""


def _share_of_other(line: str, counted: str) -> bool:
    """Every share in the line is said of another group than the one counted: «15 % av ungdommen» does not answer
    «hvor mange eldre …» (the group after «% av» is what the share measures)."""
    groups = [m.group(1) for m in _SHARE_OF.finditer(line)]  # a later share without «av …» is of the same group
    return bool(groups) and not any(covered_terms((counted,), g) for g in groups)


# What a «hvor mange minutter / timer / kroner / årsverk …» question counts may be a unit of measure: then the number
# must be given in it («30 minutter», «2 t», «kr 500», «15 %»), not merely stand near the word. Stems as ``_stem``
# makes them, with the abbreviations documents use.
MEASURE_UNITS: dict[str, tuple[str, ...]] = {_stem(unit): forms for unit, forms in (
    ("minutter", ("min",)), ("timer", ("t", "timar", "time")), ("dager", ("d", "døgn", "dagar")), ("uker", ("uke", "veke", "veker")),
    ("måneder", ("mnd", "månad", "månader")), ("år", ()), ("kroner", ("kr", "nok", "mill", "mrd", "millioner", "milliarder")),
    ("prosent", ("%",)), ("årsverk", ()), ("kilometer", ("km",)), ("meter", ("m",)),
)}
_NUMBER_THEN_WORDS = re.compile(r"\d[\d.,]*(?:\s\d{3})*(?:\s*[-–]\s*\d[\d.,]*)?\s*(%|[^\W\d_]+)\.?(?:\s+([^\W\d_]+))?")


def in_unit(line: str, counted: str) -> bool:
    """A number in the line is given in the unit ``counted`` (a stem of ``MEASURE_UNITS``): the word after it, or the
    one after an adjective («30 minutter», «2 t», «6000 nye årsverk», «tre timer»)."""
    forms = MEASURE_UNITS[counted]
    for m in _NUMBER_THEN_WORDS.finditer(line):
        for word in (w.lower() for w in m.groups() if w):
            if word in forms or _stem(word) == counted or _short_base(_stem(word)) == counted:  # «12 årene»
                return True
    return counts(line, counted)


# «hvor mange / kor mange / how many» asks for a count; a sum of money is no count of anything but kroner
_COUNT_QUESTION = re.compile(r"\b(?:hvor|kor)\s+mange\b|\bhow many\b", re.I)
_MONEY = re.compile(r"\d[\d .,]*\s*(?:kr\b\.?|kroner|nok\b|,-|(?:mill|mrd)\b\.?|(?:millioner|milliarder|milliard|million)\s+"
                    r"(?:kr\b|kroner|nok\b))|\bkr\.?\s*\d[\d .,]*|\bNOK\s*\d[\d .,]*", re.I)
_KRONER = _stem("kroner")


# «Hvor ofte …?» / "How often …?" asks for a frequency: «hvert fjerde år», «årlig», «to ganger i året», «jevnlig» —
# a passage on the topic that gives none does not answer it (as a count question needs a number)
_ASKS_FREQUENCY = re.compile(r"\b(?:hvor|kor)\s+ofte\b|\bhow often\b", re.I)
_FREQUENCY = re.compile(
    r"\b(?:hver|hvert|kvar|kvart|annenhver|annethvert|annakvart|every)\b(?:\s+(?:\d+\.?|[^\W\d_]+))?\s+(?:år|året|måned|månad|"
    r"uke|veke|dag|døgn|halvår|kvartal|semester|skoleår|barnehageår|periode|valgperiode|kommunestyreperiode|year|month|"
    r"week|day|term)\w*|\b(?:årlig|årleg|årvisst|halvårlig|halvårleg|månedlig|månadleg|ukentlig|vekentleg|daglig|"
    r"dagleg|kvartalsvis|fortløpende|fortløpande|løpende|løpande|jevnlig|jamleg|regelmessig|annually|yearly|monthly|"
    r"weekly|daily|regularly|continuously)\w*|\b(?:\d+|en|én|ein|ei|to|tre|fire|fem|seks|once|twice)\s+(?:ganger?|gonger?|"
    r"times?)\b|\b(?:once|twice)\b|\bper\s+(?:år|måned|uke|year|month|week)\b", re.I)


def asks_frequency(question: str) -> bool:
    """The question asks how often («Hvor ofte rulleres planen?»)."""
    return bool(_ASKS_FREQUENCY.search(question))


def has_frequency(text: str) -> bool:
    """The text says how often something happens (see ``_FREQUENCY``)."""
    return bool(_FREQUENCY.search(text))


def has_quantity(kind: QuestionKind, text: str, question: str = "", counted: str = "") -> bool:
    """The text holds what the kind of question asks for: a number, an amount, a date (a year the
    question itself names does not count), a person's name. ``counted``: what a «hvor mange X» question
    counts (a stem) — a count written only in words must name it («tre hovedutfordringer» does not
    answer «hvor mange medlemmer»)."""
    if kind == QuestionKind.WHO:
        return has_person(text)
    if kind == QuestionKind.COST:
        return bool(_AMOUNT.search(text))
    if kind == QuestionKind.NUMBER:  # a year is a date, not the count asked for
        lines = [_YEAR.sub(" ", line) for line in text.splitlines() if line.strip()]
        if _COUNT_QUESTION.search(question) and counted != _KRONER:
            # «Hvor mange arbeider i mineralindustrien?» asks for a count: a sum of money («100 mill til kartlegging»)
            # counts kroner, not what the question counts
            lines = [_MONEY.sub(" ", line) for line in lines]
        group = share_group(question)
        if group:  # «Hvor stor andel av mennene …» is not answered by «41 prosent av kvinnene» (dev r362)
            lines = [line for line in lines if not _share_of_other(line, group)]
        if not counted:
            return any(has_number(line) for line in lines)
        if counted in MEASURE_UNITS:  # «hvor mange minutter …»: a number given in minutes
            return any(has_number(line) and in_unit(line, counted) for line in lines)
        return any(has_number(line) and ((_has_digit(line) and not _share_of_other(line, counted)) or counts(line, counted))
                   for line in lines)
    if kind == QuestionKind.WHEN:
        asked = set(re.findall(r"\b(?:19|20)\d{2}\b", question))
        text = _SECTION_REFERENCE.sub(" ", text)  # «kap. 2.3.2» is no «2.3.» (a day and month)
        return any(m.group(0) not in asked for m in _DATE.finditer(text))
    return True


def decide(query: Query, hits: list[Hit], pieces: list[tuple[str, str, bool]], st: TermStats,
           threshold: float, meaning: float | None = None, meaning_threshold: float = 1.0) -> Decision:
    """Answer or «not found». The evidence is that of the best piece the user would read: the
    coverage of its context (quoted units, lead line / table header, section path, document title),
    times 0.35 when the question asks for a number, an amount, a date or a person's name and the
    piece's quoted units hold none — so a passage on the topic that lacks what was asked stays below the
    threshold. ``pieces``: (context, quoted, national) per piece; a national document's number does
    not answer a question about a named municipality.

    ``meaning`` (English questions, assistant/meaning.py): the best cosine of a quoted unit with the question.
    Words the glossary lacks give no lexical evidence, so such a question is also answered when that cosine
    reaches ``meaning_threshold`` and the quoted units hold what a quantity question asks for; its evidence is
    then the cosine scaled so that ``meaning_threshold`` meets ``threshold``."""
    if not hits or not pieces:
        return Decision(False, 0.0, NotFoundReason.NO_PASSAGES)
    if query.unknown_names or query.unknown_municipalities:
        return Decision(False, 0.0, NotFoundReason.UNKNOWN_NAME)
    lexical = decide_lexical(query, pieces, st, threshold)
    if lexical.found or meaning is None or meaning < meaning_threshold:
        return lexical
    if query.kind in QUANTITY_KINDS and not any(has_quantity(query.kind, quoted, query.text, query.counted)
                                                for _, quoted, _ in pieces):
        return lexical
    return Decision(True, max(lexical.evidence, threshold * meaning / meaning_threshold))


def decide_lexical(query: Query, pieces: list[tuple[str, str, bool]], st: TermStats, threshold: float) -> Decision:
    """``decide`` by the question's terms alone."""
    if not query.terms:
        return Decision(False, 0.0, NotFoundReason.WEAK_EVIDENCE)
    if unknown_share(query.terms, st) >= UNKNOWN_TOPIC_SHARE:
        return Decision(False, 0.0, NotFoundReason.WEAK_EVIDENCE)
    best, quantity = 0.0, True
    asks_quantity = query.kind in QUANTITY_KINDS
    frequency = asks_frequency(query.text)
    # what a named municipality does is said in its own documents: a law or white paper the question does not name
    # speaks for every municipality, so it answers a question about one only half as well (dev: r114)
    own_only = bool(query.municipalities) and not query.laws and not query.documents
    # «Hva vil Nord-Norgebanen koste?»: the amount answers «koste» — a passage using the word (the «kost og losji» of a
    # white paper on care) does not (dev r290)
    terms = tuple(t for t in query.terms if t not in AMOUNT_TERMS) or query.terms if query.kind == QuestionKind.COST \
        else query.terms
    for context, quoted, national in pieces:
        c = coverage(terms, context, st)
        # … unless the national text's quoted units name the body asked about: a white paper's «504 millioner kroner
        # til Sametinget» says what Sametinget gets (dev r348, r372)
        speaks_for = national and names_any(query.municipalities, quoted)
        if national and own_only and not speaks_for:
            c *= NATIONAL_FOR_MUNICIPALITY
        has = has_quantity(query.kind, quoted, query.text, query.counted) and not (
            asks_quantity and national and query.municipalities and not speaks_for)
        if has and frequency:  # «Hvor ofte …?»: what the user reads must say how often
            has = has_frequency(quoted)
        c = c if has else c * 0.35
        if c > best:
            best, quantity = c, has
    if best < threshold:
        return Decision(False, best, NotFoundReason.WEAK_EVIDENCE if quantity else NotFoundReason.NO_QUANTITY)
    topic = asked_topic(query, st)
    if topic and not any(topic in covered_terms((topic,), context) for context, _, _ in pieces):
        # «Hva gjør Lier mot mobbing?»: what the measure is against / about must be in what the user reads
        return Decision(False, min(best, threshold * 0.99), NotFoundReason.WEAK_EVIDENCE)
    return Decision(True, best)


# «Hva gjør X mot mobbing?», «… for å redusere skjermtiden?», «… med tilbudet i frisklivssentralen?», «Hva sier X om
# skolestrukturen?»: after a verb of doing or saying (gjør, tiltak, sier, står …), the words after the last «mot / med /
# om / for å <verb> / til å <verb>» name what a measure is against or about — the topic of the question (not «barn med
# særskilte behov», not «sørge for at …»).
_TOPIC_AFTER = re.compile(r"\b(?:gjør|gjer|gjøre|gjere|gjort|tiltak|tiltaka|sier|seier|står|skriver|jobber|arbeider|satser)\b"
                          r".*\b(?:mot|med|om|(?:for|til) å\s+[a-zæøå]+)\s+"  # «for å <verb>»: the verb is not the topic
                          r"((?:[^\W\d_][\w-]*\s*){1,5})\?*\s*$", re.I)


def asked_topic(query: Query, st: TermStats) -> str:
    """The rarest term of the words after the question's last «mot / med / om / for å …» (Norwegian questions asking
    what is done or said about something), else ""."""
    from assistant.norwegian import words

    if query.english or query.kind not in (QuestionKind.GENERAL, QuestionKind.LIST):
        return ""
    m = _TOPIC_AFTER.search(query.text)
    if not m:
        return ""
    stems = {_stem(w.lower()) for w in words(m.group(1))}
    candidates = [t for t in query.terms if t in stems and len(t) >= 4]
    return max(candidates, key=st.idf) if candidates else ""
