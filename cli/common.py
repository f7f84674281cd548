"""Options every command shares: where the corpus, the metadata and the index live."""
from __future__ import annotations

import argparse
from pathlib import Path

from indexer.paths import BUNDLED, ENVIRONMENT, Paths, resolve_paths


def add_path_options(parser: argparse.ArgumentParser) -> None:
    """Add --corpus/--metadata/--index; each defaults to its environment variable, then the bundled folder."""
    for name, env in ENVIRONMENT.items():
        parser.add_argument(
            f"--{name}",
            type=Path,
            default=None,
            help=f"{name} folder (env {env}; default {BUNDLED[name]})",
        )


def paths_from(args: argparse.Namespace) -> Paths:
    """Resolve the three folders: command line, then environment, then defaults."""
    return resolve_paths(getattr(args, "corpus", None), getattr(args, "metadata", None), getattr(args, "index", None))
