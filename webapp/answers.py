"""Encoded API answers kept per index generation: a repeated search costs a lookup, not a re-encode.

An answer depends only on the generation, the parsed request and the links it carries (root,
host, document window): none of them changes while a generation is served, so a cached body is
always right. The cache is bounded in bytes (least recently used answers go first), is emptied
when the generation changes, and has its own lock, so a hit never waits for a search in progress.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from indexer.search.lru import LRU

V = TypeVar("V")
DEFAULT_BYTES = 32 * 2**20  # ~370 answers of a 10-result search with facets at 100k passages


class GenerationCache(Generic[V]):
    """A bounded LRU of encoded values for one generation: `size` says how many bytes a value holds.

    Emptied when a value for a new generation is put; has its own lock, so a hit never waits for
    a search in progress."""

    def __init__(self, max_bytes: int, size: Callable[[V], int]) -> None:
        self.max_bytes = max_bytes
        self._size = size
        self._generation: str | None = None
        self._values: LRU[Hashable, V] = self._empty()
        self._lock = threading.Lock()

    def _empty(self) -> LRU:
        return LRU(self.max_bytes, self._size)

    def __len__(self) -> int:
        return len(self._values)

    def get(self, generation: str, key: Hashable) -> V | None:
        with self._lock:
            if generation != self._generation:
                return None
            return self._values.get(key)

    def put(self, generation: str, key: Hashable, value: V) -> None:
        size = self._size(value)
        if size > self.max_bytes // 8:  # one huge value may not push out everything else
            return
        with self._lock:
            if generation != self._generation:  # a new generation: the old values are all stale
                self._generation, self._values = generation, self._empty()
            self._values[key] = value  # least recently used values go while the bytes exceed the bound


class Answers(GenerationCache[bytes]):
    """Encoded bodies for one app, keyed by (request, links) within one generation."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        super().__init__(max_bytes, len)

    def answer(self, generation: str, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached body for key, or make() it (outside the lock) and keep it."""
        body = self.get(generation, key)
        if body is None:
            body = make()
            self.put(generation, key, body)
        return body
