"""The JSON API contract on the tiny index: fields, errors, facet arithmetic, citations."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import jsonschema_rs
import pytest

from webapp import create_app
from webapp.openapi import spec

WEISS = "861ea12f4b819c6f"  # the Almaty passage with Ambassador Weiß's two quotations
REGIONAL = "4e2f5e0621e201eb"  # "Regional cooperation remains ..." (also in the Bishkek note)


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.get_json())
    assert response.content_type == "application/json"
    return response.get_json()


def ids(client, query: str) -> set[str]:
    return {p["id"] for p in get(client, "/api/search?per_page=100&" + query)["results"]}


def facet(data: dict, name: str) -> dict[str, int]:
    return {v["id"]: v["count"] for v in data["facets"][name]}


def test_search_envelope(client):
    data = get(client, "/api/search")
    assert list(data)[:4] == ["q", "total", "page", "per_page"]
    assert (data["total"], data["page"], data["per_page"], data["pages"]) == (8, 1, 20, 1)  # body paragraphs only
    assert data["suggestion"] is None and data["query_error"] is None
    assert set(data["facets"]) == {"speaker", "event", "theme", "organization", "year", "quotes"}
    assert data["facets"]["year"] == [
        {"id": "2012", "label": "2012", "count": 1, "selected": False},
        {"id": "2011", "label": "2011", "count": 2, "selected": False},
        {"id": "2010", "label": "2010", "count": 5, "selected": False},
    ]
    assert data["facets"]["quotes"] == [{"id": "only", "label": "Contains a quotation", "count": 4, "selected": False}]
    unattributed = sum(1 for p in get(client, "/api/search?per_page=100")["results"] if not p["speakers"])
    assert {"id": "none", "label": "Unattributed", "count": unattributed, "selected": False} in data["facets"]["speaker"]
    assert data["facets_truncated"] == {}


def test_passage_contract_field_by_field(client):
    data = get(client, "/api/search?q=borders+afford")
    assert data["total"] == 1
    p = data["results"][0]
    document_text = get(client, "/api/documents/almaty-2010-seminar")["text"]
    assert p["id"] == WEISS
    assert p["url"] == f"/passages/{WEISS}"
    assert p["permalink"] == f"http://localhost/passages/{WEISS}"
    assert p["document_url"] == f"/documents/almaty-2010-seminar#p-{WEISS}"
    assert p["text"] == document_text[p["start"] : p["end"]]
    assert (p["block"], p["paragraph"], p["start"], p["end"]) == (2, 2, 201, 364)  # headline = 0, dateline para. = 1
    assert p["highlight"] == (
        "&quot;<mark>Borders</mark> are where drug trafficking and terrorist financing meet,&quot; said Ambassador "
        "Jürgen Weiß, Head of the OSCE Centre in Almaty. &quot;We cannot <mark>afford</mark> to look away.&quot;"
    )
    assert p["document"] == {
        "id": "almaty-2010-seminar",
        "title": "Seminar in Almaty discusses border security & drug trafficking",
        "publisher": "OSCE Centre in Almaty",
        "published": "2010-10-12",
        "kind": "press release",
        "source_url": None,
    }
    assert p["event"] == {
        "id": "almaty-2010-seminar",
        "name": "Regional seminar on border management and drug trafficking",
        "short_name": "Almaty seminar 2010",
        "city": "Almaty",
        "country": "Kazakhstan",
        "start": "2010-10-12",
        "end": "2010-10-13",
        "discovered": False,
    }
    assert p["speakers"] == [
        {
            "id": "jurgen-weiss",
            "name": "Jürgen Weiß",
            "role": "Head of the OSCE Centre in Almaty",
            "organization": "Organization for Security and Co-operation in Europe",
            "kind": "person",
            "does": "said",
        }
    ]
    assert [(q["text"], q["speaker"], q["speaker_name"]) for q in p["quotes"]] == [
        ("Borders are where drug trafficking and terrorist financing meet,", "jurgen-weiss", "Jürgen Weiß"),
        ("We cannot afford to look away.", "jurgen-weiss", "Jürgen Weiß"),
    ]
    for q in p["quotes"]:
        assert document_text[q["start"] : q["end"]] == q["text"]
    assert p["themes"] == [
        {"id": "drug-trafficking", "label": "Drug trafficking"},
        {"id": "terrorist-financing", "label": "Terrorist financing"},
        {"id": "border-security", "label": "Border security"},
    ]
    assert p["also_appears_in"] == []
    citation = p["citation"]  # the whole passage: the publisher's text, never signed by the speaker
    assert set(citation) == {"signed_by", "text", "markdown", "bibtex", "ris", "csl", "csl_cite", "selector", "fragment_url"}
    assert citation["signed_by"] == "publisher"
    assert citation["text"] == (
        "“\"Borders are where drug trafficking and terrorist financing meet,\" said Ambassador Jürgen Weiß, Head of "
        "the OSCE Centre in Almaty. \"We cannot afford to look away.\"” (OSCE Centre in Almaty, “Seminar in Almaty "
        "discusses border security & drug trafficking”, 12 October 2010, para. 2; reports remarks by Jürgen Weiß; "
        "Regional seminar on border management and drug trafficking, Almaty, Kazakhstan, 12–13 October 2010) "
        f"http://localhost/passages/{WEISS}"
    )
    assert citation["csl"]["type"] == "article"
    assert citation["csl"]["author"] == [{"literal": "OSCE Centre in Almaty"}]
    assert "locator" not in citation["csl"] and "label" not in citation["csl"]
    assert citation["csl_cite"] == {"id": citation["csl"]["id"], "locator": "2", "label": "paragraph"}
    quoted = p["quotes"][0]["citation"]  # each quotation: the speaker's own words
    assert quoted["signed_by"] == "speaker"
    assert quoted["text"].startswith("“Borders are where drug trafficking and terrorist financing meet,” — Jürgen Weiß, "
                                     "Head of the OSCE Centre in Almaty, Organization for Security and Co-operation in Europe; ")
    assert quoted["csl"]["type"] == "speech"
    assert quoted["csl"]["author"] == [{"family": "Weiß", "given": "Jürgen"}]
    assert quoted["csl"]["event-place"] == "Almaty, Kazakhstan"
    assert quoted["csl"]["event-date"] == {"date-parts": [[2010, 10, 12], [2010, 10, 13]]}
    assert "genre" not in quoted["csl"]
    assert citation["selector"]["exact"] == p["text"]
    assert citation["selector"]["prefix"] == document_text[201 - 32 : 201]
    assert citation["fragment_url"] is None  # the document has no source URL


def test_passage_endpoint_adds_context(client):
    data = get(client, f"/api/passages/{WEISS}")
    assert data["id"] == WEISS
    assert data["context"]["previous"]["id"] == "5a237e0144692237"
    assert data["context"]["next"]["id"] == "3a39389dbd812cd5"
    assert data["context"]["next"]["paragraph"] == 3
    first = get(client, "/api/passages/5a237e0144692237")  # the dateline paragraph: the headline is no passage
    assert first["context"]["previous"] is None and first["paragraph"] == 1
    get(client, "/api/passages/c46866cfe5b69bcd", status=404)  # the id the headline had as a passage


def test_also_appears_in_other_document(client):
    data = get(client, f"/api/passages/{REGIONAL}")
    assert [(a["id"], a["document"]["id"]) for a in data["also_appears_in"]] == [
        ("142cdbcc257efe38", "bishkek-2011-note")
    ]


def test_every_quote_points_into_its_document_and_names_its_speaker(client):
    names = {s["id"]: s["name"] for s in get(client, "/api/speakers")["speakers"]}
    passages = get(client, "/api/search?per_page=100")["results"]
    assert sum(len(p["quotes"]) for p in passages) >= 4
    for p in passages:
        text = get(client, f"/api/documents/{p['document']['id']}")["text"]
        assert text[p["start"] : p["end"]] == p["text"]
        for q in p["quotes"]:
            assert text[q["start"] : q["end"]] == q["text"]
            assert p["start"] <= q["start"] < q["end"] <= p["end"]
            assert q["speaker_name"] == (names[q["speaker"]] if q["speaker"] else None)


@pytest.mark.parametrize(
    "query",
    ["page=0", "per_page=1000", "per_page=0", "year=abc", "sort=best", "page=x", "quotes=some", "page=101&per_page=100", "page=10001", "year=%D9%A1%D9%A2%D9%A3%D9%A4", "page=%C2%B2", "page=1_0", "per_page=%20",
     "q=" + "a" * 2001],
)
def test_bad_parameters_are_400_with_one_shape(client, query):
    data = get(client, "/api/search?" + query, 400)
    assert list(data) == ["error"] and list(data["error"]) == ["message"]
    assert isinstance(data["error"]["message"], str) and data["error"]["message"]


@pytest.mark.parametrize(
    "url",
    ["/api/passages/nope", "/api/documents/nope", "/api/speakers/nope", "/api/events/nope", "/api/themes/nope",
     "/api/nothing-here", "/api/documents/..%2F..%2Fetc%2Fpasswd"],
)
def test_unknown_ids_are_404_with_one_shape(client, url):
    data = get(client, url, 404)
    assert list(data) == ["error"] and list(data["error"]) == ["message"]


@pytest.mark.parametrize(
    "q, words",
    [('"unbalanced', "unbalanced"), ('"border', "border"), ("border OR", "border"), ("((", ""), ("))((", ""),
     ("OR", ""), ("NOT", ""), ("-", ""), ("speaker:", ""), ("*", ""), ("title:\"", ""),
     ("AND OR NOT", ""), ("\x00\x1f", ""), ('"' + "é" * 999, "é" * 999)],
)
def test_a_malformed_query_never_fails_it_searches_its_words_and_says_so(client, q, words):
    """The README's promise, at the API: 200, the plain words' results, and a message saying so."""
    data = get(client, "/api/search?" + urlencode({"q": q, "per_page": 100}))
    assert data["query_error"]
    if len(q) <= 1000:
        assert {p["id"] for p in data["results"]} == ids(client, urlencode({"q": words}))


def test_a_well_formed_query_has_no_query_error(client):
    assert get(client, "/api/search?" + urlencode({"q": "<script>alert(1)</script>"}))["query_error"] is None


def test_unknown_facet_ids_give_no_results(client):
    data = get(client, "/api/search?speaker=nobody-at-all")
    assert data["total"] == 0 and data["results"] == []


def test_or_within_a_facet_and_across_facets(client):
    weiss, zoe = ids(client, "speaker=jurgen-weiss"), ids(client, "speaker=zoe-ozturk")
    assert ids(client, "speaker=jurgen-weiss&speaker=zoe-ozturk") == weiss | zoe
    border, y2010 = ids(client, "theme=border-security"), ids(client, "year=2010")
    assert ids(client, "theme=border-security&year=2010") == border & y2010
    assert ids(client, "theme=border-security&theme=prisons&year=2011") == (
        (border | ids(client, "theme=prisons")) & ids(client, "year=2011")
    )


def test_disjunctive_counts_stay_visible_for_the_selected_facet(client):
    plain = get(client, "/api/search")
    selected = get(client, "/api/search?speaker=jurgen-weiss")
    assert facet(selected, "speaker") == facet(plain, "speaker")
    assert [v["id"] for v in selected["facets"]["speaker"] if v["selected"]] == ["jurgen-weiss"]
    # other facets count inside the selection
    assert facet(selected, "year") == {"2010": 1}
    for value, count in facet(plain, "theme").items():
        assert count == get(client, f"/api/search?theme={value}")["total"]


def test_quotes_only(client):
    data = get(client, "/api/search?quotes=only&per_page=100")
    assert data["total"] == 4 == facet(get(client, "/api/search"), "quotes")["only"]
    assert all(p["quotes"] for p in data["results"])
    assert data["facets"]["quotes"][0]["selected"] is True


def test_sort_newest_and_oldest(client):
    newest = [p["document"]["published"] for p in get(client, "/api/search?sort=newest&per_page=100")["results"]]
    oldest = [p["document"]["published"] for p in get(client, "/api/search?sort=oldest&per_page=100")["results"]]
    assert newest == sorted(newest, reverse=True) and oldest == sorted(oldest)


def test_pagination_windows(client):
    pages = [get(client, f"/api/search?per_page=4&page={n}&sort=oldest") for n in (1, 2, 3, 4)]
    assert [len(p["results"]) for p in pages] == [4, 4, 0, 0]
    assert pages[0]["pages"] == 2
    seen = [r["id"] for p in pages for r in p["results"]]
    assert len(seen) == len(set(seen)) == 8


def test_cite_a_selection(client):
    text = get(client, "/api/documents/almaty-2010-seminar")["text"]
    start = text.index("We cannot afford")
    end = start + len("We cannot afford")
    data = get(client, f"/api/cite?passage={WEISS}&start={start}&end={end}")
    assert (data["passage"], data["start"], data["end"], data["text"]) == (WEISS, start, end, "We cannot afford")
    assert data["citation"]["text"].startswith("“We cannot afford” — Jürgen Weiß, Head of the OSCE Centre in Almaty")
    assert data["citation"]["text"].endswith(f"para. 2; http://localhost/passages/{WEISS}?start={start}&end={end}")
    assert data["signed_by"] == data["citation"]["signed_by"] == "speaker"
    assert data["citation"]["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "We cannot afford",
        "prefix": text[start - 32 : start],
        "suffix": text[end : end + 32],
    }


@pytest.mark.parametrize(
    "query",
    [f"passage={WEISS}&start=a&end=b", f"passage={WEISS}&start=300", "start=1&end=2",
     f"passage={WEISS}&start=-1&end=300", f"passage={WEISS}&start=%C2%B2&end=300", f"passage={WEISS}&start=%D9%A1&end=300"],
)
def test_cite_rejects_malformed_offsets(client, query):
    assert "error" in get(client, "/api/cite?" + query, 400)


@pytest.mark.parametrize(
    "query", [f"passage={WEISS}&start=10&end=20", f"passage={WEISS}&start=300&end=250", f"passage={WEISS}&start=300&end=300",
              f"passage={WEISS}&start=300&end=365"],
)
def test_cite_spans_outside_the_passage_are_bad_requests(client, query):
    """The README's promise: a bad span is a 400 (the passage exists; the parameters are wrong)."""
    message = get(client, "/api/cite?" + query, 400)["error"]["message"]
    assert message.startswith(f"passage {WEISS} has no span")


