"""Symbolic links in the corpus folder never reach outside it, and none is skipped silently.

The finding: `ln -s /etc/hostname corpus/hostname.txt; verbatim index` served the host's file at
/api/documents/hostname and made its words searchable; links to folders and broken links vanished
without a word. Now each refused link is named with the reason, like any unreadable file: the build
stops (or skips it with keep_going), `verbatim validate` reports it.
"""
from __future__ import annotations

import os

import pytest

from indexer.build import BuildError, build_index
from indexer.catalog import load_catalog
from indexer.corpus import CorpusError, list_corpus, read_document
from indexer.search import SearchRequest, open_index, run_search
from serving import verbatim, write_site

GOOD = {"alpha.txt": "Meeting in Dushanbe\n\nThe ministers agreed on border cooperation.\n"}
SECRET = "Zyxwarble credentials of the host machine.\n"


@pytest.fixture
def site(tmp_path):
    corpus, metadata, index = write_site(tmp_path / "site", GOOD)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_text(SECRET, encoding="utf-8")
    (outside / "notes.txt").write_text(SECRET, encoding="utf-8")
    return corpus, metadata, index, outside


def _refusals(corpus):
    return {s.rel: s.refused for s in list_corpus(corpus) if s.refused}


def test_link_to_a_file_outside_the_corpus_is_refused_and_named(site):
    corpus, metadata, index, outside = site
    (corpus / "hostname.txt").symlink_to(outside / "secret")
    assert "outside the corpus folder" in _refusals(corpus)["hostname.txt"]
    with pytest.raises(BuildError) as info:
        build_index(corpus, metadata, index)
    assert "hostname.txt: is a symbolic link to a file outside the corpus folder" in str(info.value)
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert any(p.startswith("hostname.txt: is a symbolic link to a file outside") for p in summary.problems)
    view = open_index(index)
    assert "hostname" not in load_catalog(view.folder).documents
    assert run_search(view, SearchRequest(q="zyxwarble")).total == 0


def test_relative_link_climbing_out_and_link_to_outside_folder_are_refused(site):
    corpus, _, _, outside = site
    (corpus / "sub").mkdir()
    (corpus / "sub" / "climb.md").symlink_to(os.path.relpath(outside / "notes.txt", corpus / "sub"))
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    (corpus / "gone.txt").symlink_to(corpus / "missing.txt")
    refused = _refusals(corpus)
    assert "outside the corpus folder" in refused["sub/climb.md"]
    assert "links to folders are not followed" in refused["linked"]
    assert "broken symbolic link" in refused["gone.txt"]
    assert not any(s.rel.startswith("linked/") for s in list_corpus(corpus))  # never descended into


def test_link_to_a_folder_and_broken_link_are_reported_by_the_build(site):
    corpus, metadata, index, outside = site
    (corpus / "linked").symlink_to(outside, target_is_directory=True)
    (corpus / "gone.txt").symlink_to("missing.txt")
    summary = build_index(corpus, metadata, index, keep_going=True)
    text = "\n".join(summary.problems)
    assert "linked: is a symbolic link to a folder" in text
    assert "gone.txt: is a broken symbolic link" in text
    assert summary.documents == 1


def test_link_to_a_file_inside_the_corpus_is_read(site):
    corpus, metadata, index, _ = site
    (corpus / "drafts").mkdir()
    (corpus / "drafts" / "kept.txt").write_text("Draft note\n\nThe envoys discussed water.\n", encoding="utf-8")
    (corpus / "water.txt").symlink_to("drafts/kept.txt")
    sources = {s.rel: s for s in list_corpus(corpus)}
    assert sources["water.txt"].refused is None
    assert read_document(sources["water.txt"], None).text.startswith("Draft note")


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(site):
    corpus, _, _, outside = site
    (source,) = [s for s in list_corpus(corpus) if s.rel == "alpha.txt"]
    (corpus / "alpha.txt").unlink()
    (corpus / "alpha.txt").symlink_to(outside / "secret")
    with pytest.raises(CorpusError) as info:
        read_document(source, None)
    assert str(info.value) == "alpha.txt: became a symbolic link after it was listed; not read"


def test_validate_names_the_refused_link(site):
    corpus, metadata, _, outside = site
    (corpus / "hostname.txt").symlink_to(outside / "secret")
    run = verbatim("validate", "--corpus", str(corpus), "--metadata", str(metadata))
    assert run.code != 0
    assert any("hostname.txt" in line and "outside the corpus folder" in line for line in run.out + run.err)
