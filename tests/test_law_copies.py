"""One copy per law (same Lovdata id: the newest stays) and NLOD 2.0 attribution wherever law
text is shown."""

from __future__ import annotations

from pathlib import Path

from assistant.citations import NLOD_ATTRIBUTION

DATA = Path(__file__).parent / "data"


def _copy(folder: Path, name: str, version: str, extra: str = "") -> Path:
    text = (DATA / "lov-liten.md").read_text(encoding="utf-8")
    text = text.replace('rank: "lov"', f'rank: "lov"\nlast_change_in_force: "{version}"', 1)
    path = folder / name
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_newest_copy_of_a_law_stays(tmp_path: Path, settings) -> None:
    from assistant.answer import ask
    from assistant.store import open_store
    from ingest.run import run

    old = _copy(tmp_path, "barnehageloven-2024.md", "2024-08-01")
    new = _copy(tmp_path, "barnehageloven-2026.md", "2026-01-01", "\nEndringen gjelder fra 2026.\n")
    first = run([old], settings=settings)
    assert first.count("ingested") == 1
    second = run([new], settings=settings)
    [result] = [f for f in second.files if f.status == "ingested"]
    assert "erstattet eldre utgave av LOV-2005-06-17-64" in result.reason
    store = open_store(settings)
    assert [d.meta.source for d in store.catalog.documents()] == ["barnehageloven-2026.md"]
    again = run([old], settings=settings)  # the older copy is not taken back in
    assert [f.status for f in again.files] == ["duplicate"]
    assert "samme lov (LOV-2005-06-17-64)" in again.files[0].reason

    answer = ask("Hva skal barnehagen samarbeide med skolen om?", settings=settings)
    assert answer.found and answer.citations
    assert all(c.attribution == NLOD_ATTRIBUTION for c in answer.citations)


def test_cli_shows_the_licence_with_law_text(tmp_path: Path, settings, capsys) -> None:
    from assistant.__main__ import main as assistant_main
    from ingest.run import run

    run([_copy(tmp_path, "barnehageloven.md", "2026-01-01")], settings=settings)
    assert assistant_main(["ask", "Hva skal kommunen føre tilsyn med?"]) == 0
    out = capsys.readouterr().out
    assert "barnehageloven § 53" in out and NLOD_ATTRIBUTION in out
