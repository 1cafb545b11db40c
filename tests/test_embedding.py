"""The embedding model is one setting: the packaged offline model, a local path, or a Hugging
Face name loaded from the local cache (never downloaded)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.embedding import make_embedder, model_path, prefixes, resolve_precision
from assistant.errors import ModelUnavailable
from assistant.settings import OFFLINE_MODEL, Settings
from tests.conftest import REPO


def test_offline_default_loads_and_embeds(settings: Settings) -> None:
    emb = make_embedder(settings)
    assert emb.is_offline_fallback and emb.dimension == 384
    q, p = emb.embed_query("mobbing i skolen"), emb.embed_passages(["Skolen arbeider mot mobbing."])[0]
    assert len(q) == len(p) == 384
    assert settings.effective_dense_weight == 0.0  # measured: the English model lowers recall on our set
    assert emb.model.max_length == 128 == settings.effective_embed_max_tokens  # its training length
    assert Settings(embedding_model="intfloat/multilingual-e5-small").effective_embed_max_tokens is None


def test_bfloat16_vectors_agree_with_float32(settings: Settings) -> None:
    """bfloat16 is a speed setting, not a different index: its vectors match float32's closely
    enough that the fingerprint need not tell them apart (and an index moves between machines)."""
    texts = ["Alle elever skal ha et trygt og godt skolemiljø.", "Kommunen skal redusere bruken av spesialundervisning.",
             "Tiltak: kurs i klasseledelse for alle lærere, ansvar rektor, frist 2025."]
    f32 = make_embedder(settings.model_copy(update={"embed_precision": "float32"}))
    b16 = make_embedder(settings.model_copy(update={"embed_precision": "bfloat16"}))
    assert (f32.precision, b16.precision) == ("float32", "bfloat16")
    for a, b in zip(f32.embed_passages(texts), b16.embed_passages(texts), strict=True):
        assert a != b  # really computed in another format
        assert sum(x * y for x, y in zip(a, b, strict=True)) > 0.995  # unit vectors: this is the cosine
    assert resolve_precision("float32") == "float32" and resolve_precision("bfloat16") == "bfloat16"
    assert resolve_precision("auto") in {"float32", "bfloat16"}


def test_e5_models_get_their_prefixes() -> None:
    s = Settings(embedding_model="intfloat/multilingual-e5-small")
    assert prefixes(s) == ("query: ", "passage: ")
    assert s.effective_dense_weight == 1.0
    assert prefixes(Settings(embedding_model="NbAiLab/nb-sbert-base")) == ("", "")
    assert prefixes(Settings(embedding_model="intfloat/multilingual-e5-small", query_prefix="")) == ("", "passage: ")


def test_missing_model_is_a_clear_error_not_a_download() -> None:
    s = Settings(embedding_model="finnes-ikke/norsk-modell-xyz")
    with pytest.raises(ModelUnavailable) as err:
        make_embedder(s)
    assert "finnes-ikke/norsk-modell-xyz" in str(err.value) and "lokalt" in str(err.value)


def test_model_named_by_hub_id_loads_from_local_cache(tmp_path: Path) -> None:
    """Lay the packaged model out as a Hugging Face cache entry under a hub name, then load it by
    that name in a fresh process with HF_HOME pointing there and the hub offline."""
    snapshot = tmp_path / "hub" / "models--lokal--norsk-e5-test" / "snapshots" / "abc123"
    shutil.copytree(model_path(OFFLINE_MODEL), snapshot)
    (snapshot.parents[1] / "refs").mkdir()
    (snapshot.parents[1] / "refs" / "main").write_text("abc123")
    env = {**os.environ, "HF_HOME": str(tmp_path), "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(REPO),
           "ASSISTANT_EMBEDDING_MODEL": "lokal/norsk-e5-test"}
    code = ("from assistant.settings import get_settings; from assistant.embedding import make_embedder, prefixes;"
            "s=get_settings(); e=make_embedder(s); print(e.dimension, e.is_offline_fallback, prefixes(s))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[:2] == ["384", "False"]
    assert "query: " in out.stdout  # an e5 name gets its prefixes
