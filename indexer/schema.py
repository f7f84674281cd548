"""The one Whoosh schema, and the analyzer behind it (the only module that defines index fields).

Text fields fold accents and stem, so `Lajcak` finds `Lajčák` and `financing` finds `finance`.
Facet fields are exact ids; counts are computed by the search side from stored columns.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter, Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem as _STEM
from whoosh.fields import BOOLEAN, ID, KEYWORD, STORED, TEXT, Schema

from indexer.accents import fold_accents

# Facet fields: (index field name, public facet name). Order is the order facets are shown.
FACETS: tuple[tuple[str, str], ...] = (
    ("speaker_id", "speaker"),
    ("event_id", "event"),
    ("theme_id", "theme"),
    ("organization_id", "organization"),
    ("year", "year"),
)


TOKEN_PATTERN = r"\w+(?:[.'’]\w+)*"  # one token; the search side's highlighter splits text the same way



class FoldFilter(Filter):
    """Accents folded by the one `fold_accents` (the chain step the fused analyzers are tested against)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold_accents(token.text)
            yield token


class _Fused:
    """Per-process caches of one analysis kind, shared by all its analyzers (each field, the theme
    matcher, the writer's extra postings) so a text analysed for one field is not analysed again."""

    def __init__(self, stem: bool) -> None:
        self.stem = stem
        # Surface word -> term (False for a stop word): a pure function of the word, memoised
        # because a corpus repeats its words (bounded, least recently used words go first).
        self.term = lru_cache(maxsize=WORD_CACHE)(self._term)
        self.last: tuple[str, int, tuple[str, ...]] = ("", 0, ())  # the last long value analysed

    def _term(self, word: str) -> str | bool:
        """What the whoosh chain makes of one token: fold, lowercase, then (text only) stop and stem."""
        text = fold_accents(word).lower()
        if self.stem:
            text = False if not text or text in STOP_WORDS else _STEM(text)
        return text

    def terms(self, value: str) -> tuple[int, tuple[str, ...]]:
        """(position of the first kept token, kept terms): stop words dropped, later positions
        renumbered consecutively, exactly as Whoosh's StopFilter does."""
        last = self.last  # one read: other threads may replace it meanwhile
        if last[0] is value or last[0] == value:
            return last[1], last[2]
        term = self.term
        first, kept = -1, []
        for i, word in enumerate(_TOKEN.findall(value)):
            text = term(word)
            if text is not False:
                kept.append(text)
                if first < 0:
                    first = i
        result = (max(first, 0), tuple(kept))
        if len(value) > SHORT_VALUE:
            self.last = (value, *result)
        return result


_TOKEN = re.compile(TOKEN_PATTERN)
WORD_CACHE = 200_000  # surface words memoised per kind
SHORT_VALUE = 64  # values longer than this are remembered for the next field that analyses them
_KINDS = {True: _Fused(True), False: _Fused(False)}


class FusedAnalyzer(Analyzer):
    """The chain regex → fold → lowercase → stop → stem (or, for names, regex → fold → lowercase) in
    one loop over cached words. Gives exactly the chain's tokens (tests/test_analyzer.py checks);
    options the fast path does not cover (keeporiginal, removestops=False, …) run the chain itself."""

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem
        self._chain: Analyzer | None = None

    def __getstate__(self) -> dict:
        return {"stem": self.stem}  # the schema is pickled into the index: no caches

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["stem"])

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.stem == other.stem

    def __repr__(self) -> str:
        return f"FusedAnalyzer(stem={self.stem})"

    def chain(self) -> Analyzer:
        """The Whoosh filter chain this analyzer is equivalent to."""
        if self._chain is None:
            names = RegexTokenizer(TOKEN_PATTERN) | FoldFilter() | LowercaseFilter()
            self._chain = names | StopFilter(minsize=1) | StemFilter(cachesize=100_000) if self.stem else names
        return self._chain

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        if chars or keeporiginal or not removestops or not tokenize or no_morph:
            yield from self.chain()(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                    removestops=removestops, start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, no_morph=no_morph, **kwargs)
            return
        first, terms = _KINDS[self.stem].terms(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos + first
        for text in terms:
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
                pos += 1
            yield token


def text_analyzer() -> FusedAnalyzer:
    """Tokenize, lowercase, fold accents, drop stop words, stem (one fused, cached loop)."""
    return FusedAnalyzer(stem=True)


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


def name_analyzer() -> FusedAnalyzer:
    """Names: folded and lowercased, no stemming, so `speaker:Voronkov` matches exactly by word."""
    return FusedAnalyzer(stem=False)


def build_schema() -> Schema:
    """The passage schema: stored provenance, searchable text and names, exact facet ids."""
    analyzer = text_analyzer()
    names = name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        document_id=ID(stored=True),
        # Provenance is only ever read back, never queried: stored, not indexed (a NUMERIC value
        # would index 8 tiered terms, a quarter of all postings).
        block=STORED(),
        paragraph=STORED(),
        page=STORED(),  # documents added from a PDF: the page a passage starts on
        start=STORED(),
        end=STORED(),
        text=TEXT(analyzer=analyzer, stored=True, phrase=True),
        pairs=TEXT(analyzer=PairAnalyzer(), phrase=False),  # neighbouring words of `text`, for phrases
        # Searchable names and labels (query fields speaker:, event:, theme:, organization:, title:).
        speaker=TEXT(analyzer=names, phrase=True),
        event=TEXT(analyzer=names, phrase=True),
        theme=TEXT(analyzer=analyzer, phrase=True),
        organization=TEXT(analyzer=names, phrase=True),
        title=TEXT(analyzer=analyzer, phrase=True),
        # Exact facet/filter fields.
        speaker_id=KEYWORD(stored=True, commas=True, scorable=False),  # said, reported or spoke
        # Who does what (models.PASSAGE_ROLES): names for `speaker:` under a `role=` choice, ids for
        # the role columns.
        speaker_said=TEXT(analyzer=names, phrase=True),
        speaker_reported=TEXT(analyzer=names, phrase=True),
        speaker_spoke=TEXT(analyzer=names, phrase=True),
        speaker_mentioned=TEXT(analyzer=names, phrase=True),
        said_id=STORED(),
        reported_id=STORED(),
        spoke_id=STORED(),
        mentioned_id=STORED(),
        event_id=ID(stored=True),
        theme_id=KEYWORD(stored=True, commas=True, scorable=False),
        organization_id=KEYWORD(stored=True, commas=True, scorable=False),
        year=ID(stored=True),
        has_quote=BOOLEAN(stored=True),
        published=STORED(),  # yyyymmdd, 0 when unknown; the search side orders by its own column
        # Annotation details the search side returns as they are (JSON).
        annotations=STORED(),
    )
