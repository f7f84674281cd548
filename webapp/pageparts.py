"""What the HTML pages add to the shared data: links (facet toggles, chips, pages, sort) and the
passage markup. Computed in Python from the same SearchRequest; the templates only loop and print.
"""
from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from indexer.models import PASSAGE_ROLES, SPEAKING_ROLES
from indexer.search.types import FACET_NAMES, UNATTRIBUTED, SearchRequest
from present.links import Links
from webapp.params import ListRequest, request_params
from webapp.render import passage_html

FACET_TITLES = {
    "speaker": "Speaker",
    "event": "Event",
    "theme": "Theme",
    "organization": "Organization",
    "year": "Year",
}
PAGE_VALUES = 15  # facet values a page lists (the API lists 100): 3 long facets of 100 weighed ~110 KB
FILTERABLE = 8  # facets with more values than this get a filter box (script) and scroll
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first"}


def _toggle(request: SearchRequest, facet: str, value: str) -> list[tuple[str, str]]:
    selected = list(request.selected(facet))
    changed = [v for v in selected if v != value] if value in selected else [*selected, value]
    return request_params(request, **{facet: changed, "page": ""})


BROWSE_ALL = {"speaker": ("speakers", "Find any speaker"), "event": ("events", "Find any event")}
ROLE_LABELS = {"said": "quoted", "reported": "reported", "spoke": "spoke, no words given", "mentioned": "mentioned"}


def role_toggles(request: SearchRequest, links: Links) -> list[dict]:
    """What the speaker filter and facet count (said, reported, spoke by default), each a toggle."""
    chosen = request.role or SPEAKING_ROLES
    out = []
    for role in PASSAGE_ROLES:
        roles = [r for r in chosen if r != role] if role in chosen else [r for r in PASSAGE_ROLES if r in (*chosen, role)]
        if tuple(roles) == SPEAKING_ROLES or not roles:
            roles = []  # the default is no parameter
        out.append({"id": role, "label": ROLE_LABELS[role], "selected": role in chosen,
                    "url": links.search(request_params(request, role=roles, page=""))})
    return out


def facet_panels(request: SearchRequest, data: dict, links: Links) -> list[dict]:
    """One panel per facet: values with counts, selected state and the link that toggles each.

    The "unattributed" value stands apart, under the list, so it is never scrolled out of sight.
    """
    panels = []
    for facet in FACET_NAMES:
        values = [
            {**v, "url": links.search(_toggle(request, facet, v["id"]))}
            for v in data["facets"].get(facet, [])
        ]
        listed = [v for v in values if v["id"] != UNATTRIBUTED]
        truncated = data.get("facets_truncated", {}).get(facet, False) or len(listed) > PAGE_VALUES
        listed = [v for i, v in enumerate(listed) if i < PAGE_VALUES or v["selected"]]
        browse = BROWSE_ALL.get(facet)
        panels.append(
            {
                "name": facet,
                "title": FACET_TITLES[facet],
                "values": listed,
                "unattributed": next((v for v in values if v["id"] == UNATTRIBUTED), None),
                "selected": sum(1 for v in values if v["selected"]),
                "filterable": len(listed) > FILTERABLE,
                "truncated": truncated,
                "browse": {"url": links.page(browse[0]), "label": browse[1]} if truncated and browse else None,
                "roles": role_toggles(request, links) if facet == "speaker" else None,
            }
        )
    return panels


def relaxations(request: SearchRequest, links: Links) -> list[dict]:
    """When nothing matches: the same search with fewer constraints, as links."""
    if not request.q or not (request.quotes_only or any(request.selected(f) for f in FACET_NAMES)):
        return []
    return [
        {"label": f"“{request.q}” without the filters", "url": links.search([("q", request.q)])},
        {"label": "the filters without the words", "url": links.search(request_params(request, q="", page=""))},
    ]


def quotes_toggle(request: SearchRequest, data: dict, links: Links) -> dict:
    value = data["facets"]["quotes"][0]
    flipped = request_params(request, quotes="" if request.quotes_only else "only", page="")
    return {**value, "url": links.search(flipped)}


def chips(request: SearchRequest, data: dict, links: Links) -> list[dict]:
    """Selected filters as removable chips (each with the link that removes it)."""
    out = []
    for facet in FACET_NAMES:
        labels = {v["id"]: v["label"] for v in data["facets"].get(facet, [])}
        for value in request.selected(facet):
            out.append(
                {
                    "facet": FACET_TITLES[facet],
                    "label": labels.get(value, value),
                    "url": links.search(_toggle(request, facet, value)),
                }
            )
    if request.role:
        out.append({"facet": "Speakers who", "label": ", ".join(ROLE_LABELS[r] for r in request.role),
                    "url": links.search(request_params(request, role=[], page=""))})
    if request.quotes_only:
        out.append({"facet": "Only", "label": "contains a quotation",
                    "url": links.search(request_params(request, quotes="", page=""))})
    if request.date_from or request.date_to:
        out.append({"facet": "Event date" if request.date_of == "event" else "Date",
                    "label": f"{request.date_from or '…'} – {request.date_to or '…'}",
                    "url": links.search(request_params(request, **{"from": "", "to": "", "date": "", "page": ""}))})
    return out