def test_cite_of_an_unknown_passage_is_not_found(client):
    assert "error" in get(client, "/api/cite?passage=nope&start=1&end=2", 404)


def test_selection_inside_a_quote_is_credited_to_its_speaker(client):
    text = get(client, "/api/documents/dushanbe-workshop")["text"]
    start = text.index("Nobody")
    passage = "4fffdd6575d95225"
    data = get(client, f"/api/cite?passage={passage}&start={start}&end={start + 6}")
    assert data["signed_by"] == "speaker"
    assert data["citation"]["csl"]["author"] == [{"family": "Öztürk", "given": "Zoë"}]


def test_selection_outside_a_quote_is_the_publishers_text(client):
    text = get(client, "/api/documents/almaty-2010-seminar")["text"]
    start = text.index("said Ambassador")
    data = get(client, f"/api/cite?passage={WEISS}&start={start}&end={start + len('said Ambassador Jürgen Weiß')}")
    assert data["signed_by"] == "publisher"
    assert data["citation"]["text"].startswith("“said Ambassador Jürgen Weiß” (OSCE Centre in Almaty, ")
    assert "reports remarks by" not in data["citation"]["text"]  # the words overlap no statement of his
    assert data["citation"]["csl"]["author"] == [{"literal": "OSCE Centre in Almaty"}]


