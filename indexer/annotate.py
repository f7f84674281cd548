"""Annotate stage: passages get who said, reported, spoke and was mentioned, organizations, event, themes.

Attributions come from `indexer.attribution.extract` run once over the whole document text (the
same code `verbatim extract` runs) and are assigned to the passage holding their start offset.
Speakers are resolved to registry ids by name or alias; anyone else is a discovered speaker.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from indexer.attribution.appositives import is_place
from indexer.attribution.cues import (
    BODY_NOUNS, DOC_NOUNS, FORUM_NOUNS, GROUP_NOUNS, PERSON_NOUNS, ROLE_WORDS, STOP_CAPS, is_demonym, trie_pattern,
)
from indexer.corpus import slugify
from indexer.lookup import Lookup
from indexer.models import (
    AnnotatedPassage,
    Attribution,
    Document,
    Event,
    Organization,
    Passage,
    QuoteRef,
    ReportedRef,
    Role,
    Speaker,
    SpokeRef,
)
from indexer.themes import ThemeMatcher


@dataclass(frozen=True)
class Discovered:
    """Speakers and organizations found in text that the registry does not list."""

    speakers: tuple[Speaker, ...] = ()
    organizations: tuple[Organization, ...] = ()


@dataclass(frozen=True)
class Context:
    """What annotation needs besides the document, prepared once per build."""

    lookup: Lookup
    themes: ThemeMatcher
    org_mentions: re.Pattern[str] | None
    speakers: dict[str, Speaker]  # registry speakers by id
    speaker_mentions: re.Pattern[str] | None = None  # registry speakers' names and aliases


def organization_pattern(organizations: Iterable[Organization]) -> re.Pattern[str] | None:
    """One regex matching any organization's name or acronym as whole words (case-sensitive)."""
    return names_pattern(n for o in organizations for n in (o.name, *o.acronyms))


def speaker_pattern(speakers: Iterable[Speaker]) -> re.Pattern[str] | None:
    """One regex matching any registry person's capitalised name or alias as whole words: who a
    passage mentions (a collective voice, 'Central Asian states', is named in passing everywhere)."""
    return names_pattern(n for s in speakers if s.kind == "person" for n in (s.name, *s.aliases)
                         if n[:1].isupper() and len(n) > 2)


