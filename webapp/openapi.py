"""The OpenAPI 3.1 description of /api, precise enough for schemathesis to validate every response."""
from __future__ import annotations

from indexer.models import PASSAGE_ROLES
from indexer.search.check import MAX_TEXT as MAX_CHECK_TEXT
from webapp.params import LIST_MAX_PER_PAGE, LIST_PER_PAGE, MAX_ID, MAX_PER_PAGE, MAX_Q, MAX_VALUES, MAX_WINDOW


def _s(kind: str | list[str], **more) -> dict:
    return {"type": kind, **more}


STR = _s("string")
NSTR = _s(["string", "null"])
INT = _s("integer", minimum=0)
DATE = _s(["string", "null"], format="date")


def _obj(props: dict, required: list[str] | None = None, nullable: bool = False) -> dict:
    return {
        "type": ["object", "null"] if nullable else "object",
        "properties": props,
        "required": list(props) if required is None else required,
    }


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _arr(items: dict) -> dict:
    return {"type": "array", "items": items}


BRIEF = _obj({"id": STR, "url": STR, "document_url": STR, "document": _obj({"id": STR, "title": NSTR}),
              "paragraph": INT, "text": STR})
EVENT = _obj({"id": STR, "name": STR, "short_name": STR, "city": NSTR, "country": NSTR, "start": DATE, "end": DATE,
              "discovered": _s("boolean")})
SELECTOR = _obj({"type": {"const": "TextQuoteSelector"}, "exact": STR, "prefix": STR, "suffix": STR})
SIGNED_BY = {"enum": ["speaker", "publisher"]}  # the speaker only for words inside their direct quotation
CITATION = _obj({
    "signed_by": SIGNED_BY, "text": STR, "markdown": STR, "bibtex": STR, "ris": STR,
    "csl": _obj({"id": STR, "type": {"enum": ["speech", "article"]}, "title": STR, "URL": STR},
                required=["id", "type", "title", "URL"]),
    "csl_cite": _obj({"id": STR, "locator": STR, "label": {"enum": ["paragraph", "page"]}}),
    "selector": SELECTOR, "fragment_url": NSTR,
})
DOCUMENT = _obj({"id": STR, "title": STR, "publisher": NSTR, "published": DATE, "kind": NSTR,
                 "source_url": _s(["string", "null"], pattern="^https?://")})
PASSAGE = _obj({
    "id": STR, "url": STR, "permalink": STR, "document_url": STR, "text": STR, "highlight": STR,
    "matches": _arr({"type": "array", "items": INT, "minItems": 2, "maxItems": 2}),
    "document": _ref("Document"), "block": INT, "paragraph": _s("integer", minimum=1),
    "page": _s(["integer", "null"], minimum=1), "start": INT, "end": INT,
    "event": {"anyOf": [_ref("Event"), {"type": "null"}]},
    "speakers": _arr(_obj({"id": STR, "name": STR, "role": NSTR, "organization": NSTR,
                           "kind": {"enum": ["person", "collective"]}, "does": {"enum": ["said", "reported", "spoke"]}})),
    "quotes": _arr(_obj({"text": STR, "speaker": NSTR, "speaker_name": NSTR, "start": INT, "end": INT,
                         "citation": {"anyOf": [_ref("Citation"), {"type": "null"}]}})),
    "themes": _arr(_obj({"id": STR, "label": STR})),
    "organizations": _arr(_obj({"id": STR, "name": STR})),
    "year": NSTR,
    "citation": _ref("Citation"),
    "also_appears_in": _arr(_ref("Brief")),
})
FACET_VALUE = _obj({"id": STR, "label": STR, "count": INT, "selected": _s("boolean")})
FACETS = _obj({k: _arr(FACET_VALUE) for k in ("speaker", "event", "theme", "organization", "year", "quotes")})
SEARCH = _obj({
    "q": STR, "total": INT, "page": _s("integer", minimum=1), "per_page": _s("integer", minimum=1, maximum=MAX_PER_PAGE),
    "pages": _s("integer", minimum=1), "sort": {"enum": ["relevance", "newest", "oldest"]},
    "results": _arr(_ref("Passage")), "facets": FACETS,
    "facets_truncated": {"type": "object", "additionalProperties": {"const": True}}, "suggestion": NSTR, "query_error": NSTR,
})
COUNTS = {"passages": INT, "quotations": INT}
NUM = _s("number")
TIMELINE = _obj({  # webapp/charts.py: the rows (also the table), and the SVG's geometry
    "rows": _arr(_obj({"label": STR, "date": DATE, "year": _s(["integer", "null"]), "year_only": _s("boolean"), "url": STR,
                       "said": INT, "reported": INT, "spoke": INT})),
    "marks": _arr(_obj({"x": NUM, "y": NUM, "r": NUM, "role": {"enum": ["said", "reported", "spoke"]}, "title": STR})),
    "ticks": _arr(_obj({"x": NUM, "label": STR})), "lanes": _arr(_obj({"y": NUM, "label": STR, "role": STR})),
    "width": NUM, "height": NUM, "axis_y": NUM, "left": NUM,
})
BAR_CHART = _obj({"title": STR, "bars": _arr(_obj({"label": STR, "count": INT, "y": NUM, "width": NUM, "text_x": NUM})),
                  "width": NUM, "height": NUM, "left": NUM, "bar": NUM, "more": INT})
