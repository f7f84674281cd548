"""Did-you-mean cannot be turned against the server: any word costs bounded time and memory.

The finding: one GET with a long word (U+FDFA folds to 18 characters under NFKD, `ǅ` to two) made the
speller build every double deletion of it — U+FDFA×1,000 took gigabytes and the searcher lock with it.
These tests run a real `verbatim serve` child and read its own RSS peak (VmHWM) and CPU time from
/proc, so the test process' memory never counts. CPU time, not wall time: other processes' load
cannot trip the bound. The bounds are the issue's: +50 MB and 1 s of CPU per word.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from bench.measure import cpu_seconds, rss_mb
from indexer.build import build_index
from indexer.search import SearchRequest, open_index, run_search
from indexer.search.suggest import MAX_WORD, Speller, bounded_fold
from serving import fetch, folder_args, serving
from webapp.params import MAX_Q

CPU_PER_WORD = 1.0  # seconds of the server's CPU for one request
RSS_GROWTH = 50.0  # MB over the warmed-up server's peak
LETTERS = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isalpha()]
_RNG = random.Random(11)
VOCABULARY = sorted({"".join(_RNG.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_RNG.randint(4, 12)))
                     for _ in range(10_000)})


@pytest.fixture(scope="module")
def site(tmp_path_factory, tiny_corpus_dir: Path, tiny_metadata_dir: Path) -> list[str]:
    """The tiny corpus plus a document of ten thousand invented words (a vocabulary worth searching)."""
    root = tmp_path_factory.mktemp("suggest")
    corpus, metadata, index = root / "corpus", root / "metadata", root / "index"
    shutil.copytree(tiny_corpus_dir, corpus)
    shutil.copytree(tiny_metadata_dir, metadata)
    lines = [" ".join(VOCABULARY[i : i + 50]) + "." for i in range(0, len(VOCABULARY), 50)]
    (corpus / "word-list.txt").write_text("Word list\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    build_index(corpus, metadata, index)
    return [*folder_args(corpus, metadata, index), "--no-build"]


@pytest.fixture(scope="module")
def server(site, tmp_path_factory):
    with serving(site, tmp_path_factory.mktemp("suggest-log") / "serve.log") as running:
        assert _search(running, "terorism")[0] == 200  # warm up: index opened, speller built
        yield running


def _search(server, q: str) -> tuple[int, float, float]:
    """(status, CPU seconds the server spent, its peak RSS in MB afterwards) for one /api/search."""
    before = cpu_seconds(server.process.pid)
    status, _, _ = fetch(f"{server.url}/api/search?q={urllib.parse.quote(q)}", timeout=120)
    return status, cpu_seconds(server.process.pid) - before, rss_mb(server.process.pid)[1]


def _random_word(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(length))


HOSTILE = {
    "U+FDFA x1000": "\ufdfa" * 1000,
    "U+FDFA x40": "\ufdfa" * 40,
    "U+01C5 x1000": "\u01c5" * 1000,
    "a-z x1000": "".join(random.Random(1).choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1000)),
    "letters x1000": _random_word(random.Random(2), 1000),
    "near MAX_WORD": "\ufdfa" + "a" * (MAX_WORD - 1),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_one_long_word_costs_bounded_time_and_memory(server, name):
    peak = rss_mb(server.process.pid)[1]
    status, cpu, after = _search(server, HOSTILE[name])
    assert status == 200
    assert cpu <= CPU_PER_WORD, f"{name}: {cpu:.2f} s of server CPU"
    assert after - peak <= RSS_GROWTH, f"{name}: server peak RSS {peak:.0f} -> {after:.0f} MB"


def test_fuzz_random_unicode_words(server):
    """Random words of 1–2,000 Unicode letters: each bounded in CPU, all together bounded in memory
    (those longer than MAX_Q are refused as too long, which costs nothing either)."""
    seed = int(os.environ.get("VERBATIM_FUZZ_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    peak = rss_mb(server.process.pid)[1]
    worst = 0.0
    for _ in range(40):
        word = _random_word(rng, rng.choice([rng.randint(1, 40), rng.randint(1, 2000)]))
        status, cpu, after = _search(server, word)
        assert status == (200 if len(word) <= MAX_Q else 400), (seed, word[:40])  # 400: "q is too long"
        worst = max(worst, cpu)
        assert cpu <= CPU_PER_WORD, f"seed {seed}: {len(word)} characters took {cpu:.2f} s"
    assert after - peak <= RSS_GROWTH, f"seed {seed}: server peak RSS {peak:.0f} -> {after:.0f} MB"


def test_a_misspelling_is_still_corrected(server):
    word = VOCABULARY[1234]
    typo = word[:2] + word[3] + word[2] + word[4:]  # two letters swapped
    status, _, body = fetch(f"{server.url}/api/search?q={urllib.parse.quote(typo)}")
    assert status == 200
    suggestion = json.loads(body)["suggestion"]
    assert suggestion is not None and len(suggestion) == len(word)


def test_words_too_long_to_correct_are_refused_before_and_after_folding():
    speller = Speller({"terrorism": 5, "a" * MAX_WORD: 3, "b" * (MAX_WORD + 1): 3}, [])
    assert speller.correct("terorism") == "terrorism"
    assert speller.correct("a" * (MAX_WORD - 1)) == "a" * MAX_WORD
    assert bounded_fold("b" * (MAX_WORD + 1)) is None and "b" * (MAX_WORD + 1) not in speller.best
    assert bounded_fold("\ufdfa" * 2) is None  # 2 characters, 36 once folded
    assert bounded_fold("x" * 10_000) is None  # refused without folding


def test_spelling_lookup_runs_outside_the_searcher_lock(tiny_index, monkeypatch):
    """Every search takes the view's lock; a spelling lookup must not hold it (others would wait)."""
    view = open_index(tiny_index)
    held: list[bool] = []
    real = Speller.correct

    def correct(self, word):
        got: list[bool] = []

        def try_lock() -> None:
            got.append(view.lock.acquire(timeout=2))
            if got[0]:
                view.lock.release()

        probe = threading.Thread(target=try_lock)
        probe.start()
        probe.join()
        held.append(not got[0])
        return real(self, word)

    monkeypatch.setattr(Speller, "correct", correct)
    run_search(view, SearchRequest(q="zzqxwvy borderz"))
    assert held and not any(held)
