"""Phase 1's files parsed ahead in worker processes (ingest/parse_pool.py): the same documents as
parsing in the ingest process, errors named the same way, progress per page, nothing left running."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import ingest.parse_pool
from assistant.errors import IngestError
from assistant.settings import Settings
from assistant.store import close_stores, open_store
from ingest.parse import content_hash, parse_document
from ingest.parse_pool import ParseJob, ParsePool
from ingest.run import run
from tests import pdfs


def _folder(root: Path, n: int = 3) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        pdfs.make_plan_pdf(root / f"plan-{i}.pdf", pages=3 + i)
    return root


def _jobs(paths: list[Path]) -> list[ParseJob]:
    return [ParseJob(p, None, content_hash(p)) for p in paths]


def _workers() -> set[int]:
    """Pids of this process's live children running the parse worker."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and b"ingest.parse_pool" in cmd:
            found.add(int(entry.name))
    return found


def test_the_pool_parses_each_file_as_the_ingest_process_would(tmp_path: Path) -> None:
    paths = sorted(_folder(tmp_path / "dok").iterdir())
    (tmp_path / "dok" / "tom.pdf").write_bytes(b"%PDF-1.4\nikke en pdf")
    paths.append(tmp_path / "dok" / "tom.pdf")
    pages: dict[str, list[tuple[int, int]]] = {}
    with ParsePool(_jobs(paths), workers=2) as pool:
        assert len(_workers()) == 2
        docs = []
        for p in paths[:-1]:
            docs.append(pool.take(p, content_hash(p), lambda done, n, name=p.name: pages.setdefault(name, []).append((done, n))))
        with pytest.raises(IngestError) as failed:
            pool.take(paths[-1], content_hash(paths[-1]))
    assert not _workers()  # closed: stopped and reaped
    for p, doc in zip(paths, docs):
        assert doc == parse_document(p, None, content_hash(p))
    assert pages == {p.name: [(k, 3 + i) for k in range(3 + i)] for i, p in enumerate(paths[:-1])}
    with pytest.raises(IngestError) as inline:
        parse_document(paths[-1])
    assert failed.value.reason == inline.value.reason and failed.value.path == str(paths[-1])


def test_a_file_the_pool_was_not_given_or_lost_is_left_to_the_caller(tmp_path: Path) -> None:
    paths = sorted(_folder(tmp_path / "dok").iterdir())
    with ParsePool(_jobs(paths[:2]), workers=2) as pool:
        assert pool.take(paths[2], content_hash(paths[2])) is None  # not a job
        for worker in list(pool._workers):
            worker.proc.kill()  # every worker dies: the rest is parsed by the caller, nothing hangs
        results = [pool.take(p, content_hash(p)) for p in paths[:2]]
    assert all(r is None or r == parse_document(p, None, content_hash(p)) for r, p in zip(results, paths))


def test_run_with_the_pool_writes_what_run_without_it_writes(tmp_path: Path, settings: Settings,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "dok", 4)
    monkeypatch.setenv("ASSISTANT_INGEST_VECTORS", "off")
    calls: list[tuple[float, str]] = []

    def contents(data_dir: Path, parallel: bool) -> dict:
        monkeypatch.setattr(ingest.parse_pool, "PARALLEL_MIN_BYTES", 0 if parallel else 1 << 40)
        s = Settings(data_dir=data_dir, ingest_vectors="off")
        report = run([folder], settings=s, progress=(lambda f, m: calls.append((f, m))) if parallel else None)
        assert report.ok and report.count("ingested") == 4
        store = open_store(s)
        out = {r.meta.doc_id: (r.meta, r.pages, [c for c, _ in store.catalog.iter_chunks(r.meta.doc_id)])
               for r in store.catalog.documents()}
        close_stores()
        return out

    assert contents(tmp_path / "a", parallel=True) == contents(tmp_path / "b", parallel=False)
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions)  # progress only moves forward
    messages = [m for _, m in calls]
    for i in range(4):
        assert any(f"plan-{i}.pdf – side {3 + i} av {3 + i}" in m for m in messages), messages
    assert not _workers()


def test_ctrl_c_in_phase_one_stops_the_workers(tmp_path: Path, settings: Settings,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path / "dok", 4)
    monkeypatch.setattr(ingest.parse_pool, "PARALLEL_MIN_BYTES", 0)
    seen: list[set[int]] = []

    def interrupt(fraction: float, message: str) -> None:
        if message.startswith("Fil 2 av 4"):
            seen.append(_workers())
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run([folder], settings=Settings(data_dir=settings.data_dir, ingest_vectors="off"), progress=interrupt)
    assert seen and len(seen[0]) == 2  # the pool was running when the interrupt came
    assert not _workers()
    records = open_store(settings).catalog.documents(include_pending=True)
    assert [r.meta.doc_id for r in records] == ["plan-0"]  # the first file written, nothing after it
