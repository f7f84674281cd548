"""`verbatim add` on URLs, against a loopback HTTP server these tests start: robots.txt, redirects,
errors, timeouts, size cap, a PDF served as application/octet-stream, declared charsets."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.corpus import SourceFile, read_document
from ingest.add import add_sources
from ingest.fetch import USER_AGENT, Limits
from published import FONT, bundled, pdf_document, web_page

DOC = bundled()[0]
PAGE = web_page(DOC)
LATIN = ('<html><head><meta charset="windows-1252"><title>Caf\xe9 talks</title></head><body><article>'
         "<h1>Caf\xe9 talks</h1><p>The minister said: \x93We will meet again\x94 \x96 in the caf\xe9 \xab next door \xbb"
         " on\xa0Monday, and the talks will continue through the week with every delegation present.</p>"
         "</article></body></html>").encode("latin-1")

RUSSIAN = ("<html><head><title>Встреча в Ташкенте</title></head><body><article><h1>Встреча в Ташкенте</h1>"
           "<p>Министр заявил: «Мы встретимся снова» — и переговоры продолжатся на следующей неделе со всеми "
           "делегациями, которые приехали в город на конференцию по безопасности.</p></article></body></html>").encode("cp1251")


class Site(BaseHTTPRequestHandler):
    routes: dict = {}
    agents: list = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        Site.agents.append(self.headers.get("User-Agent"))
        route = Site.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, headers, body, delay = route
        time.sleep(max(0.0, delay))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if "Content-Length" not in headers and "/unsized" not in self.path:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if delay < 0:  # drip the body: a little, every -delay seconds
                for at in range(0, len(body), 200):
                    self.wfile.write(body[at : at + 200])
                    self.wfile.flush()
                    time.sleep(-delay)
            else:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def _routes(pdf: bytes) -> dict:
    html = {"Content-Type": "text/html; charset=utf-8"}
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n", 0),
        "/news/release.html": (200, html, PAGE, 0),
        "/private/release.html": (200, html, PAGE, 0),
        "/hop/1": (301, {"Location": "/hop/2"}, b"", 0),
        "/hop/2": (302, {"Location": "/hop/3"}, b"", 0),
        "/hop/3": (307, {"Location": "/news/release.html"}, b"", 0),
        **{f"/loop/{n}": (302, {"Location": f"/loop/{n + 1}"}, b"", 0) for n in range(10)},
        "/to-private": (302, {"Location": "/private/release.html"}, b"", 0),
        "/slow": (200, html, PAGE, 3.0),
        "/drip": (200, html, PAGE, -0.1),
        "/files/statement": (200, {"Content-Type": "application/octet-stream"}, pdf, 0),
        "/big": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 50_000 + b"</body></html>", 0),
        "/unsized/big": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 50_000 + b"</body></html>", 0),
        "/latin": (200, {"Content-Type": "text/html"}, LATIN, 0),
        "/latin1-header": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, LATIN.replace(b'<meta charset="windows-1252">', b""), 0),
        "/undeclared": (200, {"Content-Type": "text/html"}, LATIN.replace(b'<meta charset="windows-1252">', b""), 0),
        "/russian": (200, {"Content-Type": "text/html"}, RUSSIAN, 0),
        "/empty.html": (200, html, b"<html><body><nav><a href='/'>Home</a></nav></body></html>", 0),
        "/data.bin": (200, {"Content-Type": "application/octet-stream"}, b"\x00\x01\x02binary", 0),
    }


@pytest.fixture(scope="module")
def site():
    pdf = pdf_document(DOC, 1).data if FONT.exists() else b""
    Site.routes = _routes(pdf)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _add(tmp_path: Path, *urls: str, limits: Limits = Limits(timeout=2.0)):
    return add_sources(list(urls), tmp_path / "corpus", limits=limits)


def _document(stored):
    return read_document(SourceFile(stored.path, stored.path.name), None)


def test_a_page_is_fetched_with_our_user_agent_and_its_provenance_kept(tmp_path, site):
    report = _add(tmp_path, f"{site}/news/release.html")
    assert report.errors == ()
    (stored,) = report.stored
    document = _document(stored)
    assert (document.meta.title, document.meta.published) == (DOC.title, DOC.published)
    front = stored.path.read_text(encoding="utf-8")
    assert f"added_from: {site}/news/release.html\n" in front and "\nretrieved: 20" in front and "\nformat: html\n" in front
    original = (tmp_path / "corpus-originals" / f"{stored.id}.html").read_bytes()
    assert original == PAGE
    assert Site.agents[-1] == USER_AGENT


def test_the_same_url_twice_is_one_document_and_a_changed_page_replaces_it(tmp_path, site):
    first = _add(tmp_path, f"{site}/news/release.html").stored[0]
    again = _add(tmp_path, f"{site}/news/release.html").stored[0]
    assert (again.outcome, again.id, again.path) == ("unchanged", first.id, first.path)
    Site.routes["/news/release.html"] = (200, {"Content-Type": "text/html"}, PAGE.replace(b"</article>", b"<p>Update: the meeting will reconvene in the spring of the following year.</p></article>"), 0)
    try:
        changed = _add(tmp_path, f"{site}/news/release.html").stored[0]
    finally:
        Site.routes["/news/release.html"] = (200, {"Content-Type": "text/html"}, PAGE, 0)
    assert (changed.outcome, changed.id) == ("replaced", first.id)
    assert sorted(p.name for p in (tmp_path / "corpus").iterdir()) == [first.path.name]
    assert "reconvene in the spring" in _document(changed).text


def test_a_redirect_chain_is_followed(tmp_path, site):
    report = _add(tmp_path, f"{site}/hop/1")
    assert report.errors == ()
    assert _document(report.stored[0]).meta.title == DOC.title


@pytest.mark.parametrize(
    "path, limits, message",
    [
        ("/private/release.html", Limits(timeout=2.0), "robots.txt disallows fetching {site}/private/release.html"),
        ("/to-private", Limits(timeout=2.0), "robots.txt disallows fetching {site}/private/release.html"),
        ("/loop/0", Limits(timeout=2.0), "more than 5 redirects"),
        ("/missing", Limits(timeout=2.0), "HTTP 404 Not Found"),
        ("/slow", Limits(timeout=0.5), "timed out after 0.5 s (ReadTimeout)"),
        ("/drip", Limits(timeout=0.5), "timed out: the body took longer than 1.5 s"),
        ("/big", Limits(timeout=2.0, max_bytes=20_000), "over the size limit: 50,026 bytes (at most 20,000)"),
        ("/unsized/big", Limits(timeout=2.0, max_bytes=20_000), "over the size limit: more than 20,000 bytes"),
        ("/empty.html", Limits(timeout=2.0), "page with no main text (only navigation, boilerplate or scripts)"),
        ("/data.bin", Limits(timeout=2.0), "unknown format (content type application/octet-stream): expected a web page, PDF, Word (.docx), .txt or .md file"),
    ],
)
def test_a_url_that_cannot_be_added_gets_one_precise_line(tmp_path, site, path, limits, message):
    report = _add(tmp_path, f"{site}{path}", f"{site}/news/release.html", limits=limits)
    assert [str(e) for e in report.errors] == [f"{site}{path}: " + message.format(site=site)]
    assert [s.outcome for s in report.stored] == ["added"]  # nothing else is lost


@pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} missing (Debian fonts-dejavu-core; .ci/run installs it)")
def test_a_pdf_served_as_octet_stream_is_read_as_a_pdf(tmp_path, site):
    report = _add(tmp_path, f"{site}/files/statement")
    assert report.errors == ()
    document = _document(report.stored[0])
    assert "\nformat: pdf\n" in report.stored[0].path.read_text(encoding="utf-8")
    assert document.meta.title == DOC.title and document.pages[0][2] == 1


@pytest.mark.parametrize("path", ["/latin", "/latin1-header", "/undeclared"])
def test_a_declared_charset_gives_the_characters_the_page_shows(tmp_path, site, path):
    report = _add(tmp_path, f"{site}{path}")
    assert report.errors == ()
    text = _document(report.stored[0]).text
    assert "The minister said: “We will meet again” – in the café « next door » on\xa0Monday" in text


def test_an_undeclared_cyrillic_page_is_detected(tmp_path, site):
    report = _add(tmp_path, f"{site}/russian")
    assert report.errors == ()
    assert "Министр заявил: «Мы встретимся снова» — и переговоры" in _document(report.stored[0]).text


def test_verbatim_add_of_a_url_reports_each_source_and_the_page_date_wins_over_the_text(tmp_path, site):
    Site.routes["/dated.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, (
        '<html lang="en"><head><title>Envoys meet on the river basin</title>'
        '<meta property="article:published_time" content="2020-01-02"></head><body><article>'
        "<h1>Envoys meet on the river basin</h1><p>COLDHARBOUR, 5 March 2019 – The envoys of Arvenia and Belmora "
        "met again to discuss the reservoirs built upstream and agreed to meet every quarter.</p>"
        "</article></body></html>").encode(), 0)
    from serving import verbatim

    run = verbatim("add", f"{site}/dated.html", f"{site}/missing", "--no-index", "--publisher", "Arvenian Ministry of Water",
                   "--corpus", str(tmp_path / "corpus"))
    assert run.code == 1
    assert run.out[0] == f"added     arvenian-ministry-water-2020-01-02-envoys-meet-on-the-river-basin from {site}/dated.html"
    assert run.err == [f"verbatim: cannot add {site}/missing: HTTP 404 Not Found"]
    document = _document(add_sources([f"{site}/dated.html"], tmp_path / "corpus").stored[0])
    assert (document.meta.published.isoformat(), document.meta.publisher) == ("2020-01-02", "Arvenian Ministry of Water")
    assert "published" not in document.inferred
