"""The five bundled documents rendered as they reach users: a press-release web page, a one-column
PDF, a two-column PDF and a Word file, written by the tests themselves from corpus/*.txt.

The .txt files are the truth; `expected_paragraphs` says what an extraction must give back.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from indexer.passages import blocks as _block_spans, paragraphs


def _blocks(text: str):
    return ((n, a, b) for n, (a, b) in enumerate(_block_spans(text)))


def _lines(text: str, start: int, end: int):
    position = start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            at = text.index(stripped, position)
            yield at, at + len(stripped)
        position += len(line) + 1

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core (.ci/run)


@dataclass(frozen=True)
class Bundled:
    id: str
    text: str
    title: str
    published: date
    publisher: str
    paragraphs: tuple[str, ...]  # the .txt's paragraphs, as the segmenter finds them
    shown: tuple[str, ...]  # what a reader sees as paragraphs: each line of each block


def bundled() -> tuple[Bundled, ...]:
    """The five bundled documents with their registry metadata."""
    entries = yaml.safe_load((ROOT / "metadata" / "documents.yaml").read_text(encoding="utf-8"))
    out = []
    for entry in entries:
        text = (ROOT / "corpus" / entry["file"]).read_text(encoding="utf-8")
        found = tuple(text[s:e] for _, s, e in paragraphs(text))
        shown = tuple(text[s:e] for _, a, b in _blocks(text) for s, e in _lines(text, a, b))
        out.append(Bundled(entry["id"], text, entry["title"], entry["published"], entry["publisher"], found, shown))
    return tuple(out)


def expected_paragraphs(doc: Bundled, collapse_spaces: bool = False) -> list[str]:
    """The headline (shown on every rendering) and then the .txt's paragraphs.

    collapse_spaces: a web page shows a run of ASCII spaces as one (no-break spaces stay), and the
    blank line between two blocks that the segmenter joins as one paragraph as a single space.
    """
    found = list(doc.paragraphs)
    if found[0] != doc.title:
        found.insert(0, doc.title)
    if collapse_spaces:
        found = [re.sub(r"[ \t\r\f]+", " ", p) for p in found]
    return found


def body_paragraphs(document) -> list[str]:
    """The paragraphs the segmenter finds in an added document's body (page lines left out)."""
    marks = frozenset(start for start, _, _ in document.pages)
    return [document.text[s:e] for _, s, e in paragraphs(document.text, marks)]


def _body(doc: Bundled) -> tuple[str, list[str]]:
    """The headline and the paragraphs under it, as a reader sees them."""
    found = list(doc.shown)
    if found[0] == doc.title:
        found = found[1:]
    return doc.title, found


def web_page(doc: Bundled) -> bytes:
    """A press-release page: navigation, cookie banner, share buttons, related news, footer."""
    title, body = _body(doc)
    e = html.escape
    paras = "\n".join(f"      <p>{e(p)}</p>" for p in body)
    related = "\n".join(
        f'        <li><a href="/news/item-{n}.html">Regional workshop on border management number {n} held</a> <span>{n} March 2016</span></li>'
        for n in range(1, 6)
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(title)} | {e(doc.publisher)}</title>
  <meta property="og:title" content="{e(title)}">
  <meta property="og:site_name" content="{e(doc.publisher)}">
  <meta property="article:published_time" content="{doc.published.isoformat()}T09:00:00+00:00">
  <link rel="canonical" href="https://press.example.org/news/{doc.id}.html">
</head>
<body>
  <div id="cookie-banner" class="cookie-notice">We use cookies to give you the best experience on our website. <a href="/privacy">Privacy policy</a> <button>Accept all cookies</button></div>
  <header class="site-header">
    <a class="logo" href="/">{e(doc.publisher)}</a>
    <nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/about">About us</a></li><li><a href="/news">News and events</a></li><li><a href="/publications">Publications</a></li><li><a href="/contact">Contact</a></li></ul></nav>
  </header>
  <main>
    <div class="breadcrumb"><a href="/">Home</a> › <a href="/news">News</a></div>
    <article class="press-release">
      <h1>{e(title)}</h1>
      <div class="byline"><time datetime="{doc.published.isoformat()}">{doc.published.isoformat()}</time></div>
{paras}
    </article>
    <div class="share-buttons"><span>Share:</span> <a href="https://facebook.example/share">Facebook</a> <a href="https://twitter.example/share">Twitter</a> <a href="mailto:?subject=news">E-mail</a></div>
    <aside class="related-news">
      <h2>Related news</h2>
      <ul>
{related}
      </ul>
    </aside>
  </main>
  <footer class="site-footer"><p>© {doc.published.year} {e(doc.publisher)}. All rights reserved.</p><ul><li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body>
