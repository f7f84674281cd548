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
# Costs in ms, fitted on 100k passages (bench corpus, 2 cores): walking a base's documents
# ~0.1 + 0.00045 a document; counting by chunks ~0.0009 a value + 0.0001 a chunk, divided by
# the matches over PRUNE_FROM (size-ordered pruning stops early once the top values are large).
WALK_MS, DOC_MS, VALUE_MS, CHUNK_MS, PRUNE_FROM = 0.1, 0.00045, 0.0009, 0.0001, 4000
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


def _walks(columns: Columns, bases: dict[str, int]) -> dict[str, dict[int, int] | None]:
    """For each facet: value counts by walking its matches, or None where chunked bitsets are cheaper."""
    listed: dict[int, list[int]] = {}  # facets without selections share one base: list it once
    out: dict[str, dict[int, int] | None] = {}
    for facet, base in bases.items():
        column = columns.facets[facet]
        n = (base & column.present).bit_count()
        chunks_ms = (VALUE_MS * len(column.names) + CHUNK_MS * column.chunked_cost) * min(1.0, PRUNE_FROM / max(n, 1))
        out[facet] = None
        if WALK_MS + DOC_MS * n < chunks_ms:
            if base not in listed:
                listed[base] = bitsets.to_docnums(base)
            out[facet] = Counter(chain.from_iterable(map(column.docs.__getitem__, listed[base])))
    return out


def _count(columns: Columns, facet: str, base: int, walked: dict[int, int] | None) -> tuple[dict[str, int], bool]:
    """The LIMIT values with most matches (exact counts), and whether values were left out."""
    column = columns.facets[facet]
    present = base & column.present
    if walked is not None:
        truncated = len(walked) > LIMIT
        top = heapq.nlargest(LIMIT, walked.items(), key=lambda kc: (kc[1], -kc[0])) if truncated else walked.items()
        counts = {column.names[k]: c for k, c in top}
    else:
        counts, truncated = _count_by_chunks(column, bitsets.split(present, columns.size))
    if none := base.bit_count() - present.bit_count():
        counts[UNATTRIBUTED] = none
    return counts, truncated


def _count_by_chunks(column: Facet, pieces: list[int]) -> tuple[dict[str, int], bool]:
    """Values in descending order of size, stopping once no further value can enter the top LIMIT."""
    heap: list[tuple[int, int]] = []  # (count, -value number): the smallest kept count on top
    truncated = False
    chunks_of = column.chunks_of
    for k, size in column.by_size_with_sizes:
        if len(heap) >= LIMIT and size <= heap[0][0]:
            truncated = True  # every remaining value has at most as many passages in all
            break
        chunks = chunks_of(k)
        if len(chunks) == 1:  # most values sit in a few documents: one small `&`
            i, bits = chunks[0]
            c = (pieces[i] & bits).bit_count()
        else:
            c = sum((pieces[i] & bits).bit_count() for i, bits in chunks)
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
    bases: dict[str, int] = {}
    for facet in FACET_NAMES:
        base = match if quotes is None else match & quotes
        for other, bits in selections.items():
            if other != facet:
                base &= bits
        bases[facet] = base
    walked = _walks(columns, bases)
    for facet, base in bases.items():
        counts, truncated[facet] = _count(columns, facet, base, walked[facet])
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
