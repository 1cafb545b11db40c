"""What the question word asks an answer to hold, and whether a text holds it: a number for «hvor mange / hvor stor
andel» (not a year, a reference, a date, a sum of money for a count, a share of another group), an amount for «hva
koster», a date for «når», a person's name for «hvem er <rolle>», a frequency for «hvor ofte» — ``has_quantity``,
``has_frequency``. The not-found decision needs it in what the user reads; the composer scores the unit holding it
higher.
"""

from __future__ import annotations

import re

from assistant.coverage import SHARE_TERMS, covered_terms, short_base
from assistant.norwegian import STOPWORDS, _stem
from assistant.query import QuestionKind
from assistant.vocabulary import AREA_LABELS, GOAL_LABELS, INDICATOR_LABELS, MEASURE_LABELS, OTHER_LABELS

__all__ = ["MEASURE_UNITS", "SHARE_TERMS", "asks_frequency", "counts", "counts_noun", "has_frequency", "has_number", "has_person",
           "has_quantity", "in_unit", "says_unknown", "share_group"]


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b(?:\s*[–-]\s*(?:19|20)?\d{2}\b)?")
# A line's own number («1 Innledning», «2. Mål», «3) Sikre …»); not a count that opens a sentence, which a lower-case
# word follows («22 lokale nettverksgrupper møtes tre til fire ganger årlig»)
_ENUMERATION = re.compile(r"^\s*(?:-\s*)?\d{1,2}(?:[.)](?:\s+(?=\D)|\s*$)|\s+(?=[^\w\s]|[A-ZÆØÅ])|\s*$)")
# An amount in digits («45 000 kroner», «kr. 3.503.000,-», «2,3 millioner») or with its millions in words («nærmer seg
# en million kroner i året», «fra under en halv til over to mill. kroner», «ein halv million kroner»; not «en million
# nye årsverk»), or hundreds and thousands of kroner in words («fem tusen kroner»)
_AMOUNT = re.compile(r"\d[\d .,]*\s*(?:kr\b|kroner|nok\b|mill|mrd|milliard|tusen|,-)|\bkr\.?\s*\d|\bNOK\s*\d|"
                     r"\b(?:en|én|ei|ein|ett|eitt|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|tjue|hundre|halv|halvannen|"
                     r"halvanna)\s+(?:halv\s+)?(?:million(?:er)?|milliard(?:er)?|mill\.?|mrd\.?)\s+(?:kr\b|kroner)|"
                     r"\b(?:hundre|tusen)\s+(?:kr\b|kroner)", re.I)
# A time a «når» question may be answered with, as Norwegian writes it: a year (1900–2099; 1000–1899 after «i / fra /
# siden / før …», also «fra rundt 1860» — not a count such as «1500 innbyggere», «rundt 1500 elever», «mellom 1000 og
# 1500 boliger»; also «6500 f.Kr.»), a
# century or decade («på 1200-tallet», «1990-årene»), a day and month, a month, a season or holiday («høsten»,
# nynorsk «hausten», «sommerstid», «i romjulen»), a weekday («fredag», nynorsk «laurdag»), a time of day («klokken 09.00», «ved
# 09.30-tiden», «på kvelden») or a day relative to the telling («i går», «i fjor») — not «i dag» / «i år», which plans
# use of the present they describe.
_DATE = re.compile(r"\b(?:19|20)\d{2}\b|\b(?:i|år|året|fra|innen|siden|før|etter|anno)\s+(?:(?:rundt|omkring|ca\.)\s+)?1\d{3}\b(?!\s*(?:kr\b|kroner))|\b\d+\s*(?:f|e)\.\s?Kr\b|\b\d{2,4}-(?:tallet|talet|årene|åra)\b|"
                   r"\b\d{1,2}\.\s*(?:\d{1,2}\.|januar|februar|mars|april|mai|juni|juli|august|"
                   r"september|oktober|november|desember)|\b(?:januar|februar|mars|april|mai|juni|juli|august|september|"
                   r"oktober|november|desember|våren|høsten|vår|høst|haust|hausten|sommeren|sommaren|vinteren|sommerstid|vinterstid|romjulen|"
                   r"romjula|julaften|påsken|påska)\b|"
                   r"\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tysdag|laurdag|sundag)(?:en|ar|er)?\b|"
                   r"\b(?:klokken|klokka|kl\.)\s*\d|\b\d{1,2}[.:]\d{2}-(?:tiden|tida)\b|"
                   r"\b(?:i|på|om)\s+(?:morgenen|formiddagen|ettermiddagen|kvelden|natten|natta|morgonen|kvelden)\b|"
                   r"\bi\s+(?:går|gårkveld|forgårs|fjor|morgen)\b|"
                   # a time said by the plan's own calendar: «i løpet av planperioden», «innen utgangen av året», «ved
                   # årsskiftet», «neste år», «om to år», «første halvår», «andre kvartal» (not «ved skolestart»: a
                   # moment the plan speaks of, seldom when a thing is done — dev r1446)
                   r"\b(?:i\s+løpet\s+av|innen\s+(?:utgangen\s+av|slutten\s+av)|ved\s+(?:utgangen|slutten)\s+av|"
                   r"innan\s+utgangen\s+av)\s+(?:(?:første|andre|siste|"
                   r"fyrste)\s+)?(?:planperioden|perioden|året|skoleåret|skuleåret|halvåret|kvartalet|valgperioden|"
                   r"kommunestyreperioden|måneden|månaden|våren|høsten|hausten|sommeren|vinteren)\b|"
                   r"\b(?:ved|etter|innen|før|fram\s+til|frem\s+til)\s+(?:årsskiftet|nyttår)\b|"
                   r"\b(?:neste|næraste|nærmeste|kommende|komande)\s+(?:år|skoleår|skuleår|periode|planperiode)\b|"
                   r"\bom\s+(?:\d+|ett|eitt|to|tre|fire|fem|seks|ti)\s+år\b|"
                   r"\b(?:første|fyrste|andre|siste)\s+(?:halvår|kvartal|tertial)\b|\b[1-4]\.\s*(?:halvår|kvartal|tertial)\b", re.I)


