"""The comparison engines' input: every passage with its facet values, as Verbatim's pipeline sees it.

The passages come from the indexer's own stages (read → segment → attribute → annotate), so
tantivy and SQLite FTS5 index exactly the passages, speakers, events and themes Verbatim indexes.
They are written once to a JSON-lines file; the engines' build times measure indexing only.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.corpus import CorpusError, list_corpus
from indexer.metadata import load_registry
from indexer.stages import make_context, process_all

NONE = "none"  # facet value of passages lacking the field, as Verbatim's facets show it


@dataclass(frozen=True)
class FlatPassage:
    id: str
    document_id: str
    title: str
    text: str
    speaker: tuple[str, ...]
    event: tuple[str, ...]
    theme: tuple[str, ...]
    organization: tuple[str, ...]
    year: tuple[str, ...]
    has_quote: bool


FACETS = ("speaker", "event", "theme", "organization", "year")


def _values(ids) -> tuple[str, ...]:
    return tuple(ids) or (NONE,)


def pipeline_passages(corpus: Path, metadata: Path) -> Iterator[FlatPassage]:
    """Every annotated passage of the corpus, in corpus order (unreadable files skipped)."""
    registry = load_registry(metadata)
    known = {d.file: d for d in registry.documents}
    for item in process_all(list_corpus(corpus), known, make_context(registry), metadata):
        if isinstance(item, CorpusError):
            continue
        title = item.document.meta.title or ""
        for a in item.annotated:
            yield FlatPassage(
                id=a.passage.id,
                document_id=a.passage.document_id,
                title=title,
                text=a.passage.text,
                speaker=_values(a.speaker_ids),
                event=_values((a.event_id,) if a.event_id else ()),
                theme=_values(a.theme_ids),
                organization=_values(a.organization_ids),
                year=_values((str(a.year),) if a.year else ()),
                has_quote=a.has_quote,
            )


def export(corpus: Path, metadata: Path, out: Path) -> int:
    """Write passages.jsonl once; returns the passage count."""
    count = 0
    tmp = out.with_suffix(".partial")
    with open(tmp, "w", encoding="utf-8") as handle:
        for passage in pipeline_passages(corpus, metadata):
            handle.write(json.dumps(asdict(passage), ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(out)
    return count


def read(path: Path) -> Iterator[FlatPassage]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            yield FlatPassage(**{k: tuple(v) if isinstance(v, list) else v for k, v in row.items()})
