"""The flat postings' encoding (index format 2), written by the writers and read by the search side.

A part (one writer's segment) is a postings file, per term its document numbers (uint32, native
order, already corpus-wide) then its frequencies (one byte each, capped at 255), in key order,
with a term table beside it. The generation's postings.bin joins the parts term by term in a
streaming merge of their sorted tables (memory bounded by the parts, not by their terms), and its
term table is read with numpy over a memory map: nothing is parsed when a generation opens.

A term table: int64 n, int64 key starts [n + 1], int64 offsets [n], uint32 postings [n], the keys.
A key is `field NUL term` (UTF-8), so keys sort by field, then by term bytes as Whoosh's terms do.
"""
from __future__ import annotations

import heapq
import json
import mmap
import shutil
import sys
from array import array
from collections.abc import Iterator
from itertools import accumulate, groupby
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np

from indexer.index_format import NORMS_FILE, POSTINGS_FILE, POSTINGS_TABLE, POSTINGS_TERMS, POSTINGS_VERSION, TERMS_SUFFIX

_BLOCK = 4096  # table entries read at once by the merge


def flat_key(field: str, term: str | bytes) -> bytes:
    """A term's key in the flat tables."""
    return field.encode("utf-8") + b"\0" + (term if isinstance(term, bytes) else term.encode("utf-8"))


class FlatPart(NamedTuple):
    """One writer's flat postings (its term table at path + TERMS_SUFFIX) and its length norms."""

    path: str
    docs: int  # documents of the part
    postings: int  # all its terms' postings (its frequencies start at 4 × postings)
    norms: dict[str, bytes]  # scorable field -> each document's length byte (Whoosh's encoding)
    totals: dict[str, int]  # scorable field -> its summed length (BM25's average length)


def mapped(path: Path | str) -> mmap.mmap | bytes:
    """A file's bytes, memory-mapped (b"" when empty: an empty file cannot be mapped)."""
    with open(path, "rb") as handle:
        if not handle.seek(0, 2):
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class TermTable:
    """A term table, memory-mapped: numpy views of its arrays, keys sliced on demand."""

    def __init__(self, path: Path | str) -> None:
        self.data = mapped(path)
        n = int(np.frombuffer(self.data, dtype=np.int64, count=1)[0]) if self.data else 0
        self.size = n
        self.starts = np.frombuffer(self.data, dtype=np.int64, count=n + 1, offset=8) if n else np.zeros(1, np.int64)
        self.offsets = np.frombuffer(self.data, dtype=np.int64, count=n, offset=8 * (n + 2))
        self.counts = np.frombuffer(self.data, dtype=np.uint32, count=n, offset=8 * (2 * n + 2))
        self.base = 8 * (2 * n + 2) + 4 * n

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, i: int) -> bytes:
        """The i-th key (so `bisect` searches the table)."""
        return self.data[self.base + int(self.starts[i]): self.base + int(self.starts[i + 1])]


def _entries(path: str, part: int) -> Iterator[tuple[bytes, int, int]]:
    """(key, part, postings) of a part's term table in key order, read a block at a time (file
    reads, not a map: a million passages' tables must not all stay in memory during the merge)."""
    with open(path, "rb") as handle:
        head = handle.read(8)
        n = array("q", head)[0] if head else 0
        base = 8 * (2 * n + 2) + 4 * n
        for lo in range(0, n, _BLOCK):
            hi = min(n, lo + _BLOCK)
            handle.seek(8 * (lo + 1))
            starts = array("q", handle.read(8 * (hi - lo + 1)))
            handle.seek(8 * (2 * n + 2) + 4 * lo)
            counts = array("I", handle.read(4 * (hi - lo)))
            handle.seek(base + starts[0])
            keys = handle.read(starts[-1] - starts[0])
            first = starts[0]
            for i in range(hi - lo):
                yield keys[starts[i] - first: starts[i + 1] - first], part, counts[i]


