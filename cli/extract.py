"""`verbatim extract`: print the quotations, reported speech and appearances found in any .txt/.md file.

Runs the same `indexer.attribution.extract` the index build runs, with no metadata at all.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from cli.errors import fail
from indexer.attribution import extract, find_appearances
from indexer.corpus import CorpusError, decode, split_front_matter
from indexer.models import Attribution


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `verbatim extract` to the command line."""
    parser = subparsers.add_parser(
        "extract",
        help="print quotations and reported speech found in files",
        description="Find direct quotations and reported speech, and who said them, in text files.\n"
        "Offsets are into the file; Markdown front matter is skipped (block 0 is the first block after it).\n\n"
        "Example:\n  verbatim extract corpus/*.txt --format jsonl > attributions.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".txt or .md files")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format (default text)")
    parser.set_defaults(func=run)


def attributions_of(path: Path) -> Iterator[tuple[Attribution, int]]:
    """Each attribution of one file with the offset of the body in the file (after front matter and any BOM)."""
    raw = path.read_bytes()
    text = decode(raw, str(path))
    offset = 0
    if path.suffix.lower() in (".md", ".markdown"):
        _, offset = split_front_matter(text, str(path))
    shift = offset + (1 if raw.startswith(b"\xef\xbb\xbf") else 0)  # a byte-order mark is a character of the file
    body = text[offset:]
    found = extract(body)
    for att in found:
        yield att, shift
    for att in find_appearances(body, found):  # kind "spoke": spoke at the event, no words given
        yield att, shift


def record(file: str, att: Attribution, offset: int) -> dict:
    """The JSON shape of issue 3: one object per attribution, offsets into the file."""
    return {
        "file": file,
        "block": att.block,
        "kind": att.kind,
        "text": att.text,
        "speaker": att.speaker,
        "role": att.role,
        "organization": att.organization,
        "cue": att.cue,
        "start": att.start + offset,
        "end": att.end + offset,
    }


def _human(rec: dict) -> str:
    who = rec["speaker"] or "(nobody named)"
    if rec["role"]:
        who += f", {rec['role']}"
    what = f"“{rec['text']}”" if rec["kind"] == "direct" else f"[{rec['kind']}, {rec['cue']}]"
    return f"{rec['file']}:{rec['block']}: {who}: {what}"


def run(args: argparse.Namespace) -> int:
    """Print every file's attributions; a file that cannot be read is reported and skipped."""
    status = 0
    for path in args.files:
        try:
            found = list(attributions_of(path))
        except OSError as exc:
            status = fail(f"{path}: {exc.strerror or exc}")
            continue
        except CorpusError as exc:
            status = fail(str(exc))
            continue
        for att, offset in found:
            rec = record(str(path), att, offset)
            print(json.dumps(rec, ensure_ascii=False) if args.format == "jsonl" else _human(rec))
    sys.stdout.flush()
    return status
