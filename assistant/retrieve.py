"""retrieve(question, filters) -> list[Hit]: lexical BM25 and Chroma vector search, fused by
weighted reciprocal rank or weighted min-max scores (``fusion`` setting), filtered by document,
municipality, kind and year.

Weights come from settings (``lexical_weight``, ``dense_weight``); the defaults were chosen by
``python -m eval retrieval`` (see README). With dense weight 0 the embedding model is never
loaded at query time.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from assistant.dictionary import reader_for
from assistant.embedding import make_embedder
from assistant.errors import ModelUnavailable
from assistant.language import Language, detect_language
from assistant.lexical import LexicalIndex
from assistant.models import DocumentMeta, Filters, Hit
from assistant.norwegian import lexical_english
from assistant.query import Query, known_municipalities, named_municipalities
from assistant.settings import Settings, get_settings
from assistant.store import Store, open_store
from assistant.termstats import term_stats

log = logging.getLogger(__name__)

CANDIDATES = 50  # per ranking, before fusion


def _allowed_docs(store: Store, filters: Filters | None) -> list[str] | None:
    """The documents the filters let through (None: no filter)."""
    if filters is None or filters.is_empty():
        return None
    return [m.doc_id for m in store.docs() if matches(m, filters)]


def matches(meta: DocumentMeta, filters: Filters) -> bool:
    if filters.municipality and meta.municipality not in filters.municipality:
        return False
    if filters.kind and meta.kind not in filters.kind:
        return False
    if filters.doc_ids and meta.doc_id not in filters.doc_ids:
        return False
    if filters.year and meta.year != filters.year:
        return False
    return True


def lexical_ranking(store: Store, question: str, filters: Filters | None, n: int = CANDIDATES,
                    thesaurus: bool = True, lexical: LexicalIndex | None = None) -> list[tuple[str, float]]:
    return store.lexical_search(question, n, _allowed_docs(store, filters), thesaurus, lexical)


def dense_ranking(store: Store, settings: Settings, question: str, filters: Filters | None,
                  n: int = CANDIDATES) -> list[tuple[str, float]]:
    try:
        embedding = make_embedder(settings).embed_query(question)
    except ModelUnavailable as exc:  # the question is still answered, from the lexical ranking
        log.warning("Embeddingmodellen kan ikke brukes (%s); svarer med det leksikalske søket alene", exc)
        return []
    try:
        result = store.vectors_for_reading().query(embedding, n, filters)
    except Exception as exc:  # noqa: BLE001 - a stale or unreachable vector index must not fail the question
        log.warning("Vektorsøket feilet (%s); leser vektorindeksen på nytt", exc)
        store.reopen_vectors()
        try:
            result = store.vectors_for_reading().query(embedding, n, filters)
        except Exception as again:  # noqa: BLE001
            log.warning("Vektorsøket feilet igjen (%s); svarer med det leksikalske søket alene", again)
            return []
    visible = store.chunks([cid for cid, _ in result])  # only complete documents
    return [(cid, s) for cid, s in result if cid in visible]


def fuse(rankings: list[tuple[list[tuple[str, float]], float]], rrf_k: int) -> list[tuple[str, float, list[int | None]]]:
    """Weighted reciprocal-rank fusion: score(d) = Σ w / (k + rank). Returns (id, score, ranks)."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for r, (ranking, weight) in enumerate(rankings):
        for rank, (cid, _) in enumerate(ranking, start=1):
            ranks.setdefault(cid, [None] * len(rankings))[r] = rank
            if weight > 0:
                scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank)
    order = sorted(scores, key=lambda c: -scores[c])
    return [(cid, scores[cid], ranks[cid]) for cid in order]


def fuse_minmax(rankings: list[tuple[list[tuple[str, float]], float]]) -> list[tuple[str, float, list[int | None]]]:
    """Weighted min-max fusion: each ranking's scores scaled to 0–1 over its own candidates,
    score(d) = Σ w · scaled (0 where d is not a candidate). Unlike RRF it keeps how far apart the
    scores are, so a weak ranking at a small weight only reorders near-ties of the strong one.
    Returns (id, score, ranks) like :func:`fuse`."""
    scores: dict[str, float] = {}
    ranks: dict[str, list[int | None]] = {}
    for r, (ranking, weight) in enumerate(rankings):
        if not ranking:
            continue
        values = [s for _, s in ranking]
        low, span = min(values), max(values) - min(values)
        for rank, (cid, score) in enumerate(ranking, start=1):
            ranks.setdefault(cid, [None] * len(rankings))[r] = rank
            if weight > 0:
                scaled = (score - low) / span if span > 0 else 1.0
                scores[cid] = scores.get(cid, 0.0) + weight * scaled
    order = sorted(scores, key=lambda c: -scores[c])
    return [(cid, scores[cid], ranks[cid]) for cid in order]


