"""Regression guard: a fast subset of the evals on the shipped corpus. A change that lowers
retrieval, answer or checker quality below the levels we reached fails here.
Levels reached (python -m eval …): R@5 0.926, MRR@10 0.769; answers on the plan questions (eval answers):
answer hit 0.785 (the answer text holds ≥ 70 % of a gold quote's words), answer rate 0.904, decline 0.905,
median 70 words;
checker goal recall/precision 1.0/1.0, has-measure 0.979, has-indicator 1.0."""

from __future__ import annotations

from assistant.answer import ask
from assistant.store import open_store
from eval.answers import answer_hit, answer_words, supported
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


def test_answers_do_not_drop(shipped_settings) -> None:
    """What the user reads: answer hit, answer and decline rates, length; every line cited text."""
    store = open_store(shipped_settings)
    questions = load_questions()
    answered = declined = hits = 0
    n_ans = n_unans = 0
    lengths = []
    for q in questions:
        a = ask(q.question, settings=shipped_settings, store=store)
        if q.answerable:
            n_ans += 1
            answered += a.found
            hits += answer_hit(q, a)
            if a.found:
                assert supported(a.text, a.citations) == 1.0, q.id  # extractive: every line is cited text
                lengths.append(len(answer_words(a.text)))
        else:
            n_unans += 1
            declined += not a.found
    assert hits / n_ans >= 0.76
    assert answered / n_ans >= 0.89
    assert declined / n_unans >= 0.85
    assert sorted(lengths)[len(lengths) // 2] <= 120


def test_checker_quality_does_not_drop() -> None:
    from eval.checker import GOLD, load_corpus
    from eval.checker import evaluate as evaluate_checker

    result = evaluate_checker(GOLD, load_corpus())["metrics"]
    assert result["goal_recall"] >= 0.9
    assert result["goal_precision"] >= 0.85
    assert result["has_measure_accuracy"] >= 0.9
    assert result["has_indicator_accuracy"] >= 0.9
