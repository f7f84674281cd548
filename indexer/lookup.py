"""Name resolution against the registry: who "Mr. Lajcak" or "H.E. Miroslav Lajčák" is, which body "OSCE" is.

Names are compared by a key that ignores case, accents, punctuation and leading honorifics or
titles, so the text's spelling and the registry's need not agree character for character.
Validation uses the same keys, so two speakers can never claim one key.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.accents import fold_accents
from indexer.models import Event, Organization, Registry, Speaker

# Words that may precede a name without being part of it ("H.E. Ambassador", "Foreign Minister").
TITLE_WORDS = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame madam madame mme mister lord lady
    he his her excellency hon honourable honorable rev reverend sheikh
    ambassador amb president vice prime minister foreign deputy first secretary general secretary-general
    under-secretary-general assistant special representative envoy chair chairman chairperson chairwoman
    head director executive senator sen judge justice mayor governor commissioner coordinator
    gen col colonel lt lieutenant maj major capt captain admiral adm
    """.split()
)
_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’ʼ]s\b")  # "Lajčák's" names Lajčák
_DROP = re.compile(r"[,;:!?()\[\]\"“”«»'’‘ʼ`]")


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: accents removed (Lajčák → lajcak), punctuation dropped, spaces single."""
    plain = fold_accents(_POSSESSIVE.sub("", text))
    plain = _DROP.sub(" ", plain.replace(".", "").replace("\u00a0", " ")).replace("–", "-").replace("—", "-")
    return _SPACE.sub(" ", plain.casefold()).strip()


def strip_titles(folded: str) -> str:
    """Drop leading title words ("he ambassador ivar vikki" → "ivar vikki"); keep at least one word."""
    words = folded.split(" ")
    i = 0
    while i < len(words) - 1 and words[i] in TITLE_WORDS:
        i += 1
    return " ".join(words[i:])


@lru_cache(maxsize=1 << 16)  # a pure function of the name; annotation asks for the same names again and again
def name_keys(name: str) -> tuple[str, ...]:
    """The lookup keys of one name: its folded form and that form without leading titles."""
    folded = fold(name)
    if not folded:
        return ()
    bare = folded[4:] if folded.startswith("the ") and len(folded) > 4 else folded  # "The participants"
    return tuple(dict.fromkeys((folded, strip_titles(bare))))


def speaker_names(speaker: Speaker) -> tuple[str, ...]:
    """Every name a registry speaker answers to: canonical name, then aliases."""
    return (speaker.name, *speaker.aliases)


def organization_names(org: Organization) -> tuple[str, ...]:
    return (org.name, *org.acronyms)


def _index(items: Iterable[Speaker], names: Callable[[Speaker], tuple[str, ...]]) -> dict[str, Speaker]:
    table: dict[str, Speaker] = {}
    for item in items:
        for name in names(item):
            for key in name_keys(name):
                table.setdefault(key, item)  # validation reports collisions; first one wins here
    return table


@lru_cache(maxsize=1 << 16)
def _org_key(name: str) -> str:
    folded = fold(name)
    return folded[4:] if folded.startswith("the ") else folded


@dataclass(frozen=True)
class Lookup:
    """Registry speakers, organizations and events by any of their names."""

    speakers: dict[str, Speaker] = field(default_factory=dict)
    organizations: dict[str, Organization] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)

    @classmethod
    def from_registry(cls, registry: Registry) -> "Lookup":
        orgs: dict[str, Organization] = {}
        for org in registry.organizations:
            for name in organization_names(org):
                orgs.setdefault(_org_key(name), org)
        events: dict[str, Event] = {}
        for event in registry.events:
            events.setdefault(event.id, event)
        return cls(_index(registry.speakers, speaker_names), orgs, events)

    def speaker(self, name: str, kind: str | None = None) -> Speaker | None:
        """The registry speaker a name refers to (canonical name or alias, any case/accents/titles).

        A name with a role before it ("Vice-President of the European Commission Ms. Federica
        Mogherini") is found by its longest trailing run of words that starts with a capital. With a
        `kind`, only a speaker of that kind: a body ("press service of President X") is never the
        person its name ends with, so a collective name is matched whole.
        """
        found = self._exact(name)
        if found is not None and kind is not None and found.kind != kind:
            found = None
        if found is None and kind != "collective":
            words = name.split()
            for i in range(1, len(words)):
                if words[i][:1].isupper():
                    found = self._exact(" ".join(words[i:]))
                    if found is not None and kind is not None and found.kind != kind:
                        found = None
                    if found is not None:
                        break
        return found

    def _exact(self, name: str) -> Speaker | None:
        for key in name_keys(name):
            found = self.speakers.get(key)
            if found is not None:
                return found
        return None

    def organization(self, name: str) -> Organization | None:
        """The organization with this name or acronym (case- and accent-insensitive)."""
        return self.organizations.get(_org_key(name)) if name else None

    def event(self, event_id: str) -> Event | None:
        return self.events.get(event_id) if event_id else None
