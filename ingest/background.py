"""Ingest's phase 2 in the background: the vectors for dense search, made while the app answers
questions («søkbar først»), and the app's start-up work (``start_up``).

The app never waits for vectors. At start it fills what is missing (an ingest stopped by
``kill -9`` in phase 2, a run with ``ASSISTANT_INGEST_VECTORS=off`` before); after an upload's
phase 1 (the documents are searchable by words at once) it fills the new documents. Both go
through ``VectorFiller.request``: at most one background thread runs ``ingest.run.add_vectors``
(the same phase-2 function the CLI's ingest ends with) — a request while it runs makes it run once
more when done, so documents added meanwhile are not left out, and two phase-2 runs never embed
the same documents at once. Each document's vectors are stored under the data dir's write lock
(``Store.put_vectors``), so uploads, removals and a CLI ingest beside the app stay ordered.
``snapshot()`` and ``fill_note`` are what the app's status line shows. Plain Python, no Gradio.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant import display
from assistant.answer import warm_answers
from assistant.embedding import make_embedder
from assistant.errors import AssistantError
from assistant.models import IngestReport
from assistant.retrieve import dense_ranking
from assistant.settings import Settings
from assistant.store import Store, open_store

log = logging.getLogger("planassist.ingest")

#: ``fill(settings, progress) -> report``: phase 2 (``ingest.run.add_vectors``).
Fill = Callable[[Settings, Callable[[float, str], None]], IngestReport]


@dataclass(frozen=True)
class FillState:
    """What the background fill is doing, for the status line."""

    busy: bool = False
    reason: str = ""  # why it runs: "oppstart" or "opplasting"
    fraction: float = 0.0  # of this run's chunks embedded
    message: str = ""  # phase 2's own progress message («… dokument 2 av 5, tekstbit 17 av 120 (plan.pdf)»)
    error: str = ""  # why the last run made no vectors (the documents stay searchable by words)


def _add_vectors(settings: Settings, progress: Callable[[float, str], None]) -> IngestReport:
    from ingest.run import add_vectors

    return add_vectors(settings, progress)


class VectorFiller:
    """One background phase-2 run at a time for the app's data dir."""

    def __init__(self, settings: Settings, fill: Fill | None = None) -> None:
        self.settings = settings
        self._fill = fill or _add_vectors
        self._lock = threading.Lock()
        self._again = ""  # the reason of a request that came while a run was going: run once more
        self._thread: threading.Thread | None = None
        self._state = FillState()

    def request(self, reason: str) -> bool:
        """Fill missing vectors in the background. True when a new run started; False when one
        is running (it runs once more when done) or vectors are off."""
        if self.settings.ingest_vectors == "off":
            return False
        with self._lock:
            if self._state.busy:
                self._again = reason
                return False
            self._state = FillState(busy=True, reason=reason)
            self._thread = threading.Thread(target=self._run, name="vektorer", daemon=True)
            self._thread.start()
            return True

    def snapshot(self) -> FillState:
        with self._lock:
            return self._state

    @property
    def busy(self) -> bool:
        return self.snapshot().busy

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no run is going (for shutdown and tests). True when idle."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.busy

    def _progress(self, fraction: float, message: str) -> None:
        with self._lock:
            s = self._state
            self._state = FillState(True, s.reason, fraction, message)

    def _run(self) -> None:
        while True:
            error = ""
            try:
                report = self._fill(self.settings, self._progress)
                error = report.vectors_error
                if report.embedded_chunks:
                    log.info("vektorer laget for %d tekstbiter (%s)", report.embedded_chunks, self._state.reason)
            except Exception as exc:  # the documents stay searchable by words; the status line says why
                if not isinstance(exc, AssistantError):
                    log.exception("vektorene feilet")
                error = display.friendly_error(exc)
            with self._lock:
                if not self._again:
                    self._state = FillState(error=error)
                    return
                self._state = FillState(busy=True, reason=self._again)
                self._again = ""


def fill_note(state: FillState, waiting: int) -> str:
    """The status line's words for the background fill, ``waiting`` documents lacking vectors
    ("" when idle without error, or when a fill finds nothing to do)."""
    if state.busy and (waiting or state.message):
        where = "Ved oppstart: lager" if state.reason == "oppstart" else "Lager"
        text = f"{where} vektorer for semantisk søk i bakgrunnen"  # the count beside it says they are found by words
        _, _, detail = state.message.partition("Lager vektorer for semantisk søk:")
        if detail.strip():  # phase 2's own words: «dokument 2 av 5, tekstbit 17 av 120 (plan.pdf)»
            text += f" ({round(100 * state.fraction)} %: {detail.strip()})"
        return text
    if state.error:
        return (f"Vektorene for semantisk søk kunne ikke lages: {state.error.rstrip('.')}. Dokumentene finnes med "
                "ordsøk; neste opplasting eller omstart av appen prøver igjen.")
    return ""


def start_up(settings: Settings, write_lock: threading.Lock, filler: VectorFiller) -> str:
    """The app's start-up work, run in a background thread while it answers: finish or report the
    uploads a crash interrupted (phase 1, under ``write_lock``), open the lexical index, fill the
    missing vectors (``filler``, waited for), then warm up the searches (``warm_up``).
    Returns the note for the status line about interrupted uploads ("" when there were none)."""
    from ingest.uploads import recover_uploads

    note = ""
    with write_lock:
        report = recover_uploads(settings, vectors=False)
    if report is not None:
        note = f"Ved oppstart – avbrutte opplastinger: {display.report_summary(report)}"
        for f in report.files:
            log.warning("avbrutt opplasting: %s: %s %s", Path(f.path).name, f.status, f.reason)
    store = open_store(settings)
    store.refresh()
    filler.request("oppstart")
    filler.wait()
    if store.catalog.documents():
        warm_up(store, settings)
    return note


def warm_up(store: Store, settings: Settings) -> None:
    """Before the first user's question: read the lexical index and the catalog into the page
    cache (``Store.prefetch``), then one search of each kind — it loads the embedding model and
    makes Chroma (a server after its restart, or the embedded one in this process) load the
    collection's vector index: at 10⁶ chunks a freshly started server spent 1–2 min reading its
    index on the first request (README, "Scale"); then one question in each language answered without a language
    model (``assistant.answer.warm_answers``), so the first English question does not read the dictionaries."""
    t = time.perf_counter()
    read = store.prefetch()
    log.info("oppvarming: %.0f MB lest inn på %.1f s", read / 1e6, time.perf_counter() - t)
    store.lexical_search("plan", 1)
    if settings.effective_dense_weight > 0:
        make_embedder(settings)  # loaded by the fill already when it embedded something
        dense_ranking(store, settings, "plan", None, n=1)
    warm_answers(settings, store)  # term statistics; the English dictionaries and WordNet (assistant/answer.py)
