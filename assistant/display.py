"""What the user is shown, as plain data: table rows, choice labels, summaries, status, highlight
spans, example questions — no markup, no Gradio, no subprocess.

The shaping below is the same for every front end (the app, and any other that calls the stable
``ask`` API) and is tested as plain Python; ``assistant/markup.py`` writes it as escaped HTML and
Markdown, ``app.py`` shows it (layout, CSS, handlers).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.citations import MAYBE_RELEVANT, make_citation
from assistant.citations import page_text as citation_page_text
from assistant.errors import AssistantError
from assistant.models import Answer, Block, Citation, DocumentRecord, Fallback, Filters, Hit, IngestReport
from assistant.norwegian import split_sentences
from assistant.settings import OFFLINE_MODEL, Settings

if TYPE_CHECKING:
    from assistant.checker.models import CheckResult

#: Column headers of the tables the app shows.
DOCUMENT_COLUMNS = ["Tittel", "Kommune", "Type", "Periode", "Sider", "Tekstbiter", "Lagt inn", "Fil"]
REPORT_COLUMNS = ["Fil", "Resultat", "Sider", "Tekstbiter", "Merknad"]
GOAL_COLUMNS = ["Plan", "Mål", "Side", "Tiltak", "Indikatorer", "Måltall", "Flagg"]

STATUS_WORDS = {
    "ingested": "lagt inn",
    "unchanged": "uendret (fantes fra før)",
    "failed": "feilet",
    "duplicate": "hoppet over (duplikat)",
    "removed": "fjernet",
}

#: Label of the source list when the answer is "not found" and the closest passages are offered.
MAYBE_RELEVANT_LABEL = f"{MAYBE_RELEVANT} – nærmeste avsnitt (ikke et svar)"

GENERIC_ERROR = (
    "Noe gikk galt, og handlingen ble ikke fullført. Prøv igjen – hvis feilen fortsetter, "
    "kontakt den som drifter planassistenten."
)

#: Example questions used when corpus/examples.json is missing or names none of the indexed municipalities.
FALLBACK_EXAMPLES = ["Hva sier planene om mobbing?", "Hvilke mål er satt for læringsmiljøet?", "Hva er tidlig innsats?"]


# --- Spør -------------------------------------------------------------------------------------
def make_filters(municipalities: list[str] | None, kinds: list[str] | None, doc_ids: list[str] | None) -> Filters | None:
    """The filters chosen in the UI; None when nothing is chosen."""
    f = Filters(municipality=tuple(municipalities or ()), kind=tuple(kinds or ()), doc_ids=tuple(doc_ids or ()))
    return None if f.is_empty() else f


def mode_note(mode: object) -> str:
    """A note when the answer fell back from the language model ('' otherwise). ``mode``:
    ``Answer.fallback`` (models.Fallback), or an older prose mode string."""
    if isinstance(mode, Fallback):
        return f"Uttrukket svar: {mode.message}."
    m = re.search(r"\((.+)\)", str(mode or ""))
    return f"Uttrukket svar: {m.group(1)}." if m else ""


def citation_from_hit(n: int, hit: Hit) -> Citation:
    """A retrieved passage as a citation (for the "kanskje relevant" list)."""
    return make_citation(n, hit, "")


def shown_citations(answer: Answer, maybe_count: int = 3) -> list[Citation]:
    """The citations the source list offers: the answer's, or the closest passages when not found."""
    if answer.found:
        return list(answer.citations)
    return [citation_from_hit(i, h) for i, h in enumerate(answer.passages[:maybe_count], start=1)]


def first_words(text: str, n: int = 6) -> str:
    """'Alle skoler skal ha nulltoleranse mot …' — the first ``n`` words of a text."""
    words = (text or "").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def choice_label(c: Citation, distinguish: bool = False) -> str:
    """'[2] Åmot – Handlingsplan …, 3.2 Tiltak'. With ``distinguish`` (another source has the same
    document and section) the page, when the label lacks it, and the quote's first words follow."""
    label = f"[{c.n}] {c.label}"
    if not distinguish:
        return label
    page = page_text(c)
    if page and page.split(" (")[0] not in c.label:
        label += f", {page.split(' (')[0]}"
    return f"{label} – «{first_words(c.quote or c.passage)}»"


