"""Search answers assembled from pre-encoded JSON: each passage is encoded once per generation.

An uncached search answer is mostly its passages' JSON (their citations ~75 % of the bytes), and
passages recur from search to search. A passage's object (present.passage.passage_dict) is the same
in every answer but for its hit fields (`present.passage.HIT_FIELDS`: the highlight and the match
offsets), so its JSON is kept as the bytes before and after those values; an answer is the encoded
frame (q, total, facets, ...) with the results spliced in. The bytes are exactly those of
`jsonify(results_data(...))` in compact mode (tests/test_api_encoded.py compares them).

The cache (answers.GenerationCache) is bounded in bytes (least recently used passages go first), keyed by passage id and
links within one generation (emptied when it changes), and has its own lock. Listed facet values
are encoded once per value object (the search side shares them between searches).
"""
from __future__ import annotations

import json
import secrets
import threading
import zlib
from collections.abc import Callable, Hashable
from functools import partial
from json.encoder import encode_basestring  # what json.dumps uses for a str with ensure_ascii=False


from indexer.search import IndexView, run_search
from indexer.search.types import FACET_NAMES, FacetValue, SearchRequest, SearchResults
from present.links import Links
from present.passage import HIT_FIELDS, hit_fields, passage_dict
from present.results import Texts, quotes_facet, results_frame
from webapp.answers import GenerationCache

DEFAULT_BYTES = 32 * 2**20  # ~20,000 passages with their citations, compressed (~1.6 KB each at 100k passages)
LEVEL = 1  # zlib: ~5× smaller; expanding 8 KB costs ~25 µs, making the passage again ~400 µs
Dumps = Callable[[object], str]  # compact JSON: the app's json.dumps with separators (",", ":")


class Fragments(GenerationCache[tuple[bytes, int]]):
    """Encoded passages for one generation: the bytes before the hit fields and after them, kept
    compressed (a distinct-query load reuses a passage only after thousands of others: at 100k
    passages, about 20,000 must fit for every repeat to hit)."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        super().__init__(max_bytes, lambda kept: len(kept[0]))

    def pieces(self, generation: str, key: Hashable) -> tuple[bytes, bytes] | None:
        """(before, after) the hit fields of a kept passage; None when it is not kept."""
        kept = self.get(generation, key)
        if kept is None:
            return None
        packed, at = kept
        raw = zlib.decompress(packed)
        return raw[:at], raw[at:]

    def keep(self, generation: str, key: Hashable, before: bytes, after: bytes) -> None:
        self.put(generation, key, (zlib.compress(before + after, LEVEL), len(before)))


_MARKER = f"\x00{secrets.token_hex(8)}\x00"  # a value no answer holds (NUL and a per-process token)


def split(dumps: Dumps, data: dict, keys: tuple[str, ...]) -> tuple[str, str]:
    """data's JSON as the text before the first of `keys` and after the value of the last (data
    holds them next to each other, in this order).

    Encoded once with a marker as their values: a quote inside an encoded string is escaped, so
    `"key":"<marker>"` is found only where it stands.
    """
    marked = ",".join(dumps(key) + ":" + dumps(_MARKER) for key in keys)
    encoded = dumps({**data, **dict.fromkeys(keys, _MARKER)})
    at = encoded.index(marked)
    return encoded[:at], encoded[at + len(marked) :]


def _encoded_hit(text: str, matches) -> bytes:
    """The hit fields of one passage, encoded as `dumps` would (compact, UTF-8)."""
    fields = hit_fields(text, matches)
    return ",".join(f"{encode_basestring(key)}:{_encode(fields[key])}" for key in HIT_FIELDS).encode()


def _encode(value: object) -> str:
    return encode_basestring(value) if type(value) is str else json.dumps(value, separators=(",", ":"))


def encoded_answer(view: IndexView, results: SearchResults, links: Links, dumps: Dumps, cache: Fragments) -> bytes:
    """The body of `jsonify(results_data(view, results, links))` (compact), from cached passages."""
    generation, texts = view.generation, Texts(view)
    parts: list[bytes] = []
    for hit in results.hits:
        record = hit.passage
        key = (record.id, links)
        pieces = cache.pieces(generation, key)
        if pieces is None:
            data = passage_dict(record, view.catalog, partial(texts, record.document_id), links, (),
                                view.also_appears_in(record))
            head, tail = split(dumps, data, HIT_FIELDS)
            pieces = (head.encode(), tail.encode())
            cache.keep(generation, key, *pieces)
        parts += (pieces[0], _encoded_hit(record.text, hit.matches), pieces[1], b",")
    if parts:
        parts[-1] = b"]"
    raw = {"results": b"[" + b"".join(parts) if parts else b"[]", "facets": _facets(results, dumps)}
    frame = results_frame(results, facets=raw["facets"])
    out = [
        dumps(k).encode() + b":" + (raw[k] if k in raw else dumps(v).encode()) for k, v in frame.items()
    ]
    return b"{" + b",".join(out) + b"}\n"


_FACET_VALUES_MAX = 30_000  # values are shared by the searches of a generation (indexer.search.view.facet_value)
_FACET_VALUES: dict[int, tuple[FacetValue, bytes]] = {}  # id(value) → (value, JSON); emptied when it reaches the bound
_FACET_VALUES_LOCK = threading.Lock()  # request threads share it


def _facet_value(value: FacetValue) -> bytes:
    """A listed facet value's JSON object."""
    if type(value.id) is str and type(value.label) is str and type(value.count) is int and type(value.selected) is bool:
        return (
            f'{{"id":{encode_basestring(value.id)},"label":{encode_basestring(value.label)},'
            f'"count":{value.count},"selected":{"true" if value.selected else "false"}}}'
        ).encode()
    # not what the search side makes: json's own encoding
    return json.dumps({"id": value.id, "label": value.label, "count": value.count, "selected": value.selected},
                      ensure_ascii=False, separators=(",", ":")).encode()


def _facet_list(values: tuple[FacetValue, ...] | list[FacetValue]) -> bytes:
    """One facet's listed values as a JSON array, each value object encoded once (kept by its id, so
    the same object is the same bytes; the search side shares value objects between searches)."""
    out: list[bytes] = []
    with _FACET_VALUES_LOCK:  # once per facet, not per value: a search lists ~200 values
        known = _FACET_VALUES
        for value in values:
            found = known.get(id(value))
            if found is None or found[0] is not value:  # a new value (or a new object at a freed one's address)
                if len(known) >= _FACET_VALUES_MAX:
                    known.clear()  # a plain dict: a lookup costs no Python call (most searches list ~200 values)
                found = known[id(value)] = (value, _facet_value(value))
            out.append(found[1])
    return b"[" + b",".join(out) + b"]"


def _facets(results: SearchResults, dumps: Dumps) -> bytes:
    """The `facets` object of data.facet_lists(results), encoded."""
    lists = [dumps(name).encode() + b":" + _facet_list(results.facets.get(name, ())) for name in FACET_NAMES]
    lists.append(b'"quotes":' + dumps([quotes_facet(results)]).encode())
    return b"{" + b",".join(lists) + b"}"


def search_body(view: IndexView, request: SearchRequest, links: Links, dumps: Dumps, cache: Fragments) -> bytes:
    """The encoded API answer of an already parsed search request."""
    return encoded_answer(view, run_search(view, request), links, dumps, cache)
