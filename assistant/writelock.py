"""One writer at a time per data dir, across threads and processes.

``write_lock(data_dir)`` holds an exclusive ``flock`` on ``<data_dir>/write.lock`` (other
processes: a CLI ingest beside the app) and a per-process re-entrant lock (other threads: two
uploads in the app at once). Readers never take it: they read snapshots (SQLite WAL, tantivy
searchers). The kernel drops a ``flock`` when its process dies, so a ``kill -9`` never leaves the
data dir locked.
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
    data_dir.mkdir(parents=True, exist_ok=True)
    key = str(data_dir.resolve())
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
        fd = os.open(os.path.join(key, "write.lock"), os.O_RDWR | os.O_CREAT, 0o644)
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
