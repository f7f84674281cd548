"""Per-document stages: a defect while annotating one file is reported for that file, not as a crash."""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer.stages as stages
from indexer.build import BuildError, build_index
from indexer.index_format import current_generation


def _failing_extract(text: str):
    if "poison" in text:
        raise ValueError("unexpected shape")
    return ()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text("A title\n\nBorders were discussed.\n", encoding="utf-8")
    (folder / "odd.txt").write_text("Another title\n\nA poison paragraph.\n", encoding="utf-8")
    return folder


def test_an_annotation_defect_names_the_file_and_stops_the_build(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(stages, "extract", _failing_extract)
    with pytest.raises(BuildError) as caught:
        build_index(corpus, tmp_path / "no-metadata", tmp_path / "index")
    assert str(caught.value) == (
        "odd.txt: could not be annotated (ValueError: unexpected shape); `verbatim extract` reproduces it "
        "(use --keep-going to index the rest)"
    )
    assert current_generation(tmp_path / "index") is None


def test_keep_going_skips_only_the_file_that_failed(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(stages, "extract", _failing_extract)
    summary = build_index(corpus, tmp_path / "no-metadata", tmp_path / "index", keep_going=True)
    assert summary.documents == 1 and summary.passages == 2
    assert summary.problems == (
        "odd.txt: could not be annotated (ValueError: unexpected shape); `verbatim extract` reproduces it; skipped",
    )
