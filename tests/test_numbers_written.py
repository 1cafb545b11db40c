"""Numbers as Norwegian writes them (issue 13, eleventh round): thousands marked by dots («39.000», «3.503.000») are
numbers, while section numbers («4.2.1», «jf. 2.3») stay references — small texts written here, bokmål and nynorsk."""

from __future__ import annotations

from assistant.quantities import has_quantity
from assistant.query import QuestionKind

NUMBER = QuestionKind.NUMBER


def test_thousands_marked_by_dots_are_a_number() -> None:
    assert has_quantity(NUMBER, "Byen har om lag 39.000 innbyggere.", "Hvor mange bor i byen?")
    assert has_quantity(NUMBER, "Kommunen fekk kr. 3.503.000 i tilskot.", "Kor mykje fekk kommunen i tilskot?")
    assert has_quantity(NUMBER, "Bygda har 1.250 innbyggjarar.", "Kor mange bur i bygda?")  # nynorsk


def test_a_section_number_is_no_answer() -> None:
    assert not has_quantity(NUMBER, "Tiltakene står i kapittel 4.2.1.", "Hvor mange tiltak har planen?")
    assert not has_quantity(NUMBER, "Sjå punkt 2.3 og 5.10 i planen.", "Kor mange tiltak har planen?")  # nynorsk


COST = QuestionKind.COST


def test_a_count_that_opens_a_sentence_is_a_count() -> None:
    # a lower-case word after it: the sentence's count, not the line's own number (thirteenth round, answers12)
    assert has_quantity(NUMBER, "22 lokale nettverksgrupper møtes tre til fire ganger årlig.",
                        "Hvor mange nettverksgrupper er det?", "nettverksgrupp")
    assert has_quantity(NUMBER, "14 kommunar har samiske barnehagar.", "Kor mange kommunar har samiske barnehagar?",
                        "kommun")  # nynorsk
    # … while a line's own number before a capital, a dot or a parenthesis is no count
    assert not has_quantity(NUMBER, "10 Betydelig mindre bruk av vikarer", "Hvor mange vikarer brukes?", "vikar")
    assert not has_quantity(NUMBER, "2. Kommunen skal sikre gode tilbud", "Hvor mange tilbud gir kommunen?", "tilbud")


def test_millions_in_words_are_an_amount() -> None:
    assert has_quantity(COST, "Kostnaden nærmer seg en million kroner i året.", "Hva koster en plass i året?")
    assert has_quantity(COST, "Prisen varierer fra under en halv til over to mill. kroner per år.", "Hva koster en plass?")
    assert not has_quantity(COST, "Det trengs en million nye årsverk.", "Hva koster det?")  # a count, no kroner
