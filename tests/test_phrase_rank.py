"""An exact phrase highlights the phrase, not stray occurrences of its words; and passages where a
query's words stand together rank above those where they are scattered (invented text)."""
from __future__ import annotations

import pytest

from indexer.build import build_index
from indexer.search import SearchRequest, open_index, run_search

TEXT = """Harbour notes

Management of ports is one topic; the border is another, and management again, far from the border.

The harbour border management plan was signed, and later the border police and port management met.

Customs border management improves trade.
"""


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    root = tmp_path_factory.mktemp("phrases")
    (root / "corpus").mkdir()
    (root / "corpus" / "harbour.txt").write_text(TEXT, encoding="utf-8")
    build_index(root / "corpus", root / "metadata", root / "index")
    return open_index(root / "index")


def marked(hit) -> list[str]:
    return [hit.passage.text[m.start:m.end] for m in hit.matches]


def test_a_phrase_highlights_only_where_it_stands(view):
    results = run_search(view, SearchRequest(q='"border management"'))
    by_start = {marked(h)[0].lower(): marked(h) for h in results.hits}
    assert sorted(marked(h) for h in results.hits) == [["border management"], ["border management"]]
    assert "border police" not in str(by_start)


def test_a_phrase_with_a_stop_word_inside_is_marked_whole(view):
    results = run_search(view, SearchRequest(q='"management of ports"'))
    assert [marked(h) for h in results.hits] == [["Management of ports"]]


def test_words_side_by_side_rank_above_scattered_words(view):
    results = run_search(view, SearchRequest(q="border management"))
    texts = [h.passage.text for h in results.hits]
    assert len(texts) == 3
    assert texts[-1].startswith("Management of ports")  # the only passage where the words never meet
    scattered = results.hits[-1]
    assert sorted(set(marked(scattered))) == ["Management", "border", "management"]  # plain words: every occurrence
