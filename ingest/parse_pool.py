"""Phase 1 on every core: files parsed ahead in worker processes while the ingest process writes.

Phase 1 of ingest (ingest/run.py) is ≈ 83 % parsing — reading PDFs with pypdf, cleaning,
structure (cProfile of the 2,000 generated pages: ``parse_document`` 83.5 of 100.8 s, the
store's writes 15.5) — all of it pure Python on one core while the other waits. A
``ParsePool`` starts worker processes (``python -m ingest.parse_pool``; they import only what
parsing needs — a ``multiprocessing`` spawn would import the caller's main module, the app's
gradio too) and hands them the files to parse in order, one file at a time per worker. The ingest
process still decides what to skip, assigns ids and writes every document itself, in file order,
so what is written and when a document becomes searchable is as before; it only finds the parse
already done. Progress per page comes back from the workers (``on_page``).

Anything going wrong in the pool (a worker that dies, a reply that cannot be read) leaves that
file to be parsed in the ingest process as before; an error *of the file* (``IngestError``, or an
unexpected exception in a reader) comes back as the same message the inline parse would give.
The workers exit when the pool is closed (``close``, also on Ctrl-C or any exception in the
caller) or when their parent dies (their stdin closes); they ignore SIGINT themselves, so a Ctrl-C
in a terminal reaches the ingest process alone, which stops them.

Measured (eval/README, «Phase 1 on both cores»): phase 1 of the 2,000 generated pages (40 PDFs), 3 quiet
whole-process pairs, 13.7 s against 24.6 s in the ingest process alone (wall ×0.56), CPU ×1.03.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from assistant.errors import IngestError
from assistant.models import DocumentMeta, ParsedDocument

#: Parse ahead in workers only when the files to parse are at least this many bytes together
#: (starting a worker costs ≈ 0.2 s; pypdf reads ≈ 0.3 MB of generated plan PDF a second).
PARALLEL_MIN_BYTES = 512 * 1024
#: At most this many workers (and never more than the cores or the files).
MAX_WORKERS = 4
#: Parsed documents waiting to be written, at most (per worker): bounds the memory parsing ahead takes.
AHEAD_PER_WORKER = 2

OnPage = Callable[[int, int], None]


@dataclass(frozen=True)
class ParseJob:
    """One file to parse, with what ``parse_document`` is called with."""

    path: Path
    meta: DocumentMeta | None
    digest: str


@dataclass
class _Outcome:
    pages: list[tuple[int, int]] = field(default_factory=list)  # on_page calls, in order
    done: bool = False
    doc: ParsedDocument | None = None
    error: tuple[str, object] | None = None  # ("ingest", reason) | ("error", the exception)
    lost: bool = False  # the worker died or the reply was unreadable: parse inline


class _Worker:
    """One worker process and the thread that reads its replies (and hands it the next job)."""

    def __init__(self, index: int, pool: ParsePool) -> None:
        root = str(Path(__file__).resolve().parent.parent)  # where ``ingest`` is importable from
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        self.proc = subprocess.Popen([sys.executable, "-m", "ingest.parse_pool"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env)
        self.index = index
        self.busy: int | None = None  # the job it parses
        self.alive = True
        self._reader = threading.Thread(target=self._read, args=(pool,), daemon=True, name=f"parse-worker-{index}")

    def start(self) -> None:
        self._reader.start()

    def send(self, job_id: int, job: ParseJob) -> bool:
        try:
            assert self.proc.stdin is not None
            pickle.dump((job_id, job.path, job.meta, job.digest), self.proc.stdin)
            self.proc.stdin.flush()
        except (OSError, ValueError, pickle.PicklingError):
            return False
        self.busy = job_id
        return True

    def _read(self, pool: ParsePool) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            try:
                reply = pickle.load(out)
            except Exception:  # EOF (the worker exited or was stopped) or an unreadable reply
                pool.handle(self, ("gone",))
                return
            pool.handle(self, reply)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class ParsePool:
    """Parses ``jobs`` ahead, in order, in worker processes; ``take(path, digest, on_page)``
    returns the ``ParsedDocument`` (or raises the file's error) once it is done — or None when
    the pool did not parse that file (the caller parses it itself)."""

    def __init__(self, jobs: list[ParseJob], workers: int) -> None:
        self._jobs = jobs
        self._outcomes = {i: _Outcome() for i in range(len(jobs))}
        self._by_file = {(str(j.path), j.digest): i for i, j in enumerate(jobs)}
        self._next = 0  # the next job to hand out
        self._taken = 0  # the caller has taken every job before this one
        self._cond = threading.Condition()
        self._workers: list[_Worker] = []
        try:
            for i in range(workers):
                self._workers.append(_Worker(i, self))
        except OSError:  # no process could be started: what started is used, the rest parsed inline
            pass
        with self._cond:
            for worker in self._workers:
                self._dispatch(worker)
        for worker in self._workers:
            worker.start()

    @staticmethod
    def workers_for(jobs: list[ParseJob]) -> int:
        """How many workers are worth starting for these jobs (0: parse inline)."""
        size = sum(_size(j.path) for j in jobs)
        n = min(os.cpu_count() or 1, MAX_WORKERS, len(jobs))
        return n if n >= 2 and size >= PARALLEL_MIN_BYTES else 0

    def _dispatch(self, worker: _Worker) -> None:
        """Hand ``worker`` the next job, if it may run that far ahead (under the lock)."""
        ahead = min(len(self._jobs), self._taken + AHEAD_PER_WORKER * len(self._workers))
        if worker.alive and worker.busy is None and self._next < ahead:
            job_id, self._next = self._next, self._next + 1
            if not worker.send(job_id, self._jobs[job_id]):  # it takes no more; this file is parsed inline
                self._outcomes[job_id].lost = True
                worker.alive = False

    def handle(self, worker: _Worker, reply: tuple) -> None:
        """A worker's reply (its reader thread): a page parsed, a file done, or the worker gone."""
        with self._cond:
            if reply[0] == "page":
                _, job_id, done, total = reply
                self._outcomes[job_id].pages.append((done, total))
            elif reply[0] == "done":
                _, job_id, doc, error = reply
                outcome = self._outcomes[job_id]
                outcome.done, outcome.doc, outcome.error = True, doc, error
                worker.busy = None
                self._dispatch(worker)
            else:  # gone: its job (if any) is parsed inline, and it takes no more
                if worker.busy is not None:
                    self._outcomes[worker.busy].lost = True
                worker.busy, worker.alive = None, False
            self._cond.notify_all()

    def take(self, path: Path, digest: str, on_page: OnPage | None = None) -> ParsedDocument | None:
        job_id = self._by_file.get((str(path), digest))
        if job_id is None:
            return None
        outcome = self._outcomes[job_id]
        reported = 0
        with self._cond:
            self._taken = max(self._taken, job_id)
            for worker in self._workers:  # idle ones (held back by AHEAD_PER_WORKER) take the next jobs
                self._dispatch(worker)
        while True:
            with self._cond:
                pages = outcome.pages[reported:]
                finished = outcome.done or outcome.lost or not any(w.alive for w in self._workers)
                if not pages and not finished:
                    self._cond.wait(timeout=1.0)
                    continue
            for done, total in pages:  # outside the lock: the caller's progress callback
                if on_page:
                    on_page(done, total)
            reported += len(pages)
            if finished and not pages:
                break
        with self._cond:
            doc, outcome.doc = outcome.doc, None
            self._taken = max(self._taken, job_id + 1)
            for worker in self._workers:
                self._dispatch(worker)
        if not outcome.done:
            return None  # lost, or never handed out and no worker left
        if outcome.error is not None:
            kind, error = outcome.error
            if kind == "ingest":
                raise IngestError(path, str(error))
            raise error if isinstance(error, BaseException) else RuntimeError(str(error))
        return doc

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# --- the worker: python -m ingest.parse_pool ------------------------------------------------------


def _serve(inp: IO[bytes], out: IO[bytes]) -> None:
    from ingest.parse import parse_document

    def send(message: tuple[Any, ...]) -> None:
        pickle.dump(message, out)
        out.flush()

    while True:
        try:
            job_id, path, meta, digest = pickle.load(inp)
        except EOFError:
            return
        def on_page(done: int, n: int, job: int = job_id) -> None:
            send(("page", job, done, n))

        try:
            doc = parse_document(path, meta, digest, on_page)
        except IngestError as exc:
            send(("done", job_id, None, ("ingest", exc.reason)))
        except Exception as exc:  # a reader's bug on this file: raised again in the caller
            try:
                error: object = pickle.loads(pickle.dumps(exc))
            except Exception:
                error = f"{type(exc).__name__}: {exc}"
            send(("done", job_id, None, ("error", error)))
        else:
            send(("done", job_id, doc, None))


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the ingest process handles Ctrl-C and stops us
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not corrupt the replies
    _serve(sys.stdin.buffer, replies)
