"""Whether a word broken at a line end with a hyphen is one word ("organi-/zation") or a compound
("counter-/terrorism"): first the document's own vocabulary, then the English word lists shipped by
the `english-words` package (loaded once, on the first hyphen that needs them; never the network).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"\w+(?:[-‐]\w+)*")
_SUFFIXES = ("", "s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ments", "al", "ally", "ity")


@lru_cache(maxsize=1)
def _shipped() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2", "gcide"], lower=True, alpha=True))


def _known(word: str, known: set[str] | frozenset[str]) -> bool:
    """The word or its stem before a common inflection ("organisations" → "organisation")."""
    if word.endswith("ies") and word[:-3] + "y" in known:  # "technologies" → "technology"
        return True
    for suffix in _SUFFIXES:
        if not suffix or word.endswith(suffix):
            stem = word[: len(word) - len(suffix)] if suffix else word
            if len(stem) > 2 and (stem in known or stem + "e" in known):
                return True
    return False


class Vocabulary:
    """The words and hyphenated compounds a document uses away from line ends."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        for text in texts:
            for match in _WORD.finditer(text.casefold()):
                token = match.group().replace("‐", "-")
                (self.compounds if "-" in token else self.words).add(token)
                self.words.update(token.split("-"))

    def joins(self, before: str, after: str) -> bool:
        """True when `before-` at a line end and `after` on the next line are one word."""
        head, tail = before.casefold(), after.casefold()
        if f"{head}-{tail}" in self.compounds:
            return False
        joined = head + tail
        return _known(joined, self.words) or _known(joined, _shipped())
