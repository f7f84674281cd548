"""The search side on a Whoosh index of several segments answers exactly as on one segment.

The tiny index is built with build_index (one segment), then its generation is copied with the
Whoosh part rewritten as several segments in document order, each committed with merge=False
(a segment holds one slice of the documents: the rest are deleted in a scratch copy and the
remainder added with `add_reader`). Document numbers, columns.json and postings.bin stay valid,
as they do when the builder commits a new segment whenever its memory pool fills.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from indexer.index_format import CURRENT, GENERATIONS, POSTINGS_TABLE
from indexer.search import IndexView, SearchRequest, run_search
from indexer.writer import flat_from_whoosh

QUERIES = [
    "border", "drug", "cyber", "security", "regional", "financed", "seizures", "Zumabekova", "ozturk",
    "Weiss", "border drug", "border security", "cyber OR prisons", "border -drug", "(cyber OR prisons) -offline",
    '"drug trafficking"', '"trafficking drug"', '"schools of radicalization"', '"threats that cross borders"',
    '"border security drug trafficking"', "traffick*", "financing*", "speaker:Weiss", "speaker:jurgen-weiss",
    "event:Bishkek", 'theme:"cyber security"', "title:Dushanbe", "organization:OSCE", "luck seizures",
    '"drug trafficking" zumabekova', "",
]


def _generation(index_dir: Path) -> Path:
    return index_dir / GENERATIONS / (index_dir / CURRENT).read_text(encoding="utf-8").strip()


def _split_whoosh(source: Path, dest: Path, scratch: Path, parts: int) -> int:
    """A copy of the single-segment Whoosh index at source as `parts` segments in document order."""
    ix = whoosh_index.open_dir(str(source))
    size = ix.doc_count_all()
    bounds = [size * i // parts for i in range(parts + 1)]
    dest.mkdir(parents=True)
    out = whoosh_index.create_in(str(dest), ix.schema)
    for i in range(parts):
        piece = scratch / f"part{i}"
        shutil.copytree(source, piece)
        pix = whoosh_index.open_dir(str(piece))
        with pix.writer() as deleting:
            for d in range(size):
                if not bounds[i] <= d < bounds[i + 1]:
                    deleting.delete_document(d)
        with pix.reader() as reader:
            writer = out.writer()
            writer.add_reader(reader)
            writer.commit(merge=False)
    return len(out.reader().leaf_readers())


@pytest.fixture(scope="module")
def segmented(tiny_index: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, IndexView]:
    """Views of the tiny generation rewritten as one segment and as three (and both without
    flat postings). Both go through add_reader, which sums per-document lengths as stored (one byte,
    rounded) into each segment's field totals, so only the number of segments differs."""
    source = _generation(tiny_index)
    root = tmp_path_factory.mktemp("segments")
    views = {}
    for name, parts, flat in (("single", 1, True), ("multi", 3, True),
                              ("single-whoosh-only", 1, False), ("multi-whoosh-only", 3, False)):
        folder = root / name / source.name
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("whoosh"))
        assert _split_whoosh(source / "whoosh", folder / "whoosh", root / f"{name}-scratch", parts) == parts
        if flat:  # the flat postings and norms of the rewritten segments, as the writer makes them
            flat_from_whoosh(folder / "whoosh", folder)
        else:  # every field's postings then come from Whoosh's segments
            (folder / POSTINGS_TABLE).unlink()
        views[name] = IndexView(folder)
    return views


def _answer(view: IndexView, request: SearchRequest):
    results = run_search(view, request)
    return (
        results.total,
        [(h.passage.id, h.score, h.matches) for h in results.hits],
        {f: [(v.id, v.count, v.selected) for v in values] for f, values in results.facets.items()},
        results.quotes_count,
        results.suggestion,
    )


def test_views_really_have_several_segments(segmented):
    assert len(segmented["single"].reader.leaf_readers()) == 1
    assert _answer(segmented["single"], SearchRequest(q="border")) == _answer(segmented["single-whoosh-only"], SearchRequest(q="border"))
    for name in ("multi", "multi-whoosh-only"):
        leaves = segmented[name].reader.leaf_readers()
        assert len(leaves) == 3 and [offset for _, offset in leaves][0] == 0
        assert segmented[name].size == segmented["single"].size
    assert segmented["multi"].postings.flat and not segmented["multi-whoosh-only"].postings.flat


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("name", ["multi", "multi-whoosh-only"])
def test_several_segments_answer_like_one(segmented, name, q):
    for request in (SearchRequest(q=q, per_page=100), SearchRequest(q=q, per_page=3, page=2),
                    SearchRequest(q=q, sort="oldest", per_page=100), SearchRequest(q=q, quotes_only=True)):
        assert _answer(segmented[name], request) == _answer(segmented[name.replace("multi", "single")], request), request


def test_norms_and_positions_read_across_segments(segmented):
    single, multi = segmented["single-whoosh-only"].postings, segmented["multi-whoosh-only"].postings
    for fieldname in ("text", "speaker", "title"):
        assert bytes(multi._norms_for(fieldname)[0]) == bytes(single._norms_for(fieldname)[0])
    everything = set(range(segmented["single"].size))
    vocabulary = json.loads((segmented["single"].folder / "vocabulary.json").read_text(encoding="utf-8"))
    for word in sorted(vocabulary, key=lambda w: (-vocabulary[w], w))[:40]:
        for term, _ in segmented["single"].engine.analyse("text", word):
            assert multi.positions("text", term, everything) == single.positions("text", term, everything)
            assert multi.scores(multi.get("text", term)) == pytest.approx(single.scores(single.get("text", term)))
