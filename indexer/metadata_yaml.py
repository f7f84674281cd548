"""Metadata registries written as the YAML files `indexer.metadata.load_registry` reads.

Each file is a list of entries starting with `- id:`, keys as in metadata/*.yaml; documents are
appended one at a time, so a million-passage corpus never holds its document list in memory.
Used by `verbatim propose` and `verbatim bench generate`.
"""
from __future__ import annotations

from pathlib import Path
from typing import IO

import yaml

from indexer.models import DocumentMeta, Event, Organization, Speaker, Theme


def _dump(entry: dict) -> str:
    return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


def _clean(entry: dict) -> dict:
    """Drop empty values, turn tuples into lists and dates into ISO dates YAML reads back as dates."""
    out = {}
    for key, value in entry.items():
        if value in (None, (), [], ""):
            continue
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def organization_entry(org: Organization) -> dict:
    return _clean({"id": org.id, "name": org.name, "acronyms": org.acronyms})


def speaker_entry(speaker: Speaker) -> dict:
    roles = [
        _clean({"role": r.role, "organization": r.organization, "from": r.start, "to": r.end}) for r in speaker.roles
    ]
    return _clean({"id": speaker.id, "name": speaker.name, "kind": speaker.kind, "aliases": speaker.aliases, "roles": roles})


def event_entry(event: Event) -> dict:
    return _clean(
        {
            "id": event.id, "name": event.name, "short_name": event.short_name, "city": event.city,
            "country": event.country, "start": event.start, "end": event.end, "organizers": event.organizers,
            "description": event.description,
        }
    )


def theme_entry(theme: Theme) -> dict:
    return _clean({"id": theme.id, "label": theme.label, "description": theme.description, "terms": theme.terms})


def document_entry(meta: DocumentMeta) -> dict:
    entry = {
        "id": meta.id, "file": meta.file, "title": meta.title, "publisher": meta.publisher,
        "published": meta.published, "kind": meta.kind, "event": meta.event,
        "source_url": meta.source_url, "language": meta.language,
    }
    return {k: v for k, v in entry.items() if v is not None or k == "source_url"}


def write_list(path: Path, entries: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for entry in entries:
            handle.write(_dump(entry))


def append_document(handle: IO[str], meta: DocumentMeta) -> None:
    handle.write(_dump(document_entry(meta)))

