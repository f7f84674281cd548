"""`run_search`: the one search function behind the web pages, the JSON API and the CLI.

Validate → parse q (falling back to plain words) → match (bitsets) → filter (facet selections,
quotations only) → count facets over every match → order and cut one page → highlight only that
page → suggest a spelling when little was found. Results are cached per generation by request.
"""
from __future__ import annotations

import re
from dataclasses import replace

from indexer.models import PASSAGE_ROLES, SPEAKING_ROLES
from indexer.search import bitsets
from indexer.search.dates import range_bits, validate_range
from indexer.search.engine import Compiled
from indexer.search.errors import BadRequest
from indexer.search.facets import facet_counts, selection_bits
from indexer.search.order import by_relevance
from indexer.search.query import Phrase, Word, leaves, parse_query
from indexer.search.suggest import suggest_query
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, Hit, SearchRequest, SearchResults
from indexer.search.view import IndexView

SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
_YEAR = re.compile(r"\d{4}")


def validate(request: SearchRequest) -> SearchRequest:
    """The request with tuples for selections, or BadRequest naming the bad parameter."""
    if not isinstance(request.q, str):
        raise BadRequest("q must be text")
    if request.sort not in SORTS:
        raise BadRequest(f"sort must be one of {', '.join(SORTS)}")
    for name, low, high in (("page", 1, None), ("per_page", 1, MAX_PER_PAGE)):
        value = getattr(request, name)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high and value > high):
            bound = f"from {low} to {high}" if high else f"{low} or more"
            raise BadRequest(f"{name} must be a whole number {bound}")
    if isinstance(request.role, str) or not all(r in PASSAGE_ROLES for r in request.role):
        raise BadRequest(f"role must be any of {', '.join(PASSAGE_ROLES)}")
    changes: dict = {"role": tuple(r for r in PASSAGE_ROLES if r in request.role)}
    if changes["role"] == SPEAKING_ROLES:
        changes["role"] = ()  # the default, spelled out: one cache entry, one answer
    for facet in FACET_NAMES:
        values = request.selected(facet)
        if isinstance(values, str) or not all(isinstance(v, str) for v in values):
            raise BadRequest(f"{facet} must be a list of ids")
        changes[facet] = tuple(dict.fromkeys(values))
    validate_range(request)
    for year in changes["year"]:
        if year != UNATTRIBUTED and not _YEAR.fullmatch(year):
            raise BadRequest(f"year must be a four-digit year or {UNATTRIBUTED!r}, not {year[:20]!r}")
    return replace(request, **changes)


def run_search(view: IndexView, request: SearchRequest) -> SearchResults:
    """Search one index generation.

    Raises:
        BadRequest: a parameter other than q is invalid (any q gives results).
    """
    request = validate(request)
    cached = view.cached(request)
    if cached is not None:
        return cached
    parsed = parse_query(request.q)
    with view.lock:
        compiled = view.engine.compile(parsed.tree, request.role)
        match = _matches(view, request, compiled)
        results = _search(view, request, compiled, match)
    suggestion = _suggestion(view, request, parsed.tree, results.total)  # takes the lock only to read Whoosh
    error = parsed.error
    if error is None and parsed.tree is not None and compiled.bits is None:
        error = "the query has no searchable words (only punctuation or very common words); showing everything"
    results = replace(results, suggestion=suggestion, query_error=error)
    view.remember(request, results)
    return results


def ordered_matches(view: IndexView, request: SearchRequest) -> list[int]:
    """Every match of the request in its order, without pages or facets (exports and feeds stream them)."""
    request = validate(request)
    with view.lock:
        compiled = view.engine.compile(parse_query(request.q).tree, request.role)
        _, _, final = _filter(view, request, _matches(view, request, compiled))
        total = final.bit_count()
        if request.sort == "relevance" and compiled.scoring:
            return [d for d, _ in by_relevance(view.postings, compiled.scoring, final, total)]
        return view.date_order.top(final, total, total, request.sort != "oldest")


def _matches(view: IndexView, request: SearchRequest, compiled: Compiled) -> int:
    """What the query matches, inside the date range."""
    match = bitsets.full(view.size) if compiled.bits is None else compiled.bits
    dated = range_bits(view, request)
    return match if dated is None else match & dated


def _filter(view: IndexView, request: SearchRequest, match: int) -> tuple[dict[str, int], int, int]:
    """(each selected facet's bits, the matches with every selection, and then only quotations if asked)."""
    columns = view.columns.for_roles(request.role)
    selections = selection_bits(columns, request)
    filtered = match
    for bits in selections.values():
        filtered &= bits
    return selections, filtered, filtered & columns.quote_bits if request.quotes_only else filtered


def _search(view: IndexView, request: SearchRequest, compiled: Compiled, match: int) -> SearchResults:
    columns = view.columns.for_roles(request.role)
    selections, filtered, final = _filter(view, request, match)
    total = final.bit_count()
    quotes = columns.quote_bits if request.quotes_only else None
    facets, truncated = facet_counts(columns, view.facet_value, request, match, selections, quotes,
                                     view.facet_counting)
    start = (request.page - 1) * request.per_page
    page: list[tuple[int, float]] = []
    if start < total:
        need = start + request.per_page
        if request.sort == "relevance" and compiled.scoring:
            page = by_relevance(view.postings, compiled.scoring, final, need)[start:]
        else:
            page = [(d, 0.0) for d in view.date_order.top(final, total, need, request.sort != "oldest")[start:]]
    mark = view.highlighter.marker(compiled.marks, compiled.phrases)
    hits = []
    for docnum, score in page:
        record = view.record(docnum)
        hits.append(Hit(record, mark(record.text), round(score, 4)))
    return SearchResults(
        request=request,
        total=total,
        hits=tuple(hits),
        facets=facets,
        quotes_count=(filtered & columns.quote_bits).bit_count(),
        facets_truncated=truncated,
    )


def _suggestion(view: IndexView, request: SearchRequest, tree, total: int) -> str | None:
    """A respelled q that finds more, when this one found little.

    Runs outside the view lock (the speller is read-only): every search needs that lock, and a
    spelling lookup must never make them wait."""
    if total >= SUGGEST_BELOW or tree is None:
        return None
    words = [w for leaf, negated in leaves(tree) if not negated and isinstance(leaf, (Word, Phrase))
             for w in re.findall(r"[^\W\d_]{3,}", leaf.text)]

    def is_rare(word: str) -> bool:
        with view.lock:
            for fieldname in ("text", "speaker"):
                for term, _ in view.engine.analyse(fieldname, word):
                    if view.postings.doc_frequency(fieldname, term):
                        return False
        return True

    better = suggest_query(request.q, words, view.speller, is_rare)
    if better is None or better == request.q:
        return None
    tree = parse_query(better).tree
    with view.lock:
        found = view.engine.compile(tree).bits
    return better if found is not None and found.bit_count() > total else None
