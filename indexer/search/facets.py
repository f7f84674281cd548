"""Facet counts over every match, disjunctive: a facet's own selection never hides its other values.

For each facet the base set is the query's matches filtered by every *other* facet's selection
(and the quotations-only switch), then each value's count is `(base & value_bits).bit_count()`,
or a walk over the base's documents when it is small. Labels come from the generation's catalog.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Literal

from indexer.catalog import Catalog
from indexer.search import bitsets
from indexer.search.columns import Columns, Facet
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, FacetValue, SearchRequest

NONE_LABELS = {"speaker": "Unattributed", "event": "No event", "theme": "No theme",
               "organization": "No organization", "year": "Undated"}
# Costs in ms, measured on 100k passages (bench corpus, 2 cores, CPU time, in the flow of a query
# set, i.e. with the columns mostly not in CPU caches): listing a base's documents ~0.1 + 0.00012 a
# document; walking them ~0.00013 a document with at most one value, else ~0.00009 + 0.00014 a
# value they hold; one `&` and bit_count over whole bitsets ~0.008 a value; counting by chunks
# ~0.0015 a value + 0.0006 a chunk, divided by the matches over PRUNE_FROM (size-ordered pruning
# stops early once the top values are large).
LIST_MS, LIST_DOC_MS, SINGLE_MS, DOC_MS, HELD_MS, BITS_MS = 0.1, 0.00012, 0.00013, 0.00009, 0.00014, 0.008
VALUE_MS, CHUNK_MS, PRUNE_FROM = 0.0015, 0.0006, 4000
WHOLE_FROM = 6  # chunks a value's documents span from which it is counted with whole bitsets
LIMIT = 100  # values listed per facet (by count); selected values are always listed


@dataclass(frozen=True)
class Counting:
    """How facet values are counted. Every method gives the same counts; `cheapest` picks, per facet
    and search, the one the measured costs above say is fastest. Tests pass each method in turn.

    method: `walk` (over the base's documents), `chunks` (values by size, bitset chunks, pruned),
    `bits` (one whole-bitset `&` per value), or `cheapest`.
    split_first: walk documents' first values apart from the rest (None: when few documents hold
    several values, see columns.MOSTLY_SINGLE).
    whole_from: chunks a value's documents span from which `chunks` uses whole bitsets.
    limit: values listed per facet.
    """

    method: Literal["cheapest", "walk", "chunks", "bits"] = "cheapest"
    split_first: bool | None = None
    whole_from: int = WHOLE_FROM
    limit: int = LIMIT


CHEAPEST = Counting()


def selection_bits(columns: Columns, request: SearchRequest) -> dict[str, int]:
    """For each facet with a selection: documents having any selected value (OR within a facet)."""
    out: dict[str, int] = {}
    for facet in FACET_NAMES:
        chosen = request.selected(facet)
        if chosen:
            bits = 0
            for value in chosen:
                bits |= columns.facets[facet].bits(value)  # an unknown id selects nothing
            out[facet] = bits
    return out


def _exact(columns: Columns, bases: dict[str, int], listed: dict[int, list[int]],
           counting: Counting) -> dict[str, dict[int, int] | None]:
    """For each facet: every value's count where that is cheapest (walking the base's documents,
    or one `&` per value for facets with few values), or None where chunked bitsets are cheaper.
    `listed`: documents of bases already known (facets without selections share one base)."""
    out: dict[str, dict[int, int] | None] = {}
    for facet, base in bases.items():
        column = columns.facets[facet]
        present = base & column.present
        split = _split(column, counting)
        if counting.method != "cheapest":
            out[facet] = None
            if counting.method == "bits":
                out[facet] = {k: c for k in range(len(column.names)) if (c := (present & column.bits_of(k)).bit_count())}
            elif counting.method == "walk":
                out[facet] = _walk(column, base, listed.setdefault(base, bitsets.to_docnums(base)), split)
            continue
        n = present.bit_count()
        chunks_ms = (VALUE_MS * len(column.names) + CHUNK_MS * column.chunked_cost) * min(1.0, PRUNE_FROM / max(n, 1))
        bits_ms = BITS_MS * len(column.names)
        size = base.bit_count()
        if column.single:
            walk_ms = SINGLE_MS * size
        elif split is not None:
            walk_ms = SINGLE_MS * size + LIST_MS + (LIST_DOC_MS + DOC_MS + HELD_MS) * (base & column.multi).bit_count()
        else:
            walk_ms = (DOC_MS + HELD_MS * column.held) * size
        if base not in listed:
            walk_ms += LIST_MS + LIST_DOC_MS * size
        out[facet] = None
        if bits_ms <= min(walk_ms, chunks_ms):
            bits_of = column.bits_of
            out[facet] = {k: c for k in range(len(column.names)) if (c := (present & bits_of(k)).bit_count())}
        elif walk_ms < chunks_ms:
            if base not in listed:
                listed[base] = bitsets.to_docnums(base)
            out[facet] = _walk(column, base, listed[base], split)
    return out


def _split(column: Facet, counting: Counting):
    """The facet's first values apart from the rest, when walks should use them (else None)."""
    if column.single or counting.split_first is False:
        return None
    return column.first_split if counting.split_first else column.walk_split


