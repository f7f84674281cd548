"""`verbatim bench run`: measure Verbatim, tantivy and SQLite FTS5 on one generated corpus.

Builds run as child processes (wall time, CPU, peak RSS of the process tree), Verbatim's also with
no registry (every field inferred, up to 100k passages by default); latency is measured in this
process after a warm-up on words outside the query set, each of the 200 queries run once (so no
engine answers from a cache it filled with the same query), then a second, repeated pass for
Verbatim's caches. Verbatim's 200 answers go to DATA/answers.json (compared with a baseline when
given), the quote check is timed in-process, then fresh `verbatim serve` processes give the first
answer after start and the first one-word search, and HTTP passes load one (bench/serving.py).
Results go to DATA/results.json after every phase; `bench.report` renders them into bench/RESULTS.md.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

from bench.answers import answers_of, comparison
from bench.check_speed import check_latency
from bench.engines import VerbatimEngine, make_engine
from bench.generate import corpus_spec
from bench.machine import environment
from bench.measure import latency, run_child, timed
from bench.passages import export
from bench.queries import ResolvedQuery, load_query_set, resolve
from bench.serving import http_run, mixed_requests, serve_start
from bench.world import build_world

ENGINES = ("verbatim", "tantivy", "fts5")
LARGE = 500_000  # passages from which fresh processes are measured once, not 3 times (each takes seconds)
WARMUP = tuple(ResolvedQuery("warmup", w) for w in "security border youth water prison women law summit".split())


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    """Children import the same code as this process (the folder holding `bench`, `indexer`, `webapp`)."""
    root = str(Path(__file__).resolve().parents[1])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


def verbatim_cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def build_verbatim(corpus: Path, metadata: Path, index: Path) -> dict:
    if index.is_symlink():  # never build into (and replace) an index that lives elsewhere
        raise ValueError(f"{index} is a link: `bench run` builds its own index there (remove the link, or --reuse it)")
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


def build_inferred(data: Path) -> dict:
    """The same corpus built with no registry (an empty metadata folder), so every title, date, event,
    speaker and organization is inferred: the cost of metadata inference beside the normal build."""
    empty, index = data / "no-metadata", data / "index-inferred"
    shutil.rmtree(empty, ignore_errors=True)
    empty.mkdir()
    try:
        return build_verbatim(data / "corpus", empty, index)
    finally:
        shutil.rmtree(index, ignore_errors=True)


def repeats_for(passages: int) -> int:
    """Fresh-process measurements (cold start, serve start) per size: a 1M process takes seconds to open."""
    return 1 if passages >= LARGE else 3


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
    return {**runs[len(runs) // 2], "repeats": repeats}


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


def measure_engine(engine, queries: tuple[ResolvedQuery, ...]) -> dict:
    """Latency of an open engine: a warm-up outside the set, each query once, then (Verbatim) repeated."""
    for rq in WARMUP:
        engine.search(rq)
    out = {"full": search_latency(engine, queries, facets=True)}
    if isinstance(engine, VerbatimEngine):
        out["repeat"] = search_latency(engine, queries, facets=True)
    else:
        out["top10"] = search_latency(engine, queries, facets=False)
    out["totals"] = [engine.search(q).total for q in queries[:40]]
    return out


def verbatim_in_process(data: Path, index: Path, queries: tuple[ResolvedQuery, ...], baseline: Path | None,
                        mixed_count: int) -> tuple[dict, list[tuple[str, str]]]:
    """Search latency, the 200 answers (DATA/answers.json, compared with a baseline when given), the
    quote check's latency, and the mixed HTTP pass' requests made from the open index."""
    engine = make_engine("verbatim", index)
    engine.open()
    measured = measure_engine(engine, queries)
    mine = answers_of(engine, queries)
    (data / "answers.json").write_text(json.dumps(mine, ensure_ascii=False, indent=0), encoding="utf-8")
    extra = {"check": check_latency(engine.view)}
    if baseline:
        extra["answers"] = comparison(baseline, mine)
        _log("answers: " + ("identical to the baseline" if extra["answers"]["identical"]
                            else f"{extra['answers']['differences']} differences from the baseline"))
        for line in extra["answers"]["lines"][:10]:
            _log("  " + line)
    return {**measured, **extra}, mixed_requests(engine.view, queries, mixed_count) if mixed_count else []


@dataclass(frozen=True)
class Options:
    """What `verbatim bench run` was asked for, beyond the folder."""

    engines: tuple[str, ...] = ENGINES
    http_seconds: float = 20.0
    skip_build: bool = False
    serve_args: str = ""
    answers_baseline: Path | None = None
    inferred_build: bool | None = None  # None: at sizes up to 100k


class _Session:
    """One run on one folder: its results, saved to DATA/results.json after every phase (a long run
    that fails keeps what it measured), with the machine's load at each save."""

    def __init__(self, data: Path, options: Options) -> None:
        self.data, self.options, self.began = data, options, time.perf_counter()
        self.passages, seed = corpus_spec(data)
        self.queries = resolve(load_query_set(), build_world(self.passages, seed))
        self.index, self.out = data / "index", data / "results.json"
        self.paths = {"verbatim": self.index, "tantivy": data / "tantivy", "fts5": data / "fts5.db"}
        self.results: dict = {"passages": self.passages, "seed": seed, "environment": environment(),
                              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                              "engines": list(options.engines), "reused": options.skip_build, "serve_args": options.serve_args,
                              "load_before": [round(x, 2) for x in os.getloadavg()],  # 1, 5, 15 min: others' work
                              "build": {}, "search": {}, "cold": {}}
        if options.skip_build and self.out.is_file():  # keep the build figures of the run that built these indexes
            self.results["build"] = json.loads(self.out.read_text(encoding="utf-8")).get("build", {})
        (data / "serve.log").write_text("", encoding="utf-8")

    def save(self) -> None:
        self.results.setdefault("load_average", []).append(round(os.getloadavg()[0], 2))  # this run's work and others'
        self.results["seconds"] = time.perf_counter() - self.began
        self.out.write_text(json.dumps(self.results, indent=1), encoding="utf-8")

    def _built(self, key: str, log: str, build) -> None:
        _log(log)
        self.results["build"][key] = build()
        self.save()

    def builds(self) -> None:
        data, engines, reuse, build = self.data, self.options.engines, self.options.skip_build, self.results["build"]
        if "verbatim" in engines:
            if not (reuse and (self.index / "CURRENT").exists()):
                self._built("verbatim", f"verbatim index: {self.passages} passages",
                            lambda: build_verbatim(data / "corpus", data / "metadata", self.index))
            inferred = self.options.inferred_build
            if (self.passages <= 100_000 if inferred is None else inferred) and not (reuse and "verbatim-inferred" in build):
                self._built("verbatim-inferred", "verbatim index with no registry (every field inferred)",
                            lambda: build_inferred(data))
        flat = data / "passages.jsonl"
        if any(e != "verbatim" for e in engines) and not (reuse and flat.exists()):
            _log("exporting annotated passages for the other engines")
            export(data / "corpus", data / "metadata", flat)
        for name in engines:
            if name != "verbatim" and not (reuse and self.paths[name].exists()):
                self._built(name, f"{name} build", lambda: build_other(name, flat, self.paths[name]))

    def searches(self) -> list[tuple[str, str]]:
        """Cold start and latency per engine; the mixed HTTP pass' requests (made from Verbatim's index)."""
        mixed: list[tuple[str, str]] = []

        def measure(name: str) -> dict:
            nonlocal mixed
            if name == "verbatim":
                count = 600 if self.options.http_seconds > 0 else 0
                found, mixed = verbatim_in_process(self.data, self.index, self.queries, self.options.answers_baseline, count)
                return found
            engine = make_engine(name, self.paths[name])
            engine.open()
            return measure_engine(engine, self.queries)

        for name in self.options.engines:
            _log(f"{name}: cold start and search latency")
            self.attempt(("cold", name), partial(cold_start, name, self.paths[name], self.queries[0],
                                                 repeats_for(self.passages)))
            self.attempt(("search", name), partial(measure, name))
        return mixed

    def attempt(self, where: tuple[str, ...], measure: Callable[[], object]) -> None:
        """results[where…] = measure(), saved; a failure is recorded (and said) instead of losing the phases
        after it: a 1M run's build figures and its serving figures are each worth keeping if the other fails."""
        try:
            value = measure()
        except (RuntimeError, OSError, ValueError, KeyError) as exc:
            self.results.setdefault("failures", {})[" ".join(where)] = f"{type(exc).__name__}: {exc}"[:2000]
            _log(f"FAILED {' '.join(where)}: {type(exc).__name__}: {exc}")
        else:
            *parents, key = where
            target = self.results
            for part in parents:
                target = target.setdefault(part, {})
            target[key] = value
        self.save()

    def serving(self, mixed: list[tuple[str, str]]) -> None:
        env, options = child_env(), self.options
        word = next(q.q for q in self.queries if q.kind == "term" and not q.filtered)
        _log(f"verbatim serve: start → first answer, first one-word search ({word!r})")
        self.attempt(("serve_start",), partial(serve_start, self.data, self.index, word, options.serve_args, env,
                                               repeats_for(self.passages)))
        if options.http_seconds > 0:
            _log(f"HTTP: 16 clients, 3 passes of {options.http_seconds:.0f} s")
            self.attempt(("http",), partial(http_run, self.data, self.index, self.queries, mixed, options.http_seconds,
                                            options.serve_args, env))


def run(data: Path, options: Options = Options()) -> Path:
    """Measure everything on one generated folder; returns the results.json path."""
    session = _Session(data, options)
    session.builds()
    mixed = session.searches()
    if "verbatim" in options.engines:
        session.serving(mixed)
    session.save()
    _log(f"wrote {session.out}")
    return session.out


def bundled(root: Path, scratch: Path) -> dict:
    """The bundled corpus: `verbatim index` seconds and search latency over the query set."""
    index = scratch / "bundled-index"
    build = build_verbatim(root / "corpus", root / "metadata", index)
    queries = tuple(ResolvedQuery(q.kind, q.q) for q in load_query_set())  # synthetic filters mean nothing here
    engine = make_engine("verbatim", index)
    engine.open()
    return {"build": build, "search": measure_engine(engine, queries)}
