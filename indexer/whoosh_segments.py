"""One Whoosh segment written straight from passage fields: the same files as Whoosh's own
SegmentWriter makes, at a fraction of its cost.

Whoosh's writer turns every posting into a tuple in a sorting pool, sorts the pool, then looks up
each posting's field length in the column it has just written and feeds its postings writer one
call per posting. Here postings go straight into per-term arrays in document order (documents
arrive in order), terms are sorted once, lengths come from memory, and each term's blocks are
encoded whole, exactly as Whoosh 3 encodes them. The text fields' terms come from the fused
analyzer's cached analysis; fields without a fast path are indexed by Whoosh's own `field.index`.
Stored fields and length columns go through Whoosh's per-document writer unchanged.
tests/test_build_sharded.py checks the files are byte for byte those of Whoosh's writer.
"""
from __future__ import annotations

import io
import zlib
from array import array
from collections.abc import Callable
from functools import lru_cache
from itertools import chain
from operator import itemgetter, sub
from pickle import dumps
from typing import NamedTuple

import numpy as np
from whoosh.codec import default_codec
from whoosh.fields import UnknownFieldError
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency, Positions
from whoosh.codec.whoosh3 import COMPRESSION_MIN_SIZE, WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

import indexer.whoosh_internals  # noqa: F401 - refuses an untested whoosh3 before any segment is touched
from indexer.index_flat import FlatPart, flat_key, write_part
from indexer.index_format import NOT_FLAT
from indexer.schema import _KINDS, FusedAnalyzer, PairAnalyzer, pair_term

INDEX_NAME = "MAIN"  # Whoosh's default index name, so open_dir finds the table of contents
_ENCODED_CACHE = 100_000
_INDEXED_CACHE = 50_000


def _encode_deltas(deltas: tuple[int, ...]) -> bytes:
    """A posting's positions as Whoosh 3 encodes them: their count, then the pickled list of deltas."""
    return pack_uint(len(deltas)) + dumps(list(deltas), 2)


def _indexer(field) -> Callable[[object], list]:
    """What Whoosh makes of one value of a field (its postings), as a function of the value."""
    return lambda value: list(field.index(value))


