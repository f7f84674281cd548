"""`verbatim verify`: check an index generation's files against the checksums written when it was built."""
from __future__ import annotations

import argparse

from cli.common import add_path_options, paths_from
from cli.errors import fail
from indexer.index_format import CURRENT, GENERATIONS
from indexer.integrity import IndexDamaged, has_checksums, verify_generation
from indexer.search.opening import current_name, open_verified


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check the index's files against their checksums",
        description="Check that every file of the index generation CURRENT names (or of each one with --all)\n"
        "is present and has the size and SHA-256 it had when it was built, and that the generation\n"
        "opens. `verbatim serve` does the same before serving a generation and keeps serving the\n"
        "last good one otherwise. Exit 1 when a generation is damaged.\n\n"
        "Example:\n  verbatim verify --index index",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_path_options(parser)
    parser.add_argument("--all", action="store_true", help="every generation on disk, not only the current one")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    index = paths_from(args).index
    try:
        name = current_name(index)
    except (OSError, ValueError) as exc:
        return fail(f"cannot read {index / CURRENT}: {getattr(exc, 'strerror', None) or exc}")
    if args.all:
        folders = sorted(p for p in (index / GENERATIONS).glob("*") if p.is_dir() and not p.name.startswith("."))
    elif name is None:
        return fail(f"no index in {index}; run `verbatim index` first")
    else:
        folders = [index / GENERATIONS / name]
    damaged = 0
    for folder in folders:
        label = f"{folder.name}{' (current)' if folder.name == name else ''}"
        problems = verify_generation(folder) if folder.is_dir() else ["no such generation folder"]
        if not problems:
            try:
                open_verified(folder).close()
            except IndexDamaged as exc:
                problems = [str(exc)]
        if problems:
            damaged += 1
            print(f"{label}: DAMAGED")
            for line in problems:
                print(f"  {line}")
        else:
            note = "" if has_checksums(folder) else " (built before checksums were written: opened, not checked)"
            print(f"{label}: ok{note}")
    return 1 if damaged else 0
