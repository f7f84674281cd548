"""The answers to the 200 fixed queries, written down and compared, so a speed change can show it
changed no answer: total, the top 10 in order, their highlighted text and every facet's counts.

    python -m bench.answers dump DATA INDEX OUT.json      # DATA: a `verbatim bench generate` folder
    python -m bench.answers compare BEFORE.json AFTER.json

`compare` prints each query whose answer differs, part by part, and exits 1 when any does.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from bench.engines import make_engine
from bench.generate import corpus_spec
from bench.queries import ResolvedQuery, load_query_set, resolve
from bench.world import build_world

PARTS = ("total", "hits", "highlights", "facets")


def answers(data: Path, index: Path) -> list[dict]:
    """One record per query of the fixed set: the query and Verbatim's whole answer to it."""
    passages, seed = corpus_spec(data)
    queries = resolve(load_query_set(), build_world(passages, seed))
    engine = make_engine("verbatim", index)
    engine.open()
    return answers_of(engine, queries)


def answers_of(engine, queries: tuple[ResolvedQuery, ...]) -> list[dict]:
    """An open engine's whole answer to each query, with the query."""
    return [{"query": asdict(q), **asdict(engine.search(q))} for q in queries]


def comparison(baseline: Path, mine: list[dict], keep: int = 30) -> dict:
    """What `bench run --answers-baseline` records: identical or not, how many differing parts, the first lines."""
    as_stored = json.loads(json.dumps(mine, ensure_ascii=False))  # tuples → lists, as a dump reads back
    lines = differences(json.loads(baseline.read_text(encoding="utf-8")), as_stored)
    return {"baseline": str(baseline), "queries": len(mine), "identical": not lines, "differences": len(lines),
            "lines": lines[:keep]}


def differences(before: list[dict], after: list[dict]) -> list[str]:
    """One line per differing part of a query's answer (empty: every answer is the same)."""
    if len(before) != len(after):
        return [f"{len(before)} answers before, {len(after)} after"]
    lines = []
    for i, (a, b) in enumerate(zip(before, after)):
        if a["query"] != b["query"]:
            lines.append(f"#{i}: different queries ({a['query']['q']!r} / {b['query']['q']!r})")
            continue
        for part in PARTS:
            if a[part] != b[part]:
                lines.append(f"#{i} {a['query']['kind']} {a['query']['q']!r}: {part} differs: "
                             f"{_short(a[part])} → {_short(b[part])}")
    return lines


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "…"


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "dump":
        data, index, out = map(Path, argv[1:])
        out.write_text(json.dumps(answers(data, index), ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"wrote {out}")
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:])
        lines = differences(before, after)
        print("\n".join(lines) if lines else f"all {len(before)} answers identical")
        return 1 if lines else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