def _walk(column: Facet, base: int, docs: list[int], split) -> dict[int, int]:
    """Every value's count over the base's documents (listed in docs)."""
    if column.single:
        counts = Counter(map(column.walk_docs.__getitem__, docs))
        counts.pop(-1, None)
        return counts
    if split is not None:
        first, rest = split
        counts = Counter(map(first.__getitem__, docs))
        counts.pop(-1, None)
        if several := base & column.multi:
            counts.update(chain.from_iterable(map(rest.__getitem__, bitsets.to_docnums(several))))
        return counts
    return Counter(chain.from_iterable(map(column.walk_docs.__getitem__, docs)))


def _count(columns: Columns, facet: str, base: int, counted: dict[int, int] | None,
           counting: Counting) -> tuple[dict[str, int], bool]:
    """The `counting.limit` values with most matches (exact counts; among equal counts the value with more
    passages in all, whichever way they were counted), and whether values with matches were left out."""
    column = columns.facets[facet]
    present = base & column.present
    limit = counting.limit
    if counted is not None:
        truncated = len(counted) > limit
        names = column.names
        if truncated:  # all above the LIMIT-th count, then its ties by rank
            cut = sorted(counted.values(), reverse=True)[limit - 1]
            counts = {names[k]: c for k, c in counted.items() if c > cut}
            ties = sorted((k for k, c in counted.items() if c == cut), key=column.rank.__getitem__)
            counts.update((names[k], cut) for k in ties[: limit - len(counts)])
        else:
            counts = {names[k]: c for k, c in counted.items()}
    else:
        counts, truncated = _count_by_chunks(column, present, bitsets.split(present, columns.size), counting)
    if none := base.bit_count() - present.bit_count():
        counts[UNATTRIBUTED] = none
    return counts, truncated


def _count_by_chunks(column: Facet, present: int, pieces: list[int], counting: Counting) -> tuple[dict[str, int], bool]:
    """Values in descending order of size, stopping once no further value can enter the top limit
    (ties: the value with more passages in all, see Facet.rank); then whether any value left
    unexamined has a match at all (found at the first one that has)."""
    heap: list[tuple[int, int]] = []  # (count, -rank): the weakest kept value on top
    truncated = False
    by_size = column.by_size_with_sizes

    postings, step = column.postings, bitsets.CHUNK_BITS
    limit, whole_from = counting.limit, counting.whole_from

    def count(k: int) -> int:
        docs = postings[k]
        if docs and docs[-1] // step - docs[0] // step >= whole_from:  # spread over the index: whole bitsets
            return (present & column.bits_of(k)).bit_count()
        chunks = column.chunks_of(k)
        if len(chunks) == 1:  # most values sit in a few documents: one small `&`
            i, bits = chunks[0]
            return (pieces[i] & bits).bit_count()
        return sum((pieces[i] & bits).bit_count() for i, bits in chunks)

    for rank, (k, size) in enumerate(by_size):
        if len(heap) >= limit and size <= heap[0][0]:  # no remaining value can beat the weakest kept
            truncated = truncated or any(count(k) for k, _ in by_size[rank:])
            break
        c = count(k)
        if not c:
            continue
        if len(heap) < limit:
            heapq.heappush(heap, (c, -rank))
        else:
            truncated = True
            heapq.heappushpop(heap, (c, -rank))
    return {column.names[by_size[-r][0]]: c for c, r in heap}, truncated


def label_of(catalog: Catalog, facet: str, value: str) -> str:
    """A value's label: the catalog's, or the facet's name for the unattributed bucket."""
    return NONE_LABELS[facet] if value == UNATTRIBUTED else catalog.label(facet, value)


def facet_counts(
    columns: Columns,
    value_of: Callable[[str, str, int, bool], tuple[tuple, FacetValue]],
    request: SearchRequest,
    match: int,
    selections: dict[str, int],
    quotes: int | None,
    match_docs: list[int] | None = None,
    counting: Counting = CHEAPEST,
) -> tuple[dict[str, tuple[FacetValue, ...]], dict[str, bool]]:
    """Every facet's values with their disjunctive counts (the top `counting.limit`, selected ones
    always), and for each facet whether values with matches were left out. value_of: (sort_key(…),
    FacetValue) of a value with its count; match_docs: the matches as ascending document numbers, if
    known; counting: how values are counted (the same counts every way)."""
    out: dict[str, tuple[FacetValue, ...]] = {}
    truncated: dict[str, bool] = {}
    bases: dict[str, int] = {}
    for facet in FACET_NAMES:
        base = match if quotes is None else match & quotes
        for other, bits in selections.items():
            if other != facet:
                base &= bits
        bases[facet] = base
    counted = _exact(columns, bases, {match: match_docs} if match_docs is not None else {}, counting)
    for facet, base in bases.items():
        counts, truncated[facet] = _count(columns, facet, base, counted[facet], counting)
        chosen = request.selected(facet)
        for value in chosen:
            if value not in counts:
                counts[value] = (base & columns.facets[facet].bits(value)).bit_count()
        values = [value_of(facet, v, c, v in chosen) for v, c in counts.items()]
        values.sort(key=itemgetter(0))
        out[facet] = tuple([v for _, v in values])
    return out, truncated


def sort_key(facet: str, v: FacetValue) -> tuple:
    """Where a value is listed: years newest first, other values by count then label; the
    unattributed bucket last. `value_of` gives it with each value (made once per value)."""
    if facet == "year":
        return (v.id == UNATTRIBUTED, -int(v.id) if v.id.isdigit() else 0, v.id)
    return (v.id == UNATTRIBUTED, -v.count, v.label.casefold(), v.id)
