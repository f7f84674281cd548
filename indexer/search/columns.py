"""Per-document facet columns of one generation, as arrays over the memory-mapped columns file.

Opening a generation reads the header of `columns.bin` (written by the index writer, in Whoosh
document order) and maps the file: no per-passage object is made, the pages are shared by every
serving process, and what a search needs (value names, a value's bitset, sizes for tie-breaks) is
made on first use. Facet counts are numpy passes over the matches' combination numbers
(`indexer/columns_file.py`); filters are bitsets, never string edits of the query.
"""
from __future__ import annotations

import copy
import json
from bisect import bisect_right
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import numpy as np
from whoosh.reading import IndexReader

from indexer.columns_file import Arrays, column_arrays, combos_of, decode_text, facet_arrays, read_arrays
from indexer.index_format import COLUMN_FIELDS, COLUMNS_V3_FILE, FACET_COLUMNS, ColumnRow
from indexer.models import PASSAGE_ROLES, SPEAKING_ROLES
from indexer.search import bitsets
from indexer.search.types import FACET_NAMES, UNATTRIBUTED

KEEP_BITS_BYTES = 4 << 20  # value bitsets kept per facet (made again when dropped: one pass over the value's documents)
FEW_COMBOS = 8  # spread only the combinations found when fewer than one in FEW_COMBOS is


