"""The one Whoosh schema, and the analyzer behind it (the only module that defines index fields).

Text fields fold accents and stem, so `Lajcak` finds `Lajčák` and `financing` finds `finance`.
Facet fields are exact ids; counts are computed by the search side from stored columns.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token
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

# Whoosh's accent map, plus letters it leaves alone or folds lossily: `Weiss` must find `Weiß`.
FOLD_MAP: dict[int, str] = {
    **accent_map,
    **{ord(k): v for k, v in {"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "\u0307": ""}.items()},
}


def text_analyzer():
    """Tokenize, lowercase, fold accents, drop stop words, stem (stems cached per analyzer)."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(FOLD_MAP)
        | StopFilter(minsize=1)
        | StemFilter(cachesize=100_000)
    )


def pair_term(first: str, second: str, gap: int) -> str:
    """The `pairs` term of two consecutive indexed words (gap > 1 only if positions were not renumbered)."""
    return f"{first} {second}" if gap == 1 else f"{first} {'_ ' * (gap - 1)}{second}"


class PairAnalyzer(Analyzer):
    """Text analysed like `text`, emitted as pairs of neighbouring terms, so a two-word phrase is one
    postings lookup instead of a positions check over every document holding both words."""

    def __init__(self) -> None:
        self.inner = text_analyzer()

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        kwargs["positions"] = True
        previous: tuple[str, int] | None = None
        for token in self.inner(value, **kwargs):
            text, pos = token.text, token.pos
            if previous is not None:
                token.text = pair_term(previous[0], text, pos - previous[1])
                yield token
            previous = (text, pos)


def name_analyzer():
    """Names: folded and lowercased, no stemming, so `speaker:Voronkov` matches exactly by word."""
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | CharsetFilter(FOLD_MAP)


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
        pairs=TEXT(analyzer=PairAnalyzer(), phrase=False),  # neighbouring words of `text`, for phrases
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
