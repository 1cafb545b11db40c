"""A cardinal counts the noun after it (issue 13, eleventh round) — on small texts written here, bokmål and nynorsk.

«Hvor mange lærere …?» is not answered by «500 arbeidsplasser», nor by a page number left inside a sentence («kan virke
64 demotiverende»): a number in digits followed by a noun phrase counts that phrase. A number followed by a share, a
ratio, a function word or nothing («er 29 i skoleåret …») is said of what its sentence is about, and people in general
(«2800 personer») may be what a question counts by another word.
"""

from __future__ import annotations

from assistant.norwegian import _stem
from assistant.quantities import has_quantity
from assistant.query import QuestionKind

NUMBER = QuestionKind.NUMBER


def _has(line: str, question: str, counted: str) -> bool:
    return has_quantity(NUMBER, line, question, _stem(counted))


def test_a_number_of_the_thing_counted_answers() -> None:
    question = "Hvor mange studenter går på den maritime fagskolen?"
    assert _has("Skolen har i dag 23 studenter.", question, "studenter")
    assert _has("I 2009 var det 16 200 fagskolestudenter i Norge.", question, "studenter")  # a compound's head
    assert _has("Tallet på studenter er 29 i skoleåret 2010/11.", question, "studenter")  # said of the sentence's topic
    assert _has("Det er 61 % som bruker skjerm mer enn tre timer.", "Hvor mange voksne bruker skjerm?", "voksne")
    assert _has("I Telemark har vi 11 videregående skoler.", "Hvor mange skoler har fylket?", "skoler")
    # people in general may be what another word counts; «20 100 andre» is said of what the sentence counts
    assert _has("Bransjen sysselsetter i dag om lag 2800 personer.", "Hvor mange jobber i bygg og anlegg?", "jobber")
    assert _has("Gjør som 20 100 andre – følg oss på Facebook.", "Hvor mange følger dem på Facebook?", "følger")
    # a word of magnitude belongs to the number: what follows it is what is counted, or nothing
    assert _has("Staten hadde i 1947 en befolkning på over 16 millioner.", "Hvor mange mennesker bodde der?", "mennesker")
    assert not _has("Fondet har solgt nær 50 millioner aksjer.", "Hvor mange mennesker bor i landet?", "mennesker")


def test_a_number_of_something_else_does_not_answer() -> None:
    question = "Hvor mange lærere jobber ved fagskolen i Finnmark?"
    assert not _has("Målsettingen er 500 arbeidsplasser innen kultur i Finnmark.", question, "lærere")
    # a page number the extraction left inside a sentence counts nothing
    assert not _has("Fjernundervisning kan virke 64 demotiverende særlig for de minste barna.",
                    "Hvor mange elever får fjernundervisning i samisk?", "elever")
    assert not _has("De skal veilede det 22 øvrige personalet.", "Hvor mange barn kan det være per pedagogisk leder?",
                    "barn")
    # … but the same line with the thing counted does
    assert _has("Målsettingen er 500 arbeidsplasser og 40 lærere innen kultur.", question, "lærere")


def test_nynorsk_counts_the_same_way() -> None:
    question = "Kor mange elevar går på skulen i Hol?"
    assert _has("Skulen har 120 elevar og 30 tilsette.", question, "elevar")
    assert _has("Talet på elevar er 120 dette skuleåret.", question, "elevar")
    assert not _has("Kommunen har 40 tilsette i helsetenesta.", question, "elevar")
    assert not _has("Kommunen har sett av 12 nye bustader til flyktningar.", question, "elevar")


def test_an_english_question_is_not_held_to_the_documents_noun() -> None:
    # the counted word of an English question is a translation, often not the noun the document uses («students» →
    # «elev» where a vocational school has «studenter»): the rule is for Norwegian questions only
    assert _has("Skolen har i dag 23 studenter.", "How many students does the school have?", "elever")
