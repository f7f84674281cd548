"""A least-recently-used map bounded by the summed size of its values: the serving caches' one shape.

Every uncached search asks such caches hundreds of times (listed facet values, encoded passages,
citations), so a lookup must be cheap: one OrderedDict, a hit is a C lookup plus `move_to_end`
(cachetools' LRUCache spends about five Python calls on it). Not locked: a cache shared by request
threads is used under its owner's lock.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class LRU(Generic[K, V]):
    """At most `limit` units of values (`size(value)` units each, 1 by default): putting more drops the
    least recently used first; a value larger than the whole limit is not kept."""

    __slots__ = ("limit", "total", "_size", "_data")

    def __init__(self, limit: int, size: Callable[[V], int] = _one) -> None:
        self.limit = max(0, int(limit))
        self.total = 0  # units held
        self._size = size
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: K) -> bool:
        return key in self._data

    def get(self, key: K, default: V | None = None) -> V | None:
        found = self._data.get(key)
        if found is None:
            return default
        self._data.move_to_end(key)
        return found[0]

    def __setitem__(self, key: K, value: V) -> None:
        units = self._size(value)
        old = self._data.pop(key, None)
        if old is not None:
            self.total -= old[1]
        if units > self.limit:
            return
        self._data[key] = (value, units)
        self.total += units
        while self.total > self.limit:
            _, (_, dropped) = self._data.popitem(last=False)
            self.total -= dropped

    def clear(self) -> None:
        self._data.clear()
        self.total = 0
