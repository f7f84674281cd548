"""Link events found in texts: to a registry event, and to each other within one build or run.

Two descriptions are one event when nothing conflicts (place, online or not, dates: a day and month
given without a year still conflicts with another day) and their names agree (an acronym in common,
or half their content words; or, in one city on overlapping days, one word in common). A text that does not say the meeting was online describes one held in
person. Ids of discovered events are readable and stable: place, year, a few words of the name.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from indexer.infer.records import EventFacts, EventKey
from indexer.models import Event

_STOP = frozenset({"the", "a", "an", "of", "on", "in", "and", "for", "to", "at", "by", "with", "from", "its", "their",
                   "between", "among", "against"})
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
NEAR_DAYS = 3  # a report is dated up to a few days after the meeting it reports


def _fold(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def _content(name: str | None) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", _fold(name)) if w not in _STOP]


def name_f1(a: str | None, b: str | None) -> float:
    """Content-word F1 of two names."""
    x, y = _content(a), _content(b)
    common = sum(min(x.count(w), y.count(w)) for w in set(x))
    return 2 * common / (len(x) + len(y)) if common else 0.0


def _acronyms(name: str | None) -> set[str]:
    return set(_ACRONYM.findall(name or ""))


def _days_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    try:
        da, db = date(2000, *a), date(2000, *b)  # 2000: a leap year, so 29 February exists
    except ValueError:  # "30 February" as written: no day to compare
        return 0
    diff = abs((da - db).days)
    return min(diff, 366 - diff)


def _dates_conflict(a: EventKey, b: EventKey) -> bool:
    fa, fb = a.facts, b.facts
    if fa.start and fb.start:
        span = max(((fa.end or fa.start) - fa.start).days, ((fb.end or fb.start) - fb.start).days, 0) + NEAR_DAYS
        return abs((fa.start - fb.start).days) > span
    if a.days and b.days:
        return not any(_days_apart(x, y) <= NEAR_DAYS for x in a.days for y in b.days)
    return False


def compatible(a: EventKey, b: EventKey) -> bool:
    """Nothing the two texts say of the event contradicts the other."""
    fa, fb = a.facts, b.facts
    if fa.online != fb.online:
        return False
    if fa.city and fb.city and _fold(fa.city) != _fold(fb.city):
        return False
    if fa.country and fb.country and _fold(fa.country) != _fold(fb.country):
        return False
    return not _dates_conflict(a, b)


def _same_place_and_days(x: EventKey, y: EventKey) -> bool:
    """One city and overlapping days: each text giving its dates in full, or neither giving a year and
    both naming one same day."""
    a, b = x.facts, y.facts
    if not (a.city and b.city) or _fold(a.city) != _fold(b.city):
        return False
    if a.start and b.start:
        return a.start <= (b.end or b.start) and b.start <= (a.end or a.start)
    return not a.start and not b.start and bool(set(x.days) & set(y.days))


def same_event(a: EventKey, b: EventKey) -> bool:
    """Whether two descriptions are of one event."""
    if not compatible(a, b):
        return False
    if name_f1(a.facts.name, b.facts.name) >= 0.5:
        return True
    if _same_place_and_days(a, b) and (name_f1(a.facts.name, b.facts.name) > 0
                                                   or _acronyms(a.facts.name) & _acronyms(b.facts.name)):
        return True  # two publishers' wordings of one meeting: one city, overlapping days, a word in common
    dated = bool(a.days or a.facts.start or b.days or b.facts.start)
    return dated and bool(_acronyms(a.facts.name) & _acronyms(b.facts.name))  # undated, one body's name is not enough


def _registry_key(event: Event) -> EventKey:
    days = tuple((d.month, d.day) for d in (event.start, event.end) if d)
    facts = EventFacts(event.name, event.city, event.country, event.start, event.end)
    return EventKey(facts, days)


def _registry_score(key: EventKey, event: Event, other: EventKey) -> float:
    """How well a registry event fits a text (0: not at all). Above 0 only for an event in the text's
    city or whose dates hold the text's date, which is what lets RegistryEvents look at those alone."""
    if not event.city and not event.country or not compatible(key, other):
        return 0.0
    place = bool(key.facts.city and event.city) and _fold(key.facts.city) == _fold(event.city)
    dated = bool(key.facts.start and event.start) and event.start <= key.facts.start <= (event.end or event.start)
    score = max(name_f1(key.facts.name, event.name), name_f1(key.facts.name, event.short_name))
    if not key.facts.start and event.start and place and (score > 0 or _acronyms(key.facts.name) & _acronyms(event.name)):
        dated = _within(key.days, event.start, event.end or event.start)  # no year given: its days
    if place and dated:
        score += 1.0
    return score if (place or dated) and score >= 0.5 else 0.0


