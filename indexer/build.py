"""The indexing pipeline in one place: read → segment → attribute → annotate → write.

`build_index` composes the stages; `ensure_index` rebuilds only when the corpus or metadata
changed since the current generation was built (what `verbatim serve` calls on start).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from indexer.catalog import Catalog, DocumentEntry
from indexer.corpus import SUFFIXES, CorpusError, list_corpus
from indexer.metadata import load_registry
from indexer.infer.linking import EventLinker
from indexer.models import Document, Event, Registry, Speaker
from indexer.writer_pool import chunk_size
from indexer.stages import PARALLEL_MIN_FILES, Processed, annotate_document, make_context, process_all
from indexer.index_format import MANIFEST_FILE, current_generation
from indexer.writer import GenerationWriter, build_lock, passage_fields

Progress = Callable[[int, int, str], None]


class BuildError(Exception):
    """The build stopped; the previous index is untouched."""


@dataclass(frozen=True)
class BuildSummary:
    generation: str
    documents: int
    passages: int
    quotations: int
    reported: int
    speakers: int
    themes: int
    seconds: float
    discovered: tuple[Speaker, ...] = ()  # speakers found in text, not in the registry
    events: tuple[Event, ...] = ()  # events found in text, not in the registry
    problems: tuple[str, ...] = ()  # files skipped with --keep-going, duplicates, unknown front-matter events
    inferred: tuple[str, ...] = ()  # "file: title, published inferred from the text", "file: no date found in the text"

    def line(self) -> str:
        """The one-line summary `verbatim index` ends with."""
        return (
            f"indexed {self.documents} documents, {self.passages} passages, {self.quotations} quotations, "
            f"{self.speakers} speakers, {self.themes} themes in {self.seconds:.2f} s"
        )


@functools.cache
def pipeline_digest() -> bytes:
    """A digest of the code that turns inputs into an index (every module of `indexer/` but the search
    side): an upgrade that segments, attributes or writes differently makes an index of the same inputs
    stale, so `ensure_index` rebuilds it instead of serving passages the code would no longer make."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] != "search":
            digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def inputs_hash(corpus_dir: Path, metadata_dir: Path) -> str:
    """A digest of every input byte and name and of the pipeline's code, to know whether the index is stale."""
    digest = hashlib.sha256(pipeline_digest())
    for folder in (corpus_dir, metadata_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
            try:  # a corpus link counts by where it points: the corpus is never read through a link
                link = folder == corpus_dir and path.is_symlink()
                data = os.fsencode(os.readlink(path)) if link else path.read_bytes()
            except FileNotFoundError:  # deleted while we listed: it is not an input any more
                continue
            digest.update(os.fsencode(path.relative_to(folder).as_posix()) + b"\0")  # any file name
            digest.update(data)
    return digest.hexdigest()


def _working_catalog(registry: Registry, name: str) -> Catalog:
    return Catalog(
        generation=name,
        documents={},
        events={e.id: e for e in registry.events},
        speakers={s.id: s for s in registry.speakers},
        organizations={o.id: o for o in registry.organizations},
        themes={t.id: t for t in registry.themes},
    )


def _unique_id(document: Document, taken: dict[str, DocumentEntry], reserved: dict[str, str]) -> Document:
    """The document under `id-2`, `id-3`…: the first id free of both indexed and registry-listed documents."""
    n = 2
    while f"{document.id}-{n}" in taken or f"{document.id}-{n}" in reserved:
        n += 1
    return replace(document, id=f"{document.id}-{n}", meta=replace(document.meta, id=f"{document.id}-{n}"))


UNREAD_SHOWN = 5  # file names listed in the warning about files that are not text documents


def unread_files(corpus_dir: Path) -> str | None:
    """One warning naming the corpus files the indexer does not read (a .pdf or .docx dropped in
    beside the texts), so a user does not wait for documents that will never appear."""
    names = []
    for path in corpus_dir.rglob("*"):
        rel = path.relative_to(corpus_dir).as_posix()
        hidden = any(part.startswith(".") for part in rel.split("/"))
        if not hidden and path.suffix.lower() not in SUFFIXES and path.is_file() and not path.is_symlink():
            names.append(rel)
    if not names:
        return None
    names.sort()
    more = len(names) - UNREAD_SHOWN
    shown = ", ".join(names[:UNREAD_SHOWN]) + (f" and {more} more" if more > 0 else "")
    kinds = ", ".join(SUFFIXES[:-1]) + f" and {SUFFIXES[-1]}"
    return (f"{len(names)} file(s) in the corpus were not indexed (only {kinds} files are read; "
            f"`verbatim add FILE` brings in web pages, PDFs and Word files): {shown}")


def _id_owner(document: Document, catalog: Catalog, reserved: dict[str, str]) -> str | None:
    """The file that owns this document's id, when it is another one.

    Ids listed in documents.yaml belong to their files whatever the corpus order, so a dropped-in
    file named like a listed one never takes its id (and with it the listed document's permalinks).
    """
    owner = reserved.get(document.id)
    if owner is not None and owner != document.path:
        return owner
    entry = catalog.documents.get(document.id)
    return entry.meta.file if entry is not None else None


def _merge_discovered(catalog: Catalog, found: tuple[Speaker, ...]) -> None:
    for speaker in found:
        old = catalog.speakers.get(speaker.id)
        if old is None:
            catalog.speakers[speaker.id] = speaker
        elif old.discovered:
            roles = old.roles + tuple(r for r in speaker.roles if r not in old.roles)
            catalog.speakers[speaker.id] = replace(old, roles=roles)


def _check_metadata_dir(metadata_dir: Path) -> None:
    """A missing metadata folder means no metadata; a file in its place is a mistake to report."""
    if metadata_dir.exists() and not metadata_dir.is_dir():
        raise BuildError(f"{metadata_dir}: the metadata must be a folder")


def build_index(
    corpus_dir: Path,
    metadata_dir: Path,
    index_dir: Path,
    *,
    keep_going: bool = False,
    progress: Progress | None = None,
    writers: int | None = None,
    chunk: int | None = None,
    hold: Callable[[], AbstractContextManager] = nullcontext,
) -> BuildSummary:
    """Build a new index generation from the corpus and metadata and make it current.

    Raises:
        MetadataError: the metadata does not validate (nothing is written).
        BuildError: the corpus folder is missing, the metadata is a file, or a corpus file cannot be
            read and keep_going is False.

    writers: Whoosh writer processes (None: two on a large corpus with a second core, else none:
    written in this process); chunk: passages per segment when there are writer processes;
    hold: entered once the registry is loaded, for the whole build (the process that owns its
    garbage-collector policy may freeze what lives through the build, see cli/index.py).
    """
    started = time.perf_counter()
    _check_metadata_dir(metadata_dir)
    digest = inputs_hash(corpus_dir, metadata_dir)  # before reading: an edit made during the build leaves it stale
    registry = load_registry(metadata_dir)
    ctx = make_context(registry)
    known = {d.file: d for d in registry.documents}
    with hold(), build_lock(index_dir):
        try:
            sources = list_corpus(corpus_dir)
        except CorpusError as exc:  # no corpus folder: the build stops like any other failed build
            raise BuildError(str(exc)) from exc
        if writers is None:
            writers = writer_count(len(sources))
        writer = GenerationWriter(
            index_dir, writers=writers, chunk=chunk or chunk_size(len(sources), max(1, writers)), documents=len(sources)
        )
        try:
            catalog = _working_catalog(registry, writer.name)
            counts, problems, inferred = _write_documents(
                sources, corpus_dir, known, ctx, catalog, writer, keep_going, progress, registry
            )
            summary = BuildSummary(
                generation=writer.name,
                documents=len(catalog.documents),
                passages=counts["passages"],
                quotations=counts["quotations"],
                reported=counts["reported"],
                speakers=len(counts["speakers"]),
                themes=len(counts["themes"]),
                seconds=time.perf_counter() - started,
                discovered=tuple(s for s in catalog.speakers.values() if s.discovered),
                events=tuple(e for e in catalog.events.values() if e.discovered),
                problems=tuple(problems),
                inferred=tuple(inferred),
            )
            manifest = {
                "generation": writer.name,
                "inputs_hash": digest,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "counts": {k: v for k, v in summary.__dict__.items() if isinstance(v, int)},
            }
            writer.publish(catalog, manifest)
        except BaseException:
            writer.discard()
            raise
    return replace(summary, seconds=time.perf_counter() - started)


def writer_count(files: int) -> int:
    """Whoosh writer processes for a corpus of this many files: two when the corpus is large enough
    for worker processes and there is a second core, else none (written in the main process)."""
    return 2 if files >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) >= 2 else 0


