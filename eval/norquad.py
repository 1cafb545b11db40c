"""python -m eval norquad — retrieval and answers on NorQuAD (ltgoslo, CC0; Bokmål news and Wikipedia).

The test and validation passages (contexts, deduplicated) are written as .txt files to
eval/work/norquad/corpus/ and ingested through our own pipeline into eval/work/norquad/data/.
The 472 test questions are then asked against that index with each retrieval configuration
(lexical analyzer variants, dense only, fused, default; no municipality scoping).

Hit rule: a retrieved chunk is relevant when it contains the answer's sentence (the sentence of
the context around ``answer_start``; ``eval.questions.normalize``-based containment), or — when
our chunking cut that sentence — when it contains the answer text and comes from the question's
own passage. This is general news/encyclopedia text: it keeps the Norwegian lexical pipeline
honest; do not tune plan-specific rules on it.

Answers (extractive ``ask()``, nobody on the team wrote these questions):
- over the NorQuAD index: the answer rate (``found``) and, of the answered questions, the share
  whose citations contain the NorQuAD answer text — in the quoted sentences shown to the user, and
  (looser) anywhere in a cited passage;
- over the shipped plans index (``eval.common.ensure_index``): the same questions must mostly be
  declined, since the plans do not answer questions about news and encyclopedia topics.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.lexical import LexicalIndex, lexical_text
from assistant.norwegian import VARIANTS
from assistant.settings import Settings
from eval.common import WORK, RankMetrics, table, write_result
from eval.questions import quote_in

DEFAULT_DATA = Path("/work/shared/data/external/norquad")
NORQUAD_WORK = WORK / "norquad"
SPLITS = ("test", "validation")  # passages from both; questions from test

HIT_RULE = ("hit = a retrieved chunk containing the answer's sentence (normalized containment), or, where our "
            "chunking cut that sentence, a chunk from the question's own passage containing the answer text")


@dataclass(frozen=True)
class Item:
    """One NorQuAD question with its passage file and answer sentence."""

    qid: str
    question: str
    answer: str
    sentence: str
    source: str  # passage file name in the generated corpus


_BOUNDARY = re.compile(r"[.!?](?=\s)|\n")


def answer_sentence(context: str, start: int, end: int) -> str:
    """The sentence of ``context`` holding the answer span [start, end): from after the last
    sentence end (. ! ? before whitespace) or line break before ``start`` to the first one at or
    after ``end`` (inclusive). The answer itself may contain periods ("15. august")."""
    begin = 0
    for m in _BOUNDARY.finditer(context, 0, start):
        begin = m.end()
    after = _BOUNDARY.search(context, max(end, start))
    stop = after.end() if after else len(context)
    return context[begin:stop].strip()


def is_hit(item: Item, source: str, text: str) -> bool:
    """The hit rule (see module doc)."""
    if quote_in(item.sentence, text):
        return True
    return source == item.source and quote_in(item.answer, text)


def passage_text(context: str) -> str:
    """A context as a text file: NorQuAD separates paragraphs (and the headline) by one line
    break; our text reader reads single breaks as wrapped lines, so they become blank lines."""
    return re.sub(r"\n+", "\n\n", context.strip()) + "\n"


def load_split(data_dir: Path, split: str) -> list[dict]:
    path = Path(data_dir) / "evaluation" / "all" / f"{split}_dataset_flattened.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for i, article in enumerate(raw["data"]):
        for para in article["paragraphs"]:
            for qa in para["qas"]:
                ans = qa["answers"][0]
                out.append({"key": f"{split}-{i}", "context": para["context"], "question": qa["question"],
                            "answer": ans["text"], "start": ans["answer_start"],
                            "end": ans.get("answer_end", ans["answer_start"] + len(ans["text"]))})
    return out


def build_corpus(data_dir: Path, corpus_dir: Path) -> tuple[list[Item], int]:
    """Write deduplicated passages (test, then validation) as .txt files plus a manifest;
    return the test items and the number of passages. Files already right are left alone."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}
    items: list[Item] = []
    for split in SPLITS:
        for row in load_split(data_dir, split):
            ctx = row["context"]
            if ctx not in names:
                names[ctx] = f"norquad-{len(names) + 1:04d}.txt"
            if split == "test":
                items.append(Item(row["key"], row["question"], row["answer"],
                                  answer_sentence(ctx, row["start"], row["end"]), names[ctx]))
    wanted = set(names.values()) | {"manifest.csv"}
    for stale in corpus_dir.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    write_passages(corpus_dir, names)
    return items, len(names)


