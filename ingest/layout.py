"""PDF layout stage, pure geometry: glyphs with positions become lines, columns and paragraphs.

Lines are rows of glyphs on one baseline; a page whose rows leave a vertical gutter free in its middle
third is read left column then right column (full-width rows such as a headline stay in place);
running headers, footers and page numbers are dropped; a paragraph ends at a wider gap between lines,
an indent, a change of type size, or a line that stops short although the next line's first word
would have fitted on it.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ingest.models import Block
from ingest.words import Vocabulary

MARGIN = 0.12  # top and bottom share of a page where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|стр\.?)?\s*[-–—(]?\s*(?:\d+|(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3}))(?:\s*(?:of|/|из)\s*\d+)?\s*[-–—)]?", re.I
)
_HYPHENS = "-\u2010\u00ad"
_BREAKS = frozenset(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in "\u00a0\u2007\u202f")


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Line:
    page: int
    glyphs: tuple[Glyph, ...]
    column: int = 0  # 0 single or full width, 1 left, 2 right

    @property
    def text(self) -> str:
        return _join_glyphs(self.glyphs)

    @property
    def x0(self) -> float:
        return min((g.x0 for g in self.glyphs if not g.text.isspace()), default=self.glyphs[0].x0)

    @property
    def x1(self) -> float:
        return max((g.x1 for g in self.glyphs if not g.text.isspace()), default=self.glyphs[-1].x1)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        return Counter(round(g.size, 1) for g in self.glyphs if not g.text.isspace()).most_common(1)[0][0]

    def first_word_width(self) -> float:
        """Width up to the first place a line may break (a space, not a no-break space)."""
        glyphs = list(self.glyphs)
        while glyphs and glyphs[0].text.isspace():
            glyphs.pop(0)
        start, end = glyphs[0].x0, glyphs[0].x1
        for glyph in glyphs[1:]:
            if glyph.text in _BREAKS or (glyph.x0 - end > 0.2 * glyph.size and not glyph.text.isspace()):
                break
            end = glyph.x1
        return end - start


def _join_glyphs(glyphs: Sequence[Glyph]) -> str:
    """A row's text; a space is added only where the PDF left a gap and drew no space glyph."""
    parts, previous = [], None
    for glyph in glyphs:
        if previous is not None and glyph.x0 - previous.x1 > 0.2 * glyph.size:
            if not previous.text.isspace() and not glyph.text.isspace():
                parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return "".join(parts)


def rows(page: int, glyphs: Iterable[Glyph]) -> list[Line]:
    """Glyphs grouped into rows on one baseline, top to bottom, each row left to right."""
    ordered = sorted(glyphs, key=lambda g: (g.bottom, g.x0))
    groups: list[list[Glyph]] = []
    for glyph in ordered:
        if groups and glyph.bottom - groups[-1][0].bottom <= 0.4 * min(glyph.size, groups[-1][0].size):
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    return [Line(page, tuple(sorted(group, key=lambda g: g.x0))) for group in groups if "".join(g.text for g in group).strip()]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().casefold()


