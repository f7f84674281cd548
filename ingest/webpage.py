"""HTML stage: a press-release page's main text, as the page shows it, with the page's metadata.

trafilatura decides what is main text (navigation, cookie notes, share buttons, related links and
footers go). It also collapses every Unicode space, which would turn a no-break space into a plain one,
so before it runs each non-ASCII space of the page is swapped for a printable stand-in the page does
not use, and swapped back afterwards: only the ASCII white space a browser collapses is collapsed.
"""
from __future__ import annotations

from datetime import date

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from ingest.models import Block, Extracted, IngestError, Raw
from ingest.sniff import decode_html

# Characters str.split() takes for white space that HTML does not collapse (no-break, thin, em spaces…).
_KEPT_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in " \t\n\r\f\v")
# Printable letters (never white space, never dropped as controls) to stand in for them.
_STAND_IN_BASES = (0xA000, 0x1400, 0xA4D0 - 0x40, 0x3400)
_BLOCK_TAGS = {"p", "head", "quote", "item", "cell", "code"}


def _stand_ins(text: str) -> tuple[dict[int, str], dict[int, str]]:
    for base in _STAND_IN_BASES:
        chars = [chr(base + i) for i in range(len(_KEPT_SPACES))]
        if not any(ch in text for ch in chars):
            there = {ord(space): ch for space, ch in zip(_KEPT_SPACES, chars)}
            back = {ord(ch): space for space, ch in zip(_KEPT_SPACES, chars)}
            return there, back
    raise ValueError("no free stand-in characters")  # a page using four whole scripts at once


def _protect(tree: etree._Element, table: dict[int, str]) -> None:
    for element in tree.iter():
        if isinstance(element.tag, str):
            if element.text:
                element.text = element.text.translate(table)
        if element.tail:
            element.tail = element.tail.translate(table)


def _text_of(element: etree._Element) -> str:
    """An element's text with `<lb/>` line breaks kept as newlines."""
    parts = [element.text or ""]
    for child in element:
        parts.append("\n" if child.tag == "lb" else _text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(body: etree._Element, back: dict[int, str]) -> tuple[Block, ...]:
    out = []
    for element in body.iter(*_BLOCK_TAGS):
        if any(ancestor.tag in _BLOCK_TAGS for ancestor in element.iterancestors()):
            continue  # a paragraph inside a quotation or list item is part of that block
        text = "\n".join(line.strip(" \t\r\f") for line in _text_of(element).translate(back).split("\n"))
        text = "\n".join(line for line in text.split("\n") if line.strip())
        if text.strip():
            out.append(Block(text))
    return tuple(out)


def _language(tree: etree._Element, found: str | None) -> str | None:
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or found
    return lang.split("-")[0].split("_")[0].strip().lower() or None if lang else None


def extract_html(raw: Raw) -> Extracted:
    """Main text and metadata of a web page; raises IngestError when the page has no main text."""
    text = decode_html(raw.data, raw.content_type)
    there, back = _stand_ins(text)
    tree = load_html(text)
    if tree is None:
        raise IngestError(raw.name, "not a readable HTML page")
    language = _language(tree, None)
    _protect(tree, there)
    result = trafilatura.bare_extraction(
        tree, url=raw.url, with_metadata=True, include_comments=False, include_tables=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True},
    )
    blocks = _blocks(result.body, back) if result is not None and result.body is not None else ()
    if not blocks:
        raise IngestError(raw.name, "page with no main text (only navigation, boilerplate or scripts)")
    published = date.fromisoformat(result.date) if result.date else None

    def restored(value: str | None) -> str | None:
        return value.translate(back).strip() or None if value else None

    return Extracted(
        format="html",
        blocks=blocks,
        title=restored(result.title),
        published=published,
        publisher=restored(result.sitename),
        source_url=result.url or raw.url,
        language=_language(tree, result.language) if language is None else language,
    )
