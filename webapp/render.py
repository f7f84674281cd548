"""HTML fragments built in Python, escaped piece by piece: passages with marks and quotations,
and documents rendered with `markdown` (raw HTML and non-web links removed) with every passage
anchored. Templates insert these as they are and never build markup from text themselves.
"""
from __future__ import annotations

import html

import markdown as md
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from indexer.corpus import page_marks
from present.anchors import is_web_url


_CLOSERS = "”\"»’'"


def passage_html(text: str, marks: list[tuple[int, int]], quotes: list[tuple[int, int, str | None]]) -> Markup:
    """Passage text with <mark>s and quotations (`q` spans, speaker label after), escaped per piece.

    Offsets are relative to `text`. The speaker labels carry `data-nocopy` so the selection
    script can measure offsets in the passage text alone; their dash is for screen readers only
    (on screen the label is a tag, not part of the sentence).
    """
    cuts = {0, len(text)}
    for start, end in marks:
        cuts.update((start, end))
    labels: dict[int, str] = {}
    for start, end, who in quotes:
        cuts.update((max(0, start), min(len(text), end)))
        if who:  # after the closing quotation mark when there is one
            at = min(len(text), end)
            at += 1 if at < len(text) and text[at] in _CLOSERS else 0
            labels[at] = who
            cuts.add(at)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[str] = []
    for a, b in zip(points, points[1:]):
        piece = str(escape(text[a:b]))
        if any(s <= a and b <= e for s, e in marks):
            piece = f"<mark>{piece}</mark>"
        if any(s <= a and b <= e for s, e, _ in quotes):
            piece = f'<span class="q">{piece}</span>'
        out.append(piece)
        if b in labels:
            out.append(f'<span class="who" data-nocopy><span class="visually-hidden"> — </span>{escape(labels.pop(b))}</span>')
    return Markup("".join(out))


class _SafeLinks(Treeprocessor):
    """Keep only http(s) and in-page links; images become their alt text (no remote loads)."""

    def run(self, root):
        for parent in root.iter():
            for index, el in enumerate(list(parent)):
                if el.tag == "a" and not (is_web_url(el.get("href")) or (el.get("href") or "").startswith("#")):
                    el.attrib.clear()
                    el.tag = "span"
                elif el.tag == "a" and is_web_url(el.get("href")):
                    el.set("rel", "nofollow noopener noreferrer")
                elif el.tag == "img":
                    alt = el.get("alt") or ""
                    el.attrib.clear()
                    el.tag = "span"
                    el.text = alt
                    parent[index] = el


class _Safe(Extension):
    def extendMarkdown(self, md_instance):  # noqa: N802 (Markdown's API name)
        md_instance.preprocessors.deregister("html_block")
        md_instance.inlinePatterns.deregister("html")
        md_instance.treeprocessors.register(_SafeLinks(md_instance), "safe_links", 0)


def _renderer() -> md.Markdown:
    return md.Markdown(extensions=[_Safe()], output_format="html")


def safe_markdown(text: str, renderer: md.Markdown | None = None) -> Markup:
    """Markdown → HTML with the source's raw HTML shown as text and unsafe links dropped."""
    renderer = renderer or _renderer()
    return Markup(renderer.reset().convert(text))


def _between(text: str, renderer: md.Markdown) -> str:
    """Text between passages; a page-break line of a document added from a PDF shows as "Page N"."""
    out, pos = [], 0
    for start, end, page in page_marks(text):
        if text[pos:start].strip():
            out.append(str(safe_markdown(text[pos:start], renderer)))
        out.append(f'<p class="page-mark" id="page-{page}">Page {page}</p>')
        pos = end
    if text[pos:].strip():
        out.append(str(safe_markdown(text[pos:], renderer)))
    return "\n".join(out)


def document_html(text: str, passages: list[dict], start: int = 0, end: int | None = None) -> Markup:
    """text[start:end] rendered chunk by chunk: text between passages, then each passage anchored.

    `passages` are dicts with id, start, end, paragraph, url (sorted by start, inside the range).
    """
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    renderer = _renderer()  # one per document: building a Markdown instance costs more than a paragraph
    for p in passages:
        if p["start"] > pos and text[pos : p["start"]].strip():
            out.append(_between(text[pos : p["start"]], renderer))
        anchor = f"p-{p['id']}"
        out.append(
            f'<section class="doc-passage" id="{escape(anchor)}">'
            f'<a class="para-link" href="#{escape(anchor)}" aria-label="Paragraph {p["paragraph"]}">¶ {p["paragraph"]}</a>'
            f'<div class="doc-passage-body">{safe_markdown(text[p["start"] : p["end"]], renderer)}</div>'
            f'<a class="permalink-link" href="{escape(p["url"])}">permalink</a></section>'
        )
        pos = max(pos, p["end"])
    if text[pos:end].strip():
        out.append(_between(text[pos:end], renderer))
    return Markup("\n".join(out))


def unescape(value: str) -> str:
    return html.unescape(value)
