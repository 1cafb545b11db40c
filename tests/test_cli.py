"""The command lines: one Norwegian line per bad batch line (the rest answered), --k range-checked,
a missing or empty index reported with exit ≠ 0, file names printed escaped, Norwegian help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import main as app_main
from assistant.__main__ import main as assistant_main
from assistant.cli import printable
from assistant.models import FileResult, IngestReport
from ingest.__main__ import format_report
from ingest.__main__ import main as ingest_main


def test_batch_reports_each_bad_line_and_answers_the_rest(shipped_settings, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture):
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join([
        '{"id": "a", "question": "Hva er BTI i Jevnaker?"}',
        '{"id": "b"}',
        '{"id": "c", "question": null}',
        "dette er ikke JSON",
        '["en liste"]',
        "",
        '{"id": "f", "question": "Hva gjør Åmot med mobbing?"}',
    ]), encoding="utf-8")
    assert assistant_main(["ask", "--batch", str(batch), "--json"]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(x)["id"] for x in out.splitlines()] == ["a", "f"]
    lines = err.strip().splitlines()
    assert len(lines) == 4 and "Traceback" not in err
    assert lines[0].startswith("Linje 2: mangler «question»") and lines[1].startswith("Linje 3: mangler «question»")
    assert lines[2].startswith("Linje 4: ikke gyldig JSON") and lines[3].startswith("Linje 5: linjen må være et JSON-objekt")


def test_batch_file_missing_is_one_line(shipped_settings, tmp_path: Path, capsys: pytest.CaptureFixture):
    assert assistant_main(["ask", "--batch", str(tmp_path / "finnes\x1bikke.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil: finner ikke filen") and "\\x1b" in err and "\x1b" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize("k", ["-5", "0", "101", "mange"])
def test_k_is_range_checked(shipped_settings, k: str, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit) as exit_:
        assistant_main(["ask", "Hva er BTI?", "--k", k])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "feil: --k:" in err and ("mellom 1 og 100" in err or "ikke et heltall" in err)


def test_missing_or_empty_index_exits_nonzero_without_creating_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture):
    from assistant.settings import get_settings

    wrong = tmp_path / "feil-mappe"
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(wrong))
    get_settings.cache_clear()
    assert assistant_main(["ask", "Hva er BTI?"]) == 2
    assert "Fant ingen indeks i" in capsys.readouterr().err and not wrong.exists()
    from assistant.store import Catalog

    Catalog(wrong / "catalog.sqlite").close()  # an index without documents
    assert assistant_main(["ask", "Hva er BTI?"]) == 2
    assert "Ingen dokumenter er lagt inn" in capsys.readouterr().err


def test_file_names_are_printed_escaped():
    assert printable("rapport\x1b[2J\u202etxt.pdf") == "rapport\\x1b[2J\\u202etxt.pdf"
    assert printable("Løten–plan «ny».pdf") == "Løten–plan «ny».pdf"
    report = IngestReport(files=[FileResult("/u/ond\x1b[31m\u202e.pdf", "failed", "filen er tom")])
    text = format_report(report)
    assert "ond\\x1b[31m\\u202e.pdf: filen er tom" in text and "\x1b" not in text


@pytest.mark.parametrize("main", [assistant_main, ingest_main, app_main])
def test_help_is_norwegian(main, capsys: pytest.CaptureFixture):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("bruk: ") and "vis denne hjelpen" in out
    assert "usage" not in out and "show this help" not in out and "options:" not in out
