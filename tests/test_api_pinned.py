"""Whole /api/search bodies pinned byte for byte (tests/data/api_pinned/), so a speed change to the
web side (encoding, passage dicts, citations, facet lists) cannot change an answer unnoticed.

The files were written by the code before the HTTP performance work of issue 19; regenerate them
(`python -m tests.test_api_pinned`) only for a deliberate, explained change of the answer shape.
"""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from indexer.build import build_index
from webapp import create_app

PINNED = Path(__file__).parent / "data" / "api_pinned"
PUBLIC_URL = "https://verbatim.example/base"
BUNDLED = Path(__file__).parent.parent  # corpus/ and metadata/ of the project: quotations, speakers, citations
QUERIES = [
    "",
    "?q=border",
    "?q=border&speaker=jurgen-weiss",
    "?q=regional+cooperation&per_page=3&page=2",
    "?quotes=only&per_page=100",
    "?sort=newest&per_page=100",
    "?q=%22water+security%22",
    "?q=bordr",
    "?q=AND+(",
    "?q=%C3%BCber+Wei%C3%9F&per_page=100",
]
BUNDLED_QUERIES = [
    "?q=security",
    "?q=terrorism&per_page=50",
    "?quotes=only&per_page=100",
    "?q=%22drug+trafficking%22",
    "?q=cooperation&sort=oldest&per_page=30",
    "?q=security&theme=terrorism&per_page=5&page=2",
]
SETS = {"tiny": QUERIES, "bundled": BUNDLED_QUERIES}


def _name(corpus: str, query: str) -> str:
    return f"{corpus}-{hashlib.sha256(query.encode()).hexdigest()[:12]}.json"


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("bundled") / "index"
    build_index(BUNDLED / "corpus", BUNDLED / "metadata", index)
    return index


def _app(index: Path, caches: bool):
    sizes = {} if caches else {"ANSWER_CACHE_BYTES": 0, "FRAGMENT_CACHE_BYTES": 0}
    return create_app({"INDEX_DIR": index, "TESTING": True, "PUBLIC_URL": PUBLIC_URL, **sizes})


@pytest.mark.parametrize("caches", [True, False], ids=["caches", "no-caches"])
@pytest.mark.parametrize("corpus", SETS)
def test_search_bodies_are_the_pinned_bytes(tiny_index: Path, bundled_index: Path, caches: bool, corpus: str):
    client = _app(tiny_index if corpus == "tiny" else bundled_index, caches).test_client()
    for _ in range(2):  # the second time from whatever the caches kept
        for query in SETS[corpus]:
            body = client.get("/api/search" + query).get_data()
            assert body == (PINNED / _name(corpus, query)).read_bytes(), query


def test_every_query_has_its_pinned_body():
    names = [_name(corpus, q) for corpus, queries in SETS.items() for q in queries]
    assert sorted(p.name for p in PINNED.glob("*.json")) == sorted(names)


if __name__ == "__main__":  # write the files (a deliberate change of the answer shape only)
    import tempfile

    folders = {"tiny": Path(__file__).parent / "data" / "tiny", "bundled": BUNDLED}
    for corpus, queries in SETS.items():
        with tempfile.TemporaryDirectory() as tmp:
            build_index(folders[corpus] / "corpus", folders[corpus] / "metadata", Path(tmp) / "index")
            client = _app(Path(tmp) / "index", caches=False).test_client()
            for q in queries:
                (PINNED / _name(corpus, q)).write_bytes(client.get("/api/search" + q).get_data())
        print(f"wrote {len(queries)} {corpus} bodies to {PINNED}", file=sys.stderr)
