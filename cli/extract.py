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
from indexer.corpus import CorpusError, decode, infer_title, split_front_matter
from indexer.dates import parse_date
from indexer.infer import cluster, document_people, infer_document
from indexer.infer.records import DocumentFacts
from indexer.metadata import MetadataError, load_registry
from indexer.models import Attribution, Event
from indexer.paths import default_path


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
    parser.add_argument("--metadata", type=Path, default=None,
                        help="registry folder whose events.yaml events are linked to (default: VERBATIM_METADATA, "
                        "then the bundled metadata/); jsonl prints one document line per file after its quotations")
    parser.set_defaults(func=run)


def _body(path: Path) -> tuple[str, dict, int]:
    """The file's body, its front matter and the offset of the body in the file (after front matter and any BOM)."""
    raw = path.read_bytes()
    text = decode(raw, str(path))
    front, offset = {}, 0
    if path.suffix.lower() in (".md", ".markdown"):
        front, offset = split_front_matter(text, str(path))
    return text[offset:], front, offset + (1 if raw.startswith(b"\xef\xbb\xbf") else 0)


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
    """The JSON shape of `verbatim extract --format jsonl`: one object per attribution, offsets into the file."""
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


def _registry_events(folder: Path | None) -> tuple[Event, ...]:
    """Events of the registry to link to; a registry that does not validate is named and left out."""
    folder = folder or default_path("metadata")
    if not (folder / "events.yaml").is_file():
        return ()
    try:
        return load_registry(folder).events
    except MetadataError as exc:
        print(f"verbatim extract: events not linked to the registry: {exc}", file=sys.stderr)
        return ()


def document_record(file: str, body: str, front: dict, facts: DocumentFacts, event_id: str | None,
                    events: dict[str, Event], records: list[Attribution]) -> dict:
    """The "document" line: what the text says of itself, front matter winning where it has a value."""
    speakers, appearances = document_people(records, body)
    published = front.get("published")
    published = published if hasattr(published, "isoformat") else parse_date(str(published)) if published else None
    event = None
    if front.get("event"):
        known = events.get(str(front["event"]))
        event = {"id": str(front["event"]), "name": known.name if known else None,
                 "city": known.city if known else None, "country": known.country if known else None,
                 "start": known.start.isoformat() if known and known.start else None,
                 "end": known.end.isoformat() if known and known.end else None}
    elif facts.event is not None:
        e, known = facts.event, events.get(event_id or "")
        event = {"id": event_id, "name": known.name if known else e.name,
                 "city": e.city, "country": e.country,
                 "start": e.start.isoformat() if e.start else None, "end": e.end.isoformat() if e.end else None}
    published = published or facts.published
    return {
        "kind": "document",
        "file": file,
        "title": str(front["title"]) if front.get("title") else infer_title(body, file.lower().endswith((".md", ".markdown"))),
        "published": published.isoformat() if published else None,
        "publisher": str(front["publisher"]) if front.get("publisher") else facts.publisher,
        "event": event,
        "speakers": [{"name": p.name, "role": p.role, "organization": p.organization} for p in speakers],
        "appearances": [{"name": p.name, "role": p.role, "organization": p.organization} for p in appearances],
    }


def _human(rec: dict) -> str:
    who = rec["speaker"] or "(nobody named)"
    if rec["role"]:
        who += f", {rec['role']}"
    what = f"“{rec['text']}”" if rec["kind"] == "direct" else f"[{rec['kind']}, {rec['cue']}]"
    return f"{rec['file']}:{rec['block']}: {who}: {what}"


def _human_document(rec: dict) -> str:
    event = rec["event"] or {}
    where = ", ".join(x for x in (event.get("city"), event.get("country")) if x)
    return (f"{rec['file']}: published {rec['published'] or '?'}, publisher {rec['publisher'] or '?'}; "
            f"event {event.get('id') or '-'}: {event.get('name') or '?'} ({where or '?'}, "
            f"{event.get('start') or '?'} to {event.get('end') or '?'})")


def read_files(paths: list[Path], metadata: Path | None = None) -> tuple[list[tuple], list[str], int]:
    """Each readable file's (path, body, front matter, offset, records, inferred facts, event id), the
    messages for the files that could not be read, and the exit status. Event ids are given over the
    whole list: same id, same event."""
    status, problems, read = 0, [], []
    for path in paths:
        try:
            body, front, shift = _body(path)
            found = extract(body)
            spoke = find_appearances(body, found)  # kind "spoke": spoke at the event, no words given
        except OSError as exc:
            problems.append(f"{path}: {exc.strerror or exc}")
            continue
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        read.append((path, body, front, shift, [*found, *spoke], infer_document(body)))
    events = {e.id: e for e in _registry_events(metadata)}
    ids = cluster([None if front.get("event") else facts.event_key() for _, _, front, _, _, facts in read],
                  events.values())
    return [(*item, event_id, events) for item, event_id in zip(read, ids)], problems, status


def document_lines(paths: list[Path], metadata: Path | None = None) -> list[dict]:
    """The "document" records of a list of files (what `extract --format jsonl` prints last for each)."""
    read, _, _ = read_files(paths, metadata)
    return [document_record(str(path), body, front, facts, event_id, events, records)
            for path, body, front, _, records, facts, event_id, events in read]


def run(args: argparse.Namespace) -> int:
    """Print every file's attributions, then its document line; a file that cannot be read is reported and skipped."""
    read, problems, status = read_files(args.files, args.metadata)
    for message in problems:
        status = fail(message)
    for path, body, front, shift, records, facts, event_id, events in read:
        for att in records:
            rec = record(str(path), att, shift)
            print(json.dumps(rec, ensure_ascii=False) if args.format == "jsonl" else _human(rec))
        doc = document_record(str(path), body, front, facts, event_id, events, records)
        print(json.dumps(doc, ensure_ascii=False) if args.format == "jsonl" else _human_document(doc))
    sys.stdout.flush()
    return status
