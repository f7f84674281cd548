"""`verbatim serve --processes 2` (gunicorn workers): processes sharing one port answer, stop together,
are replaced when one dies or on SIGHUP, die with their parent, and all switch to a newly published index.

Linux only (process trees are read from /proc). Every wait is bounded; nothing here times a request.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bench.generate import generate
from bench.http_load import run_clients
from indexer.build import build_index
from serving import HOST, folder_args, get_json, serving, start_server, stop

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process trees from /proc")

WAIT = 30.0  # seconds: generous bounds for a loaded machine


def children(pid: int) -> set[int]:
    """Live (not zombie) child processes of pid."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def until(condition, what: str, limit: float = WAIT):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"not within {limit:.0f} s: {what}")


def fresh_total(port: int, q: str) -> int:
    """The total for q over a new connection (so any of the processes may answer it)."""
    return get_json(port, "/api/search?" + urlencode({"q": q}), timeout=WAIT)["total"]


@pytest.fixture
def two(tiny_index: Path, tmp_path: Path):
    server = start_server(["--no-build", "--processes", "2", *folder_args(index=tiny_index)], tmp_path / "serve.log")
    try:
        until(lambda: len(children(server.process.pid)) == 2, "two serving processes")
        yield server
    finally:
        if server.process.poll() is None:
            stop(server)


def test_two_processes_answer_and_ctrl_c_stops_them_all(two):
    workers = children(two.process.pid)
    for _ in range(10):
        assert "total" in get_json(two.port, "/api/search?q=security")
    assert stop(two) == 0
    until(lambda: not any(alive(pid) for pid in workers), "serving processes gone after Ctrl+C")
    assert "2 processes" in two.output()


def test_concurrent_clients_of_both_processes_get_no_error(tmp_path: Path):
    """Each process reads the index through its own open files: concurrent searches never corrupt
    each other's reads (forking with the index already open shares file offsets: zlib errors, 500s)."""
    made = generate(800, seed=13, out=tmp_path / "data")
    build_index(made.corpus, made.metadata, tmp_path / "index")
    args = ["--no-build", "--processes", "2", *folder_args(made.corpus, made.metadata, tmp_path / "index")]
    with serving(args, tmp_path / "serve.log") as server:
        first = get_json(server.port, "/api/search?per_page=100&sort=newest")
        words = sorted({w.lower() for r in first["results"] for w in re.findall(r"[^\W\d_]{5,}", r["text"])})
        paths = [f"/api/search?{urlencode({'q': w, 'per_page': 20})}" for w in words]
        assert len(paths) > 50
        run = run_clients(server.port, paths, clients=8, seconds=4.0,
                          check=lambda path, status, body: None if status == 200 else f"{status} {path}")
    assert run.finished and run.errors == (), run.errors[:5]
    assert "unhandled error" not in server.output()


def test_sigterm_stops_them_all_too(two):
    workers = children(two.process.pid)
    two.process.send_signal(signal.SIGTERM)
    assert two.process.wait(timeout=WAIT) == 0
    until(lambda: not any(alive(pid) for pid in workers), "serving processes gone after SIGTERM")


def test_a_process_that_dies_is_replaced(two):
    first = children(two.process.pid)
    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    until(lambda: len(children(two.process.pid) - {victim}) == 2, "a new serving process")
    for _ in range(10):
        assert "total" in get_json(two.port, "/api/search?q=security")
    assert "starting another" in two.output()


def test_the_processes_die_with_their_parent(two):
    workers = children(two.process.pid)
    two.process.send_signal(signal.SIGKILL)
    two.process.wait(timeout=WAIT)
    until(lambda: not any(alive(pid) for pid in workers), "serving processes gone with their parent")


def test_every_process_switches_to_a_new_index(tmp_path: Path):
    made = generate(120, seed=5, out=tmp_path / "data")
    corpus, metadata, index = made.corpus, made.metadata, tmp_path / "index"
    build_index(corpus, metadata, index)
    with serving(["--no-build", "--processes", "2", *folder_args(corpus, metadata, index)], tmp_path / "serve.log") as server:
        until(lambda: len(children(server.process.pid)) == 2, "two serving processes")
        assert {fresh_total(server.port, "wombat") for _ in range(10)} == {0}
        kept = http.client.HTTPConnection(HOST, server.port, timeout=WAIT)  # a keep-alive client across the swap
        kept.request("GET", "/api/search?q=wombat")
        assert json.loads(kept.getresponse().read())["total"] == 0
        (corpus / "wombat.txt").write_text("Marsupial notes\n\nA wombat crossed the border.\n\nAnother wombat.\n",
                                           encoding="utf-8")
        command = [sys.executable, "-m", "cli", "index", "--quiet", *folder_args(corpus, metadata, index)]
        subprocess.run(command, check=True, timeout=300, capture_output=True)
        totals = [fresh_total(server.port, "wombat") for _ in range(20)]  # new connections reach either process
        assert set(totals) == {2}, totals
        kept.request("GET", "/api/search?q=wombat")
        response = kept.getresponse()
        assert response.status == 200 and json.loads(response.read())["total"] == 2
        kept.close()


def test_sighup_replaces_every_worker_gracefully(two):
    first = children(two.process.pid)
    two.process.send_signal(signal.SIGHUP)
    until(lambda: len(children(two.process.pid)) == 2 and not (children(two.process.pid) & first),
          "two new serving processes after SIGHUP")
    for _ in range(10):
        assert "total" in get_json(two.port, "/api/search?q=security")
    assert two.process.poll() is None
