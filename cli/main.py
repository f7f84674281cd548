"""The `verbatim` command: thin sub-commands that parse arguments, call the library, map errors."""
from __future__ import annotations

import argparse
import importlib
import sys

# One module per command in this package; each has register(subparsers).
COMMANDS = (
    "add",
    "index",
    "search",
    "check",
    "validate",
    "propose",
    "extract",
    "evaluate",
    "serve",
    "verify",
    "bench",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verbatim",
        description="Search what was said at international security conferences.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("verbatim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
