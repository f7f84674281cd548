"""Metadata entries (YAML mappings with line numbers) checked and turned into registry records.

Each entry is read key by key with its type checked; then ids, references, aliases and date
order are checked across files. Problems are collected, never raised, so all are reported.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from indexer.dates import parse_date
from indexer.lookup import TITLE_WORDS, fold, name_keys, organization_names, speaker_names
from indexer.models import DocumentMeta, Event, Organization, Registry, Role, Speaker, Theme

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SPEAKER_KINDS = ("person", "collective")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: " + ("warning: " if self.warning else "") + self.message


@dataclass
class Sink:
    problems: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message, warning=True))


class Entry:
    """One YAML mapping read with type checks; every problem names its file and line."""

    def __init__(self, data: dict, path: str, sink: Sink) -> None:
        self.data, self.path, self.sink = data, path, sink
        self.line_no = getattr(data, "line", 1)

    def line(self, key: str | None = None) -> int:
        return getattr(self.data, "key_lines", {}).get(key, self.line_no) if key else self.line_no

    def item_line(self, key: str, index: int) -> int:
        """Line of the index-th item of a list value (the key's line when not known)."""
        lines = getattr(self.data.get(key), "item_lines", None)
        return lines[index] if lines and index < len(lines) else self.line(key)

    def error(self, key: str | None, message: str) -> None:
        self.sink.error(self.path, self.line(key), message)

    def allow(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                self.error(str(key), f"unknown key '{key}' (expected one of: {', '.join(keys)})")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                self.error(None, f"missing required key '{key}'")
            return None
        if isinstance(value, (dict, list, bool)):
            self.error(key, f"'{key}' must be text, not {_kind(value)}")
            return None
        return str(value)

    def ident(self, key: str = "id", required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and not _ID.match(value):
            self.error(key, f"{key} '{value}' must be lowercase letters, digits and hyphens")
            return None
        return value

    def date(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_date(str(value)) if isinstance(value, str) else None
        if parsed is None:
            self.error(key, f"{key} '{value}' is not a date (write 2017-11-10 or 10 November 2017)")
        return parsed

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.error(key, f"'{key}' must be a list of text values")
            return ()
        return tuple(str(v) for v in value)

    def entries(self, key: str) -> list[Entry]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.error(key, f"'{key}' must be a list of mappings")
            return []
        return [Entry(v, self.path, self.sink) for v in value]


def _kind(value: Any) -> str:
    for kind, label in ((bool, "true/false"), (dict, "a mapping"), (list, "a list")):
        if isinstance(value, kind):
            return label
    return type(value).__name__


def _check_order(entry: Entry, start: date | None, end: date | None, start_key: str, end_key: str) -> None:
    if start and end and end < start:
        entry.error(end_key, f"{end_key} {end.isoformat()} is before {start_key} {start.isoformat()}")


def _organization(e: Entry) -> Organization:
    e.allow("id", "name", "acronyms", "description", "url")
    return Organization(id=e.ident() or "", name=e.text("name", True) or "", acronyms=e.strings("acronyms"))


def _event(e: Entry) -> Event:
    e.allow("id", "name", "short_name", "city", "country", "start", "end", "organizers", "description")
    event = Event(
        id=e.ident() or "", name=e.text("name", True) or "", short_name=e.text("short_name"),
        city=e.text("city"), country=e.text("country"), start=e.date("start"), end=e.date("end"),
        organizers=e.strings("organizers"), description=e.text("description"),
    )
    _check_order(e, event.start, event.end, "start", "end")
    return event


def _role(e: Entry) -> Role:
    e.allow("role", "organization", "from", "to")
    role = Role(role=e.text("role", True) or "", organization=e.ident("organization", False),
                start=e.date("from"), end=e.date("to"))
    _check_order(e, role.start, role.end, "from", "to")
    return role


def _speaker(e: Entry) -> Speaker:
    e.allow("id", "name", "kind", "aliases", "roles", "note")
    kind = e.text("kind") or "person"
    if kind not in SPEAKER_KINDS:
        e.error("kind", f"kind '{kind}' must be one of: {', '.join(SPEAKER_KINDS)}")
        kind = "person"
    roles = tuple(_role(r) for r in e.entries("roles"))
    return Speaker(id=e.ident() or "", name=e.text("name", True) or "", kind=kind,  # type: ignore[arg-type]
                   aliases=e.strings("aliases"), roles=roles)


def _document(e: Entry) -> DocumentMeta:
    e.allow("id", "file", "title", "publisher", "published", "kind", "event", "source_url", "language", "note")
    return DocumentMeta(
        id=e.ident() or "", file=e.text("file", True) or "", title=e.text("title"),
        publisher=e.text("publisher"), published=e.date("published"), kind=e.text("kind"),
        event=e.ident("event", False), source_url=e.text("source_url"), language=e.text("language") or "en",
    )


def _theme(e: Entry) -> Theme:
    e.allow("id", "label", "description", "terms")
    return Theme(id=e.ident() or "", label=e.text("label", True) or "",
                 description=e.text("description") or "", terms=e.strings("terms"))


BUILDERS = {"organizations": _organization, "events": _event, "speakers": _speaker,
            "documents": _document, "themes": _theme}
SINGULAR = {"organizations": "organization", "events": "event", "speakers": "speaker",
            "documents": "document", "themes": "theme"}


def _unique(name: str, pairs: list[tuple[Any, Entry]], sink: Sink) -> list[tuple[Any, Entry]]:
    """Drop (and report) records whose id was already used in the same file."""
    seen: dict[str, Entry] = {}
    kept = []
    for record, entry in pairs:
        if not record.id:
            continue
        if record.id in seen:
            entry.error("id", f"duplicate {SINGULAR[name]} id '{record.id}' (first on line {seen[record.id].line_no})")
            continue
        seen[record.id] = entry
        kept.append((record, entry))
    return kept


def _claims(pairs: list[tuple[Any, Entry]], names: Callable[[Any], tuple[str, ...]], plural: str, owner: str) -> None:
    """Report a name claimed by two records (aliases of two speakers, acronyms of two bodies)."""
    claimed: dict[str, tuple[str, int]] = {}
    reported: set[tuple[str, str]] = set()  # one message per pair of records
    singular = plural[:-1] if plural == "acronyms" else "alias"
    for record, entry in pairs:
        for index, name in enumerate(names(record)):
            line = entry.item_line(plural, index - 1) if index else entry.line("name")
            for key in name_keys(name):
                other = claimed.get(key)
                if other and other[0] != record.id:
                    if (other[0], record.id) not in reported:
                        reported.add((other[0], record.id))
                        entry.sink.error(entry.path, line, f"{singular} '{name}' is claimed by two {owner}: "
                                         f"'{other[0]}' (line {other[1]}) and '{record.id}'")
                    break
                claimed.setdefault(key, (record.id, line))


def _title_aliases(pairs: list[tuple[Speaker, Entry]]) -> None:
    """Warn about an alias made only of titles ("Secretary-General"): it names someone else next year."""
    for speaker, entry in pairs:
        for index, alias in enumerate(speaker.aliases):
            words = fold(alias).split()
            if words and all(w in TITLE_WORDS for w in words):
                entry.sink.warn(entry.path, entry.item_line("aliases", index),
                                f"alias '{alias}' is only a title; it will match whoever holds it")


def _hint(value: str, names: dict[str, str]) -> str:
    """' (did you mean 'osce'?)' when a reference is a known name, acronym or a near miss of an id."""
    found = names.get(fold(value)) or next(iter(difflib.get_close_matches(value, set(names.values()), 1, 0.8)), None)
    return f" (did you mean '{found}'?)" if found else ""


def _names(items: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """Folded id, name or acronym → id (the first record to claim a name keeps it)."""
    table: dict[str, str] = {}
    for record_id, names in items:
        for name in (record_id, *names):
            if name:
                table.setdefault(fold(name), record_id)
    return table


def _references(built: dict[str, list[tuple[Any, Entry]]], broken: frozenset[str]) -> None:
    """Ids referred to must exist (unless their file could not be read: that is reported already)."""
    org_ids, event_ids = {o.id for o, _ in built["organizations"]}, {e.id for e, _ in built["events"]}
    orgs = _names((o.id, (o.name, *o.acronyms)) for o, _ in built["organizations"])
    events = _names((e.id, (e.name, e.short_name or "")) for e, _ in built["events"])
    check_orgs, check_events = "organizations" not in broken, "events" not in broken
    for event, entry in built["events"]:
        for index, org in enumerate(event.organizers):
            if check_orgs and org not in org_ids:
                entry.sink.error(entry.path, entry.item_line("organizers", index),
                                 f"unknown organization '{org}' in organizers{_hint(org, orgs)}")
    for speaker, entry in built["speakers"]:
        for role, role_entry in zip(speaker.roles, entry.entries("roles") if speaker.roles else ()):
            if check_orgs and role.organization and role.organization not in org_ids:
                role_entry.error("organization", f"unknown organization '{role.organization}'{_hint(role.organization, orgs)}")
    files: dict[str, Entry] = {}
    for doc, entry in built["documents"]:
        if check_events and doc.event and doc.event not in event_ids:
            entry.error("event", f"unknown event '{doc.event}'{_hint(doc.event, events)}")
        if doc.file in files:
            entry.error("file", f"file '{doc.file}' is already described on line {files[doc.file].line_no}")
        files.setdefault(doc.file, entry)


def build_registry(parsed: dict[str, list[Entry]], sink: Sink, broken: frozenset[str] = frozenset()) -> Registry:
    """Records from every file's entries, cross-checked; problems go to the sink."""
    built = {name: _unique(name, [(BUILDERS[name](e), e) for e in parsed.get(name, [])], sink) for name in BUILDERS}
    _references(built, broken)
    _claims(built["speakers"], speaker_names, "aliases", "speakers")
    _title_aliases(built["speakers"])
    _claims(built["organizations"], organization_names, "acronyms", "organizations")
    return Registry(**{name: tuple(r for r, _ in pairs) for name, pairs in built.items()})
