"""HTML pages: each view takes the same data the API returns and renders it; links its JSON twin."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from indexer.search import BadRequest
from webapp import charts, checking, data, entities, feeds, pageparts
from webapp.context import index_view, links
from webapp.params import MAX_Q, list_request, page_number, request_params
from webapp.params import search_request as search_request_of
from webapp.home import home_data
from webapp.render import document_html

bp = Blueprint("pages", __name__)


def _json(*parts: str, params: list[tuple[str, str]] | None = None) -> str:
    url = links().api(*parts)
    return url + ("?" + request.query_string.decode("latin-1") if params is None and request.query_string else "")


@bp.get("/")
def search():
    """The search page: query, facets with counts, results, pagination."""
    lk = links()
    search_request, result = data.search(index_view(), request.args, lk)
    return render_template(
        "search.html",
        r=result,
        results=pageparts.with_markup(result["results"]),
        facets=pageparts.facet_panels(search_request, result, lk),
        quotes=pageparts.quotes_toggle(search_request, result, lk),
        chips=pageparts.chips(search_request, result, lk),
        pagination=pageparts.pagination(search_request, result, lk),
        hidden=pageparts.hidden_filters(search_request),
        hidden_but_dates=pageparts.hidden_filters(search_request, keep_dates=False),
        dates=search_request,
        sorts=pageparts.sort_options(search_request),
        relax=pageparts.relaxations(search_request, lk) if not result["total"] else [],
        suggestion_url=lk.search(request_params(search_request, q=result["suggestion"], page=""))
        if result["suggestion"]
        else None,
        clear_url=lk.search([("q", search_request.q)] if search_request.q else None),
        json_url=lk.search(request_params(search_request), api=True),
        exports=pageparts.export_links(search_request, lk),
        past_end=pageparts.past_end(search_request, result, lk),
        max_q=MAX_Q,
        charts=charts.count_charts(result["facets"]) if result["total"] else [],
        feed_url=pageparts.export_links(search_request, lk)["atom"],
        home=home_data(index_view(), lk) if not request.args else None,
    )


@bp.get("/search.atom")
def search_feed():
    """An Atom feed of a search: its newest passages by document date, to follow in a feed reader."""
    body = feeds.atom_feed(index_view(), search_request_of(request.args), links())
    return current_app.response_class(body, mimetype="application/atom+xml")


@bp.route("/check", methods=["GET", "POST"])
def check():
    """Check a quote: paste the words as they circulate, optionally who said them; the sources answer."""
    lk = links()
    text, speaker = checking.check_params(request.values)
    found, problem = None, None
    if text.strip():
        try:
            found = checking.check_data(index_view(), text, speaker, lk)
        except BadRequest as exc:
            problem = exc.message
    params = [("text", text)] + ([("speaker", speaker)] if speaker else [])
    return render_template(
        "check.html",
        text=text,
        speaker=speaker or "",
        d=found,
        problem=problem,
        matches=[{**m, **pageparts.check_markup(m)} for m in found["matches"]] if found else [],
        json_url=lk.page("api", "check", params=params) if found else None,
    )


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico; the icon is a local SVG."""
    return redirect(url_for("static", filename="favicon.svg"), code=301)


@bp.get("/passages/<passage_id>")
def passage(passage_id: str):
    """A passage's permalink page: the passage in context, its citations, cite a selection."""
    view, lk = index_view(), links()
    if "words" in request.args:  # "cite these words", the keyboard's way to select: to the span's permalink
        start, end = data.find_words(view, passage_id, request.args.get("words", ""))
        return redirect(lk.excerpt(passage_id, start, end))
    found = data.passage_data(view, passage_id, lk)
    selection = data.cite_data(view, request.args, lk, passage_id) if "start" in request.args else None
    return render_template(
        "passage.html",
        p={
            **pageparts.with_markup([found])[0],
            **({"html": pageparts.passage_markup(found, (selection["start"], selection["end"]))} if selection else {}),
        },
        selection=selection,
        json_url=lk.api("passages", found["id"]),
    )


@bp.get("/passages/<passage_id>/citations")
def passage_citations(passage_id: str):
    """A passage's citation formats as an HTML fragment: what a result list loads on demand."""
    found = data.passage_data(index_view(), passage_id, links())
    return render_template("_citations.html", p=found)


@bp.get("/documents/<document_id>")
def document(document_id: str):
    """A document rendered from its exact text, every passage anchored; long ones a page at a time."""
    lk, view = links(), index_view()
    wanted = request.args.get("passage")
    if wanted is not None:  # ?passage=ID: the page that holds it, scrolled to it
        return redirect(data.passage_in_document(view, document_id, wanted, lk))
    found = data.document_page_data(view, document_id, lk, page_number(request.args))
    return render_template(
        "document.html",
        d=found,
        pagination=pageparts.document_pagination(found),
        body=document_html(found["text"], found["passages"], found["start"], found["end"]),
        json_url=lk.api("documents", document_id),
    )


def _index_list(name: str, compute) -> str:
    """An index list page (speakers, events): one page of it, a name filter, a pager."""
    lk = links()
    listing = list_request(request.args)
    found = compute(index_view(), lk, request.args)
    return render_template(
        f"{name}.html",
        d=found,
        pagination=pageparts.list_pagination(listing, found, lambda params: lk.page(name, params=params)),
        clear_url=lk.page(name),
        json_url=lk.page("api", name, params=listing.params()),
    )


@bp.get("/speakers")
def speakers():
    """Speakers with roles and counts, a page at a time, filtered by name."""
    return _index_list("speakers", entities.speakers_data)


@bp.get("/speakers/<speaker_id>")
def speaker(speaker_id: str):
    """A speaker: roles with dates, quotations grouped by event."""
    found = entities.speaker_data(index_view(), speaker_id, links())
    return render_template("speaker.html", d=found, json_url=links().api("speakers", speaker_id))


@bp.get("/events")
def events():
    """Events with counts, a page at a time, filtered by name or place."""
    return _index_list("events", entities.events_data)


@bp.get("/events/<event_id>")
def event(event_id: str):
    """An event: documents, speakers, themes, first passages."""
    found = entities.event_data(index_view(), event_id, links())
    return render_template(
        "event.html", d=found, passages=pageparts.with_markup(found["passages"]), json_url=links().api("events", event_id)
    )


@bp.get("/themes")
def themes():
    """All themes with counts."""
    return render_template("themes.html", d=entities.themes_data(index_view(), links()), json_url=_json("themes"))


@bp.get("/themes/<theme_id>")
def theme(theme_id: str):
    """A theme and its passages."""
    found = entities.theme_data(index_view(), theme_id, request.args, links())
    return render_template(
        "theme.html",
        d=found,
        passages=pageparts.with_markup(found["results"]["results"]),
        json_url=_json("themes", theme_id),
    )