def test_a_quotation_selected_with_its_marks_is_the_speakers_words(client):
    text = get(client, "/api/documents/almaty-2010-seminar")["text"]
    start = text.index("We cannot afford")
    end = text.index("away.") + len("away.")
    data = get(client, f"/api/cite?passage={WEISS}&start={start - 1}&end={end + 1}")
    assert (data["signed_by"], data["start"], data["end"], data["text"]) == ("speaker", start, end, "We cannot afford to look away.")


def test_entity_lists_agree_with_search(client):
    for speaker in get(client, "/api/speakers")["speakers"]:
        assert speaker["passages"] == get(client, f"/api/search?speaker={speaker['id']}")["total"]
    for event in get(client, "/api/events")["events"]:
        assert event["passages"] == get(client, f"/api/search?event={event['id']}")["total"]
    themes = get(client, "/api/themes")["themes"]
    assert {t["id"]: t["passages"] for t in themes if t["passages"]} == {
        k: v for k, v in facet(get(client, "/api/search"), "theme").items() if k != "none"
    }


def test_speaker_event_theme_detail(client):
    speaker = get(client, "/api/speakers/jurgen-weiss")
    assert [len(g["quotations"]) for g in speaker["quotations_by_event"]] == [2]
    assert speaker["quotations_by_event"][0]["event"]["id"] == "almaty-2010-seminar"
    for quote in speaker["quotations_by_event"][0]["quotations"]:
        query = quote["cite_url"].split("?", 1)[1]
        cited = get(client, f"/api/cite?passage={quote['passage']}&{query}")
        assert cited["text"] == quote["text"]
        assert cited["citation"]["csl"]["author"] == [{"family": "Weiß", "given": "Jürgen"}]
    event = get(client, "/api/events/almaty-2010-seminar")
    assert [d["id"] for d in event["documents"]] == ["almaty-2010-seminar"]
    assert {s["id"] for s in event["speakers"]} >= {"jurgen-weiss", "aigerim-zhumabekova"}
    theme = get(client, "/api/themes/prisons")
    assert theme["results"]["total"] == 1 and theme["theme"]["label"] == "Prisons"


