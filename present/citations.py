"""Citations people can paste: one excerpt with its provenance in five formats.

Pure functions of a `CitationSource` (built by the presenter from the index records), so every
format carries the same facts: the excerpt in quotation marks, who said it and in what role, the
event and its place, the date, the document, its publisher, the paragraph and the permalink.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from indexer.corpus import ascii_spelling
from present.anchors import text_fragment_url, text_quote_selector

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True)
class Credit:
    """A speaker as credited in a citation."""

    name: str
    role: str | None = None
    organization: str | None = None
    kind: str = "person"

    def line(self) -> str:
        """`Name, Role, Organization` (the organization left out when it is the speaker)."""
        organization = self.organization if self.organization != self.name else None
        return ", ".join(x for x in (self.name, self.role, organization) if x)


@dataclass(frozen=True)
class CitationSource:
    """Everything a citation says; `text[start:end]` is the excerpt in the document text."""

    key: str  # a stable identifier (passage id, plus offsets for a selection)
    text: str  # the whole document text, for the selector and the fragment link
    start: int
    end: int
    permalink: str
    paragraph: int  # 1-based, as readers count
    speakers: tuple[Credit, ...] = ()
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    kind: str | None = None
    event: str | None = None
    place: str | None = None  # "City, Country"
    event_start: date | None = None
    event_end: date | None = None
    source_url: str | None = None
    page: int | None = None  # the page of the source the excerpt starts on (documents from a PDF)

    @property
    def locator(self) -> str:
        """"p. 3, para. 12" for a paged source, else "para. 12"."""
        return (f"p. {self.page}, " if self.page else "") + f"para. {self.paragraph}"

    @property
    def locator_words(self) -> str:
        """"Page 3, paragraph 12" for a paged source, else "Paragraph 12"."""
        return (f"Page {self.page}, paragraph " if self.page else "Paragraph ") + str(self.paragraph)

    @cached_property  # every format quotes the excerpt: made once per source
    def excerpt(self) -> str:
        """The excerpt with its whitespace runs (line breaks) shown as single spaces."""
        return " ".join(self.text[self.start : self.end].split())

    @cached_property
    def quoted(self) -> str:
        """The excerpt in double quotation marks; its own double quotes become single ones, as
        style guides nest quotations (the selector keeps the exact characters)."""
        return f"“{_INNER_QUOTE.sub(_single, self.excerpt)}”"

    # Lines several formats state, made once per source (five formats are made together).
    @cached_property
    def speakers_line(self) -> str | None:
        return "; ".join(c.line() for c in self.speakers) or None

    @cached_property
    def event_line(self) -> str | None:
        parts = [self.event, self.place, format_span(self.event_start, self.event_end)]
        return ", ".join(p for p in parts if p) if self.event else None

    @cached_property
    def published_text(self) -> str | None:
        return format_date(self.published)

    @cached_property
    def cite_key(self) -> str:
        return cite_key(self)


_INNER_QUOTE = re.compile(r'["“”]')


def _single(match: re.Match) -> str:
    """An inner double quote as a single one: opening at the start or after a space or bracket."""
    at = match.start()
    before = match.string[at - 1] if at else " "
    if match.group() == "“" or (match.group() == '"' and (before.isspace() or before in "([{—–-")):
        return "‘"
    return "’"


def format_date(value: date | None) -> str | None:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else None


def format_span(start: date | None, end: date | None) -> str | None:
    """`16–17 May 2019`, `30 April – 2 May 2019`, or one date."""
    if start is None or end is None or start == end:
        return format_date(start or end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end)}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {format_date(end)}"
    return f"{format_date(start)} – {format_date(end)}"


def _event_line(src: CitationSource) -> str | None:
    return src.event_line


def _speakers_line(src: CitationSource) -> str | None:
    return src.speakers_line


def _document_line(src: CitationSource, title: str | None, publisher: str | None) -> str:
    parts = [title, publisher, src.published_text, src.locator]
    return ", ".join(p for p in parts if p)


def plain_text(src: CitationSource) -> str:
    """“Excerpt” — Speaker, Role, Organization. Event, Place, Dates. “Title”, Publisher, Date, para. N. URL"""
    title = f"“{src.title}”" if src.title else None
    parts = [src.quoted]
    head = " — ".join(p for p in (parts[0], _speakers_line(src)) if p)
    body = [p for p in (_event_line(src), _document_line(src, title, src.publisher), src.permalink) if p]
    return ". ".join([head, *body])


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md_escape(value: str) -> str:
    """Backslash-escape Markdown syntax so the excerpt renders as the literal text."""
    return _MD_SPECIAL.sub(r"\\\1", value)


def markdown(src: CitationSource) -> str:
    """A block quote followed by an attribution line with the permalink as an autolink."""
    who = _speakers_line(src)
    credit = [f"**{md_escape(who)}**" if who else None]
    event = _event_line(src)
    credit.append(f"*{md_escape(event)}*" if event else None)
    title = f"“{md_escape(src.title)}”" if src.title else None
    credit.append(_document_line(src, title, md_escape(src.publisher) if src.publisher else None))
    line = " · ".join(c for c in credit if c)
    return f"> {md_escape(src.quoted)}\n>\n> — {line}. <{src.permalink}>"


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_ESCAPES)
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_ESCAPES)) + "]")


def bibtex_escape(value: str) -> str:
    # Most values have nothing to escape: one regex scan, and translate (slow on non-ASCII text) only when needed.
    return value.translate(_BIBTEX_TABLE) if _BIBTEX_SPECIAL.search(value) else value


def cite_key(src: CitationSource) -> str:
    """`voronkov2019a1b2c3`: first credited name's last word, year, and the source key."""
    name = src.speakers[0].name.split()[-1] if src.speakers else (src.publisher or "verbatim").split()[0]
    ascii_name = ascii_spelling(name).lower()
    stem = re.sub(r"[^a-z0-9]", "", ascii_name) or "verbatim"
    year = str(src.published.year) if src.published else "nd"
    return f"{stem}{year}{re.sub(r'[^a-z0-9]', '', src.key.lower())[:24]}"


