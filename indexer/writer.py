"""Index writer: annotated passages into a fresh Whoosh generation, swapped in atomically.

Each build writes `INDEX/generations/<name>/` (Whoosh files, catalog, document texts, manifest)
and only then replaces `INDEX/CURRENT`, so readers see the old generation or the new one, never a
mix, and a failed or killed build leaves the serving index untouched.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import uuid
from array import array
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.util.numeric import length_to_byte

from indexer.catalog import Catalog, save_catalog
from indexer.columns_file import write_columns
from indexer.index_format import (
    COLUMNS_FILE,
    CURRENT,
    GENERATIONS,
    MANIFEST_FILE,
    NOT_FLAT,
    TEXTS_DIR,
    VOCABULARY_FILE,
    WHOOSH_DIR,
    WORD_PATTERN,
    TERMS_SUFFIX,
    ColumnRow,
    column_row,
    current_generation,
)
from indexer.index_flat import flat_key, write_flat, write_part
from indexer.integrity import write_checksums
from indexer.models import AnnotatedPassage, Document
from indexer.schema import build_schema
from indexer.writer_pool import CHUNK_MAX, ShardedSegments

KEEP_GENERATIONS = 2  # the new one and its predecessor, which open readers may still use
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class IndexLocked(Exception):
    """Another build is writing this index folder."""


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index folder's build lock (released even when the process is killed)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexLocked(f"{index_dir}: another `verbatim index` is building this index") from exc
        yield


class GenerationWriter:
    """Writes one new generation; `publish()` makes it current, `discard()` removes it."""

    def __init__(self, index_dir: Path, *, writers: int = 0, chunk: int = CHUNK_MAX, documents: int = 0) -> None:
        """writers: 0 writes Whoosh in this process (one segment); N > 0 hands chunks of `chunk`
        passages to N writer processes, one segment per chunk, in corpus order (documents: how
        many to expect, which lets the last chunks shrink so the writers finish together)."""
        self.index_dir = index_dir
        (index_dir / GENERATIONS).mkdir(parents=True, exist_ok=True)
        self._remove_stale_partials()
        # Microseconds keep names in build order, which pruning and humans rely on.
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
        self.name = f"{stamp}-{uuid.uuid4().hex[:8]}"
        self.folder = index_dir / GENERATIONS / f".building-{self.name}"
        (self.folder / TEXTS_DIR).mkdir(parents=True)
        self._columns: list[ColumnRow] = []
        self._vocabulary: Counter[str] = Counter()
        self._shards: ShardedSegments | None = None
        self._writer = None
        if writers > 0:
            self._shards = ShardedSegments(self.folder, writers, chunk, documents)
            return
        (self.folder / WHOOSH_DIR).mkdir()
        ix = whoosh_index.create_in(str(self.folder / WHOOSH_DIR), build_schema())
        # One large in-memory pool and no merging: a single segment written once. Not compound:
        # Whoosh 3 copies a compound file into memory on open; separate files open instantly.
        self._writer = ix.writer(limitmb=256, procs=1, multisegment=False, compound=False)

    def _remove_stale_partials(self) -> None:
        """Leftovers of killed builds (we hold the build lock, so none is in progress)."""
        for stale in (self.index_dir / GENERATIONS).glob(".building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        for pointer in self.index_dir.glob(f".{CURRENT}.*"):
            pointer.unlink(missing_ok=True)

    def add_document_text(self, document: Document) -> None:
        if not _SAFE_NAME.fullmatch(document.id):  # ids name files: never let one climb out of texts/
            raise ValueError(f"document id {document.id!r} cannot name a file")
        path = self.folder / TEXTS_DIR / f"{document.id}.txt"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(document.text)

    def add_passages(self, passages: list[dict]) -> None:
        """One document's passages, in order (a document is never split over two segments)."""
        if self._shards is not None:
            self._columns.extend(column_row(fields) for fields in passages)
            self._shards.add_document(passages)
            return
        for fields in passages:
            self._writer.add_document(**fields)
            self._columns.append(column_row(fields))
            self._vocabulary.update(WORD_PATTERN.findall(fields["text"].lower()))

    def publish(self, catalog: Catalog, manifest: dict) -> Path:
        """Commit, write catalog and manifest, then atomically point CURRENT at the result."""
        # Catalog and columns first: with writer processes they are written while those finish.
        save_catalog(catalog, self.folder)
        write_columns(self._columns, self.folder / COLUMNS_FILE)  # what the search side loads instead
        self._columns = []  # of reading every stored document
        if self._shards is not None:
            self._vocabulary = self._shards.finish()
        else:
            self._writer.commit(merge=False)
            flat_from_whoosh(self.folder / WHOOSH_DIR, self.folder)
        (self.folder / VOCABULARY_FILE).write_text(  # for "did you mean"
            json.dumps(dict(self._vocabulary), ensure_ascii=False), encoding="utf-8"
        )
        (self.folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        write_checksums(self.folder)  # last: every file is final; the server verifies them when it opens this
        final = self.index_dir / GENERATIONS / self.name
        previous = current_generation(self.index_dir)
        os.replace(self.folder, final)
        pointer = self.index_dir / f".{CURRENT}.{self.name}"
        pointer.write_text(self.name + "\n", encoding="utf-8")
        with open(pointer, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(pointer, self.index_dir / CURRENT)
        self._prune(keep={final, previous})
        return final

    def discard(self) -> None:
        """Drop the partial generation; never raises over the error that made the build stop."""
        try:
            if self._shards is not None:
                self._shards.cancel()
            elif not self._writer.is_closed:  # a commit that failed half-way has closed it already
                self._writer.cancel()
        except Exception:  # noqa: BLE001 - the folder goes anyway; the caller re-raises the real cause
            pass
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _prune(self, keep: set[Path | None]) -> None:
        """Remove all but the newest generations, never the new one or the one it replaced."""
        folders = sorted(p for p in (self.index_dir / GENERATIONS).iterdir() if not p.name.startswith("."))
        for old in folders[: max(0, len(folders) - KEEP_GENERATIONS)]:
            if old not in keep:
                shutil.rmtree(old, ignore_errors=True)


def flat_from_whoosh(whoosh_dir: Path, folder: Path) -> None:
    """The flat postings of an index Whoosh's own writer wrote (corpora too small for writer
    processes): every term read back once, as the writer processes write them from memory."""
    path = folder / "postings-part.bin"
    with whoosh_index.open_dir(str(whoosh_dir)).reader() as reader:
        size = reader.doc_count_all()
        keys = sorted((flat_key(name, btext), name, btext) for name, btext in reader.all_terms() if name not in NOT_FLAT)
        ids, freqs, counts = array("I"), bytearray(), array("I")
        for _, name, btext in keys:
            matcher = reader.postings(name, btext)
            before = len(ids)
            while matcher.is_active():
                ids.append(matcher.id())
                freqs.append(min(int(matcher.weight()), 255))
                matcher.next()
            counts.append(len(ids) - before)
        scored = [n for n, f in reader.schema.items() if f.scorable and n not in NOT_FLAT]
        norms = {n: bytes(length_to_byte(reader.doc_field_length(d, n) or 0) for d in range(size)) for n in scored}
        part = write_part(str(path), [k for k, _, _ in keys], counts, ids.tobytes(), bytes(freqs), size, norms,
                          {n: reader.field_length(n) for n in scored})
    write_flat([part], folder)
    path.unlink()
    Path(str(path) + TERMS_SUFFIX).unlink()


def _names(ids: tuple[str, ...], catalog: Catalog) -> str:
    """Every name the speakers answer to, for the name fields `speaker:` searches."""
    return " ".join(n for s in ids if s in catalog.speakers for n in (catalog.speakers[s].name, *catalog.speakers[s].aliases))


def passage_fields(item: AnnotatedPassage, catalog: Catalog, title: str | None) -> dict:
    """The Whoosh document for one annotated passage: ids for facets, names for search."""
    p = item.passage
    speakers = [catalog.speakers[s] for s in item.speaker_ids if s in catalog.speakers]
    roles = item.role_ids()
    orgs = [catalog.organizations[o] for o in item.organization_ids if o in catalog.organizations]
    themes = [catalog.themes[t] for t in item.theme_ids if t in catalog.themes]
    event = catalog.events.get(item.event_id) if item.event_id else None
    annotations = {
        "quotes": [[q.text, q.speaker_id, q.start, q.end] for q in item.quotes],
        "reported": [[r.speaker_id, r.cue, r.start, r.end] for r in item.reported],
        "spoke": [[r.speaker_id, r.cue, r.start, r.end] for r in item.spoke],
        "mentioned": list(item.mentioned_ids),
        "published": item.published.isoformat() if item.published else None,
    }
    return {
        "id": p.id,
        "document_id": p.document_id,
        "block": p.block,
        "paragraph": p.paragraph,
        "page": p.page,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "pairs": p.text,
        "speaker": " ".join(n for s in speakers for n in (s.name, *s.aliases)),
        "event": " ".join(x for x in (event.name, event.short_name or "", event.city or "") if x) if event else "",
        "theme": " ".join(t.label for t in themes),
        "organization": " ".join(n for o in orgs for n in (o.name, *o.acronyms)),
        "title": title or "",
        "speaker_id": ",".join(item.speaker_ids),
        **{f"{role}_id": ",".join(ids) for role, ids in roles.items()},
        **{f"speaker_{role}": _names(ids, catalog) for role, ids in roles.items()},
        "event_id": item.event_id or "",
        "theme_id": ",".join(item.theme_ids),
        "organization_id": ",".join(item.organization_ids),
        "year": str(item.year) if item.year else "",
        "has_quote": item.has_quote,
        "published": int(item.published.strftime("%Y%m%d")) if item.published else 0,
        "annotations": json.dumps(annotations, ensure_ascii=False),
    }
