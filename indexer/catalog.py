"""The catalog: the metadata snapshot an index generation was built with.

It is written next to the Whoosh files of each generation, so the search side serves labels,
roles and documents that match the passages exactly, even while metadata is being edited.
Discovered speakers (found in text, not in the registry) are part of it.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from indexer.models import DocumentMeta, Event, Organization, Role, Speaker, Theme

CATALOG_FILE = "catalog.json"
R = TypeVar("R")


@dataclass(frozen=True)
class DocumentEntry:
    meta: DocumentMeta
    passage_ids: tuple[str, ...] = ()  # not saved: read back from the columns file (see load_catalog)
    inferred: tuple[str, ...] = ()  # metadata fields inferred from the text
    sha256: str = ""
    body_offset: int = 0


@dataclass(frozen=True)
class Catalog:
    generation: str
    documents: dict[str, DocumentEntry]
    events: dict[str, Event]
    speakers: dict[str, Speaker]
    organizations: dict[str, Organization]
    themes: dict[str, Theme]

    def label(self, facet: str, value: str) -> str:
        """Human label of a facet value id (falls back to the id itself)."""
        if facet == "speaker" and value in self.speakers:
            return self.speakers[value].name
        if facet == "event" and value in self.events:
            event = self.events[value]
            return (event.short_name or event.name) + (" (found in text)" if event.discovered else "")
        if facet == "theme" and value in self.themes:
            return self.themes[value].label
        if facet == "organization" and value in self.organizations:
            return self.organizations[value].name
        return value


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _build(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a frozen record from its JSON form (dates and tuples restored by field name)."""
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name in {"published", "start", "end"} and isinstance(value, str):
            value = date.fromisoformat(value)
        elif f.name == "roles":
            value = tuple(_build(Role, r) for r in value)
        elif f.name == "meta":
            value = _build(DocumentMeta, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def save_catalog(catalog: Catalog, directory: Path) -> None:
    """catalog.json, written record by record (the same bytes as one json.dumps of the whole, without
    holding a string of hundreds of megabytes for a million passages)."""
    parts = (
        ("documents", catalog.documents), ("events", catalog.events), ("speakers", catalog.speakers),
        ("organizations", catalog.organizations), ("themes", catalog.themes),
    )
    with open(directory / CATALOG_FILE, "w", encoding="utf-8") as handle:
        handle.write('{"generation": ' + json.dumps(catalog.generation, ensure_ascii=False))
        for name, records in parts:
            handle.write(f', "{name}": [')
            for i, record in enumerate(records.values()):
                handle.write((", " if i else "") + json.dumps(_saved(record), ensure_ascii=False))
            handle.write("]")
        handle.write("}")


def _saved(record: Any) -> dict[str, Any]:
    """A record's JSON form; a document's passage ids are left out (a million of them took most of
    the time to open a generation, and the columns file holds them in order already)."""
    plain = _plain(asdict(record))
    if isinstance(record, DocumentEntry):
        del plain["passage_ids"]
    return plain


PassageIds = Callable[[str], tuple[str, ...]]


class Records(Mapping[str, R]):
    """A catalog section read back: records by id, each rebuilt from its JSON form when first asked
    for (a 1M-passage catalog holds 50,000 documents and thousands of speakers and events; opening
    a generation made them all, a search reads a few)."""

    def __init__(self, cls: type[R], items: list[dict[str, Any]], key: Callable[[dict[str, Any]], str],
                 extra: Callable[[str], dict[str, Any]] | None = None) -> None:
        self._cls = cls
        self._extra = extra  # fields kept elsewhere, by record id
        self._raw = {key(item): item for item in items}
        self._made: dict[str, R] = {}

    def __getitem__(self, key: str) -> R:
        made = self._made.get(key)
        if made is None:  # threads may build the same record twice: harmless
            raw = self._raw[key] if self._extra is None else {**self._raw[key], **self._extra(key)}
            made = self._made[key] = _build(self._cls, raw)
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def load_catalog(directory: Path, passage_ids: PassageIds | None = None) -> Catalog:
    """The generation's catalog. Each document's passage ids come from `passage_ids` (the search side
    passes its columns' document_passage_ids); without it, only a catalog written before they left
    catalog.json has them."""
    data = json.loads((directory / CATALOG_FILE).read_text(encoding="utf-8"))
    by_id = itemgetter("id")
    return Catalog(
        generation=data["generation"],
        documents=Records(DocumentEntry, data["documents"], lambda d: d["meta"]["id"],  # type: ignore[arg-type]
                          passage_ids and (lambda doc_id: {"passage_ids": passage_ids(doc_id)})),
        events=Records(Event, data["events"], by_id),  # type: ignore[arg-type]
        speakers=Records(Speaker, data["speakers"], by_id),  # type: ignore[arg-type]
        organizations=Records(Organization, data["organizations"], by_id),  # type: ignore[arg-type]
        themes=Records(Theme, data["themes"], by_id),  # type: ignore[arg-type]
    )

