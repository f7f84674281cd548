"""Appearances: who the text says spoke at the event without giving their words (`spoke` records).

'X addressed the participants', 'X delivered opening remarks', 'X and Y also spoke at the event',
'chaired by A and B, the meeting …', 'moderated by X'. Text in, records out, like the rest of this
package; a person whose words the same passage quotes or reports is that passage's `said` or
`reported` speaker, which the indexer decides (`spoke` only fills in who has no words given).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from indexer.attribution.coref import is_place
from indexer.attribution.cues import ORG_WORDS, PERSON_NOUNS, ROLE_WORDS, is_demonym
from indexer.attribution.frames import sentence_subject
from indexer.attribution.marks import blocks, find_quotes
from indexer.attribution.mentions import Mention, classify_run, with_appositive
from indexer.attribution.names import bare, is_acronym
from indexer.attribution.roles import is_role
from indexer.attribution.sentences import mask, sentences
from indexer.models import Attribution

# What a speaker addresses or opens: the event or its audience, with up to three words before it.
_EVENT = (
    r"(?:[\w’'-]+\s+){0,3}?(?:participants|conference|meeting|audience|forum|event|session|seminar|workshop|summit|"
    r"gathering|delegates|delegations|attendees|guests|plenary|roundtable|round\s+table|training|course|symposium|"
    r"dialogue|panel|debate|assembly|congress|ceremony|discussions?|consultations?|talks|it|them)\b"
)
_TALK = (
    r"(?:[\w’'-]+\s+){0,3}?(?:remarks|speech(?:es)?|address(?:es)?|statements?|presentations?|lectures?|keynote|"
    r"briefings?|messages?|talks?|report|findings|results|recommendations|overview|paper)\b"
)
# The cue word comes first in each pattern (an adverb before it, 'also spoke', is read with the subject):
# the regex engine then tries a few literal words at each word start, the cost of a scan.
_ACTIVE = re.compile(
    rf"\b(?P<cue>addressed|opened|chaired|co-chaired|moderated|welcomed|greeted)\s+(?:the\s+|a\s+|an\s+|its\s+)?{_EVENT}"
    rf"|\b(?P<cue2>delivered|gave|made|presented)\s+(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?{_TALK}"
    # 'spoke at the event', not 'spoke of/about …' (what was said, reported) nor 'spoke to reporters'
    r"|\b(?P<cue3>spoke|took\s+the\s+floor)(?=\s*[,.;]|\s+(?:at|during|before|via|by|first|last|next|"
    r"on\s+behalf|in\s+(?:the|a|an|his|her|their)\s+(?:opening|closing|plenary|first|second|final)))"
)
_ADVERB = re.compile(r"\b(?:also|then|later|first|jointly|briefly|personally|subsequently|each)\s+$")
_PASSIVE = re.compile(
    r"\b(?P<cue>chaired|co-chaired|moderated|opened|addressed|presided\s+over|led)\s+(?:jointly\s+)?by\s+"
    # 'opening remarks by X', 'addresses by X and Y'; not 'a speech by X in 1830' (no event said)
    r"|\b(?P<cue2>(?:opening|welcoming|closing|keynote|introductory|inaugural|video)\s+(?:remarks|speech|address|statement)"
    r"|remarks|speeches|addresses|statements|presentations|greetings)\s+"
    r"(?:(?:was|were)\s+)?(?:delivered\s+|made\s+|given\s+)?by\s+",
    re.IGNORECASE,  # 'Chaired by X, the meeting …' opens a sentence
)
# A cheap test a block must pass before its quotations are masked and its sentences read: an active
# cue, or a passive one with its 'by' (most blocks have neither).
_ANY = re.compile(r"\b(?:addressed|opened|chaired|co-chaired|moderated|welcomed|greeted|delivered|gave|presented|spoke|"
                  r"took\s+the\s+floor|made\s+(?:\S+\s+){0,3}?(?:remarks|speech|address|statement|presentation)|"
                  r"(?:[Cc]haired|[Cc]o-chaired|[Mm]oderated|[Oo]pened|[Aa]ddressed|[Pp]resided|[Ll]ed|remarks|speech|"
                  r"speeches|address|addresses|statement|statements|presentations|greetings)\s+(?:\S+\s+){0,2}?by)\b")
_NOT_AGENT = re.compile(r"(?:\b(?:was|were|is|are|be|been|being|has|have|had|not|never|to)\s+)$")
_EVENT_NEAR = re.compile(_EVENT.replace(r"(?:[\w’'-]+\s+){0,3}?", ""))
_LEAD_IN = re.compile(r"^(?:and|the|The|by|as\s+well\s+as)\s+")
_SEGMENT = re.compile(r",\s+|\s+\band\b\s+|\s+as\s+well\s+as\s+|;\s+")
_CLAUSE_END = re.compile(r"[;:()]|\s(?:who|which|with|on|at|in|during|from|to)\s")


@dataclass(frozen=True)
class _Part:
    """One comma- or 'and'-separated piece of a subject: a person or body, a role, or neither."""

    mention: Mention | None
    role: str | None
    joined: bool  # began with 'and' / 'the': a role here belongs to the name after it


def _person_or_body(text: str) -> Mention | None:
    """A whole piece as one speaker: a person with a full name, or a named body that is not a place."""
    text = " ".join(re.sub(r"^(?:the|The)\s+", "", text.strip(" .,;")).split())
    if not text or not text[:1].isupper():
        return None
    found = classify_run(text)
    if found is None or " ".join(found.text.strip(" .,").split()) != text or (
            found.kind == "person" and not found.role and any(w.islower() for w in (found.name or "").split())):
        return _role_then_name(text)
    if found.kind == "person" and found.role and len((found.name or "").split()) == 1:
        return found  # 'Mongolian Deputy Foreign Minister Petrov': a surname with its role
    if found.kind == "person" and len((found.name or "").split()) >= 2:
        if (found.role or "").rsplit(" ", 1)[-1].lower() in _LINKS:
            return _role_then_name(text)  # 'Head of the Mongolian delegation Petrov' misread
        return found
    if found.kind == "body" and is_role(text):
        return None  # 'UNODC Regional representative for Central Asia': a role, its holder named beside it
    if found.kind == "body" and found.name and not is_place(bare(found.name)) and _named_body(found.name):
        return found
    return None


_ROLE_HEAD_WORDS = frozenset(w.lower() for w in ROLE_WORDS) | PERSON_NOUNS
_LINKS = frozenset("of for in on at to and the a an by with from".split())  # 'Minister of Energy': no name
_NAME_WORD = re.compile(r"[A-Z][a-z][\w'’-]*$")


def _role_then_name(text: str) -> Mention | None:
    """A role written before a surname or a full name ('Uzbek delegation head Rasulov', 'Head of the Tajik
    delegation Ivo Marek'): the trailing capitalised words that are no role, organisation or people word
    are the name, the words before it a role holding a role noun."""
    words = text.split()
    k = len(words)
    while k > 0 and len(words) - k < 3 and _NAME_WORD.match(words[k - 1]) and not (
            words[k - 1] in ROLE_WORDS or words[k - 1] in ORG_WORDS or is_demonym(words[k - 1])
            or is_place(words[k - 1]) or words[k - 1].lower() in _ROLE_HEAD_WORDS):
        k -= 1
    if 0 < k < len(words) and words[k - 1].lower() in _LINKS:
        k += 1  # 'Ambassador to Tuva Dan Petrov': the place belongs to the role
    role, name = " ".join(words[:k]), " ".join(words[k:])
    if not name or not role or words[k - 1].lower() in _LINKS or len(words[:k]) > 14 or not any(w.lower() in _ROLE_HEAD_WORDS for w in words[:k]):
        return None
    if not (is_role(role) or words[k - 1].lower() in _ROLE_HEAD_WORDS):
        return None
    return Mention("person", text, name, role)


def _named_body(name: str) -> bool:
    """A body that can speak: named with an acronym or an organisation word, not a nationality or country."""
    words = [bare(w) for w in name.split()]
    return any(is_acronym(w) for w in words) or (len(words) > 1 and not all(is_place(w) for w in words))


def _parts(text: str) -> list[_Part]:
    """The pieces of a list of speakers ('A, Role of A, B and C'), in order."""
    out = []
    for piece in _SEGMENT.split(text):
        piece = piece.strip()
        joined = bool(_LEAD_IN.match(piece))
        core = _LEAD_IN.sub("", piece)
        if not core:
            continue
        found = _person_or_body(core)
        role = None if found is not None or not is_role(core) else core
        if (found is not None and found.kind == "body" and not joined and len(out) > 1 and out[-1].role
                and out[-2].mention is not None and out[-2].mention.kind == "person"):
            out[-1] = _Part(None, f"{out[-1].role}, {core}", out[-1].joined)  # 'X, Project Officer, OSCE Office'
            continue
        out.append(_Part(found, role, joined))
    return out


def _speakers(parts: list[_Part]) -> list[Mention]:
    """Speakers of a run of pieces, each with the role written before or after it."""
    people = [i for i, p in enumerate(parts) if p.mention is not None]
    roles: dict[int, str] = {}
    if people and people[0] > 1 and all(p.role for p in parts[: people[0]]) and not parts[people[0]].mention.role:  # type: ignore[union-attr]
        # 'the Chairman of the A Committee, Head of the B Service, X': a chain of offices, all X's
        roles[people[0]] = ", ".join(p.role for p in parts[: people[0]])  # type: ignore[misc]
    for i, p in enumerate(parts):
        if p.role is None:
            continue
        after = next((j for j in people if j > i), None)
        before = next((j for j in reversed(people) if j < i), None)
        taken = before is not None and (before in roles or bool(parts[before].mention.role))  # type: ignore[union-attr]
        owner = after if (p.joined or before is None or taken) and after is not None else before
        if owner is not None and owner not in roles and not parts[owner].mention.role:  # type: ignore[union-attr]
            roles[owner] = p.role
    out = []
    for i in people:
        m = parts[i].mention
        out.append(with_appositive(m, roles[i]) if i in roles else m)  # type: ignore[arg-type]
    return out


def _run_before(pre: str) -> list[_Part]:
    """The pieces that end right before a verb, back to the first piece that is no name nor role."""
    parts = _parts(pre.rstrip(" ,"))
    kept: list[_Part] = []
    for p in reversed(parts):
        if p.mention is None and p.role is None:
            break
        kept.append(p)
    return list(reversed(kept))


def _run_after(post: str) -> list[_Part]:
    """The pieces that start right after 'by', up to the first piece that is no name nor role."""
    kept: list[_Part] = []
    for p in _parts(_CLAUSE_END.split(post, maxsplit=1)[0]):
        if p.mention is None and p.role is None:
            break
        kept.append(p)
    return kept


def _subjects(sentence: str, at: int) -> list[Mention]:
    """Who does the verb at `at`: the names just before it, or the sentence's subject when the verb is
    coordinated ('UNODC attended the event … and spoke about …')."""
    pre = sentence[:at]
    adverb = _ADVERB.search(pre)
    if adverb:
        pre = pre[: adverb.start()]
    if _NOT_AGENT.search(pre):
        return []
    if re.search(r"(?:,\s*|\s)and\s*$", pre):
        found = sentence_subject(sentence)
        return [found] if found is not None and _person_or_body(found.text) else []
    parts = _run_before(pre)
    return _speakers(parts) if parts and parts[-1].mention is not None or len(parts) > 1 else []


_IT_WAS = re.compile(r"^\s*It\s+(?:was|had\s+been|has\s+been)\s+$")


def _event_meant(sentence: str, at: int, before: str) -> bool:
    """Whether what was opened or addressed at `at` is an event: an event noun just before the verb, or a
    sentence-opening 'It was …' after a sentence that names an event ('The seminar …. It was opened by X')."""
    if _EVENT_NEAR.search(sentence, max(0, at - 80), at):
        return True
    return bool(_IT_WAS.match(sentence[:at])) and bool(_EVENT_NEAR.search(before[-200:]))


def _found(sentence: str, before: str = "") -> list[tuple[Mention, str]]:
    """Every (speaker, cue) the sentence says spoke; `before` is the text of the block before it."""
    out: list[tuple[Mention, str]] = []
    for m in _ACTIVE.finditer(sentence):
        cue = m.group("cue") or m.group("cue2") or m.group("cue3")
        out += [(who, cue) for who in _subjects(sentence, m.start())]
    for m in _PASSIVE.finditer(sentence):
        cue = m.group("cue") or m.group("cue2")
        if cue in ("opened", "addressed", "led") and not _event_meant(sentence, m.start(), before):
            continue  # 'the office was opened by X': only an event opened by someone is spoken at
        out += [(who, cue) for who in _speakers(_run_after(sentence[m.end():]))]
    return out


def _surname(name: str | None) -> str:
    return (name or "").split()[-1].casefold() if (name or "").split() else ""


def find_appearances(text: str, voiced: Iterable[Attribution] = ()) -> tuple[Attribution, ...]:
    """`spoke` records, in order: one per speaker and sentence, offsets spanning the sentence.

    voiced: the text's `said`/`reported` records; whoever they name (same surname) is left out, so
    what remains are the appearances of people whose words the text does not give.
    """
    known = {_surname(a.speaker) for a in voiced if a.speaker}
    out: list[Attribution] = []
    for block in blocks(text):
        if not _ANY.search(text, block.start, block.end):
            continue
        masked = mask(text, block.start, block.end, find_quotes(text, block))
        for s, e in sentences(masked):
            if not _ANY.search(masked, s, e):
                continue
            seen: set[str] = set()
            for who, cue in _found(masked[s:e], masked[:s]):
                name = who.name or who.text
                if name in seen or _surname(name) in known:
                    continue
                seen.add(name)
                out.append(Attribution(kind="spoke", text=None, speaker=name, role=who.role,
                                       organization=who.organization, cue=" ".join(cue.lower().split()),
                                       start=block.start + s, end=block.start + e, block=block.index,
                                       speaker_kind="person"))
    return tuple(out)
