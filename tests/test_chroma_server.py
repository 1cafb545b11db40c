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
