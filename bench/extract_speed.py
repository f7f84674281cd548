"""Attribution speed: paragraphs per second of `indexer.attribution.extract` on one core.

Runs extract over the press-release and news dev sets and the bundled corpus (whatever of them
exists), several times, and prints the median rate in CPU time (a busy machine does not skew it)
and in wall-clock time; the target is >= 2,000 paragraphs/s. A paragraph is a blank-line block.

Example:
  .venv/bin/python -m bench.extract_speed --repeats 5
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from indexer.attribution import extract
from indexer.attribution.marks import blocks

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (ROOT.parent / "shared" / "devset" / "docs", ROOT.parent / "shared" / "devset-news" / "docs", ROOT / "corpus")


def load(dirs: list[Path]) -> list[str]:
    """Texts of every .txt/.md file in the given folders."""
    texts = []
    for folder in dirs:
        for path in sorted(folder.glob("*")):
            if path.suffix.lower() in (".txt", ".md"):
                texts.append(path.read_text(encoding="utf-8"))
    return texts


def rate(texts: list[str], paragraphs: int) -> tuple[float, float]:
    """Paragraphs per second of CPU time (one core, whatever else the machine runs) and of wall time."""
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        extract(text)
    return paragraphs / (time.process_time() - cpu), paragraphs / (time.perf_counter() - wall)


def main(argv: list[str] | None = None) -> int:
    """Print the median paragraphs/s over the given folders (default: dev sets and corpus)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="folders of .txt/.md files (default: dev sets + corpus)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    texts = load(args.dirs or [d for d in DEFAULT_DIRS if d.is_dir()])
    if not texts:
        print("no documents found", file=sys.stderr)
        return 1
    paragraphs = sum(len(blocks(t)) for t in texts)
    rate(texts, paragraphs)  # warm-up: regex compilation and caches
    runs = [rate(texts, paragraphs) for _ in range(args.repeats)]
    cpu, wall = [r[0] for r in runs], [r[1] for r in runs]
    print(f"{len(texts)} documents, {paragraphs} paragraphs: median {statistics.median(cpu):,.0f} paragraphs/s "
          f"of CPU time on one core (min {min(cpu):,.0f}, max {max(cpu):,.0f}; wall-clock median "
          f"{statistics.median(wall):,.0f}; {args.repeats} repeats)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
