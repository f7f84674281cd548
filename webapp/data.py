"""Page data: each page's dict is computed once here; the API returns it, the HTML view renders it.

Every search (the search page, and the lists on speaker, event and theme pages) goes through
`params.search_request` and `indexer.search.run_search`: one code path, one set of parameters.
"""
from __future__ import annotations

import math
import re

from indexer.search import BadRequest, IndexView, run_search
from indexer.search.types import SearchRequest
from present.citations import all_formats
from present.links import Links
from present.passage import brief_dict, citation_source, document_dict, event_dict, passage_dict
from present.results import results_data
from webapp.errors import NotFound
from webapp.params import search_request

_OFFSET = re.compile(r"[0-9]{1,9}")


def search(view: IndexView, args, links: Links) -> tuple[SearchRequest, dict]:
    """Request args → SearchRequest → run_search → the response dict (the one code path)."""
    request = search_request(args)
    return request, search_answer(view, request, links)


def search_answer(view: IndexView, request: SearchRequest, links: Links) -> dict:
    """The response dict for an already parsed request (the API caches its encoding per generation)."""
    return results_data(view, run_search(view, request), links)


def _record(view: IndexView, passage_id: str):
    record = view.passage(passage_id)
    if record is None:
        raise NotFound(f"no passage with id {passage_id[:80]!r}")
    return record


def passage_data(view: IndexView, passage_id: str, links: Links) -> dict:
    """One passage with its neighbours in the document and where else its text stands."""
    record = _record(view, passage_id)
    siblings = view.document_passages(record.document_id)
    ids = [p.id for p in siblings]
    at = ids.index(record.id) if record.id in ids else -1
    data = passage_dict(
        record, view.catalog, view.document_text(record.document_id) or "", links, also=view.also_appears_in(record)
    )
    data["context"] = {
        "previous": brief_dict(siblings[at - 1], view.catalog, links) if at > 0 else None,
        "next": brief_dict(siblings[at + 1], view.catalog, links) if 0 <= at < len(siblings) - 1 else None,
    }
    return data


def _offset(args, name: str) -> int:
    raw = args.get(name, "")
    if not _OFFSET.fullmatch(raw):
        raise BadRequest(f"{name} must be a character offset (a whole number ≥ 0)")
    return int(raw)


MAX_WORDS = 2000  # characters of "cite these words"


def find_words(view: IndexView, passage_id: str, words: str) -> tuple[int, int]:
    """Document offsets of the first place the passage has these words (case and spacing aside).

    Raises:
        BadRequest: no words, too many characters, or words the passage does not have.
    """
    record = _record(view, passage_id)
    parts = words.split()
    if not parts or len(words) > MAX_WORDS:
        raise BadRequest(f"words must be some of the passage's words (1 to {MAX_WORDS:,} characters)")
    found = re.search(r"\s+".join(re.escape(p) for p in parts), record.text, re.IGNORECASE)
    if found is None:
        raise BadRequest(f"passage {record.id} does not have the words {words[:80]!r}")
    return record.start + found.start(), record.start + found.end()


def cite_data(view: IndexView, args, links: Links, passage_id: str | None = None) -> dict:
    """Citations of exactly text[start:end] (document offsets) inside one passage."""
    passage_id = passage_id or args.get("passage", "")
    if not passage_id:
        raise BadRequest("passage is required")
    record = _record(view, passage_id)
    start, end = _offset(args, "start"), _offset(args, "end")
    if not record.start <= start < end <= record.end:  # well-formed, but no such span in this passage
        raise BadRequest(f"passage {record.id} has no span {start}–{end}: it covers {record.start}–{record.end}")
    text = view.document_text(record.document_id) or ""
    source = citation_source(record, view.catalog, text, links, start, end)  # a quotation's marks left out
    return {
        "passage": record.id,
        "start": source.start,
        "end": source.end,
        "text": source.excerpt,
        "signed_by": source.signed_by,
        "citation": all_formats(source),
    }


