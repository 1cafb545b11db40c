"""The not-found decision: does what we would answer actually cover the question?

``coverage`` (assistant/coverage.py) is the idf-weighted share of the question's terms a text covers (compounds,
synonyms, nynorsk forms and doubled consonants understood). The evidence of an answer is the
coverage of the text the user would read — the chosen units with their lead line, table header,
section heading and document title — not of the whole passage, so a passage that mentions the
topic but not what was asked («hva koster …» where no amount is given) stays below the threshold.
A question asking for a number, an amount or a date needs one in the answer; «hvem er <rolle>» a person's name;
«hvor ofte» a frequency (assistant/quantities.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.askedfor import asked_role, asks_level, has_level, says_role
from assistant.coverage import AMOUNT_TERMS, SHARE_TERMS, coverage, covered_terms, share, unknown_share
from assistant.models import Hit, NotFoundReason
from assistant.norwegian import _stem
from assistant.quantities import (
    asks_frequency,
    has_frequency,
    has_number,
    has_person,
    has_quantity,
    says_unknown,
    share_group,
)
from assistant.query import QUANTITY_KINDS, Query, QuestionKind
from assistant.termstats import TermStats

# the coverage and quantity helpers are read from here by the composer's modules and the tests
__all__ = ["AMOUNT_TERMS", "NATIONAL_FOR_MUNICIPALITY", "SHARE_TERMS", "UNKNOWN_TOPIC_SHARE", "Decision",
           "asked_topic", "asks_frequency", "coverage", "covered_terms", "decide", "decide_lexical", "has_frequency",
           "has_number", "has_person", "has_quantity", "names_any", "share", "share_group", "unknown_share"]


@dataclass(frozen=True)
class Decision:
    found: bool
    evidence: float  # 0–1, compared with settings.not_found_threshold
    reason: NotFoundReason | None = None


#: A question whose never-mentioned topic words carry this share of its weight is declined.
UNKNOWN_TOPIC_SHARE = 0.4

#: Weight of a national document's coverage for a question naming a municipality (and no law or white paper): below
#: the not-found threshold — a national text says what every municipality must do, not what the named one does
#: («Hva gjør Lier mot ensomhet blant eldre?» is not answered by a white paper's eldresentre; dev r300, r302 — 0.5,
#: chosen in round 5 on r114, let them through; no answerable dev question moved).
NATIONAL_FOR_MUNICIPALITY = 0.35



def names_any(names: tuple[str, ...], text: str) -> bool:
    """The text names one of the municipalities / bodies (as a word, also in the genitive: «Liers», «Sametingets»);
    a name of several words by its first («Telemark fylkeskommune» → «Telemark»)."""
    return any(re.search(rf"\b{re.escape(name.split()[0])}s?\b", text) for name in names if name.split())

def decide(query: Query, hits: list[Hit], pieces: list[tuple[str, str, bool]], st: TermStats,
           threshold: float, meaning: float | None = None, meaning_threshold: float = 1.0,
           read: list[str] | None = None) -> Decision:
    """Answer or «not found». The evidence is that of the best piece the user would read: the
    coverage of its context (quoted units, lead line / table header, section path, document title),
    times 0.35 when the question asks for a number, an amount, a date or a person's name and the
    piece's quoted units hold none — so a passage on the topic that lacks what was asked stays below the
    threshold. ``pieces``: (context, quoted, national) per piece; a national document's number does
    not answer a question about a named municipality.

    ``meaning`` (English questions, assistant/meaning.py): the best cosine of a quoted unit with the question.
    Words the glossary lacks give no lexical evidence, so such a question is also answered when that cosine
    reaches ``meaning_threshold`` and the quoted units hold what a quantity question asks for; its evidence is
    then the cosine scaled so that ``meaning_threshold`` meets ``threshold``. ``read``: the units the user reads (of
    every piece), for a number question judged by what they say of the figure (``unknown_said``)."""
    if not hits or not pieces:
        return Decision(False, 0.0, NotFoundReason.NO_PASSAGES)
    if query.unknown_names or query.unknown_municipalities:
        return Decision(False, 0.0, NotFoundReason.UNKNOWN_NAME)
    lexical = decide_lexical(query, pieces, st, threshold, read)
    if lexical.found or meaning is None or meaning < meaning_threshold:
        return lexical
    if query.kind in QUANTITY_KINDS and not any(has_quantity(query.kind, quoted, query.text, query.counted)
                                                for _, quoted, _ in pieces):
        return lexical
    if not any(holds_asked(query.text, quoted) for _, quoted, _ in pieces):
        return lexical
    return Decision(True, max(lexical.evidence, threshold * meaning / meaning_threshold))


def decide_lexical(query: Query, pieces: list[tuple[str, str, bool]], st: TermStats, threshold: float,
                   read: list[str] | None = None) -> Decision:
    """``decide`` by the question's terms alone."""
    if not query.terms:
        return Decision(False, 0.0, NotFoundReason.WEAK_EVIDENCE)
    if unknown_share(query.terms, st) >= UNKNOWN_TOPIC_SHARE:
        return Decision(False, 0.0, NotFoundReason.WEAK_EVIDENCE)
    best, quantity = 0.0, True
    asks_quantity = query.kind in QUANTITY_KINDS
    frequency = asks_frequency(query.text)
    # what a named municipality does is said in its own documents: a law or white paper the question does not name
    # speaks for every municipality, so it answers a question about one only half as well (dev: r114)
    own_only = bool(query.municipalities) and not query.laws and not query.documents
    # «Hva vil Nord-Norgebanen koste?»: the amount answers «koste» — a passage using the word (the «kost og losji» of a
    # white paper on care) does not (dev r290)
    terms = tuple(t for t in query.terms if t not in AMOUNT_TERMS) or query.terms if query.kind == QuestionKind.COST \
        else query.terms
    for context, quoted, national in pieces:
        c = coverage(terms, context, st)
        # … unless the national text's quoted units name the body asked about: a white paper's «504 millioner kroner
        # til Sametinget» says what Sametinget gets (dev r348, r372)
        speaks_for = national and names_any(query.municipalities, quoted)
        if national and own_only and not speaks_for:
            c *= NATIONAL_FOR_MUNICIPALITY
        has = has_quantity(query.kind, quoted, query.text, query.counted) and not (
            asks_quantity and national and query.municipalities and not speaks_for)
        if has and frequency:  # «Hvor ofte …?»: what the user reads must say how often
            has = has_frequency(quoted)
        if has:  # «Fra hvilket klassetrinn …?», «Hvem skal lede …?» (assistant/askedfor.py)
            has = holds_asked(query.text, quoted)
        c = c if has else c * 0.35
        if c > best:
            best, quantity = c, has
    if best < threshold:
        return Decision(False, best, NotFoundReason.WEAK_EVIDENCE if quantity else NotFoundReason.NO_QUANTITY)
    if read and query.kind in (QuestionKind.NUMBER, QuestionKind.COST) and unknown_said(query, terms, read, st):
        return Decision(False, min(best, threshold * 0.99), NotFoundReason.NO_QUANTITY)
    topic = asked_topic(query, st)
    if topic and not any(topic in covered_terms((topic,), context) for context, _, _ in pieces):
        # «Hva gjør Lier mot mobbing?»: what the measure is against / about must be in what the user reads
        return Decision(False, min(best, threshold * 0.99), NotFoundReason.WEAK_EVIDENCE)
    return Decision(True, best)


