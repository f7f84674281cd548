"""Per-document stages: a defect while annotating one file is reported for that file, not as a crash."""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer.stages as stages
from indexer.build import BuildError, build_index
from indexer.corpus import list_corpus, read_document
from indexer.index_format import current_generation
from indexer.models import Registry


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
    assert summary.documents == 1 and summary.passages == 1  # good.txt: its title is no passage, one body paragraph
    assert summary.problems == (
        "odd.txt: could not be annotated (ValueError: unexpected shape); `verbatim extract` reproduces it; skipped",
    )


def test_a_quotation_in_the_headline_is_the_titles_no_passage_or_quotation_comes_of_it(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    headline = '"We will close the gap," says Minister Anna Holm'
    (folder / "a.txt").write_text(f'{headline}\n\nThe talks on river safety ended on Monday.\n', encoding="utf-8")
    document = read_document(list_corpus(folder)[0], None)
    assert document.meta.title == headline
    assert any(a.text == "We will close the gap," for a in stages.extract(document.text))  # the text does quote her
    processed = stages.annotate_document(document, stages.make_context(Registry()))
    assert [(a.passage.paragraph + 1, a.passage.text) for a in processed.annotated] == [
        (1, "The talks on river safety ended on Monday.")
    ]
    assert all(not a.quotes and not a.speaker_ids for a in processed.annotated)
