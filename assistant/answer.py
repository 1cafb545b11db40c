"""Answers with citations.

Extractive by default: the 1–4 sentences or list items from the top passages that best cover the
question, in document order per source, each followed by its marker [n]. When the evidence is
below ``settings.not_found_threshold`` the answer is the fixed NOT_FOUND sentence with the closest
passages as "kanskje relevant". With an LLM configured (assistant/llm.py) its answer is used when
every kept sentence cites a passage it was given; otherwise the extractive answer stands.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.citations import NOT_FOUND, attribution, source_label
from assistant.models import Answer, Citation, Filters, Hit
from assistant.norwegian import (ENGLISH, EVIDENCE_FILLER, QUERY_FILLER, STOPWORDS, THESAURUS, _stem, content_terms,
                                 english, rewrite_phrases, split_sentences, words)
from assistant.pages import quote_chunk
from assistant.retrieve import known_municipalities, named_municipalities, retrieve
from assistant.settings import Settings, get_settings
from assistant.store import Store, open_store

MAX_UNITS = 4
NOT_FOUND_EN = "I found nothing about this in the documents."

_NUMBER_Q = re.compile(r"\b(hvor mange|kor mange|hvor stor|kor stor|hvor høy|hvor mye|kor mykje|hvilket tall|andel|prosent|how many|how much|what share)\b", re.I)
_EN = frozenset("""what how does do which who is are the plan say says about of municipality when where why
many much in with there have has their its and or by from this these those will should would""".split())
_NOT_EN = frozenset("hva hvordan og i om kva er på av med hvor hvilke har det som".split())
_NN = frozenset("kva korleis kvifor kven ikkje eg dei ein eit skulen skule elevane seier kor mykje korfor".split())


def language(question: str) -> str:
    """'en', 'nn' or 'nb' — a word-list guess, enough to choose the answer's framing."""
    toks = set(re.findall(r"[a-zæøå]+", question.lower()))
    if len(toks & _EN) >= 2 and not toks & _NOT_EN:
        return "en"
    if toks & _NN:
        return "nn"
    return "nb"


# --- evidence ---------------------------------------------------------------------------------
@dataclass
class _TermStats:
    generation: int
    df: Counter
    n: int


_stats: dict[int, _TermStats] = {}


def _term_stats(store: Store) -> _TermStats:
    gen = store.catalog.generation
    st = _stats.get(id(store))
    if st is None or st.generation != gen:
        df: Counter = Counter()
        items = store.all_chunks()
        for chunk, meta in items:
            df.update(content_terms(f"{chunk.text} {' '.join(chunk.section)}"))
        st = _stats[id(store)] = _TermStats(gen, df, max(len(items), 1))
    return st


def _idf(st: _TermStats, term: str) -> float:
    return math.log(1 + (st.n - st.df.get(term, 0) + 0.5) / (st.df.get(term, 0) + 0.5))


@lru_cache(maxsize=4096)
def _synonyms(term: str) -> frozenset[str]:
    """The term and the stems of every thesaurus group it belongs to (cached: called per term,
    per passage unit)."""
    out = {term}
    for group in THESAURUS:
        stems = {_stem(g) for g in group}
        if term in stems:
            out |= stems
    return frozenset(out)


def _same_stem(a: str, b: str) -> bool:
    """Stems that differ only by a doubled final consonant: Snowball leaves «programmet» as
    «programm» but «program» as «program»."""
    if len(a) < 5 or len(b) < 5 or abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return long[:-1] == short and long[-1] == long[-2] and long[-1] not in "aeiouyæøå"


