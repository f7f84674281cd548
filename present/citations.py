"""Citations people can paste: one excerpt with its provenance in five formats, signed by who wrote it.

The one rule: quotation marks around words and a person's name as author only where the source puts
those words in that person's mouth. A `CitationSource` signed by a speaker is a direct quotation
(the speaker as author, a CSL `speech`); every other excerpt — narration, reported speech, a whole
passage — is the publisher's text (the publisher as author, a CSL `article`), which may say whose
remarks it reports but never signs with their name. Between the outer quotation marks stand exactly
the source's characters: inner quotation marks, no-break spaces and punctuation as they are, nothing
added inside and nothing doubled after. Pure functions; the presenter decides who signs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from indexer.corpus import ascii_spelling
from present.anchors import text_fragment_url, text_quote_selector

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SignedBy = Literal["speaker", "publisher"]
_PARTICLES = frozenset("de da del della der den di du van von bin ibn al el la le dos das ter".split())


@dataclass(frozen=True)
class Credit:
    """A speaker as credited in a citation (role as of the document's date)."""

    name: str
    role: str | None = None
    organization: str | None = None
    kind: str = "person"

    def line(self) -> str:
        """`Name, Role, Organization` (the organization left out when it is the speaker or in the role)."""
        org = self.organization
        if org and (org == self.name or (self.role and org in self.role)):
            org = None
        return ", ".join(x for x in (self.name, self.role, org) if x)

    def family_given(self) -> tuple[str, str]:
        """('Voronkov', 'Vladimir'), ('van der Berg', 'Anna'): the last name with its particles."""
        words = self.name.split()
        k = len(words) - 1
        while k > 1 and words[k - 1].lower() in _PARTICLES:
            k -= 1
        return " ".join(words[k:]), " ".join(words[:k])


@dataclass(frozen=True)
class CitationSource:
    """Everything a citation says; `text[start:end]` is the excerpt in the document text.

    signed_by "speaker": `speaker` said exactly these words (a direct quotation). "publisher": the
    publisher's text; `reports` names whose remarks it reports, if any.
    """

    key: str  # a stable identifier (passage id, plus offsets for a selection)
    text: str  # the whole document text, for the selector and the fragment link
    start: int
    end: int
    permalink: str
    paragraph: int  # 1-based, as readers count
    signed_by: SignedBy = "publisher"
    speaker: Credit | None = None
    reports: tuple[str, ...] = ()
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
        """"page 3, paragraph 12" for a paged source, else "paragraph 12"."""
        return (f"page {self.page}, " if self.page else "") + f"paragraph {self.paragraph}"

    @cached_property
    def excerpt(self) -> str:
        """The source's characters, exactly."""
        return self.text[self.start : self.end]

    @cached_property
    def quoted(self) -> str:
        return f"“{self.excerpt}”"

    @cached_property
    def author(self) -> str | None:
        """Who signs: the speaker of a quotation, else the publisher."""
        return self.speaker.line() if self.signed_by == "speaker" and self.speaker else self.publisher

    @cached_property
    def event_line(self) -> str | None:
        parts = [self.event, self.place, format_span(self.event_start, self.event_end)]
        return ", ".join(p for p in parts if p) if self.event else None

    @cached_property
    def reports_line(self) -> str | None:
        return f"reports remarks by {_and(self.reports)}" if self.reports else None

    @cached_property
    def published_text(self) -> str | None:
        return format_date(self.published)

    @cached_property
    def cite_key(self) -> str:
        return cite_key(self)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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


def _document_line(src: CitationSource, title: str | None, publisher: str | None) -> str:
    return ", ".join(p for p in (publisher, title, src.published_text, src.locator) if p)


def plain_text(src: CitationSource) -> str:
    """Speaker: “Excerpt” — Speaker, Role, Organization; Event, Place, Dates; Publisher, “Title”, Date, para. N; URL
    Publisher: “Excerpt” (Publisher, “Title”, Date, para. N; reports remarks by X; Event, Place, Dates) URL"""
    title = f"“{src.title}”" if src.title else None
    document = _document_line(src, title, src.publisher)
    if src.signed_by == "speaker" and src.speaker:
        return "; ".join(p for p in (f"{src.quoted} — {src.speaker.line()}", src.event_line, document, src.permalink) if p)
    about = "; ".join(p for p in (document, src.reports_line, src.event_line) if p)
    return f"{src.quoted} ({about}) {src.permalink}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~])")


