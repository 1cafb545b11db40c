"""python -m eval retrieval — recall@1/5/10, MRR@10, nDCG@10 per retrieval configuration, side by
side: lexical analyzer variants, dense only, fused at several weights, and a plain LlamaIndex
pipeline (SimpleDirectoryReader + SentenceSplitter + VectorStoreIndex on Chroma, same model)."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from assistant.lexical import LexicalIndex, lexical_text
from assistant.norwegian import DEFAULT_VARIANT
from assistant.retrieve import retrieve
from assistant.settings import Settings
from assistant.store import Store, open_store
from eval.common import (
    RankMetrics,
    ensure_index,
    eval_settings,
    plain_embed_model,
    table,
    write_result,
)
from eval.norquad import DEFAULT_DATA as NORQUAD_DATA
from eval.questions import Question, load_questions, quote_in, split_of

# A ranked list of (source file name, passage text) for a question.
Ranker = Callable[[str], list[tuple[str, str]]]


def relevant(q: Question, source: str, text: str) -> bool:
    return any(g.source == source and quote_in(g.quote, text) for g in q.gold)


def evaluate(questions: list[Question], ranker: Ranker, corpus: list[tuple[str, str]]) -> dict[str, RankMetrics]:
    """Metrics overall, per language, per kind and per split (dev = even ids, held-out = odd ids),
    for the answerable questions."""
    groups: dict[str, RankMetrics] = {}
    for q in questions:
        if not q.answerable:
            continue
        ranked = ranker(q.question)[:10]
        flags = [relevant(q, s, t) for s, t in ranked]
        n_rel = sum(1 for s, t in corpus if relevant(q, s, t))
        for key in ("all", f"lang:{q.lang}", f"kind:{q.kind}", f"split:{split_of(q.id)}"):
            groups.setdefault(key, RankMetrics()).add(flags, n_rel)
    return groups


def our_ranker(store: Store, settings: Settings, **kw) -> Ranker:
    def rank(question: str) -> list[tuple[str, str]]:
        return [(h.meta.source, h.chunk.text) for h in retrieve(question, None, 10, settings, store, **kw)]

    return rank


def plain_llamaindex_ranker(settings: Settings) -> tuple[Ranker, list[tuple[str, str]]]:
    """The baseline a LlamaIndex tutorial gives, on the same corpus and embedding model."""
    import chromadb
    from llama_index.core import Settings as LISettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    LISettings.llm = None
    embed = plain_embed_model(settings)
    docs = SimpleDirectoryReader(str(settings.corpus_dir), required_exts=[".txt", ".pdf"]).load_data()
    nodes = SentenceSplitter().get_nodes_from_documents(docs)
    client = chromadb.PersistentClient(path=tempfile.mkdtemp(prefix="plain-li-"))
    vs = ChromaVectorStore(chroma_collection=client.get_or_create_collection("plain"))
    index = VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=vs), embed_model=embed)
    retriever = index.as_retriever(similarity_top_k=10)
    corpus = [(n.metadata.get("file_name", ""), n.get_content()) for n in nodes]

    def rank(question: str) -> list[tuple[str, str]]:
        return [(n.node.metadata.get("file_name", ""), n.node.get_content()) for n in retriever.retrieve(question)]

    return rank, corpus


#: Dense weights measured by ``--dense`` (the lexical weight stays 1).
DENSE_WEIGHTS = (0.2, 0.3, 0.5)


def dense_configurations(store: Store, settings: Settings, scope: bool = True) -> dict[str, Ranker]:
    """Lexical alone, dense alone and fused at several dense weights (RRF and min-max) — the
    figures that decide whether an embedding model earns its ingest cost."""
    configs: dict[str, Ranker] = {
        "lexical only": our_ranker(store, settings, dense_weight=0.0, lexical_weight=1.0, scope=scope),
        "dense only": our_ranker(store, settings, dense_weight=1.0, lexical_weight=0.0, scope=scope),
    }
    for fusion in ("rrf", "minmax"):
        for w in DENSE_WEIGHTS:
            configs[f"{fusion} lexical 1 + dense {w}"] = our_ranker(store, settings, dense_weight=w, lexical_weight=1.0,
                                                                   fusion=fusion, scope=scope)
    configs["default (settings)"] = our_ranker(store, settings, scope=scope)
    return configs


def model_slug(settings: Settings) -> str:
    return re.sub(r"[^a-z0-9]+", "-", settings.embedding_model.lower()).strip("-")


def norquad_dense(data: Path) -> dict[str, dict]:
    """The dense configurations on NorQuAD (472 test questions over its test + validation passages,
    ingested through our pipeline, no municipality scope): retrieval only, no answer checks.
    The index lives in ``ASSISTANT_NORQUAD_DATA_DIR`` (default eval/work/norquad/data-<model>)."""
    from eval.norquad import NORQUAD_WORK, build_corpus, ingest, is_hit

    base = eval_settings()
    data_dir = Path(os.environ.get("ASSISTANT_NORQUAD_DATA_DIR", NORQUAD_WORK / f"data-{model_slug(base)}"))
    settings = base.model_copy(update={"data_dir": data_dir})
    items, n_passages = build_corpus(data, NORQUAD_WORK / "corpus")
    ingest_s = ingest(NORQUAD_WORK / "corpus", settings)
    store = open_store(settings)
    corpus = [(m.source, c.text) for c, m in store.all_chunks()]
    n_relevant = [sum(1 for s, t in corpus if is_hit(it, s, t)) for it in items]
    results: dict[str, dict] = {}
    rows = []
    for name, ranker in dense_configurations(store, settings, scope=False).items():
        metrics = RankMetrics()
        for it, n_rel in zip(items, n_relevant, strict=True):
            metrics.add([is_hit(it, s, t) for s, t in ranker(it.question)[:10]], n_rel)
        results[name] = metrics.row()
        rows.append({"configuration": name, **metrics.row()})
    print(f"NorQuAD: {len(items)} test questions over {n_passages} passages → {len(corpus)} chunks "
          f"(ingest {ingest_s:.0f} s this run), model {settings.embedding_model}, no municipality scope")
    print(table(rows, ["configuration", "n", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]))
    return results


def configurations(store: Store, settings: Settings, quick: bool = False) -> dict[str, Ranker]:
    items = store.all_chunks()
    ids = [c.id for c, _ in items]
    texts = [lexical_text(c.text, c.section, m.title, m.municipality) for c, m in items]
    configs: dict[str, Ranker] = {}
    variants = [DEFAULT_VARIANT] if quick else ["word", "stem", "char4", "stem+char3", "stem+char4", "stem+char5"]
    for variant in variants:
        lex = LexicalIndex.build(ids, texts, variant)
        configs[f"lexical {variant}"] = our_ranker(store, settings, lexical=lex, dense_weight=0.0, lexical_weight=1.0)
    if not quick:
        configs[f"lexical {DEFAULT_VARIANT}, no thesaurus"] = our_ranker(store, settings, dense_weight=0.0, lexical_weight=1.0, thesaurus=False)
        configs[f"lexical {DEFAULT_VARIANT}, no municipality scope"] = our_ranker(store, settings, dense_weight=0.0, lexical_weight=1.0, scope=False)
        configs["dense only"] = our_ranker(store, settings, dense_weight=1.0, lexical_weight=0.0)
        for w in (0.1, 0.25, 0.5, 1.0):
            configs[f"fused lexical 1 + dense {w}"] = our_ranker(store, settings, dense_weight=w, lexical_weight=1.0)
    configs["default (settings)"] = our_ranker(store, settings)
    return configs


def split_table(results: dict[str, dict]) -> str:
    """R@1 / R@5 / MRR@10 of every configuration on dev, held-out and English questions."""
    rows = []
    for name, groups in results.items():
        row: dict[str, object] = {"configuration": name}
        for group, label in (("split:dev", "dev"), ("split:held-out", "held-out"), ("lang:en", "en")):
            g = groups.get(group)
            row[label] = f"{g['R@1']:.3f} / {g['R@5']:.3f} / {g['MRR@10']:.3f} (n={g['n']})" if g else "–"
        rows.append(row)
    return table(rows, ["configuration", "dev", "held-out", "en"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval retrieval")
    parser.add_argument("--quick", action="store_true", help="only the default configuration")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain LlamaIndex pipeline")
    parser.add_argument("--dense", action="store_true",
                        help="only lexical, dense and fused configurations, each split into dev / held-out / English")
    parser.add_argument("--norquad", type=Path, nargs="?", const=NORQUAD_DATA,
                        help="with --dense: the same configurations on NorQuAD (folder; default the shared copy)")
    args = parser.parse_args(argv)
    if args.norquad:
        norquad = norquad_dense(args.norquad)
        model = eval_settings()
        path = write_result(f"retrieval-dense-norquad-{model_slug(model)}",
                            {"model": model.embedding_model, "configurations": norquad})
        print(f"\nSkrev {path}")
        return 0
    settings = eval_settings()
    ensure_index(settings)
    store = open_store(settings)
    questions = load_questions()
    corpus = [(m.source, c.text) for c, m in store.all_chunks()]
    results: dict[str, dict] = {}
    rows = []
    configs = dense_configurations(store, settings) if args.dense else configurations(store, settings, args.quick)
    for name, ranker in configs.items():
        t = time.perf_counter()
        groups = evaluate(questions, ranker, corpus)
        results[name] = {k: v.row() for k, v in groups.items()}
        rows.append({"configuration": name, **groups["all"].row(), "s": time.perf_counter() - t})
    if not args.quick and not args.no_baseline and not args.dense:
        rank, plain_corpus = plain_llamaindex_ranker(settings)
        groups = evaluate(questions, rank, plain_corpus)
        results["plain LlamaIndex (SentenceSplitter + VectorStoreIndex)"] = {k: v.row() for k, v in groups.items()}
        rows.append({"configuration": "plain LlamaIndex", **groups["all"].row()})
    print(f"Retrieval on {sum(q.answerable for q in questions)} answerable questions, model {settings.embedding_model}")
    print(table(rows, ["configuration", "n", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]))
    default = results["default (settings)"]
    breakdown = [{"group": g, **row} for g, row in sorted(default.items()) if g != "all"]
    print("\nDefault configuration per language, question kind and split (dev = even ids, held-out = odd ids):")
    print(table(breakdown, ["group", "n", "R@1", "R@5", "R@10", "MRR@10"]))
    if args.dense:
        print("\nPer split (dev = even ids, held-out = odd ids) and for the English questions:")
        print(split_table(results))
    name = f"retrieval-dense-{model_slug(settings)}" if args.dense else "retrieval-quick" if args.quick else "retrieval"
    path = write_result(name,
                {"model": settings.embedding_model, "configurations": results})
    print(f"\nSkrev {path}")
    return 0
