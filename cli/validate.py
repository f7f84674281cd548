"""`verbatim validate`: check the metadata registries (and the corpus they describe) without indexing."""
from __future__ import annotations

import argparse

from indexer.metadata import check_registry
from cli.common import add_path_options, paths_from
from cli.errors import fail


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check metadata and corpus for problems",
        description="Report every metadata problem as path:line: message (warnings say so).\n"
        "Exit status 1 when there is an error, 0 otherwise.\n\n"
        "Example:\n  verbatim validate --metadata metadata --corpus corpus",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_path_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    paths = paths_from(args)
    if not paths.metadata.is_dir():
        return fail(f"{paths.metadata}: metadata folder does not exist")
    registry, problems, _ = check_registry(paths.metadata, paths.corpus)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if not p.warning)
    warnings = len(problems) - errors
    if errors:
        return fail(f"{errors} error(s), {warnings} warning(s) in the metadata")
    print(
        f"ok: {len(registry.documents)} documents, {len(registry.events)} events, {len(registry.speakers)} speakers, "
        f"{len(registry.organizations)} organizations, {len(registry.themes)} themes"
        + (f"; {warnings} warning(s)" if warnings else "")
    )
    return 0
