"""ingest/uploads.py: limits, safe names, no replacing, clean-up and recovery after a crash."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.store import close_stores, open_store
from ingest.uploads import (
    INCOMING,
    MAX_NAME_BYTES,
    UploadRefused,
    ingest_uploads,
    recover_uploads,
    remove_upload,
    safe_name,
    store_uploads,
)

NOTE = "Notat om {topic}\n\n{topic} gis to dager i uka på alle barneskolene i kommunen.\n"


def _file(folder: Path, name: str, text: str | None = None, size: int | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if size is not None:
        with open(path, "wb") as f:
            f.truncate(size)
    else:
        path.write_text(text if text is not None else NOTE.format(topic=Path(name).stem), encoding="utf-8")
    return path


@pytest.mark.parametrize("raw, expected", [
    ("evil\u202etxt.pdf", "eviltxt.pdf"),  # right-to-left override
    ("a\x1b[31mrød\x07.txt", "a[31mrød.txt"),  # terminal escape and bell
    ("../../etc/passwd.txt", "_.._etc_passwd.txt"),
    (".skjult.md", "skjult.md"),
    ("zero\u200bwidth.HTML", "zerowidth.html"),
    ("\u202e", "dokument"),
])
def test_safe_name_removes_control_and_bidi_characters(raw: str, expected: str):
    assert safe_name(raw) == expected


def test_safe_name_is_nfc_and_capped_with_its_suffix():
    decomposed = unicodedata.normalize("NFD", "Løten-åpen-plan.pdf")
    assert safe_name(decomposed) == "Løten-åpen-plan.pdf" and unicodedata.is_normalized("NFC", safe_name(decomposed))
    long = safe_name("å" * 304 + ".pdf")
    assert long.endswith(".pdf") and len(long.encode()) <= MAX_NAME_BYTES and long.startswith("ååå")


def test_a_second_upload_with_the_same_name_gets_a_new_name(settings: Settings, tmp_path: Path):
    first = ingest_uploads([_file(tmp_path / "a", "evil.txt", NOTE.format(topic="Leksehjelp"))], settings)
    second = ingest_uploads([_file(tmp_path / "b", "evil.txt", NOTE.format(topic="Svømming"))], settings)
    assert first.count("ingested") == 1 and second.count("ingested") == 1
    assert "lagret som «evil (2).txt»" in second.files[0].reason
    uploads = settings.data_dir / "uploads"
    assert (uploads / "evil.txt").read_text(encoding="utf-8").count("Leksehjelp") == 2  # not replaced
    assert "Svømming" in (uploads / "evil (2).txt").read_text(encoding="utf-8")
    assert len(open_store(settings).catalog.documents()) == 2


def test_limits_refuse_with_nothing_stored_and_temp_files_deleted(settings: Settings, tmp_path: Path):
    small = settings.model_copy(update={"upload_max_mb": 1, "upload_max_files": 3})
    big = _file(tmp_path / "t", "big.pdf", size=2 * 1024 * 1024)
    exe = _file(tmp_path / "t", "program.exe", "MZ")
    ok = _file(tmp_path / "t", "leksehjelp.txt")
    report = ingest_uploads([big, exe, ok], small)
    reasons = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert reasons["big.pdf"] == ("failed", "filen er større enn 1 MB – ikke lagret")
    assert reasons["program.exe"][0] == "failed" and "støttes ikke" in reasons["program.exe"][1]
    assert reasons["leksehjelp.txt"][0] == "ingested"
    assert sorted(p.name for p in (settings.data_dir / "uploads").iterdir()) == [INCOMING, "leksehjelp.txt"]
    assert not list((settings.data_dir / "uploads" / INCOMING).iterdir())
    assert not big.exists() and not exe.exists() and not ok.exists()
    many = [_file(tmp_path / "m", f"n{i}.txt") for i in range(4)]
    with pytest.raises(UploadRefused, match="høyst 3"):
        store_uploads(many, small)
    assert not any(p.exists() for p in many)


def test_failed_and_duplicate_uploads_are_not_kept(settings: Settings, tmp_path: Path):
    ingest_uploads([_file(tmp_path / "a", "original.txt")], settings)
    report = ingest_uploads([_file(tmp_path / "b", "kopi.txt", NOTE.format(topic="original")),
                             _file(tmp_path / "b", "tom.txt", "")], settings)
    status = {Path(f.path).name: f.status for f in report.files}
    assert status == {"kopi.txt": "duplicate", "tom.txt": "failed"}
    assert all(f.reason.endswith("ikke lagret") for f in report.files)
    assert [p.name for p in (settings.data_dir / "uploads").glob("*.txt")] == ["original.txt"]


def test_recovery_finishes_complete_uploads_and_reports_partial_ones(settings: Settings, tmp_path: Path):
    ingest_uploads([_file(tmp_path / "a", "ferdig.txt")], settings)
    uploads = settings.data_dir / "uploads"
    # what a kill -9 leaves: a half-copied file and a stored file whose ingest never ran
    (uploads / INCOMING / "4242-0-halv.pdf.part").write_bytes(b"%PDF-1.4 halv")
    _file(uploads, "ikke-lagt-inn.txt")
    close_stores()
    report = recover_uploads(settings)
    assert report is not None
    status = {Path(f.path).name: (f.status, f.reason) for f in report.files}
    assert status["halv.pdf"][0] == "failed" and "avbrutt" in status["halv.pdf"][1]
    assert status["ikke-lagt-inn.txt"][0] == "ingested" and "ferdig.txt" not in status
    assert not list((uploads / INCOMING).iterdir())
    titles = {r.meta.title for r in open_store(settings).catalog.documents()}
    assert titles == {"Notat om ferdig", "Notat om ikke-lagt-inn"}
    assert recover_uploads(settings) is None  # nothing left to do


def test_remove_upload_deletes_only_files_in_the_uploads_folder(settings: Settings, tmp_path: Path):
    ingest_uploads([_file(tmp_path / "a", "notat.txt")], settings)
    outside = _file(tmp_path / "corpus", "plan.txt")
    assert not remove_upload(outside, settings) and outside.exists()
    assert remove_upload(settings.data_dir / "uploads" / "notat.txt", settings)
    assert not (settings.data_dir / "uploads" / "notat.txt").exists()
