"""The per-document stages composed: read → segment → attribute → annotate.

`process` is pure given its inputs, so documents can be processed in worker processes while the
main process writes the index; `process_all` keeps corpus order and bounds what is in flight.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from indexer.annotate import Context, Discovered, annotate, organization_pattern, speaker_pattern
from indexer.attribution import extract, find_appearances
from indexer.budget import OverBudget, budget_for, cpu_budget
from indexer.corpus import CorpusError, SourceFile, read_document
from indexer.lifeline import exit_with_parent
from indexer.lookup import Lookup
from indexer.metadata import load_registry
from indexer.models import AnnotatedPassage, Document, DocumentMeta, Registry
from indexer.passages import segment
from indexer.themes import ThemeMatcher

PARALLEL_MIN_FILES = 64  # below this, worker start-up costs more than it saves
IN_FLIGHT_PER_WORKER = 16  # bounds memory when the writer is slower than the workers


@dataclass(frozen=True)
class Processed:
    document: Document
    annotated: tuple[AnnotatedPassage, ...]
    discovered: Discovered


def make_context(registry: Registry) -> Context:
    """Everything annotation needs, prepared once per process."""
    return Context(
        lookup=Lookup.from_registry(registry),
        themes=ThemeMatcher.from_themes(registry.themes),
        org_mentions=organization_pattern(registry.organizations),
        speakers={s.id: s for s in registry.speakers},
        speaker_mentions=speaker_pattern(registry.speakers),
    )


def annotate_document(document: Document, ctx: Context) -> Processed:
    passages = segment(document)
    voiced = extract(document.text)
    annotated, discovered = annotate(document, passages, voiced + find_appearances(document.text), ctx)
    return Processed(document, annotated, discovered)


def process(source: SourceFile, known: DocumentMeta | None, ctx: Context) -> Processed | CorpusError:
    """One file through every stage; a file that cannot be read comes back as its error."""
    try:
        document = read_document(source, known)
    except CorpusError as exc:
        return exc
    seconds = budget_for(len(document.text))
    try:
        with cpu_budget(seconds):
            return annotate_document(document, ctx)
    except OverBudget:
        return CorpusError(
            source.rel, f"took more than {seconds:.3g} s of CPU to segment and attribute "
            f"({len(document.text):,} characters; the limit for its size); `verbatim extract` reproduces it"
        )
    except Exception as exc:  # a defect of ours on this text: name the file, let --keep-going skip it
        return CorpusError(
            source.rel, f"could not be annotated ({type(exc).__name__}: {exc}); `verbatim extract` reproduces it"
        )


_worker_ctx: Context | None = None


def _init_worker(metadata: Registry | Path) -> None:
    global _worker_ctx
    exit_with_parent()  # a build killed with -9 must not leave its workers waiting forever
    _worker_ctx = make_context(metadata if isinstance(metadata, Registry) else load_registry(metadata))
    gc.freeze()  # the registry and context live as long as the worker: no collection walks them


def _process_in_worker(source: SourceFile, known: DocumentMeta | None) -> Processed | CorpusError:
    if _worker_ctx is None:
        raise RuntimeError("worker process was not initialised")
    return process(source, known, _worker_ctx)


def worker_count() -> int:
    """Leave one core to the writer; 0 means process in the main process."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


def process_all(
    sources: tuple[SourceFile, ...],
    known: dict[str, DocumentMeta],
    ctx: Context,
    metadata: Registry | Path,
    workers: int | None = None,
) -> Iterator[Processed | CorpusError]:
    """Process every file, in corpus order, in worker processes when the corpus is large.

    metadata: the loaded registry, handed to the workers as it is (re-reading a large registry's
    YAML costs a worker minutes at a million passages), or the metadata folder they load it from.
    """
    workers = worker_count() if workers is None else workers
    if workers < 1 or len(sources) < PARALLEL_MIN_FILES:
        for source in sources:
            yield process(source, known.get(source.rel), ctx)
        return
    if isinstance(metadata, Registry):  # documents travel with each file (known), not in the context
        metadata = replace(metadata, documents=())
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=spawn, initializer=_init_worker, initargs=(metadata,)) as pool:
        pending: deque[Future] = deque()
        queue = iter(sources)
        for source in queue:
            pending.append(pool.submit(_process_in_worker, source, known.get(source.rel)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                break
        while pending:
            yield pending.popleft().result()
            source = next(queue, None)
            if source is not None:
                pending.append(pool.submit(_process_in_worker, source, known.get(source.rel)))
