"""Identical passages and very long documents cost a request a bounded amount of work and bytes.

The findings: a file whose 33k passages are identical made one results page take 18–54 s (668k
stored-record reads for 20 hits, "Also appears in" reading every duplicate); `/api/documents/<id>` of
a 50 MB document returned a 54.7 MB body. Now identical-text groups are prepared when the index is
built and loaded (one passage per other document, at most MAX_ALSO), and the document API answers
a window of passages and the text they cover, page by page.
"""
from __future__ import annotations

import pytest

from indexer.build import build_index
from indexer.search import SearchRequest, open_index, run_search
from indexer.search.columns import MAX_ALSO
from indexer.search.view import IndexView
from serving import write_site
from webapp import create_app, data

PARAGRAPH = "The delegations agreed to strengthen cooperation on border management and customs."
REPEATS = 2500


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    files = {"repeated.txt": "Repeated paragraphs\n\n" + "\n\n".join([PARAGRAPH] * REPEATS) + "\n",
             **{f"copy-{n:02d}.txt": f"Copy {n}\n\n{PARAGRAPH}\n" for n in range(MAX_ALSO + 5)},
             "alone.txt": "Alone\n\n" + "\n\n".join(["Unrelated words about water and energy."] * 50) + "\n"}
    _, _, index = write_site(tmp_path_factory.mktemp("duplicates"), files)
    build_index(index.parent / "corpus", index.parent / "metadata", index)
    return index


def test_also_appears_in_reads_a_bounded_number_of_records(index, monkeypatch):
    view = open_index(index)
    reads = []
    real = IndexView.record
    monkeypatch.setattr(IndexView, "record", lambda self, d: reads.append(d) or real(self, d))
    results = run_search(view, SearchRequest(q="delegations customs", per_page=20))
    assert results.total == REPEATS + MAX_ALSO + 5
    reads.clear()
    for hit in results.hits:
        also = view.also_appears_in(hit.passage)
        assert 0 < len(also) <= MAX_ALSO
        assert len({a.document_id for a in also}) == len(also)  # one passage per other document
        assert hit.passage.document_id not in {a.document_id for a in also}
    assert len(reads) <= 20 * MAX_ALSO


def test_a_text_repeated_inside_one_document_only_has_no_group(index):
    view = open_index(index)
    alone = next(r for r in (view.record(d) for d in range(view.size)) if r.document_id == "alone")
    assert view.also_appears_in(alone) == () and view.columns.same_text(alone.id) == []


def test_the_document_api_answers_a_page_at_a_time(index):
    client = create_app({"INDEX_DIR": index}).test_client()
    first = client.get("/api/documents/repeated").get_json()
    assert first["passage_count"] > data.API_DOCUMENT_WINDOW and first["pages"] > 1
    assert len(first["passages"]) == data.API_DOCUMENT_WINDOW and first["text_start"] == 0
    second = client.get(first["next"]).get_json()
    assert second["page"] == 2 and second["text_start"] == first["text_end"]
    for page in (first, second):
        for p in page["passages"]:
            assert page["text"][p["start"] - page["text_start"] : p["end"] - page["text_start"]] in (PARAGRAPH, "Repeated paragraphs")
    last = client.get(f"/api/documents/repeated?page={first['pages']}").get_json()
    assert last["next"] is None
    assert client.get(f"/api/documents/repeated?page={first['pages'] + 1}").status_code == 404


def test_a_page_of_text_is_capped_and_says_so(index, monkeypatch):
    monkeypatch.setattr(data, "MAX_PAGE_TEXT", 500)
    page = create_app({"INDEX_DIR": index}).test_client().get("/api/documents/repeated").get_json()
    assert page["text_truncated"] is True and len(page["text"]) == 500 == page["text_end"] - page["text_start"]
