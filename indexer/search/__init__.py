"""The search side: open an index generation, run a search, read passages and documents.

The web app and the CLI use only what this package exports; Whoosh stays behind it.
"""
from indexer.search.errors import BadRequest, NoIndex
from indexer.search.run import run_search
from indexer.search.types import (
    FACET_NAMES,
    UNATTRIBUTED,
    FacetValue,
    Hit,
    Match,
    PassageRecord,
    QuoteRecord,
    ReportedRecord,
    SearchRequest,
    SearchResults,
)
from indexer.search.opening import open_index
from indexer.search.view import IndexView

__all__ = [
    "FACET_NAMES",
    "UNATTRIBUTED",
    "BadRequest",
    "FacetValue",
    "Hit",
    "Match",
    "IndexView",
    "NoIndex",
    "PassageRecord",
    "QuoteRecord",
    "ReportedRecord",
    "SearchRequest",
    "SearchResults",
    "open_index",
    "run_search",
]
