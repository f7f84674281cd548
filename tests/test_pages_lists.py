"""Index list pages (speakers, events) page and filter without script; labels a reader meets on cards."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def listed(page: str) -> list[str]:
    return re.findall(r'<a class="entity-name" href="[^"]+">([^<]+)</a>', page)


def test_speakers_page_filters_by_name_with_a_plain_form(client):
    page = html(client, "/speakers?q=ozturk")
    assert listed(page) == ["Zoë Öztürk"]
    assert '<form class="list-finder" method="get"' in page and 'name="q" type="search" value="ozturk"' in page
    assert "1 speaker matching “ozturk”" in page
    assert '<a class="clear" href="/speakers">Show all</a>' in page
    assert 'href="/api/speakers?q=ozturk"' in page  # the JSON twin keeps the filter


def test_speakers_page_pages(client):
    first, second = html(client, "/speakers?per_page=3"), html(client, "/speakers?per_page=3&page=2")
    assert "1–3 of 4 speakers" in first and 'rel="next" href="/speakers?page=2&amp;per_page=3"' in first
    assert "4–4 of 4 speakers" in second and 'rel="prev" href="/speakers?per_page=3"' in second
    assert listed(first) + listed(second) == [s["name"] for s in client.get("/api/speakers").get_json()["speakers"]]
    assert "past the end" in html(client, "/speakers?per_page=3&page=9")


def test_events_page_filter_and_empty_state(client):
    assert listed(html(client, "/events?q=bishkek")) == ["Round table on youth and prisons"]
    assert "No events match “atlantis”." in html(client, "/events?q=atlantis")


def test_cards_name_unattributed_passages_and_link_the_original_once(client):
    page = html(client, "/?speaker=none")
    assert '<span class="unattributed">Unattributed</span>' in page and "No speaker identified" not in page
    assert "At the source" not in page
    event = html(client, "/events/almaty-2010-seminar")
    assert 'href="/?event=almaty-2010-seminar&amp;speaker=none">Unattributed</a>' in event


def test_unattributed_facet_value_stands_under_the_list(client):
    page = html(client, "/?sort=newest")  # browsing (the bare home page opens on quotations, speakers, events)
    speaker_panel = page.split('id="facet-speaker"', 1)[1].split("</section>", 1)[0]
    apart = speaker_panel.split('class="facet-list facet-apart"', 1)[1]
    assert '<span class="label">Unattributed</span>' in apart
    assert speaker_panel.count("Unattributed") == 1


def test_empty_results_offer_looser_searches(client):
    page = html(client, "/?q=zzqxw&speaker=jurgen-weiss")
    assert "No passages match." in page
    assert '<a href="/?q=zzqxw">“zzqxw” without the filters</a>' in page
    assert '<a href="/?speaker=jurgen-weiss">the filters without the words</a>' in page
