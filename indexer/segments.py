"""One Whoosh segment written straight from passage fields: the same files as Whoosh's own
SegmentWriter makes, at a fraction of its cost.

Whoosh's writer turns every posting into a tuple in a sorting pool, sorts the pool, then looks up
each posting's field length in the column it has just written. Here postings go straight into
per-term arrays in document order (documents arrive in order), terms are sorted once, lengths come
from memory, and whole blocks are handed to Whoosh's postings writer. The text fields' terms come
from the fused analyzer's cached analysis. Fields this module has no fast path for are indexed by
Whoosh's own `field.index`. tests/test_build_sharded.py checks the result equals Whoosh's writer.
"""
from __future__ import annotations

import io
from array import array
from pickle import dumps

from whoosh.codec import default_codec
from whoosh.fields import UnknownFieldError
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from indexer.schema import _KINDS, FusedAnalyzer, PairAnalyzer, pair_term

INDEX_NAME = "MAIN"
_ENCODED_CACHE = 100_000


class _Term:
    __slots__ = ("ids", "weights", "values")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


class _MemoryFiles(FileStorage):
    """The segment's storage, except that new files are written in memory and saved on close:
    the postings writer asks for its position a few times per term, a system call each on disk."""

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        path = self._fpath(name)

        def save(sfile) -> None:
            with open(path, "wb") as handle:
                handle.write(sfile.file.getvalue())

        return StructFile(io.BytesIO(), name=name, onclose=save)


