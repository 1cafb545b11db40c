"""The README's settings table and commands match the code."""

from __future__ import annotations

import re

from assistant.settings import Settings
from tests.conftest import REPO


def env_name(field: str) -> str:
    alias = Settings.model_fields[field].validation_alias
    return alias.choices[0] if alias else f"ASSISTANT_{field.upper()}"


def test_settings_table_matches_settings_class() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([A-Z_]+)` \| `[^`]*` \| (.+) \|$", readme, flags=re.M))
    expected = {env_name(f): info.description for f, info in Settings.model_fields.items()}
    assert set(rows) == set(expected), set(rows) ^ set(expected)
    for name, description in expected.items():
        assert rows[name] == description, name
    for name, info in Settings.model_fields.items():
        assert info.description, f"{name} has no description"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make run" in first_block and "make test" in first_block
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "torch==2.13.0" in (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert '"torch==2.13.0"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
