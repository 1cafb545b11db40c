"""Which unit answers, learned (issue 13, eleventh round): the unit score's named features, the trainer that learns
their weights from annotated questions (eval/train_units.py), and the shipped weights on the real pipeline — on
small texts and data written here (no shared data).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from assistant.language import Language
from assistant.query import Query, QuestionKind
from assistant.termstats import TermStats
from assistant.units import split_units
from assistant.unitscore import FEATURE_NAMES, UnitFeatures, score_unit, unit_features
from assistant.unitweights import HAND_WEIGHTS, WEIGHTS
from eval.train_units import Group, answer_units, fit, gold_units, top1, training_rows

ST = TermStats(0, Counter(), 100)  # every term equally rare

PASSAGE = ("Kommunen har tre skoler og to barnehager.\n"
           "Tiltakene i planen er:\n"
           "- bygge en ny gymsal ved Fjellbygd skole\n"
           "- ansette to helsesykepleiere\n"
           "Planen gjelder fra 2024 og rulleres hvert fjerde år.")


def _query(text: str, terms: tuple[str, ...], kind: QuestionKind) -> Query:
    return Query(text, Language.NB, terms, (), (), (), (), kind)


def test_the_features_of_a_hand_written_passage() -> None:
    units = split_units(PASSAGE)
    assert [u.kind.value for u in units] == ["sentence", "lead", "item", "item", "sentence"]
    count = _query("Hvor mange skoler og barnehager har kommunen?", ("skol", "barnehag"), QuestionKind.NUMBER)
    f0 = unit_features(count, units, 0, "", ST)
    assert f0.own == 1.0 and f0.plain_share == 1.0 and f0.quantity == 1.0 and f0.digits == 0.0  # «tre skoler»
    assert f0.first == 1.0 and f0.position == 0.0 and f0.previous == 0.0
    last = unit_features(count, units, len(units) - 1, "", ST)
    assert last.position == 1.0 and last.following == 0.0 and last.digits == 1.0
    tiltak = _query("Hvilke tiltak har planen?", ("tiltak",), QuestionKind.LIST)
    item = unit_features(tiltak, units, 2, "", ST)
    assert item.item == 1.0 and item.list_by_lead == 1.0 and item.own == 0.0
    assert item.context == 1.0 and item.base == 0.85  # the lead line names both terms: 0.85 × its coverage
    lead = unit_features(tiltak, units, 1, "", ST)
    assert lead.lead == 1.0 and lead.following == 0.0 and lead.previous == 0.0
    assert unit_features(count, units, 2, "", ST).list_by_lead == 0.0  # not a list question
    assert len(FEATURE_NAMES) == len(f0.vector()) == len(UnitFeatures.__dataclass_fields__)


def test_the_hand_weights_reproduce_the_old_score() -> None:
    """Weighted by HAND_WEIGHTS, the features give the hand-set scorer's number: base, +0.15 and the window lift for
    the number asked for, the list bonus by its lead line."""
    units = split_units(PASSAGE)
    w = np.array([HAND_WEIGHTS.get(n, 0.0) for n in FEATURE_NAMES])
    count = _query("Hvor mange skoler og barnehager har kommunen?", ("skol", "barnehag"), QuestionKind.NUMBER)
    assert float(np.dot(w, unit_features(count, units, 0, "", ST).vector())) == 1.0 + 0.15
    tiltak = _query("Hvilke tiltak har planen?", ("tiltak",), QuestionKind.LIST)
    assert abs(float(np.dot(w, unit_features(tiltak, units, 2, "", ST).vector())) - (0.85 + 0.25)) < 1e-9


def test_the_shipped_weights_are_named_features() -> None:
    assert set(WEIGHTS) <= set(FEATURE_NAMES) and set(HAND_WEIGHTS) <= set(FEATURE_NAMES)
    assert all(isinstance(v, float) for v in WEIGHTS.values())


def test_the_unit_holding_the_answer_is_the_label() -> None:
    units = split_units("Anna Berg ble ordfører i 2019. Hun var varaordfører fra 2015. Ordføreren heter Anna Berg.")
    # «Anna Berg» stands in two units: the one sharing most words with the answer's sentence is the label
    assert answer_units(units, "Anna Berg", "Anna Berg ble ordfører i 2019.") == [0]
    assert answer_units(units, "2015", "Hun var varaordfører fra 2015.") == [1]
    assert answer_units(units, "Oslo", "") == []
    listed = split_units("Målene for perioden er:\n- færre ensomme eldre\n- flere i arbeid")
    # a gold quote over a lead line and its items labels every unit inside it
    assert gold_units(listed, "Målene for perioden er: færre ensomme eldre flere i arbeid") == {0, 1, 2}
    assert gold_units(listed, "flere i arbeid") == {2}
    assert gold_units(listed, "Anna Berg\x00Anna Berg ble ordfører.") == set()


def test_the_trainer_recovers_a_known_weight_on_synthetic_data() -> None:
    """Units whose answer is drawn from exp(3·x₀ − 2·x₁): the fitted weights (scale τ = 1, no prior) come back near
    (3, −2, 0, …), and rank the labelled unit first more often than the wrong sign does."""
    rng = np.random.default_rng(0)
    d = len(FEATURE_NAMES)
    true = np.zeros(d)
    true[0], true[1] = 3.0, -2.0
    groups = []
    for k in range(1500):
        x = rng.normal(size=(8, d))
        p = np.exp(x @ true)
        y = np.zeros(8, dtype=bool)
        y[rng.choice(8, p=p / p.sum())] = True
        groups.append(Group(x, y, f"p{k}"))
    w = fit(groups, np.zeros(d), tau=1.0, lam=0.0, steps=400)
    assert abs(w[0] - 3.0) < 0.4 and abs(w[1] + 2.0) < 0.4
    assert np.abs(w[2:]).max() < 0.3
    assert top1(groups, w) > top1(groups, -w) + 0.3
    # a strong pull keeps the prior
    prior = np.full(d, 0.5)
    assert np.abs(fit(groups, prior, tau=1.0, lam=100.0, steps=200) - prior).max() < 0.05


def test_training_passages_exclude_the_evaluation_passages(tmp_path: Path) -> None:
    """Only annotation passages in neither official test nor validation are trained on (NorQuAD's layout, written
    here in small)."""
    def squad(contexts: list[str]) -> dict:
        return {"data": [{"paragraphs": [{"context": c, "qas": [{"question": f"Hva om {c[:5]}?", "id": i,
                 "answers": [{"text": c[:4], "answer_start": 0, "answer_end": 4}], "is_impossible": False}]}]}
                         for i, c in enumerate(contexts)]}
    (tmp_path / "evaluation" / "all").mkdir(parents=True)
    (tmp_path / "annotation" / "news").mkdir(parents=True)
    (tmp_path / "evaluation" / "all" / "test_dataset_flattened.json").write_text(json.dumps(squad(["Testtekst én."])))
    (tmp_path / "evaluation" / "all" / "validation_dataset_flattened.json").write_text(
        json.dumps(squad(["Valideringstekst."])))
    (tmp_path / "annotation" / "news" / "answers_1.json").write_text(
        json.dumps(squad(["Testtekst  én.", "Treningstekst.", "Valideringstekst."])))
    assert [r["context"] for r in training_rows(tmp_path)] == ["Treningstekst."]


def test_the_shipped_weights_rank_the_answering_unit_first_on_the_real_pipeline(tmp_path: Path, settings) -> None:
    from assistant.compose import best_pieces
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.termstats import term_stats
    from tests.conftest import store_with_plan

    text = ("# Oppvekstplan for Fjellbygd 2024–2028\n\n"
            "## Skolene\n\n"
            "Fjellbygd kommune har tre grunnskoler og ett ungdomsskoletilbud. Skolene samarbeider tett med "
            "barnehagene om overgangen til skolen. I 2023 gikk 412 elever i grunnskolen i Fjellbygd. "
            "Foreldrene deltar i et eget foreldreråd ved hver skole.\n\n"
            "## Helse\n\n"
            "Helsestasjonen har åpent hver tirsdag. Kommunen vil ansette en ny helsesykepleier i 2025.\n")
    store = store_with_plan(tmp_path, settings, text)
    query = analyse("Hvor mange elever gikk i grunnskolen i Fjellbygd i 2023?", store)
    hits = retrieve(query, None, None, settings, store)
    st = term_stats(store)
    units = split_units(hits[0].chunk.text)
    heading = " ".join([*hits[0].chunk.section, hits[0].meta.title])
    scores = [score_unit(query, units, i, heading, st) for i in range(len(units))]
    assert "412 elever" in units[int(np.argmax(scores))].text
    pieces = best_pieces(query, hits, st)
    assert "412 elever" in pieces[0].units[0].text
    # the trainer's groups over the same pipeline: every unit that may answer in the retrieved passages, one label
    from eval.train_units import chunk_groups

    groups = chunk_groups(store, settings, [(query.text, hits[0].meta.source,
                                             ["412 elever\x00I 2023 gikk 412 elever i grunnskolen i Fjellbygd."], "k")])
    assert len(groups) == 1 and int(groups[0].y.sum()) == 1 and groups[0].x.shape[1] == len(FEATURE_NAMES)
    assert chunk_groups(store, settings, [(query.text, hits[0].meta.source, ["Oslo\x00Oslo."], "k")]) == []


def test_features_the_weights_do_not_use_are_not_computed() -> None:
    units = split_units(PASSAGE)
    count = _query("Hvor mange skoler og barnehager har kommunen?", ("skol", "barnehag"), QuestionKind.NUMBER)
    full = unit_features(count, units, 1, "", ST)
    lean = unit_features(count, units, 1, "", ST, only=frozenset())
    assert full.previous > 0 and lean.previous == 0.0 and lean.words == 0.0
    assert lean.base == full.base and lean.quantity == full.quantity  # the hand-set scorer's features always
