"""`verbatim bench`: generate synthetic corpora and measure Verbatim beside tantivy and SQLite FTS5.

Example:
  verbatim bench generate --passages 100000 --seed 1 --out bench/out/100k
  verbatim index --corpus bench/out/100k/corpus --metadata bench/out/100k/metadata --index bench/out/100k/index
  verbatim bench run bench/out/10k --bundled
  verbatim bench run bench/out/100k --answers-baseline answers-before.json --serve-args "--processes 2"
  verbatim bench run bench/out/1m --engines verbatim --http-seconds 10
  verbatim bench run bench/out/10k bench/out/100k bench/out/1m --report-only   # one report, each size's own run
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.errors import fail
from indexer.paths import PROJECT_ROOT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="generate benchmark corpora and measure speed",
        description=__doc__.split("\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="bench_command", metavar="ACTION", required=True)
    gen = actions.add_parser("generate", help="write DIR/corpus and DIR/metadata (seeded, streaming)")
    gen.add_argument("--passages", type=int, required=True, help="number of passages (e.g. 10000, 100000, 1000000)")
    gen.add_argument("--seed", type=int, default=1, help="same seed, same bytes (default 1)")
    gen.add_argument("--out", type=Path, required=True, help="folder to write corpus/ and metadata/ into")
    gen.set_defaults(func=run_generate)
    run = actions.add_parser("run", help="measure on generated folders; update bench/RESULTS.md")
    run.add_argument("data", type=Path, nargs="+", help="folders written by `verbatim bench generate`")
    run.add_argument("--engines", default="verbatim,tantivy,fts5", help="comma-separated (default all three)")
    run.add_argument("--http-seconds", type=float, default=20.0,
                     help="seconds of each of the 3 HTTP passes; 0 skips them (default 20)")
    run.add_argument("--reuse", action="store_true", help="reuse indexes already built in the folders")
    run.add_argument("--bundled", action="store_true", help="also measure the bundled corpus")
    run.add_argument("--report-only", action="store_true", help="measure nothing; re-render from DATA/results.json")
    run.add_argument("--results", type=Path, default=None, help="Markdown file to update (default bench/RESULTS.md)")
    run.add_argument("--serve-args", default="", metavar='"ARGS"',
                     help='extra `verbatim serve` options for the serving figures, e.g. --serve-args="--processes 2"')
    run.add_argument("--answers-baseline", type=Path, default=None, metavar="FILE",
                     help="compare the 200 answers (written to DATA/answers.json) with a `bench.answers dump` file")
    run.add_argument("--inferred-build", action=argparse.BooleanOptionalAction, default=None,
                     help="also build with no registry, every field inferred (default: up to 100k passages)")
    run.set_defaults(func=run_measure)


def run_generate(args: argparse.Namespace) -> int:
    from bench.generate import generate

    try:
        made = generate(args.passages, args.seed, args.out)
    except ValueError as exc:
        return fail(str(exc))
    print(f"wrote {made.documents} documents, {made.passages} passages to {made.corpus} and {made.metadata}")
    return 0


def run_measure(args: argparse.Namespace) -> int:
    from bench import report
    from bench.machine import environment
    from bench.run import Options, bundled, run

    engines = tuple(e.strip() for e in args.engines.split(",") if e.strip())
    unknown = set(engines) - {"verbatim", "tantivy", "fts5"}
    if unknown:
        return fail(f"unknown engine(s): {', '.join(sorted(unknown))} (choose from verbatim, tantivy, fts5)")
    if args.answers_baseline and (len(args.data) > 1 or not args.answers_baseline.is_file()):
        return fail(f"--answers-baseline needs one DATA folder and an existing file ({args.answers_baseline})")
    if "tantivy" in engines and not args.report_only:  # rendering a report measures nothing
        try:
            import tantivy  # noqa: F401
        except ImportError:
            return fail("tantivy is not installed: pip install -e '.[bench]'")
    options = Options(engines, args.http_seconds, args.reuse, args.serve_args, args.answers_baseline, args.inferred_build)
    files, saved = [], args.data[0] / "bundled.json"
    try:
        for data in args.data:
            files.append(data / "results.json" if args.report_only else run(data, options))
        if args.bundled and not args.report_only:
            saved.write_text(json.dumps(bundled(PROJECT_ROOT, args.data[0]), indent=1), encoding="utf-8")
    except (ValueError, RuntimeError) as exc:
        return fail(str(exc))
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        return fail(f"no results yet in: {', '.join(missing)}")
    extra = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else None
    target = args.results or report.RESULTS_MD
    report.update(files, environment(), extra, target)
    print(f"updated {target}", file=sys.stderr)
    failed = [f"{f.parent}: {phase}" for f in files for phase in json.loads(f.read_text(encoding="utf-8")).get("failures", {})]
    return fail("some measurements failed (see the report): " + "; ".join(failed)) if failed else 0