def citation_choices(citations: list[Citation]) -> list[tuple[str, str]]:
    """(label, value) pairs for the clickable source list; the value is the citation number.
    Sources with the same label (same document and section) are told apart by page and first words."""
    counts: dict[str, int] = {}
    for c in citations:
        counts[c.label] = counts.get(c.label, 0) + 1
    return [(choice_label(c, counts[c.label] > 1), str(c.n)) for c in citations]


def find_citation(citations: list[Citation], value: str | None) -> Citation | None:
    for c in citations:
        if str(c.n) == str(value):
            return c
    return None


def doc_id_of(c: Citation) -> str:
    """The document a citation comes from."""
    return getattr(c, "doc_id", "") or c.chunk_id.split("::", 1)[0]


def page_text(c: Citation) -> str:
    """'s. iv (side 7 i PDF-en)', 's. 6–7', 's. 4 (skannet side, lest med OCR)' or '' for documents without pages."""
    shown = citation_page_text(c.page, c.page_label, c.page_end, c.page_end_label)
    if not shown:
        return ""
    if c.page_label and c.page and str(c.page) != c.page_label:
        shown += f" (side {c.page} i PDF-en)"
    return shown + (" (skannet side, lest med OCR)" if c.ocr else "")


def _quote_parts(quote: str) -> list[str]:
    return [s for line in quote.splitlines() for s in split_sentences(line) if len(s.strip()) >= 8]


def highlight_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of ``passage`` that the quote's sentences match (whitespace-insensitive),
    sorted and merged."""
    spans: list[tuple[int, int]] = []
    for part in _quote_parts(quote or ""):
        pattern = r"\s+".join(re.escape(t) for t in part.split())
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, passage)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and (s <= merged[-1][1] or passage[merged[-1][1]:s].isspace()):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _squash(text: str) -> str:
    return " ".join(text.split())


def locate_in_blocks(blocks: list[Block], passage: str, quote: str = "") -> tuple[int, int] | None:
    """(first, last) index of the blocks a cited passage was made from, narrowed to the block that
    holds the quote's first sentence when there is one; None when the passage is not found."""
    flat = _squash(passage)
    inside = [i for i, b in enumerate(blocks) if len(_squash(b.text)) >= 3 and _squash(b.text) in flat]
    parts = _quote_parts(quote or "")
    if parts:
        head = _squash(parts[0])[:80]
        for i, b in enumerate(blocks):
            if head and head in _squash(b.text) and (not inside or inside[0] - 3 <= i <= inside[-1] + 3):
                return i, i
    if not inside:
        return None
    # the longest run of consecutive blocks (a short heading may also occur elsewhere)
    best, start = (inside[0], inside[0]), inside[0]
    for prev, cur in zip(inside, inside[1:]):
        if cur - prev > 2:
            start = cur
        if cur - start > best[1] - best[0]:
            best = (start, cur)
    return best


def load_examples(path: Path) -> dict:
    """corpus/examples.json (or {} when it is missing or unreadable)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def example_questions(examples: dict, municipalities: list[str], limit: int = 6) -> list[str]:
    """Example questions for the municipalities in the index: each one's first question, a
    comparison when its municipalities are all present, then the rest; else the general ones."""
    by_muni: dict[str, list[str]] = examples.get("by_municipality", {})
    present = [m for m in by_muni if m in municipalities]
    out = [by_muni[m][0] for m in present if by_muni[m]]
    for item in examples.get("compare", []):
        if all(m in municipalities for m in item.get("municipalities", [])) and item.get("question"):
            out.insert(min(3, len(out)), item["question"])
    for m in present:
        out.extend(by_muni[m][1:])
    return (out or list(examples.get("general") or FALLBACK_EXAMPLES))[:limit]


# --- Dokumenter ---------------------------------------------------------------------------------
def _when(iso: str) -> str:
    """'2024-05-02T08:15:00+00:00' → '02.05.2024 10:15' in the machine's local time."""
    try:
        dt = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso or ""
    if dt.tzinfo is not None:
        dt = dt.astimezone()
    return dt.strftime("%d.%m.%Y %H:%M")


_NB_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})  # Norwegian order: … z æ ø å


