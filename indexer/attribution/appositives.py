"""Roles read around a name in narrator text: the role written before it ('Russian Defense Minister, General
of the Army X'), whether an appositive names another person, whether two words name one people or place.
"""
from __future__ import annotations

import re

from indexer.attribution.cues import GEO_WORDS, ROLE_WORDS
from indexer.attribution.mentions import classify_run
from indexer.attribution.names import ORGRUN, RUN
from indexer.attribution.roles import MILITARY_RANK, is_role

_NAMES_IN = re.compile(RUN)
_ROLE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s,(]))(?:the\s+|The\s+)?({ORGRUN}(?:,\s+{ORGRUN})*)\s*(?:\([^()]*\)\s*|,\s*)?$"
)  # 'the Deputy Minister of Labor, Social Security and Migration X'
_AND_SPLIT = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?|,\s+")
_COURTESY = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady".split())
_RANKS = frozenset("First Second Acting Senior Executive Permanent".split())


def is_place(name: str) -> bool:
    """A country or region ('Kazakhstan', 'Europe'): it speaks as itself, never as a body named after it."""
    return name in GEO_WORDS or name.endswith("stan")


def names_person(text: str) -> bool:
    """Whether a phrase holds another person's full name ('UN Secretary General Ban Ki-moon'): no one's role."""
    for m in _NAMES_IN.finditer(text):
        found = classify_run(m.group())
        if found is not None and found.kind == "person" and len((found.name or "").split()) > 1:
            return True
    return False


def same_people(demonym: str, word: str) -> bool:
    """'russian' and 'russian' or 'russia', 'kazakh' and 'kazakhstan': one people or its place."""
    return word == demonym or word.startswith(demonym) or (len(word) > 3 and demonym.startswith(word))


def role_before(text: str, at: int) -> tuple[str | None, str]:
    """A role written right before a name ('the Executive Director of the … (UNODC) X', 'the Ombudsman, X'),
    and all the capitalised words before it ('Russian Defense Minister, General of the Army X'), which
    later descriptions ('the Russian defense minister') may refer to."""
    m = _ROLE_BEFORE.search(text, max(0, at - 160), at)
    if not m:
        return None, ""
    return _role_of(m.group(1)), m.group(1)


def _role_of(role: str) -> str | None:
    """The conjunct of a role-before-name chain that holds the role ('Ivo Marek and Deputy Minister X'); a
    function wins over a military rank ('Defense Minister, General of the Army X': the minister)."""
    parts = _AND_SPLIT.split(role)
    held = [i for i, part in enumerate(parts) if _holds_role(part)]
    if not held:
        return None
    functions = [i for i in held if not MILITARY_RANK.fullmatch(parts[i])]
    pick = functions[-1] if functions and functions[-1] != held[-1] else held[-1]
    words = (parts[pick] if pick != held[-1] else role[role.rfind(parts[pick]) :]).split()
    while words and (words[-1].endswith(".") or words[-1] in _COURTESY):
        words.pop()  # 'Mr.', 'Sen.' before the name are titles, not the role
    found = " ".join(words)
    return found if words and is_role(found) and len(words) <= 14 else None


def _holds_role(part: str) -> bool:
    first, last = part.split()[0].rstrip("."), part.split()[-1]
    return first in ROLE_WORDS or first in _RANKS or last in ROLE_WORDS  # 'the Kyrgyz Ombudsman, X'
