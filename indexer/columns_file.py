"""The columns file (`columns.bin`): a generation's facet columns as flat little-endian arrays.

Written once by the writer from per-passage rows, read by the search side as views over one
memory map: opening a generation parses a small header and maps the file, nothing is decoded until a
search needs it, and the pages are the page cache's, shared by every serving process.

Layout: MAGIC, the header's length (uint64), the header (JSON: version, passages, per-facet sizes,
and each array's dtype, shape and offset), then the arrays, each at an offset that is a multiple of 8.

Each facet stores its passages' value *sets* as combinations: `combo` gives each passage the number
of its set of values (0: none), and `combo_ptr`/`combo_vals` list each set's values, so counting a
facet over matches is one `bincount` over their combination numbers, then each set's count spread
over its values. `post_ptr`/`post_docs` list each value's passages, for filters. Strings (ids and
names) are UTF-8: passage ids as sorted fixed-width bytes (looked up by bisection), name lists as
JSON, decoded when first asked for.
"""
from __future__ import annotations

import json
import mmap
from collections.abc import Hashable, Iterable
from pathlib import Path

import numpy as np

from indexer.index_format import COLUMNS_VERSION, FACET_COLUMNS, ColumnRow, document_runs, same_text_groups

MAGIC = b"VBCOLS\x00\x01"
Arrays = dict[str, np.ndarray]


def encode_text(items: Iterable[str]) -> np.ndarray:
    """A list of strings as the bytes of its JSON (decode_text reads it back)."""
    return np.frombuffer(json.dumps(list(items), ensure_ascii=False).encode("utf-8"), np.uint8)


def decode_text(blob: np.ndarray) -> list[str]:
    return json.loads(blob.tobytes().decode("utf-8"))


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """CSR pointers (n + 1) from n lengths."""
    out = np.zeros(len(lengths) + 1, np.int64)
    np.cumsum(lengths, out=out[1:])
    return out.astype("<u4" if out[-1] < 2**32 else "<u8")


def facet_arrays(combo: Iterable[int], combos: list[tuple[int, ...]], values: int) -> Arrays:
    """A facet's arrays from each passage's combination number and each combination's values
    (combination 0 is the empty set; `values`: how many values the facet has)."""
    combo = np.asarray(combo if isinstance(combo, np.ndarray) else list(combo), np.int64)
    lengths = np.fromiter(map(len, combos), np.int64, len(combos))
    combo_vals = np.fromiter((k for c in combos for k in c), np.int64, int(lengths.sum()))
    held = lengths[combo]  # values of each passage
    docs = np.repeat(np.arange(len(combo), dtype=np.int64), held)
    starts = _offsets(lengths).astype(np.int64)[combo]
    entries = np.repeat(starts - np.cumsum(held) + held, held) + np.arange(int(held.sum()))
    vals = combo_vals[entries]  # (docs, vals): every passage's values, passage by passage
    order = np.argsort(vals, kind="stable")
    return {
        "combo": combo.astype("<u2" if len(combos) <= 2**16 else "<u4"),
        "combo_ptr": _offsets(lengths),
        "combo_vals": combo_vals.astype("<u4"),
        "post_ptr": _offsets(np.bincount(vals, minlength=values)),
        "post_docs": docs[order].astype("<u4"),
    }


def _facet_from_rows(rows: list[ColumnRow], field: str) -> tuple[list[str], Arrays]:
    """A facet's value names (first seen first) and arrays, from each row's comma-separated ids."""
    numbers: dict[str, int] = {}
    combos: dict[str, int] = {"": 0}
    sets: list[tuple[int, ...]] = [()]
    combo = []
    for row in rows:
        text = getattr(row, field) or ""
        c = combos.get(text)
        if c is None:
            mine = dict.fromkeys(numbers.setdefault(v, len(numbers)) for v in text.split(",") if v)
            c = combos[text] = len(sets)
            sets.append(tuple(mine))
        combo.append(c)
    return list(numbers), facet_arrays(combo, sets, len(numbers))