</html>
"""
    return page.encode("utf-8")


# --- PDF ------------------------------------------------------------------------------------------

PAGE_W, PAGE_H, MARGIN, SIZE, LEADING, SPACING = 595.0, 842.0, 72.0, 10.0, 13.0, 7.0


@dataclass(frozen=True)
class Rendered:
    data: bytes
    shown: tuple[str, ...]  # the headline and each paragraph as laid out
    pages: tuple[int, ...]  # the page each of them starts on
    hyphenated: tuple[str, ...]  # words broken across lines with an added hyphen


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    return pdf


def _split_word(token: str, room: float, width) -> tuple[str, str] | None:
    """A long lowercase word cut with an added hyphen, or a compound cut after its own hyphen.

    A compound whose closed form is also a word (socio-economic, socioeconomic) is not cut: at a line
    end nothing tells its hyphen from an added one.
    """
    if "-" in token.strip("-"):
        cut = token.index("-", 1) + 1
        if _closed_is_word(token[: cut - 1], token[cut:]):
            return None
        return (token[:cut], token[cut:]) if width(token[:cut]) <= room and token[cut:] else None
    if not (len(token) >= 7 and token.isalpha() and token.islower()):
        return None
    for at in range(len(token) - 3, 3, -1):
        if width(token[:at] + "-") <= room:
            return token[:at] + "-", token[at:]
    return None


def _closed_is_word(head: str, tail: str) -> bool:
    from ingest.words import Vocabulary

    return Vocabulary(()).joins(head, re.match(r"\w*", tail).group())


def wrap(text: str, limit: float, width) -> tuple[list[str], list[str]]:
    """Greedy lines no wider than `limit`, hyphenating long words; (lines, words hyphenated)."""
    lines, hyphenated, current = [], [], None
    tokens = text.split(" ")
    i = 0
    while i < len(tokens):
        token = tokens[i]
        candidate = token if current is None else current + " " + token
        if width(candidate) <= limit or current is None:
            current, i = candidate, i + 1
            continue
        split = _split_word(token, limit - width(current + " "), width)
        if split:
            lines.append(current + " " + split[0])
            if not token.startswith(split[0]):  # the hyphen was added, not the word's own
                hyphenated.append(token)
            tokens[i] = split[1]
            current = None
            if tokens[i] == "":
                i += 1
            continue
        lines.append(current)
        current = None
    if current is not None:
        lines.append(current)
    return lines, hyphenated


class _Pages:
    """Running header, footer with page numbers, and a cursor over one or two columns."""

    def __init__(self, doc: Bundled, columns: int) -> None:
        self.pdf, self.doc, self.columns = _pdf(), doc, columns
        self.pdf.set_title(doc.title)
        from datetime import datetime, timezone
        self.pdf.set_creation_date(datetime(doc.published.year, doc.published.month, doc.published.day, 9, tzinfo=timezone.utc))
        gap = 20.0
        self.column_width = (PAGE_W - 2 * MARGIN - (columns - 1) * gap) / columns
        self.lefts = [MARGIN + n * (self.column_width + gap) for n in range(columns)]
        self.page = 0
        self.new_page()

    def new_page(self) -> None:
        self.pdf.add_page()
        self.page += 1
        self.pdf.set_font("DejaVu", size=8)
        self.pdf.text(MARGIN, 40, f"{self.doc.publisher} · Press release")
        self.column, self.y = 0, MARGIN + SIZE

    def next_column(self) -> None:
        if self.column + 1 < self.columns:
            self.column += 1
            self.y = self.top
        else:
            self.new_page()
            self.top = self.y

    def line(self, text: str, size: float = SIZE, x: float | None = None) -> None:
        if self.y > PAGE_H - MARGIN:
            self.next_column()
        self.pdf.set_font("DejaVu", size=size)
        self.pdf.text(self.lefts[self.column] if x is None else x, self.y, text)
        self.y += LEADING * size / SIZE

    def finish(self) -> bytes:
        total = self.pdf.pages_count
        for number in range(1, total + 1):
            self.pdf.page = number
            self.pdf.set_font("DejaVu", size=8)
            self.pdf.text(PAGE_W / 2 - 20, PAGE_H - 30, f"Page {number} of {total}")
        return bytes(self.pdf.output())


def pdf_document(doc: Bundled, columns: int = 1) -> Rendered:
    """The document as a PDF of one or two columns, the headline across the top of page one."""
    title, body = _body(doc)
    out = _Pages(doc, columns)
    pdf, starts, hyphenated = out.pdf, [], []
    pdf.set_font("DejaVu", size=14)
    title_lines, _ = wrap(title, PAGE_W - 2 * MARGIN, pdf.get_string_width)
    starts.append(1)
    for text in title_lines:
        out.line(text, 14, MARGIN)
    out.y += SPACING
    out.top = out.y
    pdf.set_font("DejaVu", size=SIZE)
    for paragraph in body:
        lines, broken = wrap(paragraph, out.column_width, pdf.get_string_width)
        hyphenated += broken
        if out.y > PAGE_H - MARGIN:
            out.next_column()
        starts.append(out.page)
        for text in lines:
            out.line(text)
        out.y += SPACING
    return Rendered(out.finish(), (title, *body), tuple(starts), tuple(hyphenated))


def word_document(doc: Bundled) -> bytes:
    """The document as a Word file: the headline as Heading 1, core properties set."""
    import docx
    from datetime import datetime

    title, body = _body(doc)
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.created = datetime(doc.published.year, doc.published.month, doc.published.day, 9)
    document.core_properties.language = "en"
    document.add_heading(title, level=1)
    for paragraph in body:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
