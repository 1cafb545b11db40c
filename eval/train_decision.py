"""python -m eval train-decision — can the answer-or-decline decision be learned from the dev questions instead of set by
hand? Measured, not shipped (eval/README, twelfth round, decide2): the product keeps the hand rule of
assistant/evidence.py.

Data. Every dev question (even ids) of the plans and real-documents sets, answered as ``assistant.answer.extractive``
answers it, except those the decision does not judge by evidence (a § quoted from the law, a comparison, a name no
document has) and this round's blind checks (r1200–r1398, never fitted on). Label: answerable → answer, near miss →
decline. Features: what the hand rule computes on the pieces the user would read (``FEATURES``) — the evidence score,
the coverage of the context and of the quoted units alone, the share of the rarest question word the answer leaves
out, whether the rarest word stands in the quoted units, the asked quantity missing, a national text for a named
municipality, the never-mentioned share, the asked topic missing, «the figure is unknown» said, English, question kind.

Model. L2-regularised logistic regression (Newton steps, numpy), features standardised, and a depth-2 tree (exhaustive
thresholds); 5-fold cross-validation grouped by document (a question's gold source, a near miss's document), the cut on
the probability chosen inside each training fold (most answer rate + decline rate). Reported beside the hand rule on the
same questions: answer rate, decline rate on near misses, per fold-pooled prediction.

    python -m eval train-decision                # table: hand rule vs learned (CV), weights of the fit on all dev questions
    python -m eval train-decision --off-topic    # … also fitted on each set's dev questions asked over the other index
    python -m eval train-decision --end-to-end   # … then eval answers --set dev and eval norquad --answers-only with it
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass, replace

import numpy as np

from eval.common import table, write_result

BLIND = re.compile(r"^r1[23]\d\d$")  # this round's blind checks (r1200–r1398): measured, never fitted on
FOLDS = 5
LAMBDAS = (0.01, 0.1, 1.0, 10.0)
KINDS = ("number", "cost", "when", "who", "list", "general", "definition", "why")
FEATURES = ("evidence", "coverage", "quoted_coverage", "uncovered_rarest", "uncovered_rarest_quoted", "rarest_quoted",
            "no_quantity", "national", "unknown_share", "topic_missing", "unknown_said", "english", "inverse_terms",
            *(f"kind_{k}" for k in KINDS))


@dataclass
class Example:
    qid: str
    group: str
    answerable: bool
    hand: bool  # what the product decides (assistant.answer.ask(...).found)
    x: dict[str, float]
    off_topic: bool = False  # asked over the other index (``--off-topic``): to be declined


def _group(raw: dict) -> str:
    return raw["gold"][0]["source"] if raw.get("gold") else raw.get("document") or raw.get("municipality") or "?"


def features(query, pieces: list[tuple[str, str, bool]], read: list[str], st) -> dict[str, float]:
    """The decision's features for one question (``FEATURES``), from what ``assistant.evidence.decide`` is given: the
    pieces (context, quoted units, national) and the units the user reads."""
    from assistant.coverage import AMOUNT_TERMS, coverage, covered_terms, unknown_share
    from assistant.evidence import NATIONAL_FOR_MUNICIPALITY, asked_topic, names_any, unknown_said
    from assistant.quantities import asks_frequency, has_frequency, has_quantity
    from assistant.query import QUANTITY_KINDS, QuestionKind

    asks = query.kind in QUANTITY_KINDS
    terms = (tuple(t for t in query.terms if t not in AMOUNT_TERMS) or query.terms) if query.kind == QuestionKind.COST \
        else query.terms
    idf = {t: st.idf(t.split("|")[0]) for t in terms}
    total = sum(idf.values()) or 1.0
    rarest = max(terms, key=lambda t: idf[t])
    own_only = bool(query.municipalities) and not query.laws and not query.documents
    best: dict[str, float] = {}
    for context, quoted, national in pieces:
        c = coverage(terms, context, st)
        speaks = national and names_any(query.municipalities, quoted)
        nat = national and own_only and not speaks
        has = has_quantity(query.kind, quoted, query.text, query.counted) and not (
            asks and national and query.municipalities and not speaks)
        if has and asks_frequency(query.text):
            has = has_frequency(quoted)
        e = c * (NATIONAL_FOR_MUNICIPALITY if nat else 1.0) * (1.0 if has else 0.35)
        if not best or e > best["evidence"]:
            ctx, quo = covered_terms(terms, context), covered_terms(terms, quoted)
            best = {"evidence": e, "coverage": c, "quoted_coverage": coverage(terms, quoted, st),
                    "uncovered_rarest": max((idf[t] / total for t in terms if t not in ctx), default=0.0),
                    "uncovered_rarest_quoted": max((idf[t] / total for t in terms if t not in quo), default=0.0),
                    "no_quantity": float(asks and not has), "national": float(nat)}
    topic = asked_topic(query, st)
    x = {**best,
         "rarest_quoted": float(any(rarest in covered_terms((rarest,), quoted) for _, quoted, _ in pieces)),
         "unknown_share": unknown_share(query.terms, st),
         "topic_missing": float(bool(topic) and not any(topic in covered_terms((topic,), c) for c, _, _ in pieces)),
         "unknown_said": float(query.kind in (QuestionKind.NUMBER, QuestionKind.COST)
                               and unknown_said(query, terms, read, st)),
         "english": float(query.english), "inverse_terms": 1.0 / len(terms),
         **{f"kind_{k}": float(query.kind.value == k) for k in KINDS}}
    return x


def examples_of(path, settings, off_topic: bool = False) -> list[Example]:
    """The dev questions of one question file, with the decision's features (see the module docstring);
    ``off_topic``: asked over another collection than theirs — every one labelled «decline»."""
    from assistant.answer import ask
    from assistant.compose import compose
    from assistant.laws import law_filter, missing_references, paragraph_pieces
    from assistant.query import QUANTITY_KINDS, QuestionKind, analyse, query_terms
    from assistant.retrieve import retrieve
    from assistant.store import open_store
    from assistant.termstats import term_stats
    from eval.questions import load_questions, split_of

    raws = {json.loads(line)["id"]: json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    store = open_store(settings)
    st = term_stats(store)
    out = []
    for q in load_questions(path):
        if split_of(q.id) != "dev" or BLIND.match(q.id) or (q.answerable and not q.gold):
            continue
        query = analyse(q.question, store)
        missing = missing_references(query, store) + list(query.unknown_municipalities)
        if query.kind == QuestionKind.LAW and paragraph_pieces(query, store, st)[0]:
            continue
        if query.kind == QuestionKind.COMPARE or query.unknown_names or query.unknown_municipalities:
            continue
        if missing and not query.terms:
            query = replace(query, terms=tuple(query_terms(" ".join(missing), store, query.language, keep_references=True)))
        hits = retrieve(query, law_filter(query, store, None), None, settings, store)
        comp = compose(query, hits, st)
        asks = query.kind in QUANTITY_KINDS
        pieces = comp.piece_texts(whole_passage=not asks, quantity=query if asks else None)
        if not hits or not pieces or not query.terms:
            continue
        x = features(query, pieces, [u.text for p in comp.pieces for u in p.units], st)
        found = ask(q.question, settings=settings, store=store).found
        if off_topic:
            out.append(Example(q.id, f"off-topic {_group(raws[q.id])}", False, found, x, off_topic=True))
        else:
            out.append(Example(q.id, _group(raws[q.id]), q.answerable, found, x))
    return out


def collect(off_topic: bool = False) -> list[Example]:
    """The dev examples of both sets; ``off_topic``: also each set's dev questions asked over the other set's index
    (plans questions over the real documents and the other way round), labelled «decline» — the topic-absent
    questions the dev near misses lack."""
    from eval.answers import ensure_realdocs_index, realdocs_settings
    from eval.common import ensure_index, eval_settings
    from eval.questions import DEFAULT_PATH, REALDOCS_PATH

    plans, realdocs = eval_settings(), realdocs_settings()
    ensure_index(plans)
    ensure_realdocs_index(realdocs)
    out = examples_of(DEFAULT_PATH, plans) + examples_of(REALDOCS_PATH, realdocs)
    if off_topic:
        out += examples_of(DEFAULT_PATH, realdocs, off_topic=True) + examples_of(REALDOCS_PATH, plans, off_topic=True)
    return out


# --- models ------------------------------------------------------------------------------------------------------


def fit_logistic(x: np.ndarray, y: np.ndarray, lam: float, steps: int = 50) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; x with a leading column of ones (not penalised)."""
    w = np.zeros(x.shape[1])
    pen = np.full(x.shape[1], lam)
    pen[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (p - y) + pen * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(pen) + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def _balanced(pred: np.ndarray, y: np.ndarray) -> float:
    return float(pred[y == 1].mean() + (1 - pred[y == 0]).mean())


def best_cut(p: np.ndarray, y: np.ndarray) -> float:
    """The probability cut with the most answer rate + decline rate (ties: the lower cut)."""
    cuts = np.unique(np.round(p, 4))
    return float(max(cuts, key=lambda c: (_balanced((p >= c).astype(int), y), -c)))


@dataclass
class Stump:
    feature: int
    cut: float
    left: object  # Stump | float (probability of «answer»)
    right: object


def fit_tree(x: np.ndarray, y: np.ndarray, depth: int = 2, min_leaf: int = 10) -> object:
    """A depth-``depth`` classification tree by exhaustive thresholds (Gini), leaves the share answerable."""
    if depth == 0 or len(y) < 2 * min_leaf or y.min() == y.max():
        return float(y.mean()) if len(y) else 0.5
    best = None
    for j in range(x.shape[1]):
        for c in np.unique(x[:, j])[1:]:
            left = x[:, j] < c
            n_left = int(left.sum())
            if n_left < min_leaf or len(y) - n_left < min_leaf:
                continue
            gini = sum(len(s) * (1 - s.mean() ** 2 - (1 - s.mean()) ** 2) for s in (y[left], y[~left]))
            if best is None or gini < best[0]:
                best = (gini, j, float(c))
    if best is None:
        return float(y.mean())
    _, j, c = best
    left = x[:, j] < c
    return Stump(j, c, fit_tree(x[left], y[left], depth - 1, min_leaf), fit_tree(x[~left], y[~left], depth - 1, min_leaf))


def tree_p(tree: object, row: np.ndarray) -> float:
    while isinstance(tree, Stump):
        tree = tree.left if row[tree.feature] < tree.cut else tree.right
    return float(tree)  # type: ignore[arg-type]


def folds(groups: list[str], k: int = FOLDS) -> list[np.ndarray]:
    """Documents dealt to ``k`` folds, largest first, each to the smallest fold (every question of a document in one)."""
    sizes: dict[str, int] = {}
    for g in groups:
        sizes[g] = sizes.get(g, 0) + 1
    fold_of: dict[str, int] = {}
    load = [0] * k
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        i = load.index(min(load))
        fold_of[g] = i
        load[i] += sizes[g]
    return [np.array([fold_of[g] == i for g in groups]) for i in range(k)]


def cross_validate(ex: list[Example], names: tuple[str, ...], model: str, lam: float = 1.0) -> np.ndarray:
    """Fold-pooled decisions (1 = answer) of ``model`` («logistic» or «tree») on the features ``names``."""
    x = np.array([[e.x[n] for n in names] for e in ex])
    y = np.array([e.answerable for e in ex], dtype=float)
    pred = np.zeros(len(ex))
    for test in folds([e.group for e in ex]):
        train = ~test
        if model == "tree":
            tree = fit_tree(x[train], y[train])
            p_train = np.array([tree_p(tree, r) for r in x[train]])
            p_test = np.array([tree_p(tree, r) for r in x[test]])
        else:
            mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
            z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
            w = fit_logistic(z[train], y[train], lam)
            p_train, p_test = 1 / (1 + np.exp(-z[train] @ w)), 1 / (1 + np.exp(-z[test] @ w))
        pred[test] = p_test >= best_cut(p_train, y[train])
    return pred


def rates(pred: np.ndarray, ex: list[Example]) -> dict[str, object]:
    y = np.array([e.answerable for e in ex])
    off = np.array([e.off_topic for e in ex])
    near = ~y & ~off
    out: dict[str, object] = {
        "answerable": int(y.sum()), "answered": int(pred[y].sum()), "answer rate": float(pred[y].mean()),
        "near misses": int(near.sum()), "declined": int((1 - pred[near]).sum()), "decline rate": float((1 - pred[near]).mean())}
    if off.any():
        out |= {"off-topic": int(off.sum()), "off-topic declined": int((1 - pred[off]).sum())}
    return out


FEATURE_SETS = {
    "evidence alone": ("evidence",),
    "evidence + topic + unknown": ("evidence", "topic_missing", "unknown_share", "unknown_said"),
    "coverage split": ("evidence", "coverage", "quoted_coverage", "no_quantity", "national", "topic_missing",
                       "unknown_share", "unknown_said", "english"),
    "all": FEATURES,
}


@dataclass
class Learned:
    """A logistic decision on raw feature values: answer when the probability reaches ``cut``."""

    weights: dict[str, float]  # per feature, plus "intercept"
    cut: float

    def probability(self, x: dict[str, float]) -> float:
        z = self.weights["intercept"] + sum(w * x[n] for n, w in self.weights.items() if n != "intercept")
        return float(1.0 / (1.0 + np.exp(-z)))


def fit_all(ex: list[Example], names: tuple[str, ...] = FEATURES, lam: float = 0.1) -> Learned:
    """The logistic decision fitted on every example (the cut: most answer rate + decline rate on them)."""
    x = np.array([[e.x[n] for n in names] for e in ex])
    y = np.array([e.answerable for e in ex], dtype=float)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mu) / sd])
    w = fit_logistic(z, y, lam)
    raw = w[1:] / sd
    weights = {"intercept": float(w[0] - (raw * mu).sum()), **{n: float(v) for n, v in zip(names, raw)}}
    return Learned(weights, best_cut(1 / (1 + np.exp(-z @ w)), y))


