"""The app's markup: HTML and Markdown built from the shaped data of ``assistant/display.py``
(``display`` shapes what the user sees, ``markup`` writes it as HTML; app.py shows it).

Everything that comes from a document or a user is escaped here — chat messages as literal
Markdown (no link, emphasis or tag can form from document text), panels as HTML text. Plain
functions of plain values, no Gradio: tests/test_app.py renders them directly.
"""

from __future__ import annotations

import html
import re

from assistant import display
from assistant.models import Answer, Block, Citation, DocumentRecord

_MARKER = re.compile(r"\[(\d+)\]")
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


def escape_html(text: str) -> str:
    """Text as HTML text (quotes too, so it is also safe inside attributes)."""
    return html.escape(text or "", quote=True)


def escape_markdown(text: str) -> str:
    """Text as literal Markdown: every ASCII punctuation character backslash-escaped, so no link,
    emphasis, heading or HTML tag can form from document text."""
    return _MD_SPECIAL.sub(r"\\\1", text or "")


def summary_html(text: str) -> str:
    return f'<p class="pa-summary">{escape_html(text)}</p>'


def answer_markdown(answer: Answer, maybe_relevant: list[Citation] | None = None) -> str:
    """The chat message: escaped text, [n] markers as links that open source n, "Kommune:" group
    headings in bold; for "not found" the closest passages under "Kanskje relevant"."""
    lines_out: list[str] = []
    for line in (answer.text or "").split("\n"):
        stripped = line.strip()
        if stripped.endswith(":") and len(stripped) < 60 and not _MARKER.search(stripped):
            lines_out.append(f"**{escape_markdown(stripped)}**")
            continue
        parts = _MARKER.split(line)
        lines_out.append("".join(f"**[\\[{p}\\]](#kilde-{p})**" if i % 2 else escape_markdown(p)
                                 for i, p in enumerate(parts)))
    text = "\n".join(lines_out)
    if not answer.found and maybe_relevant:
        items = "\n".join(escape_markdown(label) for label, _ in display.citation_choices(maybe_relevant))
        text += f"\n\n**{escape_markdown(display.MAYBE_RELEVANT)}:**\n{items}"
    if answer.citations or maybe_relevant:
        text += "\n\n_Klikk på et kildenummer eller en kilde til høyre for å lese avsnittet\\._"
    note = display.mode_note(answer.fallback or answer.mode)
    return text + (f"\n\n_{escape_markdown(note)}_" if note else "")


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in spans:
        out += [escape_html(text[pos:s]), f"<mark>{escape_html(text[s:e])}</mark>"]
        pos = e
    return "".join(out) + escape_html(text[pos:])


def source_html(c: Citation | None, record: DocumentRecord | None = None) -> str:
    """The source panel: title, municipality, section, page and the passage with the quote marked."""
    if c is None:
        return '<div class="pa-source pa-empty">Klikk på en kilde for å lese avsnittet svaret bygger på.</div>'
    rows = [("Dokument", c.title), ("Kommune", c.municipality or "nasjonalt dokument")]
    if record is not None:
        rows += [(k, v) for k, v in (("Type", record.meta.kind), ("Periode", record.meta.period)) if v]
    if c.section:
        rows.append(("Kapittel", c.section))
    if display.page_text(c):
        rows.append(("Side", display.page_text(c)))
    rows.append(("Fil", c.source))
    if c.attribution:
        rows.append(("Lisens", c.attribution))
    meta = "".join(f"<dt>{escape_html(k)}</dt><dd>{escape_html(v)}</dd>" for k, v in rows)
    spans = display.highlight_spans(c.passage, c.quote)
    hint = '<p class="pa-hint">Markert tekst er det svaret siterer.</p>' if spans else ""
    return (f'<div class="pa-source"><h3 class="pa-source-title">{escape_html(f"[{c.n}] {c.label}")}</h3>'
            f'<dl class="pa-meta">{meta}</dl>{hint}<div class="pa-passage">{_marked(c.passage, spans)}</div></div>')