# Words a count is written after («over 20», «de 22 øvrige ansatte», «hele 20 av de …»): after them a bare number is
# read as a count, whatever follows it.
_COUNT_BEFORE = ("de", "dei", "disse", "desse", "alle", "kun", "bare", "berre", "hele", "heile", "totalt", "over", "under",
                 "ca", "cirka", "rundt", "omkring", "nesten", "minst", "maks", "maksimalt", "av", "med", "til", "i", "på",
                 "for", "enn", "mellom", "lag", "og", "eller", "hvorav", "herav", "ytterligere", "ytterlegare", "drøyt",
                 "knapt", "nærmere", "vel", "inntil", "opptil", "snaut", "ved", "fra", "frå", "per", "pr", "siste", "neste", "alt",
                 "første", "tidligere", "tidlegare", "vi", "dere", "han", "hun", "ho", "man")
# What cannot follow a count: a passive («samles», «kommuniseres»), a word of another class (adverb, pronoun, conjunction, auxiliary, infinitive mark), a definite singular noun or an adjective
# before one («skolen», «saken», «øvrige personalet») — not «igjen», «sammen» (adverbs in -en after «6 elever»); not a
# present participle either: «kan virke 64 demotiverende», but «I Telemark har vi 11 videregående skoler» (dev r272)
_NO_COUNT_AFTER = (r"(?!(?:igjen|sammen|heller|ifølge)\b)(?:[a-zæøå]{3,}(?:es|en|et)\b|[a-zæøå]+e\s+[a-zæøå]{3,}(?:en|et)\b|"
                   r"(?:også|samtidig|at|å|er|var|har|hadde|deres|dens|dets|hvilke|hvilken|hvilket|kva|egen|eget|egne|kan|"
                   r"skal|vil|må|bør|ikke|ikkje|særlig|særleg|derfor|dessuten|blant|hvor|når|der|men|slik)\b)")
_TYPESET_PAGE = re.compile(r"(?<![\w-])([a-zæøå]{2,})\s+\d{1,3}(?=\s+" + _NO_COUNT_AFTER + r")")


def _drop_pages(text: str) -> str:
    """The text without the page or note numbers typesetting left inside its sentences (white papers converted from
    print): a bare number between two words where no count can stand — before a passive («aldersgrupper 56 samles»),
    a word of another class («arbeider 53 også», «særlig 62
    hvilke», «ofte 31 å»), a noun in the definite singular or an adjective before one («samiske 67 skolen», «det 22
    øvrige personalet») — unless the word before it is one a count is written after («de 3 …», «over 20 …»)."""
    return _TYPESET_PAGE.sub(lambda m: m.group(0) if m.group(1).lower() in _COUNT_BEFORE else m.group(1), text)


