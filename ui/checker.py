"""The Sjekk plan tab's handlers: run the goal checker (summary, charts, goal table, XLSX/CSV/
Markdown downloads) and the detail view of a clicked goal."""

from __future__ import annotations

import secrets
import time

import gradio as gr

from assistant import display
from ui.context import context, failure
from ui.markup import charts_html, escape_html, summary_html


def goal_detail_html(result, evt: gr.SelectData) -> str:
    """The detail view of the goal row the user clicked: what backs it (own and plan-wide apart)
    and why each flag — the explanations the table's one-line flags leave out."""
    row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
    detail = display.goal_detail(result, int(row)) if result is not None else None
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


def run_checker(doc_ids: list | None, progress=gr.Progress()) -> tuple:
    """The checker: (summary, charts, goal table, XLSX, CSV, Markdown downloads, the result for the
    detail view)."""
    from assistant.checker.export import write_exports
    from assistant.checker.service import run_check

    ctx = context()
    hidden = gr.update(visible=False)
    try:
        progress(0.1, desc="Sjekker planene")
        result = run_check(doc_ids=list(doc_ids) if doc_ids else None, settings=ctx.settings)
        files = write_exports(result, ctx.work / "eksport" / f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}")
        return (summary_html(display.check_summary(result)), charts_html(result),
                gr.update(value=display.goal_rows(result), visible=True),
                *(gr.update(value=str(p), visible=True) for p in (files.xlsx, files.csv, files.markdown)), result)
    except Exception as exc:
        return summary_html(failure(exc, "plansjekken")), "", hidden, hidden, hidden, hidden, None


