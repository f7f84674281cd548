"""`verbatim index`: build the index from the corpus and metadata, swap it in atomically."""
from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, fail, failure
from indexer.build import BuildSummary, build_index
from indexer.corpus import printable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="build the search index",
        description="Build the search index into a fresh folder and swap it in atomically.\n\n"
        "Example:\n  verbatim index --corpus corpus --metadata metadata --index var/index",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_path_options(parser)
    parser.add_argument("--keep-going", action="store_true", help="skip unreadable files instead of stopping")
    parser.add_argument("--quiet", action="store_true", help="print only the summary line")
    parser.set_defaults(func=run)


def _progress(quiet: bool):
    def show(done: int, total: int, path: str) -> None:
        if total >= 20 and (done % max(1, total // 20) == 0 or done == total):
            print(f"\r  {done}/{total} documents", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return None if quiet else show


def report(summary: BuildSummary, quiet: bool, out: TextIO | None = None) -> None:
    """Problems and curation hints first (stderr), then the one-line summary (`out`)."""
    if not quiet:
        for problem in summary.problems:
            print(f"warning: {printable(problem)}", file=sys.stderr)  # file names may hold newlines, RTL marks
        for note in summary.inferred:
            print(f"note: {printable(note)} (no metadata entry)", file=sys.stderr)
        if summary.discovered:
            print(f"{len(summary.discovered)} speakers found in the text are not in the registry:", file=sys.stderr)
            for speaker in sorted(summary.discovered, key=lambda s: s.name):
                roles = "; ".join(r.role for r in speaker.roles)
                print(f"  {speaker.id}: {speaker.name}" + (f" ({roles})" if roles else ""), file=sys.stderr)
        if summary.events:
            print(f"{len(summary.events)} events found in the text are not in the registry "
                  "(`verbatim propose` prints them as YAML):", file=sys.stderr)
            for event in sorted(summary.events, key=lambda e: e.id):
                where = ", ".join(x for x in (event.city, event.country) if x) or "place not given"
                when = event.start.isoformat() if event.start else "date not given"
                print(f"  {event.id}: {event.name} ({where}; {when})", file=sys.stderr)
    print(summary.line(), file=out or sys.stdout)


@contextmanager
def long_lived() -> Iterator[None]:
    """This process's garbage-collector policy while it builds, set here and nowhere else: what
    exists once the registry is loaded (the registry, its lookups) lives through the build, so it is
    frozen and the collector does not walk it again and again while millions of passage objects
    come and go. (Pipeline workers and writer processes set their own, in indexer/stages.py and
    indexer/writer_pool.py.)"""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    if paths.metadata.exists() and not paths.metadata.is_dir():
        return fail(f"{paths.metadata}: the metadata must be a folder; the index was not changed")
    if not paths.metadata.exists() and not args.quiet:
        print(f"note: no metadata folder at {paths.metadata}; indexing the text alone", file=sys.stderr)
    try:
        summary = build_index(
            paths.corpus, paths.metadata, paths.index, keep_going=args.keep_going, progress=_progress(args.quiet),
            hold=long_lived,
        )
    except DOMAIN_ERRORS as exc:
        return failure(exc, then="the index was not changed", index=paths.index)
    report(summary, args.quiet)
    return 0
