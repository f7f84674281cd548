"""Records of the search side: what a search asks for and what it returns.

These know nothing of Whoosh or Flask: the web app, the JSON API and the CLI all build a
`SearchRequest`, call the search side, and render the same `SearchResults`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Sort = Literal["relevance", "newest", "oldest"]
DateOf = Literal["document", "event"]
FACET_NAMES: tuple[str, ...] = ("speaker", "event", "theme", "organization", "year")
UNATTRIBUTED = "none"  # facet value id of passages that lack the field (e.g. no speaker)


@dataclass(frozen=True)
class SearchRequest:
    """One search: a query string plus facet filters (OR within a facet, AND across facets)."""

    q: str = ""
    speaker: tuple[str, ...] = ()
    event: tuple[str, ...] = ()
    theme: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    year: tuple[str, ...] = ()
    quotes_only: bool = False
    role: tuple[str, ...] = ()  # passage roles `speaker` filters, facets and `speaker:` count; () = said, reported, spoke
    sort: Sort = "relevance"
    page: int = 1
    per_page: int = 20
    date_from: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD: from the start of that period ("" for no bound)
    date_to: str = ""  # to the end of that period
    date_of: DateOf = "document"  # which date the range filters: the document's, or its event's

    def selected(self, facet: str) -> tuple[str, ...]:
        return getattr(self, facet)


@dataclass(frozen=True)
class QuoteRecord:
    text: str
    speaker_id: str | None
    start: int  # offsets in the document text
    end: int


@dataclass(frozen=True)
class ReportedRecord:
    speaker_id: str
    cue: str | None
    start: int
    end: int


@dataclass(frozen=True)
class SpokeRecord:
    speaker_id: str
    cue: str | None
    start: int
    end: int


@dataclass(frozen=True)
class PassageRecord:
    """A passage as stored in the index, with its provenance and annotations (ids, not labels)."""

    id: str
    document_id: str
    block: int
    paragraph: int
    start: int
    end: int
    text: str
    quotes: tuple[QuoteRecord, ...] = ()
    reported: tuple[ReportedRecord, ...] = ()
    speaker_ids: tuple[str, ...] = ()  # said, reported or spoke
    spoke: tuple[SpokeRecord, ...] = ()
    mentioned_ids: tuple[str, ...] = ()
    organization_ids: tuple[str, ...] = ()
    event_id: str | None = None
    theme_ids: tuple[str, ...] = ()
    year: str | None = None
    published: str | None = None  # ISO date of the document
    page: int | None = None  # the page the passage starts on (documents added from a PDF)


class Match(NamedTuple):
    """Where the query matched in a passage: offsets into the passage's text (adjacent words merged)."""

    start: int
    end: int


@dataclass(frozen=True)
class Hit:
    passage: PassageRecord
    matches: tuple[Match, ...] = ()  # each face draws them its own way
    score: float = 0.0


@dataclass(frozen=True)
class FacetValue:
    id: str  # UNATTRIBUTED for passages lacking the field
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchResults:
    request: SearchRequest
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    quotes_count: int = 0  # matching passages that contain a direct quotation
    suggestion: str | None = None
    query_error: str | None = None  # set when q could not be parsed and plain words were used
    facets_truncated: dict[str, bool] = field(default_factory=dict)  # True: more values may have matches
