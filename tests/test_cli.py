"""The `verbatim` command's contract: help for every command, where it looks for its folders (flags,
then VERBATIM_* variables, then the bundled ones), what `search` prints, and one-line errors."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.metadata import load_registry
from indexer.search import open_index
from serving import Run, verbatim
from cli.main import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
OPIUM_FILE = "ashgabat-2018-high-level-meeting.txt"
OPIUM_QUOTE_START = '"UNODC estimates show that in 2016'
ENV = ("VERBATIM_CORPUS", "VERBATIM_METADATA", "VERBATIM_INDEX")


@pytest.fixture(autouse=True)
def no_user_environment(monkeypatch):
    """Tests decide the VERBATIM_* variables; the developer's own settings must not leak in."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory) -> Path:
    """An index of the bundled corpus and metadata, built by `verbatim index` into a temporary folder."""
    index = tmp_path_factory.mktemp("bundled") / "index"
    run = verbatim("index", "--corpus", str(ROOT / "corpus"), "--metadata", str(ROOT / "metadata"),
                   "--index", str(index))
    assert (run.code, run.err) == (0, [])
    return index


def test_index_ends_with_a_one_line_summary(tmp_path):
    """The bundled corpus is fully described by its metadata: no notes, no discovered speakers, one line."""
    run = verbatim("index", "--corpus", str(ROOT / "corpus"), "--metadata", str(ROOT / "metadata"),
                   "--index", str(tmp_path / "index"))
    assert (run.code, run.err, len(run.out)) == (0, [], 1)
    assert re.fullmatch(
        r"indexed 5 documents, \d+ passages, \d+ quotations, \d+ speakers, \d+ themes in \d+\.\d\d s", run.out[0]
    )


def search(index: Path, *args: str) -> Run:
    return verbatim("search", *args, "--corpus", str(ROOT / "corpus"), "--metadata", str(ROOT / "metadata"),
                    "--index", str(index))


# --- help -------------------------------------------------------------------------------------


def test_top_level_help_lists_every_command():
    run = verbatim("--help")
    assert (run.code, run.err) == (0, [])
    assert run.out[0] == "usage: verbatim [-h] COMMAND ..."
    listed = [line.split()[0] for line in run.out if line.startswith("    ") and line.split()]
    assert listed == ["add", "index", "search", "check", "validate", "propose", "extract", "eval", "serve", "verify", "bench"]
    assert len(COMMANDS) == len(listed)


@pytest.mark.parametrize(
    "argv",
    [["add"], ["index"], ["search"], ["check"], ["validate"], ["propose"], ["extract"], ["eval"], ["serve"], ["bench"], ["bench", "generate"],
     ["bench", "run"]],
    ids=lambda argv: "-".join(argv),
)
def test_every_command_has_help_with_an_example(argv):
    run = verbatim(*argv, "--help")
    assert (run.code, run.err) == (0, [])
    assert run.out[0].startswith(f"usage: verbatim {' '.join(argv)} ")
    if argv != ["bench", "generate"] and argv != ["bench", "run"]:  # the actions' parent shows the examples
        assert "Example:" in run.out


@pytest.mark.parametrize("command", ["index", "search", "check", "validate", "serve"])
def test_commands_over_the_index_take_the_three_folders(command):
    help_text = "\n".join(verbatim(command, "--help").out)
    for env in ENV:
        option = "--" + env.removeprefix("VERBATIM_").lower()
        assert option in help_text and f"env {env};" in help_text


def test_no_command_is_a_usage_error():
    run = verbatim()
    assert run.code == 2
    assert run.err[-1] == "verbatim: error: the following arguments are required: COMMAND"


# --- environment variables --------------------------------------------------------------------


