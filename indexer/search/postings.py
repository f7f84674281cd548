"""Term postings read once per index generation: docnum bitsets for matching, BM25 parts for ranking.

A term's postings are two array views of the generation's flat postings (`flat.py`), whatever
the field; Whoosh is read only for positions (phrases of three words or more), and for every term
of a generation without flat postings (its blocks read whole, segment by segment). Scores are
computed with numpy, each posting's `idf * w * k / (w + norm)` in that order, so every float is
the one plain Python gives. Terms are kept in a bounded LRU per generation. The caller holds the
view's lock: Whoosh readers seek in shared files and are not thread-safe.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path
from dataclasses import dataclass, field

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.reading import IndexReader

import indexer.whoosh_internals  # noqa: F401 - refuses an untested whoosh3 before any segment is touched
from indexer.search import bitsets
from indexer.search.flat import FlatPostings
from indexer.search.lru import LRU

K1 = 1.2
B = 0.75
CACHE_TERMS = 4096  # a term counts as at least max_postings // CACHE_TERMS postings: ≤ CACHE_TERMS terms
CACHE_POSTINGS = 1_800_000  # ~140 bytes each once scored and ranked (postings kept too): ~250 MB at most
FIELD_BOOST = {"speaker": 0.5}  # a bare word counts less for naming the speaker than for being said


@dataclass
class TermPostings:
    """One term's documents and frequencies as arrays, and lazily its BM25 contribution to each."""

    field: str
    term: str
    ids: np.ndarray  # uint32, ascending (a view of the flat postings file when read from it)
    weights: np.ndarray  # within-document frequency of each posting
    bits: int
    df: int = 0
    _scores: np.ndarray | None = field(default=None, repr=False)


