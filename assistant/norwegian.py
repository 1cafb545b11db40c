"""Norwegian text analysis for the lexical index: tokens, stop words, stems, character n-grams,
abbreviations and a small domain thesaurus.

Variants are named so the evaluation can compare them (``python -m eval retrieval``):
``word`` (lower-cased words), ``stem`` (Snowball Norwegian), ``char4`` (character 4-grams of each
word, which matches parts of compounds such as "spesialundervisning"), ``stem+char4`` (both
token kinds in one index). The default is the variant that won on our question set; see README.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

VARIANTS = ("word", "stem", "char4", "stem+char4", "stem+char5", "stem+char3")
DEFAULT_VARIANT = "stem+char4"

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)

# Bokmål and nynorsk function words (Snowball's Norwegian list plus nynorsk forms).
STOPWORDS = frozenset(
    """
    og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om vi min mitt ha
    hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv sjøl her alle vil bli ble
    blei blitt kunne inn når være vore kom noen noe ville dere deres kun ja etter ned skulle denne for deg si sine sitt
    mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke sånn inni mellom vår hver
    hvem vors hvis både bare enn fordi før mange også slik vært båe begge siden dykk dykkar dei deira deires deim di
    då eg ein eit eitt elles honom hjå ho hoe henne hennar hennes hoss hossen ikkje ingi inkje korleis korso kva
    kvar kvarhelst kven kvi kvifor me medan mi mine mykje no nokon noka nokor noko nokre si sia sidan so somt somme
    um upp vere vore verte vort varte vart the of and to in is what how does which are for on about do
    """.split()
)

# Words that carry no content in questions about documents ("hva sier planen om …").
QUERY_FILLER = frozenset(
    """
    sier seier står stend skriver skriv nevner planen plana planene planen planar dokumentet dokumenta dokumentene
    dokument plan kommunen kommune kommunens gjør gjer gjøre finnes fins handler omtaler beskriver beskriv tenker
    tenkjer forteller fortel sei si say says plan's document municipality tell me please vennligst
    ifølge iflg fikk får få sa ba gikk tek tok kor frå fant finne lærte spurt tilbyr tilbys tilby ønsker ønskjer
    mener meiner vil ville skal skulle bør må kan kunne slik sånn egentlig ifølgje nevnt nevnes står
    sammenlign sammenligne sammenlikn sammenlikne samanlikn samanlikne compare comparison
    """.split()
)

# Common abbreviations in Norwegian education and welfare documents, expanded in queries.
ABBREVIATIONS: dict[str, str] = {
    "sfo": "skolefritidsordning skolefritidsordningen",
    "aks": "aktivitetsskolen skolefritidsordning",
    "ppt": "pedagogisk-psykologisk tjeneste",
    "bti": "bedre tverrfaglig innsats",
    "pals": "positiv atferd støttende læringsmiljø samhandling",
    "fau": "foreldrenes arbeidsutvalg foreldreråd",
    "su": "samarbeidsutvalg",
    "ikt": "digital digitale teknologi",
    "nav": "arbeids- og velferdsforvaltningen",
    "slt": "samordning lokale kriminalitetsforebyggende tiltak",
    "bup": "barne- og ungdomspsykiatrisk",
    "ks": "kommunesektorens organisasjon",
    "vgs": "videregående",
}

# A small domain thesaurus: each group's words are added to a query that contains one of them.
THESAURUS: tuple[tuple[str, ...], ...] = (
    ("mobbing", "mobbe", "krenkelser", "krenkende", "krenking", "trakassering", "utestenging"),
    ("pc", "nettbrett", "ipad", "chromebook", "digital", "digitale", "enhet"),
    ("lærertetthet", "lærernorm", "lærernormen"),
    ("frafall", "fullføring", "gjennomføring", "fullfører", "fullføre"),
    ("psykisk", "psykiske", "livsmestring"),
    ("foreldre", "foresatte", "hjem", "foreldresamarbeid"),
    ("lesing", "lese", "leseferdigheter", "leseferdighet"),
    ("trivsel", "trives", "trivelig"),
    ("fravær", "skolefravær", "skulefråvær"),
    ("vold", "trusler", "utagerende", "atferd", "uro"),
    ("spesialundervisning", "enkeltvedtak", "spesialpedagogisk"),
    ("ansatte", "tilsette", "personale", "medarbeidere"),
)

# Nynorsk → bokmål for frequent words whose stems do not meet (Snowball: "skul" ≠ "skol").
NYNORSK: dict[str, str] = {
    "skule": "skole", "skulen": "skolen", "skular": "skoler", "skulane": "skolene",
    "elevar": "elever", "elevane": "elevene", "barnehagar": "barnehager", "barnehagane": "barnehagene",
    "tilsette": "ansatte", "lærarar": "lærere", "lærarane": "lærerne", "lærar": "lærer",
    "tiltaka": "tiltakene", "måla": "målene", "indikatorar": "indikatorer", "fråvær": "fravær",
    "skulefråvær": "skolefravær", "heim": "hjem", "heimen": "hjemmet", "føresette": "foresatte",
    "born": "barn", "borna": "barna", "ungdomar": "ungdommer", "opplæringa": "opplæringen",
    "læringsmiljøet": "læringsmiljøet", "kommunar": "kommuner", "trygt": "trygt", "særskild": "særskilt",
    "spesialundervisninga": "spesialundervisningen", "vidaregåande": "videregående",
}

# English question words → the Norwegian words plans use (questions in English, documents in Norwegian).
ENGLISH: dict[str, str] = {
    "bullying": "mobbing krenkelser", "bullied": "mobbet", "school": "skole", "schools": "skoler skolene",
    "kindergarten": "barnehage", "kindergartens": "barnehager barnehagene", "preschool": "barnehage",
    "teacher": "lærer", "teachers": "lærere", "pupils": "elever", "pupil": "elev", "students": "elever",
    "goal": "mål", "goals": "mål målene", "aim": "mål", "aims": "mål", "objective": "mål", "objectives": "mål",
    "measure": "tiltak", "measures": "tiltak", "actions": "tiltak", "action": "tiltak", "initiatives": "tiltak",
    "indicator": "indikator", "indicators": "indikatorer", "reading": "lesing lese", "parents": "foreldre foresatte",
    "early": "tidlig", "intervention": "innsats", "mental": "psykisk", "health": "helse", "wellbeing": "trivsel",
    "well": "trivsel", "environment": "miljø læringsmiljø", "learning": "læring", "special": "spesial",
    "education": "undervisning opplæring", "municipality": "kommune", "results": "resultater", "survey": "undersøkelse",
    "national": "nasjonale", "tests": "prøver", "leisure": "fritid", "culture": "kultur", "youth": "ungdom unge",
    "children": "barn", "child": "barn", "inclusive": "inkluderende", "inclusion": "inkludering", "dropout": "frafall",
    "competence": "kompetanse", "leadership": "ledelse", "leaders": "ledere", "values": "verdier verdigrunnlag",
    "nurse": "helsesykepleier", "welfare": "barnevern", "staff": "ansatte", "employees": "ansatte",
    "cooperation": "samarbeid", "collaboration": "samarbeid", "transition": "overgang", "absence": "fravær",
    "points": "grunnskolepoeng", "resources": "ressurser ressursbruk", "budget": "økonomi", "vision": "visjon",
    "participation": "medvirkning", "involvement": "medvirkning", "safe": "trygg trygt", "quality": "kvalitet",
    "period": "periode", "adopted": "vedtatt", "council": "kommunestyret", "follow": "oppfølging", "strategy": "strategi",
    "strategies": "strategier", "digital": "digital", "physical": "fysisk", "activity": "aktivitet", "library": "bibliotek",
    "meeting": "møteplasser", "places": "møteplasser", "public": "folkehelse", "model": "modell", "team": "team",
    "interdisciplinary": "tverrfaglig", "analysis": "analyse", "use": "bruk", "spending": "ressursbruk",
    "grade": "grunnskolepoeng", "lower": "ungdomsskole", "secondary": "ungdomsskole videregående", "target": "mål måltall",
}

_stemmer = Stemmer.Stemmer("norwegian")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (numbers kept whole: '40,0'), NFC-normalised, nynorsk mapped."""
    text = unicodedata.normalize("NFC", text).lower()
    out = []
    for w in _WORD.findall(text):
        for part in w.split("-") if "-" in w and not w[0].isdigit() else [w]:
            if part:
                part = NYNORSK.get(part, part)
                if "skule" in part:  # nynorsk compounds: uteskule → uteskole
                    part = part.replace("skule", "skole")
                out.append(part)
    return out


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _char_ngrams(word: str, n: int) -> list[str]:
    padded = f"^{word}$"
    if len(padded) <= n:
        return [f"#{padded}"]
    return [f"#{padded[i:i + n]}" for i in range(len(padded) - n + 1)]


