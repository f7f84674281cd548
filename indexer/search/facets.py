"""Facet counts over every match, disjunctive: a facet's own selection never hides its other values.

For each facet the base set is the query's matches filtered by every *other* facet's selection
(and the quotations-only switch), then each value's count is `(base & value_bits).bit_count()`,
or a walk over the base's documents when it is small. Labels come from the generation's catalog.
"""
from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from itertools import chain

from indexer.catalog import Catalog
from indexer.search import bitsets
from indexer.search.columns import Columns, Facet
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, FacetValue, SearchRequest

NONE_LABELS = {"speaker": "Unattributed", "event": "No event", "theme": "No theme",
               "organization": "No organization", "year": "Undated"}
# Relative costs (µs, measured): walking the matches ~0.15 a document; one value's `&` and
# bit_count ~0.2 plus ~0.03 per 1,000 documents of the index.
WALK_COST, BITSET_COST, BITSET_COST_PER_DOC = 0.15, 0.2, 0.00003
LIMIT = 100  # values listed per facet (by count); selected values are always listed


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


def _count(columns: Columns, facet: str, base: int) -> tuple[dict[str, int], bool]:
    """The LIMIT values with most matches (exact counts), and whether values were left out."""
    column = columns.facets[facet]
    present = base & column.present
    n = present.bit_count()
    per_value = BITSET_COST + BITSET_COST_PER_DOC * columns.size
    if n * WALK_COST < min(len(column.names), 4 * LIMIT) * per_value:
        numbers = Counter(chain.from_iterable(map(column.docs.__getitem__, bitsets.to_docnums(present))))
        truncated = len(numbers) > LIMIT
        top = heapq.nlargest(LIMIT, numbers.items(), key=lambda kc: (kc[1], -kc[0])) if truncated else numbers.items()
        counts = {column.names[k]: c for k, c in top}
    else:
        counts, truncated = _count_by_bitsets(column, present)
    if none := base.bit_count() - n:
        counts[UNATTRIBUTED] = none
    return counts, truncated


def _count_by_bitsets(column: Facet, present: int) -> tuple[dict[str, int], bool]:
    """Values in descending order of size, stopping once no further value can enter the top LIMIT."""
    heap: list[tuple[int, int]] = []  # (count, -value number): the smallest kept count on top
    truncated = False
    for k in column.by_size:
        if len(heap) >= LIMIT and len(column.postings[k]) <= heap[0][0]:
            truncated = True  # every remaining value has at most as many passages in all
            break
        c = (present & column.bits_of(k)).bit_count()
        if not c:
            continue
        if len(heap) < LIMIT:
            heapq.heappush(heap, (c, -k))
        else:
            truncated = True
            heapq.heappushpop(heap, (c, -k))
    return {column.names[-k]: c for c, k in heap}, truncated


def label_of(catalog: Catalog, facet: str, value: str) -> str:
    """A value's label: the catalog's, or the facet's name for the unattributed bucket."""
    return NONE_LABELS[facet] if value == UNATTRIBUTED else catalog.label(facet, value)


def facet_counts(
    columns: Columns,
    label: Callable[[str, str], str],
    request: SearchRequest,
    match: int,
    selections: dict[str, int],
    quotes: int | None,
) -> tuple[dict[str, tuple[FacetValue, ...]], dict[str, bool]]:
    """Every facet's values with their disjunctive counts (the top LIMIT, selected ones always), and
    for each facet whether values with matches were left out."""
    out: dict[str, tuple[FacetValue, ...]] = {}
    truncated: dict[str, bool] = {}
    for facet in FACET_NAMES:
        base = match if quotes is None else match & quotes
        for other, bits in selections.items():
            if other != facet:
                base &= bits
        counts, truncated[facet] = _count(columns, facet, base)
        chosen = request.selected(facet)
        for value in chosen:
            if value not in counts:
                counts[value] = (base & columns.facets[facet].bits(value)).bit_count()
        values = [FacetValue(v, label(facet, v), c, v in chosen) for v, c in counts.items()]
        out[facet] = tuple(sorted(values, key=_sort_key(facet)))
    return out, truncated


def _sort_key(facet: str):
    if facet == "year":  # chronological, newest first; undated last
        return lambda v: (v.id == UNATTRIBUTED, -int(v.id) if v.id.isdigit() else 0, v.id)
    return lambda v: (v.id == UNATTRIBUTED, -v.count, v.label.casefold(), v.id)