def names_pattern(found: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of the names as whole words (case-sensitive)."""
    names = sorted({n for n in found if n}, key=len, reverse=True)
    if not names:
        return None
    # The names as a prefix tree under their first characters (the regex engine then skips to a
    # possible first character in C), the word-boundary check made right after that character:
    # '(?<![\w-]c)' having read c is '(?<![\w-])' before it. Names matching at one position are
    # prefixes of one another, so the tree (longer first, then shorter) finds what the
    # longest-first alternation found.
    rests: dict[str, set[str]] = {}
    for name in names:
        rests.setdefault(name[0], set()).add(name[1:])
    branches = []
    for first, tails in sorted(rests.items()):
        tail = trie_pattern(frozenset(t for t in tails if t))
        if tail and "" in tails:
            tail = f"(?:{tail})?"
        char = re.escape(first)
        branches.append(rf"{char}(?<![\w-]{char}){tail}")
    return re.compile("(?:" + "|".join(branches) + r")(?![\w-])")


def _organization_id(name: str | None, ctx: Context, found: dict[str, Organization]) -> str | None:
    if not name:
        return None
    known = ctx.lookup.organization(name)
    if known:
        return known.id
    org = Organization(id=slugify(name), name=name)
    found.setdefault(org.id, org)
    return org.id


MAX_NAME_WORDS = 8


_COMMON_NOUNS = frozenset(
    w.lower() for w in (*FORUM_NOUNS, *GROUP_NOUNS, *BODY_NOUNS, *PERSON_NOUNS, *DOC_NOUNS, *ROLE_WORDS, *STOP_CAPS)
)


def plausible_name(name: str, kind: str = "person") -> bool:
    """Whether an unregistered speaker string can be listed as a discovered speaker.

    Names and named bodies start and end with a capitalised word and are short; a run such as
    "central role of the UN in" is a misreading and stays unattributed rather than becoming a
    speaker every page would list. A body may be named by its office ("RATS press service", "press
    service of the President of Tajikistan"). A country, a nationality adjective or a common noun
    ("Kyrgyzstan", "Russian", "Forum") is no one's name.
    """
    words = name.split()
    if not 0 < len(words) <= MAX_NAME_WORDS:
        return False
    bare = [w.strip(".,'’") for w in words]
    if all(is_place(w) or is_demonym(w) or w.lower() in _COMMON_NOUNS for w in bare):
        return False
    if words[0][:1].isupper() and words[-1][:1].isupper():
        return True
    return kind == "collective" and any(w[:1].isupper() for w in words) and bool(_OFFICE.fullmatch(name))


# 'RATS press service', 'Kyrgyz president's press service', 'press service of the President of X'
_OFFICE = re.compile(
    rf"(?:[A-Z][\w'’.-]*\s+)+(?:[a-z][\w'’-]*\s+){{0,2}}(?:{'|'.join(sorted(BODY_NOUNS))})"
    rf"|(?:[a-z][\w-]*\s+)?(?:{'|'.join(sorted(BODY_NOUNS))})\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+(?:(?:of|for|and|the|in|on|at)\s+)*\(?[A-Z][\w'’.-]*\)?)*"
)


def _registered(name: str, kind: str, ctx: Context, event: Event | None) -> Speaker | None:
    """The registry speaker of the same kind a name refers to; a lone or lowercase noun ("declaration")
    is also tried with the city of the document's event ("Dushanbe declaration"), as collective voices
    are named."""
    known = ctx.lookup.speaker(name, kind)
    if known is None and event is not None and event.city and (name[:1].islower() or len(name.split()) == 1):
        known = ctx.lookup.speaker(f"{event.city} {name}", kind)
    return known


def _speaker_id(
    att: Attribution, ctx: Context, found: dict[str, Speaker], orgs: dict[str, Organization], event: Event | None
) -> str | None:
    """Registry id of the attribution's speaker, or the id of a newly discovered speaker."""
    if not att.speaker:
        return None
    known = _registered(att.speaker, att.speaker_kind, ctx, event)
    if known:
        return known.id
    if not plausible_name(att.speaker, att.speaker_kind):
        return None
    org_id = _organization_id(att.organization, ctx, orgs)
    roles = (Role(role=att.role, organization=org_id),) if att.role else ()
    sid = slugify(att.speaker)
    if sid in ctx.speakers:  # same id as a registry speaker the name did not match: keep them apart
        sid += "-unlisted"
    speaker = Speaker(id=sid, name=att.speaker, kind=att.speaker_kind, roles=roles, discovered=True)
    previous = found.get(speaker.id)
    if previous:
        merged = previous.roles + tuple(r for r in roles if r not in previous.roles)
        speaker = replace(previous, roles=merged)
    found[speaker.id] = speaker
    return speaker.id


def _speaker_orgs(speaker_id: str, ctx: Context, found: dict[str, Speaker]) -> list[str]:
    speaker = ctx.speakers.get(speaker_id) or found.get(speaker_id)
    return [r.organization for r in speaker.roles if r.organization] if speaker else []


def _owner(passages: tuple[Passage, ...], starts: list[int], offset: int) -> int | None:
    """Index of the passage holding an offset (binary search over passage starts)."""
    i = bisect_right(starts, offset) - 1
    return i if i >= 0 and offset < passages[i].end else None


def _mentioned(text: str, speaking: tuple[str, ...], ctx: Context, found: dict[str, Speaker]) -> tuple[str, ...]:
    """Speakers the passage names without their speaking in it: registry names and aliases, and the
    full names of speakers discovered in the same document."""
    ids: list[str] = []
    if ctx.speaker_mentions:
        ids += [k.id for m in ctx.speaker_mentions.finditer(text) if (k := ctx.lookup.speaker(m.group()))]
    ids += [sid for sid, s in found.items() if s.kind == "person" and s.name in text]
    return tuple(i for i in dict.fromkeys(ids) if i not in speaking)


def annotate(
    document: Document,
    passages: tuple[Passage, ...],
    attributions: tuple[Attribution, ...],
    ctx: Context,
) -> tuple[tuple[AnnotatedPassage, ...], Discovered]:
    """Annotate every passage of one document; also return who was discovered in it.

    attributions: said and reported records (`extract`), then spoke records (`find_appearances`).
    """
    speakers: dict[str, Speaker] = {}
    orgs: dict[str, Organization] = {}
    quotes: dict[int, list[QuoteRef]] = {}
    reported: dict[int, list[ReportedRef]] = {}
    spoke: dict[int, list[SpokeRef]] = {}
    starts = [p.start for p in passages]
    meta = document.meta
    event = ctx.lookup.event(meta.event) if meta.event else None
    for att in attributions:
        i = _owner(passages, starts, att.start)
        if i is None:
            continue
        sid = _speaker_id(att, ctx, speakers, orgs, event)
        if att.kind == "direct":
            quotes.setdefault(i, []).append(QuoteRef(att.text or "", sid, att.start, att.end))
        elif sid and att.kind == "spoke":
            spoke.setdefault(i, []).append(SpokeRef(sid, att.cue, att.start, att.end))
        elif sid:
            reported.setdefault(i, []).append(ReportedRef(sid, att.cue, att.start, att.end))
    year = (event.start.year if event and event.start else None) or (meta.published.year if meta.published else None)
    out = []
    for i, passage in enumerate(passages):
        q, r, sp = tuple(quotes.get(i, ())), tuple(reported.get(i, ())), tuple(spoke.get(i, ()))
        speaker_ids = tuple(dict.fromkeys([x.speaker_id for x in q if x.speaker_id] + [x.speaker_id for x in r]
                                          + [x.speaker_id for x in sp]))
        org_ids = [o for sid in speaker_ids for o in _speaker_orgs(sid, ctx, speakers)]
        if ctx.org_mentions:
            org_ids += [o.id for m in ctx.org_mentions.finditer(passage.text) if (o := ctx.lookup.organization(m.group()))]
        out.append(
            AnnotatedPassage(
                passage=passage,
                quotes=q,
                reported=r,
                speaker_ids=speaker_ids,
                spoke=sp,
                mentioned_ids=_mentioned(passage.text, speaker_ids, ctx, speakers),
                organization_ids=tuple(dict.fromkeys(org_ids)),
                event_id=meta.event,
                theme_ids=ctx.themes.match(passage.text),
                year=year,
                published=meta.published,
            )
        )
    return tuple(out), Discovered(tuple(speakers.values()), tuple(orgs.values()))
