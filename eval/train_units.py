"""python -m eval train-units — learn which unit of a passage answers (the weights of assistant/unitscore.py) from
questions nobody on the team wrote: NorQuAD's raw annotation rounds (ltgoslo, CC0).

Data. ``annotation/{news,wikipedia}/answers_{1,2}.json`` hold 3,550 questions over 755 passages, a superset of the
official validation and test passages. Only passages whose context is in neither ``evaluation/all/test`` nor
``validation`` are trained on (274 passages), so NorQuAD test stays a clean check. The passages are written as text
files and ingested through the product's own pipeline (``eval/work/norquad-train/``, lexical only); each question is
analysed by the product's query parsing (terms, kind, what a «hvor mange» counts), its passages are retrieved as the
product retrieves them, and every unit that may answer in them (assistant/units.py) is one candidate, with its
passage's rank — as the composer meets them. Label: the units of the question's own passage that hold the annotated
answer text (of several, the one sharing most words with the answer's sentence). Questions whose retrieved passages
hold no answer are left out.

Model. A conditional logit over a question's candidate units (several positives allowed): P(unit) ∝ exp(τ · w·x),
with an L2 pull of ``w`` towards a prior — the hand-set weights (``HAND_WEIGHTS``, default) or zero. The features of
lists and tables (``STRUCTURAL``) are not learned (NorQuAD is prose) and keep their prior. τ and the pull λ are
chosen by 5-fold cross-validation grouped by passage (held-out log-likelihood; top-1 and top-3 reported).
``--with-dev`` adds the dev questions of the plans and real documents (even ids; gold quote → its units; never the
blind check r1000–r1048, never odd ids). The feature groups are cached in ``eval/work/norquad-train/`` per version
of the code that computes them.

    python -m eval train-units                   # fit; print the cross-validation table and NorQuAD test top-1/3
    python -m eval train-units --write           # … and write LEARNED_WEIGHTS to assistant/unitweights.py
    python -m eval train-units --write --ship    # … and make the product use them (WEIGHTS = LEARNED_WEIGHTS)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.units import split_units
from assistant.unitscore import FEATURE_NAMES, unit_features
from assistant.unitweights import HAND_WEIGHTS
from eval.common import WORK, table, write_result
from eval.norquad import DEFAULT_DATA, answer_sentence, load_split, write_passages
from eval.questions import normalize, quote_in

TRAIN_WORK = WORK / "norquad-train"
WEIGHTS_PY = Path(__file__).resolve().parent.parent / "assistant" / "unitweights.py"
TAUS = (2.0, 5.0, 10.0)
LAMBDAS = (0.001, 0.01, 0.1)  # per group: the pull towards the prior, relative to the mean log-likelihood
FOLDS = 5
# NorQuAD's passages are prose: the features of lists and tables are not learned from them but keep their prior
STRUCTURAL = frozenset({"list_by_lead", "list_by_heading", "list_other", "lead", "item", "row"})
BLIND = re.compile(r"^r10[0-4]\d$")  # learned1's own blind check (r1000–r1048): never trained on


@dataclass
class Group:
    """The units of one chunk for one question: features (units × features) and which units hold the answer."""

    x: np.ndarray
    y: np.ndarray  # bool per unit
    key: str  # passage (the cross-validation group)


# --- NorQuAD annotation rounds --------------------------------------------------------------------------------
def annotation_rows(data_dir: Path) -> list[dict]:
    """Every annotated question of the raw rounds: context, question, answer text and span."""
    rows = []
    for path in sorted((Path(data_dir) / "annotation").glob("*/answers_*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for article in raw["data"]:
            for para in article["paragraphs"]:
                for qa in para["qas"]:
                    if qa.get("is_impossible") or not qa.get("answers"):
                        continue
                    ans = qa["answers"][0]
                    rows.append({"context": para["context"], "question": qa["question"], "answer": ans["text"],
                                 "start": ans["answer_start"],
                                 "end": ans.get("answer_end", ans["answer_start"] + len(ans["text"]))})
    return rows


def evaluation_contexts(data_dir: Path) -> set[str]:
    """The normalised contexts of the official test and validation splits (never trained on)."""
    return {normalize(r["context"]) for split in ("test", "validation") for r in load_split(data_dir, split)}


def training_rows(data_dir: Path) -> list[dict]:
    held = evaluation_contexts(data_dir)
    return [r for r in annotation_rows(data_dir) if normalize(r["context"]) not in held]


def write_corpus(rows: list[dict], corpus_dir: Path) -> dict[str, str]:
    """The training passages as text files (+ manifest); returns context → file name."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    for r in rows:
        names.setdefault(r["context"], f"norquad-train-{len(names) + 1:04d}.txt")
    write_passages(corpus_dir, names)
    return names


