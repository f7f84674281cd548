"""Export and follow a search: whole result sets as CSV / JSON Lines (API and CLI), the Atom feed,
and the date range filter."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest

from indexer.build import build_index
from indexer.search import SearchRequest, open_index, run_search
from indexer.search.export import safe_cell
from serving import verbatim
from webapp import create_app


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def csv_rows(body: str) -> tuple[dict, list[dict]]:
    first, rest = body.split("\r\n", 1)
    assert first.startswith("# ")
    return json.loads(first[2:])["verbatim_export"], list(csv.DictReader(io.StringIO(rest)))


def test_csv_export_is_the_whole_result_set_not_a_page(client, tiny_index):
    everything = client.get("/api/search?per_page=100").get_json()
    response = client.get("/api/search.csv?per_page=2&page=1&sort=oldest")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="verbatim-search.csv"'
    header, rows = csv_rows(response.get_data(as_text=True))
    assert len(rows) == everything["total"] == header["passages"]
    assert header["generation"] == open_index(tiny_index).generation and header["sort"] == "oldest"
    assert header["exported"].endswith("+00:00") and header["query"] == ""
    dates = [r["published"] or "9999" for r in rows]
    assert dates == sorted(dates)
    view = open_index(tiny_index)
    for row in rows:
        record = view.passage(row["passage_id"])
        assert row["text"] == record.text and (int(row["start"]), int(row["end"])) == (record.start, record.end)
        assert row["url"] == f"http://localhost/passages/{record.id}"


def test_jsonl_export_by_quotation_with_the_filters_in_its_header(client):
    body = client.get("/api/search.jsonl?q=border&speaker=jurgen-weiss&group=quotes").get_data(as_text=True)
    lines = [json.loads(line) for line in body.splitlines()]
    header = lines[0]["verbatim_export"]
    assert header["query"] == "border" and header["group"] == "quotes"
    assert header["filters"] == {"speaker": ["jurgen-weiss"], "quotes": "only"}
    quotes = lines[1:]
    assert [q["text"] for q in quotes] == ["Borders are where drug trafficking and terrorist financing meet,",
                                           "We cannot afford to look away."]
    assert {q["quote_speaker"] for q in quotes} == {"Jürgen Weiß"}
    assert quotes[0]["url"].endswith(f"?start={quotes[0]['start']}&end={quotes[0]['end']}")


@pytest.mark.parametrize(("value", "safe"), [("=SUM(A1:A9)", "'=SUM(A1:A9)"), ("+1 555", "'+1 555"), ("-5% of all", "'-5% of all"),
                                             ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("plain - text", "plain - text"), (3, "3")])
def test_cells_are_safe_for_spreadsheets(value, safe):
    assert safe_cell(value) == safe


def test_a_formula_in_the_corpus_leaves_as_text(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "formula.txt").write_text(
        "Spreadsheet notes\n\n=HYPERLINK(\"http://example.com\", \"click\") was pasted in the minutes.\n\n"
        "-5% of containers were inspected, the delegates said.\n", encoding="utf-8")
    build_index(tmp_path / "corpus", tmp_path / "metadata", tmp_path / "index")
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    _, rows = csv_rows(client.get("/api/search.csv?sort=oldest").get_data(as_text=True))
    texts = [r["text"] for r in rows]
    assert "'=HYPERLINK(\"http://example.com\", \"click\") was pasted in the minutes." in texts
    assert "'-5% of containers were inspected, the delegates said." in texts


def test_export_bad_parameters_are_400_before_streaming(client):
    for url in ("/api/search.csv?group=sentences", "/api/search.jsonl?from=2019-13", "/api/search.csv?sort=best"):
        response = client.get(url)
        assert response.status_code == 400 and set(response.get_json()) == {"error"}, url


def test_results_page_links_the_exports_and_the_feed(client):
    page = client.get("/?q=border&theme=drug-trafficking").get_data(as_text=True)
    assert '<a href="/api/search.csv?q=border&amp;theme=drug-trafficking" download>CSV</a>' in page
    assert '<a href="/api/search.jsonl?q=border&amp;theme=drug-trafficking" download>JSON Lines</a>' in page
    assert ('<link rel="alternate" type="application/atom+xml" title="This search (Atom feed)" '
            'href="/search.atom?q=border&amp;theme=drug-trafficking">') in page
    assert 'class="btn btn-quiet copy-all" data-url="/api/search?q=border&amp;theme=drug-trafficking"' in page


def test_cli_search_format_csv_and_jsonl(tiny_index, tiny_corpus_dir, tiny_metadata_dir):
    folders = ["--index", str(tiny_index), "--corpus", str(tiny_corpus_dir), "--metadata", str(tiny_metadata_dir)]
    run = verbatim("search", "border", "--format", "csv", "--per-page", "1", *folders)
    assert run.code == 0
    header, rows = csv_rows("\r\n".join(run.out))
    assert header["query"] == "border" and len(rows) == header["passages"] > 1
    assert rows[0]["url"] == f"/passages/{rows[0]['passage_id']}"
    run = verbatim("search", "--speaker", "jurgen-weiss", "--format", "jsonl", "--group", "quotes", *folders)
    assert [json.loads(line).get("quote_speaker_id") for line in run.out[1:]] == ["jurgen-weiss", "jurgen-weiss"]
    run = verbatim("search", "--from", "2011", "--to", "2010", *folders)
    assert run.code == 2 and "from (2011) is after to (2010)" in run.err[0]


# --- the Atom feed -----------------------------------------------------------------------------------


def test_atom_feed_is_valid_newest_first_with_stable_ids(client, tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    response = client.get("/search.atom?q=border&page=2&sort=oldest")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Verbatim: “border”" and feed.feed.id == "http://localhost/search.atom?q=border"
    assert feed.feed.updated == max(e.updated for e in feed.entries)
    assert {link.rel for link in feed.feed.links} == {"self", "alternate"}
    total = client.get("/api/search?q=border").get_json()["total"]
    assert len(feed.entries) == total
    published = [e.get("published", "0") for e in feed.entries]
    assert published == sorted(published, reverse=True)
    for entry in feed.entries:
        assert entry.id.startswith("urn:verbatim:passage:") and entry.title and entry.updated and entry.author
        assert entry.link == "http://localhost/passages/" + entry.id.rsplit(":", 1)[1]
    # Rebuilt from the same corpus, the same passages keep their ids.
    build_index(tiny_corpus_dir, tiny_metadata_dir, tmp_path / "again")
    again = create_app({"INDEX_DIR": tmp_path / "again", "TESTING": True}).test_client()
    assert [e.id for e in feedparser.parse(again.get("/search.atom?q=border").get_data()).entries] == [e.id for e in feed.entries]


def test_atom_feed_escapes_text_and_names_the_filters(client):
    feed = feedparser.parse(client.get("/search.atom?q=containers&speaker=aigerim-zhumabekova").get_data())
    assert not feed.bozo
    assert feed.feed.title == "Verbatim: “containers” · speaker: Aigerim Zhumabekova"
    assert "< 5% of containers" in feed.entries[0].content[0].value


# --- the date range filter ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "years"),
    [({"date_from": "2011"}, {"2011", "2012"}), ({"date_to": "2010-12"}, {"2010"}),
     ({"date_from": "2010-10-12", "date_to": "2010-10-12"}, {"2010"}), ({"date_from": "2030"}, set())],
)
def test_date_range_by_document_date(tiny_index, params, years):
    view = open_index(tiny_index)
    results = run_search(view, SearchRequest(per_page=100, **params))
    assert {h.passage.published[:4] for h in results.hits} == years
    low, high = params.get("date_from", "0000"), params.get("date_to", "9999") + "-99"
    everything = run_search(view, SearchRequest(per_page=100))
    assert results.total == sum(1 for h in everything.hits if h.passage.published and low <= h.passage.published <= high)


def test_date_range_by_event_date(client):
    by_event = client.get("/api/search?from=2010-10&to=2010-10&date=event&per_page=100").get_json()
    assert by_event["total"] and {p["event"]["id"] for p in by_event["results"]} == {"almaty-2010-seminar"}


def test_date_range_on_the_page_has_a_chip_and_a_form(client):
    page = client.get("/?from=2011&q=border").get_data(as_text=True)
    assert '<span class="chip-facet">Date:</span> 2011 – …' in page
    assert 'name="from" value="2011"' in page
    assert client.get("/?from=2011-02-30").status_code == 400