def holds_asked(question: str, quoted: str) -> bool:
    """The quoted units hold what the question asks for beyond its kind: a grade or an age for «Fra hvilket
    klassetrinn / I hvilken alder …», who holds the role for «Hvem skal lede …» (assistant/askedfor.py)."""
    if asks_level(question) and not has_level(quoted):
        return False
    role = asked_role(question)
    return not role or says_role(quoted, role)


def unknown_said(query: Query, terms: tuple[str, ...], read: list[str], st: TermStats) -> bool:
    """A «hvor mange / hvor stor / hva koster» question whose words stand in a unit the user reads that says the figure
    is not known or not given («Hvor mye tid voksne bruker på skjerm daglig er det pr i dag ingen tall på»,
    «Tallgrunnlaget er utilstrekkelig for å vise andelen …»; dev r922, r1064, r1092): the documents say they do not
    have it, and a number in another unit is said of something else. The unit saying so (and giving no number itself)
    must cover the question's words at least as well as every unit holding a number, or name what the question counts
    («voksne») where none of those does."""
    unknown = [line for line in read if says_unknown(line) and not has_quantity(query.kind, line, query.text, query.counted)]
    if not unknown:
        return False
    holding = [line for line in read if has_quantity(query.kind, line, query.text, query.counted)]
    said = max(coverage(terms, line, st) for line in unknown)
    if said <= 0:
        return False
    if said >= max((coverage(terms, line, st) for line in holding), default=0.0):
        return True
    counted = query.counted or share_group(query.text)
    return bool(counted) and counted in terms and any(covered_terms((counted,), line) for line in unknown) \
        and not any(covered_terms((counted,), line) for line in holding)


# «Hva gjør X mot mobbing?», «… for å redusere skjermtiden?», «… med tilbudet i frisklivssentralen?», «Hva sier X om
# skolestrukturen?»: after a verb of doing or saying (gjør, tiltak, sier, står …), the words after the last «mot / med /
# om / for å <verb> / til å <verb>» name what a measure is against or about — the topic of the question (not «barn med
# særskilte behov», not «sørge for at …»).
_TOPIC_AFTER = re.compile(r"\b(?:gjør|gjer|gjøre|gjere|gjort|tiltak|tiltaka|sier|seier|står|skriver|jobber|arbeider|satser)\b"
                          r".*\b(?:mot|med|om|(?:for|til) å\s+[a-zæøå]+)\s+"  # «for å <verb>»: the verb is not the topic
                          r"((?:[^\W\d_][\w-]*\s*){1,5})\?*\s*$", re.I)


def asked_topic(query: Query, st: TermStats) -> str:
    """The rarest term of the words after the question's last «mot / med / om / for å …» (Norwegian questions asking
    what is done or said about something), else ""."""
    from assistant.norwegian import words

    if query.english or query.kind not in (QuestionKind.GENERAL, QuestionKind.LIST):
        return ""
    m = _TOPIC_AFTER.search(query.text)
    if not m:
        return ""
    stems = {_stem(w.lower()) for w in words(m.group(1))}
    candidates = [t for t in query.terms if t in stems and len(t) >= 4]
    return max(candidates, key=st.idf) if candidates else ""
