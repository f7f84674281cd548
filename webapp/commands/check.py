"""`verbatim check`: where a circulating quotation stands in the sources, changed how, said by whom.

A thin face over `indexer.search.check.check_quote` (through the same page data as /api/check).
"""
from __future__ import annotations

import argparse
import json
import sys

from indexer.build import BuildError, ensure_index
from indexer.metadata import MetadataError
from indexer.search import BadRequest, NoIndex, open_index
from indexer.writer import IndexLocked
from webapp.checking import check_data
from webapp.commands.common import add_path_options, fail, paths_from
from webapp.links import Links

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
    parser.add_argument("--json", action="store_true", help="print the /api/check answer as JSON")
    add_path_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    text = sys.stdin.read() if args.text == "-" else args.text
    try:
        ensure_index(paths.corpus, paths.metadata, paths.index)
        found = check_data(open_index(paths.index), text, args.speaker, Links())
    except MetadataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return fail("metadata has errors; fix them or check against an existing index with --index")
    except (BuildError, IndexLocked, NoIndex) as exc:
        return fail(str(exc))
    except BadRequest as exc:
        return fail(exc.message, code=2)
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
        p = m["passage"]
        print(f"\n{n}. {m['verdict']} ({m['similarity']:.0%}) {p['document']['title']} ({p['document']['published'] or 'undated'}),"
              f" ¶ {p['paragraph']}, characters {m['start']}-{m['end']} | {', '.join(m['passages'])}")
        print(f"   {m['message']}")
        print(f"   source: “{m['source_text']}”")
        changes = [d for d in m["diff"] if d["op"] != "equal"]
        for d in changes:
            mark = " (marked in the claim)" if d["marked"] else ""
            print(f"   {d['op']}: source [{d['source']}] claimed [{d['claimed']}]{mark}")
