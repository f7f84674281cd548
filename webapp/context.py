"""Per-request resources the views and the API share: the open index, the answer cache, the URL builder."""
from __future__ import annotations

from flask import current_app, g, request

from indexer.search import IndexView, open_index
from present.links import Links
from webapp.answers import Answers


def index_view() -> IndexView:
    """The open index generation for this request (open_index caches and reopens on swaps)."""
    if "view" not in g:
        g.view = open_index(current_app.config["INDEX_DIR"])
    return g.view


def answers() -> Answers:
    """This app's cache of encoded API answers."""
    return current_app.extensions["verbatim.answers"]


def links() -> Links:
    """URL builder for this request: script root for paths, host for absolute permalinks."""
    return Links(root=request.script_root, host=request.host_url.rstrip("/"),
                 document_window=int(current_app.config["DOCUMENT_WINDOW"]))
