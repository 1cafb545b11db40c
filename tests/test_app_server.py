"""The running app over HTTP, as a client that is not a browser would call it: with a login
configured every route refuses an anonymous client (the API, uploads, the queue that runs the
upload and remove handlers); logged in, the ``ask`` endpoint returns the CLI's JSON and the load
tool (eval/load.py) runs against it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.test_app_browser import REPO, _free_port, _stop, _wait_until_up

pytestmark = pytest.mark.slow

NOTE = "Notat om leksehjelp\n\nLeksehjelp gis to dager i uka på alle barneskolene i kommunen.\n"
USER, PASSWORD = "planlegger", "et langt og hemmelig passord"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    from assistant.settings import Settings
    from assistant.store import close_stores
    from ingest.run import run

    root = tmp_path_factory.mktemp("server")
    (root / "notater").mkdir()
    (root / "notater" / "leksehjelp.txt").write_text(NOTE, encoding="utf-8")
    data = root / "data"
    assert run([root / "notater"], settings=Settings(data_dir=data)).ok
    close_stores()
    from assistant.access import hash_password

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ASSISTANT_", "CHROMA_"))}
    env.update(ASSISTANT_DATA_DIR=str(data), ASSISTANT_AUTH_USERNAME=USER,
               ASSISTANT_AUTH_PASSWORD=hash_password(PASSWORD), HF_HUB_OFFLINE="1")
    log = root / "app.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--port", str(port)], cwd=REPO, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url, proc, log)
        yield url, data, log
    finally:
        _stop(proc)


def _fn_index(client: httpx.Client, url: str, elem_id: str) -> int:
    """The index of the event a button with ``elem_id`` triggers (from the logged-in config)."""
    config = client.get(f"{url}config").json()
    button = next(c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id)
    return next(i for i, d in enumerate(config["dependencies"]) if any(t[0] == button for t in d["targets"]))


def test_every_route_refuses_an_anonymous_client(server):
    url, data, _ = server
    with httpx.Client(timeout=30) as anon:
        assert anon.get(f"{url}config").status_code == 401
        assert anon.post(f"{url}gradio_api/call/ask", json={"data": ["Hva er leksehjelp?"]}).status_code == 401
        files = {"files": ("ond.txt", b"Jevnaker kommune har vedtatt alt.", "text/plain")}
        assert anon.post(f"{url}gradio_api/upload", files=files).status_code == 401
        body = {"data": [None], "fn_index": 0, "session_hash": "anonym", "event_data": None, "trigger_id": None}
        assert anon.post(f"{url}gradio_api/queue/join", json=body).status_code == 401
        assert anon.get(f"{url}gradio_api/info").status_code == 401
    assert not (data / "uploads").exists()


def test_logged_in_client_asks_through_the_stable_api(server):
    from eval.load import ask_once

    url, _, log = server
    with httpx.Client(timeout=30) as client:
        assert client.post(f"{url}login", data={"username": USER, "password": "feil"}).status_code == 400
        client.post(f"{url}login", data={"username": USER, "password": PASSWORD}).raise_for_status()
        answer = ask_once(client, url, "Hva er leksehjelp?")
        assert answer["found"] and "to dager" in answer["answer"]
        assert set(answer) == {"id", "question", "found", "answer", "citations", "passages"}
        assert answer["citations"][0]["source"] == "leksehjelp.txt"
        assert json.loads(json.dumps(answer)) == answer
        assert _fn_index(client, url, "pa-ingest") >= 0
    text = log.read_text(errors="replace")
    assert "share=True" not in text and " DEBUG " not in text


def test_load_tool_runs_bounded_against_the_app(server, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from eval.load import main, run_load

    url, _, _ = server
    monkeypatch.setenv("ASSISTANT_AUTH_USERNAME", USER)
    monkeypatch.setenv("ASSISTANT_AUTH_PASSWORD", PASSWORD)
    result = run_load(url, users=3, seconds=3)
    assert result.requests >= 3 and result.errors == 0, result.error_samples
    assert 0 < result.p50_s <= result.p95_s <= result.max_s
    with pytest.raises(SystemExit, match="bare mot 127.0.0.1"):
        run_load("http://example.org:7860/", users=1, seconds=1)
    out = tmp_path / "load.json"
    assert main(["--url", url, "--users", "2", "--seconds", "2", "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["errors"] == 0
