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
