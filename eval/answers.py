"""python -m eval answers — what the user reads: answer hit, answer length, answer rate, decline rate
on near misses, per language and per dev / held-out split, on two question sets:

- ``plans``: eval/questions.jsonl over the five shipped plans (corpus/);
- ``realdocs``: eval/questions_realdocs.jsonl over /work/shared/real_docs (converted by
  eval/realdocs.py) plus the national laws — documents nobody on the team wrote, questions written
  from the documents before any answer was looked at (gold quote, page, document);
- ``fresh`` (``--set fresh`` or ``all``, when eval/questions_fresh.jsonl exists): questions over the
  same real-documents index written by someone who never ran the assistant; every one is held out
  (ids f…), so the set is reported in aggregate only — never shown, no ids written, not calibrated on;
- ``fresh2`` (``--set fresh2`` or ``all``, eval/questions_fresh2.jsonl, ids g…): a second such set by
  another writer, answered and reported exactly like ``fresh``;
- ``fresh3`` (``--set fresh3`` or ``all``, eval/questions_fresh3.jsonl, ids h…): a third, likewise;
- ``fresh4`` (``--set fresh4`` or ``all``, eval/questions_fresh4.jsonl, ids h4…): a fourth, likewise;
- ``fresh5`` (``--set fresh5`` or ``all``, eval/questions_fresh5.jsonl, ids h5…): a fifth, likewise;
- ``fresh6`` (``--set fresh6`` or ``all``, eval/questions_fresh6.jsonl, ids h6…): a sixth, likewise;
- ``fresh7`` (``--set fresh7`` or ``all``, eval/questions_fresh7.jsonl, ids h7…): a seventh, likewise.

Metrics (answerable questions unless said otherwise):
- *answer hit*: the answer text (markers removed) holds ≥ 70 % of a gold quote's words; a declined
  question is a miss;
- *cited passage contains gold* (the old "citation hit rate", of answered questions): a cited
  passage contains a gold quote — it says nothing about what the user reads;
- *page right* (realdocs, gold with a page; of the citations that quote the gold — what the answer
  shows under them holds it): the citation names the pages of what it quotes (``page_right``);
- *answer rate*, *median words* (answered), *decline rate* on near misses (unanswerable questions:
  topic present, answer absent), *names missing first* for questions naming a law or white paper
  that is not in the collection, and the query latency p95 (extractive, no LLM).

The not-found threshold is calibrated on the dev split (even ids) of both sets: the highest answer
rate whose decline rate reaches the target, ties to the one that declines most; held-out (odd ids)
is only measured.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import ask, warm_answers
from assistant.models import Answer
from assistant.norwegian import split_sentences
from assistant.settings import Settings
from assistant.store import open_store
from eval.common import ensure_index, eval_settings, table, write_result
from eval.misses import LOST_COLUMNS, MISS_COLUMNS, lost_table, miss_table
from eval.questions import (
    FRESH2_PATH,
    FRESH3_PATH,
    FRESH4_PATH,
    FRESH5_PATH,
    FRESH6_PATH,
    FRESH7_PATH,
    FRESH_PATH,
    REALDOCS_PATH,
    Question,
    load_questions,
    normalize,
    quote_in,
    source_stem,
    split_of,
)

ANSWER_TARGET, DECLINE_TARGET = 0.90, 0.80
HIT_SHARE = 0.70  # share of a gold quote's words the answer text must hold


def supported(answer_text: str, citations) -> float:
    """Share of the answer's quoted lines whose text is found in the passage they cite."""
    passages = {c.n: c.passage for c in citations}
    units = [u for u in answer_text.splitlines() if re.search(r"\[\d+\]", u)]
    if not units:
        return 0.0
    ok = 0
    for u in units:
        ns = [int(n) for n in re.findall(r"\[(\d+)\]", u)]
        body = re.sub(r"\s*\[\d+\]", "", u).strip()
        body = re.sub(r"^(?:[-•]\s+|[^:]{0,80}\(in Norwegian\):\s*)", "", body)
        if any(n in passages and normalize(body) in normalize(passages[n]) for n in ns):
            ok += 1
    return ok / len(units)


def answer_words(text: str) -> list[str]:
    return normalize(re.sub(r"\[\d+\]", " ", text)).split()


def quote_coverage(quote: str, answer_text: str) -> float:
    """Share of the quote's words that the answer text holds."""
    qw = normalize(quote).split()
    have = set(answer_words(answer_text))
    return sum(w in have for w in qw) / len(qw) if qw else 0.0


