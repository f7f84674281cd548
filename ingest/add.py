"""`add` composed: sources (files, folders, URLs) → bytes → format → extraction → corpus file.

Each source succeeds or fails on its own: a bad one becomes one IngestError line and the others go on.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from indexer.corpus import CorpusError, decode, split_front_matter
from indexer.dates import parse_date
from ingest.fetch import Limits, fetch
from ingest.models import Block, Extracted, IngestError, Raw
from ingest.pdf import extract_pdf
from ingest.sniff import SUFFIXES, sniff
from ingest.store import Stored, known_documents, store, unchanged
from ingest.webpage import extract_html
from ingest.word import extract_docx


@dataclass(frozen=True)
class Report:
    stored: tuple[Stored, ...]
    errors: tuple[IngestError, ...]


def _text(raw: Raw, markdown: bool) -> Extracted:
    try:
        text = decode(raw.data, raw.name)
    except CorpusError as exc:
        raise IngestError(raw.name, exc.message) from exc
    front: dict = {}
    if markdown:
        try:
            front, offset = split_front_matter(text, raw.name)
        except CorpusError as exc:
            raise IngestError(raw.name, exc.message) from exc
        text = text[offset:].lstrip("\n")
    if not text.strip():
        raise IngestError(raw.name, "no text")
    def given(key: str) -> str | None:
        return str(front[key]) if front.get(key) else None

    published = front.get("published")
    keep = tuple((k, v) for k, v in front.items() if k not in ("id", "title", "published", "publisher", "language"))
    return Extracted(
        format="md" if markdown else "txt", blocks=(Block(text.rstrip()),),
        title=given("title"), publisher=given("publisher"), language=given("language"),
        published=published if isinstance(published, date) else parse_date(str(published or "")),
        source_url=given("source_url") or raw.url, front_matter=keep,
    )


EXTRACTORS = {
    "html": extract_html,
    "pdf": extract_pdf,
    "docx": extract_docx,
    "txt": lambda raw: _text(raw, markdown=False),
    "md": lambda raw: _text(raw, markdown=True),
}


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand(sources: list[str]) -> Iterator[str | IngestError]:
    """URLs and files as given; a folder becomes the files in it that `add` reads (hidden ones skipped)."""
    for source in sources:
        path = Path(source)
        if is_url(source):
            yield source
        elif path.is_dir():
            found = [
                p for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not found:
                yield IngestError(source, f"folder has no {', '.join(SUFFIXES)} files")
            yield from (str(p) for p in found)
        elif path.is_file():
            yield source
        else:
            yield IngestError(source, "no such file, folder or http(s) URL")


def load(source: str, limits: Limits, robots: dict) -> Raw:
    """A source's bytes: fetched for a URL (the only network access), read for a file."""
    if is_url(source):
        return fetch(source, limits, robots)
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise IngestError(source, f"over the size limit: {size:,} bytes (at most {limits.max_bytes:,})")
        return Raw(source, path.read_bytes())
    except OSError as exc:
        raise IngestError(source, f"cannot be read: {exc.strerror or exc}") from exc


def add_one(source: str, corpus_dir: Path, known: dict, limits: Limits, robots: dict, extra: dict) -> Stored:
    raw = load(source, limits, robots)
    same = unchanged(raw, known)
    if same:
        return Stored(source, same.id, same.path, "unchanged", 0, 0)
    extracted = EXTRACTORS[sniff(raw.data, raw.url or raw.name, raw.content_type)](raw)
    return store(corpus_dir, raw, extracted, known, extra)


def add_sources(sources: list[str], corpus_dir: Path, *, limits: Limits = Limits(), extra: dict | None = None) -> Report:
    """Add every source to the corpus folder; returns what was stored and what could not be."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    known, robots = known_documents(corpus_dir), {}
    stored, errors = [], []
    for source in expand(sources):
        if isinstance(source, IngestError):
            errors.append(source)
            continue
        try:
            stored.append(add_one(source, corpus_dir, known, limits, robots, extra or {}))
        except IngestError as exc:
            errors.append(exc)
    return Report(tuple(stored), tuple(errors))
