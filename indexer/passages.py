"""Split stage (text → passages): a document's text becomes passages with exact provenance.

A passage is normally one paragraph. Paragraphs are blank-line blocks, or lines inside a block
when a document separates paragraphs by single line breaks; a break that cuts a sentence in two
is joined back. A very long paragraph is split at sentence boundaries, never inside a quotation.
Offsets are fixed here, once: `document.text[p.start:p.end] == p.text` for every passage.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from indexer.corpus import title_line
from indexer.models import Document, Passage

MAX_PASSAGE = 1500  # characters; longer paragraphs are split at sentence boundaries
TARGET_PASSAGE = 800
HARD_MAX = 4 * MAX_PASSAGE  # beyond this a run without sentence ends is cut at spaces
_BLANK = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)+")  # one or more blank (whitespace-only) lines
# Every character Python counts as white space (NBSP, ideographic space, separators…) plus the BOM.
_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\ufeff"
_TERMINAL = tuple('.!?:;"”»’)…')
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos gen col lt maj capt amb sen rep gov hon jr sr vs etc e.g i.e "
    "u.s u.n u.k jan feb mar apr jun jul aug sep sept oct nov dec inc ltd co corp dept h.e".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”»’')\]]*(?=[^\S\n]+[\"“«‘(\[]?[A-Z0-9À-Þ])")
_OPENERS = {"“": 1, "«": 1, "”": -1, "»": -1}


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _SPACE:
        start += 1
    while end > start and text[end - 1] in _SPACE:
        end -= 1
    return start, end


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the blank-line-separated blocks, whitespace trimmed, empty ones skipped."""
    position = 0
    for match in _BLANK.finditer(text):
        span = _trim(text, position, match.start())
        if span[0] < span[1]:
            yield span
        position = match.end()
    span = _trim(text, position, len(text))
    if span[0] < span[1]:
        yield span


def _ends_sentence(fragment: str) -> bool:
    return fragment.rstrip(_SPACE).endswith(_TERMINAL)


def _continues_sentence(fragment: str) -> bool:
    stripped = fragment.lstrip(_SPACE)
    return bool(stripped) and stripped[0].islower()


def _cuts_sentence(text: str, at: int, start: int, end: int) -> bool:
    """Whether the line break at `at` falls inside a sentence (looks only near the break)."""
    before = text[max(start, at - 16) : at]
    after = text[at + 1 : min(end, at + 17)]
    return bool(before.strip(_SPACE)) and not _ends_sentence(before) and _continues_sentence(after)


def lines_as_paragraphs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a block at single line breaks, unless the break cuts a sentence in two."""
    cuts = [start]
    at = text.find("\n", start, end)
    while at >= 0:
        if not _cuts_sentence(text, at, cuts[-1], end):
            cuts.append(at + 1)
        at = text.find("\n", at + 1, end)
    cuts.append(end)
    for a, b in zip(cuts, cuts[1:]):
        span = _trim(text, a, b)
        if span[0] < span[1]:
            yield span


def paragraphs(text: str, marks: frozenset[int] = frozenset()) -> Iterator[tuple[int, int, int]]:
    """(block, start, end) of each paragraph; a block cut mid-sentence is joined to the next.

    `marks` are the starts of page-break lines: never a paragraph, never joined across.
    """
    pending: tuple[int, int, int] | None = None
    for block_no, (b_start, b_end) in enumerate(blocks(text)):
        if b_start in marks:
            if pending:
                yield pending
            pending = None
            continue
        for start, end in lines_as_paragraphs(text, b_start, b_end):
            if pending and not _ends_sentence(text[pending[1] : pending[2]]) and _continues_sentence(text[start:end]):
                pending = (pending[0], pending[1], end)
                continue
            if pending:
                yield pending
            pending = (block_no, start, end)
    if pending:
        yield pending


def _depth_change(segment_text: str) -> int:
    return sum(segment_text.count(ch) * step for ch, step in _OPENERS.items())


def sentence_boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts, outside quotations and after no abbreviation."""
    cuts, depth, straight, position = [], 0, 0, 0
    for match in _SENTENCE_END.finditer(text):
        seen = text[position : match.end()]
        position = match.end()
        straight ^= seen.count('"') & 1
        depth = max(0, depth + _depth_change(seen))
        word = re.search(r"([\w.]+)[.!?…]*$", text[max(0, match.start() - 12) : match.start() + 1])
        token = (word.group(1) if word else "").rstrip(".").lower()
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        if depth == 0 and not straight:
            cuts.append(len(text) - len(text[match.end() :].lstrip(_SPACE)))
    return cuts


