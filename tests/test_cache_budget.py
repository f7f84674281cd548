"""One cache budget for a serving process (`verbatim serve --cache-mb`): split between the caches by
indexer/search/budget.py's rule and equally between `--processes N`; the index loaded before the
fork is shared by the processes, each reading through its own open files."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import pytest

from cli.serve import process_budget, register
from indexer.search import open_index, run_search
from indexer.search.budget import DEFAULT_MB, POSTING_BYTES, SHARES, CacheBudget
from indexer.search.opening import open_verified, reopen_after_fork
from indexer.search.types import SearchRequest
from serving import folder_args, get_json, serving
from webapp import create_app

MB = 2**20


def serve_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    return parser.parse_args(["serve", *argv])


def test_the_shares_split_the_whole_budget():
    assert sum(SHARES.values()) == pytest.approx(1.0)
    budget = CacheBudget(100)
    assert sum(budget.bytes_for(name) for name in SHARES) <= 100 * MB
    assert budget.bytes_for("passages") == 40 * MB
    assert budget.postings == 25 * MB // POSTING_BYTES


def test_processes_get_equal_parts_of_cache_mb():
    assert process_budget(serve_args("--cache-mb", "300", "--processes", "3")) == CacheBudget(100)
    assert process_budget(serve_args("--cache-mb", "300")) == CacheBudget(300)
    assert serve_args().cache_mb == DEFAULT_MB
    with pytest.raises(SystemExit):
        serve_args("--cache-mb", "-5")


def test_no_budget_is_allowed_and_keeps_nothing(tiny_index: Path):
    view = open_verified(next((tiny_index / "generations").iterdir()), CacheBudget(0))
    first = run_search(view, SearchRequest(q="border"))
    assert run_search(view, SearchRequest(q="border")) == first
    assert len(view.results) == 0 and view.postings.max_postings == 0


def test_a_view_sizes_its_caches_from_its_budget(tiny_index: Path):
    folder = next((tiny_index / "generations").iterdir())
    small, large = open_verified(folder, CacheBudget(10)), open_verified(folder, CacheBudget(1000))
    assert 0 < small.results.limit == CacheBudget(10).results < large.results.limit == CacheBudget(1000).results
    assert 0 < small.postings.max_postings == CacheBudget(10).postings < large.postings.max_postings


def test_the_app_sizes_its_answer_caches_from_cache_mb(tiny_index: Path, tmp_path: Path):
    index = shutil.copytree(tiny_index, tmp_path / "index")  # not opened yet in this process: views are kept per folder
    app = create_app({"INDEX_DIR": index, "CACHE_MB": 50})
    assert app.extensions["verbatim.answers"].max_bytes == CacheBudget(50).bytes_for("answers")
    assert app.extensions["verbatim.fragments"].max_bytes == CacheBudget(50).bytes_for("passages")
    with app.test_request_context("/api/search?q=border"):
        from webapp.context import index_view

        assert index_view().budget == CacheBudget(50)
    explicit = create_app({"INDEX_DIR": index, "CACHE_MB": 50, "ANSWER_CACHE_BYTES": 0})
    assert explicit.extensions["verbatim.answers"].max_bytes == 0


def test_a_reopened_view_shares_the_loaded_data_and_has_its_own_files(tiny_index: Path):
    view = open_verified(next((tiny_index / "generations").iterdir()), CacheBudget(20))
    again = view.reopened()
    assert again.catalog is view.catalog and again.columns is view.columns
    assert again.searcher is not view.searcher and again.reader is not view.reader
    assert again.results is not view.results and again.budget == view.budget
    request = SearchRequest(q="border")
    assert run_search(again, request).hits == run_search(view, request).hits
    view.close()  # the parent's files closed: the reopened view reads through its own
    assert run_search(again, SearchRequest(q="security")).total >= 0


def test_after_a_fork_the_open_views_are_reopened(tiny_index: Path, tmp_path: Path):
    index = tmp_path / "index"
    os.symlink(tiny_index, index)  # a key of its own in the per-process view cache
    before = open_index(index)
    reopen_after_fork()
    after = open_index(index)
    assert after is not before and after.catalog is before.catalog and after.generation == before.generation


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_serve_processes_load_the_index_before_forking(tiny_index: Path, tmp_path: Path):
    with serving(["--no-build", "--processes", "2", "--cache-mb", "64", *folder_args(index=tiny_index)],
                 tmp_path / "serve.log") as server:
        assert "total" in get_json(server.port, "/api/search?q=border")
        arbiter = server.process.pid
        opened = {os.readlink(f"/proc/{arbiter}/fd/{fd}") for fd in os.listdir(f"/proc/{arbiter}/fd")}
        generation = str(next((tiny_index / "generations").iterdir()).resolve())
        assert any(path.startswith(generation) for path in opened), opened  # the first process holds it: loaded
