"""Answers with citations — the orchestration: ask(question) -> Answer.

The question is analysed once (assistant/query.py). A named § is looked up exactly in the
collection's laws (assistant/laws.py); otherwise the passages are retrieved (assistant/retrieve.py),
the answer is composed from their structure (assistant/compose.py) and the not-found decision
(assistant/evidence.py) judges what the user would read against ``settings.not_found_threshold``.
A law or white paper the question names that is not in the collection is said first. English
questions get an English frame, labels and not-found sentence; quotes stay Norwegian. With an LLM
configured (assistant/llm/) its answer is used when it cites the passages it was given;
otherwise the extractive answer stands, with the reason (models.Fallback).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from assistant.citations import llm_citation, missing_text, not_found_text, source_label
from assistant.compose import EN_FRAME, Composition, compose, render
from assistant.docnamed import missing_plans
from assistant.evidence import Decision, decide
from assistant.language import Language
from assistant.laws import law_filter, missing_references, paragraph_pieces
from assistant.meaning import MEANING_THRESHOLD, Meaning, read_meaning, uses_meaning
from assistant.models import Answer, Fallback, Filters, Hit, NotFoundReason
from assistant.names import name_vocabulary
from assistant.query import QUANTITY_KINDS, Query, QuestionKind, analyse, query_terms
from assistant.retrieve import retrieve
from assistant.settings import Settings, get_settings
from assistant.store import Store, open_store
from assistant.termstats import TermStats, term_stats

LOCAL_INTRO = {Language.EN: "What the local documents say (in Norwegian):"}
LOCAL_INTRO_NB = "Dette sier de lokale dokumentene:"


def ask(question: str, filters: Filters | None = None, k: int | None = None,
        settings: Settings | None = None, store: Store | None = None) -> Answer:
    """Answer a question from the indexed documents (the final answer of ``ask_stream``)."""
    final = None
    for final in ask_stream(question, filters, k, settings, store):  # noqa: B007 - the last one is the answer
        pass
    assert final is not None
    return final


def _with_missing(text: str, missing: list[str], language: Language) -> str:
    """«Opplæringslova er ikke lagt inn …» first, then what the local documents say."""
    if not missing:
        return text
    intro = LOCAL_INTRO.get(language, LOCAL_INTRO_NB)
    body = text.removeprefix(EN_FRAME).lstrip("\n")
    return f"{missing_text(missing, language)}\n{intro}\n{body}"


def _not_found(query: Query, hits: list[Hit], evidence: float, reason: NotFoundReason | None,
               missing: list[str]) -> Answer:
    text = not_found_text(query.language)
    if missing:
        text = f"{missing_text(missing, query.language)} {text}"
    return Answer(query.text, False, text, [], hits, "extractive", evidence, not_found_reason=reason,
                  language=query.language, missing=tuple(missing))


def _decide(query: Query, hits: list[Hit], comp: Composition, st: TermStats, settings: Settings,
            meaning: Meaning | None = None) -> Decision:
    """The not-found decision on what the user would read: a question asking for a number, amount or date is judged
    on the unit holding it, others on the passage; with ``meaning``, also by the best cosine of a quoted unit."""
    asks_quantity = query.kind in QUANTITY_KINDS
    quoted = None if meaning is None else max(
        (c for p in comp.pieces for c in meaning.units_of(p.hit.chunk.id, p.units)), default=0.0)
    return decide(query, hits, comp.piece_texts(whole_passage=not asks_quantity,
                                                quantity=query if asks_quantity else None), st,
                  settings.not_found_threshold, quoted, MEANING_THRESHOLD, [u.text for p in comp.pieces for u in p.units])


def extractive(query: Query, filters: Filters | None, k: int | None, settings: Settings, store: Store) -> Answer:
    """The answer without a language model."""
    st = term_stats(store)
    missing = missing_references(query, store) + list(query.unknown_municipalities)  # «Nes kommune er ikke lagt inn …»
    # «Hva sier oppvekstplanen i Harstad om …» where Harstad has no such plan: «Oppvekstplanen i Harstad er ikke …»
    missing += missing_plans(query.text, query.municipalities, store.docs(), query.english)
    if query.kind == QuestionKind.LAW:  # exact lookup of the § first
        pieces, law_hits = paragraph_pieces(query, store, st)
        if pieces:
            quoted = render([("", pieces)], query.language)
            return Answer(query.text, True, _with_missing(quoted.text, missing, query.language), quoted.citations,
                          law_hits, "extractive", 1.0, language=query.language, missing=tuple(missing))
    if missing and not query.terms:  # «Hva sier opplæringslova § 12-4?» without the law: where plans cite it
        query = replace(query, terms=tuple(query_terms(" ".join(missing), store, query.language, keep_references=True)))
    scoped = law_filter(query, store, filters)
    hits = retrieve(query, scoped, k, settings, store)
    groups: dict[str, list[Hit]] | None = None
    if query.kind == QuestionKind.COMPARE and not (filters and filters.municipality):
        groups = {m: retrieve(query, replace(filters or Filters(), municipality=(m,)), 4, settings, store, scope=False)
                  for m in query.municipalities}
        merged = [h for m in query.municipalities for h in groups[m][:3]]
        hits = merged + [h for h in hits if h.chunk.id not in {x.chunk.id for x in merged}]
    comp: Composition = compose(query, hits, st, groups)
    decision = _decide(query, hits, comp, st, settings)
    if not decision.found and groups is None and uses_meaning(query, settings):
        # an English question whose words the glossary does not read: its units chosen and judged by meaning
        # (assistant/meaning.py) — only then, so the embedding's cost is paid where the words give no evidence
        meaning = read_meaning(query, hits, settings)
        if meaning is not None:
            by_meaning = compose(query, hits, st, meaning=meaning)
            judged = _decide(query, hits, by_meaning, st, settings, meaning)
            if judged.found:
                comp, decision = by_meaning, judged
    if not decision.found or not comp.text:
        return _not_found(query, hits, decision.evidence, decision.reason, missing)
    return Answer(query.text, True, _with_missing(comp.text, missing, query.language), comp.citations, hits,
                  "extractive", decision.evidence, language=query.language, missing=tuple(missing))


#: What the app asks itself at start-up (``ingest.background.warm_up``) and the eval before it times questions: one
#: question in each language, so the first user's question does not pay for reading the term statistics and, for an
#: English one, the dictionaries (FreeDict eng-nor, the Swedish pivot) and WordNet — measured on the eval's plan
#: index (load ≈ 1): the first English question 217 ms, the next ones 53–74 ms.
WARM_UP_QUESTIONS = ("Hva er målet med planen?", "What are the goals of the plan?")


def warm_answers(settings: Settings, store: Store) -> None:
    """Answer ``WARM_UP_QUESTIONS`` without a language model (none is called at start-up; the answers are dropped)
    and read the collection's names (``assistant.names``)."""
    for question in WARM_UP_QUESTIONS:
        extractive(analyse(question, store), None, None, settings, store)
    name_vocabulary(store)  # the collection's names, read for the first question naming one otherwise spelt


