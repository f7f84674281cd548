"""HTML pages: they render, link their JSON twins, escape hostile text, and send security headers."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from indexer.build import build_index
from serving import write_site
from webapp import create_app

HOSTILE_DOC = """---
title: "<script>alert('title')</script> report"
publisher: "\\"onmouseover=alert('publisher') x=\\""
published: 2020-02-02
kind: note
event: evil-summit
source_url: "javascript:alert('source')"
---
Hostile <script>alert('body')</script> heading

Minister Ann Smith said: "We reject <img src=x onerror=alert('img')> and \\"onmouseover=alert('q') everywhere."

See [this link](javascript:alert('md')) and [that one](https://example.org/ok) and ![pic](http://evil.example/x.png).

A line with "onmouseover=alert(1) and & ampersands < less-than.
"""

SAFE_DOC = """---
title: A plain report
publisher: Plain Publisher
published: 2021-03-03
source_url: https://example.org/plain-report
---
A plain report

The delegates discussed border security and cooperation at length.
"""

SPEAKERS = """- id: ann-smith
  name: "Ann Smith <b onmouseover=alert('speaker')>"
  aliases: [Ann Smith, Minister Ann Smith]
  roles:
    - role: "Minister <script>alert('role')</script>"
"""

EVENTS = """- id: evil-summit
  name: "Summit <script>alert('event')</script>"
  short_name: "Summit \\"onmouseover=alert('short')"
  city: "javascript:alert('city')"
  start: 2020-02-01
  end: 2020-02-02
"""

THEMES = """- id: borders
  label: "Borders <i>&amp;</i>"
  terms: [border]
"""


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    files = {"hostile.md": HOSTILE_DOC, "plain.md": SAFE_DOC}
    registry = {"speakers": SPEAKERS, "events": EVENTS, "themes": THEMES}
    corpus, metadata, index = write_site(tmp_path_factory.mktemp("hostile"), files, registry)
    build_index(corpus, metadata, index)
    return create_app({"INDEX_DIR": index, "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def client(tiny_index: Path):
    return create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of every <script> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def assert_safe(html: str) -> None:
    """No injected element, handler attribute, inline script or non-web link in a page."""
    tags = parse(html)
    assert tags.script_text == [], "inline script"
    for tag, attrs in tags.tags:
        assert tag not in {"img", "iframe", "object", "embed", "b", "i"}, tag
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert "style" not in attrs, (tag, attrs)
        for name in ("href", "src", "action", "cite"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs


def hostile_pages(client) -> list[str]:
    search = client.get("/api/search?per_page=100").get_json()
    urls = ["/", "/?q=onmouseover", "/?q=script", "/speakers", "/events", "/themes"]
    for p in search["results"]:
        urls += [p["url"], f"/documents/{p['document']['id']}"]
    urls += ["/speakers/ann-smith", "/events/evil-summit", "/themes/borders"]
    urls += ["/?q=%3Cscript%3Ealert(1)%3C/script%3E", '/?q="onmouseover=alert(1)', "/?speaker=%3Cscript%3E",
             "/passages/%3Cscript%3E", "/?year=%3Cscript%3E"]
    return urls


def test_hostile_text_is_escaped_everywhere(hostile_client):
    for url in hostile_pages(hostile_client):
        response = hostile_client.get(url)
        assert response.status_code in (200, 400, 404), url
        html = response.get_data(as_text=True)
        assert_safe(html)
        assert "<script>alert" not in html, url
        assert "<b onmouseover" not in html and "<img src=x" not in html, url


def test_hostile_text_is_shown_as_text(hostile_client):
    search = hostile_client.get("/api/search?q=reject").get_json()
    passage = search["results"][0]
    html = hostile_client.get(passage["url"]).get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in html
    assert "Ann Smith &lt;b onmouseover=alert(&#39;speaker&#39;)&gt;" in html
    assert "Minister &lt;script&gt;alert(&#39;role&#39;)&lt;/script&gt;" in html
    document = hostile_client.get(f"/documents/{passage['document']['id']}").get_data(as_text=True)
    assert "<p>Hostile &lt;script&gt;alert('body')&lt;/script&gt; heading</p>" in document
    assert "<p>See <span>this link</span>) and" in document  # the javascript: link is plain text
    assert '<a href="https://example.org/ok" rel="nofollow noopener noreferrer">that one</a>' in document
    assert "evil.example" not in document  # images become their alt text, nothing loads


def test_javascript_source_url_is_never_a_link(hostile_client):
    search = hostile_client.get("/api/search?q=reject").get_json()
    passage = search["results"][0]
    assert passage["document"]["source_url"] is None
    assert passage["citation"]["fragment_url"] is None
    plain = hostile_client.get("/api/search?q=delegates").get_json()["results"][0]
    assert plain["document"]["source_url"] == "https://example.org/plain-report"
    assert plain["citation"]["fragment_url"].startswith("https://example.org/plain-report#:~:text=")
    html = hostile_client.get(plain["url"]).get_data(as_text=True)
    assert 'href="https://example.org/plain-report"' in html


def test_query_is_escaped_in_the_search_box(hostile_client):
    html = hostile_client.get('/?q="><script>alert(1)</script>').get_data(as_text=True)
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert_safe(html)


def test_security_headers(client):
    for url in ("/", "/api/search", "/speakers", "/api/passages/nope", "/nope"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _tiny_pages(client) -> list[str]:
    data = client.get("/api/search?per_page=100").get_json()
    passage = data["results"][2]
    return [
        "/", "/?q=border&speaker=jurgen-weiss&year=2010", "/?quotes=only", "/?sort=newest&page=2&per_page=5",
        passage["url"], f"/documents/{passage['document']['id']}", "/speakers", "/speakers/jurgen-weiss",
        "/speakers/zoe-ozturk", "/events", "/events/almaty-2010-seminar", "/themes", "/themes/border-security",
    ]


def test_every_page_renders_and_links_its_json_twin(client):
    for url in _tiny_pages(client):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert_safe(html)
        twin = re.search(r'<link rel="alternate" type="application/json" href="([^"]+)">', html)
        assert twin, url
        json_url = twin.group(1).replace("&amp;", "&")
        assert json_url.startswith("/api/")
        linked = client.get(json_url)
        assert linked.status_code == 200 and linked.is_json, (url, json_url)
        assert f'class="json-link" href="{twin.group(1)}"' in html


def test_search_page_facets_chips_and_toggles(client):
    html = client.get("/?speaker=jurgen-weiss&speaker=zoe-ozturk&year=2010").get_data(as_text=True)
    assert '<h1 id="results-heading" class="count">1 passage' in html
    chips = re.findall(r'<a class="chip" href="([^"]+)"><span class="chip-facet">(\w+):</span> ([^<]+) <', html)
    assert [(f, label) for _, f, label in chips] == [
        ("Speaker", "Jürgen Weiß"), ("Speaker", "Zoë Öztürk"), ("Year", "2010")
    ]
    assert chips[0][0] == "/?speaker=zoe-ozturk&amp;year=2010"  # removing one value keeps the others
    assert 'href="/?speaker=jurgen-weiss&amp;speaker=zoe-ozturk&amp;speaker=aigerim-zhumabekova&amp;year=2010"' in html
    assert 'name="speaker" value="jurgen-weiss"' in html  # a new query keeps the filters


def test_search_page_marks_quotes_with_their_speaker(client):
    html = client.get("/?q=afford").get_data(as_text=True)
    assert (
        '<span class="q">We cannot <mark>afford</mark> to look away.</span>&#34;'
        '<span class="who" data-nocopy><span class="visually-hidden"> — </span>Jürgen Weiß</span>'
    ) in html.replace("</mark></span><span class=\"q\">", "</mark>").replace(
        '<span class="q"><mark>', "<mark>").replace('We cannot </span><mark>', "We cannot <mark>")


def test_search_page_paginates_and_suggests(client):
    html = client.get("/?per_page=3&page=2").get_data(as_text=True)  # 8 passages: pages of 3, 3 and 2
    assert 'rel="prev" href="/?per_page=3"' in html and 'rel="next" href="/?page=3&amp;per_page=3"' in html
    suggested = client.get("/?q=trafficing").get_data(as_text=True)
    assert "Did you mean" in suggested


def test_document_page_anchors_every_passage(client):
    data = client.get("/api/documents/almaty-2010-seminar").get_json()
    html = client.get("/documents/almaty-2010-seminar").get_data(as_text=True)
    for p in data["passages"]:
        assert f'<section class="doc-passage" id="p-{p["id"]}">' in html
    assert "&lt; 5% of containers" in html


def test_passage_page_shows_neighbours_and_selection(client):
    text = client.get("/api/documents/almaty-2010-seminar").get_json()["text"]
    start = text.index("We cannot")
    html = client.get(f"/passages/861ea12f4b819c6f?start={start}&end={start + 9}").get_data(as_text=True)
    assert "Before ·" in html and "After ·" in html
    assert '<blockquote class="selected-text">We cannot</blockquote>' in html
    assert '<span class="q"><mark>We cannot</mark></span>' in html  # marked inside the passage
    assert "“We cannot” — Jürgen Weiß" in html


@pytest.mark.parametrize(("url", "status"), [("/passages/nope", 404), ("/?page=0", 400), ("/speakers/x", 404)])
def test_error_pages_are_html(client, url, status):
    response = client.get(url)
    assert response.status_code == status and response.mimetype == "text/html"
    assert f"Error {status}" in response.get_data(as_text=True)


def test_static_files_are_local(client):
    html = client.get("/").get_data(as_text=True)
    for tag, attrs in parse(html).tags:
        for name in ("src", "href"):
            if tag in {"script", "link"} and attrs.get(name):
                assert attrs[name].startswith("/"), attrs
    for name in ("app.js", "style.css", "favicon.svg"):
        with client.get(f"/static/{name}") as response:
            assert response.status_code == 200
            assert response.headers["X-Content-Type-Options"] == "nosniff"
