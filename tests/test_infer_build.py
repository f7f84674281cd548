"""The bundled corpus indexed without documents.yaml and events.yaml: every document still gets the
event its text is about, with the place and dates the curated files give."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.metadata import load_registry
from indexer.search import open_index

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def uncurated(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("uncurated")
    metadata = root / "metadata"
    shutil.copytree(ROOT / "metadata", metadata)
    (metadata / "documents.yaml").unlink()
    (metadata / "events.yaml").unlink()
    summary = build_index(ROOT / "corpus", metadata, root / "index")
    return summary, open_index(root / "index").catalog


def test_each_document_gets_the_curated_event_place_and_dates_from_its_text(uncurated):
    summary, catalog = uncurated
    curated = load_registry(ROOT / "metadata")
    events = {e.id: e for e in curated.events}
    by_file = {entry.meta.file: entry for entry in catalog.documents.values()}
    assert len(by_file) == len(curated.documents) == 5
    for listed in curated.documents:
        want, entry = events[listed.event], by_file[listed.file]
        got = catalog.events[entry.meta.event]
        assert got.discovered and (got.city, got.country, got.start) == (want.city, want.country, want.start), listed.file
        assert got.end in (want.end, None), listed.file  # an end the text does not give stays empty, never guessed
    assert {e.id for e in summary.events} == {d.meta.event for d in catalog.documents.values()}


def test_the_two_samarkand_documents_share_one_event_in_samarkand(uncurated):
    _, catalog = uncurated
    samarkand = {d.meta.event for d in catalog.documents.values() if d.meta.file.startswith("samarkand-")}
    assert len(samarkand) == 1
    event = catalog.events[samarkand.pop()]
    curated = next(e for e in load_registry(ROOT / "metadata").events if e.id == "samarkand-2017")
    assert (event.city, event.country, event.start, event.end) == ("Samarkand", "Uzbekistan", curated.start, curated.end)
    assert len({d.meta.event for d in catalog.documents.values()}) == 4  # four meetings, none merged with another


def test_with_the_registry_the_same_texts_link_to_the_registered_events(tmp_path):
    """Without documents.yaml only: the events.yaml entries are found by place, dates and name."""
    metadata = tmp_path / "metadata"
    shutil.copytree(ROOT / "metadata", metadata)
    (metadata / "documents.yaml").unlink()
    build_index(ROOT / "corpus", metadata, tmp_path / "index")
    catalog = open_index(tmp_path / "index").catalog
    got = {d.meta.file: d.meta.event for d in catalog.documents.values()}
    want = {d.file: d.event for d in load_registry(ROOT / "metadata").documents}
    assert got == want
