"""A question that names a document and asks about a topic (issue 13, thirteenth round, topic1): the document's words
choose the document through its title and headings, not in a unit's own text; a plan named by a subject the named
municipality's documents do not have is said first. Small texts written here."""

from __future__ import annotations

from collections import Counter

from assistant.citations import missing_text
from assistant.docnamed import document_part, missing_plans, names_document, topic_part
from assistant.language import Language
from assistant.models import DocumentMeta
from assistant.query import Query, QuestionKind
from assistant.termstats import TermStats
from assistant.units import split_units
from assistant.unitscore import score_unit

ST = TermStats(0, Counter(), 100)  # every term equally rare


def test_the_document_and_the_topic_are_told_apart() -> None:
    q = "Hva sier folkehelseplanen i Krødsherad om skjermbruk?"
    assert document_part(q) == "folkehelseplanen i Krødsherad" and topic_part(q) == "skjermbruk"
    assert document_part("Kva seier rammeplanen om leik?") == "rammeplanen"
    assert document_part("Hva står det i handlingsplanen om fysisk aktivitet?") == "handlingsplanen"
    # the topic first, the document after the last «i»
    assert document_part("Hva står det om lek i rammeplanen?") == "rammeplanen"
    assert topic_part("Hva står det om lek i rammeplanen?") == "lek"
    en = "What does Tromsø's plan for kindergartens say about language?"
    assert document_part(en) == "Tromsø's plan for kindergartens" and topic_part(en) == "language"
    assert document_part("What does the Hjertespråket report say about language technology?") == "the Hjertespråket report"
    # a body says it, not a document: the sentence naming the body answers
    assert document_part("Hva sier Sametinget om samiske barnehager?") == ""
    assert document_part("What does the county council say about a Sami adviser?") == ""
    assert not names_document("fylkesrådet") and names_document("stortingsmeldinga")


def test_a_unit_repeating_the_plans_name_does_not_beat_the_one_about_the_topic() -> None:
    """«Folkehelseplanen … er den første overordna planen …» names the plan; the sentence on screens answers."""
    units = split_units("Folkehelseplanen er den første planen på folkehelseområdet i kommunen.\n"
                        "Kommunen vil redusere skjermbruk blant unge.")
    terms = ("folkehelseplan", "skjermbruk")
    plain = Query("Hva sier folkehelseplanen om skjermbruk?", Language.NB, terms, (), (), (), (), QuestionKind.GENERAL)
    named = Query(plain.text, Language.NB, terms, (), (), (), (), QuestionKind.GENERAL, document_terms=("folkehelseplan",))
    assert named.unit_terms == ("skjermbruk",) and plain.unit_terms == terms
    # before: the two units weigh the same (one term each)
    assert score_unit(plain, units, 0, "", ST) == score_unit(plain, units, 1, "", ST)
    assert score_unit(named, units, 1, "", ST) > score_unit(named, units, 0, "", ST)
    # the plan's name still counts through the document's title, for every unit of it
    title = "Temaplan for folkehelse — Folkehelseplanen"
    assert score_unit(named, units, 1, title, ST) > score_unit(named, units, 1, "", ST)
    # a question whose every term names the document keeps them
    only = Query("Hva sier folkehelseplanen?", Language.NB, ("folkehelseplan",), (), (), (), (), QuestionKind.GENERAL,
                 document_terms=("folkehelseplan",))
    assert only.unit_terms == ("folkehelseplan",)


DOCS = (
    DocumentMeta("h", "h.docx", "Plan for likestilling, mangfold og mot diskriminering 2014–2016", "Harstad",
                 "handlingsplan"),
    DocumentMeta("k", "k.txt", "Temaplan for folkehelse 2024–2033", "Krødsherad", "temaplan"),
    DocumentMeta("r", "r.html", "Rammeplan for barnehagens innhold og oppgaver", "", "forskrift"),
)


def test_a_plan_the_named_municipality_does_not_have_is_said_first() -> None:
    assert missing_plans("Hva sier oppvekstplanen i Harstad om foreldresamarbeid?", ("Harstad",), DOCS) == [
        "Oppvekstplanen i Harstad"]
    assert missing_text(["Oppvekstplanen i Harstad"], Language.NB).startswith("Oppvekstplanen i Harstad er ikke lagt inn")
    # the plan's subject in a title of the municipality's documents: there
    assert missing_plans("Hva sier folkehelseplanen i Krødsherad om skjermbruk?", ("Krødsherad",), DOCS) == []
    assert missing_plans("Hva står det i likestillingsplanen i Harstad om deltid?", ("Harstad",), DOCS) == []
    # no municipality named: the whole collection
    assert missing_plans("Kva seier rammeplanen om leik?", (), DOCS) == []
    assert missing_plans("Hva sier oppvekstplanen om leksehjelp?", (), DOCS) == ["Oppvekstplanen"]
    # another municipality's plan of that subject is not the named one's
    assert missing_plans("Hva sier folkehelseplanen i Harstad om skjermbruk?", ("Harstad",), DOCS) == [
        "Folkehelseplanen i Harstad"]
    # not a «Hva sier <plan> om …» question, or English: nothing said
    assert missing_plans("Hvor mange barn går i barnehage i Harstad?", ("Harstad",), DOCS) == []
    assert missing_plans("What does Harstad's plan say about parents?", ("Harstad",), DOCS, english=True) == []
