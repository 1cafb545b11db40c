"""assistant/language.py: the one language detector, on question shapes it used to get wrong."""

from __future__ import annotations

import pytest

from assistant.language import Language, detect_language


@pytest.mark.parametrize("text", [
    "Which body approves new vocational college programmes?",  # one function word + English spellings
    "Who approves the budget?",
    "What does Åmot do about bullying?",
])
def test_english_questions(text: str) -> None:
    assert detect_language(text) is Language.EN


@pytest.mark.parametrize("text", [
    "Hvordan brukes coaching og workshops?",  # English loanwords, no English function word
    "Hvem skrev boka A brief history of time?",  # an English title inside a Norwegian question
    "Hva sier planen om Charlotte Church?",  # names are not spelling evidence
])
def test_norwegian_questions_with_english_words_stay_bokmaal(text: str) -> None:
    assert detect_language(text) is Language.NB


def test_a_nynorsk_question_word_decides_against_one_bokmaal_word() -> None:
    assert detect_language("Kva står SFO for?") is Language.NN
    assert detect_language("Hva står SFO for?") is Language.NB


@pytest.mark.parametrize("text", [
    "Name the budget each barnehage gets.",  # «each»: an English function word Norwegian lacks
    "Outline the budget for day care.",  # «ou», «ay»: spellings Norwegian words lack
])
def test_short_english_requests_with_norwegian_terms(text: str) -> None:
    assert detect_language(text) is Language.EN


def test_an_english_title_in_a_norwegian_question_stays_norwegian() -> None:
    # «the», «of» against «når», «på», «ble»: Norwegian words both standards share count against English.
    assert detect_language("Når ble The Sound of Music vist på NRK?") is Language.NB


def test_staar_is_nynorsk_too() -> None:
    assert detect_language("Står det noko om leksehjelp?") is Language.NN
    assert detect_language("Står det noe om leksehjelp?") is Language.NB