def pager(here: int, last: int, url: Callable[[int], str]) -> dict:
    """Previous/next and a short window of page numbers (`url(n)` links page n)."""
    window = sorted({1, last, *range(max(1, here - 2), min(last, here + 2) + 1)})
    pages: list[dict] = []
    previous = 0
    for n in window:
        if n - previous > 1:
            pages.append({"gap": True})
        pages.append({"n": n, "url": url(n), "current": n == here})
        previous = n
    return {
        "previous": url(min(here - 1, last)) if here > 1 else None,
        "next": url(here + 1) if here < last else None,
        "pages": pages if last > 1 else [],
    }


def pagination(request: SearchRequest, data: dict, links: Links) -> dict:
    """The search page's pager: same parameters, another page."""
    return pager(request.page, data["pages"], lambda n: links.search(request_params(request, page=str(n) if n > 1 else "")))


def past_end(request: SearchRequest, data: dict, links: Links) -> dict | None:
    """When the page asked for lies past the last one (but something matched): the last page's link."""
    if not data["total"] or request.page <= data["pages"]:
        return None
    last = data["pages"]
    return {"last_url": links.search(request_params(request, page=str(last) if last > 1 else ""))}


def list_pagination(request: ListRequest, data: dict, url: Callable[[list[tuple[str, str]]], str]) -> dict:
    """An index list's pager (speakers, events): same name filter, another page; `first`-`last` shown."""
    first = (request.page - 1) * request.per_page
    return {
        **pager(request.page, data["pages"], lambda n: url(request.params(page=n))),
        "first": first + 1 if first < data["total"] else None,
        "last": min(first + request.per_page, data["total"]),
    }


def hidden_filters(request: SearchRequest, keep_dates: bool = True) -> list[tuple[str, str]]:
    """Filters and sort as hidden form fields, so a new query keeps them (the date form sets its own)."""
    dates = () if keep_dates else ("from", "to", "date")
    return [(k, v) for k, v in request_params(request, page="") if k != "q" and k not in dates]


def sort_options(request: SearchRequest) -> list[dict]:
    """Sort choices; without a query there is nothing to rank, and browsing lists newest first."""
    if not request.q:
        current = "oldest" if request.sort == "oldest" else "newest"
        return [{"value": k, "label": SORT_LABELS[k], "selected": k == current} for k in ("newest", "oldest")]
    return [{"value": k, "label": v, "selected": k == request.sort} for k, v in SORT_LABELS.items()]


def passage_markup(passage: dict, selection: tuple[int, int] | None = None):
    """A presented passage's text with its highlight marks (or a cited selection, document offsets)
    and its quotations labelled by speaker."""
    start = passage["start"]
    quotes = [(q["start"] - start, q["end"] - start, q["speaker_name"]) for q in passage["quotes"]]
    if selection is not None:
        marks = [(selection[0] - start, selection[1] - start)]
    else:
        marks = [(start, end) for start, end in passage.get("matches", ())]
    return passage_html(passage["text"], marks, quotes)


def crlf_positions(text: str) -> list[int]:
    """Where the text has CR LF: browsers read those as one LF, so the selection script adds them back."""
    return [i for i, ch in enumerate(text) if ch == "\r" and text[i + 1 : i + 2] == "\n"]


def with_markup(passages: list[dict]) -> list[dict]:
    return [{**p, "html": passage_markup(p), "crlf": crlf_positions(p["text"])} for p in passages]


def document_pagination(data: dict) -> dict:
    """The pager of a long document's pages."""
    url = data["document"]["url"]
    return pager(data["page"], data["pages"], lambda n: url + (f"?page={n}" if n > 1 else ""))


def check_markup(match: dict) -> dict:
    """A check match's source passage with the matched words marked (the part inside it), and its
    word diff as HTML: omitted source words struck through, claimed additions underlined."""
    passage = match["passage"]
    start, end = max(match["start"], passage["start"]), min(match["end"], passage["end"])
    return {"html": passage_markup(passage, (start, end)), "diff_html": diff_html(match["diff"])}


def diff_html(diff: list[dict]):
    """The word diff, each step escaped: equal words plain, <del> for the source's, <ins> for the claim's."""
    parts = []
    for step in diff:
        marked = " marked" if step.get("marked") else ""
        if step["op"] == "equal":
            parts.append(escape(step["source"]))
            continue
        if step["source"]:
            parts.append(Markup('<del class="src{}" title="in the source">{}</del>').format(marked, step["source"]))
        if step["claimed"]:
            parts.append(Markup('<ins class="claim{}" title="in the claim">{}</ins>').format(marked, step["claimed"]))
    return Markup(" ").join(parts)


def export_links(request: SearchRequest, links: Links) -> dict:
    """The whole result set as CSV and JSON Lines (per passage, per quotation), and the search's Atom feed."""
    params = request_params(request, page="", per_page="")
    return {
        "csv": links.page("api", "search.csv", params=params),
        "jsonl": links.page("api", "search.jsonl", params=params),
        "quotes_csv": links.page("api", "search.csv", params=[*params, ("group", "quotes")]),
        "atom": links.page("search.atom", params=request_params(request, page="", per_page="", sort="")),
    }
