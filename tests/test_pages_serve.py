"""`verbatim serve`: builds the index when missing, serves pages and API over waitress, stops on Ctrl+C."""
from __future__ import annotations

import json
import re
import socket
import subprocess
import sys

from indexer.build import build_index
from indexer.index_format import current_generation
from serving import copy_folders, fetch, folder_args, serving, start_server, stop


def test_serve_builds_the_index_then_serves(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    index = tmp_path / "index"
    server = start_server(folder_args(tiny_corpus_dir, tiny_metadata_dir, index), tmp_path / "serve.log")
    try:
        assert current_generation(index) is not None  # built before serving
        status, headers, body = fetch(f"{server.url}/")
        assert status == 200 and b"Search what was said" in body
        assert headers["Server"] == "verbatim" and "script-src 'self'" in headers["Content-Security-Policy"]
        status, _, body = fetch(f"{server.url}/api/search?q=borders")
        assert status == 200 and json.loads(body)["total"] >= 2
        status, _, _ = fetch(f"{server.url}/api/search?q=" + "x" * 40_000)
        assert status == 431  # the request line is bounded before the app sees it
    finally:
        code = stop(server)
    assert code in (0, 130)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")


def test_serve_without_an_index_answers_503(tmp_path):
    with serving(["--no-build", "--index", str(tmp_path / "none")], tmp_path / "serve.log") as server:
        status, headers, body = fetch(f"{server.url}/api/search")
        assert status == 503 and headers["Retry-After"] == "5"
        assert "verbatim index" in json.loads(body)["error"]["message"]


def test_serve_keeps_the_existing_index_when_a_rebuild_fails(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    (corpus, metadata), index = copy_folders(tmp_path, tiny_corpus_dir, tiny_metadata_dir), tmp_path / "index"
    build_index(corpus, metadata, index)
    (corpus / "broken.txt").write_bytes(b"caf\xe9 au lait\n")  # not UTF-8: the refresh fails
    with serving(folder_args(corpus, metadata, index), tmp_path / "serve.log") as server:
        status, _, body = fetch(f"{server.url}/api/search?q=borders")
        assert status == 200 and json.loads(body)["total"] >= 2
    text = server.output()
    assert "broken.txt: not valid UTF-8 at byte offset 3" in text
    assert "serving the existing index" in text and "Traceback" not in text


def test_serve_fails_cleanly_when_there_is_nothing_to_serve(tmp_path, tiny_metadata_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.txt").write_bytes(b"caf\xe9\n")
    done = subprocess.run(
        [sys.executable, "-m", "cli", "serve", "--corpus", str(corpus), "--metadata", str(tiny_metadata_dir),
         "--index", str(tmp_path / "index"), "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith("there is no index to serve yet")
    assert "Traceback" not in done.stderr


def test_a_busy_port_is_one_clean_line(tmp_path, tiny_index):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "cli", "serve", "--no-build", "--index", str(tiny_index), "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.strip() == f"verbatim: error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_serve_reports_what_the_build_found(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    """Serving a fresh corpus gives the curator the same notes `verbatim index` does."""
    corpus, metadata = copy_folders(tmp_path, tiny_corpus_dir, tiny_metadata_dir)
    (corpus / "unlisted.txt").write_text("A plain note\n\nNothing was said here.\n", encoding="utf-8")
    server = start_server(folder_args(corpus, metadata, tmp_path / "i"), tmp_path / "serve.log")
    stop(server)  # the notes are printed before the server listens
    text = server.output()
    assert "note: unlisted.txt: title inferred from the text; no date found in the text (no metadata entry)" in text
    assert re.search(r"^indexed 4 documents, \d+ passages", text, re.M)