class SegmentBuilder:
    """Documents in (`add`), one finished Whoosh segment out (`finish`)."""

    def __init__(self, folder: str, schema, share_values: bool = True) -> None:
        """share_values: equal posting values are one bytes object, which pickle writes once per
        block (smaller blocks, the same postings once read); False writes the very bytes Whoosh's
        own writer does."""
        self.storage, self.schema = _MemoryFiles(folder), schema
        self.share_values = share_values
        self.codec = default_codec()
        self.segment = self.codec.new_segment(self.storage, INDEX_NAME)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        self.terms: dict[str, dict[bytes, _Term]] = {}
        self.lengths: dict[str, array] = {}  # scorable field -> each document's length, as stored
        self._plan: dict[str, tuple] = {}
        for name, field in schema.items():
            if field.column_type or field.vector or field.separate_spelling():
                raise ValueError(f"field {name!r}: columns, vectors and spelling are not written here")
            fmt, analyzer = field.format, getattr(field, "analyzer", None)
            boost = getattr(fmt, "field_boost", 1.0)
            if not field.indexed:
                kind = None
            elif type(fmt) is Positions and type(analyzer) is FusedAnalyzer and boost == 1.0:
                kind = _KINDS[analyzer.stem]
            elif type(fmt) is Frequency and type(analyzer) is PairAnalyzer and boost == 1.0:
                kind = "pairs"
            else:
                kind = "whoosh"
            self.terms[name] = {}
            if field.scorable:
                self.lengths[name] = array("I")
            self._plan[name] = (field, kind, field.stored, self.terms[name], self.lengths.get(name))
        self._keys: tuple = ()
        self._order: list[str] = []
        self._encoded: dict[tuple[int, ...], bytes] = {}
        self._freq: dict[int, bytes] = {}

    def add(self, fields: dict) -> dict[str, int] | None:
        """Index one document; returns the `text` field's term frequencies (None without text)."""
        perdoc, docnum = self.perdoc, self.docnum
        keys = tuple(fields)
        if keys != self._keys:
            for name in keys:
                if not name.startswith("_") and name not in self._plan:
                    raise UnknownFieldError(f"No field named {name!r} in {self.schema}")
            self._keys, self._order = keys, sorted(n for n in keys if not n.startswith("_"))
        text_counts = None
        perdoc.start_doc(docnum)
        for name in self._order:
            value = fields[name]
            if value is None:
                continue
            field, kind, stored, table, lengths = self._plan[name]
            length = 0
            if kind is not None:
                if kind == "whoosh":
                    items = list(field.index(value))
                elif kind == "pairs":
                    items = self._pairs(value)
                else:
                    items = self._positions(kind, value)
                if lengths is not None:
                    for item in items:
                        length += item[1]
                    lengths.extend(bytes(docnum - len(lengths)))  # documents without this field: 0
                    lengths.append(byte_to_length(length_to_byte(length)) if length else 0)
                get = table.get
                for btext, _, weight, vbytes in items:
                    term = get(btext)
                    if term is None:
                        term = table[btext] = _Term()
                    term.ids.append(docnum)
                    term.weights.append(weight)
                    term.values.append(vbytes)
                if name == "text":
                    text_counts = {b.decode("utf-8"): f for b, f, _, _ in items}
            perdoc.add_field(name, field, value if stored else None, length)
        perdoc.finish_doc()
        self.docnum += 1
        return text_counts

    def _positions(self, fused, value) -> list[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not unicode or sequence")
        first, terms = fused.terms(value)
        poses: dict[str, list[int]] = {}
        for i, term in enumerate(terms):
            found = poses.get(term)
            if found is None:
                poses[term] = [first + i]
            else:
                found.append(first + i)
        out = []
        cache = self._encoded
        for term, poslist in poses.items():
            deltas, base = [], 0
            for pos in poslist:
                deltas.append(pos - base)
                base = pos
            key = tuple(deltas)
            encoded = cache.get(key) if self.share_values else None
            if encoded is None:
                if len(cache) >= _ENCODED_CACHE:
                    cache.clear()
                encoded = cache[key] = pack_uint(len(deltas)) + dumps(deltas, 2)
            out.append((term.encode("utf-8"), len(poslist), float(len(poslist)), encoded))
        return out

    def _pairs(self, value) -> list[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not unicode or sequence")
        _, terms = _KINDS[True].terms(value)
        counts: dict[str, int] = {}
        for i in range(1, len(terms)):
            pair = pair_term(terms[i - 1], terms[i], 1)
            counts[pair] = counts.get(pair, 0) + 1
        freq = self._freq
        out = []
        for pair, n in counts.items():
            encoded = freq.get(n) if self.share_values else None
            if encoded is None:
                encoded = freq[n] = pack_uint(n)
            out.append((pair.encode("utf-8"), n, float(n), encoded))
        return out

    def finish(self):
        """Write the postings and close the segment's files; returns the Whoosh segment."""
        self.perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        for name in sorted(self.terms):
            table = self.terms[name]
            if not table:
                continue
            field = self.schema[name]
            lengths = self.lengths.get(name)
            if lengths is not None:
                lengths.extend(bytes(self.docnum - len(lengths)))
            writer.start_field(name, field)
            postwriter = None
            for btext in sorted(table):
                writer.start_term(btext)
                postwriter = writer._postwriter
                _write_term(postwriter, table[btext], lengths)
                writer.finish_term()
            writer.finish_field()
        writer.close()
        self.terms = {}
        self.segment.set_doc_count(self.docnum)
        return self.segment

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()


def _write_term(postwriter, term: _Term, lengths: array | None) -> None:
    """A term's postings in Whoosh 3 blocks, exactly as add_posting() one by one would buffer them."""
    ids, weights, values = term.ids, term.weights, term.values
    limit = postwriter._blocklimit
    n = len(ids)
    for start in range(0, n, limit):
        if start:
            postwriter._write_block()
        end = min(n, start + limit)
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        postwriter._ids = block_ids
        postwriter._weights = block_weights
        postwriter._values = [v for v in values[start:end] if v]
        postwriter._maxweight = max(0, max(block_weights))
        present = [x for x in map(lengths.__getitem__, block_ids) if x] if lengths is not None else ()
        postwriter._minlength = min(present) if present else None
        postwriter._maxlength = max(present) if present else 0


