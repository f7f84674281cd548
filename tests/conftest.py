"""Shared fixtures: the tiny purpose-built corpus and its index, built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.build import build_index
from serving import copy_folders

TINY = Path(__file__).parent / "data" / "tiny"


@pytest.fixture(scope="session")
def tiny_corpus_dir() -> Path:
    """tests/data/tiny/corpus: hard cases on purpose (see tests/data/tiny/README.md). Read-only."""
    return TINY / "corpus"


@pytest.fixture(scope="session")
def tiny_metadata_dir() -> Path:
    """tests/data/tiny/metadata: the registry for the tiny corpus. Read-only."""
    return TINY / "metadata"


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory: pytest.TempPathFactory, tiny_corpus_dir: Path, tiny_metadata_dir: Path) -> Path:
    """The index folder built from the tiny corpus with build_index (shared: do not rebuild into it)."""
    index_dir = tmp_path_factory.mktemp("tiny-index") / "index"
    build_index(tiny_corpus_dir, tiny_metadata_dir, index_dir)
    return index_dir


@pytest.fixture
def tiny_copy(tmp_path: Path, tiny_corpus_dir: Path, tiny_metadata_dir: Path) -> tuple[Path, Path]:
    """Writable copies of the tiny corpus and metadata under tmp_path (corpus/, metadata/)."""
    return copy_folders(tmp_path, tiny_corpus_dir, tiny_metadata_dir)
