"""`verbatim search`: ranked passages with highlighted matches, provenance, then facet counts.

A thin face over `indexer.search.run_search`, the same function the web app and the API call.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, failure
from indexer.build import ensure_index
from indexer.models import PASSAGE_ROLES
from indexer.search import IndexView, Match, SearchRequest, SearchResults, open_index, run_search
from indexer.search.export import csv_stream, export_rows, jsonl_stream
from present.links import Links
from present.results import results_data

FACETS_SHOWN = 8  # values per facet in the terminal listing


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search the index from the terminal",
        description="Search quoted passages; builds or refreshes the index first when needed.\n\n"
        "Query language: words, \"phrases\", OR, NOT or -word, prefix*, and the fields speaker:, event:,\n"
        "theme:, organization:, title:.\n\n"
        "Example:\n  verbatim search opium\n  verbatim search '\"drug trafficking\" OR heroin' --event almaty-2010 --quotes-only",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="?", default="", help="the query (empty: browse with the filters)")
    for facet in ("speaker", "event", "theme", "organization", "year"):
        parser.add_argument(f"--{facet}", action="append", default=[], metavar="ID", help=f"only this {facet} (repeatable: OR)")
    parser.add_argument("--quotes-only", action="store_true", help="only passages with a direct quotation")
    parser.add_argument("--role", action="append", default=[], choices=PASSAGE_ROLES,
                        help="what --speaker and speaker: count (repeatable; default said, reported and spoke)")
    parser.add_argument("--from", dest="date_from", default="", metavar="DATE", help="from this date (YYYY[-MM[-DD]])")
    parser.add_argument("--to", dest="date_to", default="", metavar="DATE", help="to this date (YYYY[-MM[-DD]])")
    parser.add_argument("--date-of", choices=("document", "event"), default="document",
                        help="which date --from/--to filter (default: the document's)")
    parser.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--per-page", type=int, default=10)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--format", choices=("text", "json", "csv", "jsonl"), default=None,
                        help="csv, jsonl: every result (not one page), with a header line saying what was asked")
    parser.add_argument("--group", choices=("passages", "quotes"), default="passages",
                        help="with --format csv|jsonl: one row a passage, or one a quotation")
    add_path_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    try:
        ensure_index(paths.corpus, paths.metadata, paths.index)
        view = open_index(paths.index)
        request = SearchRequest(
            q=args.query, speaker=tuple(args.speaker), event=tuple(args.event), theme=tuple(args.theme),
            organization=tuple(args.organization), year=tuple(args.year), quotes_only=args.quotes_only, role=tuple(args.role),
            sort=args.sort, page=args.page, per_page=args.per_page,
            date_from=args.date_from, date_to=args.date_to, date_of=args.date_of,
        )
        if args.format in ("csv", "jsonl"):
            header, rows = export_rows(view, request, args.group, Links().excerpt)  # the web app's paths: the CLI knows no host
            for piece in (csv_stream if args.format == "csv" else jsonl_stream)(header, rows):
                sys.stdout.write(piece)
            return 0
        results = run_search(view, request)
    except DOMAIN_ERRORS as exc:
        return failure(exc, index=paths.index)
    if args.json or args.format == "json":
        print(json.dumps(as_json(view, results), ensure_ascii=False, indent=2))
    else:
        print_results(view, results, bold=sys.stdout.isatty())
    return 0


def as_json(view: IndexView, results: SearchResults) -> dict:
    """The JSON API's search response, passages in the one Passage shape (present/)."""
    return results_data(view, results, Links())


def terminal_text(text: str, matches: Sequence[Match], bold: bool) -> str:
    """The passage text with its matches in ANSI bold, or in [brackets] when not a terminal."""
    out, pos = [], 0
    for start, end in matches:
        out += (text[pos:start], f"\x1b[1m{text[start:end]}\x1b[0m" if bold else f"[{text[start:end]}]")
        pos = end
    return "".join(out) + text[pos:]


def print_results(view: IndexView, results: SearchResults, bold: bool) -> None:
    if results.query_error:
        print(f"note: {results.query_error}")
    if results.suggestion:
        print(f"did you mean: {results.suggestion}")
    request = results.request
    first = (request.page - 1) * request.per_page
    print(f"{results.total} passages ({results.quotes_count} with quotations)")
    for n, (hit, info) in enumerate(zip(results.hits, results_data(view, results, Links())["results"]), start=first + 1):
        doc = info["document"]
        speakers = ", ".join(s["name"] for s in info["speakers"]) or "unattributed"
        event = info["event"]["name"] if info["event"] else "no event"
        print(f"\n{n}. {doc['title'] or doc['id']} ({doc['published'] or 'undated'})")
        print(f"   speakers: {speakers} | event: {event}")
        print(f"   {doc['id']} block {hit.passage.block}, characters {hit.passage.start}-{hit.passage.end} | id {hit.passage.id}")
        print("   " + terminal_text(hit.passage.text, hit.matches, bold))
    print()
    for name, values in results.facets.items():
        shown = ", ".join(f"{v.label}{' *' if v.selected else ''} [{v.id}] ({v.count})" for v in values[:FACETS_SHOWN])
        more = f", … {len(values) - FACETS_SHOWN} more" if len(values) > FACETS_SHOWN else ""
        print(f"{name}: {shown or '-'}{more}")
