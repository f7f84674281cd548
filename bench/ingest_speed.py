"""`verbatim add` speed: web pages per second on one core, extraction and corpus writing, then with
the index refresh that follows.

Renders 100 press-release pages (navigation, cookie banner, share buttons, related news, footer
around the text) from the dev sets and the bundled corpus (whatever of them exists, cycled up to
the count), pins this process to one core, and adds them to a fresh corpus several times. Prints the
median pages/s of wall-clock time (pinned, so one core) and of CPU time; the target is >= 20 pages/s.

Example:
  .venv/bin/python -m bench.ingest_speed --pages 100 --repeats 5
"""
from __future__ import annotations

import argparse
import html
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from indexer.build import build_index
from ingest.add import add_sources

ROOT = Path(__file__).resolve().parents[1]
SOURCES = (ROOT.parent / "shared" / "devset" / "docs", ROOT.parent / "shared" / "devset-news" / "docs", ROOT / "corpus")


def page(text: str, number: int) -> bytes:
    """A press-release page around a text: its first block is the headline."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title, body = blocks[0].splitlines()[0], blocks[1:] or blocks
    e = html.escape
    paras = "\n".join(f"<p>{e(b)}</p>" for b in body)
    related = "".join(f'<li><a href="/news/{n}.html">Regional meeting number {n} on border management</a></li>' for n in range(8))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{e(title)} | Press office</title>
<meta property="og:site_name" content="Press office"><meta property="article:published_time" content="2019-05-{1 + number % 28:02d}">
<link rel="canonical" href="https://press.example.org/news/{number}.html"></head><body>
<div class="cookie-notice">We use cookies to improve your experience. <button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/about">About us</a></li></ul></nav></header>
<main><article><h1>{e(title)}</h1>{paras}</article>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">E-mail</a></div>
<aside><h2>Related news</h2><ul>{related}</ul></aside></main>
<footer><p>© 2019 Press office. All rights reserved.</p></footer></body></html>""".encode()


def texts(count: int) -> list[str]:
    found = [p.read_text(encoding="utf-8") for d in SOURCES if d.is_dir() for p in sorted(d.glob("*.txt"))]
    return [found[i % len(found)] for i in range(count)] if found else []


def one_run(pages: Path, work: Path, index: bool) -> tuple[float, float]:
    corpus = work / "corpus"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cpu, wall = time.process_time(), time.perf_counter()
    report = add_sources([str(pages)], corpus)
    if index:
        build_index(corpus, work / "no-metadata", work / "index")
    if report.errors:
        raise SystemExit(f"errors: {report.errors[:3]}")
    return time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    """Print the median pages/s of `add` alone and of `add` with the index refresh."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, for this process and its children
    found = texts(args.pages)
    if not found:
        print("no documents found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        for number, text in enumerate(found):
            (pages / f"page-{number:03d}.html").write_bytes(page(text, number))
        one_run(pages, Path(tmp) / "warm", index=False)  # imports, word lists, caches
        for index in (False, True):
            runs = [one_run(pages, Path(tmp) / "work", index) for _ in range(args.repeats)]
            wall = [args.pages / w for _, w in runs]
            cpu = [args.pages / c for c, _ in runs]
            label = "add + index refresh" if index else "add (extract + write)"
            print(f"{label}: {args.pages} pages, median {statistics.median(wall):,.1f} pages/s wall-clock on one core "
                  f"(min {min(wall):,.1f}, max {max(wall):,.1f}; CPU-time median {statistics.median(cpu):,.1f}; "
                  f"{args.repeats} repeats)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
