"""The cache of encoded API answers (webapp/answers.py): bounded, per generation, never stale."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp import create_app, fragments
from webapp.answers import Answers


@pytest.fixture
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def test_a_kept_answer_is_returned_for_the_same_generation_and_key():
    cache = Answers(max_bytes=1000)
    cache.put("g1", ("q", 1), b"body")
    assert cache.get("g1", ("q", 1)) == b"body"
    assert cache.get("g1", ("q", 2)) is None
    assert cache.get("g2", ("q", 1)) is None  # another generation never sees it


def test_a_new_generation_drops_every_answer_of_the_old_one():
    cache = Answers(max_bytes=1000)
    cache.put("g1", "a", b"old")
    cache.put("g2", "b", b"new")
    assert len(cache) == 1
    assert cache.get("g1", "a") is None
    assert cache.get("g2", "b") == b"new"


def test_the_least_recently_used_answers_go_first_when_over_the_byte_bound():
    cache = Answers(max_bytes=800)
    for key in "abcd":
        cache.put("g", key, bytes(100))
    cache.get("g", "a")  # used: kept
    for key in "efgh":
        cache.put("g", key, bytes(100))
    cache.put("g", "i", bytes(100))
    assert cache.get("g", "a") is not None
    assert cache.get("g", "b") is None
    assert sum(len(cache.get("g", k) or b"") for k in "abcdefghi") <= 800


def test_an_answer_larger_than_an_eighth_of_the_bound_is_not_kept():
    cache = Answers(max_bytes=800)
    cache.put("g", "big", bytes(101))
    assert cache.get("g", "big") is None
    assert len(Answers(max_bytes=0)) == 0


def test_answer_makes_a_body_once_per_key():
    cache = Answers()
    made = []

    def make() -> bytes:
        made.append(1)
        return b"{}"

    assert cache.answer("g", "k", make) == b"{}"
    assert cache.answer("g", "k", make) == b"{}"
    assert len(made) == 1


def test_the_api_answers_a_repeated_search_from_the_cache_with_the_same_bytes(client, monkeypatch):
    """The second identical request is a cache hit: no search is run and no body is made for it."""
    made = []
    real = fragments.search_body

    def counted(*args, **kwargs):
        made.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(fragments, "search_body", counted)
    first = client.get("/api/search?q=security&per_page=5")
    second = client.get("/api/search?q=security&per_page=5")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert first.mimetype == second.mimetype == "application/json"
    assert len(made) == 1
    client.get("/api/search?q=security&per_page=6")  # another request: a miss, made anew
    assert len(made) == 2


def test_without_a_cache_every_request_is_made_anew(tiny_index: Path, monkeypatch):
    """The counter above counts: with the cache off, the same request is made twice."""
    made = []
    real = fragments.search_body
    monkeypatch.setattr(fragments, "search_body", lambda *a, **k: made.append(1) or real(*a, **k))
    client = create_app({"INDEX_DIR": tiny_index, "TESTING": True, "ANSWER_CACHE_BYTES": 0}).test_client()
    assert client.get("/api/search?q=security").data == client.get("/api/search?q=security").data
    assert len(made) == 2
