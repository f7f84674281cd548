"""Page data of the speakers, events and themes indexes and of their own pages.

Lists come from the index's catalog and per-value counts; the passages on each page come from a
facet-filtered `run_search`, so they agree with what the search page shows for the same filter.
"""
from __future__ import annotations

from collections.abc import Mapping

from indexer.models import PASSAGE_ROLES
from indexer.search import IndexView, run_search
from indexer.search.types import SearchRequest
from present.links import Links
from present.passage import event_dict, organization_name
from present.results import results_data
from webapp.charts import count_charts, speaker_timeline
from webapp.data import facet_search
from webapp.errors import NotFound
from webapp.listing import list_page
from webapp.params import list_request, search_request

SPEAKER_QUOTES_MAX = 300  # quotations shown on a speaker page (the search page has them all)
ROLE_PASSAGES_MAX = 100  # passages shown per other section (reported, spoke at, mentioned in)


def _counts(counts: dict, key: str) -> dict:
    found = counts.get(key, {})
    return {"passages": found.get("passages", 0), "quotations": found.get("quotations", 0)}


def _speaker_counts(counts: dict, key: str) -> dict:
    """Passages (said, reported or spoke), quotations, and passages in each role."""
    roles = counts.get(key, {}).get("roles") or dict.fromkeys(PASSAGE_ROLES, 0)
    return {**_counts(counts, key), "by_role": dict(roles)}


def _roles(view: IndexView, speaker) -> list[dict]:
    return [
        {
            "role": r.role,
            "organization": organization_name(view.catalog, r.organization),
            "organization_id": r.organization,
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None,
        }
        for r in speaker.roles
    ]


def _speaker_item(view: IndexView, speaker, counts: dict, links: Links) -> dict:
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "discovered": speaker.discovered,
        "aliases": list(speaker.aliases),
        "roles": _roles(view, speaker),
        **_speaker_counts(counts, speaker.id),
        "url": links.speaker(speaker.id),
    }


def speakers_data(view: IndexView, links: Links, args: Mapping | None = None) -> dict:
    """One page of the speakers (most quoted first), filtered by name or alias with `q`."""
    counts = view.speaker_counts()

    def rank(s) -> tuple:
        found = _counts(counts, s.id)
        return -found["quotations"], -found["passages"], s.name.casefold()

    shown, meta = list_page(view.catalog.speakers.values(), list_request(args or {}), lambda s: (s.name, *s.aliases), rank)
    return {"speakers": [_speaker_item(view, s, counts, links) for s in shown], **meta}


def _quotations_by_event(view: IndexView, speaker_id: str, links: Links) -> dict[str | None, list[dict]]:
    """The speaker's direct quotations, newest first, grouped by event (one run_search per 100 passages)."""
    groups: dict[str | None, list[dict]] = {}
    page, shown = 1, 0
    while shown < SPEAKER_QUOTES_MAX:
        request = SearchRequest(speaker=(speaker_id,), role=("said",), sort="newest", per_page=100, page=page)
        results = run_search(view, request)
        for hit in results.hits:
            record = hit.passage
            for quote in record.quotes:
                if quote.speaker_id == speaker_id and shown < SPEAKER_QUOTES_MAX:
                    groups.setdefault(record.event_id, []).append(_quotation(view, record, quote, links))
                    shown += 1
        if page * request.per_page >= results.total:
            break
        page += 1
    return groups


def _quotation(view: IndexView, record, quote, links: Links) -> dict:
    entry = view.catalog.documents.get(record.document_id)
    return {
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "url": links.passage(record.id),
        "cite_url": links.excerpt(record.id, quote.start, quote.end),
        "passage": record.id,
        "paragraph": record.paragraph + 1,
        "document": {
            "id": record.document_id,
            "title": entry.meta.label if entry else record.document_id,
            "published": record.published,
        },
    }


def _in_role(view: IndexView, speaker_id: str, role: str, links: Links) -> list[dict]:
    """The newest passages where the speaker has the role (reported, spoke, mentioned), with the
    sentence that says so where the role has one."""
    request = SearchRequest(speaker=(speaker_id,), role=(role,), sort="newest", per_page=ROLE_PASSAGES_MAX)
    out = []
    for hit in run_search(view, request).hits:
        record = hit.passage
        spans = {"reported": record.reported, "spoke": record.spoke}.get(role, ())
        span = next((x for x in spans if x.speaker_id == speaker_id), None)
        text = record.text[span.start - record.start : span.end - record.start] if span else record.text
        entry = view.catalog.documents.get(record.document_id)
        event = view.catalog.events.get(record.event_id) if record.event_id else None
        out.append({
            "passage": record.id,
            "url": links.passage(record.id),
            "text": text,
            "cue": span.cue if span else None,
            "paragraph": record.paragraph + 1,
            "event": event_dict(event) if event else None,
            "document": {"id": record.document_id, "title": entry.meta.label if entry else record.document_id,
                         "published": record.published},
        })
    return out