class Facet:
    """One facet's value names, each document's combination of values, each value's documents."""

    def __init__(self, names: np.ndarray | list[str], arrays: Arrays, size: int) -> None:
        self.size = size
        self._names = names
        self.combo, self.combo_ptr, self.combo_vals = arrays["combo"], arrays["combo_ptr"], arrays["combo_vals"]
        self.post_ptr, self.post_docs = arrays["post_ptr"], arrays["post_docs"]
        self.values = len(self.post_ptr) - 1
        self.combos = len(self.combo_ptr) - 1  # the empty one (number 0) included
        self._bits: dict[int, int] = {}
        self._keep_bits = max(8, KEEP_BITS_BYTES * 8 // max(size, 1))  # 335 at 100k passages, 33 at 1M

    @classmethod
    def stored(cls, arrays: Arrays, facet: str, size: int) -> Facet:
        prefix = f"{facet}."
        return cls(arrays[prefix + "values"], {k[len(prefix):]: a for k, a in arrays.items() if k.startswith(prefix)}, size)

    @cached_property
    def names(self) -> list[str]:
        return self._names if isinstance(self._names, list) else decode_text(self._names)

    @cached_property
    def number(self) -> dict[str, int]:
        return {v: k for k, v in enumerate(self.names)}

    @cached_property
    def sizes(self) -> np.ndarray:
        """Documents per value."""
        return np.diff(self.post_ptr.astype(np.int64))

    @cached_property
    def rank(self) -> np.ndarray:
        """Each value's position by size, most documents first (ties: first seen first): the
        tie-break between values with equal counts."""
        out = np.empty(self.values, np.int64)
        out[np.argsort(-self.sizes, kind="stable")] = np.arange(self.values)
        return out

    @cached_property
    def lengths(self) -> np.ndarray:
        """Values in each combination."""
        return np.diff(self.combo_ptr.astype(np.int64))

    @cached_property
    def direct(self) -> bool:
        """Whether combination k + 1 is value k alone (a facet with one value per document at most)."""
        return self.combos == self.values + 1 and bool(np.array_equal(self.combo_vals, np.arange(self.values)))

    @cached_property
    def held(self) -> float:
        """Values per document, on average."""
        return len(self.post_docs) / max(self.size, 1)

    @cached_property
    def totals(self) -> np.ndarray:
        """Documents per combination, over the whole index."""
        return np.bincount(self.combo, minlength=self.combos)

    @cached_property
    def present(self) -> int:
        """Documents with at least one value."""
        flags = np.asarray(self.combo) != 0
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")

    def combo_counts(self, docs: np.ndarray, outside: bool = False) -> np.ndarray:
        """Documents per combination among `docs` (outside: among the documents not in `docs`)."""
        counts = np.bincount(np.take(self.combo, docs), minlength=self.combos)
        return self.totals - counts if outside else counts

    @cached_property
    def by_value(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Each value's combinations, value after value, and where each value's run starts (None
        when a value is in no combination: sums over runs need every run non-empty)."""
        order = np.argsort(self.combo_vals, kind="stable")
        runs = np.bincount(self.combo_vals, minlength=self.values)
        if not self.values or not runs.all():
            return None
        return np.repeat(np.arange(self.combos), self.lengths)[order], np.cumsum(runs) - runs

    def value_counts(self, combo_counts: np.ndarray) -> np.ndarray:
        """Documents per value, from documents per combination (slot 0, no value, left out)."""
        if self.direct:
            return combo_counts[1:]
        found = np.flatnonzero(combo_counts)
        if len(found) * FEW_COMBOS < self.combos:  # the values of the combinations found only
            lengths = self.lengths[found]
            ends = np.cumsum(lengths)
            starts = self.combo_ptr[found].astype(np.int64) - ends + lengths
            values = self.combo_vals[np.repeat(starts, lengths) + np.arange(ends[-1] if len(ends) else 0)]
            return np.bincount(values, weights=np.repeat(combo_counts[found], lengths), minlength=self.values).astype(np.int64)
        if self.by_value is None:
            return np.bincount(self.combo_vals, weights=np.repeat(combo_counts, self.lengths), minlength=self.values).astype(np.int64)
        combos, starts = self.by_value  # most combinations: sum each value's run
        return np.add.reduceat(combo_counts[combos], starts)

    @cached_property
    def rows(self) -> np.ndarray:
        """Each value's documents as a row of 64-bit words (made on first use; for facets with few
        values, whose counts are then one `&` and popcount over the rows)."""
        words = (self.size + 63) // 64
        out = np.zeros((self.values, words), "<u8")
        for k in range(self.values):
            flags = np.zeros(words * 64, np.bool_)
            flags[self.docs_of(k)] = True
            out[k] = np.packbits(flags, bitorder="little").view("<u8")
        return out

    def row_counts(self, base: int) -> np.ndarray:
        """Documents per value within the base bitset."""
        words = np.frombuffer(base.to_bytes(self.rows.shape[1] * 8, "little"), "<u8")
        return np.bitwise_count(self.rows & words).sum(axis=1, dtype=np.int64)

    def docs_of(self, k: int) -> np.ndarray:
        return self.post_docs[self.post_ptr[k]:self.post_ptr[k + 1]]

    def bits_of(self, k: int) -> int:
        bits = self._bits.get(k)
        if bits is None:
            if len(self._bits) >= self._keep_bits:
                self._bits.clear()
            bits = self._bits[k] = bitsets.from_array(self.docs_of(k), self.size)
        return bits

    def bits(self, value: str) -> int:
        """Documents having the value (UNATTRIBUTED: having none); 0 for an unknown value."""
        if value == UNATTRIBUTED:
            return bitsets.full(self.size) & ~self.present
        k = self.number.get(value)
        return 0 if k is None else self.bits_of(k)


MAX_ALSO = 20  # "also appears in": other documents listed for a passage at most


class DocumentIds(Sequence):
    """Each document number's document id, from the runs of consecutive passages of one document."""

    def __init__(self, names: np.ndarray, starts: np.ndarray, size: int) -> None:
        self._names, self._starts, self._size = names, starts, size

    @cached_property
    def names(self) -> list[str]:
        return decode_text(self._names)

    @cached_property
    def starts(self) -> list[int]:
        return self._starts.tolist()

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, d):  # type: ignore[override]
        if not 0 <= d < self._size:
            raise IndexError(d)
        return self.names[bisect_right(self.starts, d) - 1]

    @cached_property
    def runs(self) -> dict[str, list[range]]:
        out: dict[str, list[range]] = {}
        for name, start, end in zip(self.names, self.starts, self.starts[1:]):
            out.setdefault(name, []).append(range(start, end))
        return out


