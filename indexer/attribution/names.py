"""Name mentions: runs of capitalised words (with initials, particles, hyphens) and honorifics."""
from __future__ import annotations

import re

from indexer.attribution.cues import HONORIFIC, HONORIFICS

_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
_WORD = _UPPER + r"[\w'’.-]*\w|" + _UPPER + r"\.?"
_PARTICLE = r"(?:de|da|del|der|di|du|van|von|bin|ibn|al|el|la|le)"
NAME = r"(?:" + _WORD + r")(?:\s+(?:" + _PARTICLE + r"\s+)?(?:" + _WORD + r"))*"
NAME_RE = re.compile(r"(?:\b" + HONORIFIC + r"\s+)?" + r"\b(" + NAME + r")")
_HONORIFIC_PREFIX = re.compile(r"^(?:" + HONORIFIC + r"\s+)+")
_NOT_NAME = frozenset(
    "The A An This That These Those It He She They We I In On At For But And Or As If When While After Before".split()
)


def strip_honorifics(name: str) -> str:
    """'Ambassador Ivar Vikki' -> 'Ivar Vikki'; a bare honorific stays as it is."""
    stripped = _HONORIFIC_PREFIX.sub("", name).strip()
    return stripped or name


def is_name(words: str) -> bool:
    """True for a plausible proper name (not a sentence-initial function word)."""
    first = words.split()[0] if words.split() else ""
    return bool(words) and first not in _NOT_NAME and words not in HONORIFICS


def surname(name: str) -> str:
    return name.split()[-1] if name.split() else name
