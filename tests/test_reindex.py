"""Re-indexing while serving: clients keep searching across rebuilds, a killed build and a failed one; nothing fails.

`verbatim serve` runs as a subprocess on a free loopback port; client threads query /api/search (and
now and then a passage and the search page) the whole time, while `verbatim index` rebuilds the
index with a changed corpus, is killed with -9 mid-build, fails on a bad file, and rebuilds again.
Every response must be a 200 from one generation: the marker passages say which generation they
belong to, and a response's total, results and facet counts must all agree on it. New words become
findable within seconds, without a restart.
"""
from __future__ import annotations

import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.generate import generate
from indexer.build import build_index
from indexer.index_format import GENERATIONS
from indexer.stages import PARALLEL_MIN_FILES
from serving import HOST, folder_args, get_json, serving

MARKERS = {"A": 3, "B": 5, "C": 7}  # generation → passages holding the marker word
SWITCH_WITHIN = 30.0  # seconds from a finished build to the server answering from it (generous: a loaded machine)
STALL = 30.0  # per-request timeout: a request that stalls longer is a failure (a guard, not a benchmark)
PHASE = 40  # requests the clients make between two steps of the scenario


def write_markers(corpus: Path, generation: str) -> None:
    """The marker document of a generation; B adds `wombat`, C adds `numbat`."""
    lines = [f"The quokka count stood at {i} in generation {generation}." for i in range(MARKERS[generation])]
    (corpus / "markers.txt").write_text("Marker notes\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    if generation in ("B", "C"):
        (corpus / "wombat.txt").write_text("Marsupial notes\n\nA wombat crossed the border.\n\nAnother wombat.\n", encoding="utf-8")
    if generation == "C":
        (corpus / "numbat.txt").write_text("More marsupials\n\nThe numbat delegation arrived.\n", encoding="utf-8")


class Clients:
    """Client threads that query until stopped, counting failures and checking every response."""

    def __init__(self, port: int, threads: int = 4) -> None:
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.failures: list[str] = []
        self.requests = 0
        self.latencies: list[float] = []
        self.seen: list[list[str]] = [[] for _ in range(threads)]
        self.passage_ids: list[str] = []
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def __enter__(self) -> Clients:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)
        assert not any(t.is_alive() for t in self.threads)

    def progress(self, count: int = PHASE) -> None:
        """Wait until the clients have made `count` more requests: each step is seen by them, without a fixed sleep."""
        with self.lock:
            target = self.requests + count
        deadline = time.monotonic() + 120
        while self.requests < target:
            assert time.monotonic() < deadline, f"clients stuck at {self.requests} requests"
            time.sleep(0.01)

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)

    def _run(self, n: int) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=STALL)
        step = n
        while not self.stop.is_set():
            step += 1
            started = time.perf_counter()
            try:
                self._one(conn, n, step)
            except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
                self.fail(f"{type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=STALL)
            with self.lock:
                self.requests += 1
                self.latencies.append(time.perf_counter() - started)
        conn.close()

    def _get(self, conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()

    def _one(self, conn: http.client.HTTPConnection, n: int, step: int) -> None:
        kind = step % 4
        if kind == 3 and self.passage_ids:
            passage_id = self.passage_ids[step % len(self.passage_ids)]
            status, body = self._get(conn, f"/api/passages/{passage_id}")
            if status != 200 or json.loads(body)["id"] != passage_id:
                self.fail(f"passage {passage_id}: {status}")
            return
        if kind == 2:
            status, body = self._get(conn, "/?" + urlencode({"q": "quokka"}))
            if status != 200 or b"quokka" not in body.lower():
                self.fail(f"search page: {status}")
            return
        q = "quokka" if kind == 0 else "security"
        status, body = self._get(conn, "/api/search?" + urlencode({"q": q, "per_page": 50}))
        if status != 200:
            self.fail(f"{q}: {status} {body[:200]!r}")
            return
        data = json.loads(body)
        if q == "security":
            with self.lock:
                if not self.passage_ids:
                    self.passage_ids.extend(r["id"] for r in data["results"][:10])
            return
        self._check_markers(data, n)

    def _check_markers(self, data: dict, n: int) -> None:
        texts = [r["text"] for r in data["results"]]
        generations = {g for t in texts for g in re.findall(r"generation ([ABC])\.", t)}
        if len(generations) != 1:
            self.fail(f"results from generations {sorted(generations)}")
            return
        (generation,) = generations
        years = sum(v["count"] for v in data["facets"]["year"])
        if not data["total"] == len(texts) == MARKERS[generation] or ("year" not in data.get("facets_more", {}) and years != data["total"]):
            self.fail(f"generation {generation}: total {data['total']}, {len(texts)} results, year counts {years}")
        history = self.seen[n]
        if history and history[-1] > generation:
            self.fail(f"went back from generation {history[-1]} to {generation}")
        if not history or history[-1] != generation:
            history.append(generation)


def total(port: int, q: str) -> int:
    return get_json(port, "/api/search?" + urlencode({"q": q}), timeout=STALL)["total"]


def wait_for(port: int, q: str, expected: int) -> float:
    """Seconds until a search for q finds `expected` passages (fails after SWITCH_WITHIN)."""
    started = time.monotonic()
    while total(port, q) != expected:
        assert time.monotonic() - started < SWITCH_WITHIN, f"server still not answering {q!r} from the new index"
        time.sleep(0.05)
    return time.monotonic() - started


def index_command(corpus: Path, metadata: Path, index: Path) -> list[str]:
    return [sys.executable, "-m", "cli", "index", "--quiet", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)]


def killed_build(corpus: Path, metadata: Path, index: Path, log: Path) -> None:
    """Start `verbatim index` over many new files and kill -9 it once it is writing them."""
    for n in range(PARALLEL_MIN_FILES + 16):
        paragraphs = "\n\n".join(f"Filler paragraph {i} of file {n} about regional security and borders." for i in range(30))
        (corpus / f"filler-{n:03d}.txt").write_text(f"Filler {n}\n\n{paragraphs}\n", encoding="utf-8")
    with open(log, "wb") as out:
        build = subprocess.Popen(index_command(corpus, metadata, index), stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not any((index / GENERATIONS).glob(".building-*/texts/filler-*.txt")):
            assert build.poll() is None and time.monotonic() < deadline, "the build ended before it could be killed"
            time.sleep(0.02)
        build.send_signal(signal.SIGKILL)
    finally:
        build.wait(timeout=30)
    assert build.returncode == -signal.SIGKILL


def test_clients_see_no_failure_across_two_rebuilds_and_a_killed_build(tmp_path):
    made = generate(300, seed=9, out=tmp_path / "data")
    corpus, metadata, index = made.corpus, made.metadata, tmp_path / "index"
    write_markers(corpus, "A")
    build_index(corpus, metadata, index)
    switches = []
    with serving(["--no-build", *folder_args(corpus, metadata, index)], tmp_path / "serve.log") as server:
        port = server.port
        assert (total(port, "quokka"), total(port, "wombat")) == (3, 0)
        with Clients(port) as clients:
            clients.progress()
            write_markers(corpus, "B")
            subprocess.run(index_command(corpus, metadata, index), check=True, timeout=300, capture_output=True)
            switches.append(wait_for(port, "wombat", 2))
            clients.progress()
            current = (index / "CURRENT").read_bytes()
            write_markers(corpus, "C")
            killed_build(corpus, metadata, index, tmp_path / "killed.log")
            assert (index / "CURRENT").read_bytes() == current
            clients.progress()
            assert (total(port, "numbat"), total(port, "quokka")) == (0, 5)
            (corpus / "latin1.txt").write_bytes("Café numbat".encode("latin-1"))  # a build that fails, not killed
            failed = subprocess.run(index_command(corpus, metadata, index), timeout=300, capture_output=True, text=True)
            assert failed.returncode == 1 and "latin1.txt: not valid UTF-8 at byte offset 3" in failed.stderr
            assert (index / "CURRENT").read_bytes() == current and total(port, "quokka") == 5
            (corpus / "latin1.txt").unlink()
            subprocess.run(index_command(corpus, metadata, index), check=True, timeout=300, capture_output=True)
            switches.append(wait_for(port, "numbat", 1))
            clients.progress()
        assert clients.failures == [], clients.failures[:10]
        assert clients.requests >= 4 * PHASE
        assert all(history[-1] == "C" and history == sorted(history) for history in clients.seen)
        assert {g for history in clients.seen for g in history} == {"A", "B", "C"}
        assert total(port, "quokka") == MARKERS["C"]
    print(
        f"\n{clients.requests} requests, 0 failures, slowest {max(clients.latencies) * 1000:.0f} ms; "
        f"switched to the new index in {', '.join(f'{s:.2f} s' for s in switches)}"
    )
