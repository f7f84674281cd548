"""`verbatim serve`: builds the index when missing, serves pages and API over waitress, stops on Ctrl+C."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from indexer.writer import current_generation


def start(args: list[str], log: Path) -> tuple[subprocess.Popen, int]:
    command = [sys.executable, "-m", "webapp.cli", "serve", "--host", "127.0.0.1", "--port", "0", *args]
    with open(log, "wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and server.poll() is None:
        found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", log.read_text(errors="replace"))
        if found:
            return server, int(found.group(1))
        time.sleep(0.05)
    server.kill()
    raise AssertionError(f"server did not start: {log.read_text(errors='replace')}")


def stop(server: subprocess.Popen) -> int:
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait(timeout=15)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_serve_builds_the_index_then_serves(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    index = tmp_path / "index"
    server, port = start(["--corpus", str(tiny_corpus_dir), "--metadata", str(tiny_metadata_dir),
                          "--index", str(index)], tmp_path / "serve.log")
    try:
        assert current_generation(index) is not None  # built before serving
        status, headers, body = fetch(f"http://127.0.0.1:{port}/")
        assert status == 200 and b"Search what was said" in body
        assert headers["Server"] == "verbatim" and "script-src 'self'" in headers["Content-Security-Policy"]
        status, _, body = fetch(f"http://127.0.0.1:{port}/api/search?q=borders")
        assert status == 200 and json.loads(body)["total"] >= 2
        status, _, _ = fetch(f"http://127.0.0.1:{port}/api/search?q=" + "x" * 40_000)
        assert status == 431  # the request line is bounded before the app sees it
    finally:
        code = stop(server)
    assert code in (0, 130)
    assert "Traceback" not in (tmp_path / "serve.log").read_text(errors="replace")


def test_serve_without_an_index_answers_503(tmp_path):
    server, port = start(["--no-build", "--index", str(tmp_path / "none")], tmp_path / "serve.log")
    try:
        status, headers, body = fetch(f"http://127.0.0.1:{port}/api/search")
        assert status == 503 and headers["Retry-After"] == "5"
        assert "verbatim index" in json.loads(body)["error"]["message"]
    finally:
        stop(server)


def test_serve_keeps_the_existing_index_when_a_rebuild_fails(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    import shutil

    from indexer.build import build_index

    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(tiny_corpus_dir, corpus)
    build_index(corpus, tiny_metadata_dir, index)
    (corpus / "broken.txt").write_bytes(b"caf\xe9 au lait\n")  # not UTF-8: the refresh fails
    log = tmp_path / "serve.log"
    server, port = start(["--corpus", str(corpus), "--metadata", str(tiny_metadata_dir), "--index", str(index)], log)
    try:
        status, _, body = fetch(f"http://127.0.0.1:{port}/api/search?q=borders")
        assert status == 200 and json.loads(body)["total"] >= 2
    finally:
        stop(server)
    text = log.read_text(errors="replace")
    assert "broken.txt: not valid UTF-8 at byte offset 3" in text
    assert "serving the existing index" in text and "Traceback" not in text


def test_serve_fails_cleanly_when_there_is_nothing_to_serve(tmp_path, tiny_metadata_dir):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "broken.txt").write_bytes(b"caf\xe9\n")
    done = subprocess.run(
        [sys.executable, "-m", "webapp.cli", "serve", "--corpus", str(corpus), "--metadata", str(tiny_metadata_dir),
         "--index", str(tmp_path / "index"), "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.strip().endswith("there is no index to serve yet")
    assert "Traceback" not in done.stderr


def test_a_busy_port_is_one_clean_line(tmp_path, tiny_index):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "webapp.cli", "serve", "--no-build", "--index", str(tiny_index), "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )
    assert done.returncode == 1
    assert done.stderr.strip() == f"verbatim: error: cannot listen on 127.0.0.1:{port}: Address already in use"


def test_serve_reports_what_the_build_found(tmp_path, tiny_corpus_dir, tiny_metadata_dir):
    """Serving a fresh corpus gives the curator the same notes `verbatim index` does."""
    import shutil

    corpus = tmp_path / "corpus"
    shutil.copytree(tiny_corpus_dir, corpus)
    (corpus / "unlisted.txt").write_text("A plain note\n\nNothing was said here.\n", encoding="utf-8")
    log = tmp_path / "serve.log"
    server, _ = start(["--corpus", str(corpus), "--metadata", str(tiny_metadata_dir), "--index", str(tmp_path / "i")], log)
    stop(server)
    text = log.read_text(errors="replace")
    assert "note: unlisted.txt: title inferred from the text; no date found in the text (no metadata entry)" in text
    assert re.search(r"^indexed 4 documents, \d+ passages", text, re.M)