def write_passages(corpus_dir: Path, names: dict[str, str]) -> None:
    """Each passage (``names``: context → file name) as a text file, rewritten only when it changed, and the
    corpus manifest listing them (no title or municipality: an article)."""
    for ctx, name in names.items():
        path, text = corpus_dir / name, passage_text(ctx)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    with (corpus_dir / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "title", "municipality", "kind", "year", "has_pages"])
        for name in sorted(names.values()):
            w.writerow([name, "", "", "artikkel", "", "false"])


def ingest(corpus_dir: Path, settings: Settings) -> float:
    from assistant.errors import IndexMismatch
    from ingest.run import run

    try:
        report = run([corpus_dir], settings=settings, prune=True)
    except IndexMismatch:
        report = run([corpus_dir], settings=settings, prune=True, rebuild=True)
    if not report.ok:
        raise SystemExit(f"NorQuAD-passasjene kunne ikke legges inn: {report.failed[:3]}")
    return report.seconds


def answer_check(items: list[Item], settings: Settings) -> dict[str, float]:
    """Extractive ``ask()`` over the NorQuAD index: answer rate, and the share of answered
    questions whose citations hold the answer text (quote shown / whole cited passage)."""
    from assistant.answer import ask
    from assistant.store import open_store

    store = open_store(settings)
    found = in_quote = in_passage = 0
    for it in items:
        a = ask(it.question, settings=settings, store=store)
        if not a.found:
            continue
        found += 1
        in_quote += any(quote_in(it.answer, c.quote) for c in a.citations)
        in_passage += any(quote_in(it.answer, c.passage) for c in a.citations)
    return {"questions": len(items), "answered": found, "answer rate": found / max(len(items), 1),
            "answer text in cited quote": in_quote / max(found, 1),
            "answer text in cited passage": in_passage / max(found, 1)}


