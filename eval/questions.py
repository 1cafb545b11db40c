"""The evaluation question set (eval/questions.jsonl): loader, text normalisation and verifier.

Each line of the JSONL file is one question with gold quotes: exact spans of a corpus file that
answer it. ``normalize`` is the one function that decides whether a text contains a gold quote —
the verifier uses it against the corpus files, the retrieval evaluation against retrieved chunks —
so it is deliberately forgiving of what PDF extraction and cleaning do to text: line breaks vs
spaces, hyphenation at line ends, bullet glyphs, quotation marks and other punctuation.

Run ``python -m eval.questions`` to print counts per language and kind and any problems
(exit code 1 when there are problems).
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).with_name("questions.jsonl")
#: Questions over /work/shared/real_docs and the national laws (gold with page; see eval/answers.py).
REALDOCS_PATH = Path(__file__).with_name("questions_realdocs.jsonl")
# A fresh held-out set over the real documents, written by someone who never ran the assistant: every
# question (ids f001, f002, …) is held out whatever its parity — none of it is read while tuning.
FRESH_PATH = Path(__file__).with_name("questions_fresh.jsonl")
FRESH_PREFIX = "f"
# A second fresh held-out set, written the same way by another writer (ids g001, g002, …; every one held out).
FRESH2_PATH = Path(__file__).with_name("questions_fresh2.jsonl")
FRESH2_PREFIX = "g"
# A third, by a third writer who never ran the assistant (ids h001, h002, …; every one held out).
FRESH3_PATH = Path(__file__).with_name("questions_fresh3.jsonl")
FRESH3_PREFIX = "h"
# A fourth, by a fourth writer who never ran the assistant (ids h4001, h4002, …; held out through the "h" prefix).
FRESH4_PATH = Path(__file__).with_name("questions_fresh4.jsonl")
# A fifth, by a fifth writer who never ran the assistant (ids h5001, h5002, …; held out through the "h" prefix).
FRESH5_PATH = Path(__file__).with_name("questions_fresh5.jsonl")
# A sixth, by a sixth writer who never ran the assistant (ids h6001, h6002, …; held out through the "h" prefix).
FRESH6_PATH = Path(__file__).with_name("questions_fresh6.jsonl")
# A seventh, by a seventh writer who never ran the assistant (ids h7001, h7002, …; held out through the "h" prefix).
FRESH7_PATH = Path(__file__).with_name("questions_fresh7.jsonl")
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

LANGS = ("nb", "nn", "en")
KINDS = ("fact", "number", "what_says", "list", "compare", "abbrev", "synonym", "unanswerable", "law", "named_missing")
MUNICIPALITIES = ("Åmot", "Jevnaker", "Lørenskog", "Løten")

MIN_QUOTE_WORDS = 4
MAX_QUOTE_WORDS = 25
MAX_GOLD = 3

#: Minimum number of questions per kind.
MIN_PER_KIND = {
    "fact": 10,
    "number": 10,
    "what_says": 10,
    "list": 8,
    "compare": 8,
    "abbrev": 7,
    "synonym": 6,
    "unanswerable": 15,
}
MIN_NORWEGIAN_ANSWERABLE = 80  # nb + nn
MIN_NYNORSK = 5
MIN_ENGLISH_ANSWERABLE = 10
#: Each of these must be asked about in at least one "abbrev" question.
REQUIRED_ABBREVIATIONS = ("SFO", "PPT", "BTI", "PALS", "FAU", "IKT", "NAV")


@dataclass(frozen=True)
class Gold:
    """An exact span of a corpus file that answers the question."""

    source: str  # corpus file name, e.g. "amot-handlingsplan-trivsel-laeringsmiljo-2021-2024.txt"
    quote: str
    page: str | None = None  # the page label the quote stands on (documents with pages)


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str  # one of LANGS
    kind: str  # one of KINDS
    answerable: bool
    municipality: str | None = None
    gold: tuple[Gold, ...] = ()
    note: str = ""
    missing: str = ""  # a law / white paper the question names that is not in the collection

    def hit(self, text: str) -> bool:
        """True when ``text`` (e.g. a retrieved chunk) contains any of the gold quotes."""
        return any(quote_in(g.quote, text) for g in self.gold)

    def hit_sources(self) -> set[str]:
        return {g.source for g in self.gold}


def split_of(qid: str) -> str:
    """'dev' for even numeric ids (q002, q004, …: the questions one may inspect and tune on),
    'held-out' for odd ids (only measured, never looked at while tuning) and for every fresh
    question (ids f…, eval/questions_fresh.jsonl; g…, eval/questions_fresh2.jsonl; h…,
    eval/questions_fresh3.jsonl, h4…, eval/questions_fresh4.jsonl, h5…, eval/questions_fresh5.jsonl, h6…,
    eval/questions_fresh6.jsonl and h7…, eval/questions_fresh7.jsonl), whatever its parity."""
    if qid.startswith((FRESH_PREFIX, FRESH2_PREFIX, FRESH3_PREFIX)):
        return "held-out"
    digits = re.sub(r"\D", "", qid)
    return "dev" if digits and int(digits) % 2 == 0 else "held-out"


def source_stem(name: str) -> str:
    """A document's file name without folder and suffixes: gold quotes name the original file
    ("…-2033.md"), the index the converted one ("…-2033.txt")."""
    return Path(name).name.split(".")[0]


# --- normalisation ---------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# Bullet glyphs anywhere (PDF extractors use symbol-font and private-use code points too).
_BULLET_GLYPHS = re.compile("[•◦▪▫■□●○‣⁃∙·\u25aa\u25cf\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u0125]")
# Letter bullets at the start of a line: "o " (Word's second-level bullet), "n   " (Wingdings).
_LETTER_BULLET = re.compile(r"(?m)^[ \t]*(?:o[ \t]+|n[ \t]{2,})")
# A dash after a letter, optional whitespace (incl. line breaks), then a lower-case letter:
# "lærings-\nprosesser", "lærings- prosesser", "SFO-er", "arbeids- og" are joined (on both sides of
# every comparison, so a cleaner that joins or keeps them gives the same result); "mer- \nEtablere"
# (a new sentence) is not. Applied before case folding.
_DASH_GAP = re.compile(rf"(?<=[^\W\d_])[{_DASHES}]\s*(?=([^\W\d_]))")
_NON_WORD = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")


def _join_hyphenation(m: re.Match[str]) -> str:
    return "" if m.group(1).islower() else " "


@lru_cache(maxsize=8192)
def normalize(text: str) -> str:
    """Canonical form for quote matching: Unicode NFKC (composed, ligatures and no-break spaces
    resolved), lower case, hyphenation joined, bullet glyphs and all punctuation dropped,
    whitespace collapsed to single spaces. Robust to a cleaner that turns line breaks into
    spaces and bullets into "- "."""
    s = unicodedata.normalize("NFKC", text)
    s = _INVISIBLE.sub("", s)
    s = _LETTER_BULLET.sub(" ", s)
    s = _BULLET_GLYPHS.sub(" ", s)
    s = _DASH_GAP.sub(_join_hyphenation, s)
    s = s.casefold()
    s = _NON_WORD.sub(" ", s)
    return _SPACES.sub(" ", s).strip()


def quote_in(quote: str, text: str) -> bool:
    """True when ``quote`` occurs in ``text`` as whole words, after ``normalize`` on both."""
    q = normalize(quote)
    if not q:
        return False
    return f" {q} " in f" {normalize(text)} "


def word_count(quote: str) -> int:
    return len(normalize(quote).split())


# --- locating a quote in the raw file (to check it stays inside one list item) ---------------

_ITEM_START = re.compile(r"\n[ \t]*(?:[•\u0125]|o[ \t]|n[ \t]{2}|-[ \t]|\d{1,2}\.[ \t]|[a-e]\)[ \t])")


def _raw_pattern(quote: str) -> re.Pattern[str]:
    """A regex that finds the normalised quote in casefolded raw text, allowing hyphenation
    inside words and any non-word characters between words."""
    inside = rf"(?:[{_DASHES}]\s*)?"
    words = []
    for word in normalize(quote).split():
        words.append(inside.join(re.escape(ch) for ch in word))
    return re.compile(r"(?<!\w)" + r"(?:[\W_]|(?<=\n)o(?=[ \t]))+".join(words) + r"(?!\w)")


def raw_span(quote: str, raw: str) -> str | None:
    """The stretch of ``raw`` (casefolded, NFKC) that the quote matches, or None."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", raw)).casefold()
    m = _raw_pattern(quote).search(text)
    return m.group(0) if m else None


