"""Roles and organisations read from appositives: 'Head of the OSCE Centre in Astana' -> its centre."""
from __future__ import annotations

import re

from indexer.attribution.cues import CUE_WORDS, HONORIFICS, ORG_WORDS, PERSON_NOUNS, PORTFOLIOS as _PORTFOLIOS, ROLE_WORDS
from indexer.attribution.names import LINK_SPLIT as _LINK_SPLIT, ORG_IN, bare as _bare, is_acronym

_ROLE_ADJECTIVES = frozenset("International National Regional Global Senior Chief Special".split())
_OCCASION = re.compile(r"\s+(?:during|while|when|after|before|today|yesterday|tomorrow)\b")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_NOT_ROLE = re.compile(
    r"(?:[a-z]+ing|[a-z]+ly|(?i:in|at|on|during|after|before|to|and|or|but|with|by|from|while|as|for))\b(?!-)"
)
_QUOTED = re.compile("\\s*(?:[\"“”«»\u2591]|'')")
_CUT_SHORT = re.compile(r"\s(?:of|for|in|on|at|to|and|the|a|an)$")  # 'foreign affairs of': a fragment
_ARTICLE = re.compile(r"^(?:the|The|a|A|an|An)\s+")
# A rank is no function and names no body: 'General of the Army', 'Lieutenant General'
MILITARY_RANK = re.compile(
    r"(?:(?:Lieutenant|Major|Brigadier|Colonel|Lt\.?|Maj\.?|Col\.?)\s+)?(?:General|Colonel|Major|Captain|Admiral|"
    r"Marshal)(?:\s+of\s+the\s+(?:Army|Air\s+Force|Fleet|Police|Justice))?"
)


def _org_of(cand: str) -> str | None:
    """The body in one role phrase: after '<role word> of the', or before trailing role words."""
    words = cand.split()
    roles = [i for i, w in enumerate(words) if _bare(w) in ROLE_WORDS or _bare(w) in HONORIFICS]
    if roles and roles[-1] < len(words) - 1:
        rest = _LINK_SPLIT.split(" ".join(words[roles[-1]:]), maxsplit=1)
        if len(rest) < 2:
            return None
        body = rest[1]
        field = _LINK_SPLIT.split(body, maxsplit=1)
        if len(field) > 1 and _bare(field[0]) in _PORTFOLIOS:
            body = field[1]  # 'Chief of Education of the OSCE Staff College': the college
        plain = [_bare(w) for w in body.split()]
        if any(w in ORG_WORDS or is_acronym(w) for w in plain):
            return body
        if len(plain) == 1 and plain[0] not in _PORTFOLIOS:
            return body
        words = words[: roles[-1] + 1]  # 'UNODC Regional Representative for Central Asia': the body comes first
    while words and (_bare(words[-1]) in ROLE_WORDS or words[-1] in _ROLE_ADJECTIVES):
        words = words[:-1]
    if words and any(_bare(w) in ORG_WORDS or is_acronym(_bare(w)) for w in words):
        return " ".join(words)
    return None


def organization_in(role: str | None) -> str | None:
    """The body a role belongs to: 'Head of the OSCE Centre in Astana' -> 'OSCE Centre in Astana'."""
    if not role or MILITARY_RANK.fullmatch(role):
        return None
    for m in ORG_IN.finditer(role):
        first, _, second = m.group().partition(" and ")
        second_role = any(_bare(w) in ROLE_WORDS for w in _LINK_SPLIT.split(second)[0].split())
        parts = [first, m.group()] if second_role and any(_bare(w) in ROLE_WORDS for w in first.split()) else [m.group()]
        for part in parts:
            found = _POSSESSIVE.sub("", _org_of(part) or "")
            if found:
                return found
    return None


def is_role(text: str) -> bool:
    """An appositive that names a function: 'UNODC International Coordinator', 'former head of X'."""
    words = [_bare(w) for w in text.split()]
    if not words or len(words) > 14:
        return False
    return any(w in ROLE_WORDS or w.lower() in PERSON_NOUNS for w in words)


def clean_role(text: str | None) -> str | None:
    """An appositive as a role: trimmed, without its article; None for a relative clause."""
    if not text:
        return None
    text = _QUOTED.split(text, maxsplit=1)[0]  # '…, an adviser. "…"': the role ends where quoted words begin
    text = _ARTICLE.sub("", text.strip(" ,.;:-—–")).strip()
    text = _OCCASION.split(text, maxsplit=1)[0]  # 'Co-ordinator for X during the closing ceremony': X's role ends
    words = text.split()
    if len(words) > 1 and words[-1] in CUE_WORDS and (words[-1].endswith("ed") or words[-1] in ("said", "told")):
        text = " ".join(words[:-1])  # 'X, BOMNAF Project Manager added': the cue ends the role
    if re.match(r"(?:who|which|whose|that|where|when)\b", text):
        return None  # a relative clause says what someone did, not what they are
    if _NOT_ROLE.match(text) or _CUT_SHORT.search(text):
        return None  # 'opening the event', 'In his opening remarks', 'shortly after': a circumstance, not a role
    return text or None