def column_arrays(rows: list[ColumnRow]) -> tuple[dict, Arrays]:
    """The header's facts and every array of the columns file, from the writer's rows."""
    arrays: Arrays = {}
    ids = np.array([row.id.encode("utf-8") for row in rows] or [b""], "S")[: len(rows)]
    order = np.argsort(ids, kind="stable")
    arrays["ids_sorted"], arrays["ids_docnum"] = ids[order], order.astype("<u4")
    runs = document_runs(rows)
    arrays["documents"] = encode_text(doc for doc, _ in runs)
    arrays["document_starts"] = _offsets(np.array([n for _, n in runs], np.int64))
    facets = {}
    for facet, field in FACET_COLUMNS:
        names, found = _facet_from_rows(rows, field)
        arrays[f"{facet}.values"] = encode_text(names)
        arrays.update({f"{facet}.{name}": a for name, a in found.items()})
        facets[facet] = {"values": len(names), "combos": len(found["combo_ptr"]) - 1}
    quoted = [(d, row.quote_speakers) for d, row in enumerate(rows) if row.has_quote or row.quote_speakers]
    speakers: dict[str, int] = {}
    arrays["quote_docs"] = np.array([d for d, _ in quoted], "<u4")
    arrays["quote_ptr"] = _offsets(np.array([len(s) for _, s in quoted], np.int64))
    arrays["quote_who"] = np.array([speakers.setdefault(s, len(speakers)) for _, who in quoted for s in who], "<u4")
    arrays["quote_names"] = encode_text(speakers)
    arrays["published"] = np.array([row.published or 0 for row in rows], "<i4")
    groups = same_text_groups(rows)
    group_of = np.full(len(rows), -1, "<i4")
    for g, members in enumerate(groups):
        group_of[members] = g
    arrays["same_group"] = group_of
    arrays["same_ptr"] = _offsets(np.array([len(g) for g in groups], np.int64))
    arrays["same_docs"] = np.array([d for g in groups for d in g], "<u4")
    return {"version": COLUMNS_VERSION, "size": len(rows), "facets": facets}, arrays


def write_columns(rows: list[ColumnRow], path: Path) -> None:
    """The columns file of the writer's rows (in Whoosh document order)."""
    meta, arrays = column_arrays(rows)
    write_arrays(path, meta, arrays)


def write_arrays(path: Path, meta: dict, arrays: Arrays) -> None:
    """MAGIC, header length, header, then each array 8-byte aligned (offsets from the data start)."""
    table, offset = {}, 0
    for name, a in arrays.items():
        table[name] = [a.dtype.str, list(a.shape), offset]
        offset += -(-a.nbytes // 8) * 8
    header = json.dumps({**meta, "arrays": table}, ensure_ascii=False).encode("utf-8")
    header += b" " * (-len(header) % 8)
    with open(path, "wb") as handle:
        handle.write(MAGIC + len(header).to_bytes(8, "little") + header)
        for a in arrays.values():
            data = np.ascontiguousarray(a).tobytes()
            handle.write(data + b"\0" * (-len(data) % 8))


def read_arrays(path: Path) -> tuple[dict, Arrays] | None:
    """The header and read-only array views over a memory map of the file; None when the file is
    not a columns file of this version (the caller rebuilds the columns)."""
    with open(path, "rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            return None
        length = int.from_bytes(handle.read(8), "little")
        meta = json.loads(handle.read(length).decode("utf-8"))
        if meta.get("version") != COLUMNS_VERSION:
            return None
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    start = len(MAGIC) + 8 + length
    arrays = {}
    for name, (dtype, shape, offset) in meta.pop("arrays").items():
        count = int(np.prod(shape, dtype=np.int64))
        arrays[name] = np.frombuffer(data, np.dtype(dtype), count, start + offset).reshape(shape)
    return meta, arrays


def combos_of(sets: Iterable[Hashable]) -> tuple[list[int], list[tuple[int, ...]]]:
    """Combination numbers for per-passage value tuples (0: the empty tuple), and the combinations."""
    numbers: dict[Hashable, int] = {(): 0}
    combo = [numbers.setdefault(s, len(numbers)) for s in sets]
    return combo, list(numbers)