def _read_matcher(matcher, offset: int = 0) -> tuple[list[int], list[float]]:
    """All (docnum + offset, weight) of a fresh matcher, block by block when it is Whoosh 3's on-disk matcher."""
    ids: list[int] = []
    weights: list[float] = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend([d + offset for d in matcher._ids] if offset else matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
        return ids, weights
    while matcher.is_active():
        ids.append(matcher.id() + offset)
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _leaves(reader: IndexReader, fieldname: str, term: str):
    """(segment reader, docnum offset) of each segment holding the term, in document order."""
    key = (fieldname, term.encode("utf-8"))
    return [(leaf, offset) for leaf, offset in reader.leaf_readers() if key in leaf]


def _leaf_codes(leaf: IndexReader, fieldname: str) -> Sequence[int]:
    """One segment's per-document length bytes of a field."""
    n = leaf.doc_count_all()
    try:  # Whoosh 3's length column read whole, instead of a call per document
        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column._fixedlen == 1:  # one byte a document: one read, not a seek per document
            raw = column._dbfile.get(column._basepos, column._count)
            return raw + bytes(n - len(raw))
        return column.load()
    except Exception:  # another codec: the public per-document call
        return bytes(length_to_byte(leaf.doc_field_length(d, fieldname) or 0) for d in range(n))


class PostingsCache:
    """Per-generation cache of TermPostings, plus the field statistics BM25 needs."""

    def __init__(self, reader: IndexReader, flat: Path | None = None, max_postings: int = CACHE_POSTINGS) -> None:
        """flat: a generation folder with flat postings of the same document numbering (or None:
        every term is read from Whoosh); max_postings: the cache's bound (a share of the serving
        process's budget: indexer/search/budget.py)."""
        self.max_postings = max_postings
        self.reader = reader
        self.size = reader.doc_count_all()
        self.flat = FlatPostings.open(flat) if flat is not None else None
        if self.flat is not None and self.flat.documents != self.size:
            self.flat = None
        # Least recently used terms go first; bounded by the postings held (memory grows with them).
        self._terms: LRU[tuple[str, str], TermPostings] = LRU(
            max(1, max_postings), size=lambda tp: max(tp.df, max_postings // CACHE_TERMS))
        self._norms: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _flat_holds(self, fieldname: str) -> bool:
        return self.flat is not None and self.flat.holds(fieldname)

    def get(self, fieldname: str, term: str) -> TermPostings:
        key = (fieldname, term)
        hit = self._terms.get(key)
        if hit is not None:
            return hit
        if self._flat_holds(fieldname):
            ids, weights = self.flat.read(fieldname, term)
        else:
            id_list: list[int] = []
            weight_list: list[float] = []
            for leaf, offset in _leaves(self.reader, fieldname, term):  # segments are in document order
                more_ids, more_weights = _read_matcher(leaf.postings(fieldname, term), offset)
                id_list += more_ids
                weight_list += more_weights
            ids, weights = np.array(id_list, dtype=np.uint32), np.array(weight_list, dtype=np.float64)
        tp = TermPostings(fieldname, term, ids, weights, bitsets.from_array(ids, self.size), len(ids))
        if tp.df <= self.max_postings:  # a term larger than the whole bound is read again when asked
            self._terms[key] = tp
        return tp

    def doc_frequency(self, fieldname: str, term: str) -> int:
        if self._flat_holds(fieldname):
            return self.flat.doc_frequency(fieldname, term)
        if (fieldname, term.encode("utf-8")) not in self.reader:
            return 0
        return self.reader.doc_frequency(fieldname, term)

    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        """Up to `limit` indexed terms starting with prefix, the most frequent first (bounded scan:
        a two-letter prefix must not read the whole lexicon)."""
        if self._flat_holds(fieldname):
            found = self.flat.expand_prefix(fieldname, prefix, limit * 8)
        else:
            found = []
            for i, raw in enumerate(self.reader.expand_prefix(fieldname, prefix)):
                if i >= limit * 8:
                    break
                text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                found.append((self.reader.doc_frequency(fieldname, text), text))
        found.sort(key=lambda x: (-x[0], x[1]))
        return [t for _, t in found[:limit]]

    def _norms_for(self, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
        """Per-document length bytes of a field, and BM25's length normalisation for each byte value."""
        if fieldname not in self._norms:
            if self._flat_holds(fieldname):
                codes, total = self.flat.norms(fieldname)
            else:
                joined = b"".join(bytes(_leaf_codes(leaf, fieldname)) for leaf, _ in self.reader.leaf_readers())
                codes, total = np.frombuffer(joined, dtype=np.uint8), self.reader.field_length(fieldname)
            avg = (total / self.size) if self.size and total else 1.0
            table = [K1 * (1 - B + B * byte_to_length(b) / avg) for b in range(256)]
            self._norms[fieldname] = (codes, np.array(table, dtype=np.float64))
        return self._norms[fieldname]

    def _idf(self, tp: TermPostings) -> float:
        n = self.size
        return math.log(1 + (n - tp.df + 0.5) / (tp.df + 0.5)) * FIELD_BOOST.get(tp.field, 1.0)

    def scores(self, tp: TermPostings) -> np.ndarray:
        """BM25 contribution of the term to each of its documents, in the order of tp.ids (kept)."""
        if tp._scores is None:
            tp._scores = self.scores_at(tp, None)
        return tp._scores

    def scores_at(self, tp: TermPostings, at: np.ndarray | None) -> np.ndarray:
        """The contributions of the postings at the given indexes (all when None), each
        `idf * w * k / (w + norm[length])` evaluated in that order, so every float is the same."""
        if at is None:
            ids, w = tp.ids, tp.weights.astype(np.float64)
        elif tp._scores is not None:
            return tp._scores[at]
        else:
            ids, w = tp.ids[at], tp.weights[at].astype(np.float64)
        codes, norm = self._norms_for(tp.field)
        return self._idf(tp) * w * (K1 + 1) / (w + norm[codes[ids]])

    def positions(self, fieldname: str, term: str, candidates: set[int]) -> dict[int, list[int]]:
        """Positions of the term in each candidate document that has it: only the segments holding
        candidates are asked, and only the blocks holding them decoded (skip_to reads block headers),
        so a phrase costs what its few candidates cost, not the term's postings in every segment."""
        out: dict[int, list[int]] = {}
        wanted = sorted(candidates)
        key = (fieldname, term.encode("utf-8"))
        for leaf, offset in self.reader.leaf_readers():
            lo, hi = bisect_left(wanted, offset), bisect_left(wanted, offset + leaf.doc_count_all())
            if lo == hi or key not in leaf:
                continue
            matcher = leaf.postings(fieldname, term)
            for d in wanted[lo:hi]:
                matcher.skip_to(d - offset)
                if not matcher.is_active():
                    break
                if matcher.id() == d - offset:
                    out[d] = matcher.value_as("positions")
        return out