def crosses_item_boundary(span: str) -> bool:
    """True when a matched span runs into a new bullet / numbered list item."""
    return bool(_ITEM_START.search(span))


# --- loading ---------------------------------------------------------------------------------


def _question_from_dict(d: dict) -> Question:
    gold = tuple(Gold(source=g["source"], quote=g["quote"], page=g.get("page")) for g in d.get("gold", []))
    return Question(
        id=d["id"],
        question=d["question"],
        lang=d["lang"],
        kind=d["kind"],
        answerable=bool(d["answerable"]),
        municipality=d.get("municipality"),
        gold=gold,
        note=d.get("note", ""),
        missing=d.get("missing", ""),
    )


def load_questions(path: Path | str = DEFAULT_PATH) -> list[Question]:
    """Read the JSONL question file. Raises ValueError naming the line on malformed input."""
    questions: list[Question] = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            questions.append(_question_from_dict(json.loads(line)))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{Path(path).name} linje {n}: ugyldig spørsmål ({exc})") from exc
    return questions


def _municipality_of_sources(corpus_dir: Path) -> dict[str, str]:
    manifest = corpus_dir / "manifest.csv"
    if not manifest.exists():
        return {}
    with manifest.open(encoding="utf-8", newline="") as f:
        return {row["file"]: row.get("municipality", "") for row in csv.DictReader(f)}