def test_environment_variables_choose_the_folders(tmp_path, tiny_copy, monkeypatch):
    corpus, metadata = tiny_copy
    index = tmp_path / "env-index"
    monkeypatch.setenv("VERBATIM_CORPUS", str(corpus))
    monkeypatch.setenv("VERBATIM_METADATA", str(metadata))
    monkeypatch.setenv("VERBATIM_INDEX", str(index))
    run = verbatim("index", "--quiet")
    assert (run.code, run.err) == (0, [])
    assert run.out[0].startswith("indexed 3 documents, 8 passages, ")
    view = open_index(index)
    assert sorted(view.catalog.documents) == ["almaty-2010-seminar", "bishkek-2011-note", "dushanbe-workshop"]
    assert view.catalog.label("event", "almaty-2010-seminar") != "almaty-2010-seminar"  # from the env metadata

    found = json.loads("\n".join(verbatim("search", "Weiss", "--json").out))
    assert [r["document"]["id"] for r in found["results"]] == ["almaty-2010-seminar"]

    monkeypatch.chdir(tmp_path)
    (corpus / "unlisted.txt").write_text("A note\n\nText.\n", encoding="utf-8")
    run = verbatim("validate")
    no_metadata = (
        "warning: no metadata (no entry in documents.yaml, no front matter); "
        "title and date will be inferred from the text"
    )
    assert run.code == 0
    assert run.out[:2] == [f"corpus/dushanbe-workshop.txt:1: {no_metadata}", f"corpus/unlisted.txt:1: {no_metadata}"]


def test_flags_win_over_environment_variables(tmp_path, tiny_copy, monkeypatch):
    corpus, metadata = tiny_copy
    monkeypatch.setenv("VERBATIM_CORPUS", str(tmp_path / "no-such-corpus"))
    monkeypatch.setenv("VERBATIM_METADATA", str(metadata))
    monkeypatch.setenv("VERBATIM_INDEX", str(tmp_path / "env-index"))
    run = verbatim("index", "--quiet", "--corpus", str(corpus), "--index", str(tmp_path / "flag-index"))
    assert (run.code, run.err) == (0, [])
    assert len(open_index(tmp_path / "flag-index").catalog.documents) == 3
    assert not (tmp_path / "env-index").exists()


def test_search_builds_the_index_on_first_use(tmp_path, tiny_copy, monkeypatch):
    corpus, metadata = tiny_copy
    monkeypatch.setenv("VERBATIM_INDEX", str(tmp_path / "fresh"))
    run = verbatim("search", "Weiss", "--corpus", str(corpus), "--metadata", str(metadata))
    assert run.code == 0
    assert run.out[0] == "1 passages (1 with quotations)"
    assert len(open_index(tmp_path / "fresh").catalog.documents) == 3


# --- search output ----------------------------------------------------------------------------


def opium_paragraph() -> tuple[str, int, int]:
    """The opium-poppy paragraph of the bundled Ashgabat release, located in the file itself."""
    source = (ROOT / "corpus" / OPIUM_FILE).read_text(encoding="utf-8")
    start = source.index(OPIUM_QUOTE_START)
    end = source.index("\n", start)
    return source, start, end


def test_search_opium_shows_the_passage_with_its_provenance(bundled_index):
    registry = load_registry(ROOT / "metadata")
    doc = next(d for d in registry.documents if d.file == OPIUM_FILE)
    event = next(e for e in registry.events if e.id == doc.event)
    source, start, end = opium_paragraph()
    passage = open_index(bundled_index).document_passages(doc.id)
    [pid] = [p.id for p in passage if p.start == start]
    block = source[:start].count("\n\n")

    run = search(bundled_index, "opium")
    assert (run.code, run.err) == (0, [])
    shown = source[start:end].replace("opium poppy", "[opium] poppy")
    assert run.out[:6] == [
        "1 passages (1 with quotations)",
        "",
        f"1. {doc.title} ({doc.published.isoformat()})",
        f"   speakers: Koen Marquering | event: {event.name}",
        f"   {doc.id} block {block}, characters {start}-{end} | id {pid}",
        f"   {shown}",
    ]
    assert "speaker: Koen Marquering [koen-marquering] (1)" in run.out
    assert f"event: {event.short_name} [{event.id}] (1)" in run.out