# References are not quantities: «§ 5-7», «s. 12», «kapittel 3», «jf. 2.3», section numbers «4.2.1».
# A law's parts are references too: «§ 1 Formål, 1. ledd, første punktum», «2. ledd», «§§ 3-2 og 3-3».
# A school level is a designation too, not a count: «vidaregåande trinn 3», «Vg2», «10. trinn», «5.–7. klasse»,
# «8. til 10. trinn».
# A document cited by its number is a reference too: «St.melding 28», «St.meld. nr. 44», «Meld. St. 31», «NOU 2016: 18»;
# and so is a plan's numbered label: «Tiltak 9: …», «Delmål 2.», «Innsatsområde 6.», and a road's number: «E18».
_REFERENCE = re.compile(r"§+\s*\d[\w.-]*(?:\s*(?:,|og|eller|[-–])\s*\d[\w.-]*)*|\b(?:s|side|kap|kapittel|pkt|punkt|nr|sak|trinn|steg|nivå|vg)\.?\s*\d[\d/.-]*|"
                        r"\b(?:st\.?\s*meld(?:ing)?|st\.?\s*mld|meld\.?\s*st|nou|st\.?\s*prp|prop|innst)\.?\s*(?:nr\.?\s*)?"
                        r"\d[\d:. ]*|"
                        r"(?<=[^\W\d_])\d{1,3}(?=\s*$)|(?m:^del\s+\d+\s*$)|"  # a contents line's page: «Folkeuniversitetet i Alta9»
                        # a part of a document or treaty by its number: «etter både del 2 og del 3 av
                        # minoritetsspråkpakten», «del II» (not a share: «del 2 %» does not occur, «en del» has no digit)
                        r"\b(?:del|delene|delane)\s+\d{1,2}\b(?!\s*(?:%|prosent|av\s+\d))|"
                        # a footnote's number set after the sentence's full stop: «… ved Elgå skole i Engerdal.15»; a list's
                        # first number glued to its lead line: «… to hovedmål for likestillingsarbeidet i barnehagene:1.»
                        r"(?<=[^\W\d_][.!?])\d{1,3}(?=\s*$|\s+[A-ZÆØÅ])|(?<=[^\W\d_]:)\d{1,2}\.(?=\s*$)|"
                        # … or after a sentence ending in a year, a heading's number glued on: «… innen utgangen av 2007.2.»
                        r"(?<=(?:19|20)\d\d[.])\d{1,2}\.?(?=\s*$|\s+[A-ZÆØÅ])|"
                        # a treaty's or a law's article: «artikkel 29», «artiklene 24 og 25», «art. 3»
                        r"\b(?:artikkel|artikler|artiklene|artiklane|art)\.?\s*\d+(?:\s*(?:og|,|[-–])\s*\d+)*|"
                        r"\b(?:tiltak|delmål|hovedmål|mål|innsatsområde|satsingsområde|fokusområde|strategi|kapittel)\s+"
                        r"\d+(?:\.\d+)*(?=\s*[:.)]|\s*$|(?-i:\s+[A-ZÆØÅ]))|"
                        r"(?-i:\b(?:E|Rv|Fv|Ev)\.?\s?\d+\b)|"  # a road by its number: «E18», «Rv 7», «Fv. 285»
                        r"(?<![\d(])\b\d{1,2}\)|"  # an enumerator inside a line: «Formål: 1) Sikre …»
                        # (not a number with thousands marked by dots, as Norwegian writes them: «39.000», «3.503.000»)
                        r"\b(?!\d{1,3}(?:\.\d{3})+\b(?!\.\d))\d+(?:\.\d+){1,3}\b(?!,)|"
                        r"\b\d{1,2}\.\s*(?:(?:[–-]|og|eller|,|til)\s*\d{1,2}\.\s*)?(?:ledd|punktum|bokstav|trinn|steg|klasse|klassetrinn|"
                        r"årstrinn)\b",
                        re.I)


# A labelled reference to a part of a document: «kap. 2.3.2», «s. 12», «pkt. 4.1», «§ 5-7».
_SECTION_REFERENCE = re.compile(r"§+\s*\d[\w.-]*(?:\s*(?:,|og|eller|[-–])\s*\d[\w.-]*)*|\b(?:s|side|kap|kapittel|pkt|punkt|avsnitt)\.?\s*\d[\d.-]*", re.I)

