"""ingest.run reports progress per file and per page through its progress callback."""

from __future__ import annotations

from pathlib import Path

from tests import pdfs


def test_progress_moves_per_page_and_per_file(tmp_path: Path, settings) -> None:
    from ingest.run import run

    folder = tmp_path / "dok"
    folder.mkdir()
    pdfs.make_plan_pdf(folder / "a-plan.pdf", pages=4)
    (folder / "b-notat.txt").write_text("Notat\n\nKommunen skal styrke samarbeidet med foreldrene.\n", encoding="utf-8")
    calls: list[tuple[float, str]] = []
    report = run([folder], settings=settings, progress=lambda f, m: calls.append((f, m)))
    assert report.ok and report.count("ingested") == 2
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] >= 0.0 and fractions[-1] == 1.0
    messages = [m for _, m in calls]
    for k in range(1, 5):
        assert any(f"a-plan.pdf – side {k} av 4" in m for m in messages), messages
    assert any(m.startswith("Fil 2 av 2: b-notat.txt") for m in messages)
    page_steps = [f for f, m in calls if "a-plan.pdf – side" in m]
    assert len(set(page_steps)) == 4 and max(page_steps) < 0.5  # the first file's pages fill its half
