"""python -m eval answers — citation hit rate, answer support, answer rate on answerable and
decline rate on unanswerable questions, and the threshold curve that calibrates "not found".

The threshold is chosen on this curve, on the dev split (even ids) only: the highest answer rate
whose decline rate reaches the target (≥ 0.80), and among equal answer rates the one that declines
most — declining honestly comes first; ``settings.not_found_threshold`` holds it. The held-out
split (odd ids) is only measured: it is the honest estimate for questions nobody tuned on.
"""

from __future__ import annotations

import argparse
import re

from assistant.answer import ask
from assistant.store import open_store
from eval.common import ensure_index, eval_settings, table, write_result
from eval.questions import load_questions, normalize, quote_in, split_of

ANSWER_TARGET, DECLINE_TARGET = 0.90, 0.80


def supported(answer_text: str, citations) -> float:
    """Share of the answer's units whose text is found in the passage they cite."""
    passages = {c.n: c.passage for c in citations}
    units = [u for u in answer_text.splitlines() if re.search(r"\[\d+\]", u)]
    if not units:
        return 0.0
    ok = 0
    for u in units:
        ns = [int(n) for n in re.findall(r"\[(\d+)\]", u)]
        body = re.sub(r"\s*\[\d+\]", "", u).strip()
        if any(n in passages and normalize(body) in normalize(passages[n]) for n in ns):
            ok += 1
    return ok / len(units)


SPLIT_LABELS = {"all": "all", "dev": "dev (even ids)", "held-out": "held-out (odd ids)"}


def split_table(rows: list[dict], threshold: float) -> list[dict]:
    """Answer/decline/citation rates overall and per split at ``threshold``."""
    out = []
    for key, label in SPLIT_LABELS.items():
        rs = [r for r in rows if key == "all" or split_of(r["q"].id) == key]
        ans = [r for r in rs if r["q"].answerable]
        unans = [r for r in rs if not r["q"].answerable]
        answered = [r for r in ans if r["evidence"] >= threshold]
        out.append({"split": label, "answerable": len(ans),
                    "answer rate": len(answered) / max(len(ans), 1),
                    "unanswerable": len(unans),
                    "decline rate": sum(r["evidence"] < threshold for r in unans) / max(len(unans), 1),
                    "citation hit rate": sum(r["cited_hit"] for r in answered) / max(len(answered), 1)})
    return out


def choose_threshold(curve: list[dict], answer: str = "dev answer", decline: str = "dev decline") -> float:
    """Calibrated on the dev split only: the highest answer rate whose decline rate meets the
    target (honesty first); among equal answer rates the one that declines most."""
    good = [r for r in curve if r[decline] >= DECLINE_TARGET]
    if not good:
        return max(curve, key=lambda r: (r[answer] + r[decline], r[answer]))["threshold"]
    best_answer = max(r[answer] for r in good)
    candidates = [r for r in good if r[answer] >= best_answer - 1e-9]
    return max(candidates, key=lambda r: (r[decline], -r["threshold"]))["threshold"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval answers")
    parser.parse_args(argv)
    settings = eval_settings()
    ensure_index(settings)
    store = open_store(settings)
    questions = load_questions()
    probe = settings.model_copy(update={"not_found_threshold": 0.0})
    rows = []
    for q in questions:
        a = ask(q.question, settings=probe, store=store)
        cited_hit = any(any(g.source == c.source and quote_in(g.quote, c.passage) for g in q.gold) for c in a.citations)
        rows.append({"q": q, "evidence": a.evidence, "cited_hit": cited_hit, "support": supported(a.text, a.citations),
                     "n_citations": len(a.citations)})
    answerable = [r for r in rows if r["q"].answerable]
    unanswerable = [r for r in rows if not r["q"].answerable]
    dev_ans = [r for r in answerable if split_of(r["q"].id) == "dev"]
    dev_unans = [r for r in unanswerable if split_of(r["q"].id) == "dev"]
    curve = []
    for i in range(0, 101, 5):
        t = i / 100
        curve.append({"threshold": t,
                      "answer_rate": sum(r["evidence"] >= t for r in answerable) / len(answerable),
                      "decline_rate": sum(r["evidence"] < t for r in unanswerable) / len(unanswerable),
                      "dev answer": sum(r["evidence"] >= t for r in dev_ans) / max(len(dev_ans), 1),
                      "dev decline": sum(r["evidence"] < t for r in dev_unans) / max(len(dev_unans), 1)})
    chosen = choose_threshold(curve)
    t = settings.not_found_threshold
    answered = [r for r in answerable if r["evidence"] >= t]
    summary = {
        "threshold (settings)": t,
        "answer rate (answerable)": len(answered) / len(answerable),
        "decline rate (unanswerable)": sum(r["evidence"] < t for r in unanswerable) / len(unanswerable),
        "citation hit rate (answered)": sum(r["cited_hit"] for r in answered) / max(len(answered), 1),
        "answer support (answered)": sum(r["support"] for r in answered) / max(len(answered), 1),
        "threshold suggested by dev curve": chosen,
    }
    per_lang = []
    for lang in sorted({r["q"].lang for r in answerable}):
        rs = [r for r in answerable if r["q"].lang == lang and r["evidence"] >= t]
        per_lang.append({"lang": lang, "answered": len(rs), "citation hit rate": sum(r["cited_hit"] for r in rs) / max(len(rs), 1)})
    print(f"Answers on {len(answerable)} answerable + {len(unanswerable)} unanswerable questions (extractive mode)")
    print(table([{"metric": k, "value": v} for k, v in summary.items()], ["metric", "value"]))
    splits = split_table(rows, t)
    print("\nDev (even ids) / held-out (odd ids) — tune only on dev, judge changes on held-out:")
    print(table(splits, ["split", "answerable", "answer rate", "unanswerable", "decline rate", "citation hit rate"]))
    print("\nPer language:")
    print(table(per_lang, ["lang", "answered", "citation hit rate"]))
    print("\nThreshold curve (evidence ≥ threshold → answer):")
    print(table([r for r in curve if 0.2 <= r["threshold"] <= 0.9],
                ["threshold", "answer_rate", "decline_rate", "dev answer", "dev decline"]))
    missed = [r["q"].id for r in answerable if r["evidence"] < t]
    wrong = [r["q"].id for r in unanswerable if r["evidence"] >= t]
    print(f"\nNot answered: {missed}\nAnswered although unanswerable: {wrong}")
    path = write_result("answers", {"summary": summary, "splits": splits, "per_language": per_lang, "curve": curve,
                                    "not_answered": missed, "answered_unanswerable": wrong,
                                    "no_citation_hit": [r["q"].id for r in answered if not r["cited_hit"]]})
    print(f"Skrev {path}")
    return 0
