"""Orchestration: blocks -> quotations -> attribution frames -> speakers -> records."""
from __future__ import annotations

import re

from indexer.attribution.cues import CUE_RE, PRONOUNS
from indexer.attribution.marks import Quote, blocks, find_quotes
from indexer.attribution.names import NAME_RE, is_name, strip_honorifics
from indexer.models import Attribution

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“«'])")
_PRONOUN = re.compile(r"\b(he|she|they)\b", re.I)
WINDOW = 60


def _mask(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """The block with quoted words blanked (same length), so frames can be searched by regex."""
    parts, pos = [], start
    for q in quotes:
        parts.append(text[pos : q.start])
        parts.append("_" * (q.end - q.start))
        pos = q.end
    parts.append(text[pos:end])
    return "".join(parts)


def _sentence(masked: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(masked)
    for m in _SENTENCE_END.finditer(masked):
        if m.start() < pos:
            start = m.end()
        else:
            end = m.start()
            break
    return start, end


def _speaker_near(frame: str, cue_at: int, last: str | None) -> str | None:
    best, dist = None, WINDOW + 1
    for m in NAME_RE.finditer(frame):
        name = strip_honorifics(m.group().strip())
        if not is_name(name) or "_" in name:
            continue
        d = min(abs(m.start() - cue_at), abs(m.end() - cue_at))
        if d < dist:
            best, dist = name, d
    for m in _PRONOUN.finditer(frame):
        d = min(abs(m.start() - cue_at), abs(m.end() - cue_at))
        if d < dist:
            best, dist = last, d
    return best


def extract(text: str) -> tuple[Attribution, ...]:
    """Every direct quotation and reported statement in `text`, in order, with its speaker."""
    out: list[Attribution] = []
    last: str | None = None
    for block in blocks(text):
        quotes = find_quotes(text, block)
        if not quotes:
            continue
        masked = _mask(text, block.start, block.end, quotes)
        for q in quotes:
            s, e = _sentence(masked, q.start - block.start)
            frame = masked[s:e]
            speaker, cue = None, None
            cues = list(CUE_RE.finditer(frame))
            if cues:
                rel = q.start - block.start - s
                m = min(cues, key=lambda c: abs(c.start() - rel))
                cue = m.group()
                speaker = _speaker_near(frame, m.start(), last)
            elif q.start - block.start <= 1 and last:
                speaker = last
            if speaker:
                last = speaker
            out.append(Attribution("direct", text[q.start : q.end], speaker, None, None, cue, q.start, q.end, block.index))
    return tuple(out)
