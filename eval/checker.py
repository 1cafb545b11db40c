"""Checker quality against the labelled gold set (eval/checker_gold.jsonl).

Goal precision/recall: a predicted goal matches a gold goal of the same source when their
normalised token sets have Jaccard ≥ 0.5 or one text contains the other (one-to-one, best
pairs first). has-measure and has-indicator accuracy are computed over matched goals.
Predicted goals that match a "not a goal" trap are counted as false positives and listed.

    python -m eval.checker            # prints the tables, writes eval/results/checker.json
    python -m eval checker --show-held-out   # also prints the held-out plans' per-goal errors

The seed plans (corpus/, checker_gold.jsonl) and the real plans (eval/checker_real.py,
checker_gold_real.jsonl; dev and held-out side by side) are both reported.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.checker import check_plans
from assistant.models import Block, DocumentMeta

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "checker_gold.jsonl"
CORPUS = ROOT / "corpus"
RESULTS = ROOT / "eval" / "results" / "checker.json"


@dataclass(frozen=True)
class GoldGoal:
    source: str
    goal: str
    section: str
    has_measure: bool
    has_indicator: bool
    measure_quote: str | None
    indicator_quote: str | None
    note: str
    trap: bool = False


def load_gold(path: Path = GOLD) -> list[GoldGoal]:
    out: list[GoldGoal] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(GoldGoal(r["source"], r["goal"], r.get("section", ""), bool(r["has_measure"]),
                                bool(r["has_indicator"]), r.get("measure_quote"), r.get("indicator_quote"),
                                r.get("note", ""), bool(r.get("trap", False))))
    return out


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s).lower()


def verify_gold(gold: list[GoldGoal], corpus: Path = CORPUS) -> list[str]:
    """Problems: quotes (goal, measure, indicator) that do not occur in the raw plan text,
    compared without whitespace and with line-end hyphens both kept and joined."""
    problems: list[str] = []
    cache: dict[str, tuple[str, str]] = {}
    for g in gold:
        if g.source not in cache:
            raw = (corpus / g.source).read_text(encoding="utf-8")
            cache[g.source] = (_squash(raw), _squash(re.sub(r"-[ \t]*\n\s*", "", raw)))
        kept, joined = cache[g.source]
        for name, q in (("goal", g.goal), ("measure_quote", g.measure_quote), ("indicator_quote", g.indicator_quote)):
            if q and _squash(q) not in kept and _squash(q) not in joined:
                problems.append(f"{g.source}: {name} finnes ikke i teksten: {q[:80]!r}")
    return problems


def tokens(text: str) -> set[str]:
    return {t for t in re.sub(r"[^0-9a-zæøå]+", " ", text.lower()).split() if len(t) > 1}


def similarity(a: str, b: str) -> float:
    """1.0 when one normalised text contains the other (≥ 3 tokens), else token Jaccard."""
    ka, kb = " ".join(re.sub(r"[^0-9a-zæøå]+", " ", a.lower()).split()), " ".join(
        re.sub(r"[^0-9a-zæøå]+", " ", b.lower()).split())
    short = min((ka, kb), key=len)
    if len(short.split()) >= 3 and (ka in kb or kb in ka):
        return 1.0
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta and tb else 0.0


def _match(preds: list[str], golds: list[str], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    pairs = sorted(((similarity(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)),
                   reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out: list[tuple[int, int, float]] = []
    for s, i, j in pairs:
        if s < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, s))
    return out


def evaluate(gold_path: Path, docs: list[tuple[DocumentMeta, list[Block]]]) -> dict:
    """Goal precision/recall and link accuracy of the checker on ``docs`` against the gold set."""
    gold = load_gold(gold_path)
    result = check_plans(docs)
    per_plan: dict[str, dict] = {}
    tot = {"pred": 0, "gold": 0, "matched": 0, "measure_ok": 0, "indicator_ok": 0, "trap_hits": 0}
    errors: list[dict] = []
    for plan in result.plans:
        src = plan.meta.source
        real = [g for g in gold if g.source == src and not g.trap]
        traps = [g for g in gold if g.source == src and g.trap]
        preds = plan.goals
        m = _match([p.goal.text for p in preds], [g.goal for g in real])
        matched_p = {i for i, _, _ in m}
        matched_g = {j for _, j, _ in m}
        measure_ok = indicator_ok = 0
        for i, j, _s in m:
            p, g = preds[i], real[j]
            measure_ok += p.has_measure == g.has_measure
            indicator_ok += p.has_indicator == g.has_indicator
            if p.has_measure != g.has_measure or p.has_indicator != g.has_indicator:
                errors.append({"source": src, "kind": "link", "goal": g.goal,
                               "gold": {"measure": g.has_measure, "indicator": g.has_indicator},
                               "pred": {"measure": p.has_measure, "indicator": p.has_indicator}})
        unmatched = [k for k in range(len(preds)) if k not in matched_p]
        trap_m = _match([preds[k].goal.text for k in unmatched], [t.goal for t in traps])
        trap_idx = {unmatched[i] for i, _, _ in trap_m}
        for k in unmatched:
            errors.append({"source": src, "kind": "trap" if k in trap_idx else "false_positive",
                           "goal": preds[k].goal.text, "section": preds[k].goal.section})
        for j, g in enumerate(real):
            if j not in matched_g:
                errors.append({"source": src, "kind": "missed", "goal": g.goal, "section": g.section})
        per_plan[src] = {"pred": len(preds), "gold": len(real), "matched": len(m), "trap_hits": len(trap_idx),
                         "measure_ok": measure_ok, "indicator_ok": indicator_ok}
        for key in tot:
            tot[key] += per_plan[src][key]

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 1.0

    metrics = {
        "goal_precision": ratio(tot["matched"], tot["pred"]),
        "goal_recall": ratio(tot["matched"], tot["gold"]),
        "has_measure_accuracy": ratio(tot["measure_ok"], tot["matched"]),
        "has_indicator_accuracy": ratio(tot["indicator_ok"], tot["matched"]),
        "trap_hits": tot["trap_hits"],
        "predicted_goals": tot["pred"],
        "gold_goals": tot["gold"],
        "matched_goals": tot["matched"],
    }
    return {"metrics": metrics, "per_plan": per_plan, "errors": errors,
            "targets": {"goal_recall": 0.9, "goal_precision": 0.85, "has_measure_accuracy": 0.9,
                        "has_indicator_accuracy": 0.9}}


def load_corpus(corpus: Path = CORPUS) -> list[tuple[DocumentMeta, list[Block]]]:
    """The seed plans through the ingest parse functions (read_pages → clean_pages → detect_blocks)."""
    from ingest.clean import clean_pages
    from ingest.manifest import read_manifest
    from ingest.readers import read_pages
    from ingest.structure import detect_blocks

    manifest = read_manifest(corpus)
    docs: list[tuple[DocumentMeta, list[Block]]] = []
    for name, meta in sorted(manifest.items()):
        docs.append((meta, detect_blocks(clean_pages(read_pages(corpus / name)))))
    return docs


def main(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    show_held_out = "--show-held-out" in argv
    gold = load_gold(GOLD)
    problems = verify_gold(gold)
    for p in problems:
        print("GULLSETT:", p, file=sys.stderr)
    report = evaluate(GOLD, load_corpus())
    report["gold_problems"] = problems
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    m = report["metrics"]
    print(f"{'plan':58} {'pred':>4} {'gull':>4} {'treff':>5} {'tiltak':>6} {'indik':>5} {'feller':>6}")
    for src, r in report["per_plan"].items():
        print(f"{src[:58]:58} {r['pred']:>4} {r['gold']:>4} {r['matched']:>5} {r['measure_ok']:>6} "
              f"{r['indicator_ok']:>5} {r['trap_hits']:>6}")
    print()
    for key, target in report["targets"].items():
        ok = "OK " if m[key] >= target else "LAV"
        print(f"{ok} {key:24} {m[key]:.3f}  (mål ≥ {target})")
    print(f"    feller truffet (ikke-mål tatt som mål): {m['trap_hits']}")
    from .checker_real import print_real, run

    real = run(show_held_out)
    report["real_plans"] = real
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print("\nEkte planer (eval/checker_gold_real.jsonl; held-out ikke lest under regelarbeidet):")
    print_real(real, show_held_out)
    print(f"    skrev {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