def drop_running(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Rows in the page margins that repeat on other pages (headers, footers) or are page numbers."""
    def candidates(lines: list[Line], height: float) -> list[Line]:
        edge = [line for line in lines[:2] if line.bottom < MARGIN * height]
        return edge + [line for line in lines[-2:] if line.top > (1 - MARGIN) * height and line not in edge]

    per_page = [candidates(lines, height) for lines, height in zip(pages, heights)]
    if len(pages) == 1 and pages[0]:  # nothing repeats: margin rows in a smaller type than the text
        body = Counter(line.size for line in pages[0]).most_common(1)[0][0]
        per_page = [[line for line in per_page[0] if line.size < body]]
    seen = Counter(text for found in per_page for text in {_normal(line.text) for line in found})
    repeated = {text for text, count in seen.items() if count >= 0.4 * len(pages) and (count >= 2 or len(pages) == 1)}
    out = []
    for lines, found in zip(pages, per_page):
        drop = {id(line) for line in found if _normal(line.text) in repeated or _PAGE_NUMBER.fullmatch(line.text.strip())}
        out.append([line for line in lines if id(line) not in drop])
    return out


def _gutter(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The vertical band in the middle of the page that many rows leave empty between two columns.

    Only gaps inside a row count, so a short last line of a paragraph in one column never looks
    like a gutter, and full-width rows (a headline) do not hide one.
    """
    low, high = 0.3 * width, 0.7 * width
    gaps = []
    for line in lines:
        ink = [g for g in line.glyphs if not g.text.isspace()]
        gaps += [(a.x1, b.x0) for a, b in zip(ink, ink[1:]) if b.x0 - a.x1 >= max(8.0, a.size) and a.x1 < high and b.x0 > low]
    if len(gaps) < 3:
        return None
    counts = {x: sum(1 for a, b in gaps if a < x < b) for x in range(int(low), int(high) + 1)}
    most = max(counts.values())
    if most < 3:
        return None
    runs: list[list[int]] = []
    for x in sorted(x for x, count in counts.items() if count == most):
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    run = max(runs, key=len)
    middle = (run[0] + run[-1]) / 2
    band = (middle, middle)
    # Most rows of a two-column page keep to one side of the band; most rows of one column cross it.
    return band if sum(_splits(line, band) for line in lines) >= 0.6 * len(lines) else None


def _splits(line: Line, band: tuple[float, float]) -> bool:
    return not any(g.x1 > band[0] and g.x0 < band[1] for g in line.glyphs if not g.text.isspace())


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """A page's rows in reading order: on a two-column page, each column between full-width rows."""
    band = _gutter(lines, width)
    if band is None:
        return lines
    middle = (band[0] + band[1]) / 2
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in lines:
        if not _splits(line, band):
            out += left + right + [line]
            left, right = [], []
            continue
        parts = ([g for g in line.glyphs if g.x1 <= middle], [g for g in line.glyphs if g.x0 >= middle])
        for column, glyphs, bucket in ((1, parts[0], left), (2, parts[1], right)):
            if "".join(g.text for g in glyphs).strip():
                bucket.append(Line(line.page, tuple(glyphs), column))
    return out + left + right


def _edges(lines: list[Line]) -> dict[tuple[int, int], tuple[float, float]]:
    found: dict[tuple[int, int], tuple[float, float]] = {}
    for line in lines:
        key = (line.page, line.column)
        left, right = found.get(key, (line.x0, line.x1))
        found[key] = (min(left, line.x0), max(right, line.x1))
    return found


def _pitches(lines: list[Line]) -> dict[float, float]:
    """The usual distance between two lines of a paragraph, for each type size."""
    steps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.size == b.size and 0 < b.bottom - a.bottom < 3 * a.size:
            steps.setdefault(a.size, []).append(b.bottom - a.bottom)
    return {size: sorted(found)[len(found) // 2] for size, found in steps.items()}


def _ends_paragraph(line: Line, after: Line, pitches: dict[float, float], edges: dict) -> bool:
    if abs(after.size - line.size) > 0.5:
        return True
    pitch = pitches.get(line.size, 0.0)
    if after.page == line.page and after.column == line.column and pitch and after.bottom - line.bottom > 1.3 * pitch:
        return True
    left = edges[(after.page, after.column)][0]
    if after.x0 - left > 0.8 * after.size:
        return True
    room = edges[(line.page, line.column)][1] - line.x1
    return room > after.first_word_width() + 0.6 * line.size  # a space and some slack


def _join(before: str, after: str, vocabulary: Vocabulary) -> str:
    if before[-1:].isspace():  # the PDF drew the space that ends the line
        return before + after
    broken = re.search(r"(\w+)[" + _HYPHENS + r"]$", before)
    if broken:
        rest = re.match(r"\w+", after)
        if rest and after[0].islower() and vocabulary.joins(broken.group(1), rest.group()):
            return before[:-1] + after
        return before + after if before[-1] != "\u00ad" else before[:-1] + after
    return before + " " + after


def paragraphs(lines: list[Line]) -> tuple[Block, ...]:
    """Lines in reading order become paragraphs, each with the page it starts on."""
    if not lines:
        return ()
    vocabulary = Vocabulary(line.text for line in lines)
    pitches, edges = _pitches(lines), _edges(lines)
    out, text, page = [], lines[0].text, lines[0].page
    for line, after in zip(lines, lines[1:]):
        if _ends_paragraph(line, after, pitches, edges):
            out.append(Block(text.strip(" \t"), page))
            text, page = after.text, after.page
        else:
            text = _join(text, after.text, vocabulary)
    out.append(Block(text.strip(" \t"), page))
    return tuple(block for block in out if block.text.strip())