def _overlap(a: str, b: str) -> int:
    return len(set(normalize(a).split()) & set(normalize(b).split()))


def answer_units(units, answer: str, sentence: str) -> list[int]:
    """The units holding the answer text; of several, those sharing most words with the answer's sentence."""
    holding = [i for i, u in enumerate(units) if quote_in(answer, u.text)]
    if len(holding) <= 1:
        return holding
    best = max(_overlap(units[i].text, sentence) for i in holding)
    return [i for i in holding if _overlap(units[i].text, sentence) == best]


def chunk_groups(store, settings, items: list[tuple[str, str, list[str], str]]) -> list[Group]:
    """Groups for (question, source file, gold texts, cross-validation key) items over ``store``, as the composer
    meets them: every unit that may answer in the passages retrieved for the question (with their rank); the
    positives are the units of the gold source's passages that hold a gold text. A question whose retrieved passages
    hold no gold is left out (retrieval missed; no unit choice can mend it)."""
    from assistant.query import analyse
    from assistant.retrieve import retrieve
    from assistant.termstats import term_stats
    from assistant.units import is_reference_list, may_answer

    st = term_stats(store)
    out: list[Group] = []
    for question, source, golds, key in items:
        query = analyse(question, store)
        if not query.terms:
            continue
        rows, labels = [], []
        for hi, hit in enumerate(retrieve(query, None, None, settings, store)):
            units = split_units(hit.chunk.text)
            if is_reference_list(units):
                continue
            headings = {h.strip() for h in hit.chunk.section}
            pos: set[int] = set()
            if hit.meta.source == source:
                for gold in golds:
                    pos |= gold_units(units, gold)
            heading = " ".join([*hit.chunk.section, hit.meta.title, hit.meta.short_name])
            nearest = hit.chunk.section[-1] if hit.chunk.section else ""
            for i, u in enumerate(units):
                if may_answer(u, headings):
                    rows.append(unit_features(query, units, i, heading, st, nearest, hi).vector())
                    labels.append(i in pos)
        if any(labels) and len(labels) >= 2:
            out.append(Group(np.array(rows, dtype=float), np.array(labels), key))
    return out


def gold_units(units, gold: str) -> set[int]:
    """Units that hold ``gold`` («answer | sentence» for NorQuAD; a gold quote for our questions): the unit holding
    the whole quote, else every unit that lies inside it (a quote over a lead line and its items)."""
    if "\x00" in gold:  # NorQuAD: answer text and its sentence
        answer, sentence = gold.split("\x00")
        return set(answer_units(units, answer, sentence))
    whole = [i for i, u in enumerate(units) if quote_in(gold, u.text)]
    if whole:
        return set(whole)
    return {i for i, u in enumerate(units) if len(normalize(u.text).split()) >= 3 and quote_in(u.text, gold)}


def norquad_items(rows: list[dict], names: dict[str, str]) -> list[tuple[str, str, list[str], str]]:
    return [(r["question"], names[r["context"]], [f"{r['answer']}\x00{answer_sentence(r['context'], r['start'], r['end'])}"],
             names[r["context"]]) for r in rows]


def ingest_into(paths: list[Path], data_dir: Path, **overrides):
    """Ingest ``paths`` into ``data_dir`` (incremental) and open its store."""
    from assistant.errors import IndexMismatch
    from assistant.settings import Settings
    from assistant.store import open_store
    from ingest.run import run

    settings = Settings(data_dir=data_dir, **overrides)
    try:
        run(paths, settings=settings, prune=True)
    except IndexMismatch:
        run(paths, settings=settings, prune=True, rebuild=True)
    return open_store(settings), settings


def norquad_train_groups(data_dir: Path) -> list[Group]:
    rows = training_rows(data_dir)
    names = write_corpus(rows, TRAIN_WORK / "corpus")
    # features need no vectors; retrieval is lexical as the default is (dense weight 0 without vectors)
    store, settings = ingest_into([TRAIN_WORK / "corpus"], TRAIN_WORK / "data", ingest_vectors="off")
    return chunk_groups(store, settings, norquad_items(rows, names))


def norquad_test_groups(data_dir: Path) -> list[Group]:
    """NorQuAD test questions over the NorQuAD test+validation index (as ``python -m eval norquad`` builds it)."""
    from eval.norquad import NORQUAD_WORK, build_corpus

    items, _ = build_corpus(data_dir, NORQUAD_WORK / "corpus")
    store, settings = ingest_into([NORQUAD_WORK / "corpus"], NORQUAD_WORK / "data")
    return chunk_groups(store, settings, [(it.question, it.source, [f"{it.answer}\x00{it.sentence}"], it.source) for it in items])


