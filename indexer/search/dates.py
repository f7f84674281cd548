"""The date range filter: passages whose document (or event) date falls in [from, to].

Bounds are YYYY, YYYY-MM or YYYY-MM-DD: `from` is the first day of its period, `to` the last.
Document dates come from the per-generation column (passages in date order, found by bisection);
event dates from the catalog, as the union of the events whose dates meet the range. Passages
without the date are outside any range.
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right

from indexer.search import bitsets
from indexer.search.errors import BadRequest
from indexer.search.types import SearchRequest

_BOUND = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
DATE_OF = ("document", "event")


def day_number(value: str, name: str, last: bool) -> int:
    """YYYY[-MM[-DD]] as yyyymmdd: the period's first day, or its last when `last`.

    Raises:
        BadRequest: not such a date.
    """
    found = _BOUND.fullmatch(value)
    if not found:
        raise BadRequest(f"{name} must be a date as YYYY, YYYY-MM or YYYY-MM-DD, got {value[:40]!r}")
    year, month, day = int(found[1]), found[2], found[3]
    m = int(month) if month else (12 if last else 1)
    if not 1 <= m <= 12 or year < 1:
        raise BadRequest(f"{name} is not a date: {value!r}")
    days = calendar.monthrange(year, m)[1]
    d = int(day) if day else (days if last else 1)
    if not 1 <= d <= days:
        raise BadRequest(f"{name} is not a date: {value!r}")
    return year * 10000 + m * 100 + d


def validate_range(request: SearchRequest) -> None:
    """BadRequest unless the bounds are dates, in order, and date_of is known."""
    if request.date_of not in DATE_OF:
        raise BadRequest(f"date must be one of {', '.join(DATE_OF)}, got {str(request.date_of)[:40]!r}")
    low = day_number(request.date_from, "from", False) if request.date_from else None
    high = day_number(request.date_to, "to", True) if request.date_to else None
    if low is not None and high is not None and low > high:
        raise BadRequest(f"from ({request.date_from}) is after to ({request.date_to})")


def range_bits(view, request: SearchRequest) -> int | None:
    """Documents in the request's date range, or None when it sets no bound."""
    if not request.date_from and not request.date_to:
        return None
    low = day_number(request.date_from, "from", False) if request.date_from else 0
    high = day_number(request.date_to, "to", True) if request.date_to else 99_999_999
    if request.date_of == "event":
        return _event_bits(view, low, high)
    order, keys = view.date_order.oldest, view.date_order.oldest_dates
    return bitsets.from_docnums(order[bisect_left(keys, max(low, 1)) : bisect_right(keys, high)], view.size)


def _event_bits(view, low: int, high: int) -> int:
    column = view.columns.facets["event"]
    bits = 0
    for event in view.catalog.events.values():
        start, end = event.start or event.end, event.end or event.start
        if start is None or end is None:
            continue
        if _number(start) <= high and low <= _number(end):
            bits |= column.bits(event.id)
    return bits


def _number(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day
