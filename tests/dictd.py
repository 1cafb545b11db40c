"""A tiny dictd database written for a test, in the format Debian's FreeDict packages install (``.index`` with
base-64 offsets and lengths, gzip'ed ``.dict.dz``), so the product's real dictionary readers read it."""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if n == 0:
            return out


def write_dictd_entries(prefix: Path, entries: Iterable[tuple[str, str]]) -> Path:
    """A dictd database at ``prefix`` (.index + .dict.dz) holding ``entries`` (headword, entry text) in their
    order, as dictfmt writes it; a headword may repeat."""
    header = "00-database-info\nA test dictionary\n"
    body, index = header.encode(), [f"00databaseinfo\t{_b64(0)}\t{_b64(len(header.encode()))}"]
    for head, text in entries:
        data = text.encode()
        index.append(f"{head}\t{_b64(len(body))}\t{_b64(len(data))}")
        body += data
    Path(f"{prefix}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(f"{prefix}.dict.dz", "wb") as f:
        f.write(body)
    return prefix
