"""Per-document facet columns of one generation, and a bitset per facet value.

Loaded once per generation from `columns.json` (written by the index writer in Whoosh document
order), so facet counts over every match are a few `&` and `bit_count()` calls, and filters are
bitsets, never string edits of the query.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from functools import cached_property
from pathlib import Path

from whoosh.reading import IndexReader

from indexer.search import bitsets
from indexer.search.types import FACET_NAMES, UNATTRIBUTED
from indexer.writer import COLUMN_FIELDS

FACET_COLUMNS = {"speaker": "speaker_id", "event": "event_id", "theme": "theme_id",
                 "organization": "organization_id", "year": "year"}


class Columns:
    """Facet values, quotation flags, dates and text keys by document number."""

    def __init__(self, rows: list[list], size: int) -> None:
        self.size = size
        index = {name: i for i, name in enumerate(COLUMN_FIELDS)}
        self.ids: list[str] = [r[index["id"]] for r in rows]
        self.docnum: dict[str, int] = {pid: d for d, pid in enumerate(self.ids)}
        self.document_ids: list[str] = [r[index["document_id"]] for r in rows]
        self.values: dict[str, list[tuple[str, ...]]] = {}
        for facet in FACET_NAMES:
            i = index[FACET_COLUMNS[facet]]
            self.values[facet] = [tuple(v for v in (r[i] or "").split(",") if v) for r in rows]
        n = len(COLUMN_FIELDS)
        self.quote_bits = bitsets.from_docnums((d for d, r in enumerate(rows) if r[n]), size)
        self.published: list[int] = [r[n + 1] or 0 for r in rows]
        self.quote_speakers: list[list[str]] = [r[n + 2] for r in rows]
        self.text_keys: list[str] = [r[n + 3] for r in rows]
        self.bits: dict[str, dict[str, int]] = {f: self._value_bits(f) for f in FACET_NAMES}
        everything = bitsets.full(size)
        self.present: dict[str, int] = {f: everything & ~self.bits[f].get(UNATTRIBUTED, 0) for f in FACET_NAMES}

    def _value_bits(self, facet: str) -> dict[str, int]:
        docs: dict[str, list[int]] = defaultdict(list)
        for d, values in enumerate(self.values[facet]):
            for v in values or (UNATTRIBUTED,):
                docs[v].append(d)
        return {v: bitsets.from_docnums(ds, self.size) for v, ds in docs.items()}

    @classmethod
    def load(cls, path: Path, reader: IndexReader) -> Columns:
        """Columns from the writer's file, checked against the index; rebuilt from stored fields if stale."""
        size = reader.doc_count_all()
        rows: list[list] = []
        if path.exists():
            rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
        aligned = len(rows) == size and all(
            reader.stored_fields(d)["id"] == rows[d][0] for d in {0, size // 2, size - 1} if size
        )
        if not aligned:
            rows = [_row_from_stored(reader.stored_fields(d)) for d in range(size)]
        return cls(rows, size)

    @cached_property
    def _by_document(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for d, doc in enumerate(self.document_ids):
            out[doc].append(d)
        return dict(out)

    def document_docnums(self, doc_id: str) -> list[int]:
        return self._by_document.get(doc_id, [])

    @cached_property
    def _by_text(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = defaultdict(list)
        for d, key in enumerate(self.text_keys):
            out[key].append(d)
        return {k: v for k, v in out.items() if len(v) > 1}

    def same_text(self, passage_id: str) -> list[int]:
        """Other passages whose text equals this one's."""
        d = self.docnum.get(passage_id)
        if d is None:
            return []
        return [o for o in self._by_text.get(self.text_keys[d], []) if o != d]

    def counts(self, facet: str) -> dict[str, dict]:
        """Passages and quotations per value of a facet (values with no passage left out)."""
        quotes = self._quote_counts(facet)
        return {
            v: {"passages": bits.bit_count(), "quotations": quotes.get(v, 0)}
            for v, bits in self.bits[facet].items()
            if v != UNATTRIBUTED
        }

    def _quote_counts(self, facet: str) -> Counter[str]:
        counts: Counter[str] = Counter()
        if facet == "speaker":  # quotations the speaker is credited with
            for speakers in self.quote_speakers:
                counts.update(s for s in speakers if s)
            return counts
        for d, values in enumerate(self.values[facet]):  # quotations inside passages tagged with the value
            if self.quote_speakers[d]:
                counts.update({v: len(self.quote_speakers[d]) for v in values})
        return counts


def _row_from_stored(stored: dict) -> list:
    """A column row rebuilt from a stored document (slow path for indexes without columns.json)."""
    notes = json.loads(stored.get("annotations") or "{}")
    quotes = notes.get("quotes", [])
    return [
        *(str(stored.get(name) or "") for name in COLUMN_FIELDS),
        bool(stored.get("has_quote")),
        stored.get("published") or 0,
        [q[1] or "" for q in quotes],
        stored["id"],  # no text key: "also appears in" stays empty
    ]
