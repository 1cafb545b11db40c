"""The running app's context — settings, access rules, work folder, the background vector filler —
and the one error handler every handler uses."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from assistant import display
from assistant.access import Access
from assistant.errors import AssistantError
from assistant.settings import Settings, get_settings
from ui.vectors import VectorFiller

log = logging.getLogger("planassist.app")


@dataclass
class AppContext:
    settings: Settings
    access: Access
    work: Path  # rendered pages and exports (the only folder Gradio may serve files from)
    vectors: VectorFiller  # phase 2 of ingest, in the background: one run at a time
    write_lock: threading.Lock = field(default_factory=threading.Lock)  # one upload/removal at a time here
    startup_note: str = ""
    started: threading.Event = field(default_factory=threading.Event)  # the start-up work is done
    startup_thread: threading.Thread | None = None

    @property
    def working(self) -> bool:
        """Background work the status line follows: the start-up work or the vectors."""
        starting = self.startup_thread is not None and not self.started.is_set()
        return starting or self.vectors.busy

    def finish_background(self) -> None:
        """Wait for the start-up work and the background vectors (tests, before the data dir goes)."""
        if self.startup_thread is not None:
            self.startup_thread.join()
        self.vectors.wait()


_CTX: AppContext | None = None


def configure(settings: Settings, access: Access | None = None, work: Path | None = None) -> AppContext:
    """Set the context the handlers use (build_app calls it; tests may too). Starts nothing."""
    global _CTX
    if work is None:
        work = Path(tempfile.mkdtemp(prefix="planassist-app-"))
        atexit.register(shutil.rmtree, work, ignore_errors=True)  # rendered pages and exports go with the app
    _CTX = AppContext(settings, access or Access(), work, VectorFiller(settings))
    return _CTX


def context() -> AppContext:
    if _CTX is None:
        return configure(get_settings())
    return _CTX


def failure(exc: BaseException, what: str) -> str:
    """The one error handler: log unexpected errors with their traceback, return the user's sentence."""
    if not isinstance(exc, AssistantError):
        log.exception("%s feilet", what)
    return display.friendly_error(exc)
