"""One writer, many readers: the write lock holds across threads and processes, and questions
asked while another process ingests never fail and see new documents without a reload."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.answer import ask
from assistant.settings import Settings
from assistant.store import open_store
from assistant.writelock import write_lock
from ingest.run import run
from tests.conftest import REPO
from tests.test_ingest import consistent, write_corpus

HOLD = """
import sys, time
from pathlib import Path
from assistant.writelock import write_lock
with write_lock(Path(sys.argv[1])):
    Path(sys.argv[2]).write_text("held")
    time.sleep(float(sys.argv[3]))
    Path(sys.argv[2] + ".done").write_text("done")
"""


def test_the_write_lock_excludes_other_processes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    flag = tmp_path / "held"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data), str(flag), "1.5"], env=env)
    try:
        deadline = time.time() + 60
        while not flag.exists() and time.time() < deadline:
            time.sleep(0.02)
        assert flag.exists()
        started = time.perf_counter()
        with write_lock(data):
            waited = time.perf_counter() - started
            assert Path(f"{flag}.done").exists()  # we only got in once the other process was done
        assert waited > 0.5
    finally:
        proc.wait(timeout=30)


def test_the_write_lock_excludes_other_threads_and_is_reentrant(tmp_path: Path) -> None:
    inside: list[int] = []
    overlaps: list[int] = []

    def writer(i: int) -> None:
        with write_lock(tmp_path), write_lock(tmp_path):  # re-entrant: a writer calling another writer
            inside.append(i)
            if len(inside) > 1:
                overlaps.append(i)
            time.sleep(0.02)
            inside.remove(i)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not overlaps and not inside


def plans(folder: Path, n: int, town: str = "Nyby") -> Path:
    folder.mkdir(parents=True)
    for i in range(n):
        body = "\n\n".join(
            f"{j}.{i} Avsnitt {j}\n{town} kommune skal arbeide med tema {i}-{j} for barn og unge, og tiltaket "
            "følges opp hvert år av rektor og barnehagestyrer." for j in range(1, 30))
        (folder / f"{town.lower()}-plan-{i:02d}.txt").write_text(f"Plan nummer {i} for {town}\n\n{body}\n", encoding="utf-8")
    return folder


@pytest.mark.slow
def test_questions_asked_while_another_process_ingests_never_fail(tmp_path: Path, settings: Settings) -> None:
    run([write_corpus(tmp_path / "corpus")], settings=settings)
    new = plans(tmp_path / "new", 6)
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(new), "--quiet"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors: list[BaseException] = []
    answers: list[bool] = []

    def asker() -> None:
        while proc.poll() is None:
            try:
                answer = ask("Hvor mange minutter varer lesestunden i Nordby?", settings=settings)
                answers.append(answer.found and answer.citations[0].source == "nordby-lesing.txt")
            except BaseException as exc:  # noqa: BLE001 - every failure counts
                errors.append(exc)

    threads = [threading.Thread(target=asker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    assert errors == []
    assert len(answers) >= 3 and all(answers)
    # the same process sees the new documents, without reopening anything
    answer = ask("Hvem følger opp tema 7-12 i Nyby?", settings=settings)
    assert answer.found and answer.citations[0].source.startswith("nyby-plan-")
    assert consistent(settings)[0] == 8
    assert open_store(settings).catalog.pending() == []


def test_threads_opening_one_store_share_one_lexical_index_and_one_vectors(tmp_path: Path, settings: Settings) -> None:
    """The app's question handlers and its background vector filler share one Store: when they
    open the lexical index and the vectors at the same moment, they get the same objects (one
    opening each), not several half-initialised copies."""
    from assistant.catalog import Catalog
    from assistant.store import Store, collection_name

    run([write_corpus(tmp_path / "corpus")], settings.model_copy(update={"ingest_vectors": "off"}))
    for _ in range(3):
        store = Store(settings=settings, catalog=Catalog(settings.data_dir / "catalog.sqlite"),
                      collection_name=collection_name(settings))
        start = threading.Barrier(4)
        lexicals: list[object] = []
        vectors: list[object] = []

        def open_both() -> None:
            start.wait()
            lexicals.append(store.lexical)
            vectors.append(store.vectors)

        threads = [threading.Thread(target=open_both) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert len(lexicals) == len(vectors) == 4
        assert len({id(x) for x in lexicals}) == 1 and len({id(x) for x in vectors}) == 1
        store.catalog.close()
