"""One writer at a time per data dir, across threads and processes — and one maker of vectors.

``write_lock(data_dir)`` holds an exclusive ``flock`` on ``<data_dir>/write.lock`` (other
processes: a CLI ingest beside the app) and a per-process re-entrant lock (other threads: two
uploads in the app at once). Readers never take it: they read snapshots (SQLite WAL, tantivy
searchers). The kernel drops a ``flock`` when its process dies, so a ``kill -9`` never leaves the
data dir locked.

``vectors_lock(data_dir)`` is the same kind of lock on ``<data_dir>/vectors.lock``, held for the
whole of phase 2 (embedding the documents that lack vectors): the app's background fill and a CLI
ingest beside it take turns instead of embedding the same documents twice. It is held for minutes,
so it is apart from the write lock, which phase 2 takes only to store each document's vectors.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_thread_locks: dict[str, threading.RLock] = {}
_held: threading.local = threading.local()
_guard = threading.Lock()


def _thread_lock(key: str) -> threading.RLock:
    with _guard:
        return _thread_locks.setdefault(key, threading.RLock())


@contextmanager
def write_lock(data_dir: Path) -> Iterator[None]:
    """Exclusive write access to the indexes in ``data_dir`` (re-entrant within a thread)."""
    with file_lock(data_dir, "write.lock"):
        yield


@contextmanager
def vectors_lock(data_dir: Path) -> Iterator[None]:
    """Exclusive right to make vectors in ``data_dir`` (phase 2; re-entrant within a thread)."""
    with file_lock(data_dir, "vectors.lock"):
        yield


@contextmanager
def file_lock(data_dir: Path, name: str) -> Iterator[None]:
    """An exclusive lock on ``<data_dir>/<name>`` across processes, re-entrant within a thread."""
    data_dir.mkdir(parents=True, exist_ok=True)
    key = os.path.join(str(data_dir.resolve()), name)
    depth: dict[str, int] = getattr(_held, "depth", None) or {}
    _held.depth = depth
    with _thread_lock(key):
        if depth.get(key):
            depth[key] += 1
            try:
                yield
            finally:
                depth[key] -= 1
            return
        fd = os.open(key, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            depth[key] = 1
            try:
                yield
            finally:
                depth[key] = 0
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
