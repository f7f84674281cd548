""""Did you mean": replace query words the index does not know with close, frequent corpus words.

Candidates come from the generation's vocabulary (surface words with counts, written at build
time) and the catalog's speaker names and aliases, folded once per generation and grouped by
length. A word is compared (rapidfuzz's optimal-string-alignment distance, in C) only with the
known words whose length is within the edit limit of its own.

Every request's work is bounded by construction, whatever it sends: words longer than
MAX_WORD are not corrected (checked before folding, and again after NFKD folding, which can
turn one character into 18), at most MAX_CORRECTED words of a query are looked up, and each
lookup is one C pass over a bounded slice of the vocabulary. Nothing is built per request:
the hostile cases were an L² set of double deletions of an unbounded word (U+FDFA×1,000 took
gigabytes).
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

from indexer.accents import fold_accents

MAX_DISTANCE = 2
MAX_WORD = 30  # folded characters: longer words are not corrected (nor offered)
MAX_CORRECTED = 8  # words of one query looked up at most
NAME_WEIGHT = 50  # a name counts like a word seen this often (names are rare in running text)


def fold(word: str) -> str:
    """Lowercase without accents, the form words are compared in."""
    return fold_accents(word).lower()


def bounded_fold(word: str) -> str | None:
    """fold(word), or None when the word is too long to correct, before or after folding."""
    if len(word) > MAX_WORD + MAX_DISTANCE:
        return None
    key = fold(word)
    return key if len(key) <= MAX_WORD else None


class Speller:
    """Nearest known word for an unknown one. Read-only once built, so threads share it freely."""

    def __init__(self, words: dict[str, int], names: Iterable[str]) -> None:
        self.best: dict[str, tuple[int, str]] = {}  # folded -> (weight, surface form)
        for word, count in words.items():
            self._add(word, count)
        for name in names:
            for part in re.findall(r"[^\W\d_]{3,}", name):
                self._add(part, NAME_WEIGHT)
        by_length: dict[int, list[str]] = defaultdict(list)
        for key in self.best:
            by_length[len(key)].append(key)
        self.by_length = dict(by_length)

    def _add(self, word: str, weight: int) -> None:
        key = bounded_fold(word)
        if key is None:
            return
        old = self.best.get(key)
        if old is None or weight > old[0]:
            self.best[key] = (weight, word)

    def known(self, word: str) -> bool:
        return fold(word) in self.best

    def correct(self, word: str) -> str | None:
        """The closest, most frequent known word within the edit limit, or None."""
        key = bounded_fold(word)
        if key is None or len(key) < 3 or key in self.best:
            return None
        limit = 1 if len(key) <= 4 else MAX_DISTANCE
        scored = []
        for length in range(len(key) - limit, len(key) + limit + 1):
            found = process.extract(key, self.by_length.get(length, ()), scorer=OSA.distance,
                                    score_cutoff=limit, limit=None)
            scored.extend((dist, -self.best[c][0], c) for c, dist, _ in found)
        if not scored:
            return None
        return self.best[min(scored)[2]][1]


def suggest_query(q: str, words: Iterable[str], speller: Speller, is_rare: Callable[[str], bool]) -> str | None:
    """q with each rare or unknown word replaced by its correction, or None when nothing changes.

    Only the first MAX_CORRECTED distinct words short enough to correct are looked up."""
    out = q
    changed = False
    candidates = [w for w in dict.fromkeys(words) if bounded_fold(w) is not None][:MAX_CORRECTED]
    for word in candidates:
        if not is_rare(word):
            continue
        fixed = speller.correct(word)
        if fixed and fold(fixed) != fold(word):
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _keep_case(word, fixed), out, count=1)
            changed = True
    return out if changed else None


def _keep_case(original: str, fixed: str) -> str:
    """The correction in the user's case: `terorism` -> `terrorism`, `Mogherinni` -> `Mogherini`."""
    if original.islower():
        fixed = fixed.lower()
    elif original[:1].isupper() and fixed[:1].islower():
        fixed = fixed[:1].upper() + fixed[1:]
    return fixed.replace("\\", "\\\\")