ROLE = _obj({"role": STR, "organization": NSTR, "organization_id": NSTR, "start": DATE, "end": DATE})
BY_ROLE = _obj({role: INT for role in PASSAGE_ROLES})  # passages where the speaker said, reported, spoke, is mentioned
SPEAKER = _obj({"id": STR, "name": STR, "kind": {"enum": ["person", "collective"]}, "discovered": _s("boolean"),
                "aliases": _arr(STR), "roles": _arr(ROLE), **COUNTS, "by_role": BY_ROLE, "url": STR})
ROLE_PASSAGE = _obj({"passage": STR, "url": STR, "text": STR, "cue": NSTR, "paragraph": _s("integer", minimum=1),
                     "event": {"anyOf": [_ref("Event"), {"type": "null"}]},
                     "document": _obj({"id": STR, "title": STR, "published": DATE})})
EVENT_ITEM = {"allOf": [_ref("Event"), _obj({"organizers": _arr(_obj({"id": STR, "name": NSTR})),
                                             "description": NSTR, **COUNTS, "url": STR})]}
THEME = _obj({"id": STR, "label": STR, "description": STR, **COUNTS, "url": STR})
ERROR = _obj({"error": _obj({"message": STR})})

SCHEMAS = {
    "Passage": PASSAGE, "Document": DOCUMENT, "Event": EVENT, "Citation": CITATION, "Brief": BRIEF,
    "SearchResponse": SEARCH, "Speaker": SPEAKER, "EventItem": EVENT_ITEM, "Theme": THEME, "Error": ERROR,
    "PassageDetail": {"allOf": [_ref("Passage"), _obj({"context": _obj({"previous": {"anyOf": [_ref("Brief"), {"type": "null"}]},
                                                                        "next": {"anyOf": [_ref("Brief"), {"type": "null"}]}})})]},
    "Check": _obj({
        "text": STR, "speaker": _obj({"id": NSTR, "name": STR}, nullable=True),
        "verdict": {"enum": ["exact", "altered", "not_found"]},
        "matches": {**_arr(_obj({
            "verdict": {"enum": ["exact", "altered"]}, "similarity": _s("number", minimum=0, maximum=1),
            "passage": _ref("Passage"), "passages": _arr(STR), "start": INT, "end": INT, "source_text": STR,
            "diff": _arr(_obj({"op": {"enum": ["equal", "insert", "delete", "replace"]}, "source": STR,
                               "claimed": STR, "marked": _s("boolean")})),
            "attribution": _obj({"kind": {"enum": ["said", "reported", "narration"]},
                                 "speaker": _obj({"id": STR, "name": STR}, nullable=True)}),
            "speaker_matches": _s(["boolean", "null"]), "message": STR,
            "citation": {"anyOf": [_ref("Citation"), {"type": "null"}]}, "cite_url": NSTR,
        })), "maxItems": 5},
    }),
    "Cite": _obj({"passage": STR, "start": INT, "end": INT, "text": STR, "signed_by": SIGNED_BY,
                  "citation": _ref("Citation")}),
    "DocumentDetail": _obj({
        "document": {"allOf": [_ref("Document"), _obj({"file": STR, "language": STR, "inferred": _arr(STR),
                                                      "event": {"anyOf": [_ref("Event"), {"type": "null"}]}, "url": STR})]},
        "text": STR, "text_start": INT, "text_end": INT, "text_truncated": _s("boolean"),
        "passages": _arr(_obj({"id": STR, "url": STR, "paragraph": INT, "block": INT, "start": INT, "end": INT,
                               "speakers": _arr(STR), "quotes": INT})),
        "passage_count": INT, "page": _s("integer", minimum=1), "pages": _s("integer", minimum=1), "next": NSTR,
    }),
    "SpeakerDetail": _obj({"speaker": _ref("Speaker"), "search_url": STR, "truncated": _s("boolean"),
                           "reported": _arr(ROLE_PASSAGE), "mentioned_in": _arr(ROLE_PASSAGE),
                           "spoke_at": _arr(_obj({"event": {"anyOf": [_ref("Event"), {"type": "null"}]},
                                                  "passages": _arr(ROLE_PASSAGE)})),
                           "quotations_by_event": _arr(_obj({
        "event": {"anyOf": [_ref("Event"), {"type": "null"}]},
        "quotations": _arr(_obj({"text": STR, "start": INT, "end": INT, "url": STR, "cite_url": STR, "passage": STR,
                                 "paragraph": _s("integer", minimum=1),
                                 "document": _obj({"id": STR, "title": STR, "published": DATE})})),
    })), "timeline": TIMELINE}, required=["speaker", "search_url", "truncated", "reported", "mentioned_in", "spoke_at",
                                          "quotations_by_event"]),
    "EventDetail": _obj({"event": _ref("EventItem"), "search_url": STR,
                         "documents": _arr(_obj({"id": STR, "title": STR, "publisher": NSTR, "published": DATE, "url": STR})),
                         "speakers": _arr(FACET_VALUE), "themes": _arr(FACET_VALUE), "passages": _arr(_ref("Passage")),
                         "charts": _arr(BAR_CHART)}, required=["event", "search_url", "documents", "speakers", "themes",
                                                               "passages"]),
    "ThemeDetail": _obj({"theme": {"allOf": [_ref("Theme"), _obj({"terms": _arr(STR)})]},
                         "results": _ref("SearchResponse"), "search_url": STR}),
}


