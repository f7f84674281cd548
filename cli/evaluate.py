"""`verbatim eval`: measure attribution against hand-checked gold files and list every miss.

Extracts with `indexer.attribution.extract` (the code the index build runs), writes the lines
`verbatim extract --format jsonl` prints, and scores them with the gold set's own scorer
(`score_attribution.py` beside `gold/`; `score.py` in a `--news` folder), so the figures printed are
exactly the ones anyone running that scorer gets: one way of scoring, owned by the gold set.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from cli.errors import fail
from cli.extract import attributions_of, record
from indexer.yaml_limits import check_aliases

SCORER = "score_attribution.py"  # beside a press-release gold folder


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `verbatim eval` to the command line."""
    parser = subparsers.add_parser(
        "eval",
        help="score attribution against gold annotations",
        description="Score quotation and speaker attribution against gold files with the gold set's own scorer\n"
        "(score_attribution.py beside gold/; score.py in a --news folder) and list every miss.\n\n"
        "Example:\n  verbatim eval --gold ../shared/devset/gold --news ../shared/devset-news",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gold", type=Path, required=True, help="folder of <id>.yaml gold files (docs/ beside it)")
    parser.add_argument("--docs", type=Path, default=None, help="folder of <id>.txt documents (default: ../docs)")
    parser.add_argument("--news", type=Path, default=None, help="also score a news set folder (docs/, gold/, score.py)")
    parser.add_argument("--quiet", action="store_true", help="print the figures only, not the misses")
    parser.set_defaults(func=run)


def predictions(docs: list[Path]) -> str:
    """The attribution lines `verbatim extract --format jsonl` prints for these files."""
    lines = [json.dumps(record(str(doc), att, shift), ensure_ascii=False)
             for doc in docs for att, shift in attributions_of(doc)]
    return "\n".join(lines) + "\n"


def gold_documents(gold_dir: Path, docs_dir: Path) -> tuple[list[Path], list[str]]:
    """The document of each gold file, and a line for each gold file that cannot be scored: no document,
    or YAML its scorer must not load (an alias bomb is refused here, before any scorer expands it)."""
    docs, problems = [], []
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            check_aliases(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            problems.append(f"BAD-GOLD {where}: {getattr(exc, 'problem', None) or exc}")
            continue
        doc = docs_dir / f"{path.stem}.txt"
        if doc.is_file():
            docs.append(doc)
        else:
            problems.append(f"NO-DOCUMENT {path.stem}: {doc} not found")
    return docs, problems


def run_scorer(scorer: Path, gold_dir: Path, jsonl: str, *options: str) -> subprocess.CompletedProcess:
    """Run a gold set's own scorer over prediction lines (written to a temporary file it reads)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        tmp.write(jsonl)
    try:
        return subprocess.run([sys.executable, str(scorer), str(gold_dir), tmp.name, *options],
                              capture_output=True, text=True, check=False)
    finally:
        Path(tmp.name).unlink(missing_ok=True)


def score(scorer: Path, gold_dir: Path, docs: list[Path], quiet: bool) -> int:
    """Run a gold set's scorer over the extract lines of `docs`; print its misses (unless quiet) and figures."""
    if not scorer.is_file():
        return fail(f"{scorer} not found (a gold set ships its scorer)")
    done = run_scorer(scorer, gold_dir, predictions(docs))
    lines = done.stdout.splitlines()
    print("\n".join(lines if not quiet else lines[-1:]))
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
        return fail(f"{scorer} failed")
    return 0


# the targets for the document metadata, as score_metadata.py's --min/--max options
METADATA_TARGETS = ("--min-published=0.40", "--max-published-wrong=0.05", "--min-start=0.50", "--max-start-wrong=0.10",
                    "--min-country=0.95", "--min-city=0.90", "--min-name=0.85", "--min-speakers-recall=0.92",
                    "--min-speakers-precision=0.92", "--min-roles=0.85", "--min-linking=1.0")


def run_metadata(gold_dir: Path, docs_dir: Path, quiet: bool) -> int:
    """Score the document lines of `verbatim extract` (date, event, place, speakers, links) with the set's own
    score_metadata.py, when the set ships it; prints its misses and its figure line."""
    from cli.extract import document_lines

    scorer = gold_dir.parent / "score_metadata.py"
    if not scorer.is_file():
        return 0
    docs = [docs_dir / f"{p.stem}.txt" for p in sorted(gold_dir.glob("*.yaml")) if (docs_dir / f"{p.stem}.txt").is_file()]
    documents = document_lines(docs)
    jsonl = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents)
    done = run_scorer(scorer, gold_dir, jsonl, *METADATA_TARGETS)
    lines = done.stdout.splitlines()
    if done.returncode not in (0, 1) or not lines:
        print(done.stderr, file=sys.stderr)
        return fail("the metadata scorer failed")
    print("\n".join(lines[:-1] if not quiet else []) + ("\n" if not quiet and len(lines) > 1 else ""), end="")
    print(f"metadata: {lines[-1]}")
    print(appearance_counts(gold_dir, documents))
    return 0


def appearance_counts(gold_dir: Path, documents: list[dict]) -> str:
    """What the appearance figures rest on: the scorer prints recall/precision only where there is something to
    count, so say how many gold files carry the key and how many appearances gold and prediction hold there."""
    predicted = {Path(d["file"]).stem: len(d.get("appearances") or []) for d in documents}
    keyed = {p.stem: len(g.get("appearances") or []) for p in sorted(gold_dir.glob("*.yaml"))
             if isinstance(g := yaml.safe_load(p.read_text(encoding="utf-8")), dict) and "appearances" in g}
    gold = sum(keyed.values())
    spurious = sum(predicted.get(stem, 0) for stem, n in keyed.items() if n == 0)
    return (f"appearances: {len(keyed)} gold files with the key hold {gold} appearances; "
            f"{sum(predicted.get(stem, 0) for stem in keyed)} predicted there ({spurious} in files whose gold has none)")


def run(args: argparse.Namespace) -> int:
    """Score the press-release gold, then (with --news) the news set."""
    if not args.gold.is_dir():
        return fail(f"{args.gold}: gold folder not found")
    docs, problems = gold_documents(args.gold, args.docs or args.gold.parent / "docs")
    if any(p.startswith("BAD-GOLD") for p in problems):
        print("\n".join(problems))
        return fail(f"{args.gold}: a gold file is refused; not scored")
    if problems and not args.quiet:
        print("\n".join(problems))
    status = score(args.gold.parent / SCORER, args.gold, docs, args.quiet)
    status = run_metadata(args.gold, args.docs or args.gold.parent / "docs", args.quiet) or status
    if args.news:
        news = args.news
        status = score(news / "score.py", news / "gold", sorted((news / "docs").glob("*.txt")), args.quiet) or status
    return status
