"""Highlighting: where in a passage's text the words the query matched stand, as character offsets.

Text is split with the schema's own token pattern and each token is analysed the way its field
indexes it (cached per generation: a corpus repeats its words), so a token is marked exactly when
its indexed form is a query term (`financing` for `finance`, `Lajčák` for `Lajcak`). Only the
shown page is highlighted, and nothing is kept between calls but that cache. Drawing the matches
is each face's job (`<mark>` in HTML, bold or brackets in a terminal): this returns data, not markup.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import accumulate
from collections.abc import Callable

from whoosh.analysis import Analyzer

from indexer.schema import TOKEN_PATTERN
from indexer.search.types import Match

_SPLIT = re.compile(f"({TOKEN_PATTERN})")  # the pattern has no groups of its own
_TOKEN = re.compile(TOKEN_PATTERN)
CACHE_TOKENS = 200_000


class Highlighter:
    """Finds query terms in text; one per generation, shared by its searches (its token cache is bounded)."""

    def __init__(self, analyzers: dict[str, Analyzer], max_tokens: int = CACHE_TOKENS) -> None:
        """max_tokens: token verdicts kept per field (a share of the serving budget: indexer/search/budget.py)."""
        self.analyzers = analyzers
        # A token's indexed form is a pure function of the token and the field's analyzer: memoised
        # in C (a page's hits look up hundreds of tokens per field).
        self._terms: dict[str, Callable[[str], str | None]] = {
            f: lru_cache(maxsize=max(1, max_tokens))(partial(_first_term, a)) for f, a in analyzers.items()}

    def term(self, fieldname: str, token: str) -> str | None:
        """The indexed form of one token in a field (None for a stop word)."""
        return self._terms[fieldname](token)

    def marker(self, marks: dict[str, set[str]], phrases: dict[str, set[tuple[str, ...]]] | None = None
               ) -> Callable[[str], tuple[Match, ...]]:
        """The matches of one query's terms in a text (its token verdicts are shared by the page's hits);
        a phrase's words are matched only where they stand together, as the phrase (stop words between
        them, as the index counts them, included)."""
        fields = [(self._terms[f], terms) for f, terms in marks.items() if terms and f in self.analyzers]
        wanted = [(f, p) for f, ps in (phrases or {}).items() if f in self.analyzers for p in ps if p]
        decided: set[str] = set()
        matching: set[str] = set()
        term = self.term

        def hits(tokens: set[str]) -> set[str]:
            """The tokens that are query terms; each distinct token is analysed once per query."""
            for token in tokens - decided:
                for analysed, terms in fields:
                    if analysed(token) in terms:
                        matching.add(token)
                        break
            decided.update(tokens)
            return tokens & matching

        def mark(text: str) -> tuple[Match, ...]:
            spans = _spans(text, hits) if fields else []
            if wanted:
                spans = _merge(text, spans + _phrase_spans(text, wanted, term))
            return tuple(Match(start, end) for start, end in spans)

        return mark


def _first_term(analyzer: Analyzer, token: str) -> str | None:
    analysed = [t.text for t in analyzer(token)]
    return analysed[0] if analysed else None


def _spans(text: str, hits: Callable[[set[str]], set[str]]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) ranges of the tokens `hits` picks out of the text's distinct
    tokens; adjacent matches become one."""
    parts = _SPLIT.split(text)  # separator, token, separator, …, token, separator: split in C
    found = hits(set(parts[1::2]))
    if not found:
        return []
    ends = list(accumulate(map(len, parts)))  # where each part ends in text
    merged: list[tuple[int, int]] = []
    for i in range(1, len(parts), 2):
        if parts[i] in found:
            start, end = ends[i - 1], ends[i]
            if merged and text[merged[-1][1] : start].isspace():
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
    return merged



def _phrase_spans(text: str, phrases: list[tuple[str, tuple[str, ...]]], term: Callable[[str, str], str | None]
                  ) -> list[tuple[int, int]]:
    """Where each phrase stands in the text: its terms on consecutive indexed tokens (stop words, which
    the index does not count, may stand between them), from the first token's start to the last's end."""
    found: list[tuple[int, int]] = []
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    for fieldname, phrase in phrases:
        indexed = [(t, start, end) for token, start, end in tokens if (t := term(fieldname, token)) is not None]
        terms = [t for t, _, _ in indexed]
        n = len(phrase)
        for i in range(len(terms) - n + 1):
            if terms[i] == phrase[0] and tuple(terms[i : i + n]) == phrase:
                found.append((indexed[i][1], indexed[i + n - 1][2]))
    return found


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or space-separated neighbours joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
