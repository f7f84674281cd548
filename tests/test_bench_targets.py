"""bench.targets: issue 19's targets read from results.json records (invented figures, no measuring)."""
from __future__ import annotations

from bench.targets import targets_table


def _lat(median: float, p95: float, p99: float | None = None) -> dict:
    return {"count": 200, "median": median, "p95": p95, "p99": p99 or p95, "mean": median, "max": p95}


def _run(passages: int, commit: str, verbatim: tuple[float, float], tantivy: tuple[float, float] | None = None) -> dict:
    search = {"verbatim": {"full": {"all": _lat(*verbatim), "cpu": _lat(*verbatim)}}}
    if tantivy:
        search["tantivy"] = {"full": {"all": _lat(*tantivy), "cpu": _lat(*tantivy)}}
    return {"passages": passages, "environment": {"commit": commit}, "build": {}, "search": search, "cold": {}}


def _row(table: str, text: str) -> list[str]:
    line = next(line for line in table.splitlines() if text in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_ratio_targets_are_read_from_the_100k_run_with_its_commit() -> None:
    table = targets_table([_run(100_000, "abc1234", (3.0, 9.0), (2.0, 2.0)), _run(10_000, "zzz", (1.0, 1.0), (9.0, 9.0))])
    median = _row(table, "median ≤ 2× tantivy's")
    assert median[0] == "100,000" and median[2] == "abc1234" and "1.50×" in median[3] and median[4] == "yes"
    p95 = _row(table, "p95 ≤ 3× tantivy's p95")
    assert "4.50×" in p95[3] and p95[4] == "**no**"


def test_targets_of_sizes_not_run_say_so() -> None:
    table = targets_table([_run(100_000, "abc1234", (3.0, 9.0))])  # no tantivy, no 1M run
    assert _row(table, "median ≤ 2× tantivy's")[3] == "not measured in these runs"
    assert _row(table, "build ≤ 15 minutes")[3] == "not measured in these runs"


def test_one_million_build_serving_and_median() -> None:
    run = _run(1_000_000, "def5678", (24.0, 80.0))
    run["build"]["verbatim"] = {"seconds": 16 * 60, "passages": 1_000_000, "tree_peak_mb": 1400.0, "peak_rss_mb": 900.0,
                                "cpu_seconds": 1500.0}
    run["serve_start"] = {"first_answer_s": 0.8, "first_word_ms": 450.0, "repeats": 1}
    table = targets_table([run])
    assert _row(table, "build ≤ 15 minutes")[4] == "**no**"
    assert _row(table, "1.5 GB peak RSS")[4] == "yes"
    assert _row(table, "first answer ≤ 1 s")[4] == "yes"
    assert _row(table, "first one-word query ≤ 300 ms")[4] == "**no**"
    assert _row(table, "median ≤ 25 ms")[4] == "yes"


def test_http_targets_all_three_and_the_tree_memory() -> None:
    run = _run(100_000, "abc1234", (3.0, 9.0))
    memory = {"rss_mb": 580.0, "pss_mb": 400.0, "peak_rss_mb": 590.0, "processes": 2}
    distinct = {"throughput": 260.0, "latency": _lat(40.0, 100.0, 160.0), "errors": 0, "memory_after": memory}
    run["http"] = {"distinct": distinct, "memory_after": {**memory, "rss_mb": 620.0}, "serve_args": "--processes 2"}
    table = targets_table([run])
    assert _row(table, "≥ 250 req/s")[4] == "yes"
    assert _row(table, "p99 ≤ 150 ms")[4] == "**no**"
    assert _row(table, "0 errors")[4] == "yes"
    tree = _row(table, "≤ 600 MB RSS")
    assert tree[4] == "**no**" and "620 MB RSS" in tree[3] and "--processes 2" in tree[3]


def test_first_answer_as_a_user_starts_the_server_is_its_own_row() -> None:
    run = _run(1_000_000, "def5678", (24.0, 80.0))
    run["serve_start"] = {"first_answer_s": 0.8, "first_word_ms": 200.0, "repeats": 1,
                          "with_input_check": {"first_answer_s": 3.1, "first_word_ms": 210.0}}
    table = targets_table([run])
    assert _row(table, "after `verbatim serve --no-build` starts")[4] == "yes"
    checked = _row(table, "as a user starts it")
    assert checked[4] == "**no**" and "3.10 s" in checked[3]
    run["serve_start"]["with_input_check"] = {"skipped": "the index was built from other inputs or code"}
    assert _row(targets_table([run]), "as a user starts it")[3] == "not measured in these runs"


def test_two_runs_of_one_size_each_give_the_targets_they_measured() -> None:
    engines = _run(100_000, "eng1111", (3.0, 9.0), (2.0, 4.0))  # the engines side by side, no 1M figures
    again = _run(100_000, "srv2222", (5.0, 20.0))  # another serving run: no tantivy, so no ratio
    table = targets_table([engines, again])
    median = _row(table, "median ≤ 2× tantivy's")
    assert median[2] == "eng1111" and "1.50×" in median[3]
    later = _run(100_000, "srv3333", (4.0, 8.0), (2.0, 2.0))  # both measured it: the last one given
    assert _row(targets_table([engines, later]), "median ≤ 2× tantivy's")[2] == "srv3333"