def use_learned(learned: Learned) -> None:
    """Make ``assistant.evidence.decide`` take the learned decision (this process only; the hard rules before it — no
    passages, a name no document has — stay): evidence is the probability scaled so that the cut meets the threshold."""
    import assistant.evidence as evidence
    from assistant.models import NotFoundReason

    def decide_lexical(query, pieces, st, threshold, read=None):
        if not query.terms:
            return evidence.Decision(False, 0.0, NotFoundReason.WEAK_EVIDENCE)
        p = learned.probability(features(query, pieces, read or [], st))
        scaled = threshold * p / learned.cut if p < learned.cut else \
            threshold + (1 - threshold) * (p - learned.cut) / max(1e-9, 1 - learned.cut)
        return evidence.Decision(p >= learned.cut, scaled, None if p >= learned.cut else NotFoundReason.WEAK_EVIDENCE)

    evidence.decide_lexical = decide_lexical  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval train-decision")
    parser.add_argument("--end-to-end", action="store_true",
                        help="then answer the dev questions (eval answers --set dev) and NorQuAD (eval norquad "
                             "--answers-only) with the logistic decision on all features (λ 0.1) fitted on every example")
    parser.add_argument("--off-topic", action="store_true",
                        help="also fit on each set's dev questions asked over the other set's index, labelled «decline»")
    args = parser.parse_args(argv)
    ex = collect(args.off_topic)
    hand = np.array([e.hand for e in ex], dtype=float)
    rows = [{"decision": "hand rule (assistant/evidence.py)", **rates(hand, ex)}]
    for label, names in FEATURE_SETS.items():
        for lam in LAMBDAS:
            rows.append({"decision": f"logistic, {label}, λ {lam}", **rates(cross_validate(ex, names, "logistic", lam), ex)})
        rows.append({"decision": f"tree depth 2, {label}", **rates(cross_validate(ex, names, "tree"), ex)})
    cols = ["decision", "answerable", "answered", "answer rate", "near misses", "declined", "decline rate",
            *(["off-topic", "off-topic declined"] if args.off_topic else [])]
    print(f"{len(ex)} dev questions judged by evidence ({len({e.group for e in ex})} documents, {FOLDS} folds by document)")
    print(table(rows, cols))
    x = np.array([[e.x[n] for n in FEATURES] for e in ex])
    y = np.array([e.answerable for e in ex], dtype=float)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    w = fit_logistic(np.hstack([np.ones((len(x), 1)), (x - mu) / sd]), y, 1.0)
    weights = {"intercept": float(w[0]), **{n: float(wi / s) for n, wi, s in zip(FEATURES, w[1:], sd)}}
    print("logistic on all dev questions (λ 1), weights per unit of each feature:")
    print(table([{"feature": n, "weight": round(v, 3)} for n, v in weights.items()], ["feature", "weight"]))
    learned = fit_all(ex)
    write_result("train-decision-off-topic" if args.off_topic else "train-decision", {"rows": rows, "weights": weights, "questions": len(ex),
                                    "end-to-end": {"weights": learned.weights, "cut": learned.cut}})
    if args.end_to_end:
        from eval import answers, norquad

        print(f"\nEnd to end with the logistic decision (all features, λ 0.1; cut {learned.cut:.3f}):")
        use_learned(learned)
        answers.main(["--set", "dev"])
        norquad.main(["--answers-only"])
    return 0