def _write_table(path: Path | str, lengths: array, offsets: array, counts: array, keys: bytes | Path) -> None:
    """A term table from its keys' lengths, offsets and counts, and the keys end to end (bytes, or
    a file of them: the merge's, so a million passages' keys never sit in memory as objects)."""
    starts = array("q", [0])
    starts.extend(accumulate(lengths))
    with open(path, "wb") as handle:
        array("q", [len(counts)]).tofile(handle)
        starts.tofile(handle)
        offsets.tofile(handle)
        counts.tofile(handle)
        if isinstance(keys, Path):
            with open(keys, "rb") as source:
                shutil.copyfileobj(source, handle)
        else:
            handle.write(keys)


def write_part(path: str, keys: list[bytes], counts: array, ids: bytes, freqs: bytes, docs: int,
               norms: dict[str, bytes], totals: dict[str, int]) -> FlatPart:
    """A part: keys in order, counts[i] postings for keys[i]; ids holds all their document numbers
    (uint32, corpus-wide) in that order, freqs all their frequencies. The part's file is the ids,
    then the freqs (two writes, whatever the number of terms); its table's offsets count postings."""
    with open(path, "wb") as handle:
        handle.write(ids)
        handle.write(freqs)
    offsets = array("q", [0])
    offsets.extend(accumulate(counts))
    _write_table(path + TERMS_SUFFIX, array("q", map(len, keys)), offsets[:-1], counts, b"".join(keys))
    return FlatPart(path, docs, offsets[-1], norms, totals)


def write_flat(parts: list[FlatPart], folder: Path) -> None:
    """postings.bin, its term table, the norms and postings.json from the parts (in document order):
    each term's postings are its parts' pieces joined, document numbers first, then frequencies.
    Every part is read front to back (its terms come in key order), with file reads, not maps: a
    million passages' parts never count in the build's memory."""
    ids = [open(part.path, "rb") for part in parts]
    freqs = [open(part.path, "rb") for part in parts]
    for handle, part in zip(freqs, parts):
        handle.seek(4 * part.postings)
    offsets, counts, lengths = array("q"), array("I"), array("q")
    keys_path = folder / (POSTINGS_TERMS + ".keys")
    try:
        with open(folder / POSTINGS_FILE, "wb") as handle, open(keys_path, "wb") as key_file:
            write, at = handle.write, 0
            merged = heapq.merge(*(_entries(part.path + TERMS_SUFFIX, k) for k, part in enumerate(parts)))
            for key, group in groupby(merged, key=itemgetter(0)):
                pieces = [(k, count) for _, k, count in group]
                total = sum(count for _, count in pieces)
                offsets.append(at)
                counts.append(total)
                lengths.append(len(key))
                key_file.write(key)
                for k, count in pieces:
                    write(ids[k].read(4 * count))
                for k, count in pieces:
                    write(freqs[k].read(count))
                at += 5 * total
    finally:
        for handle in ids + freqs:
            handle.close()
    _write_table(folder / POSTINGS_TERMS, lengths, offsets, counts, keys_path)
    keys_path.unlink()
    _write_norms(parts, folder)


def _write_norms(parts: list[FlatPart], folder: Path) -> None:
    fields = sorted({f for part in parts for f in part.norms})
    with open(folder / NORMS_FILE, "wb") as handle:
        for f in fields:
            for part in parts:
                codes = part.norms.get(f, b"")
                handle.write(codes[: part.docs] + bytes(part.docs - len(codes)))
    meta = {"version": POSTINGS_VERSION, "byteorder": sys.byteorder, "documents": sum(p.docs for p in parts),
            "norms": fields, "totals": {f: sum(part.totals.get(f, 0) for part in parts) for f in fields}}
    (folder / POSTINGS_TABLE).write_text(json.dumps(meta), encoding="utf-8")


def read_flat_meta(folder: Path) -> dict | None:
    """What a generation's flat postings hold; None when it has none this version reads (an older
    table, or another machine's byte order): the search side then reads Whoosh's postings."""
    try:
        meta = json.loads((folder / POSTINGS_TABLE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if meta.get("version") != POSTINGS_VERSION or meta.get("byteorder") != sys.byteorder:
        return None
    return meta
