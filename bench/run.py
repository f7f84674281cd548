"""`verbatim bench run`: measure Verbatim, tantivy and SQLite FTS5 on one generated corpus.

Builds run as child processes (wall time, peak RSS); latency is measured in this process after
a warm-up on words outside the query set, each of the 200 queries run once (so no engine answers
from a cache it filled with the same query), then a second, repeated pass for Verbatim's caches.
Results go to DATA/results.json; `bench.report` renders them into bench/RESULTS.md.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from bench import http_load
from bench.engines import make_engine
from bench.generate import MARKER
from bench.measure import cpu_seconds, latency, rss_mb, run_child, timed
from bench.passages import export
from bench.queries import ResolvedQuery, load_query_set, resolve
from bench.world import build_world

ENGINES = ("verbatim", "tantivy", "fts5")
WARMUP = tuple(ResolvedQuery("warmup", w) for w in "security border youth water prison women law summit".split())


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def corpus_spec(data: Path) -> tuple[int, int]:
    """(passages, seed) the folder was generated with."""
    marker = data / MARKER
    if not marker.is_file():
        raise ValueError(f"{data} was not written by `verbatim bench generate` (no {MARKER})")
    fields = dict(part.split("=") for part in marker.read_text(encoding="utf-8").split())
    return int(fields["passages"]), int(fields["seed"])


def child_env() -> dict[str, str]:
    """Children import the same code as this process (the folder holding `bench`, `indexer`, `webapp`)."""
    root = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


def verbatim_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def build_verbatim(corpus: Path, metadata: Path, index: Path) -> dict:
    shutil.rmtree(index, ignore_errors=True)
    run = run_child(verbatim_cli("index", "--corpus", str(corpus), "--metadata", str(metadata),
                                 "--index", str(index), "--quiet"), env=child_env())
    if run.returncode != 0:
        raise RuntimeError(f"verbatim index failed ({run.returncode}): {run.stderr[-2000:]}")
    passages = int(run.stdout.split(" passages")[0].rsplit(" ", 1)[-1])
    return {"seconds": run.seconds, "cpu_seconds": run.cpu_seconds, "passages": passages, "peak_rss_mb": run.peak_rss_mb,
            "tree_peak_mb": run.tree_peak_mb, "summary": run.stdout.strip()}


def build_other(name: str, source: Path, dest: Path) -> dict:
    run = run_child([sys.executable, "-m", "bench.child", "build", name, str(source), str(dest)], env=child_env())
    if run.returncode != 0:
        raise RuntimeError(f"{name} build failed: {run.stderr[-2000:]}")
    inner = json.loads(run.stdout.strip().splitlines()[-1])
    return {"seconds": inner["seconds"], "passages": inner["passages"], "wall_seconds": run.seconds,
            "cpu_seconds": run.cpu_seconds,
            "peak_rss_mb": run.peak_rss_mb, "tree_peak_mb": run.tree_peak_mb}


def cold_start(name: str, path: Path, query: ResolvedQuery, repeats: int = 3) -> dict:
    """Median over fresh processes of: process start → first answer (and its parts)."""
    runs = []
    for _ in range(repeats):
        spec = json.dumps(asdict(query))
        run = run_child([sys.executable, "-m", "bench.child", "cold", name, str(path), spec], env=child_env())
        if run.returncode != 0:
            raise RuntimeError(f"{name} cold start failed: {run.stderr[-2000:]}")
        inner = json.loads(run.stdout.strip().splitlines()[-1])
        runs.append({**inner, "wall_s": run.seconds, "peak_rss_mb": run.peak_rss_mb})
    runs.sort(key=lambda r: r["wall_s"])
    return runs[len(runs) // 2]


def search_latency(engine, queries: tuple[ResolvedQuery, ...], facets: bool) -> dict:
    def one(rq: ResolvedQuery):
        return lambda: engine.search(rq, facets=facets)

    seconds, cpu = timed(one(q) for q in queries)
    groups = {
        "cpu": cpu,
        "all": seconds,
        "unfiltered": [s for s, q in zip(seconds, queries) if not q.filtered],
        "filtered": [s for s, q in zip(seconds, queries) if q.filtered],
    }
    for kind in ("term", "and", "phrase"):
        groups[kind] = [s for s, q in zip(seconds, queries) if q.kind == kind]
    return {name: asdict(latency(values)) for name, values in groups.items()}


def measure_engine(name: str, path: Path, queries: tuple[ResolvedQuery, ...]) -> dict:
    engine = make_engine(name, path)
    engine.open()
    for rq in WARMUP:
        engine.search(rq)
    out = {"full": search_latency(engine, queries, facets=True)}
    if name == "verbatim":
        out["repeat"] = search_latency(engine, queries, facets=True)
    else:
        out["top10"] = search_latency(engine, queries, facets=False)
    out["totals"] = [engine.search(q).total for q in queries[:40]]
    return out


def distinct_queries(queries: tuple[ResolvedQuery, ...]) -> tuple[ResolvedQuery, ...]:
    """Every query of the set narrowed by each single-term word of the set: 200 × 50 queries, none
    repeated within a run, so no answer comes from a cache filled by an earlier request."""
    words = [q.q for q in queries if q.kind == "term"]
    return tuple(ResolvedQuery(q.kind, f"{q.q} {w}", q.speaker, q.event) for w in words for q in queries)


def http_run(data: Path, index: Path, queries: tuple[ResolvedQuery, ...], seconds: float) -> dict:
    """`verbatim serve` under 16 clients twice: cycling the 200 queries (answers cached after their
    first request, as for popular searches) and with a new query on every request (no cache helps)."""
    port = http_load.free_port()
    argv = verbatim_cli("serve", "--corpus", str(data / "corpus"), "--metadata", str(data / "metadata"),
                        "--index", str(index), "--host", http_load.HOST, "--port", str(port))
    with open(data / "serve.log", "w") as log:
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=child_env())
    try:
        ready = http_load.wait_ready(port, proc)
        idle = rss_mb(proc.pid)
        http_load.load(port, WARMUP, clients=2, seconds=2)
        passes = {}
        for name, chosen in (("distinct", distinct_queries(queries)), ("repeated", queries)):
            cpu_before = cpu_seconds(proc.pid)
            result = http_load.load(port, chosen, clients=16, seconds=seconds)
            cpu = 1000 * (cpu_seconds(proc.pid) - cpu_before) / max(result.requests, 1)
            passes[name] = {"server_cpu_ms_per_request": cpu, **asdict(result)}
        after = rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"ready_s": ready, "rss_idle_mb": idle[0], "rss_after_mb": after[0], "rss_peak_mb": after[1],
            **passes["repeated"], "distinct": passes["distinct"]}


def run(data: Path, engines: tuple[str, ...] = ENGINES, http_seconds: float = 20.0, skip_build: bool = False) -> Path:
    """Measure everything on one generated folder; returns the results.json path."""
    passages, seed = corpus_spec(data)
    queries = resolve(load_query_set(), build_world(passages, seed))
    corpus, metadata, index = data / "corpus", data / "metadata", data / "index"
    results: dict = {"passages": passages, "seed": seed, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "build": {}, "search": {}, "cold": {}}
    paths = {"verbatim": index, "tantivy": data / "tantivy", "fts5": data / "fts5.db"}
    out = data / "results.json"

    if skip_build and out.is_file():  # keep the build figures of the run that built these indexes
        results["build"] = json.loads(out.read_text(encoding="utf-8")).get("build", {})

    def save() -> None:  # after every phase, so a long run that fails keeps what it measured
        results.setdefault("load_average", []).append(round(os.getloadavg()[0], 2))  # others' work on the machine
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")

    if "verbatim" in engines:
        if not (skip_build and (index / "CURRENT").exists()):
            _log(f"verbatim index: {passages} passages")
            results["build"]["verbatim"] = build_verbatim(corpus, metadata, index)
            save()
    flat = data / "passages.jsonl"
    if any(e != "verbatim" for e in engines) and not (skip_build and flat.exists()):
        _log("exporting annotated passages for the other engines")
        export(corpus, metadata, flat)
    for name in engines:
        if name != "verbatim" and not (skip_build and paths[name].exists()):
            _log(f"{name} build")
            results["build"][name] = build_other(name, flat, paths[name])
            save()
    for name in engines:
        _log(f"{name}: cold start and search latency")
        results["cold"][name] = cold_start(name, paths[name], queries[0])
        results["search"][name] = measure_engine(name, paths[name], queries)
        save()
    if "verbatim" in engines and http_seconds > 0:
        _log(f"HTTP: 16 clients, 2 passes of {http_seconds:.0f} s")
        results["http"] = http_run(data, index, queries, http_seconds)
    save()
    _log(f"wrote {out}")
    return out


def bundled(root: Path, scratch: Path) -> dict:
    """The bundled corpus: `verbatim index` seconds and search latency over the query set."""
    index = scratch / "bundled-index"
    build = build_verbatim(root / "corpus", root / "metadata", index)
    queries = tuple(ResolvedQuery(q.kind, q.q) for q in load_query_set())  # synthetic filters mean nothing here
    measured = measure_engine("verbatim", index, queries)
    return {"build": build, "search": measured}


def environment() -> dict:
    """The machine and versions the figures were measured with."""
    import platform
    import sqlite3
    from importlib import metadata

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    ram = next((int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    versions = {}
    for package in ("whoosh3", "tantivy", "flask", "waitress"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(__file__).parent).stdout.strip()
    return {"cores": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram / 2**20, 1),
            "python": platform.python_version(), "os": platform.platform(), "sqlite": sqlite3.sqlite_version,
            "commit": os.environ.get("BENCH_COMMIT") or commit or "?", **versions}  # BENCH_COMMIT: code measured from a snapshot
