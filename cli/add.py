"""`verbatim add`: bring web pages, PDFs, Word files and URLs into the corpus, then refresh the index.

This command is the only place Verbatim reaches the network (ingest.fetch), and only for the URLs given.
"""
from __future__ import annotations

import argparse
import sys

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, failure
from cli.index import report
from indexer.build import build_index
from ingest.add import Report, add_sources
from ingest.store import originals_dir


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "add",
        help="add web pages, PDFs, Word files or URLs to the corpus",
        description="Extract each SOURCE (a .html/.htm, .pdf, .docx, .txt or .md file, a folder of them, or an "
        "http(s) URL) into one corpus document (Markdown with front matter), keep its original bytes "
        "beside the corpus, then refresh the index.\n\n"
        "Example:\n  verbatim add release.pdf press/ https://www.osce.org/some-press-release",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder or http(s) URL")
    parser.add_argument("--no-index", action="store_true", help="only write the corpus files; do not refresh the index")
    parser.add_argument("--publisher", help="publisher of every source added (when the source does not name one)")
    parser.add_argument("--kind", help="kind of every source added (press release, communiqué, statement…)")
    add_path_options(parser)
    parser.set_defaults(func=run)


def summary_line(result: Report) -> str:
    counts = {outcome: sum(1 for s in result.stored if s.outcome == outcome) for outcome in ("added", "replaced", "unchanged")}
    parts = [f"{n} {outcome}" for outcome, n in counts.items() if n]
    if result.errors:
        parts.append(f"{len(result.errors)} failed")
    return ", ".join(parts) or "nothing to add"


def print_report(result: Report) -> None:
    """One line per source: what became of it (stdout), or why it could not be added (stderr)."""
    for stored in result.stored:
        where = f" ({stored.pages} page{'s' if stored.pages > 1 else ''})" if stored.pages else ""
        note = {"added": "", "replaced": " (the source changed; its document was replaced)",
                "unchanged": " (same bytes as before)"}[stored.outcome]
        print(f"{stored.outcome:<9} {stored.id}{where} from {stored.source}{note}")
    for error in result.errors:
        print(f"verbatim: cannot add {error}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    extra = {"publisher": args.publisher, "kind": args.kind}
    result = add_sources(args.sources, paths.corpus, extra=extra)
    print_report(result)
    print(f"{summary_line(result)}; originals kept in {originals_dir(paths.corpus)}")
    changed = any(s.outcome != "unchanged" for s in result.stored)
    if changed and not args.no_index:
        try:
            report(build_index(paths.corpus, paths.metadata, paths.index), quiet=False)
        except DOMAIN_ERRORS as exc:
            return failure(exc, then="the documents were added; the index was not changed", index=paths.index)
    return 1 if result.errors else 0
