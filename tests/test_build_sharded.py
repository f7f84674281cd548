"""A build whose Whoosh segments are written by writer processes equals the one-process build.

The same corpus is built twice: in the main process (one segment) and with two writer processes
and small chunks (several segments, alternating writers). Every file of the generation, every
stored field, posting, length and search answer must be the same, documents in corpus order.
"""
from __future__ import annotations

import json
from array import array
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from bench.generate import generate
from indexer.build import build_index
from indexer.index_flat import TermTable
from indexer.index_format import (COLUMNS_FILE, CURRENT, GENERATIONS, NORMS_FILE, POSTINGS_FILE, POSTINGS_TABLE,
                                  POSTINGS_TERMS)
from indexer.search import IndexView, SearchRequest, run_search
from indexer.writer_pool import chunk_size

QUERIES = [
    "border", "security", "regional", "cooperation", "Weiss", "border security", "cyber OR prisons",
    "border -drug", '"drug trafficking"', '"threats that cross borders"', "traffick*", "speaker:Weiss",
    "event:Bishkek", 'theme:"cyber security"', "title:Dushanbe", "organization:OSCE", "ministers", "",
]


def _generation(index_dir: Path) -> Path:
    return index_dir / GENERATIONS / (index_dir / CURRENT).read_text(encoding="utf-8").strip()


def _flat_postings(folder: Path) -> dict[str, bytes]:
    """The flat postings' files (each term's postings, the sorted term table, the norms, the totals)."""
    files = (POSTINGS_FILE, POSTINGS_TERMS, NORMS_FILE, POSTINGS_TABLE)
    out = {name: (folder / name).read_bytes() for name in files}
    assert len(TermTable(folder / POSTINGS_TERMS)) > 50
    return out


def _whoosh_content(folder: Path) -> dict:
    ix = whoosh_index.open_dir(str(folder / "whoosh"))
    with ix.reader() as reader:
        size = reader.doc_count_all()
        scorable = [name for name, field in ix.schema.items() if field.scorable]
        return {
            "size": size,
            "stored": [reader.stored_fields(d) for d in range(size)],
            "postings": sorted(reader.iter_postings()),
            # a segment without any value of a field has no length column: 0 there, None (no byte) in one segment
            "lengths": {f: [reader.doc_field_length(d, f) or 0 for d in range(size)] for f in scorable},
            "totals": {f: reader.field_length(f) for f in scorable},
            "segments": len(reader.leaf_readers()) if hasattr(reader, "leaf_readers") else 1,
        }


def _answers(folder: Path) -> list:
    view = IndexView(folder)
    try:
        answers = []
        for q in QUERIES:
            for request in (SearchRequest(q=q, per_page=50), SearchRequest(q=q, sort="oldest", per_page=50)):
                r = run_search(view, request)
                answers.append((q, r.total, [(h.passage.id, h.score, h.matches) for h in r.hits],
                                {f: [(v.id, v.count) for v in values] for f, values in r.facets.items()},
                                r.quotes_count))
        return answers
    finally:
        view.close()


def _compare(one: Path, sharded: Path, min_segments: int) -> None:
    a, b = _generation(one), _generation(sharded)
    catalog_a = json.loads((a / "catalog.json").read_text(encoding="utf-8"))
    catalog_b = json.loads((b / "catalog.json").read_text(encoding="utf-8"))
    assert catalog_a.pop("generation") != catalog_b.pop("generation")
    assert catalog_a == catalog_b
    assert (a / COLUMNS_FILE).read_bytes() == (b / COLUMNS_FILE).read_bytes()
    vocabulary = [json.loads((g / "vocabulary.json").read_text(encoding="utf-8")) for g in (a, b)]
    assert vocabulary[0] == vocabulary[1]
    assert sorted(p.name for p in (a / "texts").iterdir()) == sorted(p.name for p in (b / "texts").iterdir())
    assert _flat_postings(a) == _flat_postings(b)
    whoosh_a, whoosh_b = _whoosh_content(a), _whoosh_content(b)
    assert whoosh_a["segments"] == 1 and whoosh_b["segments"] >= min_segments
    for key in ("size", "stored", "postings", "lengths", "totals"):
        assert whoosh_a[key] == whoosh_b[key], key
    assert not list(b.glob("whoosh-*")), "the writers' private folders are removed"
    assert _answers(a) == _answers(b)


