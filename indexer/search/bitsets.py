"""Sets of document numbers as Python ints (bit d set = document d), the search side's currency.

`&`, `|` and `int.bit_count()` run in C over 100k-bit ints in microseconds, which is what makes
facet counts over every match cheap. Conversions to and from docnum lists are table-driven;
to and from numpy arrays of document numbers, they go through the int's bytes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import repeat

import numpy as np

# For every byte value, the positions of its set bits.
_BYTE_BITS: tuple[tuple[int, ...], ...] = tuple(tuple(i for i in range(8) if b >> i & 1) for b in range(256))


def from_docnums(docnums: Iterable[int], size: int) -> int:
    """The bitset of the given document numbers (each < size)."""
    if isinstance(docnums, list) and len(docnums) <= (64 if size <= 8192 else 4):  # few: shifts beat a buffer
        bits = 0
        for d in docnums:
            bits |= 1 << d
        return bits
    if isinstance(docnums, list) and len(docnums) * 16 > size:  # dense: one '0'/'1' byte each, parsed in C
        digits = bytearray(b"0") * size
        any(map(digits.__setitem__, docnums, repeat(49)))  # 49 == ord("1"); map runs the loop in C
        digits.reverse()
        return int(digits, 2)
    buf = bytearray((size + 7) // 8)
    for d in docnums:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


_ONE = re.compile("1")


def to_docnums(bits: int) -> list[int]:
    """Set document numbers in ascending order (dense sets by byte table, sparse ones by a C scan
    of the binary digits for '1's)."""
    if not bits:
        return []
    nbytes = (bits.bit_length() + 7) // 8
    if bits.bit_count() > nbytes:  # more than one document in eight: a byte-table walk
        data = bits.to_bytes(nbytes, "little")
        table = _BYTE_BITS
        return [(i << 3) + off for i, b in enumerate(data) if b for off in table[b]]
    return [m.start() for m in _ONE.finditer(bin(bits)[:1:-1])]  # digits reversed: index == docnum


def to_array(bits: int, size: int) -> np.ndarray:
    """Set document numbers in ascending order, as a numpy array (sparse sets: only their nonzero
    bytes are unpacked)."""
    data = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), np.uint8)
    if bits.bit_count() * 16 < size:
        where = np.flatnonzero(data)
        found = np.flatnonzero(np.unpackbits(data[where], bitorder="little").view(np.bool_))
        return where[found >> 3] * 8 + (found & 7)
    return np.flatnonzero(np.unpackbits(data, bitorder="little").view(np.bool_))  # bools: nonzero's fast loop


def from_array(docnums: np.ndarray, size: int) -> int:
    """The bitset of a numpy array of document numbers (each < size): packed in C when they are more
    than one in 256 documents, else set one by one."""
    if len(docnums) * 256 <= size:
        return from_docnums(docnums.tolist(), size)
    flags = np.zeros(size, np.bool_)
    flags[docnums] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def membership(bits: int, size: int) -> bytes:
    """A byte string for O(1) tests: `m[d >> 3] >> (d & 7) & 1`."""
    return bits.to_bytes((size + 7) // 8, "little")


def full(size: int) -> int:
    """Every document of an index of `size` documents."""
    return (1 << size) - 1
