"""`verbatim bench run` end to end on a tiny generated corpus: what it records and renders (never how fast)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench.answers import comparison
from bench.measure import tree_memory
from bench.report import BEGIN, END
from bench.serving import index_is_current
from cli.main import main

PASSAGES, SEED = 240, 3
PROSE = "# Benchmark results\n\nHand-written notes stay.\n\n"


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    """One full run (Verbatim and FTS5, HTTP passes of 1 s): the folder, the Markdown it updated and its
    results (as first written: later tests run again in the same folder)."""
    root = tmp_path_factory.mktemp("bench-run")
    data = root / "tiny"
    assert main(["bench", "generate", "--passages", str(PASSAGES), "--seed", str(SEED), "--out", str(data)]) == 0
    report = root / "RESULTS.md"
    report.write_text(f"{PROSE}{BEGIN}\nold tables\n{END}\n\nMore notes.\n", encoding="utf-8")
    args = ["bench", "run", str(data), "--engines", "verbatim,fts5", "--http-seconds", "1", "--results", str(report)]
    assert main(args) == 0
    return data, report, _results(data)


def _results(data: Path) -> dict:
    return json.loads((data / "results.json").read_text(encoding="utf-8"))


def test_builds_with_and_without_registry_are_recorded(measured) -> None:
    build = measured[2]["build"]
    assert build["verbatim"]["passages"] == build["verbatim-inferred"]["passages"] == PASSAGES
    assert build["verbatim"]["tree_peak_mb"] > 0 and build["verbatim-inferred"]["cpu_seconds"] > 0
    assert not (measured[0] / "index-inferred").exists()  # measured, then removed


def test_a_fresh_server_answers_and_its_first_one_word_search_is_timed(measured) -> None:
    start = measured[2]["serve_start"]
    assert start["status"] == 200 and len(start["word"].split()) == 1
    assert 0 < start["first_answer_s"] and 0 < start["first_word_ms"]
    assert start["repeats"] == len(start["all_first_answer_s"]) == 3
    assert start["pss_mb"] > 0
    checked = start["with_input_check"]  # the index was just built from these inputs: served as it is
    assert 0 < checked["first_answer_s"] and 0 < checked["first_word_ms"]


def test_http_passes_cover_search_check_and_citations_without_errors(measured) -> None:
    http = measured[2]["http"]
    for name in ("distinct", "repeated", "mixed"):
        p = http[name]
        assert p["errors"] == 0, p["first_error"]
        assert p["requests"] > 0 and p["server_cpu_ms_per_request"] >= 0 and p["loadgen_cpu_s"] > 0
        assert 0 < p["memory_after"]["pss_mb"] <= p["memory_after"]["rss_mb"]
    assert set(http["mixed"]["kinds"]) <= {"search", "check", "cite", "passage"}
    assert "search" in http["mixed"]["kinds"]
    assert sum(k["count"] for k in http["mixed"]["kinds"].values()) == http["mixed"]["requests"]


def test_quote_check_latency_and_answers_are_recorded(measured) -> None:
    search = measured[2]["search"]["verbatim"]
    assert search["check"]["exact"]["verdict_exact"] == search["check"]["quotes"]
    answers = json.loads((measured[0] / "answers.json").read_text(encoding="utf-8"))
    assert len(answers) == 200 and {"query", "total", "hits", "highlights", "facets"} <= set(answers[0])


def test_report_keeps_the_prose_and_shows_each_run_with_its_commit(measured) -> None:
    _, report, results = measured
    text = report.read_text(encoding="utf-8")
    assert text.startswith(PROSE + BEGIN) and text.endswith(f"{END}\n\nMore notes.\n")
    assert "old tables" not in text
    commit = results["environment"]["commit"]
    assert f"| {PASSAGES:,} | {commit} |" in text
    for heading in ("Issue 19 targets", "A fresh `verbatim serve`", "HTTP mixed pass, by route", "Check a quote",
                    "Metadata inference in the build", "Verbatim as a ratio"):
        assert f"### {heading}" in text
    assert "| SQLite FTS5 |" in text  # the ratio rows


def test_answers_baseline_identical_then_different(measured, tmp_path: Path) -> None:
    data = measured[0]
    baseline = tmp_path / "baseline.json"
    answers = json.loads((data / "answers.json").read_text(encoding="utf-8"))
    baseline.write_text(json.dumps(answers), encoding="utf-8")
    common = ["bench", "run", str(data), "--engines", "verbatim", "--reuse", "--http-seconds", "0",
              "--no-inferred-build", "--results", str(tmp_path / "R.md")]
    assert main([*common, "--answers-baseline", str(baseline)]) == 0
    assert _results(data)["search"]["verbatim"]["answers"]["identical"] is True
    assert "all 200 identical" in (tmp_path / "R.md").read_text(encoding="utf-8")
    answers[0]["total"] += 1
    baseline.write_text(json.dumps(answers), encoding="utf-8")
    mine = json.loads((data / "answers.json").read_text(encoding="utf-8"))
    recorded = comparison(baseline, mine)
    assert recorded["identical"] is False and recorded["differences"] == 1 and "total differs" in recorded["lines"][0]


def test_answers_baseline_needs_one_folder(measured, tmp_path: Path, capsys) -> None:
    data = measured[0]
    baseline = tmp_path / "b.json"
    baseline.write_text("[]", encoding="utf-8")
    assert main(["bench", "run", str(data), str(data), "--answers-baseline", str(baseline), "--report-only"]) != 0
    assert "one DATA folder" in capsys.readouterr().err


def test_tree_memory_reads_rss_and_pss_of_a_running_process() -> None:
    memory = tree_memory(os.getpid())
    assert memory.processes >= 1 and 0 < memory.pss_mb <= memory.rss_mb + 1


def test_a_failing_phase_is_recorded_and_reported_and_the_rest_kept(measured, tmp_path: Path, capsys) -> None:
    data = measured[0]
    report = tmp_path / "R.md"
    args = ["bench", "run", str(data), "--engines", "verbatim", "--reuse", "--http-seconds", "1", "--no-inferred-build",
            "--serve-args", "--processes 0", "--results", str(report)]  # serve refuses 0 processes
    assert main(args) == 1
    results = _results(data)
    assert set(results["failures"]) == {"serve_start", "http"}
    assert "exited with code" in results["failures"]["serve_start"]
    assert results["search"]["verbatim"]["full"]["all"]["count"] == 200  # measured before the failure, kept
    assert "**serve_start failed**" in report.read_text(encoding="utf-8")
    assert "some measurements failed" in capsys.readouterr().err


def test_serve_as_a_user_starts_it_only_on_an_index_of_these_inputs(measured, tmp_path: Path) -> None:
    data = measured[0]
    assert index_is_current(data, data / "index")
    copy = tmp_path / "copy"
    for part in ("corpus", "metadata"):
        shutil.copytree(data / part, copy / part)
    (copy / "corpus" / "added.txt").write_text("A document added since the build.\n", encoding="utf-8")
    assert not index_is_current(copy, data / "index")  # serve would rebuild it: the bench does not start it so


def test_never_builds_into_an_index_linked_from_elsewhere(tmp_path: Path, capsys) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "kept-index"
    assert main(["bench", "generate", "--passages", "40", "--seed", "1", "--out", str(data)]) == 0
    elsewhere.mkdir()
    (elsewhere / "mine").write_text("not to be replaced", encoding="utf-8")
    (data / "index").symlink_to(elsewhere)
    assert main(["bench", "run", str(data), "--engines", "verbatim", "--results", str(tmp_path / "R.md")]) != 0
    assert "is a link" in capsys.readouterr().err
    assert (elsewhere / "mine").read_text(encoding="utf-8") == "not to be replaced"