def md_escape(value: str) -> str:
    """Backslash-escape Markdown syntax so the excerpt renders as the literal text."""
    return _MD_SPECIAL.sub(r"\\\1", value)


def markdown(src: CitationSource) -> str:
    """A block quote, then who signs it (bold) and the provenance, with the permalink as an autolink."""
    title = f"“{md_escape(src.title)}”" if src.title else None
    credit = [f"**{md_escape(src.author)}**" if src.author else None]
    if src.signed_by == "publisher":
        credit.append(md_escape(src.reports_line) if src.reports_line else None)
    credit.append(f"*{md_escape(src.event_line)}*" if src.event_line else None)
    publisher = src.publisher if src.signed_by == "speaker" else None  # a publisher signing is not named twice
    credit.append(_document_line(src, title, md_escape(publisher) if publisher else None))
    line = " · ".join(c for c in credit if c)
    return f"> {md_escape(src.quoted)}\n>\n> — {line} <{src.permalink}>"


_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_TABLE = str.maketrans(_BIBTEX_ESCAPES)
_BIBTEX_SPECIAL = re.compile("[" + re.escape("".join(_BIBTEX_ESCAPES)) + "]")
_CAPITALISED = re.compile(r"(?<![\w{])(\S*[A-Z]\S*)")


def bibtex_escape(value: str) -> str:
    # Most values have nothing to escape: one regex scan, and translate (slow on non-ASCII text) only when needed.
    return value.translate(_BIBTEX_TABLE) if _BIBTEX_SPECIAL.search(value) else value


def bibtex_title(value: str) -> str:
    """A title with each word holding a capital braced, so styles that lowercase titles keep `{OSCE}`."""
    return _CAPITALISED.sub(lambda m: "{" + m.group(1) + "}", bibtex_escape(value))


def bibtex_author(src: CitationSource) -> str | None:
    """`Family, Given` for a person; a body, braced whole, so it is never split into names."""
    if src.signed_by == "speaker" and src.speaker:
        if src.speaker.kind == "person" and len(src.speaker.name.split()) > 1:
            return ", ".join(bibtex_escape(p) for p in src.speaker.family_given())
        return "{" + bibtex_escape(src.speaker.name) + "}"
    return "{" + bibtex_escape(src.publisher) + "}" if src.publisher else None


_NOT_KEY = re.compile(r"[^a-z0-9]")


def cite_key(src: CitationSource) -> str:
    """`voronkov2019a1b2c3`: the signer's last word (speaker) or first word (publisher), year, source key."""
    if src.signed_by == "speaker" and src.speaker:
        name = src.speaker.name.split()[-1]
    else:
        name = (src.publisher or "verbatim").split()[0]
    stem = _NOT_KEY.sub("", ascii_spelling(name).lower()) or "verbatim"
    year = str(src.published.year) if src.published else "nd"
    return f"{stem}{year}{_NOT_KEY.sub('', src.key.lower())[:24]}"


def bibtex(src: CitationSource) -> str:
    """A biblatex-friendly @misc entry (UTF-8; special characters escaped; the excerpt in the note)."""
    speech = src.signed_by == "speaker"
    note = " ".join(p for p in (src.quoted, f"({src.reports_line})" if src.reports_line and not speech else None) if p)
    fields: list[tuple[str, str | None]] = [
        ("author", bibtex_author(src)),
        ("title", bibtex_title(src.title) if src.title else None),
        ("howpublished", bibtex_escape(src.event_line) if speech and src.event_line else None),
        ("publisher", bibtex_escape(src.publisher) if src.publisher else None),
        ("date", src.published.isoformat() if src.published else None),
        ("year", str(src.published.year) if src.published else None),
        ("month", _BIBTEX_MONTHS[src.published.month - 1] if src.published else None),
        ("pages", str(src.page) if src.page else None),
        ("note", bibtex_escape(f"{note} ({src.locator_words})")),
        ("url", src.permalink),
    ]
    lines = [f"@misc{{{src.cite_key},"]
    for name, value in fields:
        if value is not None:
            lines.append(f"  {name:<12} = {value if name == 'month' else '{' + value + '}'},")
    return "\n".join(lines) + "\n}"


