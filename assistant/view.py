"""What the app shows, as plain strings and rows — importable and tested without Gradio.

Every piece of document text leaves this module escaped: as HTML-escaped text inside our own
HTML (source panel, charts, status line) or as Markdown whose every ASCII punctuation character
is backslash-escaped (chat messages), so nothing in a document can become markup or script.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.citations import MAYBE_RELEVANT, attribution, source_label
from assistant.errors import AssistantError
from assistant.models import Answer, Citation, DocumentRecord, Filters, Hit, IngestReport
from assistant.settings import OFFLINE_MODEL, Settings

if TYPE_CHECKING:
    from assistant.checker.models import CheckResult

_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character

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

#: Example questions per municipality of the shipped corpus (answered by the shipped plans).
EXAMPLES: dict[str, list[str]] = {
    "Åmot": ["Hva gjør Åmot med mobbing?", "Hva er hovedmålene i Åmots plan for trivsel og læringsmiljø?"],
    "Jevnaker": ["Hva er BTI i Jevnaker?", "Hvilke utviklingsområder har Jevnaker valgt for 2022–2025?"],
    "Lørenskog": ["Hva er PALS som skolene i Lørenskog holder på med?"],
    "Løten": ["Hvor mange grunnskolepoeng vil Løten ha?"],
}
COMPARE_EXAMPLE = "Sammenlign Åmot og Løten: hva gjør de mot mobbing?"
FALLBACK_EXAMPLES = ["Hva sier planene om mobbing?", "Hvilke mål er satt for læringsmiljøet?", "Hva er tidlig innsats?"]


# --- escaping -----------------------------------------------------------------------------------
def escape_html(text: str) -> str:
    """Text as HTML text (quotes too, so it is also safe inside attributes)."""
    return html.escape(text or "", quote=True)


def escape_markdown(text: str) -> str:
    """Text as literal Markdown: every ASCII punctuation character backslash-escaped, so no
    link, emphasis, heading or HTML tag can form."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


# --- Spør -------------------------------------------------------------------------------------
def make_filters(municipalities: list[str] | None, kinds: list[str] | None, doc_ids: list[str] | None) -> Filters | None:
    """The filters chosen in the UI; None when nothing is chosen."""
    f = Filters(municipality=tuple(municipalities or ()), kind=tuple(kinds or ()), doc_ids=tuple(doc_ids or ()))
    return None if f.is_empty() else f


def answer_markdown(answer: Answer, maybe_relevant: list[Citation] | None = None) -> str:
    """The chat message for an answer: escaped text, bold [n] markers, "Kommune:" group headings
    in bold, and for "not found" the closest passages under "Kanskje relevant"."""
    lines_out: list[str] = []
    for line in (answer.text or "").split("\n"):
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and not _MARKER.search(stripped):
            lines_out.append(f"**{escape_markdown(stripped)}**")
            continue
        parts = _MARKER.split(line)
        out = []
        for i, part in enumerate(parts):
            out.append(f"**\\[{part}\\]**" if i % 2 else escape_markdown(part))
        lines_out.append("".join(out))
    text = "\n".join(lines_out)
    if not answer.found and maybe_relevant:
        items = "\n".join(f"{escape_markdown(choice_label(c))}" for c in maybe_relevant)
        text += f"\n\n**{escape_markdown(MAYBE_RELEVANT)}:**\n{items}\n\n_Klikk på en kilde til høyre for å lese avsnittet\\._"
    elif answer.citations:
        text += "\n\n_Klikk på en kilde til høyre for å lese avsnittet\\._"
    note = mode_note(answer.mode)
    if note:
        text += f"\n\n_{escape_markdown(note)}_"
    return text


def mode_note(mode: str) -> str:
    """A note when the answer fell back from the language model ('' otherwise)."""
    m = re.search(r"\((.+)\)", mode or "")
    return f"Uttrukket svar: {m.group(1)}." if m else ""


def citation_from_hit(n: int, hit: Hit) -> Citation:
    """A retrieved passage as a citation (for the "kanskje relevant" list)."""
    c, m = hit.chunk, hit.meta
    return Citation(
        n=n, chunk_id=c.id, source=m.source, title=m.title, municipality=m.municipality,
        page=c.page_start if m.has_pages else None, page_label=c.page_label if m.has_pages else None,
        section=c.section_title, quote="", passage=c.text, label=source_label(m, c), attribution=attribution(m),
    )


def shown_citations(answer: Answer, maybe_count: int = 3) -> list[Citation]:
    """The citations the source list offers: the answer's, or the closest passages when not found."""
    if answer.found:
        return list(answer.citations)
    return [citation_from_hit(i, h) for i, h in enumerate(answer.passages[:maybe_count], start=1)]


def choice_label(c: Citation) -> str:
    """'[2] Åmot – Handlingsplan …, 3.2 Tiltak' (plain text; the UI shows it as text)."""
    return f"[{c.n}] {c.label}"


