"""Sentences of a block, found on a copy where quoted words are blanked out.

Blanking (same length, offsets kept) lets the attribution rules see only the narrator's words,
and keeps a full stop inside a quotation from ending the narrator's sentence early.
"""
from __future__ import annotations

import re

from indexer.attribution.cues import CUE_RE
from indexer.attribution.marks import Quote

MASK = "\u2591"
_END = re.compile(rf"[.!?][\"”»’'\)]*(?=\s+[\"“«‘(]*[A-Z0-9{MASK}])|\n")
_ABBREV = frozenset(
    """Mr Mrs Ms Dr St Sen Rep Gov Gen Col Lt Capt Maj Sgt Adm Prof Rev Jr Sr Inc Corp Ltd Co No vs Ft Mt
    Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Amb Dep Gens Reps Sens Mmes H.E U.S U.N U.K E.U D.C""".split()
)
_WORD_BEFORE = re.compile(r"([\w.]+)$")
# '"…?" Graham asked.': after a closing mark, a short "Name cue" clause still belongs to the quotation.
_TRAILING_CUE = re.compile(
    r"\s+(?:(?:he|she|they|it|we|I|He|She|They|It|We)|(?:(?:the|The)\s+)?(?:[A-Z][\w.'’-]*\s+){1,4})(?=("
    + CUE_RE.pattern + r"))"
)


def mask(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """text[start:end] with every quoted span blanked; a final . ! ? inside the marks is kept."""
    parts, pos = [], start
    for q in quotes:
        parts.append(text[pos : q.start])
        inner = text[q.start : q.end]
        keep = inner[-1] if inner and inner[-1] in ".!?," else ""
        parts.append(MASK * (len(inner) - len(keep)) + keep)
        pos = q.end
    parts.append(text[pos:end])
    return "".join(parts)


def _attribution_follows(masked: str, at: int) -> bool:
    """'…?” Graham asked.' — a short 'Name cue' clause, not a new sentence of its own."""
    m = _TRAILING_CUE.match(masked, at)
    if not m:
        return False
    rest = re.split(r"[.!?\n]", masked[m.end() : m.end() + 200], maxsplit=1)[0]
    return len(rest.split()) <= 8 and not re.search(r"\bthat\b|[\"“«]", rest)


def _is_abbreviation(masked: str, at: int) -> bool:
    if masked[at] != ".":
        return False
    m = _WORD_BEFORE.search(masked, max(0, at - 12), at)
    if not m:
        return False
    word = m.group(1)
    return word in _ABBREV or bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", word))


def sentences(masked: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a masked block, relative to the block."""
    out, pos = [], 0
    for m in _END.finditer(masked):
        if m.group() != "\n" and _is_abbreviation(masked, m.start()):
            continue
        if len(m.group()) > 1 and m.group()[-1] in "\"”»’'" and _attribution_follows(masked, m.end()):
            continue
        end = m.end()
        if masked[pos:end].strip():
            out.append((pos, end))
        pos = end
    if masked[pos:].strip():
        out.append((pos, len(masked)))
    return [(s + len(masked[s:e]) - len(masked[s:e].lstrip()), e) for s, e in out]
