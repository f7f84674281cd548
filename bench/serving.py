"""`verbatim serve` measured from outside: a fresh process' first answers, and HTTP load passes.

The server always serves the index the run just measured in-process (`--no-build`), with whatever
`--serve-args` the run was given (e.g. `--processes 2`, a cache budget). Memory is the whole serving
process tree's, as RSS and as PSS (shared pages split between the processes that share them); CPU is
the tree's, per request, and the load generator's own (it shares the machine's cores with the server).
"""
from __future__ import annotations

import http.client
import json
import os
import random
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench import http_load
from bench.check_speed import altered, quotations
from bench.measure import TreeMemory, cpu_seconds, tree_memory
from bench.queries import ResolvedQuery

READY_PATH = "/static/favicon.svg"  # a static file: answers as soon as the server accepts requests
POLL_S = 0.01


@dataclass(frozen=True)
class Server:
    proc: subprocess.Popen
    port: int
    ready_s: float  # process start → first successful HTTP answer


def serve_argv(data: Path, index: Path, port: int, serve_args: str = "", check_inputs: bool = False) -> list[str]:
    """`verbatim serve` on the measured index; with check_inputs, as a user starts it (inputs hashed first)."""
    return [sys.executable, "-m", "cli", "serve", "--corpus", str(data / "corpus"), "--metadata", str(data / "metadata"),
            "--index", str(index), *([] if check_inputs else ["--no-build"]), "--host", http_load.HOST,
            "--port", str(port), *shlex.split(serve_args)]


def _first_answer(port: int, proc: subprocess.Popen, started: float, limit: float = 600.0) -> float:
    """Seconds from `started` until READY_PATH answers 200, polled every POLL_S."""
    while time.perf_counter() - started < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"verbatim serve exited with code {proc.returncode}")
        conn = http.client.HTTPConnection(http_load.HOST, port, timeout=limit)
        try:
            conn.request("GET", READY_PATH)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(POLL_S)
        finally:
            conn.close()
    raise RuntimeError(f"verbatim serve did not answer within {limit:.0f} s")