def test_search_json_parses_and_its_offsets_are_exact(bundled_index):
    run = search(bundled_index, "opium", "--json")
    assert (run.code, run.err) == (0, [])
    data = json.loads("\n".join(run.out))
    source, start, end = opium_paragraph()
    [hit] = data["results"]
    assert (data["total"], hit["start"], hit["end"], hit["text"]) == (1, start, end, source[start:end])
    assert [(q["speaker"], source[q["start"] : q["end"]] == q["text"]) for q in hit["quotes"]] == [
        ("koen-marquering", True)
    ]
    assert hit["document"]["published"] == "2018-04-30"
    assert {v["id"]: v["count"] for v in data["facets"]["speaker"]} == {"koen-marquering": 1}


@pytest.mark.parametrize("facet", ["speaker", "event", "theme", "organization"])
def test_unknown_facet_ids_find_nothing_and_exit_zero(bundled_index, facet):
    run = search(bundled_index, "opium", f"--{facet}", "no-such-id")
    assert (run.code, run.err) == (0, [])
    assert run.out[0] == "0 passages (0 with quotations)"
    data = json.loads("\n".join(search(bundled_index, "opium", f"--{facet}", "no-such-id", "--json").out))
    assert (data["total"], data["results"]) == (0, [])


def test_invalid_search_parameters_are_one_line_errors(bundled_index):
    assert search(bundled_index, "opium", "--year", "abc") == Run(
        2, [], ["verbatim: error: year must be a four-digit year or 'none', not 'abc'"]
    )
    assert search(bundled_index, "opium", "--page", "0") == Run(
        2, [], ["verbatim: error: page must be a whole number 1 or more"]
    )


# --- a wrong corpus path ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command, message",
    [
        ("index", "{corpus}: corpus folder does not exist; the index was not changed"),
        ("search", "{corpus}: corpus folder does not exist"),
    ],
)
def test_a_missing_corpus_folder_is_a_one_line_error(tmp_path, command, message):
    corpus = tmp_path / "no-such-corpus"
    index = tmp_path / "i"
    run = verbatim(command, "--corpus", str(corpus), "--metadata", str(ROOT / "metadata"), "--index", str(index))
    assert run == Run(1, [], ["verbatim: error: " + message.format(corpus=corpus)])
    assert not (tmp_path / "i" / "CURRENT").exists()


def test_a_missing_corpus_folder_stops_serve_before_it_listens(tmp_path):
    corpus = tmp_path / "no-such-corpus"
    done = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--port", "0", "--corpus", str(corpus),
         "--metadata", str(ROOT / "metadata"), "--index", str(tmp_path / "i")],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        1, "", f"verbatim: error: {corpus}: corpus folder does not exist; there is no index to serve yet\n"
    )


def test_validate_names_a_missing_corpus_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = verbatim("validate", "--corpus", "no-such-corpus", "--metadata", str(ROOT / "metadata"))
    assert run == Run(
        1,
        ["no-such-corpus:1: corpus folder does not exist"],
        ["verbatim: error: 1 error(s), 0 warning(s) in the metadata"],
    )


def test_a_file_where_a_folder_belongs_is_a_one_line_error(tmp_path, bundled_index):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n", encoding="utf-8")
    corpus, metadata = str(ROOT / "corpus"), str(ROOT / "metadata")
    assert verbatim("search", "opium", "--corpus", corpus, "--metadata", metadata, "--index", str(a_file)) == Run(
        1, [], [f"verbatim: error: cannot use the index folder ({a_file / 'CURRENT'}: Not a directory)"]
    )
    # Not "no metadata": a search must not quietly rebuild the index without the registry.
    run = verbatim("search", "opium", "--corpus", corpus, "--metadata", str(a_file), "--index", str(bundled_index))
    assert run == Run(1, [], [f"verbatim: error: {a_file}: the metadata must be a folder"])
    assert len(open_index(bundled_index).catalog.events) == len(load_registry(ROOT / "metadata").events)


def test_only_serve_loads_the_web_app():
    """The command line is its own face: building every command's parser never imports Flask."""
    probe = "import sys; from cli.main import build_parser; build_parser(); print('flask' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
