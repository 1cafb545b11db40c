"""The direction of imports, enforced: ``assistant`` (the core) imports neither ``ingest`` nor
``gradio`` nor the app; ``ingest`` uses ``assistant`` but not the app or Gradio. Checked on the
source (every import statement, also those inside functions), and by importing every core module
in a fresh interpreter and looking at what got loaded."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def imported_top_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize(("package", "forbidden"), [
    ("assistant", {"ingest", "gradio", "app", "eval"}),
    ("ingest", {"gradio", "app", "eval"}),
])
def test_no_import_against_the_direction(package: str, forbidden: set[str]) -> None:
    offenders = {str(p.relative_to(REPO)): sorted(imported_top_names(p) & forbidden) for p in modules(package)}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from ingest.parse import parse_document\n    import gradio as gr\n")
    assert {"ingest", "gradio"} <= imported_top_names(bad)


def test_importing_the_core_loads_neither_ingest_nor_gradio() -> None:
    names = [".".join(p.relative_to(REPO).with_suffix("").parts) for p in modules("assistant")]
    names = [n.removesuffix(".__init__") for n in names if not n.endswith("__main__")]
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module(n)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ingest', 'gradio', 'app'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


#: The repository's top level is fixed (the developers' guide): new code goes into these.
TOP_LEVEL = {"assistant", "corpus", "ingest", "eval", "app.py", "tests", "pyproject.toml", "README.md",
             "scripts", "Makefile", ".ci", ".gitignore"}


def test_the_top_level_is_the_fixed_set() -> None:
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, timeout=60)
    if out.returncode == 0:
        tracked = {line.split("/")[0] for line in out.stdout.splitlines() if line}
    else:  # not a git checkout (an unpacked copy): the Python code at the top level
        tracked = {p.name for p in REPO.iterdir() if p.suffix == ".py" or (p.is_dir() and any(p.glob("*.py")))}
    assert tracked - TOP_LEVEL == set()
