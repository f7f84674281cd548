"""Typed records of what a document's text says about itself: its dateline, its event, its date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Place:
    """A place as the gazetteer names it: a city (with its country) or a country alone."""

    city: str | None
    country: str | None


@dataclass(frozen=True)
class Dateline:
    """The opening "CITY, Country, 16 April 2009 -" of a release; any part may be missing."""

    place: Place | None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    agency: str | None = None
    end: int = 0  # offset in the text where the dateline ends


@dataclass(frozen=True)
class EventFacts:
    """The event a text is about, as far as the text fixes it."""

    name: str | None
    city: str | None = None
    country: str | None = None
    start: date | None = None
    end: date | None = None
    online: bool = False
    days: tuple[tuple[int, int], ...] = ()  # (month, day) of its dates the text gives without a year


@dataclass(frozen=True)
class DocumentFacts:
    """Everything inferred from one text: release date, publisher, event."""

    published: date | None = None
    publisher: str | None = None
    event: EventFacts | None = None
    days: tuple[tuple[int, int], ...] = ()  # (month, day) the dateline names, with or without a year

    def event_key(self) -> "EventKey | None":
        """What linking compares for this text's event."""
        if self.event is None:
            return None
        named = {(d.month, d.day) for d in (self.event.start, self.event.end, self.published) if d}
        return EventKey(self.event, tuple(sorted(named | set(self.days) | set(self.event.days))))


@dataclass(frozen=True)
class EventKey:
    """What linking compares: the event's facts plus the days the text names without a year."""

    facts: EventFacts
    days: tuple[tuple[int, int], ...] = ()  # (month, day) of the dateline and the event's dates
