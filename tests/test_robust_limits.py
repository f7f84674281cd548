"""Request limits of the real server: oversized and malformed requests get a 4xx and the server keeps answering.

These need `verbatim serve` (waitress) itself, not the Flask test client: header and body limits
live in the WSGI server.
"""
from __future__ import annotations

import socket

import pytest

from serving import HOST, serving


@pytest.fixture(scope="module")
def served(tiny_index, tmp_path_factory):
    """`verbatim serve` over the tiny index on a free loopback port (limits only a real server has)."""
    with serving(["--no-build", "--index", str(tiny_index)], tmp_path_factory.mktemp("served") / "serve.log") as server:
        yield server.port


def raw_request(port: int, data: bytes) -> int:
    """Send raw bytes, return the status code of the answer."""
    with socket.create_connection((HOST, port), timeout=10) as sock:
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