def ask_stream(question: str, filters: Filters | None = None, k: int | None = None,
               settings: Settings | None = None, store: Store | None = None) -> Iterator[Answer]:
    """Yield growing partial answers while an LLM streams, then the final, checked Answer.
    Without an LLM it yields the extractive answer once."""
    settings = settings or get_settings()
    store = store or open_store(settings)
    query = analyse(question, store)
    answer = extractive(query, filters, k, settings, store)
    if not answer.found or (query.kind == QuestionKind.LAW and answer.evidence >= 1.0):
        yield answer  # not found, or a § quoted as the law has it (no language model in between)
        return
    from assistant.llm import make_llm

    llm = make_llm(settings)
    if llm is None:
        yield answer
        return
    yield from _llm_answer(query, answer.passages, llm, settings, answer)


def _llm_answer(query: Query, hits: list[Hit], llm, settings: Settings, fallback: Answer) -> Iterator[Answer]:
    from assistant.errors import LlmUnavailable
    from assistant.llm import build_messages, validate_answer

    question = query.text
    given = hits[: min(len(hits), 6)]
    messages = build_messages(question, [(i + 1, source_label(h.meta, h.chunk), h.chunk.text) for i, h in enumerate(given)],
                              query.language)
    mode = f"llm:{llm.model}"
    text = ""
    try:
        for delta in llm.stream(messages, timeout=settings.llm_timeout):
            text += delta
            yield Answer(question, True, text, [], hits, mode, fallback.evidence, language=query.language)
    except LlmUnavailable:
        yield replace(fallback, fallback=Fallback.LLM_UNAVAILABLE)
        return
    checked = validate_answer(text, set(range(1, len(given) + 1)))
    cleaned, cited = checked.text, checked.cited
    if cleaned.strip() == not_found_text(Language.NB):
        yield _not_found(query, hits, fallback.evidence, None, list(fallback.missing))
        return
    if not cited:
        yield replace(fallback, fallback=Fallback.LLM_NO_CITATIONS)
        return
    # renumber citations 1..m in order of use
    renum = {old: new for new, old in enumerate(cited, start=1)}
    cleaned = re.sub(r"\[(\d+)\]", lambda m: f"[{renum[int(m.group(1))]}]" if int(m.group(1)) in renum else "", cleaned)
    citations = [llm_citation(renum[n], given[n - 1], cleaned, query.language) for n in cited]  # pages of what it says
    yield Answer(question, True, _with_missing(cleaned, list(fallback.missing), query.language), citations, hits, mode,
                 fallback.evidence, language=query.language, missing=fallback.missing)
