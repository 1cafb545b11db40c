"""Every test runs in its own temporary data dir; settings are re-read per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# The analysis reads nynorsk through the machine's dict-freedict-nno-nob when installed (assistant/nynorsk.py): tests
# run with the hand map alone, whatever the machine has; tests/test_nynorsk.py writes its own dictionary.
os.environ.setdefault("ASSISTANT_NYNORSK_DICTIONARY", "")
# Likewise the English → Swedish → Norwegian pivot (assistant/pivot.py): tests/test_pivot.py writes its own.
os.environ.setdefault("ASSISTANT_ENGLISH_SWEDISH_DICTIONARY", "")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from assistant.settings import get_settings
    from assistant.store import close_stores

    d = tmp_path / "data"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(d))
    for var in ("CHROMA_HOST", "ASSISTANT_LLM_BASE_URL", "ASSISTANT_EMBEDDING_MODEL", "ASSISTANT_DENSE_WEIGHT"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    close_stores()
    yield d
    close_stores()
    get_settings.cache_clear()


@pytest.fixture
def settings(data_dir: Path):
    from assistant.settings import get_settings

    return get_settings()


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus ingested once per session into its own data dir (read-only for tests)."""
    from assistant.settings import Settings
    from assistant.store import close_stores
    from ingest.run import run

    d = tmp_path_factory.mktemp("shipped") / "data"
    report = run(settings=Settings(data_dir=d))
    assert report.ok, report.failed
    close_stores()
    return d


@pytest.fixture
def shipped_settings(shipped_index: Path, monkeypatch: pytest.MonkeyPatch):
    from assistant.settings import Settings, get_settings

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(shipped_index))
    get_settings.cache_clear()
    return Settings(data_dir=shipped_index)


def store_with_plan(folder: Path, settings, text: str, name: str = "fjellbygd-plan-oppvekst-2024-2028.txt"):
    """The real pipeline on one plan written from ``text``: its store, for answer-rule tests."""
    from assistant.store import open_store
    from ingest.run import run

    plan = folder / name
    plan.write_text(text, encoding="utf-8")
    assert run([plan], settings=settings).ok
    return open_store(settings)