class RegistryEvents:
    """The registry event a text is about: compatible, and the same place and days or a name that
    agrees. The best score wins, the first in registry order among equals; each event's key is
    made once and only the events in the text's city or spanning its date are scored (no other
    can score), so a registry of thousands of events costs a few comparisons per text."""

    def __init__(self, events: Iterable[Event]) -> None:
        self.events = tuple(events)
        self.keys = [_registry_key(e) for e in self.events]
        self.by_city: dict[str, list[int]] = {}
        for i, event in enumerate(self.events):
            if event.city:
                self.by_city.setdefault(_fold(event.city), []).append(i)
        self.by_word: dict[str, set[int]] = {}
        for i, event in enumerate(self.events):
            for word in {*_content(event.name), *_content(event.short_name), *_acronyms(event.name)}:
                self.by_word.setdefault(word, set()).add(i)
        dated = sorted((e.start, i) for i, e in enumerate(self.events) if e.start)
        self.starts = [start for start, _ in dated]
        self.started = [i for _, i in dated]
        self.longest = max([0] + [((e.end or e.start) - e.start).days for e in self.events if e.start])

    def match(self, key: EventKey) -> Event | None:
        best, best_score = None, 0.0
        for i in sorted(self._candidates(key)):
            score = _registry_score(key, self.events[i], self.keys[i])
            if score > best_score:
                best, best_score = self.events[i], score
        return best

    def _candidates(self, key: EventKey) -> set[int]:
        """The events spanning the text's date, and those in its city sharing a word or an acronym
        with its name: a score needs the place or the date, and without both a name that agrees
        (a place alone with no year given also needs a word or an acronym in common)."""
        found: set[int] = set()
        start = key.facts.start
        if start:  # events starting up to the longest span before the text's date
            low = bisect_left(self.starts, start - timedelta(days=self.longest))
            found.update(self.started[low: bisect_right(self.starts, start)])
        in_city = self.by_city.get(_fold(key.facts.city)) if key.facts.city else None
        if in_city:
            named = set().union(*(self.by_word.get(w, ()) for w in _name_words(key)))
            found.update(named.intersection(in_city))
        return found


def _within(days: Sequence[tuple[int, int]], start: date, end: date) -> bool:
    """Whether a (month, day) given without a year falls in a span, or up to NEAR_DAYS after it (a report)."""
    span = {(start + timedelta(days=k)).timetuple()[1:3] for k in range((end - start).days + NEAR_DAYS + 1)}
    return any(tuple(d) in span for d in days)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def discovered_id(facts: EventFacts, taken: set[str]) -> str:
    """A readable id: 'tashkent-2018-first-central-asian-expert-forum' (shortened), unique among taken."""
    words = [w for w in _content(facts.name) if not w.isdigit()][:5]
    parts = [facts.city or facts.country or ("online" if facts.online else ""),
             str(facts.start.year) if facts.start else "", *words]
    base = slug(" ".join(p for p in parts if p))[:60].strip("-") or "event"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


class EventLinker:
    """Gives each text's event an id, in order: a registry id where one matches, else one discovered
    id per group of texts about the same event. The one stateful step of inference; the build keeps
    it in its main process, in corpus order, like its other catalog decisions."""

    def __init__(self, registry: Iterable[Event] = ()) -> None:
        self.registry = RegistryEvents(registry)
        self.taken = {e.id for e in self.registry.events}
        self.groups: dict[str, list[EventKey]] = {}
        # A group can take a text only when one of its members' names shares a content word or an
        # acronym with the text's (same_event needs one): groups by those words, in creation order.
        self._order: dict[str, int] = {}
        self._by_word: dict[str, list[str]] = {}

    def link(self, key: EventKey) -> tuple[str, Event | None]:
        """The event id for a text, and the discovered event as it now stands (None: a registry event)."""
        known = self.registry.match(key)
        if known:
            return known.id, None
        for event_id in sorted({g for w in _name_words(key) for g in self._by_word.get(w, ())}, key=self._order.get):
            members = self.groups[event_id]
            if all(compatible(key, m) for m in members) and any(same_event(key, m) for m in members):
                members.append(key)
                self._index(event_id, key)
                return event_id, discovered_event(event_id, members)
        event_id = discovered_id(key.facts, self.taken)
        self.taken.add(event_id)
        self.groups[event_id] = [key]
        self._order[event_id] = len(self._order)
        self._index(event_id, key)
        return event_id, discovered_event(event_id, [key])

    def _index(self, event_id: str, key: EventKey) -> None:
        for word in _name_words(key):
            holders = self._by_word.setdefault(word, [])
            if not holders or holders[-1] != event_id:
                holders.append(event_id)


def _name_words(key: EventKey) -> set[str]:
    """The content words (lower case) and acronyms (upper case) of a text's event name."""
    return set(_content(key.facts.name)) | _acronyms(key.facts.name)


def discovered_event(event_id: str, members: Sequence[EventKey]) -> Event:
    """An event found in text: the first text's name, and each fact from the first text that gives it."""
    def first(field: str):
        return next((getattr(m.facts, field) for m in members if getattr(m.facts, field)), None)

    name = members[0].facts.name or event_id
    return Event(id=event_id, name=name[:1].upper() + name[1:],  # a title, as the registry's names are
                 city=first("city"), country=first("country"), start=first("start"), end=first("end"), discovered=True,
                 description="Held online." if members[0].facts.online else None)


def cluster(keys: Sequence[EventKey | None], registry: Iterable[Event] = ()) -> list[str | None]:
    """An event id for each text (None: it names no event), as EventLinker gives them in this order."""
    linker = EventLinker(registry)
    return [linker.link(key)[0] if key is not None else None for key in keys]
