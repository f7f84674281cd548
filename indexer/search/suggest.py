""""Did you mean": replace query words the index does not know with close, frequent corpus words.

Candidates come from the generation's vocabulary (surface words with counts, written at build
time) and the catalog's speaker names and aliases. Lookup uses single-deletion neighbourhoods
(SymSpell-style), built once per generation on first need, then a Damerau–Levenshtein check.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable

from indexer.schema import FOLD_MAP

MAX_DISTANCE = 2
NAME_WEIGHT = 50  # a name counts like a word seen this often (names are rare in running text)


def fold(word: str) -> str:
    """Lowercase without accents, the form words are compared in."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(FOLD_MAP))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


class Speller:
    """Nearest known word for an unknown one."""

    def __init__(self, words: dict[str, int], names: Iterable[str]) -> None:
        self.best: dict[str, tuple[int, str]] = {}  # folded -> (weight, surface form)
        for word, count in words.items():
            self._add(word, count)
        for name in names:
            for part in re.findall(r"[^\W\d_]{3,}", name):
                self._add(part, NAME_WEIGHT)
        self.neighbours: dict[str, set[str]] = defaultdict(set)
        for key in self.best:
            self.neighbours[key].add(key)
            for d in _deletes(key):
                self.neighbours[d].add(key)

    def _add(self, word: str, weight: int) -> None:
        key = fold(word)
        old = self.best.get(key)
        if old is None or weight > old[0]:
            self.best[key] = (weight, word)

    def known(self, word: str) -> bool:
        return fold(word) in self.best

    def correct(self, word: str) -> str | None:
        """The closest, most frequent known word within the edit limit, or None."""
        key = fold(word)
        if len(key) < 3 or key in self.best:
            return None
        limit = 1 if len(key) <= 4 else MAX_DISTANCE
        probes = {key} | _deletes(key)
        if limit > 1:
            probes |= {d2 for d in _deletes(key) for d2 in _deletes(d)}
        candidates = {c for p in probes for c in self.neighbours.get(p, ())}
        scored = [(distance(key, c), -self.best[c][0], c) for c in candidates if abs(len(c) - len(key)) <= limit]
        scored = [s for s in scored if s[0] <= limit]
        if not scored:
            return None
        return self.best[min(scored)[2]][1]


def suggest_query(q: str, words: Iterable[str], speller: Speller, is_rare: Callable[[str], bool]) -> str | None:
    """q with each rare or unknown word replaced by its correction, or None when nothing changes."""
    out = q
    changed = False
    for word in dict.fromkeys(words):
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
