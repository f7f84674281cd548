"""Per-document facet columns of one generation, and bitsets of facet values made on first use.

Loaded once per generation from `columns.json` (written by the index writer, in Whoosh document
order, already inverted per value), so opening an index is a JSON parse, facet counts over every
match are a walk over compact per-document values (made on first use: flat arrays of first values,
tuples shared by documents with the same values) or a few `&`/`bit_count()`, and filters are
bitsets, never string edits of the query.
"""
from __future__ import annotations

import copy
import json
from array import array
from collections.abc import Sequence
from functools import cached_property
from itertools import compress, repeat
from operator import floordiv
from pathlib import Path

from whoosh.reading import IndexReader

from indexer.index_format import COLUMN_FIELDS, COLUMNS_VERSION, ColumnRow, columnar
from indexer.models import PASSAGE_ROLES, SPEAKING_ROLES
from indexer.search import bitsets
from indexer.search.types import FACET_NAMES, UNATTRIBUTED


MOSTLY_SINGLE = 0.25  # share of documents with several values below which walks split first values off


class Facet:
    """One facet's value names, each document's value numbers, each value's documents."""

    def __init__(self, data: dict, size: int) -> None:
        self.size = size
        self.names: list[str] = data["values"]
        self.number: dict[str, int] = {v: k for k, v in enumerate(self.names)}
        self.docs: list[list[int]] = data["docs"]
        self.postings: list[list[int]] = data["postings"]
        self._bits: dict[int, int] = {}
        self._chunks: dict[int, list[tuple[int, int]]] = {}
        self._present: int | None = None

    @cached_property
    def by_size(self) -> list[int]:
        """Value numbers, most passages first (ties in first-seen order)."""
        return sorted(range(len(self.names)), key=lambda k: -len(self.postings[k]))

    @cached_property
    def rank(self) -> list[int]:
        """Each value's position in by_size: the tie-break between values with equal counts."""
        out = [0] * len(self.names)
        for r, k in enumerate(self.by_size):
            out[k] = r
        return out

    @cached_property
    def by_size_with_sizes(self) -> list[tuple[int, int]]:
        return [(k, len(self.postings[k])) for k in self.by_size]

    @property
    def present(self) -> int:
        """Documents with at least one value."""
        if self._present is None:
            self._present = bitsets.from_docnums(list(compress(range(self.size), self.docs)), self.size)
        return self._present

    def chunks_of(self, k: int) -> list[tuple[int, int]]:
        """The value's documents as per-chunk bitsets (made on first use)."""
        chunks = self._chunks.get(k)
        if chunks is None:  # several threads may make the same list: harmless
            chunks = self._chunks[k] = bitsets.chunked(self.postings[k])
        return chunks

    @cached_property
    def held(self) -> float:
        """Values a document with any value holds, on average."""
        docs = self.present.bit_count()
        return sum(map(len, self.postings)) / docs if docs else 0.0

    @cached_property
    def single(self) -> bool:
        """Whether no document has more than one value."""
        return max(map(len, self.docs), default=0) <= 1

    @cached_property
    def multi(self) -> int:
        """Documents with more than one value."""
        several = compress(range(self.size), map((1).__lt__, map(len, self.docs)))
        return bitsets.from_docnums(list(several), self.size)

    @cached_property
    def first(self) -> Sequence[int]:
        """Each document's first value (-1: none), in a flat array."""
        return array("i", map(next, map(iter, self.docs), repeat(-1)))

    @cached_property
    def walk_docs(self) -> Sequence:
        """Each document's values for walking matches: `first` when documents have at most one,
        else a tuple shared by every document with the same values (a walk then touches compact
        memory instead of one list and its ints per document)."""
        if self.single:
            return self.first
        keys = list(map(tuple, self.docs))
        shared = {k: k for k in reversed(keys)}
        return list(map(shared.__getitem__, keys))

    @cached_property
    def walk_split(self) -> tuple[Sequence[int], dict[int, tuple[int, ...]]] | None:
        """For a facet where few documents hold several values (speakers): `first`, and the other
        values of each document in `multi` (walked only for those); None for other facets."""
        if self.single or self.multi.bit_count() > self.size * MOSTLY_SINGLE:
            return None
        return self.first_split

    @cached_property
    def first_split(self) -> tuple[Sequence[int], dict[int, tuple[int, ...]]]:
        """`first`, and the other values of each document in `multi`."""
        docs = self.docs
        return self.first, {d: tuple(docs[d][1:]) for d in bitsets.to_docnums(self.multi)}

    @cached_property
    def chunked_cost(self) -> int:
        """Chunk operations to count the values most likely examined (see facets._count)."""
        step = repeat(bitsets.CHUNK_BITS)
        return sum(len(set(map(floordiv, self.postings[k], step))) for k in self.by_size[:400])

    def bits_of(self, k: int) -> int:
        if k not in self._bits:
            self._bits[k] = bitsets.from_docnums(self.postings[k], self.size)
        return self._bits[k]

    def bits(self, value: str) -> int:
        """Documents having the value (UNATTRIBUTED: having none); 0 for an unknown value."""
        if value == UNATTRIBUTED:
            return bitsets.full(self.size) & ~self.present
        k = self.number.get(value)
        return 0 if k is None else self.bits_of(k)


MAX_ALSO = 20  # "also appears in": other documents listed for a passage at most


