"""Request parameters → `SearchRequest`: the one parser the HTML pages and the API share.

Invalid values raise `indexer.search.BadRequest` (a 400 with a message); the query text itself is
never rejected for its syntax (the search side falls back to plain words), only for its size.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from indexer.models import PASSAGE_ROLES
from indexer.search import BadRequest
from indexer.search.dates import validate_range
from indexer.search.query import MAX_QUERY_CHARS
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, SearchRequest

MAX_Q = MAX_QUERY_CHARS  # characters of q: one limit, the search side's, stated on the page and in the API
MAX_VALUES = 50  # selected values per facet
MAX_ID = 200  # characters of one facet value id
MAX_PER_PAGE = 100
LIST_PER_PAGE = 100  # speakers and events index pages: default page size
LIST_MAX_PER_PAGE = 500
MAX_WINDOW = 10_000  # page * per_page: results past this depth are a 400, never a scan
SORTS = ("relevance", "newest", "oldest")
_YEAR = re.compile(r"[0-9]{4}")
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _int(args: Mapping, name: str, default: int, low: int, high: int) -> int:
    raw = args.get(name)
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        raise BadRequest(f"{name} must be a whole number, got {raw[:40]!r}")
    digits = raw.lstrip("+-").lstrip("0")
    if len(digits) > 12 or int(raw) > high:  # never converts a thousand-digit number
        shown = digits if len(digits) <= 20 else f"{digits[:12]}… ({len(digits)} digits)"
        raise BadRequest(f"{name} is too large: {shown} (at most {high:,})")
    value = int(raw)
    if value < low:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def _text(args: Mapping, name: str, limit: int) -> str:
    """A text parameter of at most `limit` characters (control characters are the query parser's to
    report, and never reach a page: webapp.app.printable_output)."""
    text = args.get(name, "")
    if len(text) > limit:
        raise BadRequest(f"{name} is too long ({len(text):,} characters; a query may have up to {limit:,})")
    return text


def _values(args, facet: str) -> tuple[str, ...]:
    raw = args.getlist(facet)
    if len(raw) > MAX_VALUES:
        raise BadRequest(f"at most {MAX_VALUES} {facet} values may be selected")
    if any(len(v) > MAX_ID for v in raw):
        raise BadRequest(f"{facet} value is too long (max {MAX_ID} characters)")
    values = tuple(dict.fromkeys(v.strip() for v in raw if v.strip()))
    for value in values:
        if facet == "year" and value != UNATTRIBUTED and not _YEAR.fullmatch(value):
            raise BadRequest(f"year must be a four-digit year or {UNATTRIBUTED!r}, got {value[:40]!r}")
    return values


def page_number(args: Mapping) -> int:
    """The `page` parameter of a paged page (1 when absent)."""
    return _int(args, "page", 1, 1, MAX_WINDOW)


def search_request(args) -> SearchRequest:
    """Parse a werkzeug MultiDict (request.args) into a validated SearchRequest."""
    q = _text(args, "q", MAX_Q)
    quotes = args.get("quotes", "")
    if quotes not in ("", "only", "all"):
        raise BadRequest(f"quotes must be 'only' or 'all', got {quotes[:40]!r}")
    sort = args.get("sort", "") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}, got {sort[:40]!r}")
    per_page = _int(args, "per_page", 20, 1, MAX_PER_PAGE)
    page = _int(args, "page", 1, 1, MAX_WINDOW)
    if page * per_page > MAX_WINDOW:
        raise BadRequest(f"page {page} of {per_page} goes past the result window ({MAX_WINDOW:,} results)")
    facets = {facet: _values(args, facet) for facet in FACET_NAMES}
    roles = _values(args, "role")
    if any(r not in PASSAGE_ROLES for r in roles):
        raise BadRequest(f"role must be any of {', '.join(PASSAGE_ROLES)}, got {', '.join(roles)[:60]!r}")
    dates = {"date_from": args.get("from", "").strip(), "date_to": args.get("to", "").strip(),
             "date_of": args.get("date", "") or "document"}
    request = SearchRequest(q=q.strip(), quotes_only=quotes == "only", sort=sort, page=page, per_page=per_page,
                            role=roles, **facets, **dates)
    validate_range(request)
    return request


@dataclass(frozen=True)
class ListRequest:
    """A page of an index list (speakers, events), optionally filtered by name."""

    q: str = ""
    page: int = 1
    per_page: int = LIST_PER_PAGE

    def params(self, page: int | None = None) -> list[tuple[str, str]]:
        """Query-string pairs of this request, on another page when given."""
        page = self.page if page is None else page
        pairs = [("q", self.q)] if self.q else []
        pairs += [("page", str(page))] if page > 1 else []
        return pairs + ([("per_page", str(self.per_page))] if self.per_page != LIST_PER_PAGE else [])


def list_request(args: Mapping) -> ListRequest:
    """Parse `q` (a name filter), `page` and `per_page` of an index list."""
    q = _text(args, "q", MAX_ID)
    per_page = _int(args, "per_page", LIST_PER_PAGE, 1, LIST_MAX_PER_PAGE)
    return ListRequest(q=q.strip(), page=_int(args, "page", 1, 1, MAX_WINDOW), per_page=per_page)


def request_params(request: SearchRequest, **changes) -> list[tuple[str, str]]:
    """The query-string pairs of a SearchRequest (for links that change one thing)."""
    state = {
        "q": request.q,
        "quotes": "only" if request.quotes_only else "",
        "sort": request.sort if request.sort != "relevance" else "",
        "page": str(request.page) if request.page != 1 else "",
        "per_page": str(request.per_page) if request.per_page != 20 else "",
        "from": request.date_from,
        "to": request.date_to,
        "date": request.date_of if request.date_of != "document" else "",
    }
    lists = {facet: list(request.selected(facet)) for facet in FACET_NAMES}
    lists["role"] = list(request.role)
    for key, value in changes.items():
        if key in lists:
            lists[key] = list(value)
        else:
            state[key] = value
    pairs = [(k, v) for k, v in state.items() if k == "q" and v]
    for facet in (*FACET_NAMES, "role"):
        pairs += [(facet, v) for v in lists[facet]]
    pairs += [(k, v) for k, v in state.items() if k != "q" and v]
    return pairs