def _covered(term: str, text_terms: set[str], joined: str) -> bool:
    """A question term is covered by a text when the text has it, a synonym, a word containing
    it ("mobbing" in "antimobbing"), the same stem but for a doubled final consonant, or — for
    compounds — both of its parts ("trivsels|plan"), also inside one longer compound
    ("lands|snitt" in "landsgjennomsnitt")."""
    if term in text_terms:
        return True
    for syn in _synonyms(term):
        if syn in text_terms or (len(syn) >= 5 and syn in joined):
            return True
    if any(_same_stem(term, t) for t in text_terms if t[:4] == term[:4]):
        return True
    if len(term) >= 8:
        for i in range(4, len(term) - 3):
            left, right = term[:i], term[i:]
            left = left[:-1] if left.endswith(("s", "e")) and len(left) > 4 else left
            lefts = {left, _stem(left)} if len(_stem(left)) >= 4 else {left}
            starts = [t for t in text_terms if t.startswith(tuple(lefts))]
            if not starts:
                continue
            if any(t.startswith(right) for t in text_terms):
                return True
            if len(right) >= 4 and any(len(t) >= len(left) + len(right) + 2 and t.endswith(right) for t in starts):
                return True
    return False


_PROPER = re.compile(r"(?<!^)(?<![.?!] )\b([A-ZÆØÅ][a-zæøå]{2,})\b")


def unknown_names(question: str, store: Store) -> list[str]:
    """Capitalised names in the question (not its first word) that no document mentions:
    'Hamar', 'Nes' — a question about them cannot be answered from this corpus."""
    vocab = _term_stats(store).df
    names = [m.group(1) for m in _PROPER.finditer(question.strip())]
    # words() maps nynorsk forms ("Løtenskulen" → "løtenskolen") as the documents' terms were;
    # a capitalised function word starts a title inside the sentence («Mitt valg», «Alle med»): not a name
    return [n for n in names if not all(_stem(w) in vocab for w in words(n))
            and n.lower() not in ENGLISH and n.lower() not in STOPWORDS]


def query_terms(question: str, store: Store) -> list[str]:
    """The question's content stems, minus the municipality names (they scope, they don't answer).
    English questions are read through the glossary; English words it lacks are not counted."""
    munis = {_stem(m.lower()) for m in known_municipalities(store)}
    toks = [w for w in words(rewrite_phrases(question))
            if w not in STOPWORDS and w not in QUERY_FILLER and w not in EVIDENCE_FILLER]
    if language(question) == "en":
        vocab = _term_stats(store).df
        translated = [w for t in toks if english(t) for w in words(english(t))[:1]]
        toks = translated + [t for t in toks if not english(t) and _stem(t) in vocab]
    terms = [_stem(w) for w in toks]
    return [t for t in dict.fromkeys(terms) if t not in munis and len(t) > 1]


def coverage(terms: list[str], text: str, st: _TermStats) -> float:
    """idf-weighted share of the question's terms found in a text (compound parts count)."""
    if not terms:
        return 0.0
    tt = content_terms(text)
    joined = " ".join(tt)
    total = sum(_idf(st, t) for t in terms)
    got = sum(_idf(st, t) for t in terms if _covered(t, tt, joined))
    return got / total if total else 0.0


_ENUMERATION = re.compile(r"^\s*(?:-\s*)?\d{1,2}[.)]?(?:\s+(?=\D)|\s*$)")


def has_number(unit: str) -> bool:
    """A unit states a number — its own row or list number («10 Betydelig mindre …») does not count."""
    return bool(re.search(r"\d", _ENUMERATION.sub("", unit, count=1)))


def number_coverage(terms: list[str], hit: Hit, st: _TermStats) -> float | None:
    """For a "how many" question: the best coverage of a number's context — a unit (sentence,
    list item, table row) with a digit, two units either side and the section heading. None when
    the passage has no number."""
    us = units(hit.chunk.text)
    heading = " ".join(hit.chunk.section)
    scores = [coverage(terms, f"{' '.join(us[max(0, i - 2): i + 3])} {heading}", st)
              for i, u in enumerate(us) if has_number(u)]
    return max(scores) if scores else None


def evidence(question: str, hits: list[Hit], store: Store) -> float:
    """How well the best passage covers the question: 0–1, compared with the threshold. A "how
    many" question is judged by the context of the passage's numbers, not the whole passage."""
    st = _term_stats(store)
    if unknown_names(question, store):
        return 0.0
    terms = query_terms(question, store)
    wants_number = bool(_NUMBER_Q.search(question))
    best = 0.0
    for h in hits[:3]:
        c = coverage(terms, f"{h.chunk.text} {' '.join(h.chunk.section)}", st)
        if wants_number:
            near = number_coverage(terms, h, st)
            # a "how many" question needs a number that fits; without one a passage stays below 0.40
            c = c * 0.35 if near is None else near
        best = max(best, c)
    return best


