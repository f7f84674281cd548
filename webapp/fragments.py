"""Search answers assembled from pre-encoded JSON: each passage is encoded once per generation.

An uncached search answer is mostly its passages' JSON (their citations ~75 % of the bytes), and
passages recur from search to search. A passage's object is the same in every answer but for its
`highlight`, so its JSON is kept as the bytes before and after that value; an answer is the
encoded frame (q, total, facets, ...) with the results spliced in. The bytes are exactly those of
`jsonify(results_data(...))` in compact mode (tests/test_api_encoded.py compares them).

The cache is bounded in bytes (least recently used passages go first), keyed by passage id and
links within one generation (emptied when it changes), and has its own lock.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import partial
from json.encoder import encode_basestring  # what json.dumps uses for a str with ensure_ascii=False

from markupsafe import escape

from indexer.search import IndexView, run_search
from indexer.search.types import SearchRequest, SearchResults
from webapp.data import Texts, results_frame
from webapp.links import Links
from webapp.presenter import passage_dict

DEFAULT_BYTES = 16 * 2**20  # ~2,500 passages with their citations
Dumps = Callable[[object], str]  # compact JSON: the app's json.dumps with separators (",", ":")


class Fragments:
    """A bounded LRU of encoded passages, (before highlight, after highlight), for one generation."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max_bytes
        self._generation: str | None = None
        self._pieces: OrderedDict[Hashable, tuple[bytes, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pieces)

    def get(self, generation: str, key: Hashable) -> tuple[bytes, bytes] | None:
        with self._lock:
            if generation != self._generation:
                return None
            found = self._pieces.get(key)
            if found is not None:
                self._pieces.move_to_end(key)
            return found

    def put(self, generation: str, key: Hashable, pieces: tuple[bytes, bytes]) -> None:
        size = len(pieces[0]) + len(pieces[1])
        if size > self.max_bytes // 8:
            return
        with self._lock:
            if generation != self._generation:
                self._generation, self._pieces, self._bytes = generation, OrderedDict(), 0
            old = self._pieces.pop(key, None)
            self._bytes += size - (len(old[0]) + len(old[1]) if old is not None else 0)
            self._pieces[key] = pieces
            while self._bytes > self.max_bytes and self._pieces:
                head, tail = self._pieces.popitem(last=False)[1]
                self._bytes -= len(head) + len(tail)


def split(dumps: Dumps, data: dict, key: str) -> tuple[str, str]:
    """data's JSON as the text before and after the value of `key` (which it must hold)."""
    items = list(data.items())
    at = [k for k, _ in items].index(key)
    before, after = dict(items[:at]), dict(items[at + 1 :])
    head = (dumps(before)[:-1] + "," if before else "{") + dumps(key) + ":"
    tail = "," + dumps(after)[1:] if after else "}"
    return head, tail


def encoded_answer(view: IndexView, results: SearchResults, links: Links, dumps: Dumps, cache: Fragments) -> bytes:
    """The body of `jsonify(results_data(view, results, links))` (compact), from cached passages."""
    generation, texts = view.generation, Texts(view)
    parts: list[bytes] = []
    for hit in results.hits:
        record = hit.passage
        key = (record.id, links)
        pieces = cache.get(generation, key)
        if pieces is None:
            data = passage_dict(record, view.catalog, partial(texts, record.document_id), links, "",
                                view.also_appears_in(record))
            head, tail = split(dumps, data, "highlight")
            pieces = (head.encode(), tail.encode())
            cache.put(generation, key, pieces)
        highlight = hit.highlight if hit.highlight is not None else str(escape(record.text))
        parts += (pieces[0], encode_basestring(highlight).encode(), pieces[1], b",")
    if parts:
        parts[-1] = b"]"
    head, tail = split(dumps, results_frame(results), "results")
    return b"".join((head.encode(), b"[", *parts, tail.encode(), b"\n")) if parts else \
        (head + "[]" + tail + "\n").encode()


def search_body(view: IndexView, request: SearchRequest, links: Links, dumps: Dumps, cache: Fragments) -> bytes:
    """The encoded API answer of an already parsed search request."""
    return encoded_answer(view, run_search(view, request), links, dumps, cache)