def _document_entry(view: IndexView, doc_id: str):
    entry = view.catalog.documents.get(doc_id)
    if entry is None:
        raise NotFound(f"no document with id {doc_id[:80]!r}")
    return entry


def _document_meta(view: IndexView, entry, links: Links) -> dict:
    event = view.catalog.events.get(entry.meta.event) if entry.meta.event else None
    return {
        **document_dict(entry),
        "file": entry.meta.file,
        "language": entry.meta.language,
        "inferred": list(entry.inferred),
        "event": event_dict(event),
        "url": links.document(entry.meta.id),
    }


def _anchor(p, links: Links) -> dict:
    return {"id": p.id, "url": links.passage(p.id), "paragraph": p.paragraph + 1, "block": p.block,
            "start": p.start, "end": p.end, "speakers": list(p.speaker_ids), "quotes": len(p.quotes)}


MAX_PAGE_TEXT = 1_000_000  # characters of document text in one /api/documents answer
API_DOCUMENT_WINDOW = 1000  # passages in one /api/documents answer


def document_data(view: IndexView, doc_id: str, links: Links, page: int = 1) -> dict:
    """A document's metadata and one page of it: the passages of the page's window and the exact text
    they cover (text_start/text_end: where it stands in the whole text, which passage offsets point
    into). A short document is one page holding its whole text; a 50 MB one is many bounded pages,
    and a page whose text would still pass MAX_PAGE_TEXT says so with text_truncated."""
    found = document_page_data(view, doc_id, links, page, API_DOCUMENT_WINDOW)
    start, end = found["start"], found["end"]
    cut = min(end, start + MAX_PAGE_TEXT)
    return {
        "document": found["document"],
        "text": found["text"][start:cut],
        "text_start": start,
        "text_end": cut,
        "text_truncated": cut < end,
        "passages": found["passages"],
        "passage_count": found["passage_count"],
        "page": found["page"],
        "pages": found["pages"],
        "next": links.page("api", "documents", doc_id, params=[("page", str(page + 1))]) if page < found["pages"] else None,
    }


def passage_in_document(view: IndexView, doc_id: str, passage_id: str, links: Links) -> str:
    """The link to a passage on the page of its document that holds it (404 when it is not there)."""
    ids = _document_entry(view, doc_id).passage_ids
    if passage_id not in ids:
        raise NotFound(f"document {doc_id[:80]!r} has no passage {passage_id[:80]!r}")
    return links.in_document(doc_id, passage_id, ids.index(passage_id))


def document_page_data(view: IndexView, doc_id: str, links: Links, page: int, window: int | None = None) -> dict:
    """One page of a document page: its passages (a window of them) and the text range they cover.

    Page n holds passages [(n-1)·w, n·w) and the text from its first passage up to the next
    page's first passage (page 1 starts at the top, the last page runs to the end). Only the
    window's records are read, so a page of a long document costs what a short document does.
    """
    entry = _document_entry(view, doc_id)
    ids, size = entry.passage_ids, window or links.document_window
    pages = max(1, math.ceil(len(ids) / size))
    if page > pages:
        raise NotFound(f"document {doc_id[:80]!r} has {pages} page{'s' if pages > 1 else ''}, not {page}")
    records = [r for r in (view.passage(i) for i in ids[(page - 1) * size : page * size + 1]) if r is not None]
    shown, following = records[:size], records[size:]
    text = view.document_text(doc_id) or ""
    return {
        "document": _document_meta(view, entry, links),
        "text": text,
        "passages": [_anchor(p, links) for p in shown],
        "passage_count": len(ids),
        "page": page,
        "pages": pages,
        "start": shown[0].start if page > 1 and shown else 0,
        "end": following[0].start if following else len(text),
    }


def facet_search(view: IndexView, links: Links, per_page: int = 10, page: int = 1, **filters) -> tuple[SearchRequest, dict]:
    """A browse (empty query) filtered by facet ids, through the same run_search."""
    request = SearchRequest(sort="newest", per_page=per_page, page=page, **filters)
    return request, results_data(view, run_search(view, request), links)
