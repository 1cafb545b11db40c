"""python -m eval load [--users 20] [--seconds 60] [--ingest PATH | --plans N] [--url http://127.0.0.1:7860/]

Simulated users against a running app, through its stable ``ask`` API endpoint (the same call any
other system makes): each user asks a question, waits for the whole answer, and asks the next one,
for ``--seconds``. With ``--ingest PATH`` a ``python -m ingest PATH`` runs in the app's data dir
(``ASSISTANT_DATA_DIR``, so start the app and this command with the same one) meanwhile — the
"questions while documents are added" case; ``--plans N`` generates N plan PDFs of 30 pages
(eval/corpusgen.py, cached under eval/work) and ingests those. Writes
requests, errors (with the first few messages), p50/p95/max latency to eval/results/load.json.

Bounded: loopback URLs only, at most MAX_USERS users and MAX_SECONDS seconds. With a login
(``ASSISTANT_AUTH_USERNAME``/``ASSISTANT_AUTH_PASSWORD`` in the environment, plain password) each
user logs in first.

A request counts as an error when the HTTP call fails, the server reports an error event, or the
answer is not the JSON contract (a dict with "answer" and "found").
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

from assistant.access import is_loopback
from assistant.cli import NorwegianParser, bounded_int
from eval.common import RESULTS, percentile

MAX_USERS = 64
MAX_SECONDS = 600
#: Questions the simulated users ask, in turn (the shipped corpus's kind of questions and a not-found one).
QUESTIONS = [
    "Hva gjør Åmot med mobbing?",
    "Hva er BTI i Jevnaker?",
    "Hvor mange grunnskolepoeng vil Løten ha?",
    "Hva er PALS?",
    "Hvilke mål er satt for læringsmiljøet?",
    "Hva sier planene om tidlig innsats?",
    "Hvordan følges fraværet opp i skolen?",
    "Hva koster en ny svømmehall på Mars?",
]


@dataclass
class LoadResult:
    users: int
    seconds: float
    requests: int = 0
    errors: int = 0
    p50_s: float = 0.0
    p95_s: float = 0.0
    max_s: float = 0.0
    error_samples: list[str] = field(default_factory=list)
    ingest: dict | None = None


def ask_once(client: httpx.Client, base: str, question: str) -> dict:
    """One call of the app's ``ask`` endpoint (Gradio's two-step REST protocol); the JSON answer,
    or RuntimeError with the server's message."""
    r = client.post(f"{base}gradio_api/call/ask", json={"data": [question]})
    r.raise_for_status()
    event_id = r.json()["event_id"]
    event = ""
    with client.stream("GET", f"{base}gradio_api/call/ask/{event_id}") as stream:
        stream.raise_for_status()
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = line.split(":", 1)[1].strip()
                if event == "error":
                    raise RuntimeError(f"feil fra appen: {data[:200]}")
                value = json.loads(data)[0]
                if not isinstance(value, dict) or "answer" not in value or "found" not in value:
                    raise RuntimeError(f"svaret følger ikke JSON-kontrakten: {str(value)[:200]}")
                return value
    raise RuntimeError(f"strømmen sluttet uten svar (siste hendelse: {event or 'ingen'})")


def _login(client: httpx.Client, base: str) -> None:
    user, password = os.environ.get("ASSISTANT_AUTH_USERNAME"), os.environ.get("ASSISTANT_AUTH_PASSWORD")
    if user and password:
        client.post(f"{base}login", data={"username": user, "password": password}).raise_for_status()


def run_load(url: str, users: int, seconds: float, ingest: Path | None = None) -> LoadResult:
    """Run ``users`` simulated users for ``seconds`` against the app at ``url`` (loopback only)."""
    host = urlparse(url).hostname or ""
    if not is_loopback(host):
        raise SystemExit(f"Lasttesten kjører bare mot 127.0.0.1/localhost, ikke {host}.")
    if not 1 <= users <= MAX_USERS or not 0 < seconds <= MAX_SECONDS:
        raise SystemExit(f"Brukere 1–{MAX_USERS} og sekunder 1–{MAX_SECONDS}.")
    base = url if url.endswith("/") else url + "/"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(n: int) -> None:
        with httpx.Client(timeout=60.0) as client:
            try:
                _login(client, base)
            except httpx.HTTPError as exc:
                with lock:
                    errors.append(f"innlogging: {exc}")
                return
            i = n
            while time.monotonic() < deadline:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                started = time.perf_counter()
                try:
                    ask_once(client, base, question)
                    ok, message = True, ""
                except (httpx.HTTPError, RuntimeError, ValueError, KeyError) as exc:
                    ok, message = False, f"{type(exc).__name__}: {exc}"
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors.append(message)

    proc = None
    ingest_started = time.perf_counter()
    if ingest is not None:
        proc = subprocess.Popen([sys.executable, "-m", "ingest", "--quiet", str(ingest)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = LoadResult(users=users, seconds=seconds, requests=len(latencies), errors=len(errors),
                        p50_s=round(statistics.median(latencies), 3) if latencies else 0.0,
                        p95_s=round(percentile(latencies, 95), 3), max_s=round(max(latencies, default=0.0), 3),
                        error_samples=errors[:10])
    if proc is not None:
        out, _ = proc.communicate(timeout=3600)
        result.ingest = {"path": str(ingest), "exit_code": proc.returncode,
                         "seconds": round(time.perf_counter() - ingest_started, 1),
                         "report": out.strip().splitlines()[-1] if out.strip() else "",
                         "finished_within_run": proc.returncode is not None}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = NorwegianParser(prog="python -m eval load", description="Simulerte brukere mot en kjørende app.")
    parser.add_argument("--users", type=bounded_int(1, MAX_USERS), default=20, help="samtidige brukere")
    parser.add_argument("--seconds", type=bounded_int(1, MAX_SECONDS), default=60, help="varighet i sekunder")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--ingest", type=Path, help="legg inn disse filene/mappene mens brukerne spør")
    what.add_argument("--plans", type=bounded_int(1, 200), help="lag N plan-PDF-er (30 sider) og legg dem inn mens brukerne spør")
    parser.add_argument("--url", default="http://127.0.0.1:7860/", help="appens adresse (bare loopback)")
    parser.add_argument("--out", type=Path, default=RESULTS / "load.json", help="resultatfil")
    args = parser.parse_args(argv)
    ingest = args.ingest
    if args.plans:
        from eval.corpusgen import PdfCorpusSpec, pdf_corpus

        ingest = pdf_corpus(PdfCorpusSpec(docs=args.plans, pages=30))
    result = run_load(args.url, args.users, args.seconds, ingest)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(asdict(result), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{result.users} brukere i {result.seconds:.0f} s: {result.requests} forespørsler, {result.errors} feil, "
          f"p50 {result.p50_s:.3f} s, p95 {result.p95_s:.3f} s, maks {result.max_s:.3f} s")
    for sample in result.error_samples[:3]:
        print(f"  feil: {sample}")
    if result.ingest:
        print(f"Innlegging under lasten: exit {result.ingest['exit_code']} etter {result.ingest['seconds']} s; "
              f"{result.ingest['report']}")
    return 0 if result.errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