def _write_documents(sources, corpus_dir, known, ctx, catalog, writer, keep_going, progress, registry):
    """Stream every document's passages into the writer, in corpus order."""
    counts = {"passages": 0, "quotations": 0, "reported": 0, "speakers": set(), "themes": set()}
    problems: list[str] = []
    inferred: list[str] = []
    seen_text: dict[str, str] = {}
    reserved = {meta.id: file for file, meta in known.items()}
    unread = unread_files(corpus_dir)
    problems += [unread] if unread else []
    linker = EventLinker(registry.events)
    for done, item in enumerate(process_all(sources, known, ctx, registry), start=1):
        if isinstance(item, CorpusError):
            if not keep_going:
                raise BuildError(f"{item} (use --keep-going to index the rest)") from item
            problems.append(f"{item}; skipped")
            continue
        if item.document.sha256 in seen_text:
            problems.append(f"{item.document.path}: identical to {seen_text[item.document.sha256]}; skipped")
            continue
        seen_text[item.document.sha256] = item.document.path
        owner = _id_owner(item.document, catalog, reserved)
        if owner is not None:  # rare: two files claim one id; re-run with a fresh id
            claimed = item.document.id
            item = annotate_document(_unique_id(item.document, catalog.documents, reserved), ctx)
            problems.append(f"{item.document.path}: document id '{claimed}' belongs to {owner}; "
                            f"indexed as '{item.document.id}'")
        item = with_event(item, linker, catalog)
        _add(item, catalog, writer, counts)
        note, problem = metadata_gaps(item.document, item.document.path in known, catalog)
        inferred += [note] if note else []
        problems += [problem] if problem else []
        if progress:
            progress(done, len(sources), item.document.path)
    return counts, problems, inferred


