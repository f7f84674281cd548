"""Hostile text and hostile requests against the web app: nothing runs, nothing leaks, nothing changes.

A corpus and registry written to attack: `<script>`, `"onmouseover=`, `javascript:` links and
source URLs in document text, front matter, titles, speaker names, event names and theme labels.
Every HTML page is parsed (not string-matched): no inline script, no event-handler attribute, no
script-scheme link. Plus security headers, ids that try to climb out of the index, write methods,
and pagination past the window. (tests/test_security*.py, the web engineer's, test the templates' own
escaping; these come at it from the outside, with whole hostile inputs.)
"""
from __future__ import annotations

import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from indexer.build import build_index
from serving import write_site
from webapp import create_app

SCRIPT = "<script>alert('x')</script>"
ATTR = '"onmouseover=alert(1) x="'
REGISTRY = {
    "documents": [
        {"id": "hostile-report", "file": "hostile-report.md", "title": f"Report {SCRIPT} {ATTR}",
         "publisher": f"Publisher {ATTR}", "published": date(2019, 5, 17), "kind": f"news {SCRIPT}",
         "event": "hostile-event", "source_url": "javascript:alert(document.cookie)"},
        {"id": "data-url", "file": "data-url.txt", "title": "Data URL source", "published": date(2019, 5, 18),
         "source_url": "data:text/html,<script>alert(2)</script>"},
    ],
    "events": [
        {"id": "hostile-event", "name": f"Conference {SCRIPT}", "short_name": f"Conf {ATTR}",
         "city": f"Dushanbe {ATTR}", "country": "<b>Tajikistan</b>", "start": date(2019, 5, 16), "end": date(2019, 5, 17)},
    ],
    "speakers": [
        {"id": "ivan-hostile", "name": f"Ivan {SCRIPT} Hostile {ATTR}", "kind": "person",
         "aliases": ["Ivan Hostile", "Hostile"], "roles": [{"role": f"Minister {SCRIPT}", "from": date(2019, 1, 1)}]},
    ],
    "themes": [
        {"id": "hostile-theme", "label": "Borders <img src=x onerror=alert(3)>", "description": ATTR,
         "terms": ["border", "borders"]},
    ],
}
REPORT = f"""---
title: ignored, the registry wins
---
# Hostile report

“We will secure the border {SCRIPT},” said Ivan Hostile at the conference.

A link [click me](javascript:alert(5)) and <a href="javascript:alert(6)" onclick="alert(7)">raw html</a>.

<script>alert(8)</script>

<iframe src="https://evil.example/"></iframe> <img src=x onerror=alert(9)> ![alt text](https://evil.example/x.png)

Delegates said {ATTR} and "<b>bold</b>" and &lt;escaped&gt; &amp; entities about borders.
"""
DATA_DOC = "Data URL source\n\nThe border talks went on; Hostile told reporters the border is calm.\n"