def dev_groups() -> list[Group]:
    """Our dev questions (even ids, answerable; never the blind check r1000–r1048) over their indexes."""
    from assistant.store import open_store
    from eval.answers import REALDOCS_PATH, ensure_realdocs_index, realdocs_settings
    from eval.common import ensure_index, eval_settings
    from eval.questions import load_questions, split_of

    out: list[Group] = []
    for settings, path, ensure in ((eval_settings(), None, ensure_index),
                                   (realdocs_settings(), REALDOCS_PATH, ensure_realdocs_index)):
        ensure(settings)
        qs = load_questions(path) if path else load_questions()
        items = [(q.question, g.source, [g.quote], f"dev-{q.id}") for q in qs
                 if q.answerable and split_of(q.id) == "dev" and not BLIND.match(q.id) for g in q.gold]
        out += chunk_groups(open_store(settings), settings, items)
    return out


def cached(name: str, make):
    """Groups made once per version of the code that computes them (features, units, coverage, query parsing)."""
    import hashlib
    import pickle

    root = Path(__file__).resolve().parent.parent
    import inspect

    code = b"".join((root / f).read_bytes() for f in ("assistant/unitscore.py", "assistant/units.py",
                    "assistant/unitcontext.py", "assistant/coverage.py", "assistant/query.py"))
    code += "".join(inspect.getsource(f) for f in (chunk_groups, gold_units, answer_units, norquad_items,
                                                   training_rows, annotation_rows)).encode()
    path = TRAIN_WORK / f"groups-{name}-{hashlib.sha256(code).hexdigest()[:12]}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    groups = make()
    TRAIN_WORK.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(groups))
    return groups


