"""Index lists (speakers, events): a name filter and one page of the list.

Filtering and paging work on catalog records, so only the page that is shown is turned into dicts.
Names are compared folded (case and accents aside), word by word in any order.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from indexer.lookup import fold
from webapp.params import ListRequest

T = TypeVar("T")
_folded = lru_cache(maxsize=1 << 16)(fold)  # names recur on every request; folding them is the cost


def name_filter(q: str) -> Callable[[Iterable[str | None]], bool]:
    """A test for a record's names: every word of `q` is in one of them (all pass when q is empty)."""
    words = fold(q).split()

    def matches(names: Iterable[str | None]) -> bool:
        haystack = " | ".join(_folded(n) for n in names if n)
        return all(w in haystack for w in words)

    return matches


def list_page(
    records: Iterable[T], request: ListRequest, names: Callable[[T], Iterable[str | None]], rank: Callable[[T], Any]
) -> tuple[list[T], dict]:
    """The records whose `names` match `request.q`, ordered by `rank`, cut to the requested page."""
    matches = name_filter(request.q)
    chosen = sorted((r for r in records if not request.q or matches(names(r))), key=rank)
    return page_of(chosen, request)


def page_of(items: list[T], request: ListRequest) -> tuple[list[T], dict]:
    """The requested page of `items` and the list's paging fields (a page past the end is empty)."""
    first = (request.page - 1) * request.per_page
    meta = {
        "q": request.q,
        "total": len(items),
        "page": request.page,
        "per_page": request.per_page,
        "pages": max(1, math.ceil(len(items) / request.per_page)),
    }
    return items[first : first + request.per_page], meta
