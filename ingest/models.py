"""Records passed between the ingest stages, and the one error they raise."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Format = Literal["html", "pdf", "docx", "txt", "md"]


class IngestError(Exception):
    """A source that cannot become a document; the message is one precise line naming it."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


@dataclass(frozen=True)
class Raw:
    """A source's original bytes and where they came from."""

    name: str  # the source as the user gave it (a path or a URL)
    data: bytes
    url: str | None = None  # the address the bytes were finally read from (after redirects)
    content_type: str | None = None  # as the server declared it, parameters included
    retrieved: date | None = None  # for URLs


@dataclass(frozen=True)
class Block:
    """One paragraph or heading of the extracted text, exactly as published, and its page (PDFs)."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class Extracted:
    """What a format's extractor found: the text blocks and the source's own metadata."""

    format: Format
    blocks: tuple[Block, ...]
    title: str | None = None
    published: date | None = None
    publisher: str | None = None
    source_url: str | None = None
    language: str | None = None
    front_matter: tuple[tuple[str, object], ...] = ()  # a Markdown source's own front matter
