"""Pure tests for the antecedent of a pronoun, a role noun or a short body name when it is not simply the
latest speaker: an unnamed person a sentence introduces, a lone surname introduced by a verb of leading,
the kinds of office a role noun ('the diplomat', 'the minister') stands for, the fuller name a body was
given before ('the Foreign Ministry' for 'Mongolia's Foreign Ministry', 'ABC' for 'the ABC Structure')."""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

from indexer.attribution.appositives import is_place, names_person
from indexer.attribution.cues import PERSON_NOUNS, is_demonym

# Role nouns that stand for a kind of office: 'the diplomat' is whoever of the people who spoke holds a
# diplomatic role, 'the minister' a minister; nobody else, however recent.
ROLE_FAMILIES = {
    "diplomat": frozenset("foreign ambassador envoy diplomat consul emissary chargé".split()),
    "minister": frozenset(["minister"]),
    "ambassador": frozenset(["ambassador"]),
    "envoy": frozenset("envoy emissary representative".split()),
}
# An unnamed person a sentence makes its subject ('A woman from X', 'One of the participants', 'A young
# officer'): the nearest antecedent of a following 'she said', which then names nobody.
_GENDERED = r"woman|girl|mother|wife|daughter|widow|man|boy|father|husband|son"
_UNNAMED = re.compile(r"(?:[Oo]ne|[Ss]ome)\s+of\s+the\s+((?:[a-z-]+\s+)?[a-z-]+)\b|(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+((?:[a-z-]+\s+){0,2}[a-z-]+)\b")
_GENDER_NEAR = re.compile(rf"\b(?:a|an)\s+(?:[a-z-]+\s+){{0,2}}?({_GENDERED})\b")
_FEMALE_NOUNS = frozenset("woman girl mother wife daughter widow".split())
_MALE_NOUNS = frozenset("man boy father husband son".split())
_PEOPLE = frozenset(
    """participant participants trainee trainees attendee attendees resident residents student students officer
    officers official officials member members villager villagers expert experts delegate delegates survivor
    survivors victim victims local locals teacher teachers journalist journalists farmer farmers worker workers
    activist activists soldier soldiers guard guards citizen citizens listener listeners women men""".split()
) | PERSON_NOUNS | _FEMALE_NOUNS | _MALE_NOUNS
_LEAD = re.compile(r"[\s\"“”«»'‘’,.]*(?:(?:On|In|At|During|After|Later|Then|Meanwhile)\b[^,;:.]{0,60},\s*)?")
# A lone surname introduced by a verb of leading: 'the delegation was headed by Rasulov'.
LED_BY = re.compile(r"\b(?:headed|led|chaired|moderated|represented|opened|hosted)\s+by\s+$")


def unnamed_person(text: str) -> tuple[int, str | None] | None:
    """Where a sentence makes someone it does not name its subject, with their gender if a noun tells it
    ('One of the trainees, a woman from X'); not when a name of its own follows ('A participant, Lena Vos')."""
    m = _UNNAMED.match(text, _LEAD.match(text).end())
    words = (m.group(1) or m.group(2)).split() if m else []
    noun = next((w for w in words if w in _PEOPLE), None)
    if m is None or noun is None or names_person(text[m.end() : m.end() + 40]):
        return None
    near = _GENDER_NEAR.search(text, m.start(), m.end() + 60)
    word = near.group(1) if near else noun
    return m.start(), "female" if word in _FEMALE_NOUNS else "male" if word in _MALE_NOUNS else None


class _Named(Protocol):
    name: str
    kind: str
    folded: str


T = TypeVar("T", bound=_Named)
_STATE_WORDS = frozenset("of the Republic Kingdom Federation State States".split())  # 'of the Republic of X'


def _of_a_country(words: list[str]) -> bool:
    """Words that only add a people or a place: 'Mongolia's', 'Mongolian', 'of the Republic of Mongolia'."""
    return bool(words) and not all(w in _STATE_WORDS for w in words) and all(
        is_demonym(w) or is_place(re.sub(r"['’]s$", "", w)) or w[-2:] in ("'s", "’s") or w in _STATE_WORDS
        for w in words)


def fuller_body(items: list[T], name: str) -> T | None:
    """The body named before by a fuller name that adds a people or place to this one ('Mongolia's Foreign
    Ministry', 'the Mongolian Foreign Ministry', 'the Foreign Ministry of Mongolia' for 'the Foreign
    Ministry'), the latest first."""
    key = name.casefold()
    for e in reversed(items):
        if e.kind != "body" or len(e.folded) <= len(key):
            continue
        if e.folded.endswith(" " + key):
            extra = e.name[: len(e.name) - len(key) - 1].split()
        elif e.folded.startswith(key + " of "):
            extra = re.sub(r"^(?:the\s+)?", "", e.name[len(key) + 4 :]).split()
        else:
            continue
        if _of_a_country(extra):
            return e
    return None


def spelled_out(acronym: str, pool: Iterable[T]) -> T | None:
    """The one body of the pool whose name begins with the acronym ('ABC Regional Border Structure')."""
    found = {e.name: e for e in pool if e.kind == "body" and e.name.startswith(acronym + " ")}
    return next(iter(found.values())) if len(found) == 1 else None
