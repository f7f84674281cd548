"""Quotation marks: blank-line blocks of a text and the quoted spans inside each block.

Pairs straight, curly and guillemet marks and the doubled apostrophes of archived articles, block
by block; marks of another kind inside an open quotation are nested marks of that one quotation.
A quotation left open at the end of its block runs on (the next block reopens it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.passages import blocks as segment_blocks

MARK = re.compile(r"''|[\"“”«»„‘’]")
CLOSER = {"“": "”", "«": "»", "„": "“", '"': '"', "''": "''", "”": "”", "»": "«", "‘": "’"}
# A right single mark after a plural ("the countries’ efforts") is an apostrophe, not a closing mark.
_POSSESSIVE = re.compile(r"(?<=s)’(?=\s+(?!(?:in|on|at|to|for|and|of|is|are|was|were|by|from|with|as|or|but|that)\b)[a-z])")
_DOUBLE = re.compile(r"''|[\"“”«»„]")
_BLANK = re.compile(r"\s*")
MAX_QUOTE = 6000


@dataclass(frozen=True)
class Block:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    """Inner span of one quotation: `start`/`end` exclude the marks; `closed` is False when it runs on."""

    start: int
    end: int
    block: int
    closed: bool = True


def blocks(text: str) -> list[Block]:
    """Blank-line-separated blocks exactly as the segmenter numbers them (the shared `block` index)."""
    return [Block(i, start, end) for i, (start, end) in enumerate(segment_blocks(text))]


def _side(text: str, pos: int, mark: str, start: int, end: int) -> str:
    """'open' when a word follows and space precedes, 'close' when the reverse, else 'either'."""
    before = text[pos - 1] if pos > start else " "
    after = text[pos + len(mark)] if pos + len(mark) < end else " "
    if after.isspace() or (after in ",.;:!?)]" and not before.isspace()):
        return "close"
    if before.isspace() or before in "([{—–-/":
        return "open"
    return "either"


def _closes(opener: str, mark: str, loose: bool = False) -> bool:
    """Whether `mark` closes `opener`; `loose`: a block with no » closes its « with " or ” ('«We act," he said')."""
    return (mark == CLOSER.get(opener) or (opener in ("“", '"', "''") and mark in ('"', "”", "''"))
            or (loose and opener == "«" and mark in ('"', "”")))


def _reopens_line(text: str, inner: int, pos: int, last_break: int) -> bool:
    """True when the mark at `pos` opens a new line after a line break that follows `inner`.

    last_break: the last line break before pos (found incrementally: no rescan from `inner` per mark)."""
    return last_break >= inner and _BLANK.fullmatch(text, last_break + 1, pos) is not None


def _rstrip_to(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _closing_depth(stack: list[tuple[str, int]], mark: str, side: str, text: str, pos: int,
                   loose: bool = False) -> int | None:
    """Which open quotation `mark` closes: the innermost, or the one under a single mark left open."""
    opener, inner = stack[-1]
    reopens = side == "open" and mark == opener == '"' and len(stack) == 1 and pos > inner and text[pos - 1].isspace()
    if _closes(opener, mark, loose and side == "close") and not reopens:
        return len(stack) - 1
    if opener == "‘" and len(stack) > 1 and _closes(stack[-2][0], mark) and side != "open":
        return len(stack) - 2
    return None


def find_quotes(text: str, block: Block) -> list[Quote]:
    """Quoted spans of one block, in order; nested marks stay inside their quotation.

    A quotation still open at the end of the block either runs on into the next block, or, when
    a mark nested inside it was closed last, shares that closing mark ('…the project "Title", X said').
    Other pairs found inside a quotation that never closes are quotations of their own (the
    first mark was a stray one).
    """
    out: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (opening mark, inner start)
    nested: list[Quote] = []
    last_close = -1
    singles = not _DOUBLE.search(text, block.start, block.end)  # single marks quote only where no double ones do
    loose = text.find("«", block.start, block.end) >= 0 and text.find("»", block.start, block.end) < 0
    last_break, scanned = -1, block.start
    for match in MARK.finditer(text, block.start, block.end):
        mark, pos = match.group(), match.start()
        found = text.rfind("\n", scanned, pos)
        last_break, scanned = (found if found >= 0 else last_break), pos
        side = _side(text, pos, mark, block.start, block.end)
        if mark in ("‘", "’") and (not singles or side == "either" or _POSSESSIVE.match(text, pos)):
            continue  # an apostrophe, or single marks nested in a double-quoted text
        if stack and side != "close" and _reopens_line(text, stack[0][1], pos, last_break):
            # '…' left open at a line's end and a new line opening a quotation: it ran on
            out.append(Quote(stack[0][1], _rstrip_to(text, stack[0][1], text.rfind("\n", 0, pos)), block.index, False))
            stack = []
        if not stack:
            if mark != "’" and (side != "close" or mark in ("“", "«", "„", "‘")):
                stack.append((mark, match.end()))
                nested, last_close = [], -1
            continue
        depth = _closing_depth(stack, mark, side, text, pos, loose)
        if depth is not None:
            opener, inner = stack[depth]
            del stack[depth:]
            if stack:
                nested.append(Quote(inner, pos, block.index))
                last_close = pos
            elif pos > inner:
                out.append(Quote(inner, pos, block.index))
        elif side != "close" and mark != "’":
            stack.append((mark, match.end()))
    if stack:
        opener, inner = stack[0]
        same = [q for q in nested if text[q.start - len(opener) : q.start] == opener]
        if same and same[-1].end == last_close and len(stack) == 1 and not text[last_close - 1].isspace():
            out.append(Quote(inner, last_close, block.index))
        elif nested and any(text[q.start - 1] != opener for q in nested):
            out.extend(q for q in nested if text[q.start - 1] != opener)
        elif block.end > inner:
            out.append(Quote(inner, block.end, block.index, closed=False))
    out.sort(key=lambda q: q.start)
    return [q for q in out if 0 < q.end - q.start <= MAX_QUOTE and not text[q.start : q.end].isspace()]
