"""The Passage shape: index records plus the catalog become the plain dicts every face shows.

The JSON API serialises these dicts as they are, the templates only display them and
`verbatim search --json` prints them, so the faces always say the same thing. Ids are resolved to labels, roles to the one held on the
document's date, and source URLs are kept only when they are http(s).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from indexer.catalog import Catalog, DocumentEntry
from indexer.models import Event, Role, Speaker
from indexer.search.lru import LRU
from indexer.search.types import Match, PassageRecord, QuoteRecord
from present.anchors import is_web_url
from present.citations import CitationSource, Credit, all_formats
from present.links import Links


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def role_at(speaker: Speaker, day: date | None) -> Role | None:
    """The role held on `day`: one whose dates cover it, else an undated one, else the latest."""
    if not speaker.roles:
        return None
    if day is not None:
        for role in speaker.roles:
            if (role.start is None or role.start <= day) and (role.end is None or day <= role.end):
                if role.start or role.end:
                    return role
    undated = [r for r in speaker.roles if r.start is None and r.end is None]
    if undated:
        return undated[0]
    return max(speaker.roles, key=lambda r: r.start or r.end or date.min)


def organization_name(catalog: Catalog, org_id: str | None) -> str | None:
    if not org_id:
        return None
    org = catalog.organizations.get(org_id)
    return org.name if org else org_id


def speaker_dict(catalog: Catalog, speaker_id: str, day: date | None) -> dict:
    """`{"id", "name", "role", "organization", "kind"}` as of the document's date."""
    speaker = catalog.speakers.get(speaker_id)
    if speaker is None:
        return {"id": speaker_id, "name": speaker_id, "role": None, "organization": None, "kind": "person"}
    role = role_at(speaker, day)
    return {
        "id": speaker.id,
        "name": speaker.name,
        "role": role.role if role else None,
        "organization": organization_name(catalog, role.organization) if role else None,
        "kind": speaker.kind,
    }


def passage_role(record: PassageRecord, speaker_id: str) -> str:
    """What the speaker does in the passage: said (quoted), reported, or spoke (no words given)."""
    if any(q.speaker_id == speaker_id for q in record.quotes):
        return "said"
    return "reported" if any(r.speaker_id == speaker_id for r in record.reported) else "spoke"


def event_dict(event: Event | None) -> dict | None:
    if event is None:
        return None
    return {
        "id": event.id,
        "name": event.name,
        "short_name": event.short_name or event.name,
        "city": event.city,
        "country": event.country,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "discovered": event.discovered,
    }


def document_dict(entry: DocumentEntry) -> dict:
    meta = entry.meta
    return {
        "id": meta.id,
        "title": meta.label,
        "publisher": meta.publisher,
        "published": _iso(meta.published),
        "kind": meta.kind,
        "source_url": meta.source_url if is_web_url(meta.source_url) else None,
    }


def _credit(catalog: Catalog, speaker_id: str, day: date | None) -> Credit:
    s = speaker_dict(catalog, speaker_id, day)
    return Credit(s["name"], s["role"], s["organization"], s["kind"])


_MARKS = "\"“”«»„‘’'"


def quotation_at(record: PassageRecord, text: str, start: int, end: int) -> tuple[QuoteRecord | None, int, int]:
    """The attributed quotation an excerpt lies inside, and the excerpt without the quotation's own
    marks when it was selected with them; (None, start, end) when it lies inside none."""
    for q in record.quotes:
        s = start + 1 if start == q.start - 1 and text[start : start + 1] in _MARKS else start
        e = end - 1 if end == q.end + 1 and text[end - 1 : end] in _MARKS else end
        if q.speaker_id and q.start <= s < e <= q.end:
            return q, s, e
    return None, start, end


def reported_by(record: PassageRecord, start: int, end: int) -> tuple[str, ...]:
    """Whose remarks an excerpt reports: speakers of the quotations and reported statements it overlaps."""
    spans = [(q.start, q.end, q.speaker_id) for q in record.quotes] + [(r.start, r.end, r.speaker_id) for r in record.reported]
    return tuple(dict.fromkeys(sid for s, e, sid in spans if sid and s < end and start < e))


def citation_source(
    record: PassageRecord, catalog: Catalog, text: str, links: Links, start: int | None = None, end: int | None = None
) -> CitationSource:
    """The facts a citation of record (or of text[start:end] inside it) states, and who signs it:
    the speaker when the excerpt lies inside their direct quotation, else the publisher (always for
    the whole passage, start and end not given)."""
    passage = start is None and end is None
    start = record.start if start is None else start
    end = record.end if end is None else end
    entry = catalog.documents.get(record.document_id)
    meta = entry.meta if entry else None
    event = catalog.events.get(record.event_id) if record.event_id else None
    day = meta.published if meta else parse_day(record.published)
    whole = (start, end) == (record.start, record.end)
    quote, start, end = (None, start, end) if passage else quotation_at(record, text, start, end)
    return CitationSource(
        key=record.id[:10] if whole else f"{record.id[:10]}s{start}",
        text=text,
        start=start,
        end=end,
        permalink=links.host + links.excerpt(record.id, None if whole else start, end),
        paragraph=record.paragraph + 1,
        page=record.page,
        signed_by="speaker" if quote else "publisher",
        speaker=_credit(catalog, quote.speaker_id, day) if quote and quote.speaker_id else None,
        reports=() if quote else tuple(catalog.label("speaker", s) for s in reported_by(record, start, end)),
        title=meta.label if meta else None,
        publisher=meta.publisher if meta else None,
        published=day,
        kind=meta.kind if meta else None,
        event=event.name if event else None,
        place=_place(event),
        event_start=event.start if event else None,
        event_end=event.end if event else None,
        source_url=meta.source_url if meta else None,
    )


