"""Per-request resources the views and the API share: the open index, the answer cache, the URL builder."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, g, request

from indexer.search import IndexView, open_index
from present.links import Links
from webapp.collector import settle
from webapp.answers import Answers
from webapp.proxy import PROXIED

DEFAULT_PUBLIC_URL = "http://localhost"  # an app made without one (tests, embedding): never the Host header


def index_view() -> IndexView:
    """The open index generation for this request (open_index caches and reopens on swaps)."""
    if "view" not in g:
        g.view = open_index(current_app.config["INDEX_DIR"], current_app.extensions["verbatim.budget"])
        if current_app.config.get("SETTLE_GC"):  # a serving process (webapp/collector.py)
            settle(g.view.generation)
    return g.view


def answers() -> Answers:
    """This app's cache of encoded API answers."""
    return current_app.extensions["verbatim.answers"]


def links() -> Links:
    """URL builder for this request: script root for paths, the public origin for absolute permalinks."""
    origin, root = public_base()
    return Links(root=root, host=origin, document_window=int(current_app.config["DOCUMENT_WINDOW"]))


def public_base() -> tuple[str, str]:
    """(scheme://host[:port], path prefix) of the service as its users reach it.

    The configured PUBLIC_URL (`verbatim serve --public-url`, by default the address it listens on),
    never the request's Host header: a client sending `Host: evil.example` must not get permalinks
    and citations pointing there. Only with PUBLIC_URL_FROM_PROXY (`--proxy` without `--public-url`)
    and for a request that came through that proxy does its X-Forwarded-Proto/Host/Prefix say it."""
    if current_app.config.get("PUBLIC_URL_FROM_PROXY") and request.environ.get(PROXIED):
        return request.host_url.rstrip("/"), request.script_root
    parts = urlsplit(current_app.config.get("PUBLIC_URL") or DEFAULT_PUBLIC_URL)
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}", path or request.script_root