def with_event(item: Processed, linker: EventLinker, catalog: Catalog) -> Processed:
    """A document that no metadata files under an event gets the one its text is about: a registry
    event it matches, else an event found in text (added to the catalog, shared with the earlier
    documents about it). Front matter and documents.yaml always win."""
    document = item.document
    key = document.facts.event_key() if document.facts and not document.meta.event else None
    if key is None:
        return item
    event_id, found = linker.link(key)
    if found is not None:
        catalog.events[event_id] = found
    event = found or catalog.events.get(event_id)
    year = event.start.year if event and event.start else None
    document = replace(document, meta=replace(document.meta, event=event_id), inferred=document.inferred + ("event",))
    annotated = tuple(replace(a, event_id=event_id, year=year or a.year) for a in item.annotated)
    return replace(item, document=document, annotated=annotated)


def metadata_gaps(document: Document, listed: bool, catalog: Catalog) -> tuple[str | None, str | None]:
    """What a curator should hear about one document's metadata.

    Returns a note on the fields inferred from the text or, for a file documents.yaml does not
    list, found nowhere; and a problem when front matter names an event events.yaml does not have
    (validate rejects that in documents.yaml, so here it can only come from front matter).
    """
    path, meta = document.path, document.meta
    problem = None
    if meta.event and meta.event not in catalog.events:
        problem = (
            f"{path}: front matter event '{meta.event}' is not in events.yaml; "
            "add it there to name it (its passages keep the bare id)"
        )
    parts = [f"{', '.join(document.inferred)} inferred from the text"] if document.inferred else []
    missing = [name for name, value in (("title", meta.title), ("date", meta.published)) if not value]
    if missing and not listed:
        parts.append(f"no {' or '.join(missing)} found in the text")
    return (f"{path}: {'; '.join(parts)}" if parts else None), problem


def _add(item: Processed, catalog: Catalog, writer: GenerationWriter, counts: dict) -> None:
    """Record one processed document in the catalog and write its passages."""
    document = item.document
    _merge_discovered(catalog, item.discovered.speakers)
    for org in item.discovered.organizations:
        catalog.organizations.setdefault(org.id, org)
    writer.add_document_text(document)
    writer.add_passages([passage_fields(a, catalog, document.meta.title) for a in item.annotated])
    for a in item.annotated:
        counts["quotations"] += len(a.quotes)
        counts["reported"] += len(a.reported)
        counts["speakers"].update(a.speaker_ids)
        counts["themes"].update(a.theme_ids)
    counts["passages"] += len(item.annotated)
    catalog.documents[document.id] = DocumentEntry(
        meta=document.meta,
        passage_ids=tuple(a.passage.id for a in item.annotated),
        inferred=document.inferred,
        sha256=document.sha256,
        body_offset=document.body_offset,
    )


def ensure_index(corpus_dir: Path, metadata_dir: Path, index_dir: Path) -> BuildSummary | None:
    """Build the index when it is missing or its inputs changed: the build's summary, or None.

    Raises:
        BuildError: as build_index, and when the index folder cannot be read or written (a file
            in its place, no permission), so the commands that call this print one line.
    """
    _check_metadata_dir(metadata_dir)
    try:
        current = current_generation(index_dir)
        if current is not None:
            manifest = json.loads((current / MANIFEST_FILE).read_text(encoding="utf-8"))
            if manifest.get("inputs_hash") == inputs_hash(corpus_dir, metadata_dir):
                return None
        return build_index(corpus_dir, metadata_dir, index_dir)
    except OSError as exc:
        where = exc.filename or index_dir
        raise BuildError(f"cannot use the index folder ({where}: {exc.strerror or exc})") from exc
