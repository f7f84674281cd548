"""Checksums of an index generation's files: written when it is published, verified when it is opened.

A half-truncated postings file answered `border security` with 0 results instead of 917, a deleted
document text gave empty text, a corrupt catalog gave 500 on every route. Now every file of a
generation is listed in `checksums.json` with its size and SHA-256; `verify_generation` names each
file that is missing, of another size or another content, and `verbatim serve` refuses such a
generation (keeping the last good one), `verbatim verify` reports it on demand.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from indexer.index_format import (
    CHECKSUMS_FILE, COLUMNS_FILE, COLUMNS_V3_FILE, POSTINGS_FILE, POSTINGS_TABLE, VOCABULARY_FILE,
)

# Derived files the search side rebuilds from Whoosh when they are absent (never when they differ)
OPTIONAL = frozenset({COLUMNS_FILE, COLUMNS_V3_FILE, VOCABULARY_FILE, POSTINGS_TABLE})


class IndexDamaged(Exception):
    """A generation whose files do not match its checksums, or that cannot be opened at all."""


def _digest(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS_FILE)


def write_checksums(folder: Path) -> None:
    """checksums.json: {"files": {relative path: [size, sha256]}} for every file of the generation."""
    files = {p.relative_to(folder).as_posix(): [p.stat().st_size, _digest(p)] for p in _files(folder)}
    (folder / CHECKSUMS_FILE).write_text(json.dumps({"algorithm": "sha256", "files": files}), encoding="utf-8")


def verify_generation(folder: Path, contents: bool = True) -> list[str]:
    """What is wrong with a generation's files, one line each (empty: it is whole).

    contents=False checks presence and sizes only (no reading). A generation built before checksums
    were written has nothing to check against: that is said once, as a note, not a problem."""
    try:
        listed = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{CHECKSUMS_FILE}: unreadable ({type(exc).__name__}); the generation cannot be verified"]
    problems = []
    for rel, (size, digest) in sorted(listed.items()):
        path = folder / rel
        try:
            actual = path.stat().st_size
        except OSError:
            if not _optional(rel, folder):
                problems.append(f"{rel}: missing")
            continue
        if actual != size:
            problems.append(f"{rel}: {actual:,} bytes, {size:,} when built (truncated or replaced)")
        elif contents:
            try:
                if _digest(path) != digest:
                    problems.append(f"{rel}: content changed since it was built (checksum differs)")
            except OSError as exc:
                problems.append(f"{rel}: cannot be read ({exc.strerror})")
    return problems


def _optional(rel: str, folder: Path) -> bool:
    """A derived file whose absence the search side handles (postings.bin only without its table)."""
    return rel in OPTIONAL or (rel == POSTINGS_FILE and not (folder / POSTINGS_TABLE).exists())


def has_checksums(folder: Path) -> bool:
    return (folder / CHECKSUMS_FILE).is_file()
