"""`verbatim bench generate`: a seeded synthetic corpus written as ordinary corpus/ + metadata/.

Documents are generated and written one at a time (metadata/documents.yaml is appended as they
go), so memory stays flat however many passages are asked for. Same passages, seed and bundled
texts → byte-identical output.
"""
from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.documents import Picker, make_document
from indexer.metadata_yaml import (
    append_document,
    event_entry,
    organization_entry,
    speaker_entry,
    theme_entry,
    write_list,
)
from bench.text import Chain
from bench.world import World, build_world

BUNDLED_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MARKER = ".verbatim-bench"  # marks an --out folder as ours, so regenerating may replace it
MIN_DOC, MAX_DOC = 10, 30  # passages per document (its title line is the title, not a passage)


@dataclass(frozen=True)
class Generated:
    corpus: Path
    metadata: Path
    documents: int
    passages: int


def _write_registries(world: World, metadata: Path) -> None:
    write_list(metadata / "organizations.yaml", [organization_entry(o) for o in world.organizations])
    write_list(metadata / "themes.yaml", [theme_entry(t) for t in world.themes])
    write_list(metadata / "events.yaml", [event_entry(e) for e in world.events])
    listed = [s for s in world.speakers if s.id in world.registered]
    write_list(metadata / "speakers.yaml", [speaker_entry(s) for s in listed])


def generate(passages: int, seed: int, out: Path, source: Path = BUNDLED_CORPUS) -> Generated:
    """Write `out/corpus/` and `out/metadata/` holding exactly `passages` passages.

    Raises:
        ValueError: fewer than 1 passage asked for, or `out/corpus` already holds other files.
    """
    if passages < 1:
        raise ValueError("--passages must be at least 1 (one paragraph under a title)")
    corpus, metadata, marker = out / "corpus", out / "metadata", out / MARKER
    for folder in (corpus, metadata):
        if folder.exists() and any(folder.iterdir()) and not marker.exists():
            raise ValueError(f"{folder} exists and was not written by `verbatim bench generate`; choose another --out")
    for folder in (corpus, metadata):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    marker.write_text(f"passages={passages} seed={seed}\n", encoding="utf-8")
    chain = Chain.from_folder(source)
    world = build_world(passages, seed)
    _write_registries(world, metadata)
    rng = random.Random(f"documents:{seed}")
    events = Picker(world.events, world.event_weights)
    speakers = Picker(world.speakers, world.speaker_weights)
    written = documents = 0
    with open(metadata / "documents.yaml", "w", encoding="utf-8", newline="\n") as listing:
        while written < passages:
            size = rng.randint(MIN_DOC, MAX_DOC)
            left = passages - written
            size = left if left - size < MIN_DOC // 2 else size  # no tiny last document
            doc = make_document(documents, size, rng, chain, world, events, speakers)
            path = corpus / doc.meta.file
            path.parent.mkdir(exist_ok=True)
            path.write_text(doc.text, encoding="utf-8", newline="\n")
            append_document(listing, doc.meta)
            written += doc.passages
            documents += 1
    return Generated(corpus, metadata, documents, written)


def corpus_spec(data: Path) -> tuple[int, int]:
    """(passages, seed) the folder was generated with."""
    marker = data / MARKER
    if not marker.is_file():
        raise ValueError(f"{data} was not written by `verbatim bench generate` (no {MARKER})")
    fields = dict(part.split("=") for part in marker.read_text(encoding="utf-8").split())
    return int(fields["passages"]), int(fields["seed"])
