"""Ordering matches and cutting one page: by BM25 relevance, or by date then document order.

Only `start + count` documents are ever selected (heap or early-stopping walk), never a full
sort of every match, and a page beyond the total is answered before any work.
"""
from __future__ import annotations

import heapq
from functools import cached_property

import numpy as np

from indexer.search import bitsets
from indexer.search.columns import Columns
from indexer.search.postings import PostingsCache, TermPostings

DENSE = 50  # walk a precomputed order when at least 1 document in DENSE matches


class DateOrder:
    """Document numbers by published date (newest or oldest first), then document order; undated last.

    Each order is one stable numpy sort of the dates (a plain-Python sort of every passage took
    seconds at 1M on the first date-sorted search)."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    @cached_property
    def _dates(self) -> np.ndarray:
        return np.asarray(self.columns.published_array, dtype=np.int64)

    def _sorted(self, newest: bool) -> np.ndarray:
        """Stable argsort on (undated, ±date): ties keep document order."""
        pub = self._dates
        key = np.where(pub == 0, UNDATED, -pub if newest else pub)
        return np.argsort(key, kind="stable")

    @cached_property
    def _oldest(self) -> np.ndarray:
        return self._sorted(False)

    @cached_property
    def newest(self) -> list[int]:
        return self._sorted(True).tolist()

    @cached_property
    def oldest(self) -> list[int]:
        return self._oldest.tolist()

    @cached_property
    def oldest_dates(self) -> list[int]:
        """The dates of `oldest` as yyyymmdd, undated as 100_000_000: ascending, for bisection."""
        dates = self._dates[self._oldest]
        return np.where(dates == 0, 100_000_000, dates).tolist()

    def top(self, bits: int, total: int, need: int, newest: bool) -> list[int]:
        order = self.newest if newest else self.oldest
        if total * DENSE >= self.columns.size:
            return _walk(order, bits, self.columns.size, need)
        pub = self.columns.published
        if newest:
            key = lambda d: (pub[d] == 0, -pub[d], d)  # noqa: E731
        else:
            key = lambda d: (pub[d] == 0, pub[d], d)  # noqa: E731
        return heapq.nsmallest(need, bitsets.to_docnums(bits), key=key)


UNDATED = 1 << 40  # sorts after every yyyymmdd, negated or not


def _walk(order: list[int], bits: int, size: int, need: int) -> list[int]:
    member = bitsets.membership(bits, size)
    out: list[int] = []
    for d in order:
        if member[d >> 3] >> (d & 7) & 1:
            out.append(d)
            if len(out) == need:
                break
    return out


FEW = 8  # a term with over FEW times more postings than there are matches is bisected, not walked


def by_relevance(postings: PostingsCache, scoring: list[TermPostings], bits: int, need: int) -> list[tuple[int, float]]:
    """The `need` best (docnum, score) of the matches; ties and unscored matches in document order.

    Each match's score is its terms' BM25 contributions summed term by term in query order (0.0 +
    s1 + s2 …, the same floats whatever the path), so the ranking is exact to the last bit."""
    if not bits or need <= 0:
        return []
    terms = list({id(tp): tp for tp in scoring}.values())
    matches = bitsets.to_array(bits, postings.size).astype(np.uint32)  # the postings' type: bisection never converts
    total = _totals(postings, terms, bits, matches)
    return _best(matches, total, need)


def _mask(bits: int, size: int) -> np.ndarray:
    """One bool per document: whether it is in the bitset."""
    packed = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(packed, bitorder="little", count=size).view(np.bool_)


def _totals(postings: PostingsCache, terms: list[TermPostings], bits: int, matches: np.ndarray) -> np.ndarray:
    """Each match's score, the terms added one after the other in order."""
    largest = max((tp.df for tp in terms), default=0)
    if len(matches) * FEW < largest:  # few matches: find each in every term's postings by bisection
        total = np.zeros(len(matches), dtype=np.float64)
        for tp in terms:
            if not tp.df:
                continue
            at = np.searchsorted(tp.ids, matches)
            np.minimum(at, tp.df - 1, out=at)
            hit = tp.ids[at] == matches
            total[hit] += postings.scores_at(tp, at[hit])
        return total
    member = _mask(bits, postings.size)  # many matches: every posting's score, those of matches added up
    dense = np.zeros(postings.size, dtype=np.float64)
    for tp in terms:
        if not tp.df:
            continue
        inside = member[tp.ids]
        dense[tp.ids[inside]] += postings.scores(tp)[inside]
    return dense[matches]


def _best(matches: np.ndarray, total: np.ndarray, need: int) -> list[tuple[int, float]]:
    """The `need` highest totals, ties (and unscored matches, 0.0) in document order: a partition
    finds the cut-off score, then every match at or above it is sorted stably."""
    if len(total) > need:
        cut = np.partition(total, len(total) - need)[len(total) - need]
        keep = np.flatnonzero(total >= cut)
    else:
        keep = np.arange(len(total))
    order = keep[np.lexsort((keep, -total[keep]))][:need]
    return list(zip(matches[order].tolist(), total[order].tolist()))
