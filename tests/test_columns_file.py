"""The columns file (columns.bin) and the facet columns read from it, on invented rows.

What the writer writes is what the search side maps; every way of counting a facet gives the counts
of a plain walk over the passages; ids, documents, identical texts, quotations and roles are looked
up as the rows say.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from indexer.columns_file import MAGIC, column_arrays, read_arrays, write_arrays, write_columns
from indexer.index_format import ColumnRow
from indexer.search import bitsets
from indexer.search.columns import Columns
from indexer.search.facets import Counting, facet_counts, sort_key
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, FacetValue, SearchRequest


def row(pid, doc, speaker="", event="", theme="", org="", year="", said="", reported="", spoke="", mentioned="",
        quotes=(), published=0, text=None):
    return ColumnRow(pid, doc, speaker, event, theme, org, year, said, reported, spoke, mentioned,
                     bool(quotes), published, tuple(quotes), text if text is not None else pid)


ROWS = [
    row("p0", "doc-a", speaker="weiss", event="almaty", theme="border,drugs", org="osce", year="2010",
        said="weiss", quotes=("weiss",), published=20100301, text="same"),
    row("p1", "doc-a", speaker="weiss,ünal", theme="drugs", org="osce,un", year="2010", reported="ünal", spoke="weiss",
        quotes=("weiss", ""), published=20100301),
    row("p2", "doc-a", theme="border", year="2010", mentioned="weiss", published=20100301, text="same"),
    row("p3", "doc-b", speaker="ünal", event="bishkek", theme="border,drugs", org="un,osce", year="2011",
        said="ünal", quotes=("ünal",), published=20110505, text="same"),
    row("p4", "doc-b", event="bishkek", theme="cyber,", org="", year="2011", published=20110505),
    row("p5", "doc-c", speaker="kim,kim", theme="cyber", spoke="kim", text="same"),
]


def columns_of(rows, tmp_path=None) -> Columns:
    if tmp_path is None:
        return Columns(*column_arrays(rows))
    write_columns(rows, tmp_path / "columns.bin")
    return Columns(*read_arrays(tmp_path / "columns.bin"))


def test_the_file_holds_exactly_the_arrays_made_from_the_rows(tmp_path):
    for rows in (ROWS, []):
        write_columns(rows, tmp_path / "columns.bin")
        meta, arrays = column_arrays(rows)
        read_meta, read = read_arrays(tmp_path / "columns.bin")
        assert read_meta == meta
        assert sorted(read) == sorted(arrays)
        for name, a in arrays.items():
            assert read[name].dtype == a.dtype and np.array_equal(read[name], a), name
            assert not read[name].flags.writeable  # a view of the map, not a copy


def test_a_file_of_another_kind_or_version_is_not_read(tmp_path):
    (tmp_path / "other.bin").write_bytes(b"not a columns file at all")
    assert read_arrays(tmp_path / "other.bin") is None
    meta, arrays = column_arrays(ROWS)
    write_arrays(tmp_path / "old.bin", {**meta, "version": meta["version"] - 1}, arrays)
    assert (tmp_path / "old.bin").read_bytes().startswith(MAGIC)
    assert read_arrays(tmp_path / "old.bin") is None


def test_ids_documents_and_identical_texts_are_looked_up(tmp_path):
    columns = columns_of(ROWS, tmp_path)
    assert columns.size == 6 and columns.ids == ["p0", "p1", "p2", "p3", "p4", "p5"]
    assert [columns.docnum_of(p) for p in ("p3", "p0", "p5", "p", "p00", "p0\0", "x" * 40, "")] == [3, 0, 5] + [None] * 5
    assert list(columns.document_ids) == ["doc-a"] * 3 + ["doc-b"] * 2 + ["doc-c"]
    assert [columns.document_docnums(d) for d in ("doc-a", "doc-b", "doc-c", "doc-z")] == [[0, 1, 2], [3, 4], [5], []]
    assert columns.same_text("p0") == [3, 5]  # one passage per other document
    assert columns.same_text("p3") == [0, 5] and columns.same_text("p2") == [3, 5]
    assert columns.same_text("p1") == [] and columns.same_text("nobody") == []
    assert columns.published == [20100301] * 3 + [20110505] * 2 + [0]
    assert bitsets.to_docnums(columns.quote_bits) == [0, 1, 3]


def test_facet_values_quotations_and_roles_are_counted(tmp_path):
    columns = columns_of(ROWS, tmp_path)
    assert columns.counts("speaker") == {"weiss": {"passages": 2, "quotations": 2}, "ünal": {"passages": 2, "quotations": 1},
                                         "kim": {"passages": 1, "quotations": 0}}
    assert columns.counts("theme") == {"border": {"passages": 3, "quotations": 2}, "drugs": {"passages": 3, "quotations": 4},
                                       "cyber": {"passages": 2, "quotations": 0}}
    assert columns.role_counts() == {
        "weiss": {"said": 1, "reported": 0, "spoke": 1, "mentioned": 1},
        "ünal": {"said": 1, "reported": 1, "spoke": 0, "mentioned": 0},
        "kim": {"said": 0, "reported": 0, "spoke": 1, "mentioned": 0},
    }
    speaker = columns.facets["speaker"]
    assert [bitsets.to_docnums(speaker.bits(v)) for v in ("weiss", "ünal", "kim", UNATTRIBUTED, "nobody")] == [
        [0, 1], [1, 3], [5], [2, 4], []]
    mentioned = columns.for_roles(("mentioned", "said")).facets["speaker"]
    assert mentioned.names == ["weiss", "ünal"]  # said's values first, then mentioned's new ones
    assert [bitsets.to_docnums(mentioned.bits(v)) for v in ("weiss", "ünal", UNATTRIBUTED)] == [[0, 2], [3], [1, 4, 5]]
    assert columns.for_roles(("said", "reported", "spoke")) is columns


def _value(facet: str, value: str, count: int, selected: bool) -> tuple[tuple, FacetValue]:
    listed = FacetValue(value, value, count, selected)
    return sort_key(facet, listed), listed


def _search(columns: Columns, match: list[int], counting: Counting, quotes_only=False, **chosen):
    from indexer.search.facets import selection_bits

    request = SearchRequest(quotes_only=quotes_only, **chosen)
    selections = selection_bits(columns, request)
    facets, truncated = facet_counts(columns, _value, request, bitsets.from_docnums(match, columns.size), selections,
                                     columns.quote_bits if quotes_only else None, counting)
    return {f: {v.id: v.count for v in values} for f, values in facets.items()}, truncated


METHODS = ["cheapest", "matches", "outside", "rows", "bits"]


@pytest.mark.parametrize("method", METHODS)
def test_disjunctive_counts_of_a_small_search(method):
    columns = columns_of(ROWS)
    counts, truncated = _search(columns, [0, 1, 2, 3, 4], Counting(method=method), theme=("border",))
    assert counts == {
        "speaker": {"weiss": 1, "ünal": 1, UNATTRIBUTED: 1},  # p0, p2, p3
        "event": {"almaty": 1, "bishkek": 1, UNATTRIBUTED: 1},
        "theme": {"border": 3, "drugs": 3, "cyber": 1},  # its own selection hides nothing
        "organization": {"osce": 2, "un": 1, UNATTRIBUTED: 1},
        "year": {"2010": 2, "2011": 1},
    }
    assert truncated == dict.fromkeys(FACET_NAMES, False)
    counts, truncated = _search(columns, [0, 1, 2, 3, 4, 5], Counting(method=method, limit=1), quotes_only=True)
    assert counts == {  # p0, p1, p3; equal counts: the value with more passages in all, then the first seen
        "speaker": {"weiss": 2},
        "event": {"bishkek": 1, UNATTRIBUTED: 1},  # bishkek: 2 passages in all, almaty 1
        "theme": {"drugs": 3},
        "organization": {"osce": 3},
        "year": {"2010": 2},
    }
    assert truncated == dict.fromkeys(FACET_NAMES, True)


VALUES = st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=4).map(",".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(VALUES, VALUES, st.booleans()), min_size=1, max_size=40), st.data())
def test_every_counting_method_counts_what_a_walk_over_the_passages_counts(cells, data):
    rows = [row(f"p{d}", f"doc{d // 3}", speaker=s, theme=t, quotes=("x",) if q else ()) for d, (s, t, q) in enumerate(cells)]
    columns = columns_of(rows)
    match = sorted(data.draw(st.sets(st.integers(0, len(rows) - 1))))
    limit = data.draw(st.integers(1, 4))
    expected: dict[str, dict[str, int]] = {}
    for facet, field in (("speaker", 2), ("theme", 4)):
        counts: dict[str, int] = {}
        for d in match:
            for v in dict.fromkeys(x for x in rows[d][field].split(",") if x) or (UNATTRIBUTED,):
                counts[v] = counts.get(v, 0) + 1
        named = {v: c for v, c in counts.items() if v != UNATTRIBUTED}
        size = {v: len(columns.facets[facet].docs_of(columns.facets[facet].number[v])) for v in named}
        best = sorted(named, key=lambda v: (-named[v], -size[v], columns.facets[facet].number[v]))[:limit]
        expected[facet] = {**{v: named[v] for v in best}, **{k: c for k, c in counts.items() if k == UNATTRIBUTED}}
    for method in METHODS:
        counts, truncated = _search(columns, match, Counting(method=method, limit=limit))
        assert {f: counts[f] for f in expected} == expected, method
        assert truncated["theme"] == (len([v for v in expected["theme"] if v != UNATTRIBUTED]) < len(
            {x for d in match for x in rows[d].theme_id.split(",") if x})), method


def test_a_catalog_read_back_holds_the_records_it_was_saved_with(tmp_path, tiny_index):
    """load_catalog rebuilds each record when first asked for: the same records, by id and in order."""
    from dataclasses import asdict

    from indexer.catalog import CATALOG_FILE, Catalog, load_catalog, save_catalog
    from indexer.index_format import current_generation

    catalog = load_catalog(current_generation(tiny_index))
    first = next(iter(catalog.speakers))
    assert catalog.speakers[first] is catalog.speakers[first]  # built once
    assert "nobody" not in catalog.speakers and catalog.speakers.get("nobody") is None
    plain = Catalog(catalog.generation, *(dict(getattr(catalog, name)) for name in
                                           ("documents", "events", "speakers", "organizations", "themes")))
    assert plain == catalog and len(plain.documents) == len(catalog.documents) > 0
    assert [asdict(d) for d in plain.documents.values()] == [asdict(d) for d in catalog.documents.values()]
    save_catalog(plain, tmp_path)
    assert (tmp_path / CATALOG_FILE).read_bytes() == (current_generation(tiny_index) / CATALOG_FILE).read_bytes()


def test_a_documents_passage_ids_come_back_in_order_without_being_in_the_catalog_file(tiny_index):
    """catalog.json leaves passage ids out; the view's entries list each document's passages in the
    order they were stored, as the build made them."""
    import json

    from indexer.catalog import CATALOG_FILE
    from indexer.index_format import current_generation
    from indexer.search import open_index

    generation = current_generation(tiny_index)
    saved = json.loads((generation / CATALOG_FILE).read_text(encoding="utf-8"))
    assert saved["documents"] and all("passage_ids" not in d for d in saved["documents"])
    view = open_index(tiny_index)
    stored: dict[str, list[str]] = {}
    for d in range(view.reader.doc_count_all()):
        fields = view.reader.stored_fields(d)
        stored.setdefault(fields["document_id"], []).append(fields["id"])
    assert set(stored) <= set(view.catalog.documents)
    for doc_id, entry in view.catalog.documents.items():
        assert entry.passage_ids == tuple(stored.get(doc_id, ()))
    assert view.columns.document_passage_ids("no-such-document") == ()
