"""Bounded HTTP load against `verbatim serve` on loopback: N clients, a fixed time, the query set.

Each client thread keeps one HTTP/1.1 connection and walks the query set from its own offset
until the time is up; every request's latency and outcome is recorded. Loopback only, and the
run always ends: no retries, a per-request timeout, a hard stop time.
"""
from __future__ import annotations

import http.client
import json
import socket
import subprocess
import threading
import time
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


def wait_ready(port: int, proc: subprocess.Popen, limit: float = 600.0) -> float:
    """Seconds until the server answers /api/search (it may build the index first)."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if proc.poll() is not None:
            raise RuntimeError(f"verbatim serve exited with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/search?q=security&per_page=1")
            if conn.getresponse().status == 200:
                return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"verbatim serve did not answer within {limit:.0f} s")


def _client(port: int, paths: list[str], offset: int, stop: float, out: list, errors: list) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    i = offset
    while time.perf_counter() < stop:
        path = paths[i % len(paths)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
            ok = response.status == 200 and "total" in json.loads(body)
            if not ok:
                errors.append(f"{response.status} for {path}")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            errors.append(f"{type(exc).__name__} for {path}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        out.append(time.perf_counter() - started)
    conn.close()


def load(port: int, queries: tuple[ResolvedQuery, ...], clients: int = 16, seconds: float = 20.0) -> LoadResult:
    """Run `clients` concurrent clients for `seconds`; latencies include failed requests."""
    paths = [api_path(q) for q in queries]
    stop = time.perf_counter() + seconds
    results: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []
    threads = [
        threading.Thread(target=_client, args=(port, paths, i * len(paths) // clients, stop, results[i], errors))
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.perf_counter() - started
    timings = [t for r in results for t in r]
    return LoadResult(clients, elapsed, len(timings), len(errors), len(timings) / elapsed, latency(timings),
                      errors[0] if errors else None)