def citation_choices(citations: list[Citation]) -> list[tuple[str, str]]:
    """(label, value) pairs for the clickable source list; the value is the citation number."""
    return [(choice_label(c), str(c.n)) for c in citations]


def find_citation(citations: list[Citation], value: str | None) -> Citation | None:
    for c in citations:
        if str(c.n) == str(value):
            return c
    return None


def _quote_parts(quote: str) -> list[str]:
    parts: list[str] = []
    for line in quote.splitlines() or [quote]:
        for s in re.split(r"(?<=[.!?])\s+", line.strip()):
            s = s.strip()
            if len(s) >= 8:
                parts.append(s)
    return parts


def highlight_spans(passage: str, quote: str) -> list[tuple[int, int]]:
    """Character spans of ``passage`` that the quote's sentences match (whitespace-insensitive),
    sorted and merged."""
    spans: list[tuple[int, int]] = []
    for part in _quote_parts(quote or ""):
        tokens = part.split()
        if not tokens:
            continue
        pattern = r"\s+".join(re.escape(t) for t in tokens)
        for m in re.finditer(pattern, passage):
            spans.append((m.start(), m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and (s <= merged[-1][1] or passage[merged[-1][1]:s].isspace()):
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlighted_passage_html(passage: str, quote: str) -> str:
    """The passage as escaped HTML with the quoted sentences in <mark>."""
    out: list[str] = []
    pos = 0
    for s, e in highlight_spans(passage, quote):
        out.append(escape_html(passage[pos:s]))
        out.append(f"<mark>{escape_html(passage[s:e])}</mark>")
        pos = e
    out.append(escape_html(passage[pos:]))
    return "".join(out)


def page_text(c: Citation) -> str:
    ocr = " (skannet side, lest med OCR)" if c.ocr else ""
    if c.page_label:
        end = f"–{c.page_end_label}" if c.page_end_label else ""
        return f"s. {c.page_label}{end}" + (f" (side {c.page} i PDF-en)" if c.page and str(c.page) != c.page_label else "") + ocr
    if c.page:
        return f"s. {c.page}" + (f"–{c.page_end}" if c.page_end else "") + ocr
    return ""


def source_html(c: Citation | None, record: DocumentRecord | None = None) -> str:
    """The source panel: title, municipality, section, page and the passage with the quote marked."""
    if c is None:
        return '<div class="pa-source pa-empty">Klikk på en kilde for å lese avsnittet svaret bygger på.</div>'
    rows = [("Dokument", c.title), ("Kommune", c.municipality or "nasjonalt dokument")]
    if record is not None:
        if record.meta.kind:
            rows.append(("Type", record.meta.kind))
        if record.meta.period:
            rows.append(("Periode", record.meta.period))
    if c.section:
        rows.append(("Kapittel", c.section))
    pt = page_text(c)
    if pt:
        rows.append(("Side", pt))
    rows.append(("Fil", c.source))
    if c.attribution:
        rows.append(("Lisens", c.attribution))
    meta = "".join(f"<dt>{escape_html(k)}</dt><dd>{escape_html(v)}</dd>" for k, v in rows)
    heading = f"[{c.n}] {c.label}"
    hint = '<p class="pa-hint">Markert tekst er det svaret siterer.</p>' if c.quote and highlight_spans(c.passage, c.quote) else ""
    return (
        '<div class="pa-source">'
        f'<h3 class="pa-source-title">{escape_html(heading)}</h3>'
        f'<dl class="pa-meta">{meta}</dl>{hint}'
        f'<div class="pa-passage">{highlighted_passage_html(c.passage, c.quote)}</div>'
        "</div>"
    )


def doc_id_of(c: Citation) -> str:
    return c.chunk_id.split("::", 1)[0]


def render_pdf_page(pdf: Path, page: int, out_dir: Path, dpi: int = 60) -> Path | None:
    """The page as PNG via pdftoppm (poppler-utils); None when pdftoppm is missing or fails."""
    exe = shutil.which("pdftoppm")
    if not exe or not pdf.exists() or pdf.suffix.lower() != ".pdf" or page < 1:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / f"{pdf.stem}-s{page}-{dpi}"
    target = prefix.with_suffix(".png")
    if target.exists() and target.stat().st_mtime >= pdf.stat().st_mtime:
        return target
    try:
        subprocess.run(
            [exe, "-f", str(page), "-l", str(page), "-png", "-r", str(dpi), "-singlefile", str(pdf), str(prefix)],
            check=True, capture_output=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return target if target.exists() else None


def example_questions(municipalities: list[str], limit: int = 6) -> list[str]:
    """Example questions for the municipalities in the index (the shipped corpus's), else general ones."""
    out: list[str] = []
    present = [m for m in EXAMPLES if m in municipalities]
    for m in present:
        out.append(EXAMPLES[m][0])
    for m in present:
        out.extend(EXAMPLES[m][1:])
    if "Åmot" in municipalities and "Løten" in municipalities:
        out.insert(min(3, len(out)), COMPARE_EXAMPLE)
    return (out or FALLBACK_EXAMPLES)[:limit]


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
    rows = []
    for r in sorted(records, key=_doc_key):
        m = r.meta
        pages = r.pages if m.has_pages and r.pages else "–"
        rows.append([m.title, m.municipality or "nasjonalt", m.kind, m.period, pages, r.chunks, _when(r.ingested_at),
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
    rows = []
    for f in report.files:
        rows.append([Path(f.path).name, STATUS_WORDS.get(f.status, f.status), f.pages or "", f.chunks or "", f.reason])
    return rows


def report_summary(report: IngestReport) -> str:
    """One Norwegian sentence summing up an ingest run."""
    parts = []
    for status in ("ingested", "unchanged", "duplicate", "failed"):
        n = report.count(status)
        if n:
            parts.append(f"{n} {STATUS_WORDS[status].split(' (')[0]}")
    files = len([f for f in report.files if f.status != "removed"])
    body = ", ".join(parts) if parts else "ingen filer behandlet"
    word = "fil" if files == 1 else "filer"
    return f"{files} {word}: {body} ({report.seconds:.1f} s)."


# --- status line --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Status:
    documents: int
    chunks: int
    embedding_model: str
    offline_fallback: bool
    answer_mode: str  # "uttrekk" or "språkmodell <name>"


def status_of(settings: Settings, documents: int, chunks: int) -> Status:
    """The status from settings and counts, without loading the embedding model."""
    mode = f"språkmodell {settings.llm_model}" if settings.llm_base_url else "uttrekk fra dokumentene (ingen språkmodell)"
    return Status(documents, chunks, settings.embedding_model, settings.embedding_model == OFFLINE_MODEL, mode)


def status_html(s: Status) -> str:
    docs = "1 dokument" if s.documents == 1 else f"{s.documents} dokumenter"
    model = s.embedding_model + (" (innebygd reservemodell, offline)" if s.offline_fallback else "")
    items = [docs, f"{s.chunks} tekstbiter", f"Embeddingmodell: {model}", f"Svarmodus: {s.answer_mode}"]
    return '<div class="pa-status">' + " · ".join(f"<span>{escape_html(i)}</span>" for i in items) + "</div>"


def friendly_error(exc: BaseException) -> str:
    """A message for the user: the domain exception's own Norwegian sentence, else a generic one."""
    if isinstance(exc, AssistantError):
        return str(exc)
    return GENERIC_ERROR


# --- Sjekk plan ---------------------------------------------------------------------------------
def _plan_name(meta) -> str:
    return f"{meta.municipality} – {meta.title}" if meta.municipality else meta.title


def goal_rows(result: CheckResult) -> list[list[object]]:
    """One row per goal (GOAL_COLUMNS); flags as their Norwegian messages."""
    rows = []
    for plan, g in result.goal_checks():
        rows.append([
            _plan_name(plan.meta),
            g.goal.text,
            g.goal.page if g.goal.page is not None else "",
            len(g.measures),
            len(g.indicators),
            "; ".join(g.target_values),
            "; ".join(f.message for f in g.flags) or "–",
        ])
    return rows


def flag_count(result: CheckResult) -> int:
    return sum(len(g.flags) for _, g in result.goal_checks())


def check_summary(result: CheckResult) -> str:
    goals = len(result.goal_checks())
    flagged = sum(1 for _, g in result.goal_checks() if g.flags)
    plans = len(result.plans)
    return (f"{plans} {'plan' if plans == 1 else 'planer'} sjekket: {goals} mål, {flagged} med flagg. "
            "Et flagg betyr at sjekken ikke fant noe – ikke at det ikke finnes.")


def plan_charts_html(result: CheckResult) -> str:
    """A small bar chart per plan: share of goals with measures, indicators and target values."""
    blocks = []
    for plan in result.plans:
        n = len(plan.goals)
        bars = []
        for label, count in (
            ("Mål med tiltak", sum(1 for g in plan.goals if g.has_measure)),
            ("Mål med indikator", sum(1 for g in plan.goals if g.has_indicator)),
            ("Mål med måltall", sum(1 for g in plan.goals if g.has_target)),
        ):
            pct = round(100 * count / n) if n else 0
            bars.append(
                f'<div class="pa-bar-row"><span class="pa-bar-label">{escape_html(label)}</span>'
                f'<span class="pa-bar"><span class="pa-bar-fill" style="width:{pct}%"></span></span>'
                f'<span class="pa-bar-value">{count} av {n} ({pct} %)</span></div>'
            )
        note = f'<p class="pa-hint">{escape_html(plan.note)}</p>' if plan.note else ""
        flags = sum(len(g.flags) for g in plan.goals)
        blocks.append(
            f'<div class="pa-chart"><h4>{escape_html(_plan_name(plan.meta))}</h4>'
            f'<p class="pa-hint">{n} mål · {flags} flagg</p>{"".join(bars)}{note}</div>'
        )
    return '<div class="pa-charts">' + "".join(blocks) + "</div>" if blocks else ""