def dense_seat(fused: list[tuple[str, float, list[int | None]]], dense: list[tuple[str, float]],
               k: int) -> list[tuple[str, float, list[int | None]]]:
    """The dense ranking's best passage takes the last of the ``k`` seats when the fusion left it out.

    For an English question: BM25 reads it through the glossary's Norwegian words, so a passage that
    says the thing in other words can be missing from its 50 candidates and then gets at most the dense
    weight after min-max fusion, below a dozen passages sharing a translated word with the question;
    the multilingual dense ranking is the only one that reads the question's own words (dev realdocs
    English: the gold passage at dense rank 1 and fused rank 10–13 in three questions)."""
    if not dense or k < 1:
        return fused
    best = dense[0][0]
    at = next((i for i, (cid, _, _) in enumerate(fused) if cid == best), None)
    if at is None or at < k:
        return fused
    return [*fused[:k - 1], fused[at], *(f for i, f in enumerate(fused) if i >= k - 1 and i != at)]


def retrieve(
    question: str | Query,
    filters: Filters | None = None,
    k: int | None = None,
    settings: Settings | None = None,
    store: Store | None = None,
    lexical_weight: float | None = None,
    dense_weight: float | None = None,
    scope: bool = True,
    lexical: LexicalIndex | None = None,
    thesaurus: bool = True,
    fusion: str | None = None,
) -> list[Hit]:
    """The top-k passages for a question (text, or a Query analysed once by assistant/query.py),
    best first. ``scope``: a question naming exactly one municipality of the corpus ("… i Åmot?")
    searches that municipality's (and national) documents. ``lexical``, ``thesaurus`` and
    ``fusion`` let the evaluation compare variants."""
    settings = settings or get_settings()
    store = store or open_store(settings)
    k = k or settings.top_k
    wl = settings.lexical_weight if lexical_weight is None else lexical_weight
    wd = settings.effective_dense_weight if dense_weight is None else dense_weight
    if isinstance(question, Query):
        named = list(question.municipalities)
        language = question.language
        question = question.text
    else:
        named = named_municipalities(question, known_municipalities(store), term_stats(store).df)
        language = detect_language(question)
    # an English question is searched lexically in its Norwegian words (its meaning reaches the dense ranking)
    if language == Language.EN:
        reader = reader_for(store)
        lexical_text = lexical_english(question, reader, reader.compounds, reader.in_context)
    else:
        lexical_text = question
    if scope and (filters is None or not filters.municipality) and len(named) == 1:
        national = tuple(m.doc_id for m in store.docs() if not m.municipality)
        filters = _scoped(filters, named[0], store, national)

    lexical_hits = lexical_ranking(store, lexical_text, filters, thesaurus=thesaurus,
                                   lexical=lexical) if wl > 0 else []
    dense = dense_ranking(store, settings, question, filters) if wd > 0 else []
    lex_scores = dict(lexical_hits)
    hits: list[Hit] = []
    rankings = [(lexical_hits, wl), (dense, wd)]
    fused = fuse_minmax(rankings) if (fusion or settings.fusion) == "minmax" else fuse(rankings, settings.rrf_k)
    if language == Language.EN and wd > 0:
        fused = dense_seat(fused, dense, k)
    items = store.chunks([cid for cid, _, _ in fused[:k + 10]])  # read by id; a few spare for removed ones
    for cid, score, (lr, dr) in fused[:k + 10]:
        if (item := items.get(cid)) is not None and len(hits) < k:
            chunk, meta = item
            hits.append(Hit(chunk, meta, score, len(hits) + 1, lr, dr, lex_scores.get(cid, 0.0)))
    return hits


def _scoped(filters: Filters | None, municipality: str, store: Store, national: tuple[str, ...]) -> Filters:
    """Filters limited to one municipality's documents plus national ones."""
    own = tuple(m.doc_id for m in store.docs() if m.municipality == municipality)
    base = filters or Filters()
    doc_ids = tuple(d for d in own + national if not base.doc_ids or d in base.doc_ids)
    return replace(base, doc_ids=doc_ids or base.doc_ids)
