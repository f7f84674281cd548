"""Quotation marks: blank-line blocks of a text and the quoted spans inside each block.

Pairs straight, curly and guillemet marks and the doubled apostrophes of archived articles, block
by block; marks of another kind inside an open quotation are nested marks of that one quotation.
A quotation left open at the end of its block runs on (the next block reopens it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
MARK = re.compile(r"''|[\"“”«»„]")
CLOSER = {"“": "”", "«": "»", "„": "“", '"': '"', "''": "''", "”": "”", "»": "«"}
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
    """Blank-line-separated blocks with their offsets; block 0 is the first non-empty one."""
    out: list[Block] = []
    pos = len(text) - len(text.lstrip())
    for match in BLOCK_BREAK.finditer(text):
        if match.start() > pos:
            out.append(Block(len(out), pos, _rstrip(text, pos, match.start())))
        pos = match.end()
    if pos < len(text) and text[pos:].strip():
        out.append(Block(len(out), pos, _rstrip(text, pos, len(text))))
    return out


def _rstrip(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())


def _opens(text: str, pos: int, mark: str) -> bool:
    """A mark can open a quotation when a word or punctuation follows it."""
    after = text[pos + len(mark) : pos + len(mark) + 1]
    return bool(after) and not after.isspace()


def find_quotes(text: str, block: Block) -> list[Quote]:
    """Quoted spans of one block, in order; nested marks stay inside their quotation."""
    out: list[Quote] = []
    opener: str | None = None
    inner = 0
    for match in MARK.finditer(text, block.start, block.end):
        mark, pos = match.group(), match.start()
        if opener is None:
            if mark in ("”", "»") and not _opens(text, pos, mark):
                continue
            if mark == '"' and not _opens(text, pos, mark):
                continue
            opener, inner = mark, match.end()
        elif mark == CLOSER[opener] or (opener in ("“", '"') and mark == "”") or (opener == "''" and mark == '"'):
            if pos > inner:
                out.append(Quote(inner, pos, block.index))
            opener = None
    if opener is not None and block.end - inner > 0:
        out.append(Quote(inner, block.end, block.index, closed=False))
    return [q for q in out if q.end - q.start <= MAX_QUOTE]
