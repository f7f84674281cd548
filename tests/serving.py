"""Test helpers for the real faces of Verbatim: `verbatim serve` on a free loopback port, HTTP fetches,
the `verbatim` command run in-process, and writable corpus/metadata folders.

Tests import it as `from serving import ...` (pytest puts tests/ on sys.path for its modules).
"""
from __future__ import annotations

import contextlib
import http.client
import io
import json
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from cli.main import main

HOST = "127.0.0.1"
STARTED = re.compile(rb"serving on http://127\.0\.0\.1:(\d+)/")


@dataclass(frozen=True)
class Server:
    """A running `verbatim serve` subprocess, the port it listens on and the file its output goes to."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(args: list[str], log: Path, wait: float = 90.0) -> Server:
    """Start `verbatim serve --port 0 ARGS` and wait for its 'serving on' line (port 0: the OS picks a free one).

    Raises AssertionError with the server's output if it exits or does not listen within `wait` seconds
    (generous: a first build may come before listening on a loaded machine).
    """
    command = [sys.executable, "-m", "cli", "serve", "--host", HOST, "--port", "0", *args]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and process.poll() is None:
        found = STARTED.search(log.read_bytes())
        if found:
            return Server(process, int(found.group(1)), log)
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=15)
    raise AssertionError(f"server did not start: {log.read_text(errors='replace')}")


def stop(server: Server) -> int:
    """Ctrl+C the server as a user would (SIGINT), kill it if it lingers; returns its exit code."""
    server.process.send_signal(signal.SIGINT)
    try:
        return server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        return server.process.wait(timeout=15)


@contextlib.contextmanager
def serving(args: list[str], log: Path) -> Iterator[Server]:
    """`start_server` as a context manager: the server is always stopped, even when the test fails."""
    server = start_server(args, log)
    try:
        yield server
    finally:
        stop(server)


def folder_args(corpus: Path | None = None, metadata: Path | None = None, index: Path | None = None) -> list[str]:
    """The --corpus/--metadata/--index options for the folders given."""
    named = (("--corpus", corpus), ("--metadata", metadata), ("--index", index))
    return [arg for flag, folder in named if folder is not None for arg in (flag, str(folder))]


def fetch(url: str, timeout: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """GET a URL: (status, headers, body), error statuses included rather than raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get_json(port: int, path: str, timeout: float = 10.0) -> dict | list:
    """GET a JSON path from the loopback server; asserts a 200."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status, body[:300])
        return json.loads(body)
    finally:
        conn.close()


@dataclass(frozen=True)
class Run:
    """What one in-process `verbatim` run returned and printed (lines)."""

    code: int
    out: list[str]
    err: list[str]


def verbatim(*argv: str) -> Run:
    """Run the `verbatim` command in-process; argparse's exits (help, usage errors) become exit codes."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Run(code, out.getvalue().splitlines(), err.getvalue().splitlines())


def copy_folders(root: Path, corpus: Path, metadata: Path) -> tuple[Path, Path]:
    """Writable copies of a corpus and a metadata folder under root (corpus/, metadata/)."""
    copies = root / "corpus", root / "metadata"
    shutil.copytree(corpus, copies[0])
    shutil.copytree(metadata, copies[1])
    return copies


def write_site(root: Path, files: dict[str, str], registry: dict[str, list | str] | None = None) -> tuple[Path, Path, Path]:
    """A corpus of `files` (name → text) and a metadata folder of `registry` under root.

    `registry` maps a YAML file's stem to its entries (dumped) or to YAML text (written as is).
    Returns (corpus, metadata, index); the index folder is not built.
    """
    corpus, metadata, index = root / "corpus", root / "metadata", root / "index"
    corpus.mkdir(parents=True)
    metadata.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    for name, entries in (registry or {}).items():
        dumped = entries if isinstance(entries, str) else yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
        (metadata / f"{name}.yaml").write_text(dumped, encoding="utf-8")
    return corpus, metadata, index
