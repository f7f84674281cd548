"""Request limits of the real server: oversized and malformed requests get a 4xx and the server keeps answering.

These need `verbatim serve` (waitress) itself, not the Flask test client: header and body limits
live in the WSGI server.
"""
from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time

import pytest


@pytest.fixture(scope="module")
def served(tiny_index, tmp_path_factory):
    """`verbatim serve` over the tiny index on a free loopback port (limits only a real server has)."""
    index = tiny_index
    log = tmp_path_factory.mktemp("served") / "serve.log"
    command = [sys.executable, "-m", "webapp.cli", "serve", "--host", "127.0.0.1", "--port", "0", "--no-build"]
    command += ["--index", str(index)]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline, found = time.monotonic() + 60, None
        while found is None and time.monotonic() < deadline and server.poll() is None:
            found = re.search(rb"serving on http://127\.0\.0\.1:(\d+)/", log.read_bytes()) or time.sleep(0.05)
        assert found, log.read_text(errors="replace")
        yield int(found.group(1))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def raw_request(port: int, data: bytes) -> int:
    """Send raw bytes, return the status code of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):  # the server may answer and close before reading it all
            pass
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


@pytest.mark.parametrize(
    ("request_bytes", "statuses"),
    [
        (b"GET /api/search?q=" + b"a" * 100_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {400, 414, 431}),
        (b"GET /api/search?q=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", {400}),
        (b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 100_000 + b"\r\n\r\n", {400, 431}),
        (b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + b"c" * 1_000_000, {405, 413}),
        (b"GET /api/search?q=%00%ff%fe HTTP/1.1\r\nHost: x\r\n\r\n", {200, 400}),
        (b"GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", {400, 404}),
        (b"GARBAGE\r\n\r\n", {400, 405, 501}),
    ],
    ids=["huge-url", "long-q", "huge-header", "big-body", "bad-bytes", "dot-dot-path", "garbage"],
)
def test_request_sizes_are_bounded_and_the_server_keeps_answering(served, request_bytes, statuses):
    assert raw_request(served, request_bytes) in statuses
    assert raw_request(served, b"GET /api/search?q=border HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") == 200
