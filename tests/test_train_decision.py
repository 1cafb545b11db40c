"""eval/train_decision.py's small models (python -m eval train-decision): folds keep a document's questions together,
the logistic fit and the depth-2 tree separate what is separable, the cut balances answer and decline rates."""

from __future__ import annotations

import numpy as np

from eval.train_decision import Example, Learned, best_cut, cross_validate, fit_logistic, fit_tree, folds, tree_p


def test_folds_keep_each_document_in_one_fold() -> None:
    groups = [f"doc{i % 7}" for i in range(40)]
    parts = folds(groups, 3)
    assert sum(int(p.sum()) for p in parts) == 40
    for g in set(groups):
        assert sum(bool(p[[i for i, x in enumerate(groups) if x == g]].any()) for p in parts) == 1


def test_logistic_and_tree_learn_a_threshold() -> None:
    rng = np.random.default_rng(0)
    evidence = rng.uniform(0, 1, 200)
    y = (evidence > 0.4).astype(float)
    w = fit_logistic(np.column_stack([np.ones(200), evidence]), y, 0.01)
    assert w[1] > 0 and abs(-w[0] / w[1] - 0.4) < 0.1  # the boundary near 0.4
    tree = fit_tree(evidence[:, None], y, depth=2, min_leaf=5)
    assert tree_p(tree, np.array([0.9])) > 0.9 and tree_p(tree, np.array([0.1])) < 0.1
    p = 1 / (1 + np.exp(-np.column_stack([np.ones(200), evidence]) @ w))
    cut = best_cut(p, y)
    assert ((p >= cut) == (y == 1)).mean() > 0.95


def test_cross_validated_decision_on_examples() -> None:
    rng = np.random.default_rng(1)
    ex = [Example(f"r{i}", f"doc{i % 10}", bool(e > 0.4), bool(e > 0.4), {"evidence": float(e)})
          for i, e in enumerate(rng.uniform(0, 1, 120))]
    pred = cross_validate(ex, ("evidence",), "logistic", 0.1)
    assert (pred == np.array([e.answerable for e in ex])).mean() > 0.9
    learned = Learned({"intercept": -4.0, "evidence": 10.0}, 0.5)
    assert learned.probability({"evidence": 0.9}) > 0.5 > learned.probability({"evidence": 0.1})
