"""The JSON API blueprint (/api): the same page data the HTML views render, as JSON.

Read-only: GET only, except /api/check, which also takes its (long) text as a POST body and
changes nothing. Errors come back as `{"error": {"message": str}}` from webapp/errors.py.
"""
from __future__ import annotations

from functools import partial

from flask import Blueprint, current_app, jsonify, request, stream_with_context
from flask.json.provider import DefaultJSONProvider

from indexer.search import NoIndex
from indexer.search import BadRequest
from indexer.search.export import csv_stream, export_rows, jsonl_stream
from webapp import checking, data, entities, fragments
from webapp.context import answers, index_view, links
from webapp.openapi import spec
from webapp.params import page_number
from webapp.params import search_request

bp = Blueprint("api", __name__)


@bp.get("/search")
def search():
    """Faceted search: the documented response for the request's parameters.

    The encoded answer is kept per generation (webapp/answers.py): a repeated search is a lookup.
    """
    view, parsed, link = index_view(), search_request(request.args), links()
    body = answers().answer(view.generation, (parsed, link), lambda: _search_body(view, parsed, link))
    return current_app.response_class(body, mimetype=current_app.json.mimetype)  # type: ignore[attr-defined]


def _search_body(view, parsed, link) -> bytes:
    """The answer's bytes: assembled from encoded passages (webapp/fragments.py) when the app writes
    compact JSON with Flask's own provider (unsorted keys, UTF-8), else jsonify's (indented in debug mode)."""
    provider = current_app.json
    compact = provider.compact or (provider.compact is None and not current_app.debug)  # type: ignore[attr-defined]
    if type(provider) is DefaultJSONProvider and compact and not provider.sort_keys and not provider.ensure_ascii:
        dumps = partial(provider.dumps, separators=(",", ":"))
        return fragments.search_body(view, parsed, link, dumps, current_app.extensions["verbatim.fragments"])
    return jsonify(data.search_answer(view, parsed, link)).get_data()


@bp.get("/passages/<passage_id>")
def passage(passage_id: str):
    """One passage with citations, neighbours and "also appears in"."""
    return jsonify(data.passage_data(index_view(), passage_id, links()))


@bp.get("/cite")
def cite():
    """Citations of exactly a selection: ?passage=ID&start=N&end=M (document offsets)."""
    return jsonify(data.cite_data(index_view(), request.args, links()))


@bp.route("/check", methods=["GET", "POST"])
def check():
    """Check a quotation: where its words stand in the sources, changed how, and said by whom."""
    values = request.get_json(silent=True) if request.is_json else request.values
    if values is None or (request.is_json and not isinstance(values, dict)):
        raise BadRequest("the JSON body must be an object with text (and optionally speaker)")
    text, speaker = checking.check_params(values)
    return jsonify(checking.check_data(index_view(), text, speaker, links()))


@bp.get("/documents/<document_id>")
def document(document_id: str):
    """A document's metadata, exact text and passage anchors, a page (window of passages) at a time."""
    return jsonify(data.document_data(index_view(), document_id, links(), page_number(request.args)))


@bp.get("/speakers")
def speakers():
    """Speakers with roles and passage/quotation counts, a page at a time (`q` filters by name)."""
    return jsonify(entities.speakers_data(index_view(), links(), request.args))


@bp.get("/speakers/<speaker_id>")
def speaker(speaker_id: str):
    """A speaker and their quotations grouped by event."""
    return jsonify(entities.speaker_data(index_view(), speaker_id, links()))


@bp.get("/events")
def events():
    """Events with passage/quotation counts, a page at a time (`q` filters by name or place)."""
    return jsonify(entities.events_data(index_view(), links(), request.args))


@bp.get("/events/<event_id>")
def event(event_id: str):
    """An event with its documents, speakers and themes."""
    return jsonify(entities.event_data(index_view(), event_id, links()))


@bp.get("/themes")
def themes():
    """Every theme with passage/quotation counts."""
    return jsonify(entities.themes_data(index_view(), links()))


@bp.get("/themes/<theme_id>")
def theme(theme_id: str):
    """A theme and its passages (paged)."""
    return jsonify(entities.theme_data(index_view(), theme_id, request.args, links()))


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API (with example ids from the current index)."""
    try:
        catalog = index_view().catalog
    except NoIndex:
        return jsonify(spec(request.script_root))
    examples = {
        f"{name}_id": next(iter(items), None)
        for name, items in (("document", catalog.documents), ("speaker", catalog.speakers),
                            ("event", catalog.events), ("theme", catalog.themes))
    }
    first_document = next(iter(catalog.documents.values()), None)
    record = index_view().passage(first_document.passage_ids[0]) if first_document and first_document.passage_ids else None
    if record is not None:
        examples.update(passage_id=record.id, passage=record.id, start=record.start, end=min(record.end, record.start + 12))
    return jsonify(spec(request.script_root, {k: v for k, v in examples.items() if v is not None}))


def _export(fmt: str):
    """The whole result set of the search's parameters, streamed (`group=quotes`: one row a quotation)."""
    view, lk = index_view(), links()
    parsed = search_request(request.args)
    header, rows = export_rows(view, parsed, request.args.get("group", "passages") or "passages",
                               lambda pid, start, end: lk.host + lk.excerpt(pid, start, end))
    stream = csv_stream(header, rows) if fmt == "csv" else jsonl_stream(header, rows)
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    response = current_app.response_class(stream_with_context(stream), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="verbatim-search.{fmt}"'
    return response


@bp.get("/search.csv")
def search_csv():
    """Every result of a search (not one page) as CSV: a `#` comment line with the query, filters,
    index generation and time, then one row a passage (or a quotation with group=quotes)."""
    return _export("csv")


@bp.get("/search.jsonl")
def search_jsonl():
    """Every result of a search as JSON Lines: a first line `{"verbatim_export": …}`, then one object a row."""
    return _export("jsonl")