def answer_hit(q: Question, a: Answer) -> bool:
    return a.found and any(quote_coverage(g.quote, a.text) >= HIT_SHARE for g in q.gold)


def cited_contains_gold(q: Question, a: Answer) -> bool:
    return any(source_stem(g.source) == source_stem(c.source) and quote_in(g.quote, c.passage)
               for g in q.gold for c in a.citations)


def page_right(q: Question, a: Answer) -> list[bool]:
    """Per citation that quotes a paged gold (what the answer shows under it holds the gold quote):
    whether it names the pages of what it quotes — the gold page lies in page … page_end and,
    where the reference extractor finds the quoted text (eval/realdocs_pages.py), page and page_end
    are the pages where it starts and ends. Citations quoting other sentences of the passage do
    not count (their page is that of what they quote)."""
    from eval.realdocs_pages import citation_pages, quote_pages, shown_units

    out = []
    for c in a.citations:
        units = shown_units(a.text, c.n) or [c.quote]
        golds = [g for g in q.gold if g.page and source_stem(g.source) == source_stem(c.source)
                 and quote_in(g.quote, " ".join(units))]
        if not golds:
            continue
        first, last = str(c.page_label or c.page or ""), str(c.page_end_label or c.page_end or "")
        pages = {first, last} - {""}
        if first.isdigit() and last.isdigit():
            pages |= {str(n) for n in range(int(first), int(last) + 1)}
        want = quote_pages(c.source, units)
        out.append(all(g.page in pages for g in golds)
                   and (want is None or citation_pages(c.page, c.page_end) == want))
    return out


def _law_forms(text: str) -> str:
    """A law's name in either written form: «kommunelova» / «kommuneloven» → «kommunelov» (bokmål and nynorsk
    name the same law)."""
    return re.sub(r"(?<=lov)(?:a|en|ven|i)\b", "", text.casefold())


def names_missing_first(q: Question, a: Answer) -> bool:
    first = _law_forms((split_sentences(a.text.strip()) or [""])[0])
    return bool(q.missing) and _law_forms(q.missing) in first and ("ikke lagt inn" in first or "not in the" in first)


@dataclass
class Row:
    q: Question
    answer: Answer
    ms: float

    @property
    def split(self) -> str:
        return split_of(self.q.id)


def run_questions(questions: list[Question], settings: Settings) -> list[Row]:
    store = open_store(settings)
    warm_answers(settings, store)  # what the app does at start-up: term statistics, the English dictionaries
    rows = []
    for q in questions:
        t0 = time.perf_counter()
        a = ask(q.question, settings=settings, store=store)
        rows.append(Row(q, a, (time.perf_counter() - t0) * 1000))
    return rows


def _rate(flags: list[bool]) -> float | str:
    return sum(flags) / len(flags) if flags else ""


def metrics(rows: list[Row]) -> dict[str, object]:
    ans = [r for r in rows if r.q.answerable and r.q.gold]
    answered = [r for r in ans if r.answer.found]
    near = [r for r in rows if not r.q.answerable]
    named = [r for r in rows if r.q.missing]
    pages = [p for r in answered for p in page_right(r.q, r.answer)]
    lengths = [len(answer_words(r.answer.text)) for r in answered]
    ms = sorted(r.ms for r in rows)
    return {
        "answerable": len(ans),
        "answer rate": _rate([r.answer.found for r in ans]),
        "answer hit": _rate([answer_hit(r.q, r.answer) for r in ans]),
        "cited passage contains gold": _rate([cited_contains_gold(r.q, r.answer) for r in answered]),
        "page right": _rate(pages),
        "median words": statistics.median(lengths) if lengths else "",
        "near misses": len(near),
        "decline rate": _rate([not r.answer.found for r in near]),
        "names missing first": _rate([names_missing_first(r.q, r.answer) for r in named]),
        "p95 ms": round(ms[max(0, int(round(0.95 * len(ms))) - 1)], 1) if ms else "",
    }


COLUMNS = ["set", "split", "lang", "answerable", "answer rate", "answer hit", "cited passage contains gold",
           "page right", "median words", "near misses", "decline rate", "names missing first", "p95 ms"]


def breakdown(name: str, rows: list[Row]) -> list[dict]:
    out = []
    for split in ("dev", "held-out", "all"):
        rs = [r for r in rows if split == "all" or r.split == split]
        for lang, langs in (("all", ("nb", "nn", "en")), ("Norwegian", ("nb", "nn")), ("English", ("en",))):
            sub = [r for r in rs if r.q.lang in langs]
            if sub:
                out.append({"set": name, "split": split, "lang": lang, **metrics(sub)})
    return out


