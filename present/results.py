"""The search response shape: the frame (q, total, pages, facets, ...) around the passages.

The JSON API returns it, the search page renders it and `verbatim search --json` prints it.
"""
from __future__ import annotations

import math
from functools import partial

from indexer.search import IndexView
from indexer.search.types import FACET_NAMES, SearchResults
from present.links import Links
from present.passage import passage_dict

QUOTES_LABEL = "Contains a quotation"


class Texts:
    """Document texts read at most once per request."""

    def __init__(self, view: IndexView) -> None:
        self.view = view
        self._texts: dict[str, str] = {}

    def __call__(self, doc_id: str) -> str:
        if doc_id not in self._texts:
            self._texts[doc_id] = self.view.document_text(doc_id) or ""
        return self._texts[doc_id]


def results_data(view: IndexView, results: SearchResults, links: Links) -> dict:
    """The API's search response for SearchResults (the documented search shape, plus sort/pages/q)."""
    texts = Texts(view)
    data = results_frame(results)
    data["results"] = [
        passage_dict(
            h.passage, view.catalog, partial(texts, h.passage.document_id), links, h.matches,
            view.also_appears_in(h.passage),
        )
        for h in results.hits
    ]
    return data


def facet_lists(results: SearchResults) -> dict[str, list[dict]]:
    """The response's `facets`: each facet's listed values, then the quotations toggle."""
    facets = {
        name: [{"id": v.id, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
        for name, values in ((n, results.facets.get(n, ())) for n in FACET_NAMES)
    }
    facets["quotes"] = [quotes_facet(results)]
    return facets


def quotes_facet(results: SearchResults) -> dict:
    return {"id": "only", "label": QUOTES_LABEL, "count": results.quotes_count, "selected": results.request.quotes_only}


def results_frame(results: SearchResults, facets: object = None) -> dict:
    """The search response without its passages (`results` is an empty list, in its place); its
    `facets` are facet_lists(results) unless given."""
    request = results.request
    return {
        "q": request.q,
        "total": results.total,
        "page": request.page,
        "per_page": request.per_page,
        "pages": max(1, math.ceil(results.total / request.per_page)),
        "sort": request.sort,
        "results": [],
        "facets": facet_lists(results) if facets is None else facets,
        "facets_truncated": _truncated(results),
        "suggestion": results.suggestion,
        "query_error": results.query_error,
    }


def _truncated(results: SearchResults) -> dict[str, bool]:
    """Facets that list only their top values (the search side caps long lists)."""
    return {k: True for k, v in results.facets_truncated.items() if v}