def analyze(text: str, variant: str = DEFAULT_VARIANT) -> list[str]:
    """Index-side analysis: the tokens BM25 sees for a passage."""
    toks = [w for w in words(text) if w not in STOPWORDS]
    out: list[str] = []
    use_stem = variant in ("stem",) or variant.startswith("stem+")
    n = {"char4": 4, "stem+char4": 4, "stem+char5": 5, "stem+char3": 3}.get(variant, 0)
    for w in toks:
        if variant == "word":
            out.append(w)
            continue
        if use_stem:
            out.append(_stem(w))
        if n and not w[0].isdigit():
            out.extend(_char_ngrams(w, n))
        elif n and variant == "char4":
            out.append(w)
    return out


def expand_query(question: str, thesaurus: bool = True) -> str:
    """The question with filler removed and abbreviations / thesaurus synonyms appended."""
    toks = words(question)
    raw_lower = question.lower()
    kept = [t for t in toks if t not in QUERY_FILLER]
    extra: list[str] = []
    for t in kept:
        if t in ABBREVIATIONS:
            extra.append(ABBREVIATIONS[t])
        if t in ENGLISH:
            extra.append(ENGLISH[t])
    for abbr, full in ABBREVIATIONS.items():
        if full.split()[0] in raw_lower and abbr not in kept:
            extra.append(abbr)
    if thesaurus:
        stems = {_stem(t) for t in kept}
        for group in THESAURUS:
            if any(_stem(g) in stems for g in group):
                extra.extend(g for g in group if _stem(g) not in stems)
    return " ".join(kept + extra)


def analyze_query(question: str, variant: str = DEFAULT_VARIANT, thesaurus: bool = True) -> list[str]:
    return analyze(expand_query(question, thesaurus=thesaurus), variant)


def content_terms(text: str) -> set[str]:
    """Stems of the content words in a text (for sentence scoring in extractive answers)."""
    return {_stem(w) for w in words(text) if w not in STOPWORDS and w not in QUERY_FILLER}
