"""Checksums of an index generation's files: written when it is published, verified when it is opened.

A half-truncated postings file answered `border security` with 0 results instead of 917, a deleted
document text gave empty text, a corrupt catalog gave 500 on every route. Now every file of a
generation is listed in `checksums.json` with its size, SHA-256 and modification time;
`verify_generation` names each file that is missing, of another size or another content, and
`verbatim serve` refuses such a generation (keeping the last good one; it reads only the files whose
size or time changed since the build), `verbatim verify` reads every file and reports it on demand.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from indexer.index_format import (
    CHECKSUMS_FILE, COLUMNS_FILE, COLUMNS_V3_FILE, NORMS_FILE, POSTINGS_FILE, POSTINGS_TABLE, POSTINGS_TERMS,
    VOCABULARY_FILE,
)

# Derived files the search side rebuilds from Whoosh when they are absent (never when they differ)
OPTIONAL = frozenset({COLUMNS_FILE, COLUMNS_V3_FILE, VOCABULARY_FILE, POSTINGS_TABLE})


class IndexDamaged(Exception):
    """A generation whose files do not match its checksums, or that cannot be opened at all."""


def _digest(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != CHECKSUMS_FILE)


def write_checksums(folder: Path) -> None:
    """checksums.json: {"files": {relative path: [size, sha256, modified ns]}} for every file of the generation."""
    files = {}
    for p in _files(folder):
        stat = p.stat()
        files[p.relative_to(folder).as_posix()] = [stat.st_size, _digest(p), stat.st_mtime_ns]
    (folder / CHECKSUMS_FILE).write_text(json.dumps({"algorithm": "sha256", "files": files}), encoding="utf-8")


def verify_generation(folder: Path, contents: bool = True, trust_unchanged: bool = False) -> list[str]:
    """What is wrong with a generation's files, one line each (empty: it is whole).

    contents=False checks presence and sizes only (no reading). trust_unchanged: a file with the size
    and modification time it had when built is not read (opening a 1M-passage generation would
    otherwise hash gigabytes: any write through the file system changes the time, while a copy
    that keeps times keeps content; `verbatim verify` still reads every byte). A generation built
    before checksums were written has nothing to check against: that is said once, as a note, not
    a problem."""
    try:
        listed = json.loads((folder / CHECKSUMS_FILE).read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [f"{CHECKSUMS_FILE}: unreadable ({type(exc).__name__}); the generation cannot be verified"]
    problems = []
    root = str(folder)
    for rel, (size, digest, *built) in sorted(listed.items()):
        path = os.path.join(root, rel)  # not pathlib: a 1M generation lists 50,000 files
        try:
            stat = os.stat(path)
        except OSError:
            if not _optional(rel, folder):
                problems.append(f"{rel}: missing")
            continue
        if stat.st_size != size:
            problems.append(f"{rel}: {stat.st_size:,} bytes, {size:,} when built (truncated or replaced)")
        elif contents and not (trust_unchanged and built and built[0] == stat.st_mtime_ns):
            try:
                if _digest(path) != digest:
                    problems.append(f"{rel}: content changed since it was built (checksum differs)")
            except OSError as exc:
                problems.append(f"{rel}: cannot be read ({exc.strerror})")
    return problems


def _optional(rel: str, folder: Path) -> bool:
    """A derived file whose absence the search side handles (the flat postings only without their table)."""
    flat = (POSTINGS_FILE, POSTINGS_TERMS, NORMS_FILE)
    return rel in OPTIONAL or (rel in flat and not (folder / POSTINGS_TABLE).exists())


def has_checksums(folder: Path) -> bool:
    return (folder / CHECKSUMS_FILE).is_file()
