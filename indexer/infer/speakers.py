"""Who a document quotes, reports or shows speaking, once each: the attribution records of one text
folded into people and bodies.

A surname-only mention ("Shoigu") joins the full name that shares its last word ("Sergey Shoigu");
the canonical name is the fullest form; the role and organization are the ones the text gives most
often (the longer on a tie), so one odd appositive does not replace the usual one.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.infer import places
from indexer.models import Attribution

_HONORIFICS = frozenset({"mr", "ms", "mrs", "dr", "ambassador", "h.e.", "he", "general", "prof", "professor", "sir"})


@dataclass(frozen=True)
class PersonFacts:
    name: str
    role: str | None = None
    organization: str | None = None


_LINKS = frozenset({"of", "the", "and", "for", "in"})
_DEFINED = re.compile(r"((?:[A-Z][\w'’-]*\s+){0,6}[A-Z][\w'’-]*)\s+\(([A-Z]{2,8})\)")


def acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines: "Russian Federal Security Service (FSB)" → {"fsb": "russian federal security service"}."""
    return {m.group(2).casefold(): places.key(m.group(1)) for m in _DEFINED.finditer(text)}


def _tokens(name: str, expand: dict[str, str] | None = None) -> list[str]:
    words = [w for w in re.sub(r"[.,()]", " ", places.key(name)).split() if w not in _HONORIFICS]
    if expand:
        words = [x for w in words for x in (expand[w].split() if w in expand else [w])]
    return words


def _same(a: list[str], b: list[str], person: bool) -> bool:
    """Whether two name forms name one speaker: equal, a body named with its words in another order
    ("FSB press service", "press service of the Russian Federal Security Service (FSB)"), or (people)
    one surname-only form of the other."""
    if a == b:
        return True
    if not person and a and b:
        return {w for w in a if w not in _LINKS} == {w for w in b if w not in _LINKS}
    if not person or not a or not b or a[-1] != b[-1]:
        return False
    return len(a) == 1 or len(b) == 1 or a[0] == b[0]


def _choice(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], len(v)))


def people(records: Iterable[Attribution], kinds: tuple[str, ...],
           expand: dict[str, str] | None = None) -> tuple[PersonFacts, ...]:
    """The distinct speakers of the records of some kinds, in order of first mention."""
    groups: list[list[Attribution]] = []
    for att in records:
        if att.kind not in kinds or not att.speaker or not _tokens(att.speaker):
            continue
        person = att.speaker_kind == "person"
        mine = _tokens(att.speaker, expand)
        for group in groups:
            if any(_same(_tokens(g.speaker or "", expand), mine, person) for g in group):
                group.append(att)
                break
        else:
            groups.append([att])
    out = []
    for group in groups:
        name = max((g.speaker or "" for g in group), key=lambda n: (len(_tokens(n)), -len(n)))
        out.append(PersonFacts(name, _choice(g.role for g in group), _choice(g.organization for g in group)))
    return tuple(out)


def _common_word(name: str, text: str) -> bool:
    """A one-word "speaker" the text also writes in lower case ("Statement", "Forum") is a common
    noun that began a sentence, not a name: names are never written in lower case."""
    words = name.split()
    return len(words) == 1 and re.search(rf"(?<![\w-]){re.escape(words[0].lower())}(?![\w-])", text) is not None


def document_people(records: Iterable[Attribution], text: str = "") -> tuple[tuple[PersonFacts, ...], tuple[PersonFacts, ...]]:
    """(speakers: quoted or reported, appearances: spoke at the event without their words given)."""
    records = tuple(r for r in records if not (r.speaker and _common_word(r.speaker, text)))
    expand = acronyms(text)
    speakers = people(records, ("direct", "reported"), expand)
    keys = [_tokens(s.name, expand) for s in speakers]
    appearances = tuple(
        a for a in people(records, ("spoke",), expand) if not any(_same(k, _tokens(a.name, expand), True) for k in keys)
    )
    return speakers, appearances
