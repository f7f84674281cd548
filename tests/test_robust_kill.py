"""A build killed with -9 mid-way leaves the serving index untouched, leaks no process, and the next build succeeds.

`verbatim index` runs as a real subprocess over a generated corpus large enough to use worker
processes and to take a few seconds; the test kills it once it is writing passages.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from indexer.build import build_index
from indexer.index_format import GENERATIONS, current_generation
from indexer.search import SearchRequest, open_index, run_search
from indexer.stages import PARALLEL_MIN_FILES
from serving import write_site
from cli.main import main

WORDS = "ministers security cooperation region agreed border trafficking terrorism water energy youth delegations".split()


def generate_corpus(folder: Path, files: int, paragraphs: int, seed: int = 7) -> None:
    """Plain-text documents of quoted prose; deterministic for a seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(files):
        body = []
        for _ in range(paragraphs):
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80)))
            body.append(f"“{words.capitalize()}.” said Minister Karimov of delegation {n}.")
        (folder / f"generated-{n:03d}.txt").write_text(f"Generated report {n}\n\n" + "\n\n".join(body), encoding="utf-8")


def found(index: Path, word: str) -> int:
    return run_search(open_index(index), SearchRequest(q=word)).total


def children(pid: int) -> set[int]:
    """Direct children of a process (Linux /proc)."""
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids.update(int(k) for k in (task / "children").read_text().split())
    return kids


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_until(condition, seconds: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_kill_9_mid_build_keeps_the_index_and_the_next_build_succeeds(tmp_path, capsys):
    corpus, metadata, index = write_site(tmp_path, {"first.txt": "First report\n\nThe zanzibarian delegation arrived.\n"})
    build_index(corpus, metadata, index)
    serving = current_generation(index)
    before = snapshot(serving)
    pointer = (index / "CURRENT").read_bytes()
    generate_corpus(corpus, files=PARALLEL_MIN_FILES + 36, paragraphs=40)

    command = [sys.executable, "-m", "cli", "index", "--quiet"]
    command += ["--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)]
    # Output to files, not pipes: a leaked worker holding a pipe open would hang the test instead of failing it.
    with open(tmp_path / "build.out", "wb") as out:
        build = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        building = index / GENERATIONS
        started = wait_until(lambda: any(building.glob(".building-*/texts/generated-*.txt")), 60)
        assert started and build.poll() is None, "the build should be writing passages by now"
        # A second build while one is running is refused with a message, and changes nothing.
        assert main(["index", "--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)]) == 1
        assert "another `verbatim index` is building this index; the index was not changed" in capsys.readouterr().err
        workers = children(build.pid)
        assert workers, "a corpus this size is processed in worker processes"
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            build.kill()
            build.wait(timeout=30)
    assert build.returncode == -signal.SIGKILL

    assert (index / "CURRENT").read_bytes() == pointer
    assert current_generation(index) == serving and snapshot(serving) == before
    assert found(index, "zanzibarian") == 1 and found(index, "karimov") == 0
    assert list(building.glob(".building-*")), "the killed build left its partial folder (removed by the next one)"
    leaked = [pid for pid in workers if not wait_until(lambda pid=pid: not alive(pid), 15)]
    for pid in leaked:  # clean up before failing: these are this test's grandchildren
        os.kill(pid, signal.SIGKILL)
    assert leaked == [], "worker processes outlived the killed build"

    summary = build_index(corpus, metadata, index)
    assert summary.documents == PARALLEL_MIN_FILES + 37
    assert not list(building.glob(".building-*"))
    assert current_generation(index) != serving
    assert (found(index, "zanzibarian"), found(index, "karimov")) == (1, (PARALLEL_MIN_FILES + 36) * 40)


def test_ctrl_c_mid_build_is_one_line_and_changes_nothing(tmp_path):
    """Ctrl-C reaches the whole process group (workers too): exit 130, no traceback, nothing left behind."""
    corpus, metadata, index = write_site(tmp_path, {"first.txt": "First report\n\nThe zanzibarian delegation arrived.\n"})
    build_index(corpus, metadata, index)
    before = snapshot(index / GENERATIONS)
    pointer = (index / "CURRENT").read_bytes()
    generate_corpus(corpus, files=PARALLEL_MIN_FILES + 36, paragraphs=40)
    command = [sys.executable, "-m", "cli", "index", "--quiet"]
    command += ["--corpus", str(corpus), "--metadata", str(metadata), "--index", str(index)]
    with open(tmp_path / "build.out", "wb") as out:
        build = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = wait_until(lambda: any((index / GENERATIONS).glob(".building-*/texts/generated-*.txt")), 60)
        assert started and build.poll() is None
        workers = children(build.pid)
        os.killpg(build.pid, signal.SIGINT)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait(timeout=30)
    assert (build.returncode, (tmp_path / "build.out").read_text()) == (130, "verbatim: interrupted\n")
    assert (index / "CURRENT").read_bytes() == pointer and snapshot(index / GENERATIONS) == before
    assert all(wait_until(lambda pid=pid: not alive(pid), 15) for pid in workers)
    assert found(index, "zanzibarian") == 1
