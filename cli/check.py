"""`verbatim check`: where a circulating quotation stands in the sources, changed how, said by whom.

A thin face over `indexer.search.check.check_quote`, the function behind /check and /api/check.
"""
from __future__ import annotations

import argparse
import json
import sys

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, failure
from indexer.build import ensure_index
from indexer.search import open_index
from indexer.search.check import check_quote
from present.check import check_dict
from present.links import Links

VERDICTS = {"exact": "EXACT: these words stand in the source", "altered": "ALTERED: close to a source, words changed",
            "not_found": "NOT FOUND in the indexed sources"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check a quotation against the sources",
        description="Find where a quotation's words stand in the sources: exact, altered (with a word diff) or\n"
        "not found, and who the source gives them to.\n\n"
        "Example:\n  verbatim check \"illicit drug trafficking continues to pose one of the major threats\" --speaker rahmon",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", help="the quotation as it circulates ('-' reads it from standard input)")
    parser.add_argument("--speaker", default=None, metavar="ID", help="who it is attributed to (an id or a name)")
    parser.add_argument("--json", action="store_true", help="print the answer as JSON (the fields of /api/check)")
    add_path_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        ensure_index(paths.corpus, paths.metadata, paths.index)
        view = open_index(paths.index)
        found = check_dict(view, check_quote(view, text, args.speaker), Links(), citations=False)
    except DOMAIN_ERRORS as exc:
        return failure(exc, index=paths.index)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        print_check(found)
    return 0


def print_check(found: dict) -> None:
    print(VERDICTS[found["verdict"]])
    if found["speaker"]:
        print(f"claimed speaker: {found['speaker']['name']}" + ("" if found["speaker"]["id"] else " (unknown to Verbatim)"))
    for n, m in enumerate(found["matches"], start=1):
        p, doc = m["passage"], m["passage"]["document"]
        print(f"\n{n}. {m['verdict']} ({m['similarity']:.0%}) {doc['title'] or doc['id']} ({doc['published'] or 'undated'}),"
              f" characters {m['start']}-{m['end']} | {', '.join(m['passages'])}")
        print(f"   {m['message']}")
        print(f"   source: “{m['source_text']}”")
        for d in (d for d in m["diff"] if d["op"] != "equal"):
            mark = " (marked in the claim)" if d["marked"] else ""
            print(f"   {d['op']}: source [{d['source']}] claimed [{d['claimed']}]{mark}")
