"""Word-level alignment of a claimed quotation against a source text (pure functions, no index).

Both sides become word tokens compared by a normalised key (case, accents, apostrophes folded;
punctuation, quotation marks, dashes and whitespace ignored), keeping each word's character
offsets so a match points at the source's exact characters. In the claim, an ellipsis (`…`,
`...`, `[…]`) marks an omission and `[words]` an editorial insertion: when the alignment's only
differences sit there, the quotation is still exact. difflib finds where in the source the claim
lies; rapidfuzz's Levenshtein opcodes give the minimal word diff inside that region.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from indexer.accents import fold_accents

Op = Literal["equal", "insert", "delete", "replace"]

_WORD = r"\w+(?:['’ʼ]\w+)*"
_CLAIM = re.compile(
    r"(?P<gap>\[\s*(?:…|\.\s?\.\s?\.)\s*\]|…|\.\s?\.\s?\.)"  # an omission
    rf"|(?P<word>\[\w{{1,3}}\]{_WORD}|{_WORD}\[\w{{1,3}}\]|{_WORD})"  # a word, maybe with "[t]he"
    r"|(?P<bracket>\[[^\[\]]*\])"  # an editorial insertion
)
_SOURCE = re.compile(_WORD)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "[": None, "]": None})
EDGE_GAP = 3  # a lone matching word further than this from the rest is a stray, not the start/end


@dataclass(frozen=True)
class Token:
    key: str  # normalised form compared between claim and source
    start: int  # offsets in the text the token came from
    end: int


@dataclass(frozen=True)
class Claim:
    text: str
    tokens: tuple[Token, ...]  # its words, editorial insertions aside
    marks: dict[int, str]  # word position → the ellipsis or [insertion] standing before that word


@dataclass(frozen=True)
class DiffOp:
    op: Op
    source: str  # the source's exact characters for this step ("" for an insertion)
    claimed: str  # the claim's characters ("" for a deletion; "…" where an ellipsis stands)
    marked: bool = False  # the difference is marked in the claim (ellipsis, [brackets])


@dataclass(frozen=True)
class Alignment:
    start: int  # offsets of the matched source words in the source text
    end: int
    similarity: float  # 0–1 over the words, marked omissions and insertions aside
    matched: int  # words the claim and the source share in order
    exact: bool  # every difference is marked in the claim
    ops: tuple[DiffOp, ...]
    missing_head: int  # claim words before the match with no source word left to pair with
    missing_tail: int  # (a neighbouring passage may hold them)


def key(word: str) -> str:
    """A word's comparison key: casefolded, accents folded, apostrophes straightened, brackets dropped."""
    return fold_accents(word.translate(_APOSTROPHES)).casefold()


def source_tokens(text: str, offset: int = 0) -> list[Token]:
    """The words of a source text, offsets shifted by `offset` (the text's place in its document)."""
    return [Token(key(m.group()), m.start() + offset, m.end() + offset) for m in _SOURCE.finditer(text)]


def parse_claim(text: str) -> Claim:
    """The claimed quotation's words, its omissions and its editorial insertions."""
    tokens: list[Token] = []
    marks: dict[int, str] = {}
    for m in _CLAIM.finditer(text):
        if m.group("word"):
            tokens.append(Token(key(m.group()), m.start(), m.end()))
        else:
            at = len(tokens)
            marks[at] = f"{marks[at]} {m.group()}" if at in marks else m.group()
    return Claim(text, tuple(tokens), marks)


def align(claim: Claim, source: list[Token], text: str, base: int = 0) -> Alignment | None:
    """Where the claim best stands in the source words, and the word diff there (None: no word shared).

    `text` is the source text the tokens' offsets point into, less `base`.
    """
    a = [t.key for t in claim.tokens]
    b = [t.key for t in source]
    blocks = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
    if not blocks:
        return None
    while len(blocks) > 1 and blocks[0].size == 1 and blocks[1].b - blocks[0].b - 1 > EDGE_GAP + blocks[1].a - blocks[0].a:
        blocks.pop(0)
    while len(blocks) > 1 and blocks[-1].size == 1 and blocks[-1].b - blocks[-2].b - blocks[-2].size > EDGE_GAP + blocks[-1].a - blocks[-2].a:
        blocks.pop()
    first, last = blocks[0], blocks[-1]
    head, tail = first.a, len(a) - last.a - last.size
    lo = max(0, first.b - head)  # claim words before the first match may be changed source words
    hi = min(len(b), last.b + last.size + tail)
    ops = _ops(claim, source, text, base, lo, hi)
    missing = (max(0, head - first.b), max(0, tail - (len(b) - last.b - last.size)))
    return _summary(ops, source[lo].start, source[hi - 1].end, len(a), hi - lo, missing)


def _ops(claim: Claim, source: list[Token], text: str, base: int, lo: int, hi: int) -> tuple[DiffOp, ...]:
    a = [t.key for t in claim.tokens]
    b = [t.key for t in source[lo:hi]]
    marks = dict(claim.marks)
    out: list[DiffOp] = []

    def chars(i1: int, i2: int, j1: int, j2: int) -> tuple[str, str]:
        said = text[source[j1].start - base : source[j2 - 1].end - base] if j2 > j1 else ""
        return said, claim.text[claim.tokens[i1].start : claim.tokens[i2 - 1].end] if i2 > i1 else ""

    for o in Levenshtein.opcodes(b, a):  # source → claim: "delete" omits source words, "insert" adds
        j1, j2, i1, i2 = o.src_start + lo, o.src_end + lo, o.dest_start, o.dest_end
        if o.tag == "delete" and i1 in marks:  # what the claim marks as left out or replaced
            mark = marks.pop(i1)
            out.append(DiffOp("delete" if _is_gap(mark) else "replace", chars(i1, i1, j1, j2)[0], mark, True))
            continue
        cuts = sorted(i for i in marks if i1 <= i < i2) if o.tag == "equal" else []
        for at in cuts:  # a mark between two words that stand together in the source: nothing left out
            if at > i1:
                out.append(DiffOp("equal", *chars(i1, at, j1, j1 + at - i1)))
                j1, i1 = j1 + at - i1, at
            _marked_insertion(out, marks.pop(at))
        out.append(DiffOp(o.tag, *chars(i1, i2, j1, j2)))
    for at in sorted(marks):
        _marked_insertion(out, marks.pop(at))
    return tuple(out)


def _is_gap(mark: str) -> bool:
    return "[" not in mark or mark.startswith("[…") or mark.startswith("[.")


def _marked_insertion(out: list[DiffOp], mark: str) -> None:
    """An [insertion] the claim marks as its own (an ellipsis that omits nothing shows nothing)."""
    if not _is_gap(mark):
        out.append(DiffOp("insert", "", mark, True))


def _summary(ops: tuple[DiffOp, ...], start: int, end: int, claim_words: int, source_words: int,
             missing: tuple[int, int]) -> Alignment:
    """Similarity as difflib's ratio over words, leaving out what the claim marks as changed."""
    matched = sum(len(_words(op.source)) for op in ops if op.op == "equal")
    source_words -= sum(len(_words(op.source)) for op in ops if op.marked)
    total = claim_words + source_words
    similarity = 1.0 if total == 0 else 2 * matched / total
    exact = all(op.op == "equal" or op.marked for op in ops)
    return Alignment(start, end, round(similarity, 4), matched, exact, ops, *missing)


def _words(text: str) -> list[str]:
    return _SOURCE.findall(text)