# --- verification ----------------------------------------------------------------------------


def _check_gold(q: Question, texts: dict[str, str], corpus_dir: Path) -> list[str]:
    problems: list[str] = []
    for g in q.gold:
        where = f"{q.id}: sitat «{g.quote[:60]}»"
        if g.source not in texts:
            path = corpus_dir / g.source
            if not path.is_file():
                problems.append(f"{where}: kildefilen {g.source} finnes ikke")
                continue
            texts[g.source] = path.read_text(encoding="utf-8")
        n = word_count(g.quote)
        if n < MIN_QUOTE_WORDS:
            problems.append(f"{where}: for kort ({n} ord, minst {MIN_QUOTE_WORDS})")
        if n > MAX_QUOTE_WORDS:
            problems.append(f"{where}: for langt ({n} ord, høyst {MAX_QUOTE_WORDS})")
        raw = texts[g.source]
        if not quote_in(g.quote, raw):
            problems.append(f"{where}: finnes ikke i {g.source}")
            continue
        span = raw_span(g.quote, raw)
        if span is None:
            problems.append(f"{where}: går over et listepunkt eller en blokk i {g.source}")
        elif crosses_item_boundary(span):
            problems.append(f"{where}: går over grensen mellom to listepunkter i {g.source}")
    return problems


def _check_question(q: Question, allowed_munis: tuple[str, ...], muni_of: dict[str, str]) -> list[str]:
    problems: list[str] = []
    if q.lang not in LANGS:
        problems.append(f"{q.id}: ukjent språk {q.lang!r}")
    if q.kind not in KINDS:
        problems.append(f"{q.id}: ukjent type {q.kind!r}")
    if q.municipality is not None and q.municipality not in allowed_munis:
        problems.append(f"{q.id}: ukjent kommune {q.municipality!r}")
    if not q.question.strip():
        problems.append(f"{q.id}: tomt spørsmål")
    if (q.kind == "unanswerable") == q.answerable:
        problems.append(f"{q.id}: type {q.kind!r} stemmer ikke med answerable={q.answerable}")
    if not q.answerable:
        if q.gold:
            problems.append(f"{q.id}: ubesvarbart spørsmål skal ha tom gold")
        return problems
    if not 1 <= len(q.gold) <= MAX_GOLD:
        problems.append(f"{q.id}: skal ha 1–{MAX_GOLD} gullsitater, har {len(q.gold)}")
    sources = q.hit_sources()
    if q.kind == "compare" and len(sources) < 2:
        problems.append(f"{q.id}: sammenligning trenger sitater fra minst to dokumenter")
    if q.kind != "compare" and q.municipality and muni_of:
        wrong = sorted(s for s in sources if s in muni_of and muni_of[s] != q.municipality)
        if wrong:
            problems.append(f"{q.id}: kilde {', '.join(wrong)} hører ikke til {q.municipality}")
    return problems


