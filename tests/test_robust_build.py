"""Bad corpus files through the real build: a precise message, the rest indexed with keep_going, else nothing lost.

Without keep_going the build stops and the index folder is exactly as before (CURRENT, generations,
no leftovers); with it every good file is indexed and each bad one is reported once.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indexer.build import BuildError, build_index, ensure_index
from indexer.catalog import load_catalog
from indexer.index_format import current_generation
from indexer.passages import HARD_MAX
from indexer.search import SearchRequest, open_index, run_search
from indexer.stages import PARALLEL_MIN_FILES
from indexer.writer import GenerationWriter
from serving import write_site
from cli.main import main

GOOD = {
    "alpha.txt": "Meeting in Dushanbe\n\nThe ministers agreed on border cooperation.\n",
    "beta.txt": "Talks in Tashkent\n\n“We will act together,” said the Minister.\n",
}
BAD = [
    ("latin1.txt", "Café au lait".encode("latin-1"), "latin1.txt: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8"),
    ("empty.txt", b"", "empty.txt: empty file"),
    ("blank.md", b"\xef\xbb\xbf \r\n", "blank.md: empty file (only a byte-order mark or spaces)"),
    ("junk.txt", bytes(range(256)) * 64, "junk.txt: binary data (NUL byte at offset 0), not text"),
    ("noise.txt", os.urandom(4096).replace(b"\x00", b"\x01") + b"\xff", None),  # invalid UTF-8 somewhere
    ("utf16.txt", "Hello".encode("utf-16"), "utf16.txt: encoded as UTF-16 (byte-order mark at byte offset 0); re-save the file as UTF-8"),
    ("evil.md", b"---\nid: ../../../escape\n---\nBody.\n", "evil.md: front matter: id '../../../escape' must be lowercase letters, digits and hyphens"),
    ("broken.md", b"---\ntitle: [unclosed\n---\nBody.\n", "broken.md: front matter is not valid YAML at line 3, column 1: expected ',' or ']', but got '<stream end>'"),
]


def snapshot(index_dir: Path) -> dict[str, bytes]:
    """Every file under the index folder (except the lock) with its bytes."""
    return {
        p.relative_to(index_dir).as_posix(): p.read_bytes()
        for p in sorted(index_dir.rglob("*"))
        if p.is_file() and p.name != ".build.lock"
    }


@pytest.fixture
def folders(tmp_path):
    corpus, metadata, index = write_site(tmp_path, GOOD)
    build_index(corpus, metadata, index)
    return corpus, metadata, index


def found(index: Path, q: str) -> int:
    """Passages the serving index finds for q (through the search side, as the web app would)."""
    return run_search(open_index(index), SearchRequest(q=q)).total


def document_files(index: Path) -> list[str]:
    return sorted(entry.meta.file for entry in load_catalog(current_generation(index)).documents.values())


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_stops_the_build_and_leaves_the_index_untouched(folders, name, data, message):
    corpus, metadata, index = folders
    before = snapshot(index)
    (corpus / name).write_bytes(data)
    with pytest.raises(BuildError) as info:
        build_index(corpus, metadata, index)
    if message:
        assert str(info.value) == f"{message} (use --keep-going to index the rest)"
    else:
        assert str(info.value).startswith(f"{name}: not valid UTF-8 at byte offset ")
    assert snapshot(index) == before
    assert document_files(index) == sorted(GOOD)
    assert (found(index, "border"), found(index, "together")) == (1, 1)


@pytest.mark.parametrize(("name", "data", "message"), BAD, ids=[b[0] for b in BAD])
def test_keep_going_indexes_the_rest_and_reports_the_file(folders, name, data, message):
    corpus, metadata, index = folders
    (corpus / name).write_bytes(data)
    (corpus / "gamma.txt").write_text("A third, good document.\n", encoding="utf-8")
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert len(summary.problems) == 1
    assert summary.problems[0].startswith(f"{name}: ") and summary.problems[0].endswith("; skipped")
    if message:
        assert summary.problems == (f"{message}; skipped",)
    assert (summary.documents, document_files(index)) == (3, sorted([*GOOD, "gamma.txt"]))
    assert (found(index, "border"), found(index, "third")) == (1, 1)


def test_every_bad_file_at_once_is_reported_in_corpus_order(folders):
    corpus, metadata, index = folders
    for name, data, _ in BAD:
        (corpus / name).write_bytes(data)
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert [p.split(":")[0] for p in summary.problems] == sorted(name for name, _, _ in BAD)
    assert document_files(index) == sorted(GOOD)


def test_identical_documents_one_is_skipped_naming_both(folders):
    corpus, metadata, index = folders
    (corpus / "copy of alpha.txt").write_bytes((corpus / "alpha.txt").read_bytes())
    summary = build_index(corpus, metadata, index)
    assert summary.problems == ("copy of alpha.txt: identical to alpha.txt; skipped",)
    assert document_files(index) == sorted(GOOD)


def test_file_deleted_between_listing_and_reading(folders):
    corpus, metadata, index = folders
    (corpus / "zeta.txt").write_text("Soon gone.\n", encoding="utf-8")

    def delete_zeta(done: int, total: int, path: str) -> None:  # runs after alpha.txt, before zeta.txt is read
        (corpus / "zeta.txt").unlink(missing_ok=True)

    before = snapshot(index)
    with pytest.raises(BuildError, match=r"^zeta.txt: file disappeared before it could be read \(use --keep-going"):
        build_index(corpus, metadata, index, progress=delete_zeta)
    assert snapshot(index) == before
    (corpus / "zeta.txt").write_text("Soon gone.\n", encoding="utf-8")
    summary = build_index(corpus, metadata, index, keep_going=True, progress=delete_zeta)
    assert summary.problems == ("zeta.txt: file disappeared before it could be read; skipped",)
    assert document_files(index) == sorted(GOOD)


def test_bom_and_crlf_offsets_are_exact_in_the_stored_text(folders):
    corpus, metadata, index = folders
    raw = "\ufeffCRLF title\r\n\r\n“Quoted\xa0words,” said Ms. Lajčák.\r\nNext line.\r\n"
    (corpus / "crlf.txt").write_bytes(raw.encode("utf-8"))
    build_index(corpus, metadata, index)
    generation = current_generation(index)
    catalog = open_index(index).catalog  # passage ids come from the view's columns
    (entry,) = [e for e in catalog.documents.values() if e.meta.file == "crlf.txt"]
    stored = (generation / "texts" / f"{entry.meta.id}.txt").read_bytes().decode("utf-8")
    assert stored == raw[1:]  # the BOM is not text; every other character, \r included, is kept
    assert len(entry.passage_ids) == 2  # the quotation and "Next line."; "CRLF title" is the title


def test_non_utf8_file_name_is_reported_and_printable(folders, capsys):
    corpus, metadata, index = folders
    (corpus / os.fsdecode(b"caf\xe9.txt")).write_text("Text.\n", encoding="utf-8")
    code = main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index), "--keep-going"])
    err = capsys.readouterr().err
    assert code == 0
    assert "warning: caf\\xe9.txt: file name is not valid UTF-8; rename the file; skipped" in err


def test_cli_stops_with_one_clear_line_and_exit_1(folders, capsys):
    corpus, metadata, index = folders
    (corpus / "latin1.txt").write_bytes("Café".encode("latin-1"))
    before = snapshot(index)
    code = main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)])
    captured = capsys.readouterr()
    assert (code, captured.out) == (1, "")
    assert captured.err == (
        "verbatim: error: latin1.txt: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8 "
        "(use --keep-going to index the rest); the index was not changed\n"
    )
    assert snapshot(index) == before


def test_cli_keep_going_warns_and_summarises(folders, capsys):
    corpus, metadata, index = folders
    (corpus / "latin1.txt").write_bytes("Café".encode("latin-1"))
    code = main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index), "--keep-going"])
    captured = capsys.readouterr()
    assert code == 0
    assert "warning: latin1.txt: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8; skipped" in captured.err
    assert captured.out.startswith("indexed 2 documents, ")


@pytest.mark.parametrize("missing", ["corpus", "metadata-is-a-file"])
def test_cli_missing_or_wrong_folders_give_a_message_not_a_traceback(folders, capsys, missing):
    corpus, metadata, index = folders
    if missing == "corpus":
        corpus = corpus.parent / "nope"
    else:
        metadata = corpus / "alpha.txt"
    before = snapshot(index)
    code = main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("verbatim: error: ") or ": " in err.splitlines()[0]
    assert "Traceback" not in err
    assert snapshot(index) == before


def test_index_folder_that_cannot_be_created_is_a_message(folders, capsys):
    corpus, metadata, index = folders
    blocker = index.parent / "a-file"
    blocker.write_text("not a folder")
    code = main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(blocker / "index")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("verbatim: error: ") and "a-file" in err


def test_twenty_megabyte_file_builds_with_bounded_passages(tmp_path):
    """Prose paragraphs plus one long run with no sentence end: the build finishes and no passage is huge."""
    corpus, metadata, index = tmp_path / "corpus", tmp_path / "metadata", tmp_path / "index"
    corpus.mkdir()
    sentence = "The delegations discussed border security and water sharing in the region. "
    paragraph = "“We will work together,” said the Minister. " + sentence * 12
    blob = "word " * 400_000  # 2 MB without a sentence end
    with open(corpus / "huge.txt", "w", encoding="utf-8") as handle:
        handle.write("Huge report\n\n")
        while handle.tell() < 18_000_000:
            handle.write(paragraph + "\n\n")
        handle.write(blob)
    assert (corpus / "huge.txt").stat().st_size > 20_000_000
    summary = build_index(corpus, metadata, index)
    view = open_index(index)
    (doc_id,) = view.catalog.documents
    text = view.document_text(doc_id)
    assert text == (corpus / "huge.txt").read_text(encoding="utf-8")
    passages = view.document_passages(doc_id)
    assert summary.documents == 1 and summary.passages == len(passages) > len(text) // HARD_MAX
    assert max(len(p.text) for p in passages) <= HARD_MAX
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert found(index, "delegations") > 10_000


FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))
from cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_disk_full_mid_build_is_one_message_and_the_index_is_kept(folders):
    corpus, metadata, index = folders
    for n in range(30):  # each text file stays small; the Whoosh segment written at commit does not
        words = " ".join(f"w{n}x{i}" for i in range(1200))
        (corpus / f"many-{n}.txt").write_text(f"Report {n}\n\n{words}.\n", encoding="utf-8")
    before = snapshot(index)
    command = [sys.executable, "-c", FULL_DISK, "index", "--quiet", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("verbatim: error: cannot write the index (")
    assert result.stderr.endswith(": File too large); the index was not changed\n"), result.stderr
    assert snapshot(index) == before
    assert found(index, "border") == 1


def test_discard_after_a_publish_that_failed_past_the_commit_leaves_nothing(folders):
    """The Whoosh writer is closed once commit ran; discarding must not raise over the real cause."""
    corpus, metadata, index = folders
    before = snapshot(index)
    writer = GenerationWriter(index)
    with pytest.raises(AttributeError):
        writer.publish(None, {})  # type: ignore[arg-type]  # fails right after the commit
    writer.discard()
    assert snapshot(index) == before
    assert found(index, "border") == 1


def test_a_file_edited_during_the_build_makes_the_index_stale(folders):
    """The manifest must describe what was read: an edit made mid-build is picked up by the next ensure_index."""
    corpus, metadata, index = folders

    def edit_alpha(done: int, total: int, path: str) -> None:  # alpha.txt was read already
        if path == "alpha.txt":
            (corpus / "alpha.txt").write_text("Meeting in Dushanbe\n\nThe ministers agreed on a numbat.\n", encoding="utf-8")

    build_index(corpus, metadata, index, progress=edit_alpha)
    assert found(index, "numbat") == 0
    assert ensure_index(corpus, metadata, index) is not None
    assert found(index, "numbat") == 1
    assert ensure_index(corpus, metadata, index) is None


def test_bad_files_in_a_corpus_large_enough_for_worker_processes(folders):
    """Errors found in worker processes come back to the main process as the same precise messages."""
    corpus, metadata, index = folders
    for n in range(PARALLEL_MIN_FILES):
        (corpus / f"many-{n:03d}.txt").write_text(f"Report {n}\n\nText number {n} about regional matters.\n", encoding="utf-8")
    for name, data, _ in BAD:
        (corpus / name).write_bytes(data)
    before = snapshot(index)
    with pytest.raises(BuildError) as info:
        build_index(corpus, metadata, index)
    assert str(info.value) == "blank.md: empty file (only a byte-order mark or spaces) (use --keep-going to index the rest)"
    assert snapshot(index) == before
    summary = build_index(corpus, metadata, index, keep_going=True)
    assert [p.split(":")[0] for p in summary.problems] == sorted(name for name, _, _ in BAD)
    assert summary.documents == len(GOOD) + PARALLEL_MIN_FILES
    assert found(index, "regional") == PARALLEL_MIN_FILES


def test_an_index_built_by_other_pipeline_code_is_rebuilt(folders, monkeypatch):
    """Same inputs, upgraded indexer: the index made by the old code is stale (a release that stops indexing
    titles as passages must not keep serving the old passages), while search-side code counts for nothing."""
    import indexer.build as build

    corpus, metadata, index = folders
    build_index(corpus, metadata, index)
    assert ensure_index(corpus, metadata, index) is None
    before = build.pipeline_digest()
    monkeypatch.setattr(build, "pipeline_digest", lambda: b"other pipeline code")
    assert ensure_index(corpus, metadata, index) is not None
    assert ensure_index(corpus, metadata, index) is None
    monkeypatch.setattr(build, "pipeline_digest", lambda: before)
    assert ensure_index(corpus, metadata, index) is not None  # back to this code: rebuilt again


def test_the_pipeline_digest_covers_the_indexer_but_not_the_search_side(tmp_path, monkeypatch):
    import indexer.build as build

    root = tmp_path / "indexer"
    (root / "search").mkdir(parents=True)
    (root / "passages.py").write_text("A = 1\n")
    (root / "search" / "run.py").write_text("B = 1\n")
    monkeypatch.setattr(build, "__file__", str(root / "build.py"))
    digest = build.pipeline_digest.__wrapped__
    first = digest()
    (root / "search" / "run.py").write_text("B = 2\n")
    assert digest() == first
    (root / "passages.py").write_text("A = 2\n")
    assert digest() != first