def document_html(title: str, blocks: list[Block], c: Citation, window: int = 400) -> str:
    """The whole document (up to ``window`` blocks either side of the cited place) with page marks;
    the cited blocks in ``#pa-here`` with the quote marked."""
    where = display.locate_in_blocks(blocks, c.passage, c.quote)
    first, last = where if where else (-1, -1)
    lo, hi = (max(0, first - window), min(len(blocks), last + window + 1)) if where else (0, min(len(blocks), 2 * window))
    out = [f'<div class="pa-document"><h3 class="pa-source-title">{escape_html(title)}</h3>']
    if not where:
        out.append('<p class="pa-hint">Fant ikke avsnittet i dokumentteksten; viser starten av dokumentet.</p>')
    page: object = None
    for i in range(lo, hi):
        b = blocks[i]
        if b.page is not None and b.page != page:
            page = b.page
            out.append(f'<div class="pa-pagebreak">s. {escape_html(str(b.page_label or b.page))}</div>')
        if i == first:
            out.append('<div id="pa-here" class="pa-here">')
        body = _marked(b.text, display.highlight_spans(b.text, c.quote) if first <= i <= last else [])
        tag = f"h{min(3 + b.level, 6)}" if b.kind == "heading" else "p"
        out.append(f"<{tag}>{'• ' if b.kind == 'list_item' else ''}{body}</{tag}>")
        if i == last:
            out.append("</div>")
    return "".join(out) + "</div>"


def status_html(s: display.Status, *notes: str) -> str:
    """The status line: counts, models, and notes (start-up, the background vectors)."""
    items = display.status_items(s) + [n for n in notes if n]
    return '<div class="pa-status">' + " · ".join(f"<span>{escape_html(i)}</span>" for i in items) + "</div>"


def charts_html(result) -> str:
    """A small bar chart per plan: share of goals with measures, indicators and target values."""
    blocks = []
    for name, flags, bars, note in display.plan_bars(result):
        rows = "".join(
            f'<div class="pa-bar-row"><span class="pa-bar-label">{escape_html(b.label)}</span>'
            f'<span class="pa-bar"><span class="pa-bar-fill" style="width:{b.percent}%"></span></span>'
            f'<span class="pa-bar-value">{b.count} av {b.total} ({b.percent} %)</span></div>' for b in bars)
        hint = f'<p class="pa-hint">{escape_html(note)}</p>' if note else ""
        total = bars[0].total if bars else 0
        blocks.append(f'<div class="pa-chart"><h4>{escape_html(name)}</h4>'
                      f'<p class="pa-hint">{total} mål · {flags} flagg</p>{rows}{hint}</div>')
    return '<div class="pa-charts">' + "".join(blocks) + "</div>" if blocks else ""


def goal_detail_html(result, row: int) -> str:
    """The detail view of the checker's goal row ``row``: what backs it (own and plan-wide apart)
    and why each flag — the explanations the table's one-line flags leave out."""
    detail = display.goal_detail(result, row) if result is not None else None
    if detail is None:
        return ""

    def items(lines, empty: str) -> str:
        if not lines:
            return f"<p class=\"pa-hint\">{escape_html(empty)}</p>"
        return "<ul>" + "".join(
            f"<li>{escape_html(e.text)}" + (f" <span class=\"pa-hint\">({escape_html(e.section)})</span>" if e.section else "")
            + "</li>" for e in lines) + "</ul>"

    r = detail.row
    parts = [f"<h4>{escape_html(r.goal)}</h4>",
             f"<p class=\"pa-hint\">{escape_html(r.plan_title)}{' · ' + escape_html(r.location) if r.location else ''}"
             f"{' · arvet fra en annen plan' if r.inherited else ''}</p>",
             "<p><b>Egne tiltak</b></p>", items(detail.own_measures, "Ingen tiltak knyttet til dette målet."),
             f"<p><b>Planomfattende tiltak</b> ({len(detail.plan_wide_measures)})</p>",
             items(detail.plan_wide_measures[:5], "Ingen."),
             "<p><b>Indikatorer</b></p>", items(detail.own_indicators + detail.plan_wide_indicators[:3], "Ingen funnet."),
             "<p><b>Måltall</b>: " + escape_html("; ".join(detail.targets) or "ingen funnet") + "</p>"]
    if detail.explanations:
        parts.append("<p><b>Flagg forklart</b></p><ul>" + "".join(
            f"<li><code>{escape_html(str(code))}</code> {escape_html(text)}</li>" for code, text in detail.explanations)
            + "</ul>")
    return '<div class="pa-goal-detail">' + "".join(parts) + "</div>"
