"""python -m eval scale — the store at 10⁴, 10⁵ (and 10⁶) chunks, embedded Chroma and a `chroma run` server.

For each size and backend, in fresh child processes (so peak RSS is each process's own):
1. **ingest**: a synthetic corpus of plan-like documents (40 chunks each, the size of a 20-page
   plan at 1,500-character chunks) whose text recombines the shipped plans' sentences
   (eval/corpusgen.py), with synthetic unit vectors (384 dimensions, like the packaged model),
   written through ``Store.put_documents`` (catalog + Chroma + lexical index, crash-safe order) in
   batches of 25 documents. Throughput in chunks/s, peak RSS.
2. **add one plan** to that index: a new 40-chunk document embedded with the real model (timed
   apart) and written (timed), then removed (timed).
3. **app**: a fresh process opens the store and asks 40 eval questions through ``retrieve()``:
   lexical only, dense only (query embedded by the model), and fused (weights 1 + 1); p50/p95 ms,
   peak RSS (model loaded, as a deployment with a multilingual model would have).
4. **disk**: catalog, lexical index, Chroma (embedded folder or the server's folder).

The embedding cost of a bulk ingest is measured apart: passages/s of the packaged model on 512
synthetic chunks; ``embed_s`` for a size is that rate extrapolated (marked so in the table).
Results are written after every (size, backend) to eval/results/scale.json, so a long 10⁶ run
leaves partial results. ``--sizes`` picks sizes; ``--backends embedded,server``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from eval.common import WORK, percentile, table, write_result

DOC_CHUNKS = 40  # a 20-page plan at ~1,500 characters a chunk
QUESTIONS = 120  # timed per search mode (the p95 of 40, used before 2026-12-02, was the 2nd slowest)
BATCH_DOCS = 25
DIM = 384
SCALE_WORK = WORK / "scale"
TOWNS = ("Ringsaker", "Elverum", "Stange", "Hamar", "Gjøvik", "Lillehammer", "Kongsvinger", "Trysil", "Gran",
         "Lunner", "Nittedal", "Ullensaker", "Eidsvoll", "Hurdal", "Nannestad", "Enebakk", "Våler", "Nes")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def du_mb(path: Path) -> float:
    if not path.exists():
        return 0.0
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


# --- the synthetic corpus -------------------------------------------------------------------

def synthetic_document(i: int, sentences: list[str], rng: random.Random, tag: str = "syn", parts_out: list | None = None):
    """Document ``i``: DocumentMeta + 40 chunks of recombined plan sentences (~1,500 characters).
    ``parts_out`` receives each chunk's sentences (the lexical-only path analyses sentences once)."""
    from assistant.models import Chunk, DocumentMeta

    town = TOWNS[i % len(TOWNS)] + (f" {i // len(TOWNS) % 20}" if i >= len(TOWNS) else "")
    doc_id = f"{tag}-{i:07d}"
    meta = DocumentMeta(doc_id=doc_id, source=f"{doc_id}.txt", title=f"Plan {i} for oppvekst i {town}",
                        municipality=town, kind="kommunal plan", year=2018 + i % 8)
    chunks = []
    for j in range(DOC_CHUNKS):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 1400:
            parts.append(rng.choice(sentences))
        heading = " ".join(rng.choice(sentences).split()[:4]).strip(",.;:")
        if parts_out is not None:
            parts_out.append(parts)
        chunks.append(Chunk(f"{doc_id}::{j}", doc_id, j, " ".join(parts), (f"{j // 8 + 1} {heading}",),
                            j // 2 + 1, j // 2 + 1, str(j // 2 + 1)))
    return meta, chunks


def unit_vectors(n: int, rng) -> list[list[float]]:
    import numpy as np

    v = rng.standard_normal((n, DIM)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.tolist()


# --- child processes ------------------------------------------------------------------------

def _settings(args: argparse.Namespace):
    from assistant.settings import Settings

    extra = {"chroma_host": "127.0.0.1", "chroma_port": args.port} if args.port else {}
    return Settings(data_dir=Path(args.data), dense_weight=1.0, **extra)


def child_ingest(args: argparse.Namespace) -> dict:
    import numpy as np

    from assistant.embedding import make_embedder
    from assistant.store import DocumentWrite, open_store
    from eval.corpusgen import seed_sentences
    from ingest.index import embedding_text

    settings = _settings(args)
    store = open_store(settings)
    store.check_fingerprint({**settings.fingerprint(), "dimension": DIM})
    sentences = seed_sentences()
    rng, vrng = random.Random(5), np.random.default_rng(5)
    n_docs = args.size // DOC_CHUNKS
    out: dict = {"chunks": n_docs * DOC_CHUNKS}
    first = 0
    if args.resume:  # go on where an interrupted run stopped: replay the generators to the same corpus
        store.repair()
        first = sum(1 for d in store.catalog.documents() if d.meta.doc_id.startswith("syn-"))
        first -= first % BATCH_DOCS
        # replay the generators only when documents are left to add (the replay of 10⁶ takes minutes)
        for i in range(first if first < n_docs else 0):
            _, chunks = synthetic_document(i, sentences, rng)
            unit_vectors(len(chunks), vrng)
        out["resumed_at_chunks"] = first * DOC_CHUNKS
    t = last = time.perf_counter()
    cpu = time.process_time()
    for start in range(first, n_docs, BATCH_DOCS):
        writes = []
        for i in range(start, min(start + BATCH_DOCS, n_docs)):
            meta, chunks = synthetic_document(i, sentences, rng)
            writes.append(DocumentWrite(meta, meta.source, f"h{i}", chunks, [], DOC_CHUNKS // 2,
                                        unit_vectors(len(chunks), vrng)))
        store.put_documents(writes)
        if time.perf_counter() - last > 60:
            last = time.perf_counter()
            done = (start + BATCH_DOCS) * DOC_CHUNKS
            rate = (done - first * DOC_CHUNKS) / (last - t)
            print(f"  {done} chunks, {rate:.0f}/s, {peak_mb():.0f} MB", file=sys.stderr, flush=True)
    out["ingest_s"] = time.perf_counter() - t
    out["ingest_cpu_s"] = time.process_time() - cpu
    out["chunks_per_s"] = (out["chunks"] - first * DOC_CHUNKS) / out["ingest_s"]
    out["ingest_peak_mb"] = peak_mb()
    # one new 20-page plan into the full index: embedding (real model) and writing, timed apart
    embedder = make_embedder(settings)
    meta, chunks = synthetic_document(n_docs + 1, sentences, random.Random(99), tag="ny")
    embedder.embed_passages([embedding_text(chunks[0], meta.title)])  # model warm
    t = time.perf_counter()
    vectors = embedder.embed_passages([embedding_text(c, meta.title) for c in chunks])
    out["add_plan_embed_s"] = time.perf_counter() - t
    # a running app or ingest has its indexes open; opening them (cold files after a restart) is timed apart
    t = time.perf_counter()
    store.lexical.count()
    store.vectors.count()
    out["open_for_add_s"] = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    store.put_documents([DocumentWrite(meta, meta.source, "new", chunks, [], DOC_CHUNKS // 2, vectors)])
    out["add_plan_write_s"] = time.perf_counter() - t
    out["add_plan_write_cpu_s"] = time.process_time() - cpu
    t = time.perf_counter()
    store.remove_document(meta.doc_id)
    out["remove_plan_s"] = time.perf_counter() - t
    out["peak_mb_after_add"] = peak_mb()
    return out


def child_ingest_lexical(args: argparse.Namespace) -> dict:
    """Catalog + lexical index only (no Chroma), the same write order as ``Store.put_documents``;
    each seed sentence is analysed once and chunks get the concatenation of their sentences'
    tokens (identical to analysing the chunk: analysis is per word), so 10⁶ chunks fit the time.
    Adding one plan at the end goes through ``put_documents`` with full analysis."""
    from assistant.lexical import Entry
    from assistant.norwegian import analyze, content_terms
    from assistant.store import DocumentWrite, open_store
    from eval.corpusgen import seed_sentences

    settings = _settings(args)
    store = open_store(settings)
    lexical = store.lexical
    sentences = seed_sentences()
    tokens = {s: " ".join(analyze(s)) for s in sentences}
    terms = {s: content_terms(s) for s in sentences}
    tails: dict[tuple, str] = {}
    rng = random.Random(5)
    n_docs = args.size // DOC_CHUNKS
    out: dict = {"chunks": n_docs * DOC_CHUNKS}
    t = last = time.perf_counter()
    cpu = time.process_time()
    for start in range(0, n_docs, BATCH_DOCS * 4):
        docs = []
        for i in range(start, min(start + BATCH_DOCS * 4, n_docs)):
            parts: list[list[str]] = []
            meta, chunks = synthetic_document(i, sentences, rng, parts_out=parts)
            docs.append((meta, chunks, parts))
            store.catalog.begin_document(meta, meta.source, f"h{i}")
        added = []
        for meta, chunks, parts in docs:
            for c, ps in zip(chunks, parts, strict=True):
                key = (c.section, meta.title, meta.municipality)
                if key not in tails:
                    tails[key] = " ".join(analyze(" ".join(c.section)) + analyze(meta.title) + analyze(meta.municipality))
                evidence = set().union(*(terms[p] for p in ps), content_terms(" ".join(c.section)))
                added.append(Entry(c.id, " ".join(tokens[p] for p in ps) + " " + tails[key], " ".join(sorted(evidence))))
            if len(tails) > 100_000:
                tails.clear()
        lexical.replace_documents([m.doc_id for m, _, _ in docs], added, analysed=True)
        for meta, chunks, _ in docs:
            store.catalog.commit_document(meta, chunks, [], DOC_CHUNKS // 2)
        if time.perf_counter() - last > 60:
            last = time.perf_counter()
            done = (start + BATCH_DOCS * 4) * DOC_CHUNKS
            print(f"  {done} chunks, {done / (last - t):.0f}/s, {peak_mb():.0f} MB", file=sys.stderr, flush=True)
    out["ingest_s"] = time.perf_counter() - t
    out["ingest_cpu_s"] = time.process_time() - cpu
    out["chunks_per_s"] = out["chunks"] / out["ingest_s"]
    out["ingest_peak_mb"] = peak_mb()
    meta, chunks = synthetic_document(n_docs + 1, sentences, random.Random(99), tag="ny")
    store.vectors.store  # noqa: B018 - Chroma and LlamaIndex loaded before timing (the removal below uses them)
    t, cpu = time.perf_counter(), time.process_time()
    store.put_documents([DocumentWrite(meta, meta.source, "new", chunks, [], DOC_CHUNKS // 2)])
    out["add_plan_write_s"] = time.perf_counter() - t
    out["add_plan_write_cpu_s"] = time.process_time() - cpu
    t = time.perf_counter()
    store.remove_document(meta.doc_id)
    out["remove_plan_s"] = time.perf_counter() - t
    return out


def child_app(args: argparse.Namespace) -> dict:
    from assistant.retrieve import retrieve
    from assistant.store import open_store
    from eval.questions import load_questions

    settings = _settings(args)
    t = time.perf_counter()
    store = open_store(settings)
    store.refresh()
    out: dict = {"open_s": time.perf_counter() - t, "chunks": store.catalog.chunk_count()}
    if not args.no_warm_up:  # what the app does at start-up, before its first question
        from ingest.background import warm_up

        t = time.perf_counter()
        warm_up(store, settings.model_copy(update={"dense_weight": 0.0}) if args.lexical_only else settings)
        out["warm_up_s"] = time.perf_counter() - t
    questions = [q.question for q in load_questions()][:QUESTIONS]
    if not args.lexical_only:  # the query's embedding, apart (the model's cost, not the index's)
        from assistant.embedding import make_embedder

        embedder = make_embedder(settings)
        embedder.embed_query(questions[0])
        times = []
        for q in questions:
            t = time.perf_counter()
            embedder.embed_query(q)
            times.append((time.perf_counter() - t) * 1000)
        out["query_embed_p50_ms"] = percentile(times, 50)
        out["query_embed_p95_ms"] = percentile(times, 95)
        vectors = [embedder.embed_query(q) for q in questions]  # the index's share: Chroma's search alone
        store.vectors.query(vectors[0], 50)
        times = []
        for v in vectors:
            t = time.perf_counter()
            store.vectors.query(v, 50)
            times.append((time.perf_counter() - t) * 1000)
        out["vector_search_p50_ms"] = percentile(times, 50)
        out["vector_search_p95_ms"] = percentile(times, 95)
    modes = (("lexical", 1.0, 0.0), ("dense", 0.0, 1.0), ("fused", 1.0, 1.0))
    for name, wl, wd in modes[:1] if args.lexical_only else modes:
        retrieve(questions[0], settings=settings, store=store, lexical_weight=wl, dense_weight=wd)  # warm
        times, cpus = [], []
        for q in questions:
            t, cpu = time.perf_counter(), time.process_time()
            retrieve(q, settings=settings, store=store, lexical_weight=wl, dense_weight=wd)
            times.append((time.perf_counter() - t) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        out[f"{name}_p50_ms"] = percentile(times, 50)
        out[f"{name}_p95_ms"] = percentile(times, 95)
        out[f"{name}_cpu_p50_ms"] = percentile(cpus, 50)
        out[f"{name}_cpu_p95_ms"] = percentile(cpus, 95)
    out["app_peak_mb"] = peak_mb()
    return out


def child_embed(args: argparse.Namespace) -> dict:
    from assistant.embedding import make_embedder
    from assistant.settings import Settings
    from eval.corpusgen import seed_sentences
    from ingest.index import embedding_text

    settings = Settings(data_dir=Path(args.data))
    sentences = seed_sentences()
    rng = random.Random(1)
    texts = []
    for i in range(512 // DOC_CHUNKS + 1):
        meta, chunks = synthetic_document(i, sentences, rng)
        texts += [embedding_text(c, meta.title) for c in chunks]
    texts = texts[:512]
    embedder = make_embedder(settings)
    embedder.embed_passages(texts[:8])
    t = time.perf_counter()
    embedder.embed_passages(texts)
    s = time.perf_counter() - t
    return {"passages": len(texts), "seconds": s, "passages_per_s": len(texts) / s}


def drop_page_cache() -> bool:
    """Empty the kernel's page cache (root only; Linux): the next reads come from the disk, as
    after a reboot. False where it is not allowed."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("1\n")
    except OSError:
        return False
    return True


def run_child(kind: str, data: Path, size: int = 0, port: int | None = None, timeout: float = 6 * 3600,
              lexical_only: bool = False, resume: bool = False, warm_up: bool = True) -> dict:
    cmd = [sys.executable, "-m", "eval.scale", "--child", kind, "--data", str(data), "--size", str(size)]
    if lexical_only:
        cmd.append("--lexical-only")
    if not warm_up:
        cmd.append("--no-warm-up")
    if resume:
        cmd.append("--resume")
    if port:
        cmd += ["--port", str(port)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                          env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": (proc.stderr or proc.stdout)[-2000:]}
    return json.loads(lines[-1])


# --- the chroma server ----------------------------------------------------------------------

class ChromaServer:
    def __init__(self, path: Path) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.path = path
        chroma = Path(sys.executable).parent / "chroma"
        self.proc = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1",
                                      "--port", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("chroma run did not start")

    def peak_mb(self) -> float:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


# --- main -----------------------------------------------------------------------------------

def measure(size: int, backend: str, resume: bool = False, cold: bool = False, warm_up: bool = True) -> dict:
    root = SCALE_WORK / f"{backend}-{size}"
    if not resume:
        shutil.rmtree(root, ignore_errors=True)
    data = root / "data"
    dropped = drop_page_cache() if cold else False
    server = ChromaServer(root / "chroma-server") if backend == "server" else None
    lexical_only = backend == "lexical-only"
    try:
        port = server.port if server else None
        row: dict = {"size": size, "backend": backend,
                     **run_child("ingest_lexical" if lexical_only else "ingest", data, size, port,
                                 resume=resume and not lexical_only)}
        if cold:
            dropped = drop_page_cache() and dropped
        row.update(run_child("app", data, size, port, lexical_only=lexical_only, warm_up=warm_up))
        row["page_cache_dropped"] = dropped if cold else None
        if server:
            row["server_peak_mb"] = server.peak_mb()
    finally:
        if server:
            server.stop()
    row["disk_catalog_mb"] = du_mb(data / "catalog.sqlite") + du_mb(data / "catalog.sqlite-wal")
    row["disk_lexical_mb"] = du_mb(data / "lexical")
    row["disk_chroma_mb"] = du_mb(root / "chroma-server") if server else du_mb(data / "chroma")
    return row


def deploy(size: int, adds: int) -> dict:
    """An existing server index of ``size`` chunks (``--resume`` data) as deployed: one Chroma
    server started once; an app process (with the app's warm-up) asks; ``adds`` times a fresh
    ingest process opens the indexes, writes a 20-page plan with its vectors and removes it; the
    app asks again."""
    root = SCALE_WORK / f"server-{size}"
    data = root / "data"
    out: dict = {"size": size, "load_before": list(os.getloadavg())}
    server = ChromaServer(root / "chroma-server")
    try:
        out["app_before"] = {**run_child("app", data, size, server.port), "load": list(os.getloadavg())}
        out["adds"] = [{**run_child("ingest", data, size, server.port, resume=True), "load": list(os.getloadavg())}
                       for _ in range(adds)]
        out["app_after"] = {**run_child("app", data, size, server.port), "load": list(os.getloadavg())}
        out["server_peak_mb"] = server.peak_mb()
    finally:
        server.stop()
    return out


COLUMNS = ["size", "backend", "chunks_per_s", "ingest_cpu_s", "embed_s (extrapolated)", "ingest_peak_mb",
           "add_plan_write_s", "add_plan_write_cpu_s", "add_plan_embed_s", "remove_plan_s", "warm_up_s", "lexical_p50_ms",
           "lexical_p95_ms", "lexical_cpu_p95_ms", "dense_p50_ms", "dense_p95_ms", "fused_p50_ms", "fused_p95_ms",
           "fused_cpu_p95_ms", "query_embed_p50_ms", "query_embed_p95_ms", "vector_search_p50_ms",
           "vector_search_p95_ms", "app_peak_mb", "server_peak_mb", "disk_catalog_mb", "disk_lexical_mb",
           "disk_chroma_mb"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval scale")
    parser.add_argument("--sizes", default="10000,100000", help="chunk counts, comma-separated (e.g. 10000,100000,1000000)")
    parser.add_argument("--backends", default="embedded,server",
                        help="embedded, server, lexical-only (catalog + lexical index, no Chroma; for 10⁶ in the time)")
    parser.add_argument("--lexical-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--embed-rate", type=float, default=None,
                        help="passages/s of the embedding model, measured by an earlier run (skips measuring it again)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--no-warm-up", action="store_true",
                        help="the app child asks without the app's start-up warm-up (ingest/background.warm_up)")
    parser.add_argument("--deploy-adds", type=int, default=0,
                        help="with one --sizes value: a kept server index as deployed (server started once; app, N adds, app)")
    parser.add_argument("--cold", action="store_true",
                        help="empty the page cache (root) before the Chroma server starts and before the app child")
    parser.add_argument("--runs", default=None, help="size:backend pairs in order, e.g. 10000:embedded,100000:server")
    parser.add_argument("--name", default="scale", help="result file name under eval/results/")
    parser.add_argument("--resume", action="store_true",
                        help="go on with an interrupted run's data (eval/work/scale/<backend>-<size>) instead of starting anew")
    args = parser.parse_args(argv)
    if args.child:
        fn = {"ingest": child_ingest, "ingest_lexical": child_ingest_lexical, "app": child_app,
              "embed": child_embed}[args.child]
        print(json.dumps(fn(args)))
        return 0

    SCALE_WORK.mkdir(parents=True, exist_ok=True)
    if args.deploy_adds:
        result = deploy(int(args.sizes), args.deploy_adds)
        write_result(args.name, result)
        keys = ("open_for_add_s", "add_plan_write_s", "remove_plan_s", "fused_p50_ms", "fused_p95_ms", "app_peak_mb")
        for step in [result.get("app_before", {}), *result.get("adds", []), result.get("app_after", {})]:
            print({k: round(step[k], 2) for k in keys if isinstance(step.get(k), float)} or step.get("error", "")[-300:])
        return 0
    embed = ({"passages_per_s": args.embed_rate, "note": "given with --embed-rate (measured by an earlier run)"}
             if args.embed_rate else run_child("embed", SCALE_WORK / "embed-data"))
    rate = embed.get("passages_per_s") or 0.0
    print(f"Embedding (packaged model, 2 cores): {rate:.0f} passages/s", flush=True)
    rows: list[dict] = []
    runs = ([(int(r.split(":")[0]), r.split(":")[1]) for r in args.runs.split(",")] if args.runs else
            [(int(size), backend) for size in args.sizes.split(",") for backend in args.backends.split(",")])
    for size, backend in runs:
        if True:
            print(f"{size} chunks, {backend} …", flush=True)
            row = measure(size, backend, resume=args.resume, cold=args.cold, warm_up=not args.no_warm_up)
            if rate:
                row["embed_s (extrapolated)"] = size / rate
                row.setdefault("add_plan_embed_s", DOC_CHUNKS / rate)  # lexical-only: extrapolated from the rate
            rows.append(row)
            if "error" in row:
                print(f"  error: {row['error'][-500:]}", flush=True)
            write_result(args.name, {"load_average_1_5_15": list(os.getloadavg()), "doc_chunks": DOC_CHUNKS, "dimension": DIM, "embedding": embed,
                                     "vectors": "synthetic unit vectors for the bulk; real model for the added plan and queries",
                                     "rows": rows})
            shown = [{k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()} for r in rows]
            print(table(shown, COLUMNS), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