def bibtex(src: CitationSource) -> str:
    """A biblatex-friendly @misc entry (UTF-8; special characters escaped)."""
    names = [bibtex_escape(c.name) for c in src.speakers]
    authors = " and ".join(n if c.kind == "person" else "{" + n + "}" for n, c in zip(names, src.speakers))
    note = ". ".join(p for p in (src.quoted, _speakers_line(src), _event_line(src), src.locator_words) if p)
    fields: list[tuple[str, str | None]] = [
        ("author", authors or None),
        ("title", bibtex_escape(src.title) if src.title else None),
        ("howpublished", bibtex_escape(src.event) if src.event else None),
        ("publisher", bibtex_escape(src.publisher) if src.publisher else None),
        ("date", src.published.isoformat() if src.published else None),
        ("year", str(src.published.year) if src.published else None),
        ("month", _BIBTEX_MONTHS[src.published.month - 1] if src.published else None),
        ("pages", str(src.page) if src.page else None),
        ("note", bibtex_escape(note)),
        ("url", src.permalink),
    ]
    lines = [f"@misc{{{src.cite_key},"]
    for name, value in fields:
        if value is not None:
            lines.append(f"  {name:<12} = {value if name == 'month' else '{' + value + '}'},")
    return "\n".join(lines) + "\n}"


def _ris_value(value: str) -> str:
    return " ".join(value.split())


def _ris_date(day: date) -> str:
    """`2019/05/17/`: what strftime("%Y/%m/%d/") makes (the year unpadded, as glibc writes it), without strftime."""
    return f"{day.year}/{day.month:02d}/{day.day:02d}/"


def ris(src: CitationSource) -> str:
    """An RIS record (generic type; the speech facts in T2, CY, N1)."""
    rows: list[tuple[str, str | None]] = [("TY", "GEN")]
    rows += [("AU", c.name) for c in src.speakers]
    rows += [
        ("TI", src.title),
        ("T2", src.event),
        ("CY", src.place),
        ("PB", src.publisher),
        ("PY", str(src.published.year) if src.published else None),
        ("DA", _ris_date(src.published) if src.published else None),
        ("M3", src.kind),
        ("SP", str(src.page) if src.page else None),
        ("N1", ". ".join(p for p in (src.quoted, _speakers_line(src), src.locator_words) if p)),
        ("UR", src.permalink),
    ]
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in rows if value]
    return "\n".join([*lines, "ER  - "])


def _date_parts(*days: date | None) -> dict | None:
    parts = [[d.year, d.month, d.day] for d in days if d]
    return {"date-parts": parts} if parts else None


def csl(src: CitationSource) -> dict:
    """A CSL-JSON item of type `speech`: speaker as author, event, place, date, paragraph locator."""
    item: dict = {
        "id": src.cite_key,
        "type": "speech",
        "title": src.title or src.excerpt[:80],
        "author": [{"literal": c.name} for c in src.speakers],
        "event": src.event,
        "event-title": src.event,
        "event-place": src.place,
        "event-date": _date_parts(src.event_start, src.event_end if src.event_end != src.event_start else None),
        "issued": _date_parts(src.published),
        "publisher": src.publisher,
        "genre": src.kind,
        "URL": src.permalink,
        "locator": str(src.page or src.paragraph),
        "label": "page" if src.page else "paragraph",
        "note": " — ".join(p for p in (src.quoted, _speakers_line(src)) if p),
    }
    return {k: v for k, v in item.items() if v not in (None, [])}


def all_formats(src: CitationSource) -> dict:
    """The `citation` object of the API: every format, the selector and the fragment link."""
    return {
        "text": plain_text(src),
        "markdown": markdown(src),
        "bibtex": bibtex(src),
        "ris": ris(src),
        "csl": csl(src),
        "selector": text_quote_selector(src.text, src.start, src.end),
        "fragment_url": text_fragment_url(src.source_url, src.text, src.start, src.end),
    }

