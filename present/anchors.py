"""Anchors into the source: a W3C TextQuoteSelector and a Text Fragment link for an excerpt.

Pure functions over the document text and character offsets. The selector lets annotation tools
re-find the excerpt in our copy; the fragment link opens the publisher's page scrolled to it
(https://wicg.github.io/scroll-to-text-fragment/).
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

SELECTOR_CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector
FRAGMENT_WHOLE_MAX = 80  # longer excerpts use the textStart,textEnd range form
FRAGMENT_EDGE_WORDS = 4  # words in textStart and in textEnd of the range form
FRAGMENT_CONTEXT_WORDS = 3  # words of prefix and suffix, taken inside the same block
_BLOCK_BREAK = re.compile(r"\n[^\S\n]*\n")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")  # \s is str.isspace() for str patterns
_BETWEEN_WORDS = re.compile(r"[ \t\n\r\f\v]+")  # a no-break space is a character of the text, kept


def _words(text: str) -> list[str]:
    """The words of text between ASCII whitespace: 'of\u00a0the' stays one term, encoded %C2%A0."""
    return [w for w in _BETWEEN_WORDS.split(text) if w]


@lru_cache(maxsize=8192)  # asked of every document and citation made; a corpus has few source URLs
def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs with a host: the only links we ever render or export."""
    if not url or _SPACE_OR_CONTROL.search(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def text_quote_selector(text: str, start: int, end: int, context: int = SELECTOR_CONTEXT) -> dict:
    """The W3C Web Annotation TextQuoteSelector of text[start:end]."""
    return {
        "type": "TextQuoteSelector",
        "exact": text[start:end],
        "prefix": text[max(0, start - context) : start],
        "suffix": text[end : end + context],
    }


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words and trim surrounding whitespace (fragments match words)."""
    if start >= end:
        return start, start
    while start > 0 and start < len(text) and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _edge_words(text: str, lo: int, hi: int, count: int, last: bool) -> list[str]:
    """The last (or first) `count` words of text[lo:hi]: `_words` of a window at that end, widened
    until it holds a word more than asked (so the ones returned are whole) or is the whole span
    (a block may be long; its edge words are what a fragment needs)."""
    window = 128
    while True:
        a, b = (max(lo, hi - window), hi) if last else (lo, min(hi, lo + window))
        words = _words(text[a:b])
        if (a, b) == (lo, hi) or len(words) > count:
            return words[-count:] if last else words[:count]
        window *= 4


def _block_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Start of the block holding `start` and end of the block holding `end`."""
    before = [m.end() for m in _BLOCK_BREAK.finditer(text, 0, start)]
    after = _BLOCK_BREAK.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def fragment_directive(text: str, start: int, end: int) -> str | None:
    """The `text=` directive value (already percent-encoded) for text[start:end], or None if empty."""
    start, end = snap_to_words(text, start, end)
    words = _words(text[start:end])
    if not words:
        return None
    exact = " ".join(words)
    if len(exact) <= FRAGMENT_WHOLE_MAX or len(words) < 2 * FRAGMENT_EDGE_WORDS:
        terms = [encode_fragment_term(exact)]
    else:
        terms = [
            encode_fragment_term(" ".join(words[:FRAGMENT_EDGE_WORDS])),
            encode_fragment_term(" ".join(words[-FRAGMENT_EDGE_WORDS:])),
        ]
    block_start, block_end = _block_bounds(text, start, end)
    prefix = _edge_words(text, block_start, start, FRAGMENT_CONTEXT_WORDS, last=True)
    suffix = _edge_words(text, end, block_end, FRAGMENT_CONTEXT_WORDS, last=False)
    if prefix:
        terms.insert(0, encode_fragment_term(" ".join(prefix)) + "-")
    if suffix:
        terms.append("-" + encode_fragment_term(" ".join(suffix)))
    return ",".join(terms)


def encode_fragment_term(term: str) -> str:
    """Percent-encode a text-directive term: everything but unreserved characters, and `-` too."""
    return quote(term, safe="").replace("-", "%2D")


def text_fragment_url(source_url: str | None, text: str, start: int, end: int) -> str | None:
    """`source_url#:~:text=…` pointing at text[start:end], or None without an http(s) source."""
    if not is_web_url(source_url):
        return None
    directive = fragment_directive(text, start, end)
    if directive is None:
        return None
    base = source_url.split("#", 1)[0]  # type: ignore[union-attr]
    return f"{base}#:~:text={directive}"
