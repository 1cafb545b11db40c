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