_LINE_BREAKS = re.compile(r"[\r\n]+")


def _ris_value(value: str) -> str:
    """One line: line breaks become spaces, every other character (a no-break space too) is kept."""
    return _LINE_BREAKS.sub(" ", value) if "\n" in value or "\r" in value else value


def _ris_date(day: date) -> str:
    """`2019/05/17/`: what strftime("%Y/%m/%d/") makes (the year unpadded, as glibc writes it), without strftime."""
    return f"{day.year}/{day.month:02d}/{day.day:02d}/"


def ris(src: CitationSource) -> str:
    """An RIS record: a speech (GEN, the speaker as AU `Family, Given`) or the publisher's text (GEN,
    the publisher as AU); the excerpt in N1."""
    speech = src.signed_by == "speaker" and src.speaker is not None
    author = None
    if speech and src.speaker:
        family, given = src.speaker.family_given()
        author = f"{family}, {given}" if src.speaker.kind == "person" and given else src.speaker.name
    elif src.publisher:
        author = src.publisher
    note = src.quoted + (f" ({src.reports_line})" if src.reports_line and not speech else "")
    rows: list[tuple[str, str | None]] = [
        ("TY", "GEN"),
        ("AU", author),
        ("TI", src.title),
        ("T2", src.event),
        ("CY", src.place),
        ("PB", src.publisher),
        ("PY", str(src.published.year) if src.published else None),
        ("DA", _ris_date(src.published) if src.published else None),
        ("M3", "Speech" if speech else src.kind),
        ("SP", str(src.page) if src.page else None),
        ("N1", f"{note} ({src.locator_words})"),
        ("UR", src.permalink),
    ]
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in rows if value]
    return "\n".join([*lines, "ER  - "])


def _date_parts(*days: date | None) -> dict | None:
    parts = [[d.year, d.month, d.day] for d in days if d]
    return {"date-parts": parts} if parts else None


def _csl_name(credit: Credit) -> dict:
    if credit.kind != "person" or len(credit.name.split()) < 2:
        return {"literal": credit.name}
    family, given = credit.family_given()
    return {"family": family, "given": given}


def csl(src: CitationSource) -> dict:
    """A CSL-JSON item: a `speech` by its speaker, or an `article` by the publisher (an institutional
    `literal` author). The paragraph is not an item field: see `csl_cite`."""
    speech = src.signed_by == "speaker" and src.speaker is not None
    author = [_csl_name(src.speaker)] if speech and src.speaker else (
        [{"literal": src.publisher}] if src.publisher else [])
    item: dict = {
        "id": src.cite_key,
        "type": "speech" if speech else "article",
        "title": src.title or src.excerpt[:80],
        "author": author,
        "event-title": src.event if speech else None,
        "event-place": src.place if speech else None,
        "event-date": _date_parts(src.event_start, src.event_end if src.event_end != src.event_start else None)
        if speech else None,
        "issued": _date_parts(src.published),
        "publisher": src.publisher,
        "genre": None if speech else src.kind,
        "URL": src.permalink,
        "note": " ".join(p for p in (src.quoted, f"({src.reports_line})" if src.reports_line and not speech else None) if p),
    }
    return {k: v for k, v in item.items() if v not in (None, [])}


def csl_cite(src: CitationSource) -> dict:
    """The CSL citation item that points into the reference: its page (a paged source) or paragraph as locator."""
    if src.page:
        return {"id": src.cite_key, "locator": str(src.page), "label": "page"}
    return {"id": src.cite_key, "locator": str(src.paragraph), "label": "paragraph"}


def all_formats(src: CitationSource) -> dict:
    """The `citation` object of the API: who signs, every format, the selector and the fragment link."""
    return {
        "signed_by": src.signed_by,
        "text": plain_text(src),
        "markdown": markdown(src),
        "bibtex": bibtex(src),
        "ris": ris(src),
        "csl": csl(src),
        "csl_cite": csl_cite(src),
        "selector": text_quote_selector(src.text, src.start, src.end),
        "fragment_url": text_fragment_url(src.source_url, src.text, src.start, src.end),
    }

