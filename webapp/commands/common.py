"""Options every command shares: where the corpus, the metadata and the index live."""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "corpus": ("VERBATIM_CORPUS", PROJECT_ROOT / "corpus"),
    "metadata": ("VERBATIM_METADATA", PROJECT_ROOT / "metadata"),
    "index": ("VERBATIM_INDEX", PROJECT_ROOT / "var" / "index"),
}


@dataclass(frozen=True)
class Paths:
    corpus: Path
    metadata: Path
    index: Path


def add_path_options(parser: argparse.ArgumentParser) -> None:
    """Add --corpus/--metadata/--index; each defaults to its environment variable, then the bundled folder."""
    for name, (env, default) in DEFAULTS.items():
        parser.add_argument(
            f"--{name}",
            type=Path,
            default=None,
            help=f"{name} folder (env {env}; default {default})",
        )


def paths_from(args: argparse.Namespace) -> Paths:
    """Resolve the three folders: command line, then environment, then defaults."""
    resolved = {}
    for name, (env, default) in DEFAULTS.items():
        given = getattr(args, name, None)
        resolved[name] = Path(given or os.environ.get(env) or default)
    return Paths(**resolved)


def fail(message: str, code: int = 1) -> int:
    """Print a one-line error for humans and return the exit code."""
    print(f"verbatim: error: {message}", file=sys.stderr)
    return code
