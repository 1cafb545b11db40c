"""The lexical (BM25) index beside Chroma, over the same chunk ids.

Embedded Chroma has no sparse index, so we keep one with bm25s: built from the catalog's chunks,
written to a temporary folder and renamed into place (atomic), stamped with the catalog
generation it was built from and the analyzer version (``norwegian.ANALYZER_VERSION``: a digest of
the word tables) so a stale index — or one built with other stop words or nynorsk mappings — is
rebuilt instead of used.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.norwegian import ANALYZER_VERSION, DEFAULT_VARIANT, analyze, analyze_query


def lexical_text(text: str, section: tuple[str, ...], title: str, municipality: str) -> str:
    """What BM25 indexes for a chunk: its text, its section path, and the document's name."""
    return "\n".join([text, " ".join(section), title, municipality])


@dataclass
class LexicalIndex:
    ids: list[str]
    bm25: bm25s.BM25 | None
    variant: str = DEFAULT_VARIANT
    generation: int = 0

    @classmethod
    def build(cls, ids: list[str], texts: list[str], variant: str = DEFAULT_VARIANT, generation: int = 0) -> LexicalIndex:
        if not ids:
            return cls(ids=[], bm25=None, variant=variant, generation=generation)
        bm25 = bm25s.BM25()
        bm25.index([analyze(t, variant) or ["∅"] for t in texts], show_progress=False)
        return cls(ids=list(ids), bm25=bm25, variant=variant, generation=generation)

    def scores(self, question: str, thesaurus: bool = True) -> np.ndarray:
        """BM25 score of every chunk (aligned with ``ids``) for the analysed question."""
        if self.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        tokens = [t for t in analyze_query(question, self.variant, thesaurus) if t in self.bm25.vocab_dict]
        if not tokens:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def max_possible(self, question: str) -> float:
        """Score the question would get against itself-like text: sum of idf of its known tokens.
        Used to normalise scores into 0–1 evidence."""
        if self.bm25 is None:
            return 1.0
        tokens = [t for t in analyze_query(question, self.variant) if t in self.bm25.vocab_dict]
        return float(len(tokens)) or 1.0

    # --- persistence ----------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp / "bm25"))
        (tmp / "ids.json").write_text(
            json.dumps({"ids": self.ids, "variant": self.variant, "generation": self.generation,
                        "analyzer": ANALYZER_VERSION}), encoding="utf-8"
        )
        old = folder.with_name(folder.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if folder.exists():
            os.replace(folder, old)
        os.replace(tmp, folder)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        meta_path = folder / "ids.json"
        if not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("analyzer") != ANALYZER_VERSION:  # built with other word tables: rebuild
                return None
            bm25 = bm25s.BM25.load(str(folder / "bm25")) if meta["ids"] else None
        except (OSError, ValueError, KeyError):
            return None
        return cls(ids=meta["ids"], bm25=bm25, variant=meta["variant"], generation=meta["generation"])