class _FieldPlan(NamedTuple):
    """How one field of the schema is written, decided once per segment."""

    field: object  # the Whoosh field
    kind: object  # None (not indexed), "whoosh" (its own field.index), "pairs", or the fused analysis kind
    stored: bool
    terms: dict  # term bytes -> _Term: the field's postings so far
    lengths: array | None  # per-document field lengths (scorable fields only)


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
        if self.codec._inlinelimit > 1:  # inlined postings are not written here
            raise ValueError("postings inlined in the term table are not supported")
        self.segment = self.codec.new_segment(self.storage, INDEX_NAME)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        self.terms: dict[str, dict[bytes, _Term]] = {}
        self.lengths: dict[str, array] = {}  # scorable field -> each document's length, as stored
        self._plan: dict[str, _FieldPlan] = {}
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
            self._plan[name] = _FieldPlan(field, kind, field.stored, self.terms[name], self.lengths.get(name))
        # What Whoosh makes of a value of an id-like field, by value: they repeat from passage to
        # passage (a document's id, an event, a year). Not for unique fields, nor without sharing.
        self._indexed: dict[str, Callable[[object], list]] = {
            name: lru_cache(maxsize=_INDEXED_CACHE)(_indexer(plan.field))
            for name, plan in self._plan.items() if plan.kind == "whoosh" and share_values and not plan.field.unique
        }
        self._keys: tuple = ()
        self._order: list[str] = []
        # Equal values as one bytes object (memoised encodings) when sharing, else a new one each time.
        self._encode_deltas = lru_cache(maxsize=_ENCODED_CACHE)(_encode_deltas) if share_values else _encode_deltas
        self._encode_count = lru_cache(maxsize=1024)(pack_uint) if share_values else pack_uint

    def add(self, fields: dict) -> None:
        """Index one document (the next document number)."""
        perdoc, docnum = self.perdoc, self.docnum
        keys = tuple(fields)
        if keys != self._keys:
            for name in keys:
                if not name.startswith("_") and name not in self._plan:
                    raise UnknownFieldError(f"No field named {name!r} in {self.schema}")
            self._keys, self._order = keys, sorted(n for n in keys if not n.startswith("_"))
        perdoc.start_doc(docnum)
        for name in self._order:
            value = fields[name]
            if value is None:
                continue
            field, kind, stored, table, lengths = self._plan[name]
            length = 0
            if kind is not None:
                if kind == "whoosh":
                    shared = self._indexed.get(name)
                    items = shared(value) if shared is not None else list(field.index(value))
                elif kind == "pairs":
                    items = self._pairs(value)
                else:
                    items = self._positions(kind, value)
                if lengths is not None:
                    length = sum(map(_second, items))
                    if len(lengths) < docnum:  # documents without this field: 0
                        lengths.extend(bytes(docnum - len(lengths)))
                    lengths.append(_stored_length(length) if length else 0)
                get = table.get
                for btext, _, weight, vbytes in items:
                    term = get(btext)
                    if term is None:
                        term = table[btext] = _Term()
                    term.ids.append(docnum)
                    term.weights.append(weight)
                    term.values.append(vbytes)
            perdoc.add_field(name, field, value if stored else None, length)
        perdoc.finish_doc()
        self.docnum += 1

    def _positions(self, fused, value) -> list[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not unicode or sequence")
        first, terms = fused.terms(value)
        poses: dict[str, list[int]] = {}
        get = poses.get
        for pos, term in enumerate(terms, first):
            found = get(term)
            if found is None:
                poses[term] = [pos]
            else:
                found.append(pos)
        out = []
        encode = self._encode_deltas
        for term, poslist in poses.items():
            deltas = poslist if len(poslist) == 1 else map(sub, poslist, chain((0,), poslist))
            out.append((term.encode("utf-8"), len(poslist), float(len(poslist)), encode(tuple(deltas))))
        return out

    def _pairs(self, value) -> list[tuple[bytes, int, float, bytes]]:
        if not isinstance(value, str):
            raise ValueError(f"{value!r} is not unicode or sequence")
        _, terms = _KINDS[True].terms(value)
        counts: dict[str, int] = {}
        for i in range(1, len(terms)):
            pair = pair_term(terms[i - 1], terms[i], 1)
            counts[pair] = counts.get(pair, 0) + 1
        encode = self._encode_count
        out = [(pair.encode("utf-8"), n, float(n), encode(n)) for pair, n in counts.items()]
        return out

    def write_flat(self, path: str, docbase: int = 0) -> FlatPart:
        """The segment's part of the flat postings (every field but NOT_FLAT, document numbers plus
        docbase), with its fields' length bytes and summed lengths. Call before finish()."""
        found = sorted((flat_key(name, btext), term) for name, table in self.terms.items() if name not in NOT_FLAT
                       for btext, term in table.items())
        ids, weights, counts = array("I"), array("f"), array("I")
        for _, term in found:  # every term's arrays end to end: a few calls in C per term
            ids.extend(term.ids)
            weights.extend(term.weights)
            counts.append(len(term.ids))
        flat = [n for n in self.lengths if n not in NOT_FLAT]
        return write_part(
            path, [key for key, _ in found], counts, (np.frombuffer(ids, dtype=np.uint32) + np.uint32(docbase)).tobytes(),
            np.minimum(np.frombuffer(weights, dtype=np.float32), 255).astype(np.uint8).tobytes(), self.docnum,
            {n: bytes(map(_length_byte, self.lengths[n])) for n in flat},
            {n: self.perdoc._fieldlengths.get(n, 0) for n in flat})

    def finish(self):
        """Write the postings and close the segment's files; returns the Whoosh segment."""
        self.perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        postfile, add_term = writer._postfile, writer._tindex.add
        for name in sorted(self.terms):
            table = self.terms[name]
            if not table:
                continue
            field = self.schema[name]
            lengths = self.lengths.get(name)
            if lengths is not None:
                lengths.extend(bytes(self.docnum - len(lengths)))
            writer.start_field(name, field)  # numbers the field in the term table
            prefix = pack_ushort(writer._fieldid)
            values = _VALUES[_value_kind(field.format)]
            limit, level = self.codec._blocklimit, self.codec._compression
            for btext in sorted(table):
                info = _write_postings(postfile, table[btext], lengths, values, limit, level)
                add_term(prefix + btext, info.to_bytes())
            writer.finish_field()
        writer.close()
        self.terms = {}
        self.segment.set_doc_count(self.docnum)
        return self.segment

    def cancel(self) -> None:
        if not self.perdoc.is_closed:
            self.perdoc.close()


def _value_kind(fmt) -> str:
    size = fmt.fixed_value_size()
    return "tuple" if size is None or size < 0 else ("none" if size == 0 else "join")


_VALUES = {
    "tuple": lambda values: tuple(v for v in values if v),
    "none": lambda values: None,
    "join": lambda values: b"".join(values),
}
_LENGTH_BYTE: dict[int, int] = {}
_STORED_LENGTH: dict[int, int] = {}
_second = itemgetter(1)


def _stored_length(length: int) -> int:
    """The length Whoosh keeps of a field `length` terms long (its length byte, decoded)."""
    stored = _STORED_LENGTH.get(length)
    if stored is None:
        stored = _STORED_LENGTH[length] = byte_to_length(_length_byte(length))
    return stored


def _length_byte(length: int | None) -> int:
    if length is None:
        return 0
    byte = _LENGTH_BYTE.get(length)
    if byte is None:
        byte = _LENGTH_BYTE[length] = length_to_byte(length)
    return byte


def _write_postings(postfile, term: _Term, lengths: array | None, mini_values, limit: int, level: int) -> W3TermInfo:
    """A term's postings as Whoosh 3 blocks of `limit`, byte for byte what W3PostingsWriter writes
    when given them one add_posting() at a time; returns the term's info for the term table."""
    ids, weights, values = term.ids, term.weights, term.values
    info = W3TermInfo()
    n = len(ids)
    start_offset = postfile.tell()
    if n == 1:  # most terms: the loop below, unrolled for one posting
        docnum, weight = ids[0], weights[0]
        length = lengths[docnum] if lengths is not None else 0
        max_weight = max(0, weight)
        info._weight, info._df = 0 + weight, 1
        info._minlength = length or None
        info._maxlength = length
        info._maxweight = max_weight
        info._minid = info._maxid = docnum
        data = dumps(((docnum,), None if weight == 1.0 else weight, mini_values(values)), 2)
        compression = 0
        if level and len(data) >= COMPRESSION_MIN_SIZE:
            compression = level
            data = zlib.compress(data, level)
        head = dumps((1, docnum, max_weight, compression, _length_byte(length or None), _length_byte(length)), 2)
        block = WHOOSH3_HEADER_MAGIC + pack_int(-(len(head) + len(data))) + head + data
        postfile.write(block)
        info.set_extent(start_offset, len(block))
        return info
    postfile.write(WHOOSH3_HEADER_MAGIC)
    for start in range(0, n, limit):
        end = min(n, start + limit)
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        max_weight = max(0, max(block_weights))
        if lengths is not None:
            present = [x for x in map(lengths.__getitem__, block_ids) if x]
        else:
            present = ()
        min_length = min(present) if present else None
        max_length = max(present) if present else 0
        # W3TermInfo.add_block
        info._weight += sum(block_weights)
        info._df += end - start
        if info._minlength is None:
            info._minlength = min_length
        elif min_length is not None:
            info._minlength = min(info._minlength, min_length)
        info._maxlength = max(info._maxlength, max_length)
        info._maxweight = max(info._maxweight, max_weight)
        if info._minid is None:
            info._minid = block_ids[0]
        info._maxid = block_ids[-1]
        # W3PostingsWriter._write_block
        deltas = tuple(map(sub, block_ids, chain((0,), block_ids)))
        first = block_weights[0]
        if first == 1.0 and block_weights.count(first) == len(block_weights):
            mini_weights = None
        elif block_weights.count(first) == len(block_weights):
            mini_weights = first
        else:
            mini_weights = tuple(block_weights)
        data = dumps((deltas, mini_weights, mini_values(values[start:end])), 2)
        compression = 0
        if level and len(data) >= COMPRESSION_MIN_SIZE:
            compression = level
            data = zlib.compress(data, level)
        head = dumps((end - start, block_ids[-1], max_weight, compression,
                      _length_byte(min_length), _length_byte(max_length)), 2)
        size = len(head) + len(data)
        postfile.write(pack_int(-size if end == n else size) + head + data)
    info.set_extent(start_offset, postfile.tell() - start_offset)
    return info
