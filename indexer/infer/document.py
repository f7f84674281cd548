"""Compose the inference stages over one text: dateline → dates → event → publisher."""
from __future__ import annotations

import re
from datetime import date

from indexer.infer.dates import WEEKDAYS, fixed_year, mentions, resolve, weekday_date
from indexer.infer.datelines import date_line, find_dateline
from indexer.infer.events import infer_event
from indexer.infer.publisher import infer_publisher
from indexer.infer.records import DocumentFacts

# A present-tense clause with a weekday ("is coming to a close in Bishkek on Friday") dates a text
# that has no dateline: it was written that day.
_NOW_WEEKDAY = re.compile(r"(?<![\w])(?=[iaIA])(?:is|are)\s+(?:\w+ing)\b[^.;]{0,80}?\bon\s+(" + "|".join(WEEKDAYS) + r")\b", re.I)


def _headline_end(text: str) -> tuple[str | None, int]:
    """The headline (first line standing alone) and where the body starts."""
    first, sep, rest = text.lstrip().partition("\n")
    offset = len(text) - len(text.lstrip())
    if sep and rest.lstrip(" \t\r").startswith("\n") and len(first) < 300:
        return first.strip(), offset + len(first) + 1
    return None, 0


HEAD_CHARS = 3000  # a release dates, places and names its event in its opening: the rest is not read


def infer_document(text: str) -> DocumentFacts:
    """What the text itself says of its date, publisher and event (read from its opening HEAD_CHARS)."""
    full, text = text, text[:HEAD_CHARS]
    title, body_start = _headline_end(text)
    dateline = find_dateline(text)
    found = mentions(text)
    alone = date_line(text)
    year = fixed_year(text, found, dateline.year if dateline and dateline.year else alone.year if alone else None)
    published = None
    if dateline and dateline.day and dateline.month and year:
        published = _safe_date(year, dateline.month, dateline.day)
    elif alone and not (dateline and dateline.day):  # a date on a line of its own, the dateline giving none
        published = alone
    dates = [d for m in found if (d := resolve(m, year, published))]
    if published is None and dateline is None and (now := _NOW_WEEKDAY.search(text)):
        published = weekday_date(WEEKDAYS.index(now.group(1).lower()), dates)
    start = dateline.end if dateline else body_start
    event = infer_event(text, title, start, dateline, published, year, dates)
    days = ((dateline.month, dateline.day),) if dateline and dateline.month and dateline.day else ()
    return DocumentFacts(published, infer_publisher(full, dateline), event, days)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