def _one_per_document(group: list[int], document_ids: list[str]) -> list[int]:
    """The first passage of each document in a group of identical texts, for MAX_ALSO + 1 documents
    (one more: a passage's own document is left out when it is asked)."""
    firsts: dict[str, int] = {}
    for d in group:
        firsts.setdefault(document_ids[d], d)
        if len(firsts) > MAX_ALSO:
            break
    return list(firsts.values())


class Columns:
    """Facets, quotation flags, dates, documents and identical-text groups by document number."""

    def __init__(self, data: dict) -> None:
        self.ids: list[str] = data["ids"]
        self.size = len(self.ids)
        self.docnum: dict[str, int] = {pid: d for d, pid in enumerate(self.ids)}
        self.document_ids: list[str] = []
        self._by_document: dict[str, list[int]] = {}
        for doc, count in data["documents"]:
            start = len(self.document_ids)
            self.document_ids.extend([doc] * count)
            self._by_document.setdefault(doc, []).extend(range(start, start + count))
        self.facets: dict[str, Facet] = {f: Facet(data["facets"][f], self.size) for f in FACET_NAMES}
        self.roles: dict[str, Facet] = {r: Facet(data["facets"][r], self.size) for r in PASSAGE_ROLES}
        self._by_roles: dict[tuple[str, ...], Columns] = {}
        self.quote_speakers: dict[int, list[str]] = {d: speakers for d, speakers in data["quotes"]}
        self.quote_bits = bitsets.from_docnums(self.quote_speakers, self.size)
        self.published: list[int] = data["published"]
        self._same_text: dict[int, list[int]] = {}
        for group in data["same_text"]:
            shown = _one_per_document(group, self.document_ids)
            if len(shown) > 1:
                self._same_text.update(dict.fromkeys(group, shown))
        self._counts: dict[str, dict[str, dict]] = {}
        self.from_file = True  # False: rebuilt from stored documents (the file was missing or stale)

    @classmethod
    def load(cls, path: Path, reader: IndexReader) -> Columns:
        """Columns from the writer's file, checked against the index; rebuilt from stored fields if stale."""
        size = reader.doc_count_all()
        data: dict | None = None
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            ids = data.get("ids", []) if data.get("version") == COLUMNS_VERSION else []
            if len(ids) != size or any(reader.stored_fields(d)["id"] != ids[d] for d in {0, size // 2, size - 1} if size):
                data = None
        columns = cls(data) if data is not None else None
        if columns is None:
            columns = cls(columnar([_row_from_stored(reader.stored_fields(d)) for d in range(size)]))
            columns.from_file = False
        return columns

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
            for k, name in enumerate(column.names):
                out.setdefault(name, dict.fromkeys(PASSAGE_ROLES, 0))[role] = len(column.postings[k])
        return out

    def document_docnums(self, doc_id: str) -> list[int]:
        return self._by_document.get(doc_id, [])

    def same_text(self, passage_id: str) -> list[int]:
        """Passages of other documents whose text equals this one's (whitespace aside): the first of
        each document, at most MAX_ALSO of them (prepared when loading: a request reads no more)."""
        d = self.docnum.get(passage_id)
        if d is None:
            return []
        mine = self.document_ids[d]
        return [o for o in self._same_text.get(d, ()) if self.document_ids[o] != mine][:MAX_ALSO]

    def counts(self, facet: str) -> dict[str, dict]:
        """Passages and quotations per value of a facet (computed once per generation; a fresh copy)."""
        if facet not in self._counts:
            column = self.facets[facet]
            quotes = [0] * len(column.names)
            for d, speakers in self.quote_speakers.items():
                if facet == "speaker":  # quotations the speaker is credited with
                    for s in speakers:
                        if s in column.number:
                            quotes[column.number[s]] += 1
                else:  # quotations inside passages tagged with the value
                    for k in column.docs[d]:
                        quotes[k] += len(speakers)
            self._counts[facet] = {
                name: {"passages": len(column.postings[k]), "quotations": quotes[k]}
                for k, name in enumerate(column.names)
            }
        return {v: dict(c) for v, c in self._counts[facet].items()}


def _union(facets: list[Facet], size: int) -> Facet:
    """One facet holding every value of several (a document's values: those it has in any)."""
    names = list(dict.fromkeys(n for f in facets for n in f.names))
    number = {n: k for k, n in enumerate(names)}
    docs: list[list[int]] = [[] for _ in range(size)]
    postings: list[set[int]] = [set() for _ in names]
    for f in facets:
        renumber = [number[n] for n in f.names]
        for k, ds in enumerate(f.postings):
            postings[renumber[k]].update(ds)
            for d in ds:
                if renumber[k] not in docs[d]:
                    docs[d].append(renumber[k])
    return Facet({"values": names, "docs": docs, "postings": [sorted(p) for p in postings]}, size)


def _row_from_stored(stored: dict) -> list:
    """A column row rebuilt from a stored document (slow path for indexes without a usable columns.json)."""
    notes = json.loads(stored.get("annotations") or "{}")
    quotes = notes.get("quotes", [])
    return ColumnRow(
        *(str(stored.get(name) or "") for name in COLUMN_FIELDS),
        has_quote=bool(stored.get("has_quote")),
        published=stored.get("published") or 0,
        quote_speakers=tuple(q[1] or "" for q in quotes),
        text_key=stored["id"],  # no text key: "also appears in" stays empty
    )
