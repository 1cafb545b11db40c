"""The dictd file format Debian's FreeDict dictionaries install: ``.index`` lines «headword TAB offset TAB
length» (base-64 numbers) into ``.dict.dz`` (gzip) or ``.dict``. Read by assistant/dictionary.py (English–
Norwegian, and the Swedish pivot through it) and assistant/nynorsk.py (nynorsk–bokmål); no assistant imports here,
so both can use it (assistant/norwegian.py imports nynorsk.py, dictionary.py imports norwegian.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

_B64 = {c: i for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")}


def _b64(text: str) -> int:
    n = 0
    for c in text:
        n = n * 64 + _B64[c]
    return n


def read_dictd(index_path: Path, dict_path: Path) -> tuple[bytes, list[tuple[str, int, int]]]:
    """The decompressed data and the index's entries (headword as written, offset, length) in index order, the
    database's own header entries («00-database-…») left out."""
    if dict_path.suffix == ".dz":
        with gzip.open(dict_path) as f:
            raw = f.read()
    else:
        raw = dict_path.read_bytes()
    rows: list[tuple[str, int, int]] = []
    for line in index_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or parts[0].startswith(("00database", "00-database")):
            continue
        rows.append((parts[0], _b64(parts[1]), _b64(parts[2])))
    return raw, rows
