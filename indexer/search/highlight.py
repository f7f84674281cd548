"""Highlighting: where in a passage's text the words the query matched stand, as character offsets.

Text is split with the schema's own token pattern and each token is analysed the way its field
indexes it (cached per generation: a corpus repeats its words), so a token is marked exactly when
its indexed form is a query term (`financing` for `finance`, `Lajčák` for `Lajcak`). Only the
shown page is highlighted, and nothing is kept between calls but that cache. Drawing the matches
is each face's job (`<mark>` in HTML, bold or brackets in a terminal): this returns data, not markup.
"""
from __future__ import annotations

import re
from itertools import accumulate
from collections.abc import Callable

from cachetools import LRUCache
from whoosh.analysis import Analyzer

from indexer.schema import TOKEN_PATTERN
from indexer.search.types import Match

_SPLIT = re.compile(f"({TOKEN_PATTERN})")  # the pattern has no groups of its own
CACHE_TOKENS = 200_000


class Highlighter:
    """Finds query terms in text; one per generation, shared by its searches (its token cache is bounded)."""

    def __init__(self, analyzers: dict[str, Analyzer]) -> None:
        self.analyzers = analyzers
        self._terms: dict[str, LRUCache[str, str | None]] = {f: LRUCache(CACHE_TOKENS) for f in analyzers}

    def term(self, fieldname: str, token: str) -> str | None:
        """The indexed form of one token in a field (None for a stop word)."""
        cache = self._terms[fieldname]
        if token not in cache:
            analysed = [t.text for t in self.analyzers[fieldname](token)]
            cache[token] = analysed[0] if analysed else None
        return cache[token]

    def marker(self, marks: dict[str, set[str]]) -> Callable[[str], tuple[Match, ...]]:
        """The matches of one query's terms in a text (its token verdicts are shared by the page's hits)."""
        fields = [(f, terms) for f, terms in marks.items() if terms and f in self.analyzers]
        decided: set[str] = set()
        matching: set[str] = set()
        term = self.term

        def hits(tokens: set[str]) -> set[str]:
            """The tokens that are query terms; each distinct token is analysed once per query."""
            for token in tokens - decided:
                for f, terms in fields:
                    if term(f, token) in terms:
                        matching.add(token)
                        break
            decided.update(tokens)
            return tokens & matching

        def mark(text: str) -> tuple[Match, ...]:
            return tuple(Match(start, end) for start, end in _spans(text, hits)) if fields else ()

        return mark


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

