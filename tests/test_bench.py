"""The benchmark generator and query set (the benchmarks themselves are never part of the suite)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bench.generate import BUNDLED_CORPUS, generate
from bench.queries import MIX, load_query_set, make_query_set, resolve
from bench.text import Chain
from bench.world import build_world
from cli.main import main
from indexer.build import build_index
from indexer.metadata import check_registry, load_registry
from indexer.search import open_index, run_search
from indexer.search.types import SearchRequest

PASSAGES, SEED = 300, 7


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "small"
    assert main(["bench", "generate", "--passages", str(PASSAGES), "--seed", str(SEED), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def generated_index(generated: Path, tmp_path_factory: pytest.TempPathFactory):
    index = tmp_path_factory.mktemp("bench-index") / "index"
    summary = build_index(generated / "corpus", generated / "metadata", index)
    return index, summary


def test_same_seed_same_bytes(generated: Path, tmp_path: Path) -> None:
    again = generate(PASSAGES, SEED, tmp_path / "again")
    assert _files(generated) == _files(tmp_path / "again")
    assert again.passages == PASSAGES


def test_another_seed_another_corpus(generated: Path, tmp_path: Path) -> None:
    generate(PASSAGES, SEED + 1, tmp_path / "other")
    assert _files(generated / "corpus") != _files(tmp_path / "other" / "corpus")


def test_refuses_to_overwrite_folders_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "mine.txt").write_text("A user's document.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not written by `verbatim bench generate`"):
        generate(PASSAGES, SEED, tmp_path)
    assert (tmp_path / "corpus" / "mine.txt").read_text(encoding="utf-8") == "A user's document.\n"


def test_metadata_validates_and_lists_every_file(generated: Path) -> None:
    registry, problems, _ = check_registry(generated / "metadata")
    assert [str(p) for p in problems] == []
    files = sorted(p.relative_to(generated / "corpus").as_posix() for p in (generated / "corpus").rglob("*.txt"))
    assert sorted(d.file for d in registry.documents) == files
    assert {d.event for d in registry.documents} <= {e.id for e in registry.events} | {None}


def test_real_indexer_takes_it_with_exact_passage_count(generated: Path, generated_index) -> None:
    _, summary = generated_index
    registry = load_registry(generated / "metadata")
    assert (summary.documents, summary.passages, summary.problems) == (len(registry.documents), PASSAGES, ())
    assert summary.quotations > PASSAGES // 10  # about a quarter of paragraphs quote someone


def test_attribution_finds_the_generated_speakers(generated_index) -> None:
    index, _ = generated_index
    world = build_world(PASSAGES, SEED)
    view = open_index(index)
    cited = view.speaker_counts()
    assert len(set(cited) & {s.id for s in world.speakers}) >= len(world.speakers) // 2
    top = world.speakers[0].id
    results = run_search(view, SearchRequest(speaker=(top,), per_page=10))
    assert results.total == cited[top]["passages"] > 0  # the filter and the speaker counts agree
    assert all(top in h.passage.speaker_ids for h in results.hits)


def test_query_set_is_fixed() -> None:
    queries = load_query_set()
    assert len(queries) == 200
    assert Counter(q.kind for q in queries) == dict(MIX)
    assert list(queries) == make_query_set(Chain.from_folder(BUNDLED_CORPUS))
    world = build_world(10_000, 1)
    assert resolve(queries, world) == resolve(load_query_set(), build_world(10_000, 1))
    assert sum(q.filtered for q in resolve(queries, world)) == 70