def _whitespace_cuts(text: str, start: int, end: int) -> list[int]:
    """Last-resort cuts at spaces for a run with no sentence boundary (e.g. a 20 MB blob)."""
    cuts, position = [], start
    while end - position > HARD_MAX:
        at = text.rfind(" ", position + TARGET_PASSAGE, position + MAX_PASSAGE)
        position = at + 1 if at > position else position + MAX_PASSAGE
        cuts.append(position)
    return cuts


def split_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split an over-long span into sentence-aligned chunks of about TARGET_PASSAGE characters."""
    if end - start <= MAX_PASSAGE:
        yield start, end
        return
    chosen, chunk_start = [], start
    for cut in sentence_boundaries(text[start:end]):
        at = start + cut
        if at - chunk_start >= TARGET_PASSAGE and end - at >= TARGET_PASSAGE // 4:
            chosen.append(at)
            chunk_start = at
    bounds = [start, *chosen, end]
    for a, b in zip(bounds, bounds[1:]):
        edges = [a, *_whitespace_cuts(text, a, b), b]
        for x, y in zip(edges, edges[1:]):
            span = _trim(text, x, y)
            if span[0] < span[1]:
                yield span


def passage_id(document_id: str, text: str, occurrence: int) -> str:
    """Stable id: a hash of the document id and the passage text (plus its repeat count)."""
    digest = hashlib.sha1(f"{document_id}\x00{occurrence}\x00{text}".encode()).hexdigest()
    return digest[:16]


def _page_at(pages: tuple[tuple[int, int, int], ...], offset: int) -> int | None:
    page = None
    for start, _, number in pages:
        if start > offset:
            break
        page = number
    return page


def headline(document: Document) -> tuple[int, int] | None:
    """(start, end) of the document's headline: its first line when that stands alone as a title.

    When the title comes from the registry or front matter, a differing first line that reads as a
    sentence ('Body one.') is body text, not a headline: dropping it would lose its words from search."""
    span = title_line(document.text, markdown=document.path.lower().endswith((".md", ".markdown")))
    if span is None:
        return None
    line = document.text[span[0] : span[1]]
    if "title" in document.inferred or line == document.meta.title or not line.endswith((".", ";", ",")):
        return _trim(document.text, *span)
    return None


def _body_paragraphs(document: Document) -> list[tuple[int, int, int]]:
    """The paragraphs after the headline: the headline is the document's title, not a passage.

    A document that is nothing but one line keeps it as its passage: its only text stays searchable."""
    found = list(paragraphs(document.text, frozenset(s for s, _, _ in document.pages)))
    if len(found) > 1 and found[0][1:] == headline(document):
        return found[1:]
    return found


def segment(document: Document) -> tuple[Passage, ...]:
    """All passages of a document, in order, each with the page it starts on when it has pages.

    `paragraph` counts body paragraphs from 0 (shown as "para. 1"): the headline is paragraph 0 of
    the document's numbering and is no passage, so the first body paragraph is cited as para. 1."""
    text, seen, out = document.text, {}, []
    marks = frozenset(start for start, _, _ in document.pages)
    for number, (block, p_start, p_end) in enumerate(_body_paragraphs(document)):
        page = _page_at(document.pages, p_start) if marks else None
        for start, end in split_long(text, p_start, p_end):
            chunk = text[start:end]
            occurrence = seen.get(chunk, 0)
            seen[chunk] = occurrence + 1
            out.append(
                Passage(
                    id=passage_id(document.id, chunk, occurrence),
                    document_id=document.id,
                    block=block,
                    paragraph=number,
                    start=start,
                    end=end,
                    text=chunk,
                    page=page,
                )
            )
    return tuple(out)
