"""The home page's data: what a newcomer can start from (recent quotations, the most quoted
speakers, the events with the most passages), instead of a browse list of unattributed narrative."""
from __future__ import annotations

from indexer.search import IndexView, SearchRequest, run_search
from present.links import Links
from webapp.entities import events_data, speakers_data

QUOTATIONS = 6
SPEAKERS = 8
EVENTS = 6


def home_data(view: IndexView, links: Links) -> dict:
    """Recent direct quotations (newest documents first), top speakers, events with passages."""
    catalog = view.catalog
    quotations = []
    for hit in run_search(view, SearchRequest(quotes_only=True, sort="newest", per_page=QUOTATIONS * 2)).hits:
        record = hit.passage
        entry = catalog.documents.get(record.document_id)
        for quote in record.quotes:
            if quote.speaker_id and len(quotations) < QUOTATIONS:
                quotations.append({
                    "text": quote.text,
                    "speaker": {"id": quote.speaker_id, "name": catalog.label("speaker", quote.speaker_id),
                                "url": links.speaker(quote.speaker_id)},
                    "url": links.excerpt(record.id, quote.start, quote.end),
                    "document": {"title": entry.meta.label if entry else record.document_id,
                                 "published": record.published},
                })
                break
    speakers = [s for s in speakers_data(view, links, {"per_page": str(SPEAKERS)})["speakers"] if s["passages"]]
    events = sorted((e for e in events_data(view, links, {"per_page": "500"})["events"] if e["passages"]),
                    key=lambda e: -e["passages"])[:EVENTS]
    return {"quotations": quotations, "speakers": speakers, "events": events}
