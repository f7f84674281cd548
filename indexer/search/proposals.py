"""What a build found in text that the registry lacks, as registry entries a curator can paste:
events found in text, discovered speakers (with a surname alias and their roles dated by the
documents that attest them) and the organizations those roles name.

Read from an index generation (its catalog and passages), so it proposes exactly what was indexed.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from indexer.models import Event, Organization, Registry, Role, Speaker
from indexer.search.run import run_search
from indexer.search.types import SearchRequest
from indexer.search.view import IndexView

PAGES_PER_SPEAKER = 20  # of 100 passages: the dates of a speaker's first 2,000 passages bound the roles


@dataclass(frozen=True)
class Proposals:
    events: tuple[Event, ...]
    organizations: tuple[Organization, ...]
    speakers: tuple[Speaker, ...]


def _dates(view: IndexView, speaker_id: str) -> list[date]:
    """Dates of the documents in which a speaker is quoted, reported or spoke."""
    found, page = [], 1
    while page <= PAGES_PER_SPEAKER:
        results = run_search(view, SearchRequest(speaker=(speaker_id,), per_page=100, page=page, sort="oldest"))
        found += [date.fromisoformat(h.passage.published) for h in results.hits if h.passage.published]
        if page * 100 >= results.total:
            break
        page += 1
    return found


def _claimed(registry: Registry) -> set[str]:
    """Every name and alias the registry's speakers answer to, folded: a proposed alias must be free."""
    return {n.casefold() for s in registry.speakers for n in (s.name, *s.aliases)}


def _speaker(view: IndexView, speaker: Speaker, taken: set[str], surnames: dict[str, int]) -> Speaker:
    dates = _dates(view, speaker.id)
    start, end = (min(dates), max(dates)) if dates else (None, None)
    roles = tuple(replace(r, start=start, end=end) for r in speaker.roles)
    surname = speaker.name.split()[-1]
    alias = speaker.kind == "person" and len(speaker.name.split()) > 1 and surnames[surname.casefold()] == 1
    aliases = (surname,) if alias and surname.casefold() not in taken else ()
    return replace(speaker, roles=roles, aliases=aliases, discovered=False)


def proposals(view: IndexView, registry: Registry) -> Proposals:
    """The registry entries the index's discovered events, speakers and organizations would need,
    beside the registry they are meant for (whose ids and aliases they must not take)."""
    catalog = view.catalog
    listed = {e.id for e in registry.events}
    events = tuple(replace(e, discovered=False)
                   for e in catalog.events.values() if e.discovered and e.id not in listed)
    listed_speakers = {s.id for s in registry.speakers}
    found = [s for s in catalog.speakers.values() if s.discovered and s.id not in listed_speakers]
    taken = _claimed(registry)
    surnames: dict[str, int] = {}
    for s in found:
        if s.kind == "person":
            surnames[s.name.split()[-1].casefold()] = surnames.get(s.name.split()[-1].casefold(), 0) + 1
    speakers = tuple(_speaker(view, s, taken, surnames) for s in sorted(found, key=lambda s: s.id))
    registered = {o.id for o in registry.organizations}
    wanted = {r.organization for s in speakers for r in s.roles if r.organization}
    organizations = tuple(catalog.organizations[o] for o in sorted(wanted - registered) if o in catalog.organizations)
    known = registered | {o.id for o in organizations}
    speakers = tuple(replace(s, roles=tuple(_known_org(r, known) for r in s.roles)) for s in speakers)
    return Proposals(tuple(sorted(events, key=lambda e: e.id)), organizations, speakers)


def _known_org(role: Role, known: set[str]) -> Role:
    return role if role.organization is None or role.organization in known else replace(role, organization=None)
