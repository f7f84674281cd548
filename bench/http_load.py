"""Bounded HTTP load against `verbatim serve` on loopback: N clients, a fixed time, the query set.

Each client thread keeps one HTTP/1.1 connection and walks the query set from its own offset
until the time is up; every request's latency and outcome is recorded. Loopback only, and the
run always ends: no retries, a per-request timeout, a hard stop time.
"""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.measure import Latency, latency
from bench.queries import ResolvedQuery

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0


@dataclass(frozen=True)
class LoadResult:
    clients: int
    seconds: float
    requests: int
    errors: int
    throughput: float  # requests per second
    latency: Latency
    first_error: str | None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def api_path(rq: ResolvedQuery, per_page: int = 10) -> str:
    params = [("q", rq.q), ("per_page", str(per_page))]
    params += [("speaker", s) for s in rq.speaker] + [("event", e) for e in rq.event]
    return "/api/search?" + urlencode(params)


Check = Callable[[str, int, bytes], "str | None"]  # (path, status, body) -> an error, or None when fine


def api_answer(path: str, status: int, body: bytes) -> str | None:
    """The bench's check: a 200 with a search answer (a JSON object holding `total`)."""
    if status != 200 or "total" not in json.loads(body):
        return f"{status} for {path}"
    return None


def _client(port: int, paths: list[str], offset: int, stop: float, out: list, errors: list, check: Check,
            walked: list) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    i = offset
    while time.perf_counter() < stop:
        path = paths[i % len(paths)]
        walked.append(i % len(paths))
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            problem = check(path, response.status, response.read())
            if problem:
                errors.append(problem)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            errors.append(f"{type(exc).__name__} for {path}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        out.append(time.perf_counter() - started)
    conn.close()


@dataclass(frozen=True)
class Run:
    """What one bounded run of clients saw: per-client latencies (failures included) and errors."""

    seconds: float
    latencies: tuple[tuple[float, ...], ...]
    errors: tuple[str, ...]
    finished: bool  # every client thread ended by the hard stop
    walked: tuple[tuple[int, ...], ...] = ()  # per client, the index in `paths` of each request timed

    @property
    def timings(self) -> list[float]:
        return [t for per_client in self.latencies for t in per_client]


def run_clients(port: int, paths: list[str], clients: int, seconds: float, check: Check = api_answer) -> Run:
    """`clients` threads, each on one keep-alive connection, walk `paths` from their own offset until time is up."""
    stop = time.perf_counter() + seconds
    results: list[list[float]] = [[] for _ in range(clients)]
    walked: list[list[int]] = [[] for _ in range(clients)]
    errors: list[str] = []
    threads = [
        threading.Thread(target=_client,
                         args=(port, paths, i * len(paths) // clients, stop, results[i], errors, check, walked[i]))
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    finished = not any(thread.is_alive() for thread in threads)
    return Run(time.perf_counter() - started, tuple(tuple(r) for r in results), tuple(errors), finished,
               tuple(tuple(w) for w in walked))


def load(port: int, queries: tuple[ResolvedQuery, ...], clients: int = 16, seconds: float = 20.0) -> LoadResult:
    """Run `clients` concurrent clients for `seconds`; latencies include failed requests."""
    run = run_clients(port, [api_path(q) for q in queries], clients, seconds)
    timings = run.timings
    return LoadResult(clients, run.seconds, len(timings), len(run.errors), len(timings) / run.seconds,
                      latency(timings), run.errors[0] if run.errors else None)


def json_object(path: str, status: int, body: bytes) -> str | None:
    """The mixed pass' check: a 200 with a JSON object (search, check, citation and passage answers)."""
    if status != 200 or not isinstance(json.loads(body), dict):
        return f"{status} for {path}"
    return None


def load_mixed(port: int, requests: list[tuple[str, str]], clients: int = 16,
               seconds: float = 20.0) -> tuple[LoadResult, dict[str, Latency]]:
    """Like `load` over (kind, path) requests of several routes: the whole pass and each kind's latency."""
    run = run_clients(port, [path for _, path in requests], clients, seconds, json_object)
    timings = run.timings
    by_kind: dict[str, list[float]] = {}
    for per_client, indexes in zip(run.latencies, run.walked):
        for seconds_taken, i in zip(per_client, indexes):
            by_kind.setdefault(requests[i][0], []).append(seconds_taken)
    result = LoadResult(clients, run.seconds, len(timings), len(run.errors), len(timings) / run.seconds,
                        latency(timings), run.errors[0] if run.errors else None)
    return result, {kind: latency(values) for kind, values in sorted(by_kind.items())}