class Columns:
    """Facets, quotation flags, dates, documents and identical-text groups by document number."""

    def __init__(self, meta: dict, arrays: Arrays) -> None:
        self.size: int = meta["size"]
        self._arrays = arrays
        self.facets: dict[str, Facet] = {f: Facet.stored(arrays, f, self.size) for f in FACET_NAMES}
        self.roles: dict[str, Facet] = {r: Facet.stored(arrays, r, self.size) for r in PASSAGE_ROLES}
        self.document_ids = DocumentIds(arrays["documents"], arrays["document_starts"], self.size)
        self._by_roles: dict[tuple[str, ...], Columns] = {}
        self._counts: dict[str, dict[str, dict]] = {}
        self.from_file = True  # False: rebuilt from stored documents (the file was missing or stale)

    @classmethod
    def load(cls, path: Path, reader: IndexReader) -> Columns:
        """Columns from the writer's file, checked against the index; rebuilt from stored fields if stale."""
        size = reader.doc_count_all()
        found = read_arrays(path) if path.exists() else None
        if found is None and (path.parent / COLUMNS_V3_FILE).exists():
            found = column_arrays(_rows_from_v3(path.parent / COLUMNS_V3_FILE))
        if found is not None:
            columns = cls(*found)
            sample = {0, size // 2, size - 1} if size else set()
            if columns.size == size and all(columns.docnum_of(reader.stored_fields(d)["id"]) == d for d in sample):
                return columns
        columns = cls(*column_arrays([_row_from_stored(reader.stored_fields(d)) for d in range(size)]))
        columns.from_file = False
        return columns

    @cached_property
    def quote_bits(self) -> int:
        """Documents with a quotation."""
        return bitsets.from_array(self._arrays["quote_docs"], self.size)

    @property
    def published_array(self) -> np.ndarray:
        """Each document's date as yyyymmdd (0: undated), as the stored array."""
        return self._arrays["published"]

    @cached_property
    def published(self) -> list[int]:
        """Each document's date as yyyymmdd (0: undated)."""
        return self._arrays["published"].tolist()

    @cached_property
    def ids(self) -> list[str]:
        """Each document number's passage id (made on first use: searches look ids up, see docnum_of)."""
        order = np.empty(self.size, np.int64)
        order[self._arrays["ids_docnum"]] = np.arange(self.size)
        return [i.decode("utf-8") for i in self._arrays["ids_sorted"][order].tolist()]

    def docnum_of(self, passage_id: str) -> int | None:
        """The document number of a passage id (None: no such passage)."""
        ids, key = self._arrays["ids_sorted"], passage_id.encode("utf-8")
        if len(key) > ids.dtype.itemsize or key.endswith(b"\0"):
            return None
        i = int(np.searchsorted(ids, key))
        return int(self._arrays["ids_docnum"][i]) if i < len(ids) and ids[i] == key else None

    def for_roles(self, roles: tuple[str, ...]) -> Columns:
        """These columns with the speaker facet counting only the given passage roles (the
        default, said + reported + spoke, is the stored speaker column itself)."""
        key = tuple(r for r in PASSAGE_ROLES if r in roles)
        if not key or key == SPEAKING_ROLES:
            return self
        found = self._by_roles.get(key)
        if found is None:
            found = copy.copy(self)
            found.facets = {**self.facets, "speaker": _union([self.roles[r] for r in key], self.size)}
            found._counts = {}
            self._by_roles[key] = found
        return found

    def role_counts(self) -> dict[str, dict[str, int]]:
        """Passages per speaker and role: {speaker id: {"said": n, "reported": n, "spoke": n, "mentioned": n}}."""
        out: dict[str, dict[str, int]] = {}
        for role, column in self.roles.items():
            for name, n in zip(column.names, column.sizes.tolist()):
                out.setdefault(name, dict.fromkeys(PASSAGE_ROLES, 0))[role] = n
        return out

    def document_docnums(self, doc_id: str) -> list[int]:
        return [d for run in self.document_ids.runs.get(doc_id, ()) for d in run]

    def same_text(self, passage_id: str) -> list[int]:
        """Passages of other documents whose text equals this one's (whitespace aside): the first of
        each document, at most MAX_ALSO of them."""
        d = self.docnum_of(passage_id)
        group = -1 if d is None else int(self._arrays["same_group"][d])
        if group < 0:
            return []
        ptr, ids = self._arrays["same_ptr"], self.document_ids
        firsts: dict[str, int] = {}
        for o in self._arrays["same_docs"][ptr[group]:ptr[group + 1]].tolist():
            firsts.setdefault(ids[o], o)
            if len(firsts) > MAX_ALSO:  # one more: the passage's own document is left out
                break
        mine = ids[d]
        return [o for o in firsts.values() if ids[o] != mine][:MAX_ALSO]

    def counts(self, facet: str) -> dict[str, dict]:
        """Passages and quotations per value of a facet (computed once per generation; a fresh copy)."""
        if facet not in self._counts:
            column, arrays = self.facets[facet], self._arrays
            docs, ptr = arrays["quote_docs"], arrays["quote_ptr"].astype(np.int64)
            if facet == "speaker":  # quotations the speaker is credited with
                number = column.number
                who = np.array([number.get(s, -1) for s in decode_text(arrays["quote_names"])], np.int64)
                credited = who[arrays["quote_who"]] if len(who) else np.zeros(0, np.int64)
                quotes = np.bincount(credited[credited >= 0], minlength=column.values)
            else:  # quotations inside passages tagged with the value
                per_combo = np.bincount(column.combo[docs], weights=np.diff(ptr), minlength=column.combos)
                quotes = column.value_counts(per_combo).astype(np.int64)
            self._counts[facet] = {
                name: {"passages": n, "quotations": q}
                for name, n, q in zip(column.names, column.sizes.tolist(), quotes.tolist())
            }
        return {v: dict(c) for v, c in self._counts[facet].items()}


def _union(facets: list[Facet], size: int) -> Facet:
    """One facet holding every value of several (a document's values: those it has in any)."""
    names = list(dict.fromkeys(n for f in facets for n in f.names))
    number = {n: k for k, n in enumerate(names)}
    pairs = []
    for f in facets:
        renumber = np.array([number[n] for n in f.names], np.int64)
        pairs.append(f.post_docs.astype(np.int64) * len(names) + np.repeat(renumber, f.sizes))
    docs, values = np.divmod(np.unique(np.concatenate(pairs or [np.zeros(0, np.int64)])), max(len(names), 1))
    held: list[tuple[int, ...]] = [()] * size
    bounds = np.flatnonzero(np.diff(docs)) + 1
    for d, vs in zip(docs[np.r_[0, bounds]].tolist() if len(docs) else [], np.split(values, bounds)):
        held[d] = tuple(vs.tolist())
    combo, combos = combos_of(held)
    return Facet(names, facet_arrays(combo, combos, len(names)), size)


def _rows_from_v3(path: Path) -> list[ColumnRow]:
    """The rows behind a version 3 columns file (JSON), so generations built before version 4 open
    without reading every stored document (identical texts keyed by their group)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("version") != 3:
        return []
    documents = [doc for doc, n in data["documents"] for _ in range(n)]
    quotes = {d: tuple(who) for d, who in data["quotes"]}
    groups = {d: ("same", g) for g, members in enumerate(data["same_text"]) for d in members}
    facets = [data["facets"][facet] for facet, _ in FACET_COLUMNS]
    return [
        ColumnRow(pid, documents[d], *(",".join(f["values"][k] for k in f["docs"][d]) for f in facets),
                  d in quotes, data["published"][d], quotes.get(d, ()), groups.get(d, d))
        for d, pid in enumerate(data["ids"])
    ]


def _row_from_stored(stored: dict) -> ColumnRow:
    """A column row rebuilt from a stored document (slow path for indexes without a usable columns file)."""
    notes = json.loads(stored.get("annotations") or "{}")
    quotes = notes.get("quotes", [])
    return ColumnRow(
        *(str(stored.get(name) or "") for name in COLUMN_FIELDS),
        has_quote=bool(stored.get("has_quote")),
        published=stored.get("published") or 0,
        quote_speakers=tuple(q[1] or "" for q in quotes),
        text_key=stored["id"],  # no text key: "also appears in" stays empty
    )
