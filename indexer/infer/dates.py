"""Dates a text states, and the year it fixes for those it gives without one.

A day and month without a year ("BISHKEK, September 12", "on Apr.8") get a year only where the text
fixes it: a full date elsewhere in it (the dateline's year), or a weekday the text names that falls
on one of its day-month dates in exactly one year near the years it names. Otherwise they stay
without a year, and whatever depends on them stays empty: a guessed date is worse than none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from indexer.dates import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Prose writes month names capitalised: matched case-sensitively, the regex engine rejects most
# positions at their first letter (mentions() runs over every document's opening).
_MONTH = "(?P<month>" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2})\b)?"
_DAY_MONTH = re.compile(
    rf"(?<![\w])(?=\d)(?P<day>\d{{1,2}}){_ORD}(?:\s*(?:-|–|and|to)\s*(?P<day2>\d{{1,2}}){_ORD})?\s+{_MONTH}\b{_YEAR}"
)
_MONTH_DAY = re.compile(
    rf"(?<![\w])(?=[ADFJMNOS]){_MONTH}\s*(?P<day>\d{{1,2}}){_ORD}\b(?:\s*[-–]\s*(?P<day2>\d{{1,2}}){_ORD}\b)?{_YEAR}"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_YEARS = re.compile(r"(?<![\d/.-])(?:19|20)\d{2}(?![\d/]|\.\d)")
# A year that names a span or a bound, not when the text's days fall: "since 1991", "by 2030", "2021-2025"
_NOT_NOW = re.compile(r"\b(?:since|by|until|till|before|through|up to)\s+(?:19|20)\d{2}\b"
                      r"|\b(?:19|20)\d{2}\s*[-–—]\s*(?:(?:19|20)?\d{2})\b", re.I)
_WEEKDAY = re.compile(r"(?<![\w])(?=[mtwfsMTWFS])(" + "|".join(WEEKDAYS) + r")\b", re.I)
WEEKDAY_REACH = 300  # a weekday dates a day-month written up to about two sentences away: a lead's 'told reporters on Thursday' checks its dateline's day


@dataclass(frozen=True)
class DateMention:
    """A date as written: day (and a second day of a range) and month, with a year when it gives one."""

    start: int
    end: int
    day: int
    month: int
    year: int | None = None
    day2: int | None = None

    def on(self, year: int | None, second: bool = False) -> date | None:
        """The date in a year (None without one, or when the day does not exist)."""
        year = self.year or year
        if year is None:
            return None
        try:
            return date(year, self.month, self.day2 if second and self.day2 else self.day)
        except ValueError:
            return None


def month_number(value: str) -> int:
    """A month written as a name ("Sept.", "october") or a number, as its number."""
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def mentions(text: str) -> list[DateMention]:
    """Every date written in the text, in order; overlapping shapes keep the longer."""
    found: list[DateMention] = []
    for pattern in (_ISO, _DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(text):
            day2 = m.groupdict().get("day2")
            year = m.group("year")
            found.append(DateMention(m.start(), m.end(), int(m.group("day")), month_number(m.group("month")),
                                     int(year) if year else None, int(day2) if day2 else None))
    found.sort(key=lambda d: (d.start, -d.end))
    kept: list[DateMention] = []
    for d in found:
        if kept and d.start < kept[-1].end:
            continue
        if 1 <= d.day <= 31 and (d.day2 is None or d.day < d.day2 <= 31):
            kept.append(d)
    return kept


def years_named(text: str) -> set[int]:
    """The four-digit years a text names (not inside other numbers)."""
    return {int(y) for y in _YEARS.findall(text)}


def weekdays_named(text: str) -> set[int]:
    """Weekdays the text names (0 = Monday)."""
    return {WEEKDAYS.index(w.lower()) for w in _WEEKDAY.findall(text)}


def fixed_year(text: str, found: list[DateMention], anchor: int | None) -> int | None:
    """The year the text's day-month dates belong to, or None when the text does not fix it.

    anchor: a year the text states outright (the dateline's). Else the one year the text names, when
    a weekday it names beside a day-month date (if any) falls in that year; or, with several years
    named, a weekday must fall on one of its day-month dates in exactly one of them (a year beside one named,
    as beside a founding date, is no evidence).
    """
    if anchor:
        return anchor
    named = years_named(text)
    if not named:
        return None
    fits, checked = set(), False
    for w in _WEEKDAY.finditer(text):
        weekday = WEEKDAYS.index(w.group(1).lower())
        near = [d for d in found if abs(d.start - w.start()) <= WEEKDAY_REACH]
        checked = checked or bool(near)
        fits |= {y for y in named for d in near if (on := d.on(y)) and on.weekday() == weekday}
    if len(named) == 1 and any(not d.year for d in found) and not _NOT_NOW.search(text):  # "the 2017 summit … on 14 May": the one year named
        only = next(iter(named))
        return only if not checked or only in fits else None
    return fits.pop() if len(fits) == 1 else None


def resolve(mention: DateMention, year: int | None, reference: date | None, second: bool = False) -> date | None:
    """A written date as a date: its own year, else the fixed year, moved across a year end when it
    lies more than half a year from the reference day ("30 December 2010 … on 2 January")."""
    if mention.year or year is None:
        return mention.on(year, second)
    got = mention.on(year, second)
    if got and reference:
        if (got - reference).days > 183:
            got = mention.on(year - 1, second)
        elif (reference - got).days > 183:
            got = mention.on(year + 1, second)
    return got


def on_weekday(weekday: int, reference: date, direction: int) -> date:
    """The date of a weekday relative to a reference day: direction -1 the latest on or before it,
    +1 the first on or after it, 0 whichever is nearer (ties go back)."""
    back = reference - timedelta(days=(reference.weekday() - weekday) % 7)
    ahead = reference + timedelta(days=(weekday - reference.weekday()) % 7)
    if direction < 0:
        return back
    if direction > 0:
        return ahead
    return back if (reference - back) <= (ahead - reference) else ahead


def weekday_date(weekday: int, dates: list[date]) -> date | None:
    """The one date among the text's dates that falls on a weekday (None when none or several do)."""
    fits = {d for d in dates if d.weekday() == weekday}
    return fits.pop() if len(fits) == 1 else None