def _param(name: str, schema: dict, where: str = "query", description: str = "", many: bool = False,
           required: bool = False) -> dict:
    out = {"name": name, "in": where, "required": required or where == "path", "description": description,
           "schema": {**_arr(schema), "maxItems": MAX_VALUES} if many else schema}
    if many:
        out.update(style="form", explode=True)
    return out


DATE_BOUND = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
FACET_ID = _s("string", maxLength=MAX_ID)  # empty values are ignored
SEARCH_PARAMS = [
    _param("q", _s("string", maxLength=MAX_Q), description="query: words, \"phrases\", OR, NOT/-, prefix*, field:value"),
    *[_param(f, FACET_ID, description=f"{f} id (repeatable; OR within, AND across facets)", many=True)
      for f in ("speaker", "event", "theme", "organization")],
    _param("year", _s("string", pattern="^([0-9]{4}|none)$"), description="year (repeatable)", many=True),
    _param("role", {"enum": list(PASSAGE_ROLES)}, many=True,
           description="what speaker= and speaker: count: said (quoted), reported, spoke (no words given), "
           "mentioned (repeatable; default said, reported and spoke)"),
    _param("quotes", {"enum": ["only", "all"]}, description="only: passages that contain a direct quotation"),
    _param("sort", {"enum": ["relevance", "newest", "oldest"]}),
    _param("page", _s("integer", minimum=1, maximum=MAX_WINDOW),
           description=f"page number; page × per_page may not exceed {MAX_WINDOW} (400 beyond)"),
    _param("per_page", _s("integer", minimum=1, maximum=MAX_PER_PAGE)),
    _param("from", _s("string", pattern=DATE_BOUND), description="from this date (YYYY, YYYY-MM or YYYY-MM-DD: its first day)"),
    _param("to", _s("string", pattern=DATE_BOUND), description="to this date (YYYY, YYYY-MM or YYYY-MM-DD: its last day)"),
    _param("date", {"enum": ["document", "event"]}, description="which date from/to filter (default: the document's)"),
]


def _op(summary: str, schema: str, params: list | None = None, missing: bool = False, bad: bool = False) -> dict:
    responses = {"200": {"description": "OK", "content": {"application/json": {"schema": _ref(schema)}}}}
    error = {"content": {"application/json": {"schema": _ref("Error")}}}
    if bad:
        responses["400"] = {"description": "invalid parameter", **error}
    if missing:
        responses["404"] = {"description": "unknown id", **error}
    responses["431"] = {"description": "request line or headers too large (refused by the server)"}
    responses["503"] = {"description": "no index built yet", **error}
    return {"get": {"summary": summary, "parameters": params or [], "responses": responses}}


