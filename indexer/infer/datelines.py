"""Datelines: the "PLACE, [Country,] [date] [(AGENCY)] -" that opens a release.

Shapes handled (each has a test): "OSH, Kyrgyzstan, 16 April, 2009 -", "BISHKEK, November 10, 2009 -",
"Dushanbe. August 23. INTERFAX-", "DUSHANBE, Tajikistan, April 28 (UPI) --", "ASTANA. KAZINFORM -",
"BISHKEK, September 12. /TASS/.", "ASHGABAT, Turkmenistan" on a line of its own, "BISHKEK, Sept. 14 (Xinhua) --", "OSH, 15.10.2021 /Agency
«Name»/." (a numeric day.month.year; an agency in slashes, named in guillemets), and the date first:
"18 October 2019, Bishkek." (then the year is required: a date and a town open ordinary sentences too). The place must be
a city or country the gazetteer knows, so an ordinary first sentence is never read as a dateline.
"""
from __future__ import annotations

import re

from datetime import date

from indexer.dates import parse_date
from indexer.infer import places
from indexer.infer.dates import MONTH_NAMES, month_number
from indexer.infer.records import Dateline, Place

HEAD_PARAGRAPHS = 3  # the dateline opens the first body paragraph, after at most a headline and a deck
_WORD = r"[A-Z][A-Za-z'’]+(?:[ -][A-Z][A-Za-z'’]+){0,2}"
_DATE = (
    rf"(?:(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>(?i:{MONTH_NAMES}))\.?|(?P<m2>(?i:{MONTH_NAMES}))\.?\s*(?P<d2>\d{{1,2}}))"
    r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
    r"|(?P<d3>\d{1,2})\.(?P<m3>\d{1,2})\.(?P<y3>(?:19|20)\d{2}))"
)
_AGENCY = r"(?:\((?P<a1>[A-Za-z][\w .&-]{1,30})\)|/(?P<a2>[A-Za-z][\w .&«»“”\"-]{1,40})/|(?P<a3>[A-Z][A-Z&]{2,30}\b))"
_DATELINE = re.compile(
    rf"(?P<place>{_WORD})(?:,\s*(?!(?i:{MONTH_NAMES})\b)(?P<region>{_WORD}))?"
    rf"(?:\s*[,.]\s*{_DATE})?"
    rf"(?:\s*[,.]?\s*{_AGENCY})?"
    r"\s*(?P<sep>[-–—]+|\.(?=\s)|:|$)",
    re.M,
)
_DATE_FIRST = re.compile(  # "18 October 2019, Bishkek." / "October 18, 2019, Bishkek -"
    rf"(?=\d|[A-Z])(?:{_DATE})\s*,\s*(?P<place>{_WORD})(?:,\s*(?P<region>{_WORD}))?"
    rf"(?:\s*[,.]?\s*{_AGENCY})?\s*(?P<sep>[-–—]+|\.(?=\s)|:|$)",
    re.M,
)


def _agency(raw: str | None) -> str | None:
    """An agency as credited: an all-capitals word longer than an acronym reads as a name ("Interfax")."""
    if not raw:
        return None
    raw = raw.strip()
    named = re.search(r"[«“]([^»”]+)[»”]", raw)  # "/Agency «Name»/": the agency is the name it is given
    if named:
        return named.group(1).strip()
    return raw.title() if raw.isupper() and len(raw) > 4 else raw


def find_dateline(text: str) -> Dateline | None:
    """The dateline opening one of the first paragraphs, or None."""
    offset = 0
    for i, paragraph in enumerate(re.split(r"(\n[ \t]*\n)", text)):
        if i % 2:
            offset += len(paragraph)
            continue
        if i // 2 > HEAD_PARAGRAPHS:
            break
        stripped = paragraph.lstrip()
        lead = len(paragraph) - len(stripped)
        m = _DATELINE.match(stripped)
        found = _read(m) if m and (m.group("sep") != "" or "\n" not in stripped[: m.end()]) else None
        if found is None and (m := _DATE_FIRST.match(stripped)) and (m.group("year") or m.group("y3")):
            found = _read(m)
        if found and i > 0:
            return Dateline(found.place, found.day, found.month, found.year, found.agency, offset + lead + m.end())
        offset += len(paragraph)
    return None


_NUMERIC = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})")
_WEEKDAY_PREFIX = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+", re.I)


def date_line(text: str) -> date | None:
    """A full date standing alone as one of the opening paragraphs ("18 October 2019", "Friday, 18.10.2019"):
    the release's own date line, written apart from a place."""
    for i, paragraph in enumerate(re.split(r"\n[ \t]*\n", text)[1:HEAD_PARAGRAPHS + 1]):
        value = _WEEKDAY_PREFIX.sub("", paragraph.strip())
        if len(value) > 30:
            continue
        if found := parse_date(value):
            return found
        if m := _NUMERIC.fullmatch(value):
            try:
                return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                return None
    return None


def _read(m: re.Match[str]) -> Dateline | None:
    place = places.city(m.group("place"), fuzzy=False) or places.place(m.group("place"))
    if place is None:
        return None
    region = places.country(m.group("region")) if m.group("region") else None
    if m.group("region") and region is None and place.city is None:
        return None
    if region and place.city and place.country != region:  # "OSH, Kyrgyzstan": trust the country the line gives
        place = Place(place.city, region)
    month = m.group("m1") or m.group("m2") or m.group("m3")
    day = m.group("d1") or m.group("d2") or m.group("d3")
    year = m.group("year") or m.group("y3")
    has_date = month is not None
    number = month_number(month) if has_date else None
    if number is not None and not 1 <= number <= 12:
        return None
    agency = _agency(m.group("a1") or m.group("a2") or m.group("a3"))
    if not has_date and agency is None and not (m.group("region") and m.group("sep") == ""):
        return None
    return Dateline(
        place,
        int(day) if day else None,
        number,
        int(year) if year else None,
        agency,
    )
