"""An Atom feed (RFC 4287) of a search: its newest passages by document date, to follow it.

Entry ids are the passages' own stable ids (`urn:verbatim:passage:ID`: the same text keeps its id
across rebuilds), so a feed reader sees a passage once. The feed's id is the search's canonical
URL. Built with ElementTree, so every text is escaped by the serialiser.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

from indexer.search import IndexView, SearchRequest, run_search
from indexer.search.types import FACET_NAMES
from present.links import Links
from webapp.params import request_params

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
TITLE_WORDS = 12
_GENERATION_TIME = re.compile(r"(\d{8}T\d{6})")


def _stamp(day: str | None, fallback: str) -> str:
    return f"{day}T00:00:00Z" if day else fallback


def _built(view: IndexView) -> str:
    """When the generation was built (from its name), as an Atom date: the date of undated entries."""
    found = _GENERATION_TIME.search(view.generation)
    when = datetime.strptime(found.group(1), "%Y%m%dT%H%M%S") if found else datetime(1970, 1, 1)
    return when.replace(tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_title(view: IndexView, request: SearchRequest) -> str:
    """`Verbatim: “q” · Speaker: X · …` from the query and the selected filters' labels."""
    parts = [f"“{request.q}”"] if request.q else []
    for facet in FACET_NAMES:
        parts += [f"{facet}: {view.catalog.label(facet, v)}" for v in request.selected(facet)]
    if request.quotes_only:
        parts.append("quotations only")
    if request.date_from or request.date_to:
        parts.append(f"{request.date_from or '…'} – {request.date_to or '…'}")
    return "Verbatim: " + (" · ".join(parts) or "all passages")


def atom_feed(view: IndexView, request: SearchRequest, links: Links) -> bytes:
    """The feed document of a search (newest first by document date; the request's page and sort aside)."""
    newest = replace(request, sort="newest", page=1, per_page=FEED_SIZE)
    results = run_search(view, newest)
    params = request_params(newest, sort="", per_page="")
    self_url = links.host + links.page("search.atom", params=params)
    built = _built(view)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", self_url)
    _add(feed, "title", feed_title(view, request))
    stamps = [_stamp(h.passage.published, built) for h in results.hits]
    _add(feed, "updated", max(stamps, default=built))
    _add(_add(feed, "author"), "name", "Verbatim")
    _add(feed, "generator", "Verbatim")
    _add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _add(feed, "link", rel="alternate", type="text/html", href=links.host + links.search(params))
    for hit, stamp in zip(results.hits, stamps):
        _entry(feed, view, hit.passage, stamp, links)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, view: IndexView, passage, stamp: str, links: Links) -> None:
    catalog = view.catalog
    entry = _add(feed, "entry")
    names = [catalog.label("speaker", s) for s in passage.speaker_ids]
    words = passage.text.split()
    lead = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
    _add(entry, "id", f"urn:verbatim:passage:{passage.id}")
    _add(entry, "title", f"{', '.join(names) or 'Unattributed'}: {lead}")
    _add(entry, "updated", stamp)
    if passage.published:
        _add(entry, "published", stamp)
    document = catalog.documents.get(passage.document_id)
    authors = names or ([document.meta.publisher] if document and document.meta.publisher else [])
    for name in authors:
        _add(_add(entry, "author"), "name", name)
    _add(entry, "link", rel="alternate", type="text/html", href=links.permalink(passage.id))
    if document is not None:
        _add(entry, "link", rel="related", type="text/html", title=document.meta.label,
             href=links.host + links.document(passage.document_id))
    _add(entry, "content", passage.text, type="text")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child