def test_document_endpoint(client):
    data = get(client, "/api/documents/bishkek-2011-note")
    assert data["document"]["title"] == "Notes from Bishkek: youth & prisons"
    assert data["document"]["event"]["id"] == "bishkek-2011-round-table"
    for p in data["passages"]:
        assert p["url"] == f"/passages/{p['id']}"
    assert [p["paragraph"] for p in data["passages"]] == [1, 2]  # the "# Notes from Bishkek" heading is no passage


def test_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        response = getattr(client, method)("/api/search")
        assert response.status_code == 405
        assert response.get_json() == {"error": {"message": "The method is not allowed for the requested URL."}}
        assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_no_index_is_503(tmp_path):
    client = create_app({"INDEX_DIR": tmp_path / "missing", "TESTING": True}).test_client()
    response = client.get("/api/search")
    assert response.status_code == 503
    assert "verbatim index" in response.get_json()["error"]["message"]


def _validator(name: str):
    document = spec()
    return jsonschema_rs.validator_for({"$ref": f"#/components/schemas/{name}", "components": document["components"]})


@pytest.mark.parametrize(
    ("url", "schema"),
    [
        ("/api/search?q=border&speaker=jurgen-weiss", "SearchResponse"),
        ("/api/search?per_page=100", "SearchResponse"),
        (f"/api/passages/{REGIONAL}", "PassageDetail"),
        ("/api/documents/almaty-2010-seminar", "DocumentDetail"),
        ("/api/speakers", "SpeakersList"),
        ("/api/speakers/jurgen-weiss", "SpeakerDetail"),
        ("/api/events", "EventsList"),
        ("/api/events/almaty-2010-seminar", "EventDetail"),
        ("/api/themes", "ThemesList"),
        ("/api/themes/border-security", "ThemeDetail"),
        (f"/api/cite?passage={WEISS}&start=202&end=210", "Cite"),
        ("/api/passages/nope", "Error"),
    ],
)
def test_responses_match_the_openapi_schemas(client, url, schema):
    response = client.get(url)
    _validator(schema).validate(response.get_json())


def test_openapi_document(client):
    data = get(client, "/api/openapi.json")
    assert data["openapi"] == "3.1.0"
    assert set(data["paths"]) == {
        "/api/search", "/api/search.csv", "/api/search.jsonl", "/api/passages/{passage_id}", "/api/cite", "/api/check", "/api/documents/{document_id}", "/api/speakers",
        "/api/speakers/{speaker_id}", "/api/events", "/api/events/{event_id}", "/api/themes", "/api/themes/{theme_id}",
    }
    names = [p["name"] for p in data["paths"]["/api/search"]["get"]["parameters"]]
    assert names == ["q", "speaker", "event", "theme", "organization", "year", "role", "quotes", "sort", "page", "per_page",
                     "from", "to", "date"]