def nb_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order (æ, ø, å after z)."""
    return (text or "").lower().translate(_NB_ORDER)


def _doc_key(r: DocumentRecord) -> tuple:
    return (not r.meta.municipality, nb_key(r.meta.municipality), nb_key(r.meta.title))  # national last


def document_rows(records: list[DocumentRecord]) -> list[list[object]]:
    """Rows for the document table (DOCUMENT_COLUMNS), by municipality (national last) and title."""
    rows: list[list[object]] = []
    for r in sorted(records, key=_doc_key):
        m = r.meta
        pages = r.pages if m.has_pages and r.pages else "–"
        chunks = r.chunks if r.vectors else f"{r.chunks} (vektorer mangler)"  # searchable by words, not yet by meaning
        rows.append([m.title, m.municipality or "nasjonalt", m.kind, m.period, pages, chunks, _when(r.ingested_at),
                     Path(r.path).name])
    return rows


def document_choices(records: list[DocumentRecord]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for document pickers."""
    out = []
    for r in sorted(records, key=_doc_key):
        head = f"{r.meta.municipality} – {r.meta.title}" if r.meta.municipality else r.meta.title
        out.append((head, r.meta.doc_id))
    return out


def municipalities_of(records: list[DocumentRecord]) -> list[str]:
    return sorted({r.meta.municipality for r in records if r.meta.municipality}, key=nb_key)


def plan_choices(records: list[DocumentRecord]) -> list[tuple[str, str]]:
    """(label, doc_id) pairs for the checker: every document except national guidance."""
    from assistant.checker.service import NATIONAL_KINDS

    return document_choices([r for r in records if r.meta.kind not in NATIONAL_KINDS])


def kinds_of(records: list[DocumentRecord]) -> list[str]:
    return sorted({r.meta.kind for r in records if r.meta.kind}, key=nb_key)


def report_rows(report: IngestReport) -> list[list[object]]:
    """Rows for the per-file ingest report (REPORT_COLUMNS)."""
    return [[Path(f.path).name, STATUS_WORDS.get(f.status, f.status), f.pages or "", f.chunks or "", f.reason]
            for f in report.files]


#: What an ingest says when vectors are switched off (nothing is waiting for them).
VECTORS_OFF = ("Vektorer for semantisk søk er slått av (ASSISTANT_INGEST_VECTORS=off): dokumentene finnes med ordsøk.")


def report_summary(report: IngestReport, vectors_in_background: bool = False, vectors_off: bool = False) -> str:
    """One Norwegian sentence summing up an ingest run; ``vectors_in_background``: phase 1 is
    done and the vectors are being made in the background (the app's upload); ``vectors_off``:
    no vectors are made by choice (``ASSISTANT_INGEST_VECTORS=off``), so none are "missing"."""
    parts = []
    for status in ("ingested", "unchanged", "duplicate", "failed"):
        n = report.count(status)  # type: ignore[arg-type]
        if n:
            parts.append(f"{n} {STATUS_WORDS[status].split(' (')[0]}")
    files = len([f for f in report.files if f.status != "removed"])
    body = ", ".join(parts) if parts else "ingen filer behandlet"
    word = "fil" if files == 1 else "filer"
    text = f"{files} {word}: {body} ({report.seconds:.1f} s)."
    if vectors_in_background and report.without_vectors:
        text += (f" Søkbare nå (etter {report.searchable_seconds:.1f} s). Vektorer for semantisk søk lages i "
                 "bakgrunnen – framdriften står i statuslinjen øverst; til de er ferdige, finnes dokumentene med ordsøk.")
    elif report.embedded_chunks and report.vectors_seconds is not None:
        text += (f" Søkbare etter {report.searchable_seconds:.1f} s, vektorer for semantisk søk ferdige etter "
                 f"{report.vectors_seconds:.1f} s.")
    elif report.without_vectors and vectors_off:
        text += f" {VECTORS_OFF}"
    elif report.without_vectors:
        text += f" {report.without_vectors} dokument(er) uten vektorer ennå: de finnes med ordsøk, ikke med semantisk søk."
    return text


# --- status line --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    documents: int
    chunks: int
    embedding_model: str
    offline_fallback: bool
    answer_mode: str  # "uttrekk …" or "språkmodell <name>"
    without_vectors: int = 0  # documents searchable by words whose vectors are not made yet


def status_of(settings: Settings, documents: int, chunks: int, without_vectors: int = 0) -> Status:
    """The status from settings and counts, without loading the embedding model."""
    mode = f"språkmodell {settings.llm_model}" if settings.llm_base_url else "uttrekk fra dokumentene (ingen språkmodell)"
    if settings.ingest_vectors == "off":
        without_vectors = 0  # lexical search only, by choice: nothing is waiting
    return Status(documents, chunks, settings.embedding_model, settings.embedding_model == OFFLINE_MODEL, mode,
                  without_vectors)