def evidence_curve(rows: list[Row]) -> list[dict]:
    """Answer / decline rates if the threshold were t (from each answer's evidence score)."""
    dev_ans = [r for r in rows if r.q.answerable and r.q.gold and r.split == "dev"]
    dev_near = [r for r in rows if not r.q.answerable and r.split == "dev"]
    ho_ans = [r for r in rows if r.q.answerable and r.q.gold and r.split == "held-out"]
    ho_near = [r for r in rows if not r.q.answerable and r.split == "held-out"]
    curve = []
    for i in range(20, 71, 5):
        t = i / 100
        curve.append({"threshold": t,
                      "dev answer": _rate([r.answer.evidence >= t for r in dev_ans]),
                      "dev decline": _rate([r.answer.evidence < t for r in dev_near]),
                      "held-out answer": _rate([r.answer.evidence >= t for r in ho_ans]),
                      "held-out decline": _rate([r.answer.evidence < t for r in ho_near])})
    return curve


def choose_threshold(curve: list[dict], answer: str = "dev answer", decline: str = "dev decline") -> float:
    """Calibrated on the dev split only: the highest answer rate whose decline rate meets the
    target (honesty first); among equal answer rates the one that declines most."""
    good = [r for r in curve if r[decline] >= DECLINE_TARGET]
    if not good:
        return max(curve, key=lambda r: (r[answer] + r[decline], r[answer]))["threshold"]
    best_answer = max(r[answer] for r in good)
    candidates = [r for r in good if r[answer] >= best_answer - 1e-9]
    return max(candidates, key=lambda r: (r[decline], -r["threshold"]))["threshold"]


SPLIT_LABELS = {"all": "all", "dev": "dev (even ids)", "held-out": "held-out (odd ids)"}


def split_table(rows: list[dict], threshold: float) -> list[dict]:
    """Answer/decline/citation rates overall and per split at ``threshold`` (rows: dicts with
    q, evidence and cited_hit) — the passage-level view kept from the first eval."""
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


NATIONAL = Path(os.environ.get("NATIONAL_DIR", "/work/shared/national"))


def realdocs_settings() -> Settings:
    from eval.common import WORK

    return Settings(data_dir=Path(os.environ.get("ASSISTANT_REALDOCS_DATA_DIR", WORK / "realdocs-data")))


def ensure_realdocs_index(settings: Settings) -> None:
    """The real documents (eval/realdocs.py) and the national laws, ingested into their own data dir."""
    from assistant.errors import IndexMismatch
    from eval.realdocs import DEFAULT_WORK, prepare_real_docs
    from ingest.run import run

    prepare_real_docs(DEFAULT_WORK)
    laws = [NATIONAL / "opplaeringslova-2023.xml", NATIONAL / "barnehageloven.xml"]
    paths = [DEFAULT_WORK, *[p for p in laws if p.exists()]]
    try:
        report = run(paths, settings=settings, prune=True)
    except IndexMismatch:
        report = run(paths, settings=settings, prune=True, rebuild=True)
    if not report.ok:
        print(f"Advarsel: noen dokumenter kunne ikke legges inn: {[f.path for f in report.failed]}")


# Sets whose questions are all held out: never shown, no per-question ids written, no threshold curve,
# never part of the threshold's calibration.
HELD_OUT_SETS = ("fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7")
# answered over the real-documents index
FRESH_SETS = {"fresh": FRESH_PATH, "fresh2": FRESH2_PATH, "fresh3": FRESH3_PATH, "fresh4": FRESH4_PATH,
              "fresh5": FRESH5_PATH, "fresh6": FRESH6_PATH, "fresh7": FRESH7_PATH}
