"""Reported speech: a cue frame whose content is the narrator's words, not only a quotation."""
from __future__ import annotations

import re

from indexer.attribution.cues import BODY_NOUNS
from indexer.attribution.frames import Frame
from indexer.attribution.sources import SOURCE_FIRST
from indexer.attribution.sentences import MASK

_CONTENT = re.compile(r"[A-Za-z][\w'’-]*")
_ADJUNCT = frozenset(
    """that in a an the on at to during his her their its statement interview speech remarks email
    reporters press conference news briefing video message address opening closing welcoming session
    monday tuesday wednesday thursday friday saturday sunday today yesterday week weekend last this
    also later earlier before after recent and via letter told""".split()
)
_CHARACTERIZING = frozenset(
    "call called calls calling describe described describes describing label labeled labelled labels labeling "
    "brand branded brands branding dub dubbed dubs dubbing refer referred refers referring cite cited cites "
    "citing condemn condemned condemns condemning criticize criticized criticizes criticise criticised praise "
    "praised praises slam slammed slams blast blasted blasts compare compared compares mock mocked mocks accuse "
    "accused accuses rate rated rates rating liken likened likens likening".split()
)
_CIRCUMSTANCE = re.compile(
    r"[\s,]*(?:(?:at|during|in|on|after|before|while|when|following|to)\s(?![^.;:]*\bthat\b)[^.;:]*)?[.!?]?\s*$"
)
_RELATIVE = re.compile(r"[\s,]*(?:who|whose|which)\b")
_PARTICIPLE_ADJUNCT = re.compile(
    r"[\s,]*[a-z]+(?:ed|en)\s+(?:at|by|on|in|after|following|during|before)\b[^.;:]*[.!?]?\s*$")
# An organisation's commitment ('the Structure pledged to strengthen …', 'X body vows to …') is what it will
# do, not words it is reported to have said; a person's 'vowed to' stays speech.
_COMMITMENT = re.compile(r"(?:vow|pledge|promise|commit)(?:s|d|ed)?$", re.IGNORECASE)
_TO_VERB = re.compile(r"\s*(?:to\s+[a-z]|itself\s+to\b)")
MIN_WORDS = 2
SPAN = 400  # enough words either side to tell reported content from a bare attribution


def content_words(text: str) -> int:
    """Words that carry content, not the adjuncts of an attribution ('in a statement on Monday')."""
    return sum(1 for w in _CONTENT.findall(text.replace(MASK, " ")) if w.lower() not in _ADJUNCT)


def is_reported(frame: Frame, masked: str, s: int, e: int, base: int, introduces_quote: bool) -> bool:
    """True when the frame reports words of its own: "X said the meeting was useful", "according to X, …"."""
    if frame.mention is None and not frame.participial:
        return False
    if _collective_commitment(frame, masked, base):
        return False
    begin = max(frame.end, frame.subject_end) - base
    after = masked[begin : min(e, begin + SPAN)]
    if frame.cue.lower().startswith(SOURCE_FIRST) and not frame.cue.lower().startswith(("learned", "learnt")):
        after = after.split(",", 1)[1] if "," in after else ""
    stop = min(frame.subject_start, frame.start) - base
    before = masked[max(s, stop - SPAN) : stop]
    if introduces_quote:
        lead = re.split(rf"[{MASK}]", after, maxsplit=1)[0]
        if MASK in before and MASK not in after and (_CIRCUMSTANCE.match(lead) or _RELATIVE.match(lead)):
            return False  # '"…," X said at the meeting' / ', who taught at the seminar': not what X said
        if MASK in before and _PARTICIPLE_ADJUNCT.match(lead):
            return False  # '"…," reads the declaration signed at the summit': what the document is, not says
        if frame.cue.split()[0].lower() in _CHARACTERIZING and not re.search(r"\bthat\b", lead):
            return False  # 'called the deal "a disaster"': a quoted label, not a statement reported
        words = content_words(lead)
        common = sum(1 for w in _CONTENT.findall(lead) if w.islower() and w not in _ADJUNCT)
        quote_follows = MASK in after  # 'said the training "was a success"', not '"…," Vikki told participants.'
        return words >= MIN_WORDS or (quote_follows and common >= 1) or (words >= 1 and bool(re.search(r"\bthat\b", lead)))
    if content_words(after) >= MIN_WORDS:
        return True
    if content_words(before) >= MIN_WORDS:
        return True
    # 'The talks open on Monday. The ministry's press service reported.', '… This was stated by X at the
    # meeting.': a bare attribution closing the block's narration reports the sentences before it
    closing = frame.mention is not None and bool(_CIRCUMSTANCE.match(after)) and content_words(before) <= 1
    return closing and content_words(masked[max(0, s - SPAN) : s]) >= MIN_WORDS


def _collective_commitment(frame: Frame, masked: str, base: int) -> bool:
    """'The Structure pledged to step up …': a body's commitment, no speech cue."""
    m = frame.mention
    collective = m is not None and (m.kind == "body" or (m.kind == "description" and m.head in BODY_NOUNS))
    return collective and bool(_COMMITMENT.match(frame.cue)) and bool(_TO_VERB.match(masked, frame.end - base))