def _spoke_at(items: list[dict]) -> list[dict]:
    """Passages saying the speaker spoke, one entry per event (documents without one, each alone)."""
    events: dict[str, dict] = {}
    for item in items:
        key = item["event"]["id"] if item["event"] else item["passage"]
        events.setdefault(key, {"event": item["event"], "passages": []})["passages"].append(item)
    return list(events.values())


def speaker_data(view: IndexView, speaker_id: str, links: Links) -> dict:
    """A speaker, the roles they held, their quotations grouped by event (newest first), and the
    passages that report them, say they spoke at an event, or mention them."""
    speaker = view.catalog.speakers.get(speaker_id)
    if speaker is None:
        raise NotFound(f"no speaker with id {speaker_id[:80]!r}")
    groups = _quotations_by_event(view, speaker_id, links)
    return {
        "speaker": _speaker_item(view, speaker, view.speaker_counts(), links),
        "quotations_by_event": [
            {"event": event_dict(view.catalog.events.get(eid)) if eid else None, "quotations": items}
            for eid, items in groups.items()
        ],
        "truncated": sum(len(items) for items in groups.values()) >= SPEAKER_QUOTES_MAX,
        "reported": _in_role(view, speaker_id, "reported", links),
        "spoke_at": _spoke_at(_in_role(view, speaker_id, "spoke", links)),
        "mentioned_in": _in_role(view, speaker_id, "mentioned", links),
        "search_url": links.search([("speaker", speaker.id), ("quotes", "only")]),
        "timeline": speaker_timeline(view, speaker_id, links),
    }


def _event_item(view: IndexView, event, counts: dict, links: Links) -> dict:
    return {
        **event_dict(event),  # type: ignore[dict-item]
        "organizers": [{"id": o, "name": organization_name(view.catalog, o)} for o in event.organizers],
        "description": event.description,
        **_counts(counts, event.id),
        "url": links.event(event.id),
    }


def events_data(view: IndexView, links: Links, args: Mapping | None = None) -> dict:
    """One page of the events (those with passages first, newest first), filtered by name or place with `q`."""
    counts = view.event_counts()

    def rank(e) -> tuple:
        return not _counts(counts, e.id)["passages"], -(e.start.year if e.start else 0), e.name.casefold()

    shown, meta = list_page(view.catalog.events.values(), list_request(args or {}),
                            lambda e: (e.name, e.short_name, e.id, e.city, e.country), rank)
    return {"events": [_event_item(view, e, counts, links) for e in shown], **meta}


def event_data(view: IndexView, event_id: str, links: Links) -> dict:
    """An event: its documents, and its speakers and themes with passage counts."""
    event = view.catalog.events.get(event_id)
    if event is None:
        raise NotFound(f"no event with id {event_id[:80]!r}")
    _, found = facet_search(view, links, per_page=5, event=(event_id,))
    documents = [
        {"id": d.meta.id, "title": d.meta.label, "publisher": d.meta.publisher,
         "published": d.meta.published.isoformat() if d.meta.published else None, "url": links.document(d.meta.id)}
        for d in view.catalog.documents.values()
        if d.meta.event == event_id
    ]
    return {
        "event": _event_item(view, event, view.event_counts(), links),
        "documents": documents,
        "speakers": [f for f in found["facets"]["speaker"] if f["count"]],
        "themes": [f for f in found["facets"]["theme"] if f["count"]],
        "passages": found["results"],
        "search_url": links.search([("event", event_id)]),
        "charts": count_charts(found["facets"]),
    }


def themes_data(view: IndexView, links: Links) -> dict:
    counts = view.theme_counts()
    themes = [
        {"id": t.id, "label": t.label, "description": t.description, **_counts(counts, t.id), "url": links.theme(t.id)}
        for t in view.catalog.themes.values()
    ]
    themes.sort(key=lambda t: (-t["passages"], t["label"].casefold()))
    return {"themes": themes}


def theme_data(view: IndexView, theme_id: str, args, links: Links) -> dict:
    """A theme, its terms, and its passages (paged like the search page, same parameters)."""
    theme = view.catalog.themes.get(theme_id)
    if theme is None:
        raise NotFound(f"no theme with id {theme_id[:80]!r}")
    base = search_request(args)
    request = SearchRequest(theme=(theme_id,), sort=base.sort if base.sort != "relevance" else "newest",
                            page=base.page, per_page=base.per_page)
    found = results_data(view, run_search(view, request), links)
    return {
        "theme": {"id": theme.id, "label": theme.label, "description": theme.description, "terms": list(theme.terms),
                  **_counts(view.theme_counts(), theme.id), "url": links.theme(theme.id)},
        "results": found,
        "search_url": links.search([("theme", theme_id)]),
    }
