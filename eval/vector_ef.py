"""python -m eval vector-ef — what the dense search's width (setting ``vector_search_ef``) costs and buys at a
collection size: query latency, agreement between processes and recall against the exact neighbours.

A collection of N random 384-dimensional unit vectors (the size of multilingual-e5-small's vectors) is built once
in embedded Chroma under ``--dir`` (kept, so a second run measures only), through the product's own
``assistant.vectors.Vectors`` (cosine space, as the index). Then, for each width, ``--processes`` fresh processes
each open it through ``Vectors`` with ``vector_search_ef`` set (``_search_exactly``: as the app opens its index) and
time ``--queries`` queries of 50 results (the retriever's dense candidates). Reported per width: p50 / p95 ms of the
query (first query excluded: it loads the index), how many of the queries got the same 50 ids in every process,
and recall@50 against exact (numpy) neighbours.

Random vectors are the hard case for HNSW (no clusters); real text vectors are easier at the same width.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from eval.common import table, write_result

DIM, K, COLLECTION = 384, 50, "ef-bench"


def _vectors(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _settings(data_dir: Path, ef: int):
    from assistant.settings import Settings

    return Settings(data_dir=data_dir, vector_search_ef=ef)


def build(data_dir: Path, n: int) -> float:
    """The collection of ``n`` vectors (seed 0), added in batches; seconds taken (0 when it was there)."""
    from assistant.vectors import Vectors

    vec = Vectors(_settings(data_dir, 100), COLLECTION)
    if vec.count() >= n:
        return 0.0
    x, t0, step = _vectors(n, 0), time.perf_counter(), 5000
    for i in range(vec.count(), n, step):
        part = x[i : i + step]
        vec.collection.add(ids=[f"v{j}" for j in range(i, i + len(part))], embeddings=part.tolist())
    return time.perf_counter() - t0


def _child(data_dir: Path, ef: int, queries: int) -> dict:
    from assistant.vectors import Vectors

    vec = Vectors(_settings(data_dir, ef), COLLECTION)
    qs = _vectors(queries, 1)
    ms, ids = [], []
    for q in qs:
        t0 = time.perf_counter()
        got = vec.query(q.tolist(), K)
        ms.append((time.perf_counter() - t0) * 1000)
        ids.append([cid for cid, _ in got])
    return {"ms": ms[1:], "ids": ids}


def _exact(n: int, queries: int) -> list[set[str]]:
    x, qs = _vectors(n, 0), _vectors(queries, 1)
    out = []
    for q in qs:
        sims = x @ q
        top = np.argpartition(-sims, K)[:K]
        out.append({f"v{j}" for j in top})
    return out


def measure(data_dir: Path, n: int, widths: list[int], processes: int, queries: int) -> list[dict]:
    exact = _exact(n, queries)
    rows = []
    for ef in widths:
        runs = []
        for _ in range(processes):
            out = subprocess.run([sys.executable, "-m", "eval.vector_ef", "--child", str(data_dir), str(ef), str(queries)],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
        ms = sorted(m for r in runs for m in r["ms"])
        same = sum(all(set(r["ids"][i]) == set(runs[0]["ids"][i]) for r in runs) for i in range(queries))
        recall = statistics.mean(len(set(ids) & exact[i]) / K for r in runs for i, ids in enumerate(r["ids"]))
        rows.append({"vectors": n, "ef_search": ef, "p50 ms": round(statistics.median(ms), 1),
                     "p95 ms": round(ms[max(0, int(round(0.95 * len(ms))) - 1)], 1),
                     "same 50 in every process": f"{same}/{queries}", "recall@50": round(recall, 4)})
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval vector-ef")
    p.add_argument("--vectors", type=int, default=100_000)
    p.add_argument("--ef", type=int, nargs="+", default=[100, 2000])
    p.add_argument("--processes", type=int, default=3)
    p.add_argument("--queries", type=int, default=60)
    p.add_argument("--dir", type=Path, default=Path(__file__).with_name("work") / "vector-ef")
    args = p.parse_args(argv)
    data_dir = args.dir / str(args.vectors)
    seconds = build(data_dir, args.vectors)
    built = f"bygget på {seconds:.0f} s" if seconds else "fantes"
    print(f"{args.vectors} vektorer i {data_dir} ({built})")
    rows = measure(data_dir, args.vectors, args.ef, args.processes, args.queries)
    print(table(rows, list(rows[0])))
    path = write_result(f"vector-ef-{args.vectors}", {"rows": rows, "build seconds": round(seconds, 1)})
    print(f"Skrev {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(_child(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))))
    else:
        sys.exit(main())