# --- extractive answer -----------------------------------------------------------------------
def units(text: str) -> list[str]:
    """A passage split into answer units: list items, table rows and sentences."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        for line in para.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("- ") or " | " in line or line.startswith("#"):
                out.append(line)
            else:
                out.extend(split_sentences(line, before_digits=True))
    return out


@dataclass
class _Unit:
    hit_index: int
    position: int
    text: str
    score: float


def _score_units(question: str, hits: list[Hit], store: Store) -> list[_Unit]:
    st = _term_stats(store)
    terms = query_terms(question, store)
    wants_number = bool(_NUMBER_Q.search(question))
    scored = []
    for hi, hit in enumerate(hits):
        headings = set(hit.chunk.section)
        for pos, u in enumerate(units(hit.chunk.text)):
            if len(u) < 15 or u.startswith("#") or u in headings:
                continue
            s = coverage(terms, u, st)
            if wants_number and has_number(u):
                s += 0.15
            s -= 0.03 * hi  # earlier passages are better evidence
            if len(u) > 400:
                s -= 0.1
            scored.append(_Unit(hi, pos, u, s))
    return scored


def _pick(scored: list[_Unit], max_units: int = MAX_UNITS) -> list[_Unit]:
    if not scored:
        return []
    best = max(u.score for u in scored)
    chosen = [u for u in sorted(scored, key=lambda u: -u.score) if u.score >= max(0.5 * best, 0.2)][:max_units]
    return chosen or [max(scored, key=lambda u: u.score)]


def _compose(question: str, groups: list[tuple[str, list[Hit], list[_Unit]]]) -> tuple[str, list[Citation]]:
    """Text with [n] markers and the citations, numbered in order of first use."""
    citations: list[Citation] = []
    numbers: dict[str, int] = {}
    parts: list[str] = []
    for heading, hits, chosen in groups:
        lines: list[str] = []
        by_hit: dict[int, list[_Unit]] = {}
        for u in chosen:
            by_hit.setdefault(u.hit_index, []).append(u)
        for hi in sorted(by_hit, key=lambda i: min(u.hit_index for u in by_hit[i])):
            hit = hits[hi]
            cid = hit.chunk.id
            if cid not in numbers:
                numbers[cid] = len(numbers) + 1
                quoted = [u.text for u in sorted(by_hit[hi], key=lambda u: u.position)]
                citations.append(_citation(numbers[cid], hit, " ".join(quoted), quoted))
            for u in sorted(by_hit[hi], key=lambda u: u.position):  # document order within a source
                lines.append(f"{u.text} [{numbers[cid]}]")
        body = "\n".join(lines)
        parts.append(f"{heading}:\n{body}" if heading else body)
    return "\n\n".join(parts), citations


def _citation(n: int, hit: Hit, quote: str, parts: list[str] | None = None) -> Citation:
    c, m = quote_chunk(hit.chunk, parts or [quote]), hit.meta  # the pages of the quote (assistant/pages.py)
    return Citation(
        n=n, chunk_id=c.id, source=m.source, title=m.title, municipality=m.municipality,
        page=c.page_start if m.has_pages else None, page_label=c.page_label if m.has_pages else None,
        section=c.section_title, quote=quote, passage=c.text, label=source_label(m, c),
        page_end=c.page_end if m.has_pages else None, page_end_label=c.page_end_label if m.has_pages else None,
        ocr=c.ocr, attribution=attribution(m),
    )


def extractive_answer(question: str, hits: list[Hit], store: Store, per_municipality: list[str] | None = None,
                      groups_hits: dict[str, list[Hit]] | None = None) -> tuple[str, list[Citation]]:
    if per_municipality and groups_hits:
        groups = []
        for muni in per_municipality:
            mh = groups_hits.get(muni, [])
            groups.append((muni, mh, _pick(_score_units(question, mh, store), max_units=2)))
        return _compose(question, [g for g in groups if g[2]])
    return _compose(question, [("", hits, _pick(_score_units(question, hits, store)))])


def not_found_answer(question: str, hits: list[Hit], ev: float, mode: str = "extractive") -> Answer:
    text = NOT_FOUND if language(question) != "en" else f"{NOT_FOUND} ({NOT_FOUND_EN})"
    return Answer(question, False, text, [], hits, mode, ev)


# --- entry points ----------------------------------------------------------------------------
def ask(question: str, filters: Filters | None = None, k: int | None = None,
        settings: Settings | None = None, store: Store | None = None) -> Answer:
    """Answer a question from the indexed documents (the final answer of ``ask_stream``)."""
    final = None
    for final in ask_stream(question, filters, k, settings, store):
        pass
    assert final is not None
    return final


def ask_stream(question: str, filters: Filters | None = None, k: int | None = None,
               settings: Settings | None = None, store: Store | None = None) -> Iterator[Answer]:
    """Yield growing partial answers while an LLM streams, then the final, checked Answer.
    Without an LLM it yields the extractive answer once."""
    settings = settings or get_settings()
    store = store or open_store(settings)
    question = question.strip()
    hits = retrieve(question, filters, k, settings, store)
    ev = evidence(question, hits, store)

    named = named_municipalities(question, known_municipalities(store))
    compare = len(named) >= 2 and (filters is None or not filters.municipality)
    group_hits: dict[str, list[Hit]] = {}
    if compare:  # a question naming two or more municipalities is answered per municipality
        for muni in named:
            scoped = replace(filters or Filters(), municipality=(muni,))
            group_hits[muni] = retrieve(question, scoped, 4, settings, store, scope=False)
        ev = max(ev, sum(evidence(question, group_hits[m], store) for m in named) / len(named))
        merged = [h for m in named for h in group_hits[m][:3]]
        hits = merged + [h for h in hits if h.chunk.id not in {x.chunk.id for x in merged}]
    if not hits or ev < settings.not_found_threshold:
        yield not_found_answer(question, hits, ev)
        return
    text, citations = extractive_answer(question, hits, store, named if compare else None, group_hits)
    extractive = Answer(question, True, text, citations, hits, "extractive", ev)

    from assistant.llm import make_llm

    llm = make_llm(settings)
    if llm is None:
        yield extractive
        return
    yield from _llm_answer(question, hits, llm, settings, extractive)


def _llm_answer(question: str, hits: list[Hit], llm, settings: Settings, fallback: Answer) -> Iterator[Answer]:
    from assistant.errors import LlmUnavailable
    from assistant.llm import build_messages, validate_answer

    given = hits[: min(len(hits), 6)]
    messages = build_messages(question, [(i + 1, source_label(h.meta, h.chunk), h.chunk.text) for i, h in enumerate(given)])
    mode = f"llm:{llm.model}"
    text = ""
    try:
        for delta in llm.stream(messages, timeout=settings.llm_timeout):
            text += delta
            yield Answer(question, True, text, [], hits, mode, fallback.evidence)
    except LlmUnavailable:
        yield replace(fallback, mode="extractive (språkmodellen svarte ikke)")
        return
    cleaned, cited = validate_answer(text, set(range(1, len(given) + 1)))
    if cleaned.strip() == NOT_FOUND:
        yield Answer(question, False, NOT_FOUND, [], hits, mode, fallback.evidence)
        return
    if not cited:
        yield replace(fallback, mode="extractive (språkmodellen siterte ingen kilder)")
        return
    # renumber citations 1..m in order of use
    renum = {old: new for new, old in enumerate(cited, start=1)}
    cleaned = re.sub(r"\[(\d+)\]", lambda m: f"[{renum[int(m.group(1))]}]" if int(m.group(1)) in renum else "", cleaned)
    citations = [_citation(renum[n], given[n - 1], given[n - 1].chunk.text[:300]) for n in cited]
    yield Answer(question, True, cleaned, citations, hits, mode, fallback.evidence)
