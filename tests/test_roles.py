"""Who does what in a passage (said, reported, spoke, mentioned), decided by the indexer and used by
every face: filters, facets, `speaker:`, speaker and event pages, /api/speakers. On the bundled corpus."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.build import build_index
from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    index = tmp_path_factory.mktemp("bundled") / "index"
    build_index(ROOT / "corpus", ROOT / "metadata", index)
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


def documents(client, query: str) -> list[str]:
    data = client.get("/api/search?per_page=100&sort=oldest&" + query).get_json()
    return [r["document"]["id"] for r in data["results"]]


def test_a_speaker_filter_counts_said_reported_and_spoke(client):
    assert documents(client, "speaker=vladimir-voronkov") == [
        "ashgabat-2018-high-level-meeting", "dushanbe-2019-conference", "tashkent-2022-conference"]
    assert documents(client, "speaker=vladimir-voronkov&role=said") == ["dushanbe-2019-conference"]
    assert documents(client, "speaker=vladimir-voronkov&role=reported") == ["dushanbe-2019-conference"]
    assert documents(client, "speaker=vladimir-voronkov&role=spoke") == [
        "ashgabat-2018-high-level-meeting", "tashkent-2022-conference"]
    assert documents(client, "speaker=vladimir-voronkov&role=said&role=spoke") == documents(client, "speaker=vladimir-voronkov")


def test_speaker_in_the_query_follows_the_same_rule(client):
    assert documents(client, "q=speaker:Voronkov") == documents(client, "speaker=vladimir-voronkov")
    assert documents(client, "q=speaker:Voronkov&role=said") == ["dushanbe-2019-conference"]
    assert documents(client, "q=speaker:vladimir-voronkov&role=spoke") == [
        "ashgabat-2018-high-level-meeting", "tashkent-2022-conference"]


def test_the_speaker_facet_follows_the_roles(client):
    def facet(query: str) -> dict[str, int]:
        data = client.get("/api/search?" + query).get_json()
        return {v["id"]: v["count"] for v in data["facets"]["speaker"]}

    assert facet("event=tashkent-2022")["vladimir-voronkov"] == 1
    assert "vladimir-voronkov" not in facet("event=tashkent-2022&role=said")


def test_a_bad_role_is_a_clear_400(client):
    response = client.get("/api/search?role=shouted")
    assert response.status_code == 400
    assert "role must be any of said, reported, spoke, mentioned" in response.get_json()["error"]["message"]


def test_the_speaker_page_has_a_section_per_role(client):
    data = client.get("/api/speakers/vladimir-voronkov").get_json()
    assert [g["event"]["id"] for g in data["quotations_by_event"]] == ["dushanbe-2019"]
    assert [r["document"]["id"] for r in data["reported"]] == ["dushanbe-2019-conference"]
    assert [g["event"]["id"] for g in data["spoke_at"]] == ["tashkent-2022", "ashgabat-2018"]
    assert data["spoke_at"][1]["passages"][0]["text"].startswith("Chaired by Turkmenistan's Minister of Foreign Affairs")
    assert data["speaker"]["by_role"] == {"said": 1, "reported": 1, "spoke": 2, "mentioned": 0}
    page = re.sub(r"\s+", " ", client.get("/speakers/vladimir-voronkov").get_data(as_text=True))
    assert [h for h in ("Quotations", "Reported statements", "Spoke at", "Mentioned in") if f">{h}</h2>" in page] == [
        "Quotations", "Reported statements", "Spoke at", "Mentioned in"]


def test_the_event_page_lists_everyone_who_spoke(client):
    speakers = {s["id"] for s in client.get("/api/events/tashkent-2022").get_json()["speakers"]}
    assert {"shavkat-mirziyoyev", "antonio-guterres", "helga-maria-schmid", "vladimir-voronkov", "natalia-gherman"} <= speakers


def test_nobody_registered_who_speaks_shows_no_passages(client):
    listed = client.get("/api/speakers?per_page=500").get_json()["speakers"]
    persons = {s["id"]: s for s in listed if s["kind"] == "person" and not s["discovered"]}
    assert {sid for sid, s in persons.items() if s["passages"] == 0} == set()
    for sid in ("rashid-meredov", "antonio-guterres", "helga-maria-schmid", "shavkat-mirziyoyev"):
        assert persons[sid]["by_role"]["spoke"] >= 1