SET_CHOICES = {"plans": ("plans",), "realdocs": ("realdocs",), "fresh": ("fresh",), "fresh2": ("fresh2",),
               "fresh3": ("fresh3",), "fresh4": ("fresh4",), "fresh5": ("fresh5",), "fresh6": ("fresh6",),
               "fresh7": ("fresh7",), "both": ("plans", "realdocs"),
               "all": ("plans", "realdocs", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7"),
               "dev": ("plans", "realdocs")}
#: ``--set dev`` asks only the dev questions (even ids) of plans and realdocs: what rule writers run.
DEV_ONLY_SETS = ("dev",)


def calibration_rows(sets: dict[str, list[Row]]) -> list[Row]:
    """The rows the not-found threshold is calibrated on: every set but the all-held-out ones (the
    curve then reads only their dev split)."""
    return [r for name, rows in sets.items() if name not in HELD_OUT_SETS for r in rows]


def shown_rows(name: str, rows: list[Row]) -> list[Row]:
    """What ``--show`` may print: dev answers of a set that has a dev split; never held-out."""
    return [] if name in HELD_OUT_SETS else [r for r in rows if r.split == "dev"]


def outcome(r: Row) -> str:
    """One question's result in a word (per-question before/after lists of dev runs)."""
    if not r.q.answerable:
        return "answered" if r.answer.found else "declined"
    if not r.answer.found:
        return "DECLINED"
    return "HIT" if answer_hit(r.q, r.answer) else "miss"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval answers")
    parser.add_argument("--set", choices=tuple(SET_CHOICES), default="both",
                        help="both = plans + realdocs; all = plans + realdocs + fresh + fresh2 + … + fresh7 "
                             "(eval/questions_fresh*.jsonl, over the real-documents index, every question held out; "
                             "aggregates only); dev = plans + realdocs, dev questions only")
    parser.add_argument("--show", action="store_true", help="print every dev answer (never held-out)")
    args = parser.parse_args(argv)
    wanted = SET_CHOICES[args.set]
    dev_only = args.set in DEV_ONLY_SETS

    def asked(path=None) -> list[Question]:
        qs = load_questions(path) if path else load_questions()
        return [q for q in qs if split_of(q.id) == "dev"] if dev_only else qs
    sets: dict[str, list[Row]] = {}
    if "plans" in wanted:
        settings = eval_settings()
        ensure_index(settings)
        sets["plans"] = run_questions(asked(), settings)
    fresh = [name for name, path in FRESH_SETS.items() if name in wanted and path.exists()]
    for name, path in FRESH_SETS.items():
        if name in wanted and name not in fresh:
            print(f"{path.name} finnes ikke ennå – det ferske settet er hoppet over")
    if "realdocs" in wanted or fresh:
        settings = realdocs_settings()
        ensure_realdocs_index(settings)
        if "realdocs" in wanted:
            sets["realdocs"] = run_questions(asked(REALDOCS_PATH), settings)
        for name in fresh:
            sets[name] = run_questions(load_questions(FRESH_SETS[name]), settings)
    if not sets:
        return 1
    result: dict[str, object] = {}
    for name, rows in sets.items():
        tab = breakdown(name, rows)
        print(f"\n{name}: {len(rows)} questions (extractive, threshold {settings.not_found_threshold})")
        print(table(tab, COLUMNS))
        kinds = miss_table(name, rows)
        print("Answerable questions by where the answer is lost (eval/misses.py):")
        print(table(kinds, MISS_COLUMNS))
        lost = lost_table(name, rows)
        if lost:
            print(table(lost, LOST_COLUMNS))
        if name in HELD_OUT_SETS:
            result[name] = {"table": tab, "misses": kinds, "lost": lost}
            continue
        curve = evidence_curve(rows)
        print(table(curve, ["threshold", "dev answer", "dev decline", "held-out answer", "held-out decline"]))
        entry: dict[str, object] = {
            "table": tab, "misses": kinds, "lost": lost, "curve": curve,
            "not_answered": [r.q.id for r in rows if r.q.answerable and r.q.gold and not r.answer.found],
            "answered_near_miss": [r.q.id for r in rows if not r.q.answerable and r.answer.found],
            "answer_miss": [r.q.id for r in rows if r.q.gold and r.answer.found and not answer_hit(r.q, r.answer)],
        }
        if dev_only:
            entry["outcomes"] = {r.q.id: outcome(r) for r in rows}
        result[name] = entry
        if args.show:
            for r in shown_rows(name, rows):
                mark = "HIT" if answer_hit(r.q, r.answer) else ("DECLINED" if not r.answer.found else "miss")
                print(f"\n--- {r.q.id} [{mark}] {r.q.question}\n{r.answer.text}")
    calibration = calibration_rows(sets)
    if calibration:
        chosen = choose_threshold([c for c in evidence_curve(calibration) if c["dev decline"] != ""])
        print(f"\nTerskel foreslått av dev-kurven ({', '.join(n for n in sets if n not in HELD_OUT_SETS)}): {chosen}")
        result["threshold suggested by dev curve"] = chosen
    path = write_result("answers" if args.set == "both" else f"answers-{args.set}", result)
    print(f"Skrev {path}")
    return 0