# --- the model ------------------------------------------------------------------------------------------------
def padded(groups: list[Group]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Groups as arrays: features (groups × units × features, zero-padded), unit mask, positive mask."""
    g, u, d = len(groups), max((len(x.y) for x in groups), default=1), len(FEATURE_NAMES)
    x = np.zeros((g, u, d))
    mask = np.zeros((g, u), dtype=bool)
    pos = np.zeros((g, u), dtype=bool)
    for k, grp in enumerate(groups):
        n = len(grp.y)
        x[k, :n], mask[k, :n], pos[k, :n] = grp.x, True, grp.y
    return x, mask, pos


def fit(groups: list[Group], prior: np.ndarray, tau: float, lam: float, steps: int = 200,
        fixed: np.ndarray | None = None) -> np.ndarray:
    """``w`` minimising the mean negative log-likelihood of the conditional logit P(unit) ∝ exp(τ w·x) (several
    positives: the probability of the set) plus ``lam`` · |w − prior|² — gradient descent with backtracking;
    ``fixed``: features (a bool per feature) that keep their prior."""
    x, mask, pos = padded(groups)
    free = np.ones(len(prior)) if fixed is None else (~fixed).astype(float)
    n = max(len(groups), 1)

    def loss_grad(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = np.where(mask, tau * (x @ w), -np.inf)
        zp = np.where(pos, z, -np.inf)
        # log-sum-exp of all units and of the positives, each shifted by its own maximum (no underflow)
        m_all, m_pos = z.max(axis=1, keepdims=True), zp.max(axis=1, keepdims=True)
        e, ep = np.exp(z - m_all), np.exp(zp - m_pos)
        s_all, s_pos = e.sum(axis=1), ep.sum(axis=1)
        nll = -((np.log(s_pos) + m_pos[:, 0]) - (np.log(s_all) + m_all[:, 0])).sum()
        p_all, p_pos = e / s_all[:, None], ep / s_pos[:, None]
        grad = -tau * np.einsum("gu,gud->d", p_pos - p_all, x)
        d = w - prior
        return float(nll) / n + lam * float(d @ d), (grad / n + 2 * lam * d) * free

    w = prior.astype(float).copy()
    f, g = loss_grad(w)
    step = 1.0
    for _ in range(steps):
        while step > 1e-10:
            cand = w - step * g
            fc, gc = loss_grad(cand)
            if fc <= f - 1e-4 * step * float(g @ g):
                break
            step /= 2
        else:
            break
        done = f - fc < 1e-8
        w, f, g = cand, fc, gc
        if done:
            break
        step *= 2
    return w


def log_likelihood(groups: list[Group], w: np.ndarray, tau: float) -> float:
    """Mean log-probability of the labelled units (the model's own measure; smoother than top-1)."""
    total = 0.0
    for g in groups:
        z = tau * (g.x @ w)
        m = z.max()
        total += np.log(np.exp(z[g.y] - m).sum()) - np.log(np.exp(z - m).sum())
    return total / max(len(groups), 1)


def topk(groups: list[Group], w: np.ndarray, k: int) -> float:
    """Share of groups with a labelled unit among the ``k`` highest-scoring (the composer quotes up to four)."""
    if not groups:
        return 0.0
    return sum(bool(g.y[np.argsort(-(g.x @ w), kind="stable")[:k]].any()) for g in groups) / len(groups)


def top1(groups: list[Group], w: np.ndarray) -> float:
    """Share of groups whose highest-scoring unit holds the answer (ties: the first, as the composer sorts)."""
    if not groups:
        return 0.0
    return sum(bool(g.y[int(np.argmax(g.x @ w))]) for g in groups) / len(groups)


def folds(groups: list[Group], k: int = FOLDS) -> list[tuple[list[Group], list[Group]]]:
    """k train/validation splits, grouped by passage (a passage's questions never on both sides)."""
    keys = sorted({g.key for g in groups})
    rng = np.random.default_rng(13)
    order = {key: i % k for i, key in enumerate(rng.permutation(keys))}
    return [([g for g in groups if order[g.key] != f], [g for g in groups if order[g.key] == f]) for f in range(k)]


def fixed_mask() -> np.ndarray:
    return np.array([n in STRUCTURAL for n in FEATURE_NAMES])


def cross_validate(groups: list[Group], priors: dict[str, np.ndarray]) -> list[dict]:
    """Per prior, τ and λ: the held-out folds' mean log-likelihood, top-1 and top-3."""
    rows = []
    splits = folds(groups)
    for name, prior in priors.items():
        for tau in TAUS:
            for lam in LAMBDAS:
                ws = [fit(tr, prior, tau, lam, fixed=fixed_mask()) for tr, _ in splits]
                rows.append({"prior": name, "tau": tau, "lambda": lam,
                             "cv log-lik": float(np.mean([log_likelihood(v, w, tau) for (_, v), w in zip(splits, ws, strict=True)])),
                             "cv top-1": float(np.mean([top1(v, w) for (_, v), w in zip(splits, ws, strict=True)])),
                             "cv top-3": float(np.mean([topk(v, w, 3) for (_, v), w in zip(splits, ws, strict=True)]))})
    return rows


USE_LEARNED = "#: What the product uses: the learned weights (``--ship``; eval/README, eleventh round)."
USE_HAND = ("#: What the product uses: the hand weights. The learned ones lost dev realdocs answers and NorQuAD answered\n"
            "#: questions, left the blind check where it was and doubled p95 (eval/README, eleventh round).")


def weights_module(w: dict[str, float], provenance: str, ship: bool) -> str:
    use = USE_LEARNED if ship else USE_HAND
    body = ",\n    ".join(f'"{k}": {v:.4f}' for k, v in w.items())
    hand = (",\n    ".join(f'"{k}": {v}' for k, v in HAND_WEIGHTS.items()))
    return f'''"""The weights of the unit score (assistant/unitscore.py ``UnitFeatures``): which unit of a passage becomes the answer.

``HAND_WEIGHTS`` are the scorer as ten rounds of hand-written rules left it (base coverage, the bonuses for the
number asked for, a named list, a definition, a reason, an opinion, the subject first, and the long-unit penalty) —
the prior the learning pulls towards; ``WEIGHTS`` are what the product uses. Regenerate with
``python -m eval train-units --write`` (eval/train_units.py).

{provenance}
"""

from __future__ import annotations

HAND_WEIGHTS: dict[str, float] = {{
    {hand},
}}

LEARNED_WEIGHTS: dict[str, float] = {{
    {body},
}}

{use}
WEIGHTS: dict[str, float] = {"LEARNED_WEIGHTS" if ship else "dict(HAND_WEIGHTS)"}
'''


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval train-units")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"NorQuAD folder (default {DEFAULT_DATA})")
    parser.add_argument("--with-dev", action="store_true",
                        help="also train on the dev questions of plans + realdocs (even ids; never r1000–r1048)")
    parser.add_argument("--prior", choices=("hand", "zero", "cv"), default="hand",
                        help="what the weights are pulled towards: the hand-set weights (default; features the data "
                             "says little about keep them), zero, or whichever cross-validates best")
    parser.add_argument("--write", action="store_true",
                        help="write the learned weights to assistant/unitweights.py (LEARNED_WEIGHTS)")
    parser.add_argument("--ship", action="store_true",
                        help="with --write: the product uses the learned weights (WEIGHTS = LEARNED_WEIGHTS); without, "
                             "it keeps the hand weights")
    args = parser.parse_args(argv)
    if not (args.data / "annotation").is_dir():
        print(f"Fant ikke NorQuAD-annoteringene i {args.data}/annotation")
        return 2
    train = cached("train", lambda: norquad_train_groups(args.data))
    test = cached("test", lambda: norquad_test_groups(args.data))
    extra = cached("dev", dev_groups) if args.with_dev else []
    hand = np.array([HAND_WEIGHTS.get(n, 0.0) for n in FEATURE_NAMES])
    priors = {name: p for name, p in (("hand", hand), ("zero", np.zeros(len(FEATURE_NAMES))))
              if args.prior in (name, "cv")}
    data = train + extra
    print(f"NorQuAD training groups: {len(train)} (passages {len({g.key for g in train})}); dev groups: {len(extra)}; "
          f"NorQuAD test groups: {len(test)}; features: {len(FEATURE_NAMES)}")
    cv = cross_validate(data, priors)
    hand_cv = float(np.mean([top1(val, hand) for _, val in folds(data)]))
    hand_cv3 = float(np.mean([topk(val, hand, 3) for _, val in folds(data)]))
    print(table(cv, ["prior", "tau", "lambda", "cv log-lik", "cv top-1", "cv top-3"]))
    chosen = [r for r in cv if args.prior == "cv" or r["prior"] == args.prior]
    best = max(chosen, key=lambda r: r["cv log-lik"])  # the model's own measure (top-1 moves by single questions)
    w = fit(data, priors[best["prior"]], best["tau"], best["lambda"], fixed=fixed_mask())
    learned = dict(zip(FEATURE_NAMES, (float(v) for v in w), strict=True))
    figures = {"cv top-1 hand weights": hand_cv, "cv top-1 learned": best["cv top-1"],
               "cv top-3 hand weights": hand_cv3, "cv top-3 learned": best["cv top-3"],
               "norquad test top-1 hand weights": top1(test, hand), "norquad test top-1 learned": top1(test, w),
               "norquad test top-3 hand weights": topk(test, hand, 3), "norquad test top-3 learned": topk(test, w, 3)}
    if extra:
        figures |= {"dev top-1 hand weights (in training)": top1(extra, hand),
                    "dev top-1 learned (in training)": top1(extra, w)}
    print(f"\nChosen: prior {best['prior']}, tau {best['tau']}, lambda {best['lambda']}")
    print(table([{"figure": k, "value": v} for k, v in figures.items()], ["figure", "value"]))
    print(table([{"feature": n, "hand": HAND_WEIGHTS.get(n, 0.0), "learned": v} for n, v in learned.items()],
                ["feature", "hand", "learned"]))
    result = {"training groups": len(train), "dev groups": len(extra), "test groups": len(test), "cv": cv,
              "chosen": best, "figures": figures, "weights": learned, "with_dev": args.with_dev}
    path = write_result("train-units" + ("-with-dev" if args.with_dev else ""), result)
    print(f"\nSkrev {path}")
    if args.write:
        provenance = (
            f"Learned {dt.date.today().isoformat()} by ``python -m eval train-units --prior {args.prior}"
            f"{' --with-dev' if args.with_dev else ''} --write{' --ship' if args.ship else ''}``\nfrom NorQuAD's annotation rounds (CC0; passages in neither official test nor validation): "
            f"{len(train)} questions (each with every unit of the passages retrieved for it)\nover {len({g.key for g in train})} passages"
            + (f", plus {len(extra)} groups of our dev questions" if extra else "")
            + f". Conditional logit over those units, prior {best['prior']},\ntau {best['tau']}, lambda "
            f"{best['lambda']} (5-fold CV by passage, best held-out log-likelihood; list and table features kept at their prior). Top-1 / top-3 unit: CV {best['cv top-1']:.3f} / "
            f"{best['cv top-3']:.3f} (hand weights {hand_cv:.3f} / {hand_cv3:.3f});\nNorQuAD test "
            f"{figures['norquad test top-1 learned']:.3f} / {figures['norquad test top-3 learned']:.3f} (hand weights "
            f"{figures['norquad test top-1 hand weights']:.3f} / {figures['norquad test top-3 hand weights']:.3f}).")
        provenance = textwrap.fill(" ".join(provenance.split()), width=116)
        WEIGHTS_PY.write_text(weights_module(learned, provenance, args.ship), encoding="utf-8")
        print(f"Skrev {WEIGHTS_PY}")
    return 0