def _check_counts(questions: list[Question]) -> list[str]:
    problems: list[str] = []
    kinds = Counter(q.kind for q in questions)
    for kind, minimum in MIN_PER_KIND.items():
        if kinds[kind] < minimum:
            problems.append(f"for få spørsmål av typen {kind}: {kinds[kind]} (minst {minimum})")
    norwegian = sum(1 for q in questions if q.answerable and q.lang in ("nb", "nn"))
    if norwegian < MIN_NORWEGIAN_ANSWERABLE:
        problems.append(f"for få besvarbare norske spørsmål: {norwegian} (minst {MIN_NORWEGIAN_ANSWERABLE})")
    nynorsk = sum(1 for q in questions if q.lang == "nn")
    if nynorsk < MIN_NYNORSK:
        problems.append(f"for få nynorske spørsmål: {nynorsk} (minst {MIN_NYNORSK})")
    english = sum(1 for q in questions if q.answerable and q.lang == "en")
    if english < MIN_ENGLISH_ANSWERABLE:
        problems.append(f"for få besvarbare engelske spørsmål: {english} (minst {MIN_ENGLISH_ANSWERABLE})")
    abbrev_text = " ".join(q.question for q in questions if q.kind == "abbrev")
    for abbr in REQUIRED_ABBREVIATIONS:
        if not re.search(rf"\b{abbr}\b", abbrev_text):
            problems.append(f"ingen abbrev-spørsmål om {abbr}")
    return problems


def verify(
    questions: list[Question], corpus_dir: Path | str = DEFAULT_CORPUS, *, check_counts: bool = True
) -> list[str]:
    """Every problem with the question set, as Norwegian sentences ([] when all is well):
    gold quotes not found in their file, too short or long, running over a list item, duplicate
    ids or questions, inconsistent fields, and (unless ``check_counts=False``) counts below the
    minimums."""
    corpus_dir = Path(corpus_dir)
    problems: list[str] = []
    ids = Counter(q.id for q in questions)
    problems += [f"{i}: id brukt {n} ganger" for i, n in sorted(ids.items()) if n > 1]
    texts = Counter(normalize(q.question) for q in questions)
    problems += [f"samme spørsmål {n} ganger: «{t}»" for t, n in sorted(texts.items()) if n > 1]
    muni_of = _municipality_of_sources(corpus_dir)
    allowed = tuple(sorted(set(MUNICIPALITIES) | {m for m in muni_of.values() if m}))
    sources: dict[str, str] = {}
    for q in questions:
        problems += _check_question(q, allowed, muni_of)
        problems += _check_gold(q, sources, corpus_dir)
    if check_counts:
        problems += _check_counts(questions)
    return problems


def counts(questions: list[Question]) -> dict[str, Counter]:
    """Counts per language, kind and answerability, for reports."""
    return {
        "lang": Counter(q.lang for q in questions),
        "kind": Counter(q.kind for q in questions),
        "answerable": Counter("besvarbar" if q.answerable else "ubesvarbar" for q in questions),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_PATH
    corpus = Path(args[1]) if len(args) > 1 else DEFAULT_CORPUS
    try:
        questions = load_questions(path)
    except (OSError, ValueError) as exc:
        print(f"Kunne ikke lese spørsmålene: {exc}")
        return 1
    print(f"{len(questions)} spørsmål i {path}")
    for name, c in counts(questions).items():
        print(f"  {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(c.items())))
    problems = verify(questions, corpus)
    for p in problems:
        print(f"PROBLEM {p}")
    print("OK" if not problems else f"{len(problems)} problemer")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
