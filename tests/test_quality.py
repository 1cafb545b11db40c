"""Regression guard: a fast subset of the evals on the shipped corpus. A change that lowers
retrieval, answer or checker quality below the levels we reached fails here.
Levels reached (python -m eval …): R@5 0.926, MRR@10 0.769; answer rate 0.941 / decline 0.857 (held-out
odd ids: 0.882 / 0.800);
checker goal recall/precision 1.0/1.0, has-measure 0.979, has-indicator 1.0."""

from __future__ import annotations

from assistant.answer import ask
from assistant.store import open_store
from eval.answers import supported
from eval.common import RankMetrics
from eval.questions import load_questions
from eval.retrieval import evaluate, our_ranker


def test_retrieval_recall_does_not_drop(shipped_settings) -> None:
    store = open_store(shipped_settings)
    corpus = [(m.source, c.text) for c, m in store.all_chunks()]
    groups: dict[str, RankMetrics] = evaluate(load_questions(), our_ranker(store, shipped_settings), corpus)
    overall = groups["all"]
    assert overall.recall(5) >= 0.90, overall.row()
    assert overall.mrr >= 0.72, overall.row()
    assert groups["lang:nn"].recall(5) >= 0.8
    assert groups["lang:en"].recall(5) >= 0.7


def test_answer_and_decline_rates_do_not_drop(shipped_settings) -> None:
    store = open_store(shipped_settings)
    questions = load_questions()
    answered = declined = 0
    n_ans = n_unans = 0
    for q in questions:
        a = ask(q.question, settings=shipped_settings, store=store)
        if q.answerable:
            n_ans += 1
            answered += a.found
            if a.found:
                assert supported(a.text, a.citations) == 1.0, q.id  # extractive: every line is cited text
        else:
            n_unans += 1
            declined += not a.found
    assert answered / n_ans >= 0.90
    assert declined / n_unans >= 0.80


def test_checker_quality_does_not_drop() -> None:
    from eval.checker import GOLD, evaluate as evaluate_checker, load_corpus

    result = evaluate_checker(GOLD, load_corpus())["metrics"]
    assert result["goal_recall"] >= 0.9
    assert result["goal_precision"] >= 0.85
    assert result["has_measure_accuracy"] >= 0.9
    assert result["has_indicator_accuracy"] >= 0.9
