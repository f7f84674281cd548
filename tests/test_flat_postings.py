"""The flat postings (index format 2): every searched field read from one memory-mapped table
answers exactly as Whoosh's own postings do, and a generation without a readable table falls
back to Whoosh."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from indexer.index_format import CURRENT, GENERATIONS, NOT_FLAT, POSTINGS_TABLE
from indexer.search import IndexView, SearchRequest, open_index, run_search


def _generation(index_dir: Path) -> Path:
    return index_dir / GENERATIONS / (index_dir / CURRENT).read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def views(tiny_index: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[IndexView, IndexView]:
    """(flat, Whoosh only): the tiny generation as built, and a copy without the flat table."""
    copy = tmp_path_factory.mktemp("flat") / "index"
    shutil.copytree(tiny_index, copy)
    (_generation(copy) / POSTINGS_TABLE).unlink()
    flat, whoosh_only = open_index(tiny_index), open_index(copy)
    assert flat.postings.flat is not None and whoosh_only.postings.flat is None
    return flat, whoosh_only


def _answer(view: IndexView, q: str):
    results = run_search(view, SearchRequest(q=q, per_page=20))
    return (results.total, [(h.passage.id, h.score, h.matches) for h in results.hits],
            {f: [(v.id, v.count) for v in values] for f, values in results.facets.items()})


def _name_words(view: IndexView) -> list[str]:
    names = [n for s in view.catalog.speakers.values() for n in (s.name, *s.aliases)]
    names += [e.name for e in view.catalog.events.values()]
    return sorted({w for n in names for w in re.findall(r"[^\W\d_]{3,}", n)})


def test_speaker_and_event_name_words_match_through_the_flat_table_as_through_whoosh(views):
    flat, whoosh_only = views
    words = _name_words(flat)
    assert len(words) > 10
    for word in words:  # a bare word also searches the speakers' names
        assert _answer(flat, word) == _answer(whoosh_only, word), word
    hits = [w for w in words if run_search(flat, SearchRequest(q=w)).total]
    assert hits, "some name words are found"


@pytest.mark.parametrize("q", ["speaker:Weiss", "speaker:jurgen-weiss", "speaker:wei*", "event:Bishkek", "event:bish*",
                               'theme:"cyber security"', "theme:cyber", "title:Dushanbe", "organization:OSCE",
                               "organization:os*", "bord* speaker:Weiss", "zumabekova OR border", "-border security"])
def test_field_queries_and_prefixes_answer_as_through_whoosh(views, q):
    flat, whoosh_only = views
    assert _answer(flat, q) == _answer(whoosh_only, q)


def test_flat_terms_hold_whoosh_s_documents_and_frequencies(views):
    flat, whoosh_only = views
    checked = 0
    for fieldname, raw in flat.reader.all_terms():
        if fieldname in NOT_FLAT:
            continue
        term = raw.decode("utf-8")
        a, b = flat.postings.get(fieldname, term), whoosh_only.postings.get(fieldname, term)
        assert (a.ids.tolist(), a.weights.tolist(), a.bits) == (b.ids.tolist(), b.weights.tolist(), b.bits)
        assert flat.postings.doc_frequency(fieldname, term) == a.df > 0
        checked += 1
    assert checked > 200
    assert flat.postings.get("speaker", "no-such-name").df == 0 == flat.postings.doc_frequency("speaker", "nosuch")
    for fieldname in ("text", "speaker", "event", "title", "theme", "organization", "speaker_id"):
        a, b = flat.postings._norms_for(fieldname), whoosh_only.postings._norms_for(fieldname)
        assert a[0].tobytes() == b[0].tobytes() and a[1].tobytes() == b[1].tobytes(), fieldname


def test_a_table_of_another_version_is_not_read(tiny_index: Path, tmp_path: Path, views):
    copy = tmp_path / "index"
    shutil.copytree(tiny_index, copy)
    table = _generation(copy) / POSTINGS_TABLE
    meta = json.loads(table.read_text(encoding="utf-8"))
    table.write_text(json.dumps({**meta, "version": 1}), encoding="utf-8")
    older = IndexView(_generation(copy))
    assert older.postings.flat is None
    assert _answer(older, "border Weiss") == _answer(views[0], "border Weiss")
