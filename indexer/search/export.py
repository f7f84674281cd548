"""Export a whole result set: one row per passage, or per quotation, streamed as CSV or JSON Lines.

The rows come from `ordered_matches` (the search's own order, every match, no page), one stored
record at a time, so an export of 100k passages never holds them all. Each file opens with what
was asked (query, filters, index generation, time). CSV cells a spreadsheet would run as a
formula (starting with =, +, -, @, tab or carriage return) are prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from typing import Literal

from indexer.search.errors import BadRequest
from indexer.search.run import ordered_matches, validate
from indexer.search.types import FACET_NAMES, SearchRequest
from indexer.search.view import IndexView

Group = Literal["passages", "quotes"]
GROUPS = ("passages", "quotes")
COLUMNS = (
    "passage_id", "document_id", "document_title", "publisher", "published", "event_id", "event", "paragraph",
    "start", "end", "speaker_ids", "speakers", "quote_speaker_id", "quote_speaker", "text", "url",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 200  # rows per streamed piece


def export_header(view: IndexView, request: SearchRequest, group: Group, total: int) -> dict:
    """What the export is of: query, filters, order, index generation, time and row source count."""
    filters = {facet: list(request.selected(facet)) for facet in FACET_NAMES if request.selected(facet)}
    if request.role:
        filters["role"] = list(request.role)
    if request.quotes_only:
        filters["quotes"] = "only"
    for key, value in (("from", request.date_from), ("to", request.date_to)):
        if value:
            filters[key] = value
    if request.date_from or request.date_to:
        filters["date"] = request.date_of
    return {
        "query": request.q,
        "filters": filters,
        "sort": request.sort,
        "group": group,
        "passages": total,
        "generation": view.generation,
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def export_rows(view: IndexView, request: SearchRequest, group: Group, url: Callable[[str, int | None, int | None], str]
                ) -> tuple[dict, Iterator[dict]]:
    """(the header, the rows in the search's order); `url(passage_id, start, end)` makes each row's link."""
    if group not in GROUPS:
        raise BadRequest(f"group must be one of {', '.join(GROUPS)}, got {str(group)[:40]!r}")
    request = validate(request)
    if group == "quotes":
        request = replace(request, quotes_only=True)
    docnums = ordered_matches(view, request)
    speakers = frozenset(request.speaker)
    return export_header(view, request, group, len(docnums)), _rows(view, docnums, group, url, speakers)


def _rows(view: IndexView, docnums: list[int], group: Group, url, speakers: frozenset[str]) -> Iterator[dict]:
    """Rows of the passages, or of their quotations (only the selected speakers' when speakers are selected)."""
    catalog = view.catalog
    for d in docnums:
        p = view.record(d)
        entry = catalog.documents.get(p.document_id)
        event = catalog.events.get(p.event_id) if p.event_id else None
        base = {
            "passage_id": p.id, "document_id": p.document_id,
            "document_title": entry.meta.label if entry else "",
            "publisher": (entry.meta.publisher or "") if entry else "", "published": p.published or "",
            "event_id": p.event_id or "", "event": event.name if event else "", "paragraph": p.paragraph + 1,
            "speaker_ids": ";".join(p.speaker_ids),
            "speakers": ";".join(catalog.label("speaker", s) for s in p.speaker_ids),
        }
        if group == "passages":
            yield {**base, "start": p.start, "end": p.end, "quote_speaker_id": "", "quote_speaker": "",
                   "text": p.text, "url": url(p.id, None, None)}
            continue
        for q in p.quotes:
            if speakers and q.speaker_id not in speakers:
                continue
            yield {**base, "start": q.start, "end": q.end, "quote_speaker_id": q.speaker_id or "",
                   "quote_speaker": catalog.label("speaker", q.speaker_id) if q.speaker_id else "",
                   "text": q.text, "url": url(p.id, q.start, q.end)}


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @, tab or CR is escaped with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_stream(header: dict, rows: Iterator[dict]) -> Iterator[str]:
    """A comment line with the header as JSON, the column names, then the rows (RFC 4180 quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield "# " + json.dumps({"verbatim_export": header}, ensure_ascii=False) + "\r\n"
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
        if n % CHUNK == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def jsonl_stream(header: dict, rows: Iterator[dict]) -> Iterator[str]:
    """A first line {"verbatim_export": header}, then one JSON object a row."""
    yield json.dumps({"verbatim_export": header}, ensure_ascii=False) + "\n"
    lines: list[str] = []
    for row in rows:
        lines.append(json.dumps(row, ensure_ascii=False))
        if len(lines) == CHUNK:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
