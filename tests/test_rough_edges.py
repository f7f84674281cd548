"""The web app's rough edges, one test each (the keyboard ones are in test_browser_features)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app
from webapp.params import MAX_Q


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.get_data(as_text=True)


def test_a_page_past_the_end_says_so_and_links_the_last_page(client):
    html = page(client, "/?q=border&per_page=2&page=9")
    heading = re.search(r'<h1 id="results-heading".*?</h1>', html, re.S).group()
    assert "page 9 of" not in heading and "no more results on page 9" in heading
    assert "page 9 is past the end" in html
    assert '<a href="/?q=border&amp;page=3&amp;per_page=2">Go to the last page (3)</a>' in html


def test_one_query_length_limit_stated_on_the_page_and_enforced(client):
    html = page(client, "/")
    assert f'maxlength="{MAX_Q}"' in html and f"A query may have up to {MAX_Q:,} characters." in html
    assert page(client, "/?q=" + "a" * MAX_Q)  # at the limit: searched
    response = client.get("/api/search?q=" + "a" * (MAX_Q + 1))
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == f"q is too long ({MAX_Q + 1:,} characters; a query may have up to {MAX_Q:,})"


def test_an_unknown_speaker_filter_has_a_chip_that_removes_it(client):
    html = page(client, "/?q=border&speaker=nobody")
    assert "Filters (1 on)" in html
    chip = re.search(r'<a class="chip" href="([^"]*)"><span class="chip-facet">Speaker:</span> nobody', html)
    assert chip and chip.group(1) == "/?q=border"


def test_sort_changes_only_on_an_explicit_apply(client):
    html = page(client, "/?q=border")
    assert "data-autosubmit" not in html
    assert '<button type="submit" class="btn btn-quiet sort-go">Apply</button>' in html
    assert "autosubmit" not in (Path(__file__).parents[1] / "webapp" / "static" / "app.js").read_text(encoding="utf-8")


def test_events_with_passages_first_and_the_rest_as_mentioned(client):
    data = client.get("/api/events").get_json()["events"]
    html = page(client, "/events")
    with_passages = [e["name"] for e in data if e["passages"]]
    without = [e["name"] for e in data if not e["passages"]]
    assert with_passages
    mentioned = html[html.index('id="mentioned-h"'):] if without else ""
    for name in with_passages:
        assert html.index(name) < (html.index('id="mentioned-h"') if without else len(html))
    for name in without:
        assert name in mentioned


def test_a_skip_link_to_the_filters_comes_right_after_skip_to_content(client):
    html = page(client, "/?q=border")
    assert re.search(r'<a class="skip" href="#main">Skip to content</a>\s*<a class="skip" href="#filters">Skip to filters</a>', html)
    assert '<aside class="facets" id="filters" aria-label="Filters" tabindex="-1">' in html


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    from indexer.build import build_index

    root = Path(__file__).resolve().parents[1]
    index = tmp_path_factory.mktemp("bundled-edges") / "index"
    build_index(root / "corpus", root / "metadata", index)
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


def test_a_twenty_result_page_stays_under_100_kb_with_formats_on_demand(bundled):
    response = bundled.get("/?q=terrorism")
    html = response.get_data(as_text=True)
    assert html.count('<article class="result"') == 20
    assert len(response.data) < 100_000, len(response.data)
    assert 'data-format="bibtex"' not in html  # no format is inlined in a list
    first = re.search(r'<div class="lazy-formats" data-src="(/passages/([0-9a-f]+)/citations)">\s*'
                      r'<p class="formats-link"><a href="/passages/\2">Every citation format', html)
    assert first, "each result links its passage page, where every format is, for readers without script"
    fragment = bundled.get(first.group(1)).get_data(as_text=True)
    api = bundled.get(f"/api/passages/{first.group(2)}").get_json()["citation"]
    import html as htmlib

    shown = re.search(r'<pre tabindex="0" aria-labelledby="[^"]+" data-format="text">(.*?)</pre>', fragment, re.S).group(1)
    assert htmlib.unescape(shown) == api["text"]  # the same citation function as the API and the passage page


def test_the_home_page_opens_on_quotations_speakers_and_events(bundled):
    html = bundled.get("/").get_data(as_text=True)
    assert "Unattributed" not in html and '<article class="result"' not in html
    recent = html[html.index('id="recent-h"'):html.index('id="home-speakers-h"')]
    quotes = re.findall(r'<blockquote class="quote-text">“([^”]*)”</blockquote>', recent)
    assert len(quotes) == 6
    links = re.findall(r'<a href="(/passages/[0-9a-f]+\?start=(\d+)&amp;end=(\d+))">', recent)
    assert len(links) == 6
    assert 'href="/speakers/' in html[html.index('id="home-speakers-h"'):] and 'href="/events/' in html
    assert '<a href="/?sort=newest">Browse every passage, newest first →</a>' in html
    assert "Skip to filters" not in html  # there are no filters on it
    assert '<article class="result"' in bundled.get("/?sort=newest").get_data(as_text=True)


def test_cite_these_words_is_a_form_that_leads_to_the_selection(client):
    found = client.get("/api/search?q=afford").get_json()["results"][0]
    page_html = client.get(f"/passages/{found['id']}").get_data(as_text=True)
    assert f'<form class="cite-words" action="/passages/{found["id"]}" method="get">' in page_html
    response = client.get(f"/passages/{found['id']}?words=we+CANNOT+afford")
    start = found["text"].index("We cannot afford") + found["start"]
    assert response.status_code == 302 and response.headers["Location"].endswith(f"?start={start}&end={start + 16}")
    assert client.get(f"/passages/{found['id']}?words=bananas").status_code == 400
