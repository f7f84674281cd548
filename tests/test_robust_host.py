"""Permalinks and citations use the configured public URL, never the request's Host header.

The finding: with `Host: evil.example` permalinks and citations read `http://evil.example/passages/…`
and `/static//x` redirected there. Now the origin is `verbatim serve --public-url` (default: the
address it listens on); X-Forwarded-* count only from the proxy named by `--proxy`.
"""
from __future__ import annotations

import http.client
import json

import pytest

from serving import HOST, folder_args, serving
from webapp import create_app

EVIL = "evil.example"


def _get(port: int, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def _permalinks(body: bytes) -> list[str]:
    return [hit["permalink"] for hit in json.loads(body)["results"]]


@pytest.fixture
def client(tiny_index):
    return lambda **config: create_app({"INDEX_DIR": tiny_index, "TESTING": True, **config}).test_client()


def test_host_header_never_reaches_permalinks_citations_or_pages(client):
    app = client(PUBLIC_URL="https://verbatim.example/")
    response = app.get("/api/search?q=border", headers={"Host": EVIL, "X-Forwarded-Host": EVIL})
    links = [hit["permalink"] for hit in response.get_json()["results"]]
    assert links and all(link.startswith("https://verbatim.example/passages/") for link in links)
    passage = links[0].removeprefix("https://verbatim.example")
    for path in (passage, "/api/search?q=border", "/search.atom?q=border"):
        page = app.get(path, headers={"Host": EVIL, "X-Forwarded-Host": EVIL, "X-Forwarded-Proto": "gopher"})
        assert page.status_code in (200, 404) and EVIL.encode() not in page.data, path


def test_without_a_public_url_the_app_does_not_use_the_host_either(client):
    response = client().get("/api/search?q=border", headers={"Host": EVIL})
    assert all(EVIL not in hit["permalink"] for hit in response.get_json()["results"])


@pytest.mark.parametrize("path", ["/static//x", f"/static//{EVIL}/x", f"//{EVIL}/", "/static/..%2f..%2fx", "/api//search"])
def test_double_slashes_never_redirect_off_site(client, path):
    response = client().get(path, headers={"Host": EVIL})
    location = response.headers.get("Location", "")
    assert EVIL not in location and not location.startswith("//"), (path, response.status_code, location)


def test_served_permalinks_default_to_the_listening_address(tiny_index, tmp_path):
    with serving([*folder_args(index=tiny_index), "--no-build"], tmp_path / "log") as server:
        status, headers, body = _get(server.port, "/api/search?q=border", {"Host": EVIL, "X-Forwarded-Host": EVIL})
        assert status == 200
        assert all(p.startswith(f"http://{HOST}:{server.port}/passages/") for p in _permalinks(body))
        status, headers, _ = _get(server.port, "/static//x", {"Host": EVIL})
        assert EVIL not in headers.get("Location", "")


def test_served_public_url_wins(tiny_index, tmp_path):
    args = [*folder_args(index=tiny_index), "--no-build", "--public-url", "https://verbatim.example/"]
    with serving(args, tmp_path / "log") as server:
        _, _, body = _get(server.port, "/api/search?q=border", {"Host": EVIL})
        assert all(p.startswith("https://verbatim.example/passages/") for p in _permalinks(body))


def test_forwarded_headers_count_only_from_the_named_proxy(tiny_index, tmp_path):
    forwarded = {"Host": "internal:8000", "X-Forwarded-Host": "public.example", "X-Forwarded-Proto": "https"}
    with serving([*folder_args(index=tiny_index), "--no-build", "--proxy", HOST], tmp_path / "log") as server:
        _, _, body = _get(server.port, "/api/search?q=border", forwarded)
        assert all(p.startswith("https://public.example/passages/") for p in _permalinks(body))
    with serving([*folder_args(index=tiny_index), "--no-build", "--proxy", "10.9.9.9"], tmp_path / "log2") as server:
        _, _, body = _get(server.port, "/api/search?q=border", forwarded)
        assert all(p.startswith(f"http://{HOST}:{server.port}/passages/") for p in _permalinks(body))


def test_public_url_must_be_an_http_address(tiny_index):
    from serving import verbatim

    run = verbatim("serve", "--index", str(tiny_index), "--no-build", "--public-url", "javascript:alert(1)")
    assert run.code == 2 and any("must be an http:// or https:// address" in line for line in run.err)


def test_several_processes_use_the_public_url_and_the_proxy_rule_too(tiny_index, tmp_path):
    args = [*folder_args(index=tiny_index), "--no-build", "--processes", "2", "--proxy", "10.9.9.9"]
    with serving(args, tmp_path / "log") as server:
        for _ in range(4):  # whichever worker answers
            _, _, body = _get(server.port, "/api/search?q=border", {"Host": EVIL, "X-Forwarded-Host": EVIL})
            assert all(p.startswith(f"http://{HOST}:{server.port}/passages/") for p in _permalinks(body))
