"""The index's on-disk format: folder and file names, the CURRENT pointer, the facet columns and
flat postings encodings, and the vocabulary's word pattern.

Written by the writer (`writer.py`) and the writer processes (`writer_pool.py`), read by the search
side. A leaf module: it imports nothing of the project, so none of them imports another for it.

    INDEX/CURRENT                     name of the generation being served (replaced atomically)
    INDEX/generations/<name>/
        whoosh/                       the Whoosh index (separate segment files, not compound)
        texts/<document id>.txt       each document's text, for citations and document pages
        catalog.json, manifest.json   what was indexed, and from which inputs
        columns.bin                   facet columns per passage, in Whoosh document order (columns_file.py)
        postings.bin, postings.json   every searched field's postings as flat arrays, and what they hold
        postings-terms.bin, norms.bin the sorted term table of postings.bin; each field's length bytes
                                      (the flat postings' encoding is in index_flat.py)
        vocabulary.json               surface words and counts, for "did you mean"
        checksums.json                size and SHA-256 of every file above, verified when opened
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import NamedTuple

CURRENT = "CURRENT"
GENERATIONS = "generations"
WHOOSH_DIR = "whoosh"
TEXTS_DIR = "texts"
MANIFEST_FILE = "manifest.json"
COLUMNS_FILE = "columns.bin"  # layout: indexer/columns_file.py
COLUMNS_V3_FILE = "columns.json"  # generations written before version 4: read into rows, see search/columns.py
COLUMNS_VERSION = 4  # 3: the passage-role columns (said, reported, spoke, mentioned); 4: binary, memory-mapped
VOCABULARY_FILE = "vocabulary.json"
CHECKSUMS_FILE = "checksums.json"  # size and SHA-256 of every other file (indexer/integrity.py)
POSTINGS_FILE, POSTINGS_TABLE = "postings.bin", "postings.json"
POSTINGS_TERMS, NORMS_FILE = "postings-terms.bin", "norms.bin"
POSTINGS_VERSION = 2  # 2: every searched field (keys field NUL term), a sorted binary term table, norms
TERMS_SUFFIX = ".terms"  # a writer's part of the flat postings has its term table beside it
NOT_FLAT = ("id", "document_id")  # indexed fields whose postings are not flat: never searched by term
COLUMN_FIELDS = ("id", "document_id", "speaker_id", "event_id", "theme_id", "organization_id", "year",
                 "said_id", "reported_id", "spoke_id", "mentioned_id")
FACET_COLUMNS = (("speaker", "speaker_id"), ("event", "event_id"), ("theme", "theme_id"),
                 ("organization", "organization_id"), ("year", "year"),
                 ("said", "said_id"), ("reported", "reported_id"), ("spoke", "spoke_id"),
                 ("mentioned", "mentioned_id"))  # facet name, ColumnRow field
WORD_PATTERN = re.compile(r"[^\W\d_]{3,}")  # vocabulary words


def current_generation(index_dir: Path) -> Path | None:
    """Folder of the generation INDEX/CURRENT names, or None when there is none yet."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    folder = index_dir / GENERATIONS / name
    return folder if name and folder.is_dir() else None


class ColumnRow(NamedTuple):
    """One passage's facet columns (ids as stored, comma-separated), as the writer collects them."""

    id: str
    document_id: str
    speaker_id: str
    event_id: str
    theme_id: str
    organization_id: str
    year: str
    said_id: str  # speakers by passage role (models.PASSAGE_ROLES)
    reported_id: str
    spoke_id: str
    mentioned_id: str
    has_quote: bool
    published: int
    quote_speakers: tuple[str, ...]  # one entry per quotation, "" when its speaker is unknown
    text_key: object  # equal for passages of the same text (whitespace aside)


_NO_QUOTES = '{"quotes": [], '  # how passage_fields' annotations start when there is no quotation


def column_row(fields: dict) -> ColumnRow:
    """The row of one passage's Whoosh fields. Repeated values are interned: a million rows are held
    until the columns file is written."""
    notes = fields["annotations"]
    quotes = () if notes.startswith(_NO_QUOTES) else json.loads(notes).get("quotes", ())
    text_key = hashlib.blake2b(" ".join(fields["text"].split()).encode("utf-8"), digest_size=8).digest()
    return ColumnRow(
        fields["id"],
        *(sys.intern(fields.get(name) or "") for name in COLUMN_FIELDS[1:]),
        bool(fields["has_quote"]),
        fields["published"],
        tuple(sys.intern(q[1] or "") for q in quotes),
        text_key,
    )


def document_runs(rows: list[ColumnRow]) -> list[list]:
    """[document id, consecutive passages] for each run of one document's passages."""
    runs: list[list] = []
    for row in rows:
        if runs and runs[-1][0] == row.document_id:
            runs[-1][1] += 1
        else:
            runs.append([row.document_id, 1])
    return runs


def same_text_groups(rows: list[ColumnRow]) -> list[list[int]]:
    """Passages whose text is the same (whitespace aside), in groups that span two documents or more
    (a text repeated inside one document only appears nowhere else: no group)."""
    groups: dict[object, list[int]] = {}
    for d, row in enumerate(rows):
        groups.setdefault(row.text_key, []).append(d)
    return [g for g in groups.values() if len(g) > 1 and any(rows[o].document_id != rows[g[0]].document_id for o in g)]
