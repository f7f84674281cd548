"""Where the corpus, the metadata and the index live: one set of defaults for every face.

Each folder comes from an explicit value (a command-line flag, a test's config), then its
environment variable, then the folder bundled with the project. The web app and the CLI both ask here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENT = {"corpus": "VERBATIM_CORPUS", "metadata": "VERBATIM_METADATA", "index": "VERBATIM_INDEX"}
BUNDLED = {
    "corpus": PROJECT_ROOT / "corpus",
    "metadata": PROJECT_ROOT / "metadata",
    "index": PROJECT_ROOT / "var" / "index",
}


@dataclass(frozen=True)
class Paths:
    corpus: Path
    metadata: Path
    index: Path


def default_path(name: str) -> Path:
    """One folder's default: its environment variable when set (and not empty), else the bundled folder."""
    return Path(os.environ.get(ENVIRONMENT[name]) or BUNDLED[name])


def resolve_paths(corpus: Path | str | None = None, metadata: Path | str | None = None,
                  index: Path | str | None = None) -> Paths:
    """The three folders: each given value, else its default."""
    given = {"corpus": corpus, "metadata": metadata, "index": index}
    return Paths(**{name: Path(value) if value else default_path(name) for name, value in given.items()})
