"""Check-a-quote speed: median time of `check_quote` for a 40-word quotation (target <= 50 ms at 100k).

Quotations are cut from random passages of the index (40 consecutive words; passages shorter than
that are joined with the next one of the same document, so some quotations run across two
passages), in three forms: as they stand, altered (one word left out, two changed), and wrong
(words no source has). After a warm-up on other passages, each quotation is checked once; the
median and 90th percentile are given in wall time and in this thread's CPU time (a busy machine
inflates the first, not the second).

Example:
  .venv/bin/verbatim bench generate --passages 100000 --seed 1 --out bench/out/100k
  .venv/bin/verbatim index --corpus bench/out/100k/corpus --metadata bench/out/100k/metadata --index bench/out/100k/index
  .venv/bin/python -m bench.check_speed bench/out/100k/index --quotes 200
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from indexer.search import open_index
from indexer.search.check import check_quote

WORDS = 40


def quotations(view, count: int, seed: int) -> list[str]:
    """`count` 40-word runs of source text from random passages (with the next passage when short)."""
    rng = random.Random(seed)
    out: list[str] = []
    while len(out) < count:
        d = rng.randrange(view.size)
        words = view.record(d).text.split()
        if len(words) < WORDS and d + 1 < view.size and view.columns.document_ids[d + 1] == view.columns.document_ids[d]:
            words += view.record(d + 1).text.split()
        if len(words) >= WORDS:
            at = rng.randrange(len(words) - WORDS + 1)
            out.append(" ".join(words[at : at + WORDS]))
    return out


def altered(text: str, rng: random.Random) -> str:
    words = text.split()
    del words[rng.randrange(len(words))]
    for _ in range(2):
        words[rng.randrange(len(words))] = rng.choice(["allegedly", "never", "hundreds", "partners"])
    return " ".join(words)


def wrong(rng: random.Random) -> str:
    vocabulary = "zebra marmalade lunar volcano orchestra pebble saxophone glacier tulip comet".split()
    return " ".join(rng.choice(vocabulary) for _ in range(WORDS))


def measure(view, texts: list[str]) -> dict[str, float]:
    wall, cpu, verdicts = [], [], {}
    for text in texts:
        w, c = time.perf_counter(), time.thread_time()
        result = check_quote(view, text)
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
        verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    q = statistics.quantiles(wall, n=10)
    return {"median_ms": statistics.median(wall), "p90_ms": q[-1], "cpu_median_ms": statistics.median(cpu),
            "cpu_p90_ms": statistics.quantiles(cpu, n=10)[-1], **{f"verdict_{k}": v for k, v in sorted(verdicts.items())}}


def check_latency(view, count: int = 100, seed: int = 1) -> dict:
    """What `bench run` records at each size: after a warm-up, `count` quotations as cut and altered."""
    rng = random.Random(seed)
    for text in quotations(view, 20, seed + 1000):  # warm-up on other quotations
        check_quote(view, text)
    exact = quotations(view, count, seed)
    return {"quotes": count, "words": WORDS, "exact": measure(view, exact),
            "altered": measure(view, [altered(t, rng) for t in exact])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", type=Path, help="an index folder (verbatim index --index …)")
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    view = open_index(args.index)
    rng = random.Random(args.seed)
    for text in quotations(view, 20, args.seed + 1000):  # warm-up: caches of postings and records
        check_quote(view, text)
    exact = quotations(view, args.quotes, args.seed)
    print(f"{view.size:,} passages, {args.quotes} quotations of {WORDS} words each, one check each")
    for name, texts in (("as they stand", exact), ("altered (1 left out, 2 changed)", [altered(t, rng) for t in exact]),
                        ("not in any source", [wrong(rng) for _ in exact])):
        found = measure(view, texts)
        rest = ", ".join(f"{k[8:]} {v}" for k, v in found.items() if k.startswith("verdict_"))
        print(f"{name:34} median {found['median_ms']:6.2f} ms  p90 {found['p90_ms']:6.2f} ms  "
              f"(CPU median {found['cpu_median_ms']:6.2f} ms, p90 {found['cpu_p90_ms']:6.2f} ms)  verdicts: {rest}")


if __name__ == "__main__":
    main()