def decline_check(items: list[Item], settings: Settings | None = None) -> dict[str, float]:
    """The NorQuAD questions asked against the shipped plans (default: the eval index, brought up
    to date first): the share declined."""
    from assistant.answer import ask
    from assistant.store import open_store
    from eval.common import ensure_index, eval_settings

    if settings is None:
        settings = eval_settings()
        ensure_index(settings)
    store = open_store(settings)
    declined = sum(not ask(it.question, settings=settings, store=store).found for it in items)
    return {"questions": len(items), "declined": declined, "decline rate": declined / max(len(items), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval norquad")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"NorQuAD folder (default {DEFAULT_DATA})")
    parser.add_argument("--answers-only", action="store_true",
                        help="skip the retrieval table; only the answer and decline checks (written to norquad-answers.json)")
    args = parser.parse_args(argv)
    if not (args.data / "evaluation" / "all" / "test_dataset_flattened.json").exists():
        print(f"Fant ikke NorQuAD i {args.data} (evaluation/all/test_dataset_flattened.json)")
        return 2

    from assistant.store import open_store
    from eval.retrieval import our_ranker

    settings = Settings(data_dir=NORQUAD_WORK / "data")
    corpus_dir = NORQUAD_WORK / "corpus"
    items, n_passages = build_corpus(args.data, corpus_dir)
    ingest_s = ingest(corpus_dir, settings)
    store = open_store(settings)
    chunks = store.all_chunks()
    ids = [c.id for c, _ in chunks]
    texts = [lexical_text(c.text, c.section, m.title, m.municipality) for c, m in chunks]
    corpus = [(m.source, c.text) for c, m in chunks]
    n_relevant = [sum(1 for s, t in corpus if is_hit(it, s, t)) for it in items]
    sentence_cut = sum(1 for it in items if not any(quote_in(it.sentence, t) for s, t in corpus if s == it.source))

    answers = answer_check(items, settings)
    declines = decline_check(items)
    answer_rows = [
        {"check": "answer rate over the NorQuAD index (found)", "value": answers["answer rate"]},
        {"check": "answered: answer text in a cited quote", "value": answers["answer text in cited quote"]},
        {"check": "answered: answer text in a cited passage", "value": answers["answer text in cited passage"]},
        {"check": "decline rate over the shipped plans index", "value": declines["decline rate"]},
    ]
    answer_note = (f"Answers (extractive ask(), threshold {settings.not_found_threshold:.2f}): "
                   f"{answers['answered']}/{len(items)} answered over the NorQuAD index; "
                   f"{declines['declined']}/{len(items)} declined over the plans.")
    if args.answers_only:
        print(answer_note)
        print(table(answer_rows, ["check", "value"]))
        path = write_result("norquad-answers", {"data": str(args.data), "questions": len(items),
                                                "threshold": settings.not_found_threshold,
                                                "answers": answers, "declines_over_plans": declines})
        print(f"\nSkrev {path}")
        return 0

    configs = {}
    for variant in VARIANTS:
        lex = LexicalIndex.build(ids, texts, variant)
        configs[f"lexical {variant}"] = our_ranker(store, settings, lexical=lex, dense_weight=0.0, lexical_weight=1.0, scope=False)
    configs["dense only"] = our_ranker(store, settings, dense_weight=1.0, lexical_weight=0.0, scope=False)
    for w in (0.1, 0.25):
        configs[f"fused lexical 1 + dense {w}"] = our_ranker(store, settings, dense_weight=w, lexical_weight=1.0, scope=False)
    configs["default (settings)"] = our_ranker(store, settings, scope=False)

    rows, results = [], {}
    for name, rank in configs.items():
        t = time.perf_counter()
        metrics = RankMetrics()
        for it, n_rel in zip(items, n_relevant, strict=True):
            ranked = rank(it.question)[:10]
            metrics.add([is_hit(it, s, txt) for s, txt in ranked], n_rel)
        results[name] = metrics.row()
        rows.append({"configuration": name, **metrics.row(), "s": time.perf_counter() - t})

    print(f"NorQuAD retrieval: {len(items)} test questions over {n_passages} passages (test + validation, "
          f"deduplicated) → {len(chunks)} chunks via our ingest ({ingest_s:.0f} s this run); no municipality scope.")
    print(f"Model: {settings.embedding_model} — the English all-MiniLM-L6-v2 offline fallback, not a Norwegian model.")
    print(f"Hit rule: {HIT_RULE}. Questions whose answer sentence no chunk of its passage holds whole: {sentence_cut}.")
    print(table(rows, ["configuration", "n", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10", "s"]))
    print(f"\n{answer_note}")
    print(table(answer_rows, ["check", "value"]))
    print("News/encyclopedia text: a check on the Norwegian lexical pipeline, not a target for plan-specific tuning.")
    path = write_result("norquad", {
        "model": settings.embedding_model, "model_note": "English all-MiniLM-L6-v2 offline fallback",
        "data": str(args.data), "questions": len(items), "passages": n_passages, "chunks": len(chunks),
        "hit_rule": HIT_RULE, "answer_sentence_cut": sentence_cut, "ingest_seconds": ingest_s,
        "configurations": results, "threshold": settings.not_found_threshold, "answers": answers,
        "declines_over_plans": declines})
    print(f"\nSkrev {path}")
    return 0
