"""Sentence source for synthetic corpora: a seeded word-bigram chain over the bundled texts.

The chain is learnt from the bundled corpus only (sorted file order, so it is the same on every
machine); a small chance of jumping to any word by its frequency keeps sentences from replaying
the originals. Quotation marks and brackets are dropped so the generator alone decides where
quotations are, and every sentence ends with a full stop.
"""
from __future__ import annotations

import random
import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

_TOKEN = re.compile(r"[A-Za-zÀ-ÿ0-9]+(?:[-'’][A-Za-zÀ-ÿ0-9]+)*|[.,;]")
_NO_JOIN = frozenset(".,;")
JUMP = 0.12  # chance of leaving the chain for a frequency-weighted random word
MIN_WORDS, MAX_WORDS = 9, 34


@dataclass(frozen=True)
class Chain:
    """Bigram successors per word, sentence openers, and the unigram distribution."""

    words: tuple[str, ...]
    successors: tuple[tuple[int, ...], ...]
    openers: tuple[int, ...]
    cumulative: tuple[int, ...]  # cumulative unigram counts, for weighted jumps
    stop: int  # id of "."

    @classmethod
    def from_texts(cls, texts: list[str]) -> "Chain":
        ids: dict[str, int] = {}
        sequence: list[int] = []
        for text in texts:
            for token in _TOKEN.findall(text.replace("\u00a0", " ")):
                sequence.append(ids.setdefault(token, len(ids)))
            sequence.append(ids.setdefault(".", len(ids)))
        words = tuple(sorted(ids, key=ids.get))
        stop = ids["."]
        successors: list[list[int]] = [[] for _ in words]
        counts = [0] * len(words)
        openers = []
        for a, b in zip(sequence, sequence[1:]):
            successors[a].append(b)
            counts[b] += 1
            if a == stop and words[b][0].isupper():
                openers.append(b)
        return cls(words, tuple(map(tuple, successors)), tuple(openers), tuple(accumulate(counts)), stop)

    @classmethod
    def from_folder(cls, folder: Path) -> "Chain":
        files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md") and p.is_file())
        if not files:
            raise ValueError(f"{folder}: no .txt/.md files to learn a vocabulary from")
        return cls.from_texts([p.read_text(encoding="utf-8") for p in files])

    def _jump(self, rng: random.Random) -> int:
        return bisect_right(self.cumulative, rng.random() * self.cumulative[-1])

    def sentence(self, rng: random.Random) -> str:
        """One sentence of MIN_WORDS..MAX_WORDS words ending with a full stop."""
        current = rng.choice(self.openers)
        out = [self.words[current]]
        words = 1
        while True:
            nexts = self.successors[current]
            if not nexts or rng.random() < JUMP:
                current = self._jump(rng)
            else:
                current = rng.choice(nexts)
            if current == self.stop:
                if words >= MIN_WORDS:
                    break
                continue
            token = self.words[current]
            if token in _NO_JOIN:
                if out[-1] in _NO_JOIN:
                    continue
            else:
                words += 1
            out.append(token)
            if words >= MAX_WORDS:
                break
        while out[-1] in _NO_JOIN:
            out.pop()
        text = " ".join(out).replace(" ,", ",").replace(" ;", ";").replace(" .", ".")
        return text[0].upper() + text[1:] + "."

    def sentences(self, rng: random.Random, low: int, high: int) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(low, high)))
