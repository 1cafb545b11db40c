"""The same pipeline against a real Chroma server (`chroma run`), started and stopped here."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.answer import ask
from assistant.settings import Settings
from assistant.store import open_store
from ingest.run import run
from tests.test_ingest import write_corpus


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.slow
def test_ingest_and_ask_against_a_chroma_server(tmp_path: Path, chroma_server: int, monkeypatch) -> None:
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    settings = Settings(data_dir=tmp_path / "data", dense_weight=0.5)
    assert settings.chroma_host == "127.0.0.1"
    corpus = write_corpus(tmp_path / "corpus")
    report = run([corpus], settings=settings)
    assert report.ok and report.count("ingested") == 2
    store = open_store(settings)
    assert store.vectors.count() == report.chunks
    assert not (settings.data_dir / "chroma").exists()  # nothing embedded: vectors live in the server
    answer = ask("Hvor mange minutter varer lesestunden i Nordby?", settings=settings)
    assert answer.found and answer.citations[0].source == "nordby-lesing.txt"
    assert any(h.dense_rank is not None for h in answer.passages)  # the server's vector search took part
    assert run([corpus], settings=settings).embedded_chunks == 0


READER = """
import json, sys, time
from pathlib import Path
from assistant.answer import ask
from assistant.retrieve import retrieve

stop = Path(sys.argv[1])
asked = errors = wrong = 0
while not stop.exists():
    try:
        answer = ask("Hvor mange minutter varer lesestunden i Nordby?")
        asked += 1
        wrong += not (answer.found and answer.citations[0].source == "nordby-lesing.txt")
    except Exception as exc:  # every failure counts
        errors += 1
        print(repr(exc), file=sys.stderr)
    time.sleep(0.05)
hits = retrieve("Hvem følger opp tema 3-12 i Nyby?")
dense = retrieve("Hvem følger opp tema 3-12 i Nyby?", dense_weight=1.0, lexical_weight=0.0)
print(json.dumps({"asked": asked, "errors": errors, "wrong": wrong,
                  "new_lexical": bool(hits) and hits[0].meta.doc_id.startswith("nyby-plan-"),
                  "new_dense": any(h.meta.doc_id.startswith("nyby-plan-") for h in dense)}))
"""


@pytest.mark.slow
def test_two_reader_processes_share_one_corpus_while_an_ingest_runs(tmp_path: Path, chroma_server: int,
                                                                    monkeypatch) -> None:
    """One writer, many readers on a Chroma server: two app-like processes keep answering while a
    third process ingests, with no error, and then find the new documents without a restart."""
    import json
    import os

    from tests.conftest import REPO
    from tests.test_concurrency import plans

    data = tmp_path / "data"
    env = {**os.environ, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server),
           "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_DENSE_WEIGHT": "0.5", "PYTHONPATH": str(REPO)}
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(chroma_server))
    assert run([write_corpus(tmp_path / "corpus")], settings=Settings(data_dir=data, dense_weight=0.5)).ok
    stop = tmp_path / "stop"
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(stop)], cwd=REPO, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        time.sleep(5)  # the readers are up and asking
        ingest = subprocess.run([sys.executable, "-m", "ingest", str(plans(tmp_path / "new", 5)), "--quiet"],
                                cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert ingest.returncode == 0, ingest.stderr
    finally:
        stop.write_text("stop")
    results = []
    for proc in readers:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    for r in results:
        assert r["errors"] == 0 and r["wrong"] == 0 and r["asked"] >= 2, r
        assert r["new_lexical"] and r["new_dense"], r
    assert not (data / "chroma").exists()  # the vectors live in the server