# A document cited by its number and session is no date of an event: «St.mld. nr 44 (2008 – 2009)», «Meld. St. 13
# (2011–2012)», «Prop. 90 L (2012–2013)», «NOU 2016: 18», «St.meld. nr. 16 (2006–2007)» (dev r1060: a «når» question
# answered by the white papers a plan lists).
_DOCUMENT_REFERENCE = re.compile(r"\b(?:st\.?\s*meld(?:ing)?|st\.?\s*mld|meld\.?\s*st|st\.?\s*prp|prop|innst)\.?\s*"
                                 r"(?:nr\.?\s*)?\d+(?:\s*[A-Z]\b)?\s*(?:\(\s*(?:19|20)\d{2}\s*[–-]\s*(?:19|20)?\d{2}\s*\))?|"
                                 r"\bNOU\s*(?:19|20)\d{2}\s*:\s*\d+", re.I)


# Numbers written as words («minst tre dager i uka», «halvparten»); not «en/ett», which are also articles.
# Also as Norwegian writes counts and shares in words: the teens and tens (bokmål and nynorsk: «fjorten», «tjuge»),
# «milliard», a fraction («en tredel», «ein firedel», «halvdelen»), a multiple («femdoblet», «halvert»), and a share by
# an ordinal after «hver / kvar / annenhver» («hver tredje samisktalende kvinne», «kvar femte elev»). Not the accented
# numeral «én»: «minst én gang siste år» counts no one (dev r1092 was answered by it).
_NUMBER_WORD = re.compile(r"\b(?:to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|elleve|tolv|tretten|fjorten|femten|seksten|sytten|"
                          r"søtten|atten|nitten|tjue|tjuge|tretti|tretti|førti|femti|seksti|sytti|søtti|åtti|nitti|hundre|"
                          r"tusen|million(?:er)?|milliard(?:er)?|halvparten|halvdelen|dobbelt|tredjedel|fjerdedel|"
                          r"(?:tre|fire|fem|seks|ti)del(?:en|er)?|(?:to|tre|fire|fem|seks|ti)dobl\w*|halvert|halvera|"
                          r"(?:hver|hvert|kvar|kvart|annenhver|annakvar)\s+(?:tredje|fjerde|femte|sjette|sjuende|syvende|"
                          r"åttende|niende|tiende|tolvte|tjuende|hundrede)|two|three|four|five|six|seven|"
                          r"eight|nine|ten|twelve|twenty|hundred|thousand|half)\b", re.I)


# Dates are not counts: «1. januar», «31.12.2021», «1.8.».
_DATE_NUMBER = re.compile(r"\b\d{1,2}\.\s*(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|"
                          r"desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des)\b\.?|\b\d{1,2}\.\d{1,2}\.(?:\d{2,4}\b)?",
                          re.I)


def _has_digit(unit: str) -> bool:
    """``has_number`` in digits: a number other than an enumeration, a reference or a date."""
    text = _REFERENCE.sub(" ", _drop_pages(_ENUMERATION.sub("", unit, count=1)))
    return bool(re.search(r"\d", _DATE_NUMBER.sub(" ", text)))


def has_number(unit: str) -> bool:
    """A unit states a number, in digits or words — its own row or list number («10 Betydelig
    mindre …»), references («§ 5-7», «s. 12», «kapittel 3») and dates («1. januar», «31.12.2021»)
    do not count."""
    # first: «2.1.3» is a section, not «2.1.» and 3
    text = _REFERENCE.sub(" ", _drop_pages(_ENUMERATION.sub("", unit, count=1)))
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
    # a Latin noun in «-um» loses it in the plural: «museum» → «seks … museer» (the stem «muse»), «kriterium» → «kriterier»
    forms = tuple(dict.fromkeys(f for alt in counted.split("|")
                                for f in (alt, *((alt[:-2],) if alt.endswith("um") and len(alt) >= 6 else ()))))
    for m in _NUMBER_WORD.finditer(text):
        after = " ".join(text[m.end():].split()[:3])
        if covered_terms(forms, after):
            return True
    return False


# the group after «% av»: one word, or an adjective and its noun («av de eldre», «av unge voksne», «av mennene»)
_REFERS_BACK = re.compile(r"(?:dem|dei|disse|desse|them|these)\b", re.I)
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
    # a later share without «av …» is of the same group, and so is one «av dem / av disse»: the pronoun refers back to
    # the group the sentence named («Av ungdomsskoleelever … er det kun 56 % av dem som …»; dev r1140)
    groups = [m.group(1) for m in _SHARE_OF.finditer(line) if not _REFERS_BACK.match(m.group(1))]
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
            if word in forms or _stem(word) == counted or short_base(_stem(word)) == counted:  # «12 årene»
                return True
    return counts(line, counted)


