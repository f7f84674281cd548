"""Any `q` through the JSON API and the search page: a result (a 400 with a message only past MAX_Q), never a 5xx or a stall.

The index is a seeded synthetic corpus (bench.generate) plus one document with ten thousand
distinct words, so wildcard-only and prefix queries have plenty to expand. The time bound is a guard
against a stall, not a benchmark.
"""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from indexer.build import build_index
from indexer.search.query import MAX_DEPTH, MAX_TERMS, And, Not, Or, leaves, parse_query
from webapp import create_app
from webapp.params import MAX_Q

STALL = 2.0  # seconds; a generous bound on one request


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    out = tmp_path_factory.mktemp("fuzz-query")
    made = generate(400, seed=5, out=out)
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"a" + "".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(10_000)}
    paragraphs = [" ".join(sorted(words)[i : i + 100]) + "." for i in range(0, len(words), 100)]
    (made.corpus / "vocabulary.txt").write_text("Many words\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    build_index(made.corpus, made.metadata, out / "index")
    app = create_app({"CORPUS_DIR": made.corpus, "METADATA_DIR": made.metadata, "INDEX_DIR": out / "index", "TESTING": True})
    return app.test_client()


def check(client, q: str, path: str = "/api/search", **params) -> int:
    """One request: 200 with a well-formed page (400 with a message for a q past MAX_Q), in bounded time."""
    started = time.process_time()  # CPU time: a stall guard that other processes' load cannot trip
    response = client.get(path, query_string={"q": q, **params})
    elapsed = time.process_time() - started
    # Any q answers (a malformed one falls back to its words); only a parameter out of bounds is a 400.
    assert response.status_code == 200 or (response.status_code == 400 and len(q) > MAX_Q), (
        q[:80], response.status_code, response.get_data(as_text=True)[:300])
    assert elapsed < STALL, (q[:80], elapsed)
    if path.startswith("/api/"):
        body = response.get_json()
        if response.status_code == 400:
            assert set(body) == {"error"} and body["error"]["message"]
        else:
            assert isinstance(body["total"], int) and body["total"] >= len(body["results"])
            assert len(body["results"]) <= body["per_page"]
    return response.status_code


HOSTILE = [
    '"', '"unbalanced phrase', 'unbalanced"', '""', '" "', "(", ")", "((((((((", "))))", "(a OR (b AND", "a)",
    "[", "]", "{", "}", "[a TO z]", "{a TO}", "AND", "OR", "NOT", "-", "+", "!", "AND OR NOT", "a AND", "OR b",
    "NOT NOT NOT a", "- - -", "-a", "--a", "a -", "*", "**", "***", "?", "??", "*a*", "a*", "*a", "a*b*c*",
    "a* " * 40, "* " * 500, "a?" * 100, "~", "a~", "a~2", "a~~", "a^5", "a^", "^", "\\", "\\\\", "/", "/a/", "%",
    "%00", "%%", "&", "&&", "||", ":", "::", "speaker:", "event:", "theme:", "organization:", "year:", "speaker:*",
    "speaker:(", 'speaker:"', "speaker:speaker:", "unknownfield:x", "text:", ":a", "a:b:c", "speaker: event:",
    "x" * 1999, "x" * 2000, "x" * 2001, "word " * 399, "a OR " * 300, "(" * 500 + "a" + ")" * 500,
    "NOT " * 400 + "a", '"' + "a " * 900 + '"', "\x00", "a\x00b", "\x01\x02\x03\x7f", "\t\n\r", "\u202ea\u202c",
    "\ufeff", "\u200b", "\xa0", "é", "Lajčák", "ЛАЙЧАК", "中文", "🙂", "\U0010ffff", "<script>alert(1)</script>",
    "' OR 1=1 --", "${jndi:ldap://x}", "{{7*7}}", "%s%s%s", "../../etc/passwd",
]


@pytest.mark.parametrize("q", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_answer_or_say_why(client, q):
    check(client, q)
    check(client, q, sort="newest", per_page="5")
    check(client, q, path="/")


def test_ten_thousand_characters_is_a_400_with_a_message(client):
    assert check(client, "security " * 1200) == 400
    assert check(client, "y" * 10_000, path="/") == 400


def test_wildcard_only_and_wide_prefixes_are_bounded(client):
    for q in ("*", "a*", "a* b* c* d* e* f* g* h*", "*a* OR *b*", "a* NOT b*", "speaker:*", '"a* b*"'):
        check(client, q)


_operators = st.sampled_from(
    ['"', "(", ")", "*", "?", "-", "+", ":", "~", "^", "\\", " AND ", " OR ", " NOT ", "speaker:", "event:",
     "theme:", " ", "a", "security", "border", "Lajčák", "«", "»", "\x00", "\u202e", "[", "]", "{", "}", "/"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_operators, max_size=40).map("".join))
def test_generated_query_language_soup(client, q):
    check(client, q)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.sampled_from(["relevance", "newest", "oldest"]), st.integers(1, 5))
def test_any_unicode_query_with_any_sort_and_page(client, q, sort, page):
    check(client, q, sort=sort, page=str(page), per_page="10")


def depth(node) -> int:
    if isinstance(node, (And, Or)):
        return 1 + max(depth(child) for child in node.children)
    if isinstance(node, Not):
        return 1 + depth(node.child)
    return 0


@settings(max_examples=300, deadline=None)
@given(st.lists(_operators, max_size=200).map("".join) | st.text(max_size=3000))
def test_query_parsing_is_total_and_bounded(q):
    """parse_query never raises; whatever q is, the tree it gives has bounded terms and depth."""
    parsed = parse_query(q)
    found = list(leaves(parsed.tree))
    assert len(found) <= MAX_TERMS
    assert depth(parsed.tree) <= MAX_DEPTH + 2
    if parsed.error is None and parsed.tree is not None:
        assert parse_query(q) == parsed
