"""Facet counts over every match, disjunctive: a facet's own selection never hides its other values.

For each facet the base set is the query's matches filtered by every *other* facet's selection
(and the quotations-only switch). The base's documents are listed once (as a numpy array: facets
without a selection share one base), their combinations of values counted with one `bincount`
per facet, and each combination's count spread over its values (`columns.Facet`). When the base
holds most of the index, the documents outside it are counted instead and taken from the totals.
Labels come from the generation's catalog.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import Literal

import numpy as np

from indexer.catalog import Catalog
from indexer.search import bitsets
from indexer.search.columns import Columns, Facet
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, FacetValue, SearchRequest

NONE_LABELS = {"speaker": "Unattributed", "event": "No event", "theme": "No theme",
               "organization": "No organization", "year": "Undated"}
LIMIT = 100  # values listed per facet (by count); selected values are always listed
# CPU ns, measured at 100k passages in the flow of the 200 queries: counting a facet over value rows,
# per 64-bit word of a row; over the base's combinations, per document of the base, then per value
# spread from the combinations found.
ROW_WORD_NS, DOC_NS, SPREAD_NS = 1.7, 5.0, 2.0


@dataclass(frozen=True)
class Counting:
    """How facet values are counted. Every method gives the same counts; tests pass each in turn.

    method: `matches` (the combinations of the base's documents), `outside` (those of the documents
    outside the base, subtracted from the index's totals), `rows` (one `&` and popcount over rows of
    each value's documents), `bits` (one whole-bitset `&` per value: slow, the plainest statement of
    what a count is), or `cheapest` (`rows` for facets with few values and a large base, else
    `outside` when the base holds more than half the index, else `matches`).
    limit: values listed per facet.
    """

    method: Literal["cheapest", "matches", "outside", "rows", "bits"] = "cheapest"
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


def _value_counts(column: Facet, base: int, listed: dict[int, tuple[np.ndarray, bool]],
                  counting: Counting) -> tuple[np.ndarray, int]:
    """Every value's count over the base, and the base's documents without a value. `listed`: the
    documents of bases already listed (and whether they are those outside the base)."""
    method, size, matches = counting.method, column.size, base.bit_count()
    if method == "cheapest" and _rows_cost(column) < _combos_cost(column, min(matches, size - matches)):
        method = "rows"
    if method in ("rows", "bits"):
        if method == "rows":
            counts = column.row_counts(base)
        else:
            counts = np.array([(base & column.bits_of(k)).bit_count() for k in range(column.values)], np.int64)
        return counts, matches - (base & column.present).bit_count()
    found = listed.get(base)
    if found is None:
        outside = method == "outside" or (method == "cheapest" and matches * 2 > size)
        found = listed[base] = (bitsets.to_array(bitsets.full(size) & ~base if outside else base, size), outside)
    per_combo = column.combo_counts(*found)
    return column.value_counts(per_combo), int(per_combo[0])


def _rows_cost(column: Facet) -> float:
    return column.values * ((column.size + 63) // 64) * ROW_WORD_NS


def _combos_cost(column: Facet, documents: int) -> float:
    spread = 0 if column.direct else min(len(column.combo_vals), documents * column.held)
    return documents * DOC_NS + spread * SPREAD_NS


def _top(column: Facet, counted: np.ndarray, limit: int) -> tuple[list[str], list[int], bool]:
    """The `limit` values with most matches (among equal counts the value with more passages in all,
    see Facet.rank), most first, with their counts; and whether values with matches were left out."""
    found = np.flatnonzero(counted)
    truncated = len(found) > limit
    key = column.rank[found] - counted[found] * column.values  # ascending: most first, then by rank
    if truncated:
        keep = np.argpartition(key, limit - 1)[:limit]
        found, key = found[keep], key[keep]
    found = found[np.argsort(key)]
    return list(map(column.names.__getitem__, found.tolist())), counted[found].tolist(), truncated


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
    counting: Counting = CHEAPEST,
) -> tuple[dict[str, tuple[FacetValue, ...]], dict[str, bool]]:
    """Every facet's values with their disjunctive counts (the top `counting.limit`, selected ones
    always), and for each facet whether values with matches were left out. value_of: (sort_key(…),
    FacetValue) of a value with its count; counting: how values are counted (the same counts every way)."""
    out: dict[str, tuple[FacetValue, ...]] = {}
    truncated: dict[str, bool] = {}
    listed: dict[int, tuple[np.ndarray, bool]] = {}
    for facet in FACET_NAMES:
        base = match if quotes is None else match & quotes
        for other, bits in selections.items():
            if other != facet:
                base &= bits
        column = columns.facets[facet]
        counted, none = _value_counts(column, base, listed, counting)
        names, counts, truncated[facet] = _top(column, counted, counting.limit)
        if none:
            names.append(UNATTRIBUTED)
            counts.append(none)
        chosen = request.selected(facet)
        for value in chosen:
            if value not in names:
                names.append(value)
                counts.append((base & column.bits(value)).bit_count())
        selected = map(chosen.__contains__, names) if chosen else repeat(False)
        values = list(map(value_of, repeat(facet), names, counts, selected))
        values.sort(key=itemgetter(0))
        out[facet] = tuple([v for _, v in values])
    return out, truncated


def sort_key(facet: str, v: FacetValue) -> tuple:
    """Where a value is listed: years newest first, other values by count then label; the
    unattributed bucket last. `value_of` gives it with each value (made once per value)."""
    if facet == "year":
        return (v.id == UNATTRIBUTED, -int(v.id) if v.id.isdigit() else 0, v.id)
    return (v.id == UNATTRIBUTED, -v.count, v.label.casefold(), v.id)