def counts_noun(line: str, counted: str) -> bool:
    """A number in the line counts ``counted`` (a stem): the word after it, or the one after an adjective, is that noun
    («26 elever», «833 elever i grunnskolen», «6000 nye årsverk», «tre studenter»)."""
    for m in _NUMBER_THEN_WORDS.finditer(line):
        for word in (w.lower() for w in m.groups() if w):
            if _stem(word) == counted or short_base(_stem(word)) == counted:
                return True
    return counts(line, counted)


# An age or a duration in years: «29 år», «3-4 år», «5-årige», «10-årig», «fem år gamle» — no count of what a «hvor
# mange» question counts (unless it counts years: ``MEASURE_UNITS``)
_AGE = re.compile(r"\b\d+(?:\s*[-–]\s*\d+)?\s*(?:år\b(?!\w)|-?årig\w*|-?åring\w*)", re.I)


# «Hvor stor andel / del …», «hvor mange prosent …», "what share / percentage / proportion …" asks for a share: a
# percentage, a fraction («1 av 5», «fire av ti», «halvparten», «en tredjedel»), not a count or a class («klasse D4»)
_ASKS_SHARE = re.compile(r"\b(?:hvor|kor)\s+(?:stor|høy|høg)e?\s+(?:andel|del|prosent\w*)\b|\b(?:hvor|kor)\s+mange\s+prosent|"
                         r"\bwhat\s+(?:share|percentage|proportion|part|fraction|portion)\b", re.I)
_SHARE_FORM = re.compile(r"\d\s*%|\bprosent|\bandel|\bpst\b|\bprosentpoeng|\b(?:\d+|en|ein|ett|eitt|én|to|tre|fire|fem|seks|sju|syv|"
                         r"åtte|ni|ti)\s+av\s+(?:\d+|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|hundre)\b|halvpart|tredjedel|"
                         r"fjerdedel|femtedel|tidel|flertall|hver\s+(?:\w+\s+)?(?:andre|tredje|fjerde|femte)\b|annenhver", re.I)


# «hvor mange / kor mange / how many» asks for a count; a sum of money is no count of anything but kroner
# A number given in a unit of length, area or time: a measurement, not a count of what a «hvor mange X» question counts.
_MEASURE = re.compile(r"\b\d[\d ,.]*\s*(?:meter|m|km|kilometer|kilometers|mil|m2|m²|kvm|kvadratmeter|dekar|daa|"
                      r"minutter|minutt|min|timer|time|t|sekunder)\b(?![,.]?\d)", re.I)
_COUNT_QUESTION = re.compile(r"\b(?:hvor|kor)\s+mange\b|\bhow many\b", re.I)
_MONEY = re.compile(r"\d[\d .,]*\s*(?:kr\b\.?|kroner|nok\b|,-|(?:mill|mrd)\b\.?|(?:millioner|milliarder|milliard|million)\s+"
                    r"(?:kr\b|kroner|nok\b))|\bkr\.?\s*\d[\d .,]*|\bNOK\s*\d[\d .,]*", re.I)
_KRONER = _stem("kroner")
# A share set as a target by a date: «20% menn i barnehagene innen utgangen av 2007», «60 prosent … innen 2030». It says
# what is wanted, not how many there are: «How many men work in Sami kindergartens today?» is not answered by it (dev
# r1314) — unless the question asks for the target («Hva er målet …», "What is the target …", "… by 2030").
_TARGET_SHARE = re.compile(r"\d[\d,.]*\s*(?:%|prosent)(?=[^.;:!?]{0,80}?\binnen\s+(?:utgangen\s+av\s+)?(?:år(?:et)?\s+)?"
                           r"(?:19|20)\d{2}\b)", re.I)
