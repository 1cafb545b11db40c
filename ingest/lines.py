"""What a line of cleaned text is, for ingest/structure.py: the patterns (markdown, numbered and
area headings, goal/measure labels, bullets, table cells, action-table columns), the line record
``_Line`` (text, page, blank line before), page text flattened into lines, the predicates on one
line (weak title, table header, row number, label) and joining a paragraph's lines with the offset
of each (for page maps)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Page
from assistant.vocabulary import (
    AREA_LABELS,
    GOAL_LABELS,
    INDICATOR_LABELS,
    MEASURE_LABELS,
    OTHER_LABELS,
    SECTION_WORDS,
    VISION_LABELS,
    alternation,
)

# --- line patterns ---------------------------------------------------------------------------

_MD_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TABLE_SEP = " | "
_BULLET_RE = re.compile(r"^(\s*)([-–•▪◦*])\s+(\S.*)$")
# "4.2 Tittel", "1 .0 Innledning", "4.4Helsefremmende", "4 Tittel", "4. Tittel"
_NUM_RE = re.compile(r"^(\d{1,2}(?:\s?\.\s?\d{1,2}){0,4})(\.?)(\s*)(\S.*)$")
_ENUM_RE = re.compile(r"^(\d{1,2}|[a-zA-Z])[.)]\s+\S")  # "1. …", "a) …", "b. …"
_AREA_RE = re.compile(
    r"^(Område|Kapittel|Del|Hovedområde|Satsingsområde|Satsningsområde|Innsatsområde|"
    r"Fokusområde|Utviklingsområde|Tema)\s+(\d{1,2}|[IVX]{1,4})\b\s*[:.–-]?\s*(.*)$"
)
_GOAL_RE = re.compile(
    rf"^({alternation(GOAL_LABELS + VISION_LABELS)})"
    r"(\s+\d{1,2})?(\s+(for|i|på)\s+[\w/-]+(\s+[\w/-]+){0,3})?\s*:?$",
    re.IGNORECASE,
)
_SUB_RE = re.compile(
    rf"^({alternation(MEASURE_LABELS + INDICATOR_LABELS + AREA_LABELS[:6] + OTHER_LABELS[:2])})"
    r"(\s+(for|i|på)\s+[\w/-]+(\s+[\w/-]+){0,2})?\s*:?$",
    re.IGNORECASE,
)
_PARA_RE = re.compile(r"^§\s*(\d+[\w-]*)\s*\.?\s*(.*)$")
_URL_RE = re.compile(r"(https?://|www\.)", re.IGNORECASE)
_END_SENTENCE = (".", "!", "?", ":", ";", "»", "”", '"', ")")
_CLOSES_SENTENCE = re.compile(r"[.!?][»”\"')]*$")  # a line before a title line must end like this


_FUNCTION_WORDS = {
    "og", "i", "til", "fra", "for", "med", "av", "på", "som", "at", "en", "et", "ei", "å", "er",
    "om", "de", "den", "det", "eller", "men", "ved", "under", "over", "mot", "etter", "har",
    "skal", "kan", "vil", "blir", "the", "of", "and",
    # nynorsk
    "frå", "ein", "eit", "dei", "vert", "blei", "utan", "mellom",
}
#: Section names that are headings even after a line that does not close a sentence
#: (a signature, a table fragment).
_SECTION_WORDS = SECTION_WORDS
_CAPTION_INSIDE_RE = re.compile(r"\b(Foto|Fotograf|Kunstner|Kilde|Illustrasjon)\s*:", re.IGNORECASE)
_CAPTION_RE = re.compile(r"^(Kilde|KILDE|Foto|Fotograf|Figur|Tabell|Illustrasjon|Kunstner)\b")

#: Column names of action tables ("Tiltak Økonomi Frist periode Ansvar"), bokmål and nynorsk.
#: A header line names at least three of them.
_COLUMN_WORDS = {
    "tiltak", "tiltaka", "tiltakene", "aktivitet", "aktiviteter", "aktivitetar", "handling", "handlinger",
    "handlingar", "økonomi", "kostnad", "kostnader", "kostnadar", "kostnadsramme", "budsjett", "finansiering",
    "ressurs", "ressurser", "ressursar", "ressursbehov", "frist", "frister", "fristar", "tid", "tidspunkt",
    "tidsplan", "tidsperiode", "tidsramme", "periode", "når", "ansvar", "ansvarlig", "ansvarleg",
    "ansvarlige", "ansvarlege", "hvem", "kven", "status", "indikator", "indikatorer", "indikatorar", "måltall",
    "måltal", "målgruppe", "målgrupper", "mål", "delmål", "resultatmål", "effekt", "evaluering",
    "oppfølging", "oppfylging", "samarbeid", "samarbeidspartnere", "samarbeidspartnarar", "prioritet",
    "prioritering", "hva", "kva", "hvordan", "korleis", "beskrivelse", "skildring", "merknad", "merknader",
    "kommentar", "kommentarar", "kommentarer",
}
#: Other words a header may hold ("Nr", "Tid og ansvar", "Frist/periode").
_HEADER_FILLER = {"nr", "og", "i", "for", "per", "pr", "med", "av", "eller", "år"}
# "3 Legge til rette …", "12. Etablere …", "4) «Mitt valg» …": a row number and a capital
_ROW_RE = re.compile(r"^(\d{1,2})[.)]?\s+(?=[«\"“(]?[A-ZÆØÅ])")
_TABLE_LOOKAHEAD = 80  # lines searched for a missing row number before a gap is believed


@dataclass
class _Line:
    text: str  # right-stripped, indentation kept
    page: int | None
    label: str | None
    blank_before: bool  # a blank line or a page start precedes it
    page_start: bool
    ocr: bool = False


@dataclass
class _Head:
    level: int
    text: str
    kind: str  # "structural" | "title" | "goal" | "sub"


def _flatten(pages: list[Page]) -> list[_Line]:
    lines: list[_Line] = []
    for page in pages:
        blank = True
        first = True
        for raw in page.text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            text = raw.replace("\t", " ").rstrip()
            if not text.strip():
                blank = True
                continue
            lines.append(_Line(text, page.number, page.label, blank, first, page.ocr))
            blank = False
            first = False
    return lines


def _words(s: str) -> list[str]:
    return s.split()


def _starts_upper(s: str) -> bool:
    s = s.lstrip("«\"'“")
    return bool(s) and s[0].isupper()


def _starts_lower(s: str) -> bool:
    return bool(s) and s[0].islower()


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _num_level(number: str) -> int:
    parts = number.split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return len(parts)


def _is_list_or_table(s: str) -> bool:
    return _TABLE_SEP in s or bool(_BULLET_RE.match(s))


def _single_number(s: str) -> int | None:
    """The number of a line like "3. Tekst" / "3 Tekst" / "3) Tekst", else None."""
    m = re.match(r"^(\d{1,2})[.)]?\s+\S", s.strip())
    if not m:
        return None
    if re.match(r"^\d{1,2}\s?\.\s?\d", s.strip()):  # "4.2 …" is not a single number
        return None
    return int(m.group(1))


def _is_weak_title(s: str) -> bool:
    """A short title-like line: no sentence punctuation, starts uppercase, few words."""
    s = s.strip()
    if not s or _is_list_or_table(s) or _URL_RE.search(s) or _single_number(s) is not None:
        return False
    words = _words(s)
    caps = _is_caps(s)
    if len(words) > (12 if caps else 10) or len(s) > (90 if caps else 80):
        return False
    if not _starts_upper(s):
        return False
    if s.endswith((".", ",", ";", ":", "-", "–", "/")):
        return False
    if len(words) > 4 and words[0] in ("Vi", "Jeg", "Det", "Dette", "Disse", "Den", "Du", "De", "Her"):
        return False  # "Vi ønsker å …" — a sentence without its full stop
    if words[-1].lower() in _FUNCTION_WORDS and not caps:
        return False  # "… skal fra 2022 til" — a wrapped sentence
    if _CAPTION_RE.match(s):
        return False
    if re.match(r"^Side\s+\d", s) or not re.search(r"[A-Za-zÆØÅæøå]{3,}", s):
        return False
    if re.fullmatch(r"[\d\s.,%/–-]+", s):
        return False
    return True


def _is_table_header(s: str) -> bool:
    """A column header of an action table written without cell separators ("Tiltak Økonomi
    Frist periode Ansvar", "Tiltak Kostnad Tidspunkt Ansvarleg"): a short line naming at least
    three column words and little else."""
    s = s.strip()
    if not s or len(s) > 100 or _TABLE_SEP in s or _BULLET_RE.match(s) or not _starts_upper(s):
        return False
    if s.endswith((".", "!", "?", ":", ";")) or "," in s:
        return False  # "Mål, tiltak og ansvar" is a title or a sentence, not column names
    words = re.findall(r"[a-zæøå]+", s.lower())
    if not 3 <= len(words) <= 12:
        return False
    named = {w for w in words if w in _COLUMN_WORDS}
    other = [w for w in words if w not in _COLUMN_WORDS and w not in _HEADER_FILLER]
    return len(named) >= 3 and len(other) <= len(words) // 3


def _row_number(s: str) -> int | None:
    """The row number of a line that can start a table row ("3 Legge til rette …")."""
    m = _ROW_RE.match(s.strip())
    return int(m.group(1)) if m else None


def _is_label(s: str) -> str | None:
    s = s.strip()
    if not s[:1].isupper() or s.rstrip(":").split()[-1].lower() in _FUNCTION_WORDS:
        return None
    if _GOAL_RE.match(s):
        return "goal"
    if _SUB_RE.match(s):
        return "sub"
    return None


def _normalise_number(number: str) -> str:
    return re.sub(r"\s+", "", number)


def _normalise_md(text: str) -> str:
    text = " ".join(text.split())
    m = _PARA_RE.match(text)
    if m:
        rest = m.group(2).strip()
        return f"§ {m.group(1)} {rest}".strip()
    return text



def _is_line_list(parts: list[str]) -> bool:
    """Short lines that each start with a capital and do not run on into the next line —
    an unmarked list ("Lovgrunnlag:" / "FNs barnekonvensjon" / "Lov om barnehager" …)."""
    if len(parts) < 3:
        return False
    rest = parts[1:]
    if not all(_starts_upper(p) and len(p) <= 80 for p in rest):
        return False
    return sum(len(p) for p in parts) / len(parts) < 60


def _join_lines(parts: list[str]) -> str:
    """Join the lines of a paragraph; a trailing hyphen before a lowercase letter is a
    broken word ("kompetanse-\nutvikling" stays hyphenated only before "og"/"eller")."""
    return _join_lines_at(parts)[0]


def _join_lines_at(parts: list[str]) -> tuple[str, list[int]]:
    """``_join_lines`` and the offset where each part starts in the joined text."""
    out = ""
    starts: list[int] = []
    for part in parts:
        if not out:
            starts.append(0)
            out = part
        elif out.endswith("-") and part[:1].islower() and not part.startswith(("og ", "eller ")):
            starts.append(len(out) - 1)
            out = out[:-1] + part
        else:
            starts.append(len(out) + 1)
            out = f"{out} {part}"
    return out, starts


def _page_marks(lines: list[_Line], starts: list[int]) -> tuple[tuple[int, int, str | None], ...]:
    """Where a block's text changes page: (offset, page, label); () when it stays on one page."""
    marks: list[tuple[int, int, str | None]] = []
    for line, at in zip(lines, starts):
        if line.page is not None and (not marks or marks[-1][1] != line.page):
            marks.append((at if marks else 0, line.page, line.label))
    return tuple(marks) if len(marks) > 1 else ()
