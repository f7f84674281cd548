"""A damaged index generation is refused, named, and the last good one keeps serving.

The findings: a half-truncated postings file answered `border security` with total 0; a deleted
document text gave empty text on one route and a 500 on another; a corrupt catalog, columns or
Whoosh file gave 500 on every route while the previous good generation sat on disk; a CURRENT that
became unreadable while serving turned a healthy open generation into 500/503.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.index_format import CHECKSUMS_FILE, CURRENT, GENERATIONS
from indexer.integrity import verify_generation
from indexer.search import SearchRequest, open_index, run_search
from serving import folder_args, get_json, serving, verbatim
from webapp import create_app

Q = SearchRequest(q="drug trafficking")  # body text: "border security" is only in a headline, which is no passage


@pytest.fixture(scope="module")
def two_generations(tmp_path_factory, tiny_corpus_dir, tiny_metadata_dir) -> Path:
    """An index with two good generations (the current one and the one before it)."""
    index = tmp_path_factory.mktemp("integrity") / "index"
    build_index(tiny_corpus_dir, tiny_metadata_dir, index)
    build_index(tiny_corpus_dir, tiny_metadata_dir, index)
    return index


@pytest.fixture
def index(tmp_path, two_generations) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(two_generations, copy)
    return copy


def _current(index: Path) -> Path:
    return index / GENERATIONS / (index / CURRENT).read_text(encoding="utf-8").strip()


def _previous(index: Path) -> Path:
    return next(p for p in sorted((index / GENERATIONS).iterdir()) if p != _current(index))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _whoosh_postings(folder: Path) -> Path:
    return next((folder / "whoosh").glob("*.pst"))


DAMAGE = {
    "postings.bin truncated": lambda g: _truncate(g / "postings.bin"),
    "a document text deleted": lambda g: next((g / "texts").iterdir()).unlink(),
    "catalog.json corrupt": lambda g: (g / "catalog.json").write_text("{not json", encoding="utf-8"),
    "columns.bin corrupt": lambda g: _flip(g / "columns.bin"),
    "Whoosh postings corrupt": lambda g: _flip(_whoosh_postings(g)),
}


def test_a_built_generation_lists_every_file_with_its_checksum(index):
    listed = json.loads((_current(index) / CHECKSUMS_FILE).read_text(encoding="utf-8"))["files"]
    assert {"catalog.json", "columns.bin", "postings.bin", "manifest.json"} <= set(listed)
    assert any(name.startswith("texts/") for name in listed) and any(name.startswith("whoosh/") for name in listed)
    assert verify_generation(_current(index)) == []


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_is_named_by_verify_and_the_last_good_generation_serves(index, damage, caplog):
    good = run_search(open_index(index), Q).total
    shutil.copytree(index, index.parent / "fresh")  # a process that has not opened it yet
    fresh = index.parent / "fresh"
    DAMAGE[damage](_current(fresh))
    run = verbatim("verify", "--index", str(fresh))
    assert run.code == 1 and run.out[0].endswith("(current): DAMAGED"), run.out
    view = open_index(fresh)
    assert view.generation == _previous(fresh).name
    assert run_search(view, Q).total == good > 0
    assert f"refusing index generation {_current(fresh).name}" in caplog.text


def test_a_damaged_new_generation_never_replaces_the_open_one(index, tiny_corpus_dir, tiny_metadata_dir, caplog):
    view = open_index(index)
    build_index(tiny_corpus_dir, tiny_metadata_dir, index)  # a new generation, published…
    _truncate(_current(index) / "postings.bin")  # …then damaged before a request sees it
    assert open_index(index) is view
    assert open_index(index) is view  # refused once, not re-verified on every request
    assert caplog.text.count("refusing index generation") == 1
    assert run_search(view, Q).total > 0


@pytest.mark.parametrize("current", ["directory", "garbage", "path"])
def test_an_unreadable_current_never_takes_down_the_open_generation(index, current):
    view = open_index(index)
    total = run_search(view, Q).total
    pointer = index / CURRENT
    pointer.unlink()
    if current == "directory":
        pointer.mkdir()
    else:
        pointer.write_bytes(b"\xff\xfe\x00junk" if current == "garbage" else b"../../../etc\n")
    again = open_index(index)
    assert again is view and run_search(again, Q).total == total


def test_a_document_text_deleted_under_an_open_generation_is_a_clear_503(index):
    client = create_app({"INDEX_DIR": index}).test_client()
    passage = client.get("/api/search?q=border").get_json()["results"][0]
    doc_id = passage["document"]["id"]
    (_current(index) / "texts" / f"{doc_id}.txt").unlink()
    for path in (f"/api/documents/{doc_id}", f"/api/passages/{passage['id']}"):
        response = client.get(path)
        assert response.status_code == 503, path
        message = response.get_json()["error"]["message"]
        assert message.startswith("the index is damaged: the text of document") and "verbatim verify" in message
    for path in (f"/documents/{doc_id}", f"/passages/{passage['id']}"):
        response = client.get(path)
        assert response.status_code == 503 and b"the index is damaged" in response.data, path


def test_verify_says_ok_for_a_whole_index(index):
    run = verbatim("verify", "--index", str(index), "--all")
    assert run.code == 0 and len(run.out) == 2 and all(line.endswith(": ok") or "(current): ok" in line for line in run.out)


def test_serve_refuses_a_damaged_generation_with_a_log_line_and_serves_the_good_one(index, tmp_path):
    good = run_search(open_index(index), Q).total
    DAMAGE["catalog.json corrupt"](_current(index))
    with serving([*folder_args(index=index), "--no-build"], tmp_path / "serve.log") as server:
        assert f"refusing index generation {_current(index).name}" in server.output()  # before any request
        assert get_json(server.port, "/api/search?q=drug+trafficking")["total"] == good > 0


def test_opening_reads_only_files_changed_since_the_build_and_verify_reads_all(index):
    """A byte changed with the file's build time put back opens (a 1M generation is not hashed on
    every start), while `verbatim verify` still reads it; any ordinary write is caught at open."""
    import os

    from indexer.search.opening import open_verified

    current = _current(index)
    listed = json.loads((current / CHECKSUMS_FILE).read_text(encoding="utf-8"))["files"]
    assert all(len(entry) == 3 for entry in listed.values())  # size, sha256, modification time
    target = current / "manifest.json"
    built = target.stat().st_mtime_ns
    _flip(target)
    assert verify_generation(current, trust_unchanged=True) == [
        "manifest.json: content changed since it was built (checksum differs)"]
    os.utime(target, ns=(built, built))
    assert verify_generation(current, trust_unchanged=True) == []
    assert open_verified(current).generation == current.name
    assert verify_generation(current) == ["manifest.json: content changed since it was built (checksum differs)"]
    run = verbatim("verify", "--index", str(index))
    assert run.code == 1 and run.out[0].endswith("(current): DAMAGED"), run.out
