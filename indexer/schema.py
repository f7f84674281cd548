"""The one Whoosh schema, and the analyzer behind it (the only module that defines index fields).

Text fields fold accents and stem, so `Lajcak` finds `Lajčák` and `financing` finds `finance`.
Facet fields are exact ids; counts are computed by the search side from stored columns.
"""
from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import BOOLEAN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

# Facet fields: (index field name, public facet name). Order is the order facets are shown.
FACETS: tuple[tuple[str, str], ...] = (
    ("speaker_id", "speaker"),
    ("event_id", "event"),
    ("theme_id", "theme"),
    ("organization_id", "organization"),
    ("year", "year"),
)


TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"  # one token; the search side's highlighter splits text the same way


def text_analyzer():
    """Tokenize, lowercase, fold accents, drop stop words, stem (stems cached per analyzer)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(minsize=1)
        | StemFilter(cachesize=100_000)
    )


def name_analyzer():
    """Names: folded and lowercased, no stemming, so `speaker:Voronkov` matches exactly by word."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)


def build_schema() -> Schema:
    """The passage schema: stored provenance, searchable text and names, exact facet ids."""
    analyzer = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        block=NUMERIC(stored=True),
        paragraph=NUMERIC(stored=True),
        start=NUMERIC(stored=True),
        end=NUMERIC(stored=True),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True),
        # Searchable names and labels (query fields speaker:, event:, theme:, organization:, title:).
        speaker=TEXT(analyzer=names, phrase=True),
        event=TEXT(analyzer=names, phrase=True),
        theme=TEXT(analyzer=analyzer, phrase=True),
        organization=TEXT(analyzer=names, phrase=True),
        title=TEXT(analyzer=analyzer, phrase=True),
        # Exact facet/filter fields.
        speaker_id=KEYWORD(stored=True, commas=True, scorable=False),
        event_id=ID(stored=True),
        theme_id=KEYWORD(stored=True, commas=True, scorable=False),
        organization_id=KEYWORD(stored=True, commas=True, scorable=False),
        year=ID(stored=True),
        has_quote=BOOLEAN(stored=True),
        published=NUMERIC(stored=True, sortable=True),  # yyyymmdd, 0 when unknown
        # Annotation details the search side returns as they are (JSON).
        annotations=STORED(),
    )