def status_items(s: Status) -> list[str]:
    """The status line's parts, in order."""
    docs = "1 dokument" if s.documents == 1 else f"{s.documents} dokumenter"
    model = s.embedding_model + (" (innebygd reservemodell, offline)" if s.offline_fallback else "")
    items = [docs, f"{s.chunks} tekstbiter", f"Embeddingmodell: {model}", f"Svarmodus: {s.answer_mode}"]
    if s.without_vectors:
        items.append(f"{s.without_vectors} dokument(er) venter på vektorer (finnes med ordsøk)")
    return items


def friendly_error(exc: BaseException) -> str:
    """A message for the user: the domain exception's own Norwegian sentence, else a generic one."""
    if isinstance(exc, AssistantError):
        return str(exc)
    return GENERIC_ERROR


# --- Sjekk plan ---------------------------------------------------------------------------------
def plan_name(meta) -> str:
    return f"{meta.municipality} – {meta.title}" if meta.municipality else meta.title


def goal_rows(result: CheckResult) -> list[list[object]]:
    """One row per goal (GOAL_COLUMNS), from the checker's rows (assistant/checker/rows.py): page as
    printed, measures and indicators as badges that keep own and plan-wide apart («4 egne»,
    «planomfattende (10)»), flags as one short line each."""
    from assistant.checker.rows import BadgeKind
    from assistant.checker.rows import goal_rows as checker_rows

    out: list[list[object]] = []
    for r in checker_rows(result):
        badges = {b.kind: b.label.split(": ", 1)[1] for b in r.badges}
        out.append([
            r.plan_title if not r.municipality else f"{r.municipality} – {r.plan_title}",
            r.goal + (" (arvet)" if r.inherited else "") + (" (planens formål)" if r.origin == "planens formål" else ""),
            r.page or "",
            badges[BadgeKind.MEASURE],
            badges[BadgeKind.INDICATOR],
            "; ".join(r.targets),
            "; ".join(f.text for f in r.flags) or "–",
        ])
    return out


def goal_detail(result: CheckResult, index: int):
    """The detail view of the ``index``-th goal row (what backs it, own and plan-wide apart, and
    each flag's explanation), or None."""
    from assistant.checker.rows import goal_detail as checker_detail
    from assistant.checker.rows import goal_rows as checker_rows

    rows = checker_rows(result)
    return checker_detail(result, rows[index].row_id) if 0 <= index < len(rows) else None


def flag_count(result: CheckResult) -> int:
    return sum(len(g.flags) for _, g in result.goal_checks())


def check_summary(result: CheckResult) -> str:
    goals = len(result.goal_checks())
    flagged = sum(1 for _, g in result.goal_checks() if g.flags)
    plans = len(result.plans)
    own = sum(1 for _, g in result.goal_checks() if g.has_own_measure)
    only_plan_wide = sum(1 for _, g in result.goal_checks() if g.has_measure and not g.has_own_measure)
    return (f"{plans} {'plan' if plans == 1 else 'planer'} sjekket: {goals} mål, {flagged} med flagg. "
            f"{own} mål har egne tiltak, {only_plan_wide} bare tiltak som gjelder hele planen. "
            "Et flagg betyr at sjekken ikke fant noe – ikke at det ikke finnes.")


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


def plan_bars(result: CheckResult) -> list[tuple[str, int, list[Bar], str]]:
    """Per plan: (name, flags, [share of goals with own measures / only plan-wide measures / indicators /
    target values], note). Plan-wide measures are counted apart: a plan whose only measures serve
    every goal does not show «100 % med tiltak»."""
    out = []
    for plan in result.plans:
        n = len(plan.goals)
        bars = [Bar("Mål med egne tiltak", sum(1 for g in plan.goals if g.has_own_measure), n),
                Bar("Mål bare med planomfattende tiltak",
                    sum(1 for g in plan.goals if g.has_measure and not g.has_own_measure), n),
                Bar("Mål med indikator", sum(1 for g in plan.goals if g.has_indicator), n),
                Bar("Mål med måltall", sum(1 for g in plan.goals if g.has_target), n)]
        out.append((plan_name(plan.meta), sum(len(g.flags) for g in plan.goals), bars, plan.note or ""))
    return out
