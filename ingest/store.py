"""Write stage: an extracted source becomes one corpus Markdown file, its original bytes kept beside.

The id is publisher-date-slug (readable, stable: a source added again keeps the id it was given).
A source is known again by where it came from (`added_from`: the URL or the file's absolute path) or,
failing that, by the SHA-256 of its bytes; a changed source replaces its document in place.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import yaml

from indexer.corpus import CorpusError, slugify, split_front_matter
from ingest.models import Extracted, Raw

Outcome = Literal["added", "replaced", "unchanged"]
ORIGINALS_SUFFIX = "-originals"
_ID_WORDS = 8


@dataclass(frozen=True)
class Known:
    path: Path
    id: str
    sha256: str | None


@dataclass(frozen=True)
class Stored:
    source: str
    id: str
    path: Path
    outcome: Outcome
    paragraphs: int
    pages: int


def originals_dir(corpus_dir: Path) -> Path:
    """The one folder beside the corpus that keeps every added source's original bytes."""
    return corpus_dir.parent / f"{corpus_dir.name}{ORIGINALS_SUFFIX}"


_MINOR = {"of", "the", "for", "in", "on", "and", "a", "an", "to", "at", "by"}


def publisher_slug(publisher: str) -> str:
    """A short readable name: a leading acronym ("OSCE Programme Office" → "osce"), else three words."""
    first = publisher.split()[0] if publisher.split() else ""
    if len(first) >= 2 and first.isalpha() and first.isupper():
        return slugify(first)
    words = [w for w in slugify(publisher).split("-") if w not in _MINOR]
    return "-".join(words[:3])


def document_id(extracted: Extracted, fallback: str, publisher: str | None = None) -> str:
    """publisher-date-slug, each part only when known: `osce-2019-05-21-osce-supports-high-level-event`."""
    parts = []
    if publisher or extracted.publisher:
        parts.append(publisher_slug(publisher or extracted.publisher))
    if extracted.published:
        parts.append(extracted.published.isoformat())
    parts.append("-".join(slugify(extracted.title or fallback).split("-")[:_ID_WORDS]))
    return "-".join(part for part in parts if part)[:120].strip("-") or "document"


def known_documents(corpus_dir: Path) -> dict[str, Known]:
    """Documents an earlier `add` wrote, by `added_from` and by `sha256:` of their original."""
    found: dict[str, Known] = {}
    for path in sorted(corpus_dir.glob("*.md")):
        try:
            text = path.read_text(encoding="utf-8")
            front, _ = split_front_matter(text, path.name)
        except (OSError, UnicodeDecodeError, CorpusError):
            continue
        if "added_from" not in front or "id" not in front:
            continue
        entry = Known(path, str(front["id"]), str(front.get("sha256") or "") or None)
        found[str(front["added_from"])] = entry
        if entry.sha256:
            found.setdefault("sha256:" + entry.sha256, entry)
    return found


def _body(extracted: Extracted) -> str:
    lines, page = [], None
    for block in extracted.blocks:
        if block.page is not None and block.page != page:
            page = block.page
            lines.append(f"<!-- page {page} -->")
        lines.append(block.text)
    return "\n\n".join(lines) + "\n"


def render(extracted: Extracted, raw: Raw, doc_id: str, sha256: str, extra: dict) -> str:
    """The Markdown file: YAML front matter (metadata and provenance), then the text as published."""
    front = {
        "id": doc_id,
        "title": extracted.title,
        "publisher": extra.get("publisher") or extracted.publisher,
        "published": extracted.published,
        "source_url": extracted.source_url,
        "language": extracted.language or "en",
        "kind": extra.get("kind"),
        "format": extracted.format,
        "retrieved": raw.retrieved,
        "sha256": sha256,
        "added_from": _added_from(raw),
    }
    front.update({k: v for k, v in extracted.front_matter if k not in front or front[k] is None})
    front = {k: v for k, v in front.items() if v is not None}
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)
    return f"---\n{head}---\n{_body(extracted)}"


def _added_from(raw: Raw) -> str:
    return raw.name if raw.retrieved is not None else str(Path(raw.name).resolve())


def _suffix(extracted: Extracted) -> str:
    return {"html": ".html", "pdf": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md"}[extracted.format]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _previous(raw: Raw, known: dict[str, Known]) -> tuple[str, Known | None]:
    """The SHA-256 of the source's bytes and the document an earlier `add` made from it (by origin, else bytes)."""
    sha256 = hashlib.sha256(raw.data).hexdigest()
    return sha256, known.get(_added_from(raw)) or known.get("sha256:" + sha256)


def unchanged(raw: Raw, known: dict[str, Known]) -> Known | None:
    """The document already made from these very bytes, if any (then nothing needs extracting)."""
    sha256, previous = _previous(raw, known)
    return previous if previous and previous.sha256 == sha256 else None


def store(corpus_dir: Path, raw: Raw, extracted: Extracted, known: dict[str, Known], extra: dict | None = None) -> Stored:
    """Write (or replace) the document of one source; `known` is updated for the sources that follow."""
    sha256, previous = _previous(raw, known)
    pages = len({block.page for block in extracted.blocks if block.page is not None})
    if previous:
        doc_id, path = previous.id, previous.path
    else:
        wanted = document_id(extracted, Path(urlpath(raw.name)).stem, (extra or {}).get("publisher"))
        doc_id = _free_id(corpus_dir, wanted, known)
        path = corpus_dir / f"{doc_id}.md"
    _write(originals_dir(corpus_dir) / f"{doc_id}{_suffix(extracted)}", raw.data)
    _write(path, render(extracted, raw, doc_id, sha256, extra or {}).encode("utf-8"))
    entry = Known(path, doc_id, sha256)
    known[_added_from(raw)] = known["sha256:" + sha256] = entry
    return Stored(raw.name, doc_id, path, "replaced" if previous else "added", len(extracted.blocks), pages)


def urlpath(name: str) -> str:
    """The path part of a URL (or the name itself), for a fallback slug."""
    return re.sub(r"^[a-z]+://[^/]*", "", name).rstrip("/") or "document"


def _free_id(corpus_dir: Path, wanted: str, known: dict[str, Known]) -> str:
    taken = {entry.id for entry in known.values()}
    candidate, n = wanted, 1
    while candidate in taken or any(corpus_dir.glob(f"{candidate}.*")):
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