class PageAudit(HTMLParser):
    """Collects what could run or load: script tags, event handlers, script-scheme URLs, frames."""

    URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not (values.get("src") or "").startswith("/"):
                self.problems.append(f"script without a same-origin src: {attrs}")
        if tag in ("iframe", "object", "embed", "frame", "base", "meta") and not (tag == "meta" and "http-equiv" not in values):
            self.problems.append(f"<{tag}> {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler on <{tag}>: {name}={value!r}")
            if name in self.URL_ATTRS and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower() if ":" in value else ""
                allowed = {"", "http", "https", "mailto"} | ({"data"} if tag == "img" else set())
                if scheme not in allowed:
                    self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and ("expression" in value or "url(" in value):
                self.problems.append(f"style on <{tag}>: {value!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.problems.append(f"inline script: {data[:80]!r}")
        self.text.append(data)


def audit(html: str) -> PageAudit:
    page = PageAudit()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    files = {"hostile-report.md": REPORT, "data-url.txt": DATA_DOC}
    corpus, metadata, index = write_site(tmp_path_factory.mktemp("hostile"), files, REGISTRY)
    build_index(corpus, metadata, index)
    app = create_app({"CORPUS_DIR": corpus, "METADATA_DIR": metadata, "INDEX_DIR": index, "TESTING": True})
    return app.test_client(), index


def all_pages(client) -> list[str]:
    """Every HTML page reachable from the hostile index, plus searches with hostile queries."""
    found = client.get("/api/search?per_page=100").get_json()
    paths = ["/", "/speakers", "/events", "/themes", "/speakers/ivan-hostile", "/events/hostile-event", "/themes/hostile-theme"]
    paths += [f"/?q={quote(q)}" for q in (SCRIPT, ATTR, "javascript:alert(1)", "border", "Hostile", '"><svg onload=alert(1)>')]
    paths += ["/?speaker=ivan-hostile&event=hostile-event&theme=hostile-theme&q=border"]
    paths += [f"/?speaker={quote(SCRIPT)}", f"/?theme={quote(ATTR)}"]
    paths += [r["url"] for r in found["results"]] + [r["document_url"].split("#")[0] for r in found["results"]]
    paths += [f"{r['url']}?start={r['start']}&end={r['start'] + 5}" for r in found["results"]]  # cite a selection
    return sorted(set(paths))


def test_every_page_escapes_hostile_text_and_runs_nothing(hostile):
    client, _ = hostile
    pages = all_pages(client)
    assert len(pages) > 15
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        page = audit(response.get_data(as_text=True))
        assert page.problems == [], (path, page.problems[:5])


def test_hostile_text_is_shown_not_dropped(hostile):
    client, _ = hostile
    report = client.get("/documents/hostile-report")
    shown = "".join(audit(report.get_data(as_text=True)).text)
    for text in ("alert(8)", "raw html", "click me", "alt text", '"onmouseover=alert(1) x="'):
        assert text in shown, text
    (passage,) = [r for r in client.get("/api/search?q=secure").get_json()["results"]]
    assert SCRIPT in passage["text"]  # the exact source characters, not stripped
    assert "<script>" not in passage["highlight"] and "&lt;script&gt;" in passage["highlight"]
    assert audit(passage["highlight"]).problems == []
    speakers = "".join(audit(client.get("/speakers").get_data(as_text=True)).text)
    assert f"Ivan {SCRIPT} Hostile" in speakers


def urls_in(value, key: str = "") -> list[tuple[str, str]]:
    """(key, value) of every URL-valued field in a JSON document."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() for pair in urls_in(v, k)]
    if isinstance(value, list):
        return [pair for v in value for pair in urls_in(v, key)]
    return [(key, value)] if isinstance(value, str) and (key.endswith("url") or key in ("permalink", "href")) else []


def test_api_only_ever_gives_http_or_relative_urls(hostile):
    client, _ = hostile
    found = client.get("/api/search?per_page=100").get_json()
    documents = [client.get(f"/api/documents/{d}").get_json() for d in ("hostile-report", "data-url")]
    passages = [client.get(f"/api/passages/{r['id']}").get_json() for r in found["results"]]
    pairs = urls_in([found, documents, passages])
    assert pairs
    for key, url in pairs:
        parts = urlsplit(url)
        assert parts.scheme in ("http", "https") or (not parts.scheme and url.startswith("/")), (key, url)
    assert {d["document"]["source_url"] if "document" in d else d.get("source_url") for d in documents} == {None}
    for citation in (r["citation"] for r in found["results"]):
        # Pasted Markdown must not turn quoted text into a live link or raw HTML.
        assert not re.search(r"(?<!\\)\]\((?:javascript|data|vbscript):", citation["markdown"]), citation["markdown"]
        assert not re.search(r"(?<!\\)<(?!https?://)[a-z/!]", citation["markdown"]), citation["markdown"]
        assert "javascript:" not in json.dumps([citation.get("fragment_url"), citation.get("csl", {}).get("URL")])


HEADER_PATHS = ["/", "/?q=x", "/api/search?q=x", "/api/openapi.json", "/speakers", "/api/passages/nope", "/nope", "/api/search?page=0"]


@pytest.mark.parametrize("path", HEADER_PATHS)
def test_security_headers_on_every_response(hostile, path):
    client, _ = hostile
    response = client.get(path)
    csp = response.headers.get("Content-Security-Policy", "")
    script_src = re.search(r"(?:^|;)\s*script-src ([^;]*)", csp) or re.search(r"(?:^|;)\s*default-src ([^;]*)", csp)
    assert script_src and "'unsafe-inline'" not in script_src.group(1) and "'unsafe-eval'" not in script_src.group(1)
    assert "'none'" in (re.search(r"object-src ([^;]*)", csp) or re.search(r"default-src ([^;]*)", csp)).group(1)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin")
    assert response.status_code < 500


TRAVERSAL = [
    "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..", "...", "%2e%2e", "..%5C..%5Cwindows",
    "catalog", "..%2Fcatalog", "..%2F..%2FCURRENT", "%2Fetc%2Fpasswd", "hostile-report%00", "hostile-report.txt",
    "hostile-report%2F..%2Fhostile-report", "%00", "~root", "hostile-report%3Bls", "x" * 300,
]


@pytest.mark.parametrize("raw_id", TRAVERSAL)
@pytest.mark.parametrize("kind", ["documents", "passages", "speakers", "events", "themes"])
def test_ids_never_reach_the_file_system(hostile, kind, raw_id):
    client, _ = hostile
    for prefix in (f"/api/{kind}/", f"/{kind}/"):
        response = client.get(prefix + raw_id)
        body = response.get_data(as_text=True)
        assert response.status_code in (400, 404), (prefix + raw_id, response.status_code)
        assert "root:" not in body and "generations" not in body and "Traceback" not in body
        if prefix.startswith("/api/"):
            assert response.get_json()["error"]["message"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_nothing_over_http_changes_the_index(hostile, method):
    client, index = hostile
    before = snapshot(index)
    paths = ["/", "/api/search", "/api/passages/x", "/api/documents/hostile-report", "/api/speakers", "/api/events",
             "/api/themes", "/api/cite", "/api/openapi.json", "/documents/hostile-report", "/api/index", "/api/reindex"]
    for path in paths:
        response = client.open(path, method=method, data=b'{"q": "x"}', content_type="application/json")
        assert response.status_code in (404, 405), (method, path, response.status_code)
    assert snapshot(index) == before


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ("page=10001", 400),
        ("page=101&per_page=100", 400),
        ("page=99999999999999999999", 400),
        ("page=-1", 400),
        ("page=1e3", 400),
        ("per_page=0", 400),
        ("per_page=101", 400),
        ("page=50&per_page=100", 200),  # inside the window but past the results: empty
        ("page=3", 200),
    ],
)
def test_pagination_past_the_window_is_a_400_or_empty(hostile, params, status):
    client, _ = hostile
    response = client.get(f"/api/search?q=border&{params}")
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    if status == 400:
        assert body["error"]["message"]
    else:
        assert body["results"] == [] and body["total"] > 0
    assert client.get(f"/?q=border&{params}").status_code == status

