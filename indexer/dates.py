"""Dates as press releases write them: ISO, "10 November 2017", "May 17, 2019", "10-11 November 2017".

Used to read metadata dates; datelines are found by indexer/infer/datelines.py.
"""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_RANGE = r"(?:\s*[-–]\s*\d{1,2}(?:st|nd|rd|th)?)?"
PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_DAY}{_RANGE}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY}{_RANGE},?\s+{_YEAR}\b", re.I),
)


def _from_match(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    try:
        return date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None


def parse_date(value: str) -> date | None:
    """The date a whole string states, or None."""
    value = value.strip()
    for pattern in PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            return _from_match(match)
    return None