@contextmanager
def serving(data: Path, index: Path, serve_args: str, log: Path, env: dict[str, str],
            check_inputs: bool = False) -> Iterator[Server]:
    """A fresh `verbatim serve` on a free loopback port, stopped (with its workers) on exit."""
    port = http_load.free_port()
    argv = serve_argv(data, index, port, serve_args, check_inputs)
    with open(log, "a") as out:
        out.write(f"$ {shlex.join(argv)}\n")
        out.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        yield Server(proc, port, _first_answer(port, proc, started))
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _get(port: int, path: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection(http_load.HOST, port, timeout=120)
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    finally:
        conn.close()


def _starts(data: Path, index: Path, word: str, serve_args: str, env: dict[str, str], repeats: int,
            check_inputs: bool) -> dict:
    """Median over fresh processes (by time to first answer) of: start → first answer, then the first
    one-word `/api/search` (nothing cached), its status and the tree's memory after it."""
    runs = []
    for _ in range(repeats):
        with serving(data, index, serve_args, data / "serve.log", env, check_inputs) as server:
            status, taken = _get(server.port, http_load.api_path(ResolvedQuery("term", word)))
            memory = tree_memory(server.proc.pid)
            runs.append({"first_answer_s": server.ready_s, "first_word_ms": 1000 * taken, "word": word,
                         "status": status, "rss_mb": memory.rss_mb, "pss_mb": memory.pss_mb})
    if any(r["status"] != 200 for r in runs):
        raise RuntimeError(f"the first one-word search answered {[r['status'] for r in runs]}")
    runs.sort(key=lambda r: r["first_answer_s"])
    return {**runs[len(runs) // 2], "repeats": repeats, "serve_args": serve_args,
            "all_first_answer_s": [r["first_answer_s"] for r in runs],
            "all_first_word_ms": sorted(r["first_word_ms"] for r in runs)}


def index_is_current(data: Path, index: Path) -> bool:
    """Whether `verbatim serve` (without --no-build) would serve this index as it is rather than rebuild it."""
    from indexer.build import inputs_hash
    from indexer.index_format import MANIFEST_FILE, current_generation

    current = current_generation(index)
    if current is None:
        return False
    manifest = json.loads((current / MANIFEST_FILE).read_text(encoding="utf-8"))
    return manifest.get("inputs_hash") == inputs_hash(data / "corpus", data / "metadata")


def serve_start(data: Path, index: Path, word: str, serve_args: str, env: dict[str, str], repeats: int) -> dict:
    """Fresh servers on the measured index: with --no-build (the figures), then started as a user starts
    them (the corpus and metadata hashed first, to know the index is current): `with_input_check`."""
    found = _starts(data, index, word, serve_args, env, repeats, check_inputs=False)
    if index_is_current(data, index):
        checked = _starts(data, index, word, serve_args, env, repeats, check_inputs=True)
        found["with_input_check"] = {k: checked[k] for k in ("first_answer_s", "first_word_ms", "all_first_answer_s")}
    else:
        found["with_input_check"] = {"skipped": "the index was built from other inputs or code: serve would rebuild it"}
    return found


def distinct_queries(queries: tuple[ResolvedQuery, ...]) -> tuple[ResolvedQuery, ...]:
    """Every query of the set narrowed by each single-term word of the set: 200 × 50 queries, none
    repeated within a run, so no answer comes from a cache filled by an earlier request."""
    words = [q.q for q in queries if q.kind == "term"]
    return tuple(ResolvedQuery(q.kind, f"{q.q} {w}", q.speaker, q.event) for w in words for q in queries)


def mixed_requests(view, queries: tuple[ResolvedQuery, ...], count: int = 600, seed: int = 1) -> list[tuple[str, str]]:
    """Half new searches, the rest in equal shares: a 40-word quotation checked (as cut from a source,
    or altered), citations of a whole passage (/api/cite, every format) and a passage with its
    citations (/api/passages/ID). No request repeats within `count` × 2 requests."""
    rng = random.Random(seed)
    searches = [http_load.api_path(q) for q in distinct_queries(queries)]
    texts = quotations(view, count, seed)
    texts = [t if i % 2 else altered(t, rng) for i, t in enumerate(texts)]
    records = [view.record(rng.randrange(view.size)) for _ in range(2 * count)]
    out: list[tuple[str, str]] = []
    for i in range(count):
        cited, shown = records[2 * i], records[2 * i + 1]
        out += [("search", searches[2 * i % len(searches)]), ("check", "/api/check?" + urlencode({"text": texts[i]})),
                ("search", searches[(2 * i + 1) % len(searches)]),
                ("cite", "/api/cite?" + urlencode({"passage": cited.id, "start": cited.start, "end": cited.end})),
                ("search", searches[(2 * i + 7919) % len(searches)]), ("passage", f"/api/passages/{shown.id}")]
    return out


def _memory(m: TreeMemory) -> dict:
    return {"rss_mb": m.rss_mb, "pss_mb": m.pss_mb, "peak_rss_mb": m.peak_rss_mb, "processes": m.processes}


def _pass(pid: int, run) -> dict:
    """One load pass: its result plus the server tree's CPU per request, the load generator's CPU and
    the tree's memory after it."""
    server_before, own_before = cpu_seconds(pid), time.process_time()
    result, extra = run()
    own = time.process_time() - own_before
    server = cpu_seconds(pid) - server_before
    return {"server_cpu_ms_per_request": 1000 * server / max(result.requests, 1), "server_cpu_s": server,
            "loadgen_cpu_s": own, "loadgen_cpu_share": own / max(result.seconds, 1e-9), **asdict(result), **extra,
            "memory_after": _memory(tree_memory(pid))}


def http_run(data: Path, index: Path, queries: tuple[ResolvedQuery, ...], mixed: list[tuple[str, str]],
             seconds: float, serve_args: str, env: dict[str, str], clients: int = 16) -> dict:
    """`verbatim serve` under `clients` clients, three passes: a new query on every request (no cache
    helps), the 200 cycled (answers cached after their first request) and the mixed routes."""
    with serving(data, index, serve_args, data / "serve.log", env) as server:
        pid, port = server.proc.pid, server.port
        idle = tree_memory(pid)
        http_load.load(port, tuple(ResolvedQuery("term", w) for w in "security border youth water".split()),
                       clients=2, seconds=2)
        passes = {
            "distinct": _pass(pid, lambda: (http_load.load(port, distinct_queries(queries), clients, seconds), {})),
            "repeated": _pass(pid, lambda: (http_load.load(port, queries, clients, seconds), {})),
        }
        if mixed:
            def run_mixed():
                result, kinds = http_load.load_mixed(port, mixed, clients, seconds)
                return result, {"kinds": {k: asdict(v) for k, v in kinds.items()}}
            passes["mixed"] = _pass(pid, run_mixed)
        after = tree_memory(pid)
    return {"ready_s": server.ready_s, "serve_args": serve_args, "cores": os.cpu_count(),
            "memory_idle": _memory(idle), "memory_after": _memory(after), **passes}