def test_sharded_build_equals_one_process_build_on_the_tiny_corpus(tiny_corpus_dir, tiny_metadata_dir, tmp_path):
    one = tmp_path / "one"
    sharded = tmp_path / "sharded"
    s1 = build_index(tiny_corpus_dir, tiny_metadata_dir, one, writers=0)
    s2 = build_index(tiny_corpus_dir, tiny_metadata_dir, sharded, writers=2, chunk=1)  # a segment per document
    assert (s1.documents, s1.passages, s1.problems) == (s2.documents, s2.passages, s2.problems)
    _compare(one, sharded, min_segments=s1.documents)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of ~90 files: large enough for worker processes (PARALLEL_MIN_FILES)."""
    out = tmp_path_factory.mktemp("sharded-corpus")
    generate(1800, 11, out)
    return out


def test_sharded_build_equals_one_process_build_on_a_generated_corpus(generated, tmp_path):
    # a duplicate file and an id conflict exercise the catalog decisions taken in corpus order
    corpus = generated / "corpus"
    first = sorted(p for p in corpus.rglob("*.txt"))[3]
    (corpus / "zz-copy.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    one, sharded = tmp_path / "one", tmp_path / "sharded"
    s1 = build_index(corpus, generated / "metadata", one, writers=0)
    s2 = build_index(corpus, generated / "metadata", sharded, writers=2, chunk=150)
    assert any("identical to" in p for p in s1.problems)
    assert (s1.documents, s1.passages, s1.problems, s1.discovered) == (s2.documents, s2.passages, s2.problems, s2.discovered)
    assert s1.passages > 1000
    _compare(one, sharded, min_segments=6)


def test_chunk_size_keeps_every_writer_busy_and_segments_bounded():
    assert chunk_size(500, 2) == 2_500  # 10k passages: four chunks, two per writer
    assert chunk_size(10, 2) >= 500
    assert chunk_size(50_000, 2) == 20_000


def test_segment_builder_writes_the_bytes_whooshs_writer_writes(tiny_corpus_dir, tiny_metadata_dir, tmp_path):
    """SegmentBuilder against Whoosh's own SegmentWriter on the same passages: every file of the
    segment (postings blocks with their statistics, term table, lengths, stored fields) is identical."""
    from whoosh.filedb.filestore import FileStorage

    from indexer.build import _merge_discovered, _working_catalog
    from indexer.corpus import list_corpus
    from indexer.metadata import load_registry
    from indexer.schema import build_schema
    from indexer.whoosh_segments import SegmentBuilder
    from indexer.stages import make_context, process_all
    from indexer.writer import passage_fields

    registry = load_registry(tiny_metadata_dir)
    ctx = make_context(registry)
    catalog = _working_catalog(registry, "test")
    known = {d.file: d for d in registry.documents}
    passages = []
    for item in process_all(list_corpus(tiny_corpus_dir), known, ctx, tiny_metadata_dir, workers=0):
        _merge_discovered(catalog, item.discovered.speakers)
        passages += [passage_fields(a, catalog, item.document.meta.title) for a in item.annotated]
    passages *= 30  # enough postings per common term for several blocks of 128
    assert len(passages) > 200

    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    builder = SegmentBuilder(str(ours), build_schema(), share_values=False)
    for fields in passages:
        builder.add(fields)
    mine = builder.finish()
    writer = whoosh_index.create_in(str(theirs), build_schema()).writer(procs=1, multisegment=False, compound=False)
    for fields in passages:
        writer.add_document(**fields)
    writer.commit(merge=False)
    (reference,) = whoosh_index.open_dir(str(theirs))._read_toc().segments

    def files(folder: Path, segment) -> dict[str, bytes]:
        prefix = segment.segment_id()
        return {p.name[len(prefix):]: p.read_bytes() for p in folder.iterdir() if p.name.startswith(prefix)}

    assert mine.doc_count_all() == reference.doc_count_all() == len(passages)
    assert mine._fieldlengths == reference._fieldlengths
    expected = files(theirs, reference)
    assert {".pst", ".trm", "._stored.col", "._text_len.col"} <= set(expected)
    assert files(ours, mine) == expected


def test_a_failing_writer_process_stops_the_build_and_leaves_nothing(tmp_path):
    from indexer.catalog import Catalog
    from indexer.writer import GenerationWriter

    writer = GenerationWriter(tmp_path / "index", writers=2, chunk=1)
    procs = list(writer._shards.procs)
    good = {"id": "a-1", "document_id": "a", "text": "Border security", "annotations": "{}", "has_quote": False,
            "speaker_id": "", "event_id": "", "theme_id": "", "organization_id": "", "year": "", "published": 0}
    writer.add_passages([good])
    writer.add_passages([{**good, "id": "a-2", "no_such_field": "x"}])  # the second writer fails on it
    catalog = Catalog("x", {}, {}, {}, {}, {})
    with pytest.raises(OSError, match="index writer 1 failed: UnknownFieldError"):
        try:
            writer.add_passages([{**good, "id": "a-3"}])
            writer.publish(catalog, {})
        except BaseException:
            writer.discard()
            raise
    assert not any(p.is_alive() for p in procs)
    assert not list((tmp_path / "index" / GENERATIONS).iterdir())
    assert not (tmp_path / "index" / CURRENT).exists()