_ASKS_TARGET = re.compile(r"\b(?:mål\w*|innen|target\w*|goal\w*|aim\w*|by\s+(?:19|20)\d{2})\b", re.I)


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
        if _COUNT_QUESTION.search(question) and not _ASKS_TARGET.search(question):
            text = _TARGET_SHARE.sub(" ", text)  # a share set as a target is no count of those there now
        # a document cited by number and year first: «NOU 2016: 18» without its year would leave «18» as a count; and
        # references before years: a heading number glued after a year («2007.2.») is known by the year before it
        lines = [_YEAR.sub(" ", _REFERENCE.sub(" ", _DOCUMENT_REFERENCE.sub(" ", line)))
                 for line in text.splitlines() if line.strip()]
        if _COUNT_QUESTION.search(question) and counted != _KRONER:
            # «Hvor mange arbeider i mineralindustrien?» asks for a count: a sum of money («100 mill til kartlegging»)
            # counts kroner, not what the question counts
            lines = [_MONEY.sub(" ", line) for line in lines]
        if _ASKS_SHARE.search(question):  # «Hvor stor andel …?» is answered by a share, not a count or a class
            lines = [line for line in lines if _SHARE_FORM.search(line)]
        group = share_group(question)
        if group:  # «Hvor stor andel av mennene …» is not answered by «41 prosent av kvinnene» (dev r362)
            lines = [line for line in lines if not _share_of_other(line, group)]
        if not counted:
            return any(has_number(line) for line in lines)
        if counted in MEASURE_UNITS:  # «hvor mange minutter …»: a number given in minutes
            return any(has_number(line) and in_unit(line, counted) for line in lines)
        # «hvor mange lærere / barn …»: an age or a duration counts years, not them («29 år», «3-4 år», «5-årige»);
        # a length, an area or a time counts metres, square metres or minutes («byggegrense mot sjø er 100 meter»)
        lines = [_MEASURE.sub(" ", _AGE.sub(" ", line)) for line in lines]
        return any(has_number(line) and ((_has_digit(line) and not _share_of_other(line, counted)) or counts(line, counted))
                   for line in lines)
    if kind == QuestionKind.WHEN:
        asked = set(re.findall(r"\b(?:1\d|20)\d{2}\b", question))
        # «kap. 2.3.2» is no «2.3.» (a day and month); «St.meld. nr. 44 (2008–2009)» no year of what was asked
        text = _DOCUMENT_REFERENCE.sub(" ", _SECTION_REFERENCE.sub(" ", text))
        return any(m.group(0).split()[-1] not in asked for m in _DATE.finditer(text))  # «i 1845»: the year
    return True


# A document says the figure is not known or not given: «… er det pr i dag ingen tall på», «Tallgrunnlaget er
# utilstrekkelig for å vise andelen …», «… er ikke synliggjort i fremstillingen», «Selv om vi ikke kan slå fast hvor
# mange …», «det finnes ingen statistikk over …», «antallet er ukjent» (not «det er ukjent om …») — bokmål and nynorsk.
_SAYS_UNKNOWN = re.compile(
    r"\b(?:ingen|ikke|ikkje)\s+(?:sikre\s+|gode\s+|eksakte\s+|pålitelige\s+|påliteleg\w*\s+)?(?:tall|tal|data|statistikk|oversikt|"
    r"tallgrunnlag|talgrunnlag|tallmateriale)\b|"
    r"\b(?:tallgrunnlaget|talgrunnlaget|datagrunnlaget|tallmaterialet)\s+er\s+(?:for\s+\w+|utilstrekkelig|utilstrekkeleg|"
    r"mangelfullt|usikkert)\b|"
    r"\b(?:mangler|manglar|manglende|manglande|mangel\s+på)\s+(?:tall|tal|data|statistikk|oversikt|kunnskap\s+om\s+(?:hvor|kor))\b|"
    r"\b(?:ikke|ikkje)\s+(?:blitt\s+|vorte\s+)?(?:synliggjort|synleggjort|tallfestet|talfesta|oppgitt|oppgjeve|kartlagt|kartlagd)\b|"
    r"\b(?:ikke|ikkje)\s+(?:kan\s+|kunne\s+)?(?:slå|slå)\s+fast\s+(?:hvor|kor)\b|"
    r"\b(?:vet|veit)\s+(?:vi|man|en|ein)\s+(?:ikke|ikkje)\s+(?:hvor|kor)\b|\b(?:er|var)\s+(?:ukjent|ukjend)\s+(?:hvor|kor)\b|"
    r"\b(?:antallet|talet|tallet|omfanget|beløpet|kostnaden|kostnadene|summen)\s+(?:er|var)\s+(?:ukjent|ukjend)\b",
    re.I)


def says_unknown(text: str) -> bool:
    """The text says that a figure is not known or not given (``_SAYS_UNKNOWN``): where the unit a «hvor mange / hvor
    stor / hva koster» question's words stand in says so, the documents do not give what was asked."""
    return bool(_SAYS_UNKNOWN.search(text))
