"""The Flask application factory: layered config, the index view per request, security headers.

Config comes from defaults, then the environment (VERBATIM_CORPUS/METADATA/INDEX), then the
`test_config` overrides. The app is read-only: every route is GET (/check and /api/check also take POST, which writes nothing),
and nothing writes the index.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup

from indexer.paths import default_path
from indexer.search.budget import DEFAULT_MB, CacheBudget
from present.citations import format_date
from present.passage import parse_day
from webapp import api, errors, views
from webapp.answers import Answers
from webapp.fragments import Fragments
from webapp.headers import SECURITY_HEADERS
from webapp.proxy import TrustedProxy, proxy_addresses

FOLDERS = {"CORPUS_DIR": "corpus", "METADATA_DIR": "metadata", "INDEX_DIR": "index"}  # config key: indexer.paths name
def default_config() -> dict:
    """Defaults, with the folders from the environment when set (indexer.paths, as the CLI)."""
    return {
        **{key: default_path(name) for key, name in FOLDERS.items()},
        "MAX_CONTENT_LENGTH": 64 * 1024,  # only /check takes a body: 5,000 characters, form-encoded
        "JSON_SORT_KEYS": False,
        "DOCUMENT_WINDOW": 200,  # passages per page of a document page
        "CACHE_MB": DEFAULT_MB,  # this process's cache budget, split by indexer/search/budget.py's rule
        "ANSWER_CACHE_BYTES": None,  # encoded /api/search answers kept (None: the budget's share; 0: none)
        "FRAGMENT_CACHE_BYTES": None,  # encoded passages of /api/search answers kept (None: the budget's share)
        "PUBLIC_URL": None,  # origin (and prefix) of permalinks and citations; `verbatim serve` sets it
        "PUBLIC_URL_FROM_PROXY": False,  # the --proxy's X-Forwarded-Host/Proto say it (no --public-url given)
        "PROXY": (),  # addresses of a reverse proxy whose X-Forwarded-For/Proto/Host/Prefix are honoured
        "SETTLE_GC": False,  # True in `verbatim serve`: the collector policy of a serving process (webapp/collector.py)
    }


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: pages blueprint at /, API blueprint at /api, one error handler."""
    app = Flask(__name__)
    app.config.from_mapping(default_config())
    if test_config:
        app.config.from_mapping(test_config)
    for key in FOLDERS:
        app.config[key] = Path(app.config[key])
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    budget = app.extensions["verbatim.budget"] = CacheBudget(float(app.config["CACHE_MB"]))
    answers, fragments = app.config["ANSWER_CACHE_BYTES"], app.config["FRAGMENT_CACHE_BYTES"]
    app.extensions["verbatim.answers"] = Answers(budget.bytes_for("answers") if answers is None else int(answers))
    app.extensions["verbatim.fragments"] = Fragments(budget.bytes_for("passages") if fragments is None else int(fragments))
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api")
    errors.register(app)
    app.url_map.merge_slashes = False  # '/static//x' is not found, not redirected to a merged URL
    app.config["PROXY"] = proxy_addresses(app.config["PROXY"])
    app.wsgi_app = TrustedProxy(app.wsgi_app, app.config["PROXY"])  # type: ignore[method-assign]
    app.after_request(security_headers)
    app.after_request(local_redirects)
    app.jinja_env.finalize = printable_output
    app.add_template_filter(nicedate)
    app.add_template_filter(tojson_pretty)
    app.add_template_filter(counted)
    return app


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Unicode Cc but tab, line feed, CR


def printable_output(value):
    """Every `{{ … }}` of every page without control characters (a NUL in q reached the <title>):
    each becomes U+FFFD, visible and harmless. Markup stays Markup (it is escaped already)."""
    if isinstance(value, str) and _CONTROL.search(value):
        cleaned = _CONTROL.sub("\ufffd", str(value))
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def nicedate(value: str | None) -> str:
    """ISO date → `17 May 2019` (other strings unchanged)."""
    day = parse_day(value)
    return format_date(day) or "" if day else (value or "")


def counted(value: int, noun: str) -> str:
    """`1 passage`, `1,234 passages`: a count with its noun in the right number."""
    return f"{value:,} {noun if value == 1 else noun + 's'}"


def tojson_pretty(value) -> str:
    """JSON for reading in a <pre> (autoescaped by Jinja like any other text)."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def local_redirects(response):
    """Redirects stay on this site: an absolute Location Werkzeug built from the request's Host (a
    slash redirect) is cut to its path, which the browser resolves against the page it asked for."""
    location = response.headers.get("Location")
    if location and 300 <= response.status_code < 400:
        parts = urlsplit(location)
        if parts.scheme or parts.netloc or location.startswith("//") or "\\" in location:
            path = "/" + parts.path.lstrip("/\\")
            response.headers["Location"] = path + (f"?{parts.query}" if parts.query else "")
    return response


def security_headers(response):
    """CSP without inline script, no MIME sniffing, no referrer leaks to source sites."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