def _check_op() -> dict:
    """/api/check: GET with query parameters, or POST with the same fields as a form or a JSON object."""
    text = _s("string", minLength=1, maxLength=MAX_CHECK_TEXT)
    speaker = _s("string", maxLength=MAX_ID)
    get = _op("Check a quotation: exact, altered or not found, and who the source gives it to", "Check",
              [_param("text", text, required=True, description="the quotation as it circulates"),
               _param("speaker", speaker, description="the claimed speaker: an id or a name")], bad=True)["get"]
    body = _obj({"text": text, "speaker": speaker}, required=["text"])
    post = {**get, "parameters": [], "requestBody": {"required": True, "content": {
        "application/x-www-form-urlencoded": {"schema": body}, "application/json": {"schema": body}}}}
    return {"get": get, "post": post}


def _export_op(kind: str, mimetype: str) -> dict:
    """/api/search.csv and .jsonl: every result of a search, streamed (not one page)."""
    op = _op(f"Every result of a search as {kind} (a header line with the query, filters, generation and time)",
             "SearchResponse", [*(p for p in SEARCH_PARAMS if p["name"] not in ("page", "per_page")),
                                _param("group", {"enum": ["passages", "quotes"]},
                                       description="one row a passage (default) or one a quotation")], bad=True)
    op["get"]["responses"]["200"] = {"description": "OK", "content": {mimetype: {"schema": STR}}}
    return op


def _example(param: dict, examples: dict) -> dict:
    if param["name"] in examples:
        param["example"] = examples[param["name"]]
    return param


LIST_PAGING = {"q": STR, "total": INT, "page": _s("integer", minimum=1),
               "per_page": _s("integer", minimum=1, maximum=LIST_MAX_PER_PAGE), "pages": _s("integer", minimum=1)}


def _list(key: str, item: str, paged: bool = False) -> str:
    name = f"{key.title()}List"
    SCHEMAS[name] = _obj({key: _arr(_ref(item)), **(LIST_PAGING if paged else {})})
    return name


def _list_params(what: str) -> list[dict]:
    return [
        _param("q", _s("string", maxLength=MAX_ID), description=f"keep {what} whose names contain these words "
               "(case and accents aside)"),
        _param("page", _s("integer", minimum=1, maximum=MAX_WINDOW), description="page number (past the end: empty)"),
        _param("per_page", _s("integer", minimum=1, maximum=LIST_MAX_PER_PAGE),
               description=f"{what} per page (default {LIST_PER_PAGE})"),
    ]


def spec(root: str = "", examples: dict[str, str | int] | None = None) -> dict:
    """The OpenAPI document (servers point at this app's root; path ids get examples from the index)."""
    examples = examples or {}

    def path_id(name: str) -> dict:
        return _example(_param(name, _s("string", minLength=1), where="path"), examples)

    paths = {
        "/api/search": _op("Faceted search of passages", "SearchResponse", SEARCH_PARAMS, bad=True),
        "/api/passages/{passage_id}": _op("One passage", "PassageDetail", [path_id("passage_id")], missing=True),
        "/api/cite": _op("Citations of a selection inside a passage", "Cite", [
            _example(_param("passage", _s("string", minLength=1), required=True), examples),
            _example(_param("start", _s("integer", minimum=0, maximum=999_999_999), required=True), examples),
            _example(_param("end", _s("integer", minimum=0, maximum=999_999_999), required=True), examples)],
            missing=True, bad=True),
        "/api/check": _check_op(),
        "/api/search.csv": _export_op("CSV", "text/csv"),
        "/api/search.jsonl": _export_op("JSON Lines", "application/x-ndjson"),
        "/api/documents/{document_id}": _op("One document, a page of passages (and the text they cover) at a time",
                                            "DocumentDetail", [path_id("document_id"), _param(
                                                "page", _s("integer", minimum=1, maximum=MAX_WINDOW),
                                                description="page of the document (past the end: 404)")],
                                            missing=True, bad=True),
        "/api/speakers": _op("Speakers, most quoted first, a page at a time", _list("speakers", "Speaker", paged=True),
                             _list_params("speakers"), bad=True),
        "/api/speakers/{speaker_id}": _op("One speaker", "SpeakerDetail", [path_id("speaker_id")], missing=True),
        "/api/events": _op("Events, newest first, a page at a time", _list("events", "EventItem", paged=True),
                           _list_params("events (name, short name, city or country)"), bad=True),
        "/api/events/{event_id}": _op("One event", "EventDetail", [path_id("event_id")], missing=True),
        "/api/themes": _op("All themes", _list("themes", "Theme")),
        "/api/themes/{theme_id}": _op("One theme", "ThemeDetail", [path_id("theme_id"), *(p for p in SEARCH_PARAMS if p["name"] in ("sort", "page", "per_page"))],
                                      missing=True, bad=True),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Verbatim API", "version": "1.0.0",
                 "description": "Search what was said at international security conferences. Read-only."},
        "servers": [{"url": root or "/"}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }
