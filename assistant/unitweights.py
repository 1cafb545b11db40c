"""The weights of the unit score (assistant/unitscore.py ``UnitFeatures``): which unit of a passage becomes the answer.

``HAND_WEIGHTS`` are the scorer as ten rounds of hand-written rules left it (base coverage, the bonuses for the
number asked for, a named list, a definition, a reason, an opinion, the subject first, and the long-unit penalty) —
the prior the learning pulls towards; ``WEIGHTS`` are what the product uses. Regenerate with
``python -m eval train-units --write`` (eval/train_units.py).

Learned 2026-12-02 by ``python -m eval train-units --prior hand --write`` from NorQuAD's annotation rounds (CC0;
passages in neither official test nor validation): 1621 questions (each with every unit of the passages retrieved
for it) over 274 passages. Conditional logit over those units, prior hand, tau 2.0, lambda 0.001 (5-fold CV by
passage, best held-out log-likelihood; list and table features kept at their prior). Top-1 / top-3 unit: CV 0.626 /
0.823 (hand weights 0.622 / 0.800); NorQuAD test 0.616 / 0.837 (hand weights 0.616 / 0.788).
"""

from __future__ import annotations

HAND_WEIGHTS: dict[str, float] = {
    "base": 1.0,
    "quantity": 0.15,
    "quantity_window": 1.0,
    "frequency": 0.15,
    "list_by_lead": 0.25,
    "list_by_heading": 0.15,
    "list_other": 0.05,
    "defines": 0.5,
    "opinion": 0.1,
    "subject_first": 0.1,
    "reason": 0.1,
    "long": -0.1,
    "rank": -0.03,
    "superlative": 0.1,
}

LEARNED_WEIGHTS: dict[str, float] = {
    "base": 1.0695,
    "own": -0.2335,
    "context": 1.1511,
    "plain_share": 1.9092,
    "previous": 0.6300,
    "following": 0.2690,
    "quantity": 0.3751,
    "quantity_window": 1.4937,
    "frequency": 0.1487,
    "list_by_lead": 0.2500,
    "list_by_heading": 0.1500,
    "list_other": 0.0500,
    "defines": 0.9164,
    "opinion": 0.1021,
    "subject_first": 0.2270,
    "reason": 1.1063,
    "long": -0.1662,
    "lead": 0.0000,
    "item": 0.0000,
    "row": 0.0000,
    "words": 0.0404,
    "first": -0.0204,
    "position": 0.0981,
    "digits": 0.1174,
    "phrase": -0.1492,
    "density": 0.5307,
    "rarest": -0.0921,
    "who_name": 0.5648,
    "when_date": 0.4847,
    "how_number": 0.4821,
    "rank": -0.3345,
}

#: What the product uses: the hand weights. The learned ones lost dev realdocs answers and NorQuAD answered
#: questions, left the blind check where it was and doubled p95 (eval/README, eleventh round).
WEIGHTS: dict[str, float] = dict(HAND_WEIGHTS)
