"""/api/search answers assembled from encoded passages (webapp/fragments.py) are byte for byte jsonify's."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from flask import jsonify, request

from indexer.search import run_search
from webapp import create_app
from webapp.context import index_view, links
from present.results import results_data
from webapp.fragments import Fragments, split
from webapp.params import search_request

QUERIES = [
    "",
    "?per_page=100",
    "?q=border",
    "?q=borders+afford",
    "?q=border&speaker=jurgen-weiss",
    "?q=regional+cooperation&per_page=3&page=2",
    "?quotes=only&per_page=100",
    "?sort=newest&per_page=100",
    "?sort=oldest&per_page=4&page=3",
    "?q=%22water+security%22",
    "?q=nothingmatchesthis",
    "?q=bordr",  # a suggestion
    "?q=AND+(",  # a query error: plain words used
    "?speaker=nobody-at-all",
    "?q=%C3%BCber+Wei%C3%9F&per_page=100",
]


def expected(app, url: str, base_url: str = "http://localhost") -> bytes:
    """What jsonify makes of the response dict for url (the reference encoding)."""
    with app.test_request_context(url, base_url=base_url):
        view, link = index_view(), links()
        return jsonify(results_data(view, run_search(view, search_request(request.args)), link)).get_data()


@pytest.fixture(scope="module")
def app(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True, "ANSWER_CACHE_BYTES": 0})


@pytest.mark.parametrize("query", QUERIES)
def test_the_assembled_answer_is_the_bytes_jsonify_makes(app, query):
    url = "/api/search" + query
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 200
    assert first.content_type == "application/json"
    assert first.get_data() == expected(app, url)
    assert client.get(url).get_data() == first.get_data()  # again, now from kept passages


def test_every_passage_comes_from_the_cache_the_second_time(app):
    cache: Fragments = app.extensions["verbatim.fragments"]
    client = app.test_client()
    body = client.get("/api/search?per_page=100").get_data()
    assert len(cache) == json.loads(body)["total"]
    assert client.get("/api/search?per_page=100&sort=oldest").get_data() == expected(app, "/api/search?per_page=100&sort=oldest")


def test_links_of_another_host_are_not_taken_from_the_cache(app):
    client = app.test_client()
    url = "/api/search?q=border"
    here = client.get(url).get_data()
    there = client.get(url, base_url="https://example.org/sub").get_data()
    assert there == expected(app, url, "https://example.org/sub")
    assert b'"/sub/passages/' in there and there != here  # another script root: other links
    assert b"example.org" not in there  # permalinks never come from the Host header (webapp/context.py)


def test_debug_mode_answers_are_indented_as_jsonify_makes_them(tiny_index: Path):
    app = create_app({"INDEX_DIR": tiny_index, "TESTING": True, "DEBUG": True})
    app.debug = True
    body = app.test_client().get("/api/search?q=border").get_data()
    assert body == expected(app, "/api/search?q=border")
    assert body.startswith(b'{\n  "q"')


def test_split_gives_the_text_around_neighbouring_values():
    dumps = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    data = {"a": 1, "b": "ü", "c": [1], "d": None}
    for keys in (("a",), ("b",), ("d",), ("a", "b"), ("b", "c", "d")):
        head, tail = split(dumps, data, keys)
        assert head + ",".join(dumps(k) + ":" + dumps(data[k]) for k in keys) + tail == dumps(data)


def test_a_new_generation_drops_the_kept_passages_and_the_bound_holds():
    noise = random.Random(1).randbytes  # incompressible: each passage below is kept in ~910 bytes
    cache = Fragments(max_bytes=8000)
    cache.keep("g1", "a", b"x" * 50, b"y" * 50)
    assert cache.pieces("g1", "a") == (b"x" * 50, b"y" * 50)
    assert cache.pieces("g2", "a") is None
    for key in "bcdefghij":
        cache.keep("g2", key, noise(450), noise(450))
    assert len(cache) == 8 and cache.pieces("g2", "b") is None and cache.pieces("g1", "a") is None
    cache.keep("g2", "big", noise(600), noise(500))  # over an eighth of the bound: not kept
    assert cache.pieces("g2", "big") is None


def test_passages_are_kept_compressed_and_come_back_whole():
    cache = Fragments(max_bytes=8000)
    before, after = b'{"id":"p1","text":"' + b"border " * 700, b'","year":"2019"}'
    cache.keep("g", "p1", before, after)
    packed, _ = cache.get("g", "p1")
    assert len(packed) < len(before) // 10
    assert cache.pieces("g", "p1") == (before, after)
