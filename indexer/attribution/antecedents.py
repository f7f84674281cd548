"""Pure tests for the antecedent of a pronoun or a role noun when it is not simply the latest speaker:
an unnamed person a sentence introduces, a lone surname introduced by a verb of leading, the kinds of
office a role noun ('the diplomat', 'the minister') stands for."""
from __future__ import annotations

import re

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
# An unnamed person a sentence introduces ('a woman from X', 'one of the participants'): the nearest
# antecedent of a following 'she said', which then names nobody.
_UNNAMED = re.compile(
    r"\b(?:(?:a|an|one)\s+(?:[a-z-]+\s+){0,2}?(woman|girl|mother|wife|daughter|widow|man|boy|father|husband|son)"
    r"|(?:one|some)\s+of\s+the\s+(?:[a-z-]+\s+)?(?:participants|trainees|attendees|residents|students|"
    r"women|men|victims|survivors|villagers|listeners|delegates))\b"
)
_FEMALE_NOUNS = frozenset("woman girl mother wife daughter widow".split())
_NAMES_IN = re.compile(RUN)
_NAME_THEN_COMMA = re.compile(rf"{RUN},\s*$")
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
    """Where a sentence introduces someone it does not name, and their gender if the noun tells it; not
    an appositive of a name ('Lena Vos, a mother of three, …') nor followed by a name of its own."""
    m = _UNNAMED.search(text)
    if m is None or _names_person(text[m.end() :]):
        return None
    if _NAME_THEN_COMMA.search(text, max(0, m.start() - 60), m.start()):
        return None
    noun = m.group(1)
    return m.start(), None if noun is None else "female" if noun in _FEMALE_NOUNS else "male"
