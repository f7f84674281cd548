"""The minor findings: control characters in q, huge page numbers, the server's own error answers,
and file names that could forge or reorder the indexer's output lines."""
from __future__ import annotations

import socket

import pytest

from serving import HOST, folder_args, serving, verbatim, write_site
from webapp import create_app
from webapp.headers import SECURITY_HEADERS


@pytest.fixture
def client(tiny_index):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


@pytest.mark.parametrize("q", ["%00", "border%00", "%1b%5b31m%07", "%7f%c2%85"])
def test_control_characters_in_q_are_searched_around_said_and_never_echoed(client, q):
    data = client.get(f"/api/search?q={q}").get_json()
    assert data["query_error"] == "the query contains control characters; its words were searched"
    page = client.get(f"/?q={q}")
    assert page.status_code == 200 and page.data.decode().isprintable() is False  # it has line breaks…
    assert not any(c in page.data.decode() for c in "\x00\x1b\x07\x7f\x85")  # …but no control character
    title = page.data.decode().split("<title>", 1)[1].split("</title>", 1)[0]
    assert "\ufffd" in title


@pytest.mark.parametrize("page", [str(10**12), "9" * 5000])
def test_a_huge_page_number_is_too_large_not_malformed(client, page):
    message = client.get(f"/api/search?page={page}").get_json()["error"]["message"]
    assert message.startswith("page is too large:") and "at most 10,000" in message and len(message) < 120


def _raw(port: int, request: bytes) -> bytes:
    """The status line and headers of the server's answer to raw bytes."""
    with socket.create_connection((HOST, port), timeout=30) as conn:
        try:
            conn.sendall(request)
        except (BrokenPipeError, ConnectionResetError):  # it may answer and close before reading it all
            pass
        answer = b""
        while b"\r\n\r\n" not in answer:
            try:
                chunk = conn.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
    return answer


def test_the_server_s_own_error_answers_carry_the_security_headers(tiny_index, tmp_path):
    with serving([*folder_args(index=tiny_index), "--no-build"], tmp_path / "log") as server:
        answers = {
            "431": _raw(server.port, b"GET /?q=" + b"a" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
            "400": _raw(server.port, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n"),
            "413": _raw(server.port, b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: 9999999\r\n\r\n"),
        }
    for status, raw in answers.items():
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        assert head.split()[1] == status, head
        for name, value in SECURITY_HEADERS.items():
            assert f"\r\n{name}: {value}" in head, (status, name)


@pytest.mark.parametrize("name", ["forged\nwarning: all good.txt", "evil\u202etxt.exe.txt", "bell\x07.txt"])
def test_file_names_are_printed_escaped(tmp_path, name):
    corpus, metadata, index = write_site(tmp_path, {"alpha.txt": "Meeting\n\nThe ministers met.\n"})
    (corpus / name).write_bytes(b"caf\xe9")  # not UTF-8: the build names the file
    run = verbatim("index", *folder_args(corpus, metadata, index), "--keep-going")
    assert run.code == 0
    warning = [line for line in run.err if "not valid UTF-8" in line]
    assert len(warning) == 1 and warning[0].isprintable(), run.err
    assert name.encode("unicode_escape").decode("ascii").split(".txt")[0] in warning[0]
    stopped = verbatim("index", *folder_args(corpus, metadata, index))
    assert stopped.code == 1 and all(line.isprintable() for line in stopped.err)
