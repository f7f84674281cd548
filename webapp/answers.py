"""Encoded API answers kept per index generation: a repeated search costs a lookup, not a re-encode.

An answer depends only on the generation, the parsed request and the links it carries (root,
host, document window): none of them changes while a generation is served, so a cached body is
always right. The cache is bounded in bytes (least recently used answers go first), is emptied
when the generation changes, and has its own lock, so a hit never waits for a search in progress.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

DEFAULT_BYTES = 32 * 2**20  # ~370 answers of a 10-result search with facets at 100k passages


class Answers:
    """A bounded LRU of encoded bodies for one app, keyed by (request, links) within one generation."""

    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max_bytes
        self._generation: str | None = None
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._bodies)

    def get(self, generation: str, key: Hashable) -> bytes | None:
        with self._lock:
            if generation != self._generation:
                return None
            body = self._bodies.get(key)
            if body is not None:
                self._bodies.move_to_end(key)
            return body

    def put(self, generation: str, key: Hashable, body: bytes) -> None:
        if len(body) > self.max_bytes // 8:  # one huge answer may not push out everything else
            return
        with self._lock:
            if generation != self._generation:  # a new generation: the old answers are all stale
                self._generation, self._bodies, self._bytes = generation, OrderedDict(), 0
            old = self._bodies.pop(key, None)
            self._bytes += len(body) - (len(old) if old is not None else 0)
            self._bodies[key] = body
            while self._bytes > self.max_bytes and self._bodies:
                self._bytes -= len(self._bodies.popitem(last=False)[1])

    def answer(self, generation: str, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The cached body for key, or make() it (outside the lock) and keep it."""
        body = self.get(generation, key)
        if body is None:
            body = make()
            self.put(generation, key, body)
        return body
