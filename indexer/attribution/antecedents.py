"""Pure tests for the antecedent of a pronoun or a role noun when it is not simply the latest speaker:
an unnamed person a sentence introduces, a lone surname introduced by a verb of leading, the kinds of
office a role noun ('the diplomat', 'the minister') stands for."""
from __future__ import annotations

import re

from indexer.attribution.cues import PERSON_NOUNS
from indexer.attribution.mentions import classify_run
from indexer.attribution.names import RUN

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
_NAMES_IN = re.compile(RUN)
# A lone surname introduced by a verb of leading: 'the delegation was headed by Rasulov'.
LED_BY = re.compile(r"\b(?:headed|led|chaired|moderated|represented|opened|hosted)\s+by\s+$")


def _names_person(text: str) -> bool:
    """Whether the text names a person in full."""
    for m in _NAMES_IN.finditer(text):
        found = classify_run(m.group())
        if found and found.kind == "person" and found.name and " " in found.name:
            return True
    return False


def unnamed_person(text: str) -> tuple[int, str | None] | None:
    """Where a sentence makes someone it does not name its subject, with their gender if a noun tells it
    ('One of the trainees, a woman from X'); not when a name of its own follows ('A participant, Lena Vos')."""
    m = _UNNAMED.match(text, _LEAD.match(text).end())
    words = (m.group(1) or m.group(2)).split() if m else []
    noun = next((w for w in words if w in _PEOPLE), None)
    if m is None or noun is None or _names_person(text[m.end() : m.end() + 40]):
        return None
    near = _GENDER_NEAR.search(text, m.start(), m.end() + 60)
    word = near.group(1) if near else noun
    return m.start(), "female" if word in _FEMALE_NOUNS else "male" if word in _MALE_NOUNS else None
