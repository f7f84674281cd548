"""A generation's flat postings (`index_format.write_flat`), memory-mapped and read with numpy.

Whoosh keeps each segment's postings in pickled, compressed blocks: a term costs a lookup per
segment and a decode per block (a first one-word query at 1M passages, 100 segments, took seconds).
Here a term is one binary search in the sorted key table and two array views of the mapped file,
whatever the number of segments; nothing is parsed when a generation opens.
"""
from __future__ import annotations

from bisect import bisect_left
from pathlib import Path

import numpy as np

from indexer.index_flat import TermTable, flat_key, mapped, read_flat_meta
from indexer.index_format import NORMS_FILE, NOT_FLAT, POSTINGS_FILE, POSTINGS_TERMS

_NO_IDS = np.zeros(0, dtype=np.uint32)
_NO_WEIGHTS = np.zeros(0, dtype=np.uint8)


class FlatPostings:
    """Postings, document frequencies, prefix expansions and length norms of every flat field."""

    def __init__(self, folder: Path, meta: dict) -> None:
        self.documents: int = meta["documents"]
        self._postings = mapped(folder / POSTINGS_FILE)
        self._keys = TermTable(folder / POSTINGS_TERMS)
        self._offsets, self._counts = self._keys.offsets, self._keys.counts
        self._norm_fields: list[str] = meta["norms"]
        self._totals: dict[str, int] = meta["totals"]
        self._norms = mapped(folder / NORMS_FILE)

    @classmethod
    def open(cls, folder: Path) -> FlatPostings | None:
        """The generation's flat postings, or None when it has none this version reads."""
        meta = read_flat_meta(folder)
        return None if meta is None else cls(folder, meta)

    @staticmethod
    def holds(fieldname: str) -> bool:
        """Whether the field's postings are flat (the others are read from Whoosh)."""
        return fieldname not in NOT_FLAT

    def _find(self, fieldname: str, term: str) -> int:
        key = flat_key(fieldname, term)
        i = bisect_left(self._keys, key)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def read(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The term's ascending document numbers and their frequencies (views of the mapped file)."""
        i = self._find(fieldname, term)
        if i < 0:
            return _NO_IDS, _NO_WEIGHTS
        offset, count = int(self._offsets[i]), int(self._counts[i])
        ids = np.frombuffer(self._postings, dtype=np.uint32, count=count, offset=offset)
        return ids, np.frombuffer(self._postings, dtype=np.uint8, count=count, offset=offset + 4 * count)

    def doc_frequency(self, fieldname: str, term: str) -> int:
        i = self._find(fieldname, term)
        return int(self._counts[i]) if i >= 0 else 0

    def expand_prefix(self, fieldname: str, prefix: str, most: int) -> list[tuple[int, str]]:
        """(document frequency, term) of the first `most` terms starting with prefix, in term order."""
        start = flat_key(fieldname, prefix)
        skip = len(flat_key(fieldname, ""))
        out: list[tuple[int, str]] = []
        i = bisect_left(self._keys, start)
        while i < len(self._keys) and len(out) < most:
            key = self._keys[i]
            if not key.startswith(start):
                break
            out.append((int(self._counts[i]), key[skip:].decode("utf-8")))
            i += 1
        return out

    def norms(self, fieldname: str) -> tuple[np.ndarray, int]:
        """Each document's length byte of the field and its summed length (zeros, 0: not scorable)."""
        if fieldname not in self._norm_fields:
            return np.zeros(self.documents, dtype=np.uint8), 0
        at = self._norm_fields.index(fieldname) * self.documents
        return np.frombuffer(self._norms, dtype=np.uint8, count=self.documents, offset=at), self._totals[fieldname]