def in_document(record: PassageRecord, entry: DocumentEntry | None, links: Links) -> str:
    """The link to a passage on its document's page (the page of a long document that holds it)."""
    ids = entry.passage_ids if entry else ()
    ordinal = ids.index(record.id) if len(ids) > links.document_window and record.id in ids else 0
    return links.in_document(record.document_id, record.id, ordinal)


def brief_dict(record: PassageRecord, catalog: Catalog, links: Links) -> dict:
    """A passage reference: id, links, document id and title (for neighbours, "also appears in")."""
    entry = catalog.documents.get(record.document_id)
    return {
        "id": record.id,
        "url": links.passage(record.id),
        "document_url": in_document(record, entry, links),
        "document": {"id": record.document_id, "title": entry.meta.label if entry else None},
        "paragraph": record.paragraph + 1,
        "text": record.text,
    }


def passage_dict(
    record: PassageRecord,
    catalog: Catalog,
    text: str | Callable[[], str],
    links: Links,
    matches: Sequence[Match] = (),
    also: tuple[PassageRecord, ...] = (),
) -> dict:
    """The API's Passage object, plus links and "also appears in".

    `text` is the document text, or a function reading it: only a citation not made yet needs it.
    """
    entry = catalog.documents.get(record.document_id)
    day = entry.meta.published if entry else parse_day(record.published)
    names = {sid: catalog.label("speaker", sid) for sid in record.speaker_ids}
    return {
        "id": record.id,
        "url": links.passage(record.id),
        "permalink": links.permalink(record.id),
        "document_url": in_document(record, entry, links),
        "text": record.text,
        **hit_fields(record.text, matches),
        "document": document_dict(entry) if entry else _missing_document(record),
        "block": record.block,
        "paragraph": record.paragraph + 1,
        "page": record.page,
        "start": record.start,
        "end": record.end,
        "event": event_dict(catalog.events.get(record.event_id)) if record.event_id else None,
        "speakers": [{**speaker_dict(catalog, sid, day), "does": passage_role(record, sid)} for sid in record.speaker_ids],
        "quotes": [
            {
                "text": q.text,
                "speaker": q.speaker_id,
                "speaker_name": names.get(q.speaker_id) or catalog.label("speaker", q.speaker_id)
                if q.speaker_id
                else None,
                "start": q.start,
                "end": q.end,
                "citation": whole_citation(record, catalog, text, links, q) if q.speaker_id else None,
            }
            for q in record.quotes
        ],
        "themes": [{"id": t, "label": catalog.label("theme", t)} for t in record.theme_ids],
        "organizations": [{"id": o, "name": catalog.label("organization", o)} for o in record.organization_ids],
        "year": record.year,
        "citation": whole_citation(record, catalog, text, links),
        "also_appears_in": [brief_dict(a, catalog, links) for a in also],
    }


_CITATIONS_MAX = 1024  # passages; a generation's citations never change, so a hit is always right. API
# searches keep whole encoded passages (webapp/fragments.py, ~5 KB each against ~8 KB here) and ask only on a miss
_CITATIONS: LRU[tuple, dict] = LRU(_CITATIONS_MAX)
_CITATIONS_LOCK = threading.Lock()


def whole_citation(record: PassageRecord, catalog: Catalog, text: str | Callable[[], str], links: Links,
                   quote: QuoteRecord | None = None) -> dict:
    """Every citation format of a whole passage (signed by its publisher) or of one of its attributed
    quotations (signed by the speaker), made once per generation (read-only: shared by requests).

    Five formats per result were half the cost of an API search answer; popular passages recur.
    """
    key = (catalog.generation, record.id, links, quote.start if quote else None)
    with _CITATIONS_LOCK:
        found = _CITATIONS.get(key)
        if found is not None:
            return found
    source = text if isinstance(text, str) else text()
    made = all_formats(citation_source(record, catalog, source, links, *((quote.start, quote.end) if quote else ())))
    with _CITATIONS_LOCK:
        _CITATIONS[key] = made
    return made


def _missing_document(record: PassageRecord) -> dict:
    return {"id": record.document_id, "title": record.document_id, "publisher": None, "published": None,
            "kind": None, "source_url": None}


HIT_FIELDS = ("highlight", "matches")  # the only fields of a passage that depend on the search


def hit_fields(text: str, matches: Sequence[Match]) -> dict:
    """What one search adds to a passage: its matches as [start, end] offsets into the text, and
    the text as HTML with each match in <mark> (escaped piece by piece)."""
    out: list[str] = []
    pos = 0
    for start, end in matches:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return {"highlight": "".join(out), "matches": [[start, end] for start, end in matches]}


def _place(event: Event | None) -> str | None:
    if event is None:
        return None
    return ", ".join(p for p in (event.city, event.country) if p) or None
