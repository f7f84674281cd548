"""Ordering matches and cutting one page: by BM25 relevance, or by date then document order.

Only `start + count` documents are ever selected (heap or early-stopping walk), never a full
sort of every match, and a page beyond the total is answered before any work.
"""
from __future__ import annotations

import heapq
from bisect import bisect_left
from functools import cached_property

from indexer.search import bitsets
from indexer.search.columns import Columns
from indexer.search.postings import PostingsCache, TermPostings

DENSE = 50  # walk a precomputed order when at least 1 document in DENSE matches


class DateOrder:
    """Document numbers by published date (newest or oldest first), then document order; undated last."""

    def __init__(self, columns: Columns) -> None:
        self.columns = columns

    @cached_property
    def newest(self) -> list[int]:
        pub = self.columns.published
        return sorted(range(self.columns.size), key=lambda d: (pub[d] == 0, -pub[d], d))

    @cached_property
    def oldest(self) -> list[int]:
        pub = self.columns.published
        return sorted(range(self.columns.size), key=lambda d: (pub[d] == 0, pub[d], d))

    @cached_property
    def oldest_dates(self) -> list[int]:
        """The dates of `oldest` as yyyymmdd, undated as 100_000_000: ascending, for bisection."""
        pub = self.columns.published
        return [pub[d] or 100_000_000 for d in self.oldest]

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


def _walk(order: list[int], bits: int, size: int, need: int) -> list[int]:
    member = bitsets.membership(bits, size)
    out: list[int] = []
    for d in order:
        if member[d >> 3] >> (d & 7) & 1:
            out.append(d)
            if len(out) == need:
                break
    return out


# CPU µs, measured at 100k passages: scoring one match of one term by bisection in its postings;
# making a term's score table and best-first order (once per term and generation); scoring every
# posting once to pick the best (nothing kept).
MATCH_US, POSTING_US, SUM_US = 0.5, 0.25, 0.15
SPREAD = 4  # the best need × SPREAD postings are checked for matches before ordering terms instead


def by_relevance(
    postings: PostingsCache, scoring: list[TermPostings], bits: int, need: int, docs: list[int] | None = None
) -> list[tuple[int, float]]:
    """The `need` best (docnum, score) of the matches; ties and unscored matches in document order.
    docs: the matches as ascending document numbers, when the caller has them."""
    terms = list({id(tp): tp for tp in scoring}.values())
    count = bits.bit_count()
    fresh = sum(tp.df for tp in terms if tp._ranked is None)  # postings a best-first walk must first order
    if count * DENSE < max(tp.df for tp in terms) or count * len(terms) * MATCH_US < fresh * POSTING_US:
        docs = bitsets.to_docnums(bits) if docs is None else docs  # few matches: score each one
        scores = [0.0] * len(docs)
        for tp in terms:  # term by term, in order: the same sums as _threshold's
            scores = [a + b for a, b in zip(scores, postings.scores_of(tp, docs))]
        best = heapq.nsmallest(need, range(len(docs)), key=lambda i: (-scores[i], docs[i]))
        return [(docs[i], scores[i]) for i in best]
    union = sum(tp.df for tp in terms)
    if count * 2 >= union and union * SUM_US < fresh * POSTING_US:  # most postings match: sum them all
        found = _exhaustive(postings, terms, bits, need)
        if found is not None:
            return found
    if len(terms) == 1:
        return _single_term(postings, terms[0], bits, need)
    return _threshold(postings, terms, bits, need)


def _exhaustive(postings: PostingsCache, terms: list[TermPostings], bits: int, need: int) -> list[tuple[int, float]] | None:
    """Every posting's score summed per document (the same sums as _threshold's, term by term in
    order), the `need` best matches among the best need × SPREAD documents; None when fewer than
    `need` of those match (the caller then walks best first)."""
    first, *rest = terms
    docs, scores = first.docnums, postings.score_list(first)  # a new list: updated in place below
    others: dict[int, float] = {}  # sums of the documents the first term does not have
    n = len(docs)
    for tp in rest:
        for d, score in zip(tp.docnums, postings.score_list(tp)):
            i = bisect_left(docs, d)
            if i < n and docs[i] == d:
                scores[i] += score
            else:
                others[d] = others.get(d, 0.0) + score
    if not scores and not others:
        return None
    cut = heapq.nlargest(need * SPREAD, [*scores, *others.values()])[-1]
    member = bitsets.membership(bits, postings.size)
    found = [(-s, d) for d, s in zip(docs, scores) if s >= cut and member[d >> 3] >> (d & 7) & 1]
    found += [(-s, d) for d, s in others.items() if s >= cut and member[d >> 3] >> (d & 7) & 1]
    if len(found) < need:
        return None
    found.sort()  # best first, ties in document order: exactly the best-first walks' answer
    return [(d, -s) for s, d in found[:need]]


def _threshold(postings: PostingsCache, terms: list[TermPostings], bits: int, need: int) -> list[tuple[int, float]]:
    """Fagin's threshold algorithm: walk every term's documents best first, in step, and stop once
    `need` matches score above what any document not yet seen could reach."""
    tables = [postings.scores(tp) for tp in terms]
    lists = [postings.ranked(tp) for tp in terms]
    member = bitsets.membership(bits, postings.size)
    heap: list[tuple[float, int]] = []  # (score, -docnum): the weakest kept result on top
    seen: set[int] = set()
    for depth in range(max(len(x) for x in lists)):
        threshold = 0.0
        for ranked, table in zip(lists, tables):
            if depth >= len(ranked):
                continue
            d = ranked[depth]
            threshold += table[d]
            if d in seen or not member[d >> 3] >> (d & 7) & 1:
                continue
            seen.add(d)
            item = (sum(t.get(d, 0.0) for t in tables), -d)
            if len(heap) < need:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        if len(heap) >= need and heap[0][0] > threshold:
            break
    out = [(-nd, score) for score, nd in sorted(heap, reverse=True)]
    if len(out) < need:  # matches no scoring term reaches (e.g. found through an id field)
        union = 0
        for tp in terms:
            union |= tp.bits
        out += [(d, 0.0) for d in bitsets.to_docnums(bits & ~union)[: need - len(out)]]
    return out


def _single_term(postings: PostingsCache, tp: TermPostings, bits: int, need: int) -> list[tuple[int, float]]:
    """One scoring term: walk its pre-ranked documents, then any unscored matches."""
    scores = postings.scores(tp)
    member = bitsets.membership(bits, postings.size)
    out: list[tuple[int, float]] = []
    for d in postings.ranked(tp):
        if member[d >> 3] >> (d & 7) & 1:
            out.append((d, scores[d]))
            if len(out) == need:
                return out
    rest = bits & ~tp.bits
    for d in bitsets.to_docnums(rest)[: need - len(out)]:
        out.append((d, 0.0))
    return out
