"""The speakers and events lists of the API: pages, a name filter, and the list shape kept."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_api import get  # the API contract's helper: status and JSON content type checked

from webapp import create_app


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def names(data: dict, key: str) -> list[str]:
    return [item["id"] for item in data[key]]


def test_speakers_list_keeps_its_shape_and_adds_paging(client):
    data = get(client, "/api/speakers")
    assert {k: v for k, v in data.items() if k != "speakers"} == {
        "q": "", "total": 4, "page": 1, "per_page": 100, "pages": 1
    }
    assert names(data, "speakers") == ["jurgen-weiss", "aigerim-zhumabekova", "round-table-participants", "zoe-ozturk"]
    assert set(data["speakers"][0]) >= {"id", "name", "roles", "passages", "quotations", "url"}


def test_pages_of_the_speakers_list_add_up_to_the_whole(client):
    whole = names(get(client, "/api/speakers"), "speakers")
    pages = [get(client, f"/api/speakers?per_page=3&page={n}") for n in (1, 2)]
    assert [(p["page"], p["pages"], p["total"], len(p["speakers"])) for p in pages] == [(1, 2, 4, 3), (2, 2, 4, 1)]
    assert names(pages[0], "speakers") + names(pages[1], "speakers") == whole
    past = get(client, "/api/speakers?per_page=3&page=3")
    assert (past["speakers"], past["total"], past["pages"]) == ([], 4, 2)  # past the end: empty, not an error


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("weiss", ["jurgen-weiss"]),  # ß folds to ss
        ("JÜRGEN", ["jurgen-weiss"]),
        ("zumabekova", ["aigerim-zhumabekova"]),  # an alias, accents aside
        ("ozturk zoe", ["zoe-ozturk"]),  # words in any order
        ("participants round", ["round-table-participants"]),
        ("  ", ["jurgen-weiss", "aigerim-zhumabekova", "round-table-participants", "zoe-ozturk"]),
        ("nobody-at-all", []),
    ],
)
def test_speakers_name_filter(client, query, expected):
    data = get(client, f"/api/speakers?q={query}")
    assert (names(data, "speakers"), data["total"], data["q"]) == (expected, len(expected), query.strip())


def test_events_list_pages_and_filter(client):
    data = get(client, "/api/events?per_page=1")
    assert (names(data, "events"), data["total"], data["pages"]) == (["dushanbe-2012-workshop-cyber-security"], 3, 3)  # newest first: the one found in text
    assert names(get(client, "/api/events?q=almaty"), "events") == ["almaty-2010-seminar"]  # by city
    assert names(get(client, "/api/events?q=Round%20Table"), "events") == ["bishkek-2011-round-table"]
    assert get(client, "/api/events?q=atlantis")["events"] == []


@pytest.mark.parametrize(
    "query", ["page=0", "per_page=0", "per_page=501", "page=x", "q=" + "a" * 201, "page=10001"]
)
@pytest.mark.parametrize("path", ["/api/speakers", "/api/events"])
def test_bad_list_parameters_are_400(client, path, query):
    assert get(client, f"{path}?{query}", 400)["error"]["message"]


def test_openapi_describes_the_list_parameters_and_fields(client):
    paths = get(client, "/api/openapi.json")["paths"]
    for path, schema in (("/api/speakers", "SpeakersList"), ("/api/events", "EventsList")):
        operation = paths[path]["get"]
        assert [p["name"] for p in operation["parameters"]] == ["q", "page", "per_page"]
        assert set(operation["responses"]) >= {"200", "400"}
    schemas = get(client, "/api/openapi.json")["components"]["schemas"]
    assert schemas["SpeakersList"]["required"] == ["speakers", "q", "total", "page", "per_page", "pages"]
