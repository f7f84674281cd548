"""Work the runner does in fresh processes, so each is measured alone (peak RSS, cold start).

    python -m bench.child build tantivy|fts5 PASSAGES.jsonl DEST
    python -m bench.child cold verbatim|tantivy|fts5 PATH QUERY_JSON
Each prints one JSON line with its own timings.
"""
from __future__ import annotations

import json
import sys
import time

STARTED = time.perf_counter()

from pathlib import Path  # noqa: E402  (timed from interpreter start on purpose)


def main(argv: list[str]) -> int:
    action, engine_name, *rest = argv
    from bench.engines import make_engine
    from bench.queries import ResolvedQuery

    if action == "build":
        from bench.passages import read

        source, dest = rest
        engine = make_engine(engine_name, Path(dest))
        started = time.perf_counter()
        count = engine.build(read(Path(source)))
        print(json.dumps({"passages": count, "seconds": time.perf_counter() - started}))
        return 0
    path, query = rest
    imported = time.perf_counter()
    engine = make_engine(engine_name, Path(path))
    engine.open()
    opened = time.perf_counter()
    spec = json.loads(query)
    answer = engine.search(ResolvedQuery(spec["kind"], spec["q"], tuple(spec["speaker"]), tuple(spec["event"])))
    done = time.perf_counter()
    print(json.dumps({"import_s": imported - STARTED, "open_s": opened - imported, "first_query_s": done - opened,
                      "total_s": done - STARTED, "total": answer.total}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
