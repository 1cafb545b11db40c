"""Exports of a CheckResult: JSON (the stable contract), CSV, Markdown, XLSX and a plain-text
table for the terminal. Norwegian headers; a plan without goals says so.

Document text never leaves as code: a CSV/XLSX cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return gets a leading apostrophe (OWASP "CSV injection"), so spreadsheet programs
show it as text instead of running it as a formula; XLSX cells are also typed as strings. Markdown
escapes HTML (``<``, ``>``, ``&``), so a title like ``<script>`` stays text in any renderer.
``write_exports(result, folder)`` writes all three files the app offers."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import NO_GOALS
from .models import CheckResult, Evidence, GoalCheck, PlanCheck

FLAG_COLUMNS: list[tuple[str, str]] = [
    ("ingen_tiltak", "Tiltak ikke funnet"),
    ("ingen_indikator", "Indikator ikke funnet"),
    ("ingen_maltall", "Måltall ikke funnet"),
    ("tiltak_uten_frist", "Frist ikke funnet (tiltak)"),
    ("tiltak_uten_ansvar", "Ansvarlig ikke funnet (tiltak)"),
    ("maltall_mot_utgangspunkt", "Mulig inkonsistens"),
]


#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell value a spreadsheet shows as text: strings starting with a formula character get a
    leading apostrophe; numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _page(p: int | None) -> int | None:
    return p


def _evidence(e: Evidence, measure: bool) -> dict:
    d: dict = {"text": e.text, "page": _page(e.page), "section": e.section, "plan_wide": e.plan_wide, "how": e.how}
    if measure:
        d["deadline"] = e.deadline
        d["responsible"] = e.responsible
    return d


def goal_dict(plan: PlanCheck, g: GoalCheck) -> dict:
    """One goal in the JSON contract."""
    return {
        "source": plan.meta.source,
        "title": plan.meta.title,
        "municipality": plan.meta.municipality,
        "page": g.goal.page,
        "section": g.goal.section,
        "goal": g.goal.text,
        "measures": [_evidence(e, True) for e in g.measures],
        "indicators": [_evidence(e, False) for e in g.indicators],
        "target_values": list(g.target_values),
        "flags": [{"code": f.code, "message": f.message, "detail": f.detail} for f in g.flags],
        "plan_flags": [{"code": f.code, "message": f.message, "detail": f.detail} for f in plan.flags],
        "own_measures": len(g.own_measures),
        "plan_wide_measures": len(g.plan_wide_measures),
        "inherited": g.goal.inherited,
        "page_label": g.goal.page_display,
        "origin": g.goal.origin,
        "themes": list(g.themes),
        "related": [
            {"source": h.meta.source, "title": h.meta.title, "section": h.chunk.section_title,
             "page": h.chunk.page_start, "text": h.chunk.text[:400]}
            for h in g.related
        ],
    }


def to_json(result: CheckResult) -> str:
    """A JSON list of goal objects (see goal_dict)."""
    return json.dumps([goal_dict(p, g) for p, g in result.goal_checks()], ensure_ascii=False, indent=2)


# --- shared row shape for CSV / XLSX ---------------------------------------------------------------

HEADERS = ["Plan", "Kommune", "Side", "Seksjon", "Mål", "Tiltak (antall)", "Tiltak (eksempler)",
           "Indikatorer (antall)", "Indikatorer (eksempler)", "Planomfattende", "Måltall", "Temaer"] + \
          [label for _, label in FLAG_COLUMNS] + ["Merknader", "Relaterte nasjonale føringer"] + \
          ["Tiltak egne (antall)", "Tiltak planomfattende (antall)", "Arvet fra annen plan"]


def _short(text: str, n: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 2].rsplit(" ", 1)[0] + " …"


def _examples(items: list[Evidence], k: int = 3) -> str:
    specific = [e for e in items if not e.plan_wide] or items
    return "\n".join("• " + _short(e.text) for e in specific[:k])


def _plan_wide_note(g: GoalCheck) -> str:
    parts = []
    if g.measures and all(e.plan_wide for e in g.measures):
        parts.append("tiltak")
    if g.indicators and all(e.plan_wide for e in g.indicators):
        parts.append("indikatorer")
    return "kun planomfattende " + " og ".join(parts) if parts else ""


def goal_row(plan: PlanCheck, g: GoalCheck) -> list:
    codes = {f.code for f in g.flags}
    return [
        plan.meta.title or plan.meta.source,
        plan.meta.municipality,
        g.goal.page if g.goal.page is not None else "",
        g.goal.section,
        g.goal.text,
        len(g.measures),
        _examples(g.measures),
        len(g.indicators),
        _examples(g.indicators),
        _plan_wide_note(g),
        ", ".join(g.target_values),
        ", ".join(g.themes),
        *["ikke funnet" if code in codes and code != "maltall_mot_utgangspunkt" else
          ("ja" if code in codes else "") for code, _ in FLAG_COLUMNS],
        "\n".join(f.message for f in g.flags if f.code in ("tiltak_uten_frist", "tiltak_uten_ansvar",
                                                           "maltall_mot_utgangspunkt")),
        "\n".join(f"{h.meta.title}, {h.chunk.section_title}" for h in g.related),
        len(g.own_measures),
        len(g.plan_wide_measures),
        "ja" if g.goal.inherited else "",
    ]


def _no_goal_row(plan: PlanCheck) -> list:
    row = [plan.meta.title or plan.meta.source, plan.meta.municipality, "", "", plan.note or NO_GOALS]
    return row + [""] * (len(HEADERS) - len(row))


def to_csv(result: CheckResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["Kilde"] + HEADERS)
    for plan in result.plans:
        rows = [goal_row(plan, g) for g in plan.goals] or [_no_goal_row(plan)]
        for r in rows:
            w.writerow([safe_cell(v) for v in [plan.meta.source] + r])
    return buf.getvalue()


# --- Markdown ----------------------------------------------------------------------------------------


def _md(text: object) -> str:
    """Document text as Markdown table/paragraph text: one line, HTML escaped, pipes escaped."""
    return html.escape(" ".join(str(text).split()), quote=False).replace("|", "\\|")


def _summary_lines(result: CheckResult) -> list[str]:
    lines = ["| Plan | Kommune | Mål | Med tiltak | Med indikator | Med måltall | Med egne tiltak | "
             "Bare planomfattende tiltak |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for s in result.summary:
        lines.append(f"| {_md(s.title or s.source)} | {_md(s.municipality)} | {s.goals} | "
                     f"{s.with_measures} ({s.pct_measures:.0f} %) | {s.with_indicators} ({s.pct_indicators:.0f} %) | "
                     f"{s.with_targets} ({s.pct_targets:.0f} %) | {s.with_own_measures} ({s.pct_own_measures:.0f} %) | "
                     f"{s.with_only_plan_wide_measures} |")
    return lines


def _mark(ok: bool) -> str:
    return "ja" if ok else "ikke funnet"


def to_markdown(result: CheckResult) -> str:
    out = ["# Målsjekk: mål, tiltak og indikatorer", "",
           "Sjekken leser planenes oppsett (overskrifter, lister, tabeller). «Ikke funnet» betyr at sjekken ikke "
           "fant noe der den så etter — ikke at planen mangler det. Planomfattende tiltak/indikatorer gjelder alle "
           "planens mål.", "", "## Oppsummering", ""]
    out += _summary_lines(result)
    for plan in result.plans:
        out += ["", f"## {_md(plan.meta.title or plan.meta.source)}", "",
                f"Kilde: {_md(plan.meta.source)}" + (f" · {_md(plan.meta.municipality)}" if plan.meta.municipality else ""),
                ""]
        if not plan.goals:
            out.append(_md(plan.note or NO_GOALS))
            continue
        out += ["| # | Mål | Seksjon | Tiltak | Indikator | Måltall | Funn |", "|---:|---|---|---|---|---|---|"]
        for n, g in enumerate(plan.goals, 1):
            note = _plan_wide_note(g)
            flags = "; ".join(f.message.split(":")[0] for f in g.flags if f.code not in ("ingen_tiltak", "ingen_indikator", "ingen_maltall"))
            out.append(
                f"| {n} | {_md(g.goal.text)} | {_md(g.goal.section)} | {_mark(g.has_measure)} ({len(g.measures)}) | "
                f"{_mark(g.has_indicator)} ({len(g.indicators)}) | {_md(', '.join(g.target_values)) or 'ikke funnet'} | "
                f"{_md('; '.join(x for x in (note, flags) if x))} |"
            )
        details = [g for g in plan.goals if any(f.code == "maltall_mot_utgangspunkt" for f in g.flags) or g.related]
        for g in details:
            out += ["", f"**{_md(_short(g.goal.text, 100))}**", ""]
            for f in g.flags:
                if f.code == "maltall_mot_utgangspunkt":
                    out.append(f"- {_md(f.message)}")
            for h in g.related:
                out.append(f"- Relatert: {_md(h.meta.title)}, {_md(h.chunk.section_title)} — «{_md(_short(h.chunk.text, 160))}»")
    out += ["", "## Temaer på tvers av planene", "", "| Tema | Planer | Mål | Med tiltak og indikator |",
            "|---|---|---:|---:|"]
    for t in result.themes:
        backed = sum(1 for e in t.entries if e.goal.has_measure and e.goal.has_indicator)
        plans = ", ".join(sorted({e.meta.municipality or e.meta.source for e in t.entries}))
        out.append(f"| {_md(t.theme)} | {_md(plans)} | {len(t.entries)} | {backed} |")
    return "\n".join(out) + "\n"


# --- terminal table ----------------------------------------------------------------------------------


def to_table(result: CheckResult) -> str:
    lines = [f"{'Plan':50} {'Mål':>4} {'Tiltak':>8} {'Egne':>6} {'Indikator':>10} {'Måltall':>8}"]
    for s in result.summary:
        lines.append(f"{_short(s.title or s.source, 50):50} {s.goals:>4} {s.pct_measures:>7.0f}% "
                     f"{s.pct_own_measures:>5.0f}% {s.pct_indicators:>9.0f}% {s.pct_targets:>7.0f}%")
    for plan in result.plans:
        lines += ["", f"== {plan.meta.title or plan.meta.source} ({plan.meta.source})"]
        if not plan.goals:
            lines.append("   " + (plan.note or NO_GOALS))
            continue
        for n, g in enumerate(plan.goals, 1):
            t = "T" if g.has_own_measure else "t" if g.has_measure else "-"
            i = "I" if g.has_indicator else "-"
            m = "M" if g.has_target else "-"
            lines.append(f"{n:>3}. [{t}{i}{m}] {_short(g.goal.text, 100)}")
            for f in g.flags:
                if f.code == "maltall_mot_utgangspunkt":
                    lines.append(f"        ! {f.message}")
    lines += ["", "T = egne tiltak funnet, t = bare planomfattende tiltak, I = indikator funnet, M = måltall funnet; "
              "«-» = ikke funnet der sjekken så etter."]
    return "\n".join(lines) + "\n"


# --- XLSX --------------------------------------------------------------------------------------------

_WIDTHS = {"Plan": 28, "Kommune": 12, "Side": 6, "Seksjon": 30, "Mål": 60, "Tiltak (eksempler)": 50,
           "Indikatorer (eksempler)": 50, "Merknader": 50, "Relaterte nasjonale føringer": 40, "Planomfattende": 22,
           "Måltall": 18, "Temaer": 24}


def _sheet_name(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:28] or "Plan"
    name, k = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def _append(ws, row: list) -> None:
    """Append a row with every string cell neutralised and typed as a string (never a formula)."""
    ws.append([safe_cell(v) for v in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _format(ws, headers: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, h in enumerate(headers, 1):
        cell = ws.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(h, 14)
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def to_xlsx(result: CheckResult, path: Path) -> None:
    """A summary sheet, a sheet per plan (flags as columns) and a theme sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Sammendrag"
    head = ["Plan", "Kommune", "Kilde", "Mål", "Med tiltak", "% med tiltak", "Med indikator", "% med indikator",
            "Med måltall", "% med måltall", "Merknad", "Med egne tiltak", "Bare planomfattende tiltak",
            "Planomfattende tiltak (antall)", "Planflagg"]
    ws.append(head)
    notes = {p.meta.source: p.note for p in result.plans}
    for s in result.summary:
        _append(ws, [s.title, s.municipality, s.source, s.goals, s.with_measures, s.pct_measures, s.with_indicators,
                   s.pct_indicators, s.with_targets, s.pct_targets, notes.get(s.source, ""), s.with_own_measures,
                   s.with_only_plan_wide_measures, s.plan_wide_measures, ", ".join(s.plan_flags)])
    _format(ws, head)
    used = {"sammendrag", "temaer"}
    for plan in result.plans:
        sheet = wb.create_sheet(_sheet_name(plan.meta.municipality + " " + (plan.meta.title or plan.meta.source)
                                            if plan.meta.municipality else plan.meta.title or plan.meta.source, used))
        sheet.append(HEADERS)
        for g in plan.goals:
            _append(sheet, goal_row(plan, g))
        if not plan.goals:
            _append(sheet, _no_goal_row(plan))
        _format(sheet, HEADERS)
    ts = wb.create_sheet("Temaer")
    thead = ["Tema", "Plan", "Kommune", "Mål", "Tiltak funnet", "Indikator funnet", "Måltall"]
    ts.append(thead)
    for t in result.themes:
        for e in t.entries:
            _append(ts, [t.theme, e.meta.title, e.meta.municipality, e.goal.goal.text, _mark(e.goal.has_measure),
                       _mark(e.goal.has_indicator), ", ".join(e.goal.target_values) or "ikke funnet"])
    _format(ts, thead)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@dataclass(frozen=True)
class ExportFiles:
    xlsx: Path
    csv: Path
    markdown: Path


def write_exports(result: CheckResult, folder: Path, stem: str = "plansjekk") -> ExportFiles:
    """Write the XLSX, CSV (UTF-8 with BOM, for Excel) and Markdown exports into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = ExportFiles(folder / f"{stem}.xlsx", folder / f"{stem}.csv", folder / f"{stem}.md")
    to_xlsx(result, files.xlsx)
    files.csv.write_text(to_csv(result), encoding="utf-8-sig")
    files.markdown.write_text(to_markdown(result), encoding="utf-8")
    return files
