"""Highlighting: a passage's text HTML-escaped, with the words the query matched wrapped in <mark>.

The text is run through the same analyzers the index used, so a token is marked exactly when its
indexed form is one of the query's terms (`financing` marks for `finance`, `Lajčák` for `Lajcak`).
Only the shown page is highlighted, and no state is kept between calls.
"""
from __future__ import annotations

from html import escape

from whoosh.analysis import Analyzer


def spans(text: str, marks: dict[str, set[str]], analyzers: dict[str, Analyzer]) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character ranges of the text's tokens that the query matched."""
    found: list[tuple[int, int]] = []
    for fieldname, terms in marks.items():
        analyzer = analyzers.get(fieldname)
        if not terms or analyzer is None:
            continue
        found.extend((t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in terms)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:  # adjacent matches ("drug trafficking") become one mark
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start].isspace()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, marks: dict[str, set[str]], analyzers: dict[str, Analyzer]) -> str:
    """The text escaped for HTML, matched words in <mark>…</mark>."""
    out: list[str] = []
    pos = 0
    for start, end in spans(text, marks, analyzers):
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)
