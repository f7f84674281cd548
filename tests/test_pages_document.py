"""Long document pages show a page of passages at a time, and every link to a passage still lands on it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from webapp import create_app

DOC = "almaty-2010-seminar"  # six passages: pages of two with DOCUMENT_WINDOW=2


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True, "DOCUMENT_WINDOW": 2}).test_client()


def anchors(html: str) -> list[str]:
    return re.findall(r'<section class="doc-passage" id="p-([0-9a-f]+)">', html)


def body(html: str) -> str:
    return html.split('<article class="document-body"', 1)[1].split("</article>", 1)[0]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_pages_hold_every_passage_once_in_order(client):
    ids = [p["id"] for p in client.get(f"/api/documents/{DOC}").get_json()["passages"]]
    pages = [anchors(page(client, f"/documents/{DOC}" + (f"?page={n}" if n > 1 else ""))) for n in (1, 2, 3)]
    assert len(ids) == 5 and pages == [ids[0:2], ids[2:4], ids[4:5]]  # 5 body paragraphs; the headline is the title
    first = page(client, f"/documents/{DOC}")
    assert "Page 1 of 3" in first and f'rel="next" href="/documents/{DOC}?page=2"' in first
    assert "ALMATY, 12 October" in body(first) and "ALMATY, 12 October" not in body(page(client, f"/documents/{DOC}?page=2"))
    assert "European Union" in body(page(client, f"/documents/{DOC}?page=2"))


def test_every_document_link_lands_on_the_page_holding_the_passage(client):
    for summary in client.get(f"/api/documents/{DOC}").get_json()["passages"]:
        passage = client.get(f"/api/passages/{summary['id']}").get_json()
        path, fragment = passage["document_url"].split("#")
        assert fragment == f"p-{summary['id']}"
        assert summary["id"] in anchors(page(client, path))
        for neighbour in filter(None, passage["context"].values()):
            path, fragment = neighbour["document_url"].split("#")
            assert fragment[2:] in anchors(page(client, path))


def test_passage_parameter_redirects_to_its_page(client):
    last = client.get(f"/api/documents/{DOC}").get_json()["passages"][-1]["id"]
    response = client.get(f"/documents/{DOC}?passage={last}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/documents/{DOC}?page=3#p-{last}"
    assert client.get(f"/documents/{DOC}?passage=nope").status_code == 404


@pytest.mark.parametrize(("query", "status"), [("page=4", 404), ("page=0", 400), ("page=x", 400)])
def test_pages_outside_the_document(client, query, status):
    assert client.get(f"/documents/{DOC}?{query}").status_code == status


def test_a_short_document_is_one_page(tiny_index: Path):
    client = create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()
    html = page(client, f"/documents/{DOC}")
    assert len(anchors(html)) == 5 and 'class="pager"' not in html
    passage = client.get(f"/api/passages/{anchors(html)[-1]}").get_json()
    assert passage["document_url"] == f"/documents/{DOC}#p-{anchors(html)[-1]}"
