"""Near misses by general conventions of Norwegian questions (issue 13, tenth round) — on small texts written here.

Conventions tested: «hvor mange …» asks for a count, and a sum of money («100 mill til kartlegging») is no count of
anything but kroner.
"""

from __future__ import annotations

from assistant.evidence import has_quantity
from assistant.query import QuestionKind

NUMBER = QuestionKind.NUMBER


def test_a_sum_of_money_does_not_answer_how_many() -> None:
    question = "Hvor mange arbeider i mineralindustrien i Finnmark?"
    money = "Regjeringen har i statsbudsjett for 2011 satt av 100 mill til kartlegging av mineralforekomster."
    assert not has_quantity(NUMBER, money, question)
    assert not has_quantity(NUMBER, "Staten gir 2,5 millioner kroner og kr 40 000 per elev.", question)
    # a count stays a count, also beside an amount and in millions of people
    assert has_quantity(NUMBER, "Næringa sysselsetter om lag 2800 personer og fikk 100 mill.", question)
    assert has_quantity(NUMBER, "Regionen har 2 millioner innbyggere.", question)
    # a question asking for money, or for how many kroner, is answered by the amount
    assert has_quantity(NUMBER, money, "Hvor stor var bevilgningen til kartlegging?")
    assert has_quantity(NUMBER, "Tilskuddet er 500 kroner per time.", "Hvor mange kroner får de per time?", "kron")
