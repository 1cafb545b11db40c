"""Checker quality on real plans nobody on the team wrote (eval/checker_gold_real.jsonl).

The plans come from ``/work/shared/real_docs`` through ``eval/realdocs.prepare_real_docs`` and
are read the way the product reads an upload (``ingest.parse.parse_document``). Gold goals are
short quotes; a predicted goal matches a gold goal when the quote stands in it (or token Jaccard
≥ 0.5), one-to-one. Per plan: goal recall, precision, has-measure and has-indicator accuracy over
matched goals, page agreement, inherited marking and the plan-wide flags.

Held-out plans (``"split": "held-out"``) were chosen and labelled before any rule was written and
are not read while writing rules: their per-goal errors are not printed unless ``--show-held-out``.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.checker import check_plans
from assistant.models import Block, DocumentMeta

from .checker import _match

ROOT = Path(__file__).resolve().parent.parent
GOLD_REAL = ROOT / "eval" / "checker_gold_real.jsonl"
WORK = ROOT / "eval" / "work" / "realdocs"
TARGETS = {"goal_recall": 0.85, "goal_precision": 0.80, "has_measure_accuracy": 0.85, "has_indicator_accuracy": 0.85}


@dataclass(frozen=True)
class RealGoal:
    quote: str
    page: str | None
    section: str
    has_measure: bool
    has_indicator: bool
    inherited: bool = False
    trap: bool = False


@dataclass
class RealPlanGold:
    plan: str  # file stem of the prepared document
    split: str  # "dev" / "held-out"
    flags: list[str] = field(default_factory=list)
    goals: list[RealGoal] = field(default_factory=list)
    traps: list[RealGoal] = field(default_factory=list)


def load_real_gold(path: Path = GOLD_REAL) -> dict[str, RealPlanGold]:
    plans: dict[str, RealPlanGold] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        p = plans.setdefault(r["plan"], RealPlanGold(r["plan"], r["split"]))
        p.split = r["split"]
        if "plan_flags" in r:
            p.flags = list(r["plan_flags"])
        if "goal" in r:
            g = RealGoal(r["goal"], r.get("page"), r.get("section", ""), bool(r["has_measure"]),
                         bool(r["has_indicator"]), bool(r.get("inherited", False)), bool(r.get("trap", False)))
            (p.traps if g.trap else p.goals).append(g)
    return plans


def load_real_docs(work: Path = WORK, stems: set[str] | None = None) -> list[tuple[DocumentMeta, list[Block]]]:
    """The real plans prepared by eval/realdocs and parsed as the product parses an upload."""
    from eval.realdocs import prepare_real_docs
    from ingest.manifest import read_manifest
    from ingest.parse import parse_document

    paths = prepare_real_docs(work)
    manifest = read_manifest(work)
    out = []
    for p in paths:
        if stems is not None and p.stem not in stems:
            continue
        doc = parse_document(p, manifest.get(p.name))
        out.append((doc.meta, doc.blocks))
    return out


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def evaluate_real(gold: dict[str, RealPlanGold], docs: list[tuple[DocumentMeta, list[Block]]]) -> dict:
    result = check_plans(docs)
    per_plan: dict[str, dict] = {}
    errors: list[dict] = []
    for plan in result.plans:
        stem = Path(plan.meta.source).stem
        if stem not in gold:
            continue
        pg = gold[stem]
        preds = plan.goals
        m = _match([p.goal.text for p in preds], [g.quote for g in pg.goals])
        matched_p = {i for i, _, _ in m}
        r: dict[str, Any] = {"split": pg.split, "pred": len(preds), "gold": len(pg.goals), "matched": len(m), "measure_ok": 0,
             "indicator_ok": 0, "page_ok": 0, "page_n": 0, "inherited_ok": 0, "trap_hits": 0}
        for i, j, _s in m:
            p, g = preds[i], pg.goals[j]
            r["measure_ok"] += p.has_measure == g.has_measure
            r["indicator_ok"] += p.has_indicator == g.has_indicator
            r["inherited_ok"] += p.goal.inherited == g.inherited
            if g.page is not None:
                r["page_n"] += 1
                r["page_ok"] += str(p.goal.page_label or p.goal.page or "") == g.page
            if (p.has_measure, p.has_indicator, p.goal.inherited) != (g.has_measure, g.has_indicator, g.inherited):
                errors.append({"plan": stem, "split": pg.split, "kind": "link", "goal": g.quote,
                               "gold": [g.has_measure, g.has_indicator, g.inherited],
                               "pred": [p.has_measure, p.has_indicator, p.goal.inherited],
                               "measures": [e.text[:80] for e in p.measures[:3]],
                               "indicators": [e.text[:80] for e in p.indicators[:3]]})
        unmatched = [k for k in range(len(preds)) if k not in matched_p]
        trap_m = _match([preds[k].goal.text for k in unmatched], [t.quote for t in pg.traps])
        trap_idx = {unmatched[i] for i, _, _ in trap_m}
        r["trap_hits"] = len(trap_idx)
        for k in unmatched:
            errors.append({"plan": stem, "split": pg.split, "kind": "trap" if k in trap_idx else "false_positive",
                           "goal": preds[k].goal.text[:200], "origin": preds[k].goal.origin,
                           "page": preds[k].goal.page})
        matched_g = {j for _, j, _ in m}
        for j, g in enumerate(pg.goals):
            if j not in matched_g:
                errors.append({"plan": stem, "split": pg.split, "kind": "missed", "goal": g.quote, "page": g.page})
        predicted_flags = sorted(str(f.code) for f in plan.flags)
        r["flags_gold"] = sorted(pg.flags)
        r["flags_pred"] = predicted_flags
        r["flags_ok"] = set(pg.flags) == set(predicted_flags)
        r.update(_metrics(r))
        per_plan[stem] = r
    splits = {}
    for split in ("dev", "held-out"):
        tot: dict[str, Any] = {k: sum(r[k] for r in per_plan.values() if r["split"] == split)
               for k in ("pred", "gold", "matched", "measure_ok", "indicator_ok", "page_ok", "page_n", "trap_hits")}
        tot["flags_ok"] = sum(1 for r in per_plan.values() if r["split"] == split and r["flags_ok"])
        tot["plans"] = sum(1 for r in per_plan.values() if r["split"] == split)
        tot.update(_metrics(tot))
        splits[split] = tot
    return {"per_plan": per_plan, "splits": splits, "errors": errors, "targets": TARGETS}


def _metrics(r: dict) -> dict:
    return {
        "goal_recall": _ratio(r["matched"], r["gold"]),
        "goal_precision": _ratio(r["matched"], r["pred"]),
        "has_measure_accuracy": _ratio(r["measure_ok"], r["matched"]),
        "has_indicator_accuracy": _ratio(r["indicator_ok"], r["matched"]),
        "page_accuracy": _ratio(r["page_ok"], r["page_n"]),
    }


def _acc(r: dict, key: str, width: int = 6) -> str:
    """An accuracy over matched goals, «–» when no goal matched (nothing to judge)."""
    return f"{'–':>{width}}" if not r["matched"] else f"{r[key]:>{width}.3f}"


def print_real(report: dict, show_held_out: bool = False, out=sys.stdout) -> None:
    head = f"{'plan':50} {'split':8} {'pred':>4} {'gull':>4} {'recall':>6} {'presis':>6} {'tiltak':>6} {'indik':>6} {'side':>5} {'flagg':>5}"
    print(head, file=out)
    for split in ("dev", "held-out"):
        for stem, r in report["per_plan"].items():
            if r["split"] != split:
                continue
            print(f"{stem[:50]:50} {split:8} {r['pred']:>4} {r['gold']:>4} {r['goal_recall']:>6.3f} "
                  f"{r['goal_precision']:>6.3f} {_acc(r, 'has_measure_accuracy')} {_acc(r, 'has_indicator_accuracy')} "
                  f"{_acc(r, 'page_accuracy', 5)} {'ok' if r['flags_ok'] else 'FEIL':>5}", file=out)
        t = report["splits"][split]
        print(f"{'= ' + split + ' samlet':50} {'':8} {t['pred']:>4} {t['gold']:>4} {t['goal_recall']:>6.3f} "
              f"{t['goal_precision']:>6.3f} {t['has_measure_accuracy']:>6.3f} {t['has_indicator_accuracy']:>6.3f} "
              f"{t['page_accuracy']:>5.2f} {t['flags_ok']:>3}/{t['plans']}", file=out)
        print(file=out)
    held = report["splits"]["held-out"]
    for key, target in report["targets"].items():
        ok = "OK " if held[key] >= target else "LAV"
        print(f"{ok} held-out {key:24} {held[key]:.3f}  (mål ≥ {target})   dev {report['splits']['dev'][key]:.3f}",
              file=out)
    shown = [e for e in report["errors"] if e["split"] == "dev" or show_held_out]
    if shown:
        print("\nFeil (dev" + (" og held-out" if show_held_out else "") + "):", file=out)
        for e in shown:
            print(f"  [{e['kind']}] {e['plan'][:30]}: {e['goal'][:110]!r}"
                  + (f" gull={e['gold']} pred={e['pred']}" if e["kind"] == "link" else ""), file=out)


def run(show_held_out: bool = False, work: Path = WORK) -> dict:
    gold = load_real_gold()
    report = evaluate_real(gold, load_real_docs(work, set(gold)))
    if not show_held_out:
        report["errors"] = [e for e in report["errors"] if e["split"] == "dev"]
    return report
