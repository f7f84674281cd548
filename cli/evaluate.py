"""`verbatim eval`: measure attribution against hand-checked gold files and list every miss.

Scores `indexer.attribution.extract` (the code the index build runs) on gold in the press-release
dev-set format (`docs/<id>.txt` beside `gold/<id>.yaml`). With `--news DIR` it also runs the news set
(`DIR/docs/*.txt`, `DIR/gold/`) through that set's own `score.py`, so both figures come from one run.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from cli.errors import fail
from indexer.accents import fold_accents
from indexer.attribution import extract
from indexer.models import Attribution
from indexer.yaml_limits import check_aliases

TARGETS = {"recall": 0.97, "precision": 0.95, "speaker": 0.95, "reported": 0.90}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `verbatim eval` to the command line."""
    parser = subparsers.add_parser(
        "eval",
        help="score attribution against gold annotations",
        description="Score quotation and speaker attribution against gold files and list every miss.\n\n"
        "Example:\n  verbatim eval --gold ../shared/devset/gold --news ../shared/devset-news",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--gold", type=Path, required=True, help="folder of <id>.yaml gold files (docs/ beside it)")
    parser.add_argument("--docs", type=Path, default=None, help="folder of <id>.txt documents (default: ../docs)")
    parser.add_argument("--news", type=Path, default=None, help="also score a news set folder (docs/, gold/, score.py)")
    parser.add_argument("--quiet", action="store_true", help="print the figures only, not the misses")
    parser.set_defaults(func=run)


def fold(text: str | None) -> str:
    """Case-, accent- and spacing-insensitive form for comparing names and quote texts."""
    text = fold_accents(text or "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip().casefold()


def same_speaker(gold: str | None, got: str | None) -> bool:
    """Canonical names compared without case, accents or a leading 'the'."""
    strip = re.compile(r"^the\s+")
    return strip.sub("", fold(gold)) == strip.sub("", fold(got))


@dataclass
class Score:
    quotes: int = 0
    found: int = 0
    speaker_ok: int = 0
    predicted: int = 0
    predicted_ok: int = 0
    reported: int = 0
    reported_found: int = 0
    misses: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Quotation recall and precision, quotation+speaker accuracy, reported-speech recall."""
        ratio = lambda a, b: a / b if b else 1.0  # noqa: E731 - tiny local helper
        return {
            "recall": ratio(self.found, self.quotes),
            "precision": ratio(self.predicted_ok, self.predicted),
            "speaker": ratio(self.speaker_ok, self.quotes),
            "reported": ratio(self.reported_found, self.reported),
        }


def score_document(doc_id: str, gold: dict, found: tuple[Attribution, ...], score: Score) -> None:
    """Match one document's predictions to its gold quotes and reported statements."""
    direct = [a for a in found if a.kind == "direct"]
    used: set[int] = set()
    score.predicted += len(direct)
    for q in gold.get("quotes") or []:
        score.quotes += 1
        hit = next(
            (i for i, a in enumerate(direct)
             if i not in used and a.block == q["paragraph"] and fold(a.text) == fold(q["text"])),
            None,
        )
        if hit is None:
            score.misses.append(f"MISSED {doc_id} b{q['paragraph']}: {q['text'][:70]!r} ({q.get('speaker')})")
            continue
        used.add(hit)
        score.found += 1
        if same_speaker(q.get("speaker"), direct[hit].speaker):
            score.speaker_ok += 1
        else:
            score.misses.append(
                f"SPEAKER {doc_id} b{q['paragraph']}: gold {q.get('speaker')!r} got {direct[hit].speaker!r}"
            )
    score.predicted_ok += len(used)
    for i, a in enumerate(direct):
        if i not in used:
            score.misses.append(f"SPURIOUS {doc_id} b{a.block}: {a.text[:70]!r} ({a.speaker})")
    for r in gold.get("reported") or []:
        score.reported += 1
        if any(a.kind == "reported" and a.block == r["paragraph"] and same_speaker(r["speaker"], a.speaker) for a in found):
            score.reported_found += 1
        else:
            score.misses.append(f"REPORTED-MISSED {doc_id} b{r['paragraph']}: {r['speaker']} ({r.get('cue')})")


def evaluate(gold_dir: Path, docs_dir: Path) -> tuple[Score, int]:
    """Score every gold file that has its document; returns the score and the number of documents."""
    score, n = Score(), 0
    for path in sorted(gold_dir.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        try:
            check_aliases(text)
            gold = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            score.misses.append(f"BAD-GOLD {where}: {getattr(exc, 'problem', None) or exc}")
            continue
        doc = docs_dir / f"{path.stem}.txt"
        if not doc.is_file():
            score.misses.append(f"NO-DOCUMENT {path.stem}: {doc} not found")
            continue
        score_document(path.stem, gold, extract(doc.read_text(encoding="utf-8")), score)
        n += 1
    return score, n


def summary_line(name: str, n: int, score: Score) -> str:
    """One line of figures, OK when every target in TARGETS is met."""
    f = score.figures()
    ok = all(f[k] >= TARGETS[k] for k in TARGETS)
    return (
        f"{'OK' if ok else 'SHORT'}: {name}, {n} documents, {score.quotes} quotes: recall {f['recall']:.3f} "
        f"precision {f['precision']:.3f} quote+speaker {f['speaker']:.3f} "
        f"reported-speech recall {f['reported']:.3f} ({score.reported_found}/{score.reported})"
    )


def news_predictions(docs: list[Path]) -> str:
    """The `verbatim extract --format jsonl` lines for a list of plain-text files."""
    lines = []
    for doc in docs:
        for a in extract(doc.read_text(encoding="utf-8")):
            rec = {"file": str(doc), "block": a.block, "kind": a.kind, "text": a.text, "speaker": a.speaker,
                   "role": a.role, "organization": a.organization, "cue": a.cue, "start": a.start, "end": a.end}
            lines.append(json.dumps(rec, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def run_news(news_dir: Path, quiet: bool) -> int:
    """Extract over the news set and score it with the set's own scorer; returns its exit status."""
    scorer = news_dir / "score.py"
    if not scorer.is_file():
        return fail(f"{scorer} not found (the news set ships its scorer)")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        tmp.write(news_predictions(sorted((news_dir / "docs").glob("*.txt"))))
    try:
        done = subprocess.run([sys.executable, str(scorer), str(news_dir / "gold"), tmp.name],
                              capture_output=True, text=True, check=False)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    lines = done.stdout.splitlines()
    print("\n".join(lines if not quiet else lines[-1:]))
    if done.returncode not in (0, 1):
        print(done.stderr, file=sys.stderr)
        return fail("the news scorer failed")
    return 0


# issue 14's targets for the document metadata, as score_metadata.py's --min/--max options
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
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as tmp:
        tmp.write("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in document_lines(docs)))
    try:
        done = subprocess.run([sys.executable, str(scorer), str(gold_dir), tmp.name, *METADATA_TARGETS],
                              capture_output=True, text=True, check=False)
    finally:
        Path(tmp.name).unlink(missing_ok=True)
    lines = done.stdout.splitlines()
    if done.returncode not in (0, 1) or not lines:
        print(done.stderr, file=sys.stderr)
        return fail("the metadata scorer failed")
    print("\n".join(lines[:-1] if not quiet else []) + ("\n" if not quiet and len(lines) > 1 else ""), end="")
    print(f"metadata: {lines[-1]}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Score the press-release gold, then (with --news) the news set."""
    if not args.gold.is_dir():
        return fail(f"{args.gold}: gold folder not found")
    docs = args.docs or args.gold.parent / "docs"
    score, n = evaluate(args.gold, docs)
    if not args.quiet:
        print("\n".join(score.misses))
    print(summary_line(args.gold.resolve().parent.name, n, score))
    status = run_metadata(args.gold, docs, args.quiet)
    if args.news:
        status = run_news(args.news, args.quiet) or status
    return status
