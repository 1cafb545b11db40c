"""The document a question names by its kind or title, apart from the topic it asks about.

«Hva sier folkehelseplanen i Krødsherad om skjermbruk?», «Kva seier rammeplanen om leik?», «Hva står det om lek i
rammeplanen?», "What does Tromsø's community plan say about language?": the words before «om» / "about" name the
document (its kind — «plan», «melding», «veileder», "report" — its title words, its municipality); the words after
it name what is asked. The document's words choose the document — retrieval reads the whole question, and a unit is
credited for them through its document's title and section headings — but a sentence that only repeats the plan's
name («Folkehelseplanen 2024–2033 er den første overordna planen …») does not answer what the plan says about the
topic, so in a unit's own text only the topic's words count (assistant/unitscore.py, assistant/compose.py).

    document_part(question) -> str        # the words naming the document, "" when the question has no such part
    topic_part(question) -> str           # the words naming the topic, "" likewise
    missing_plans(question, municipalities, docs) -> list[str]   # a plan named by its subject that no document is
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.models import DocumentMeta

# Verbs of saying / writing and the preposition before the topic: «Hva sier / seier / skriver X om Y», «Hva står det i
# X om Y»; "What does X say / state / write about / on Y".
_NB_DOC_FIRST = re.compile(
    r"^\W*(?:hva|kva)\s+(?:sier|seier|sa|skriver|skriv|skreiv|står\s+det\s+i|står\s+i|stod\s+det\s+i|sto\s+det\s+i)\s+"
    r"(?P<doc>.+?)\s+(?:om|angående|angåande|når\s+det\s+gjelder|når\s+det\s+gjeld)\s+(?P<topic>.+?)\W*$", re.I)
# «Hva står det om Y i X?», «Kva står det om leik i rammeplanen?»: the topic first, the document after the last «i».
_NB_TOPIC_FIRST = re.compile(
    r"^\W*(?:hva|kva)\s+(?:står|stod|sto|sies|seiest|skrives|skrivast)\s+det\s+om\s+(?P<topic>.+)\s+i\s+(?P<doc>[^?]+?)\W*$",
    re.I)
_EN_DOC_FIRST = re.compile(
    r"^\W*what\s+(?:does|do|did)\s+(?P<doc>.+?)\s+(?:say|says|state|write|tell\s+us|have\s+to\s+say)\s+"
    r"(?:about|on|regarding|concerning)\s+(?P<topic>.+?)\W*$", re.I)
_EN_SAID_IN = re.compile(
    r"^\W*what\s+(?:is|are)\s+(?:said|written|stated)\s+(?:in|by)\s+(?P<doc>.+?)\s+(?:about|on|regarding|concerning)\s+"
    r"(?P<topic>.+?)\W*$", re.I)

# A word naming a kind of document: a plan of any kind (a compound ending in «plan»: «folkehelseplanen»,
# «rammeplanen», «oppvekstplan»), a white paper or report («melding», «stortingsmeldinga», «utredning», «NOU»,
# «rapport»), a guide («veileder», «rettleiar»), a strategy, a programme, the parts of a municipal master plan
# («samfunnsdel», «arealdel»), a regulation («forskrift»), a document; and the English words for them.
_DOCUMENT_WORD = re.compile(
    r"^(?:\w*plan(?:en|a|er|ar|ene|ane|s)?|\w*melding(?:a|en|er|ar|ene|ane)?|\w*utredning(?:en|a)?|\w*utgreiing(?:a)?|nou|"
    r"\w*rapport(?:en|er|ane|ene)?|veileder(?:en)?|rettleiar(?:en)?|rettleiinga?|\w*strategi(?:en|a)?|\w*program(?:met)?|"
    r"samfunnsdel(?:en)?|arealdel(?:en)?|forskrift(?:a|en)?|dokument(?:et)?|"
    r"plans?|report|paper|guide|guidance|guidelines?|strateg(?:y|ies)|programmes?|programs?|documents?|framework|review)$",
    re.I)
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _parts(question: str) -> tuple[str, str]:
    for pattern in (_NB_DOC_FIRST, _NB_TOPIC_FIRST, _EN_DOC_FIRST, _EN_SAID_IN):
        m = pattern.match(question.strip())
        if m and names_document(m.group("doc")):
            return m.group("doc"), m.group("topic")
    return "", ""


def names_document(text: str) -> bool:
    """The words name a document by its kind («planen», «stortingsmeldinga», "the report")."""
    return any(_DOCUMENT_WORD.match(w.replace("'s", "")) for w in _WORD.findall(text))


def document_part(question: str) -> str:
    """The words of «Hva sier <document> om <topic>?» / "What does <document> say about <topic>?" that name the
    document — only when they name a kind of document (not a body: «Hva sier Sametinget om …» asks what Sametinget
    says, and the sentence naming it answers); "" otherwise."""
    return _parts(question)[0]


def topic_part(question: str) -> str:
    """The words naming the topic in such a question; "" when it has no document part."""
    return _parts(question)[1]


# A plan named by what it is about: «oppvekstplanen», «folkehelseplanen», «likestillingsplan», «kommuneplanen» — the
# compound's first part (its joint «-s-» / «-e-» dropped) is the plan's subject.
_PLAN_COMPOUND = re.compile(r"^([a-zæøå]{3,}?)(s|e)?plan(?:en|a|er|ar|ene|ane)?$")


def missing_plans(question: str, municipalities: tuple[str, ...], docs: Sequence[DocumentMeta],
                  english: bool = False) -> list[str]:
    """The plans a Norwegian «Hva sier <plan> om …» question names by their subject that no document holds: the
    documents of the municipality it names (of the whole collection when it names none) have that subject in no
    title or kind («oppvekstplanen i Harstad» where Harstad's only document is its plan for equality) — «Oppvekstplanen
    i Harstad», to be said first (assistant/citations.py ``missing_text``), as a law the collection lacks is. Plans a
    question names only by their kind («planen», «handlingsplanen i …» is a subject too) are checked the same way."""
    doc = document_part(question)
    if english or not doc:
        return []
    scope = [m for m in docs if m.municipality in municipalities] if len(municipalities) == 1 else list(docs)
    if not scope:
        return []
    names = " ".join(f"{m.title} {m.kind} {m.short_name}" for m in scope).lower()
    out = []
    for word in _WORD.findall(doc):
        m = _PLAN_COMPOUND.match(word.lower())
        if not m:
            continue
        subject = m.group(1)
        forms = {subject, subject + (m.group(2) or "")}
        if not any(f in names for f in forms):
            where = f" i {municipalities[0]}" if len(municipalities) == 1 else ""
            out.append(f"{word[:1].upper()}{word[1:]}{where}")
    return out
