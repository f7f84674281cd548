"""Whoosh segments written by several processes, in corpus order.

The main process keeps every catalog decision in corpus order and hands each document's passage
fields to one writer process. Documents go in chunks of consecutive passages, each chunk to the
writer with the least work left, so both writers are busy at once; each chunk becomes one Whoosh
segment (written whole by SegmentBuilder: no posting pool ever spills to a run file) plus its
share of the flat postings. `finish()` lists the segments in chunk order in one table of
contents, so Whoosh document numbers follow the corpus, as `columns.json` and `postings.bin`
(joined here) expect.

Whoosh's own `procs=2` is not used: it gives batches to whichever sub-writer is free and numbers
documents in the order they are merged, so document numbers would not follow corpus order.
"""
from __future__ import annotations

import gc
import mmap
import multiprocessing
import os
import pickle
import shutil
import signal
import threading
from array import array
from collections import Counter, deque
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files

from indexer.index_flat import write_flat
from indexer.index_format import WHOOSH_DIR, WORD_PATTERN
from indexer.lifeline import exit_with_parent
from indexer.schema import build_schema
from indexer.whoosh_segments import INDEX_NAME, SegmentBuilder

# Passages per segment at most. A writer holds its open segment's postings in memory (about 6 MB
# per 1,000 passages), so this bounds each writer; larger segments mean fewer of them for a large
# corpus (50 at a million passages), which the search side opens and looks terms up in one by one.
CHUNK_MAX = 20_000
CHUNK_MIN = 500
CHUNKS_PER_WRITER = 2  # a small corpus is still cut in enough chunks to keep every writer busy
QUEUED_BYTES = 32 * 2**20  # pickled passages a writer buffers (~25,000): a chunk, while the others are fed


def chunk_size(files: int, writers: int, passages_per_file: int = 20) -> int:
    """Passages per chunk for a corpus of `files` files (a guess of its passages is enough)."""
    guess = files * passages_per_file // max(1, writers * CHUNKS_PER_WRITER)
    return max(CHUNK_MIN, min(CHUNK_MAX, guess))


class ShardWriter:
    """In a writer process: one Whoosh segment per chunk in a private folder, and the chunk's
    `text` postings with corpus-wide document numbers in a file of its own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True)
        self.schema = build_schema()
        self._words = WORD_PATTERN
        self.vocabulary: Counter[str] = Counter()
        self.chunks: list[dict[str, Any]] = []
        self._segment: SegmentBuilder | None = None

    def start(self, chunk: int, docbase: int) -> None:
        self.finish_chunk()
        self._segment = SegmentBuilder(str(self.folder), self.schema)
        self.chunks.append({"chunk": chunk, "docbase": docbase})

    def add(self, fields: dict) -> None:
        self._segment.add(fields)
        self.vocabulary.update(self._words.findall(fields["text"].lower()))

    def finish_chunk(self) -> int:
        """Write the open chunk's segment; returns its passages (0 when no chunk was open)."""
        if self._segment is None:
            return 0
        entry = self.chunks[-1]
        path = self.folder / f"postings-{entry['chunk']}.bin"
        entry["postings"] = self._segment.write_flat(str(path), entry["docbase"])
        entry["segment"] = self._segment.finish()
        self._segment = None
        return entry["segment"].doc_count_all()


class _Inbox:
    """Messages from the main process, received by a thread so the main process never waits for a
    busy writer while another one idles. Held as received (pickled: a third of the passages' size
    as objects) and bounded by bytes, so a writer can take in a whole chunk while the other writer
    is fed, in little memory; each message is unpickled when its turn comes."""

    def __init__(self, conn, limit: int) -> None:
        self.conn, self.limit = conn, limit
        self.items: deque[bytes | None] = deque()
        self.held = 0
        self.cond = threading.Condition()
        threading.Thread(target=self._receive, daemon=True).start()

    def _receive(self) -> None:
        while True:
            try:
                data: bytes | None = self.conn.recv_bytes()
            except (EOFError, OSError):
                data = None  # the main process went away
            size = len(data) if data is not None else 0
            with self.cond:
                while self.held and self.held + size > self.limit:
                    self.cond.wait()
                self.items.append(data)
                self.held += size
                self.cond.notify_all()
            if data is None:
                return

    def get(self) -> tuple:
        with self.cond:
            while not self.items:
                self.cond.wait()
            data = self.items.popleft()
            self.held -= len(data) if data is not None else 0
            self.cond.notify_all()
        return ("gone",) if data is None else pickle.loads(data)


def _writer_main(conn, folder: str, limit: int) -> None:
    """A writer process: chunks in, segments out; errors go back to the main process as text."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    exit_with_parent()  # a build killed with -9 must not leave its writers running
    # Postings are arrays and tuples without cycles: the collector would only walk them over and
    # over (10 % of the writer's time). What cycles Whoosh leaves are collected once per chunk.
    gc.disable()
    try:
        inbox = _Inbox(conn, limit)
        shard = ShardWriter(Path(folder))
        while True:
            message = inbox.get()
            kind = message[0]
            if kind == "docs":
                for fields in message[1]:
                    shard.add(fields)
            elif kind == "chunk":
                shard.start(message[1], message[2])
            elif kind == "end":  # the chunk is complete: write its segment now, say so
                conn.send(("ended", shard.finish_chunk()))
                gc.collect()
            elif kind == "close":
                shard.finish_chunk()
                conn.send(("done", {"chunks": shard.chunks, "vocabulary": shard.vocabulary}))
                return
            else:  # the main process went away
                os._exit(1)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process, which stops the build
        try:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        finally:
            os._exit(1)


class WriterFailed(OSError):
    """A writer process stopped (its error in one line, or how it ended): the index cannot be written."""


class ShardedSegments:
    """The main process's side: routes documents to writer processes, then assembles one index."""

    def __init__(self, folder: Path, writers: int = 2, chunk: int = CHUNK_MAX, documents: int = 0) -> None:
        """chunk: passages per segment at most; documents: how many documents to expect (0: unknown),
        to make the last chunks smaller so that the writers finish together."""
        self.folder = folder  # the generation folder; Whoosh's part goes to folder/whoosh
        self.chunk = max(1, chunk)
        self.expected = documents
        spawn = multiprocessing.get_context("spawn")
        self.procs: list = []
        self.conns: list = []
        for i in range(writers):
            mine, theirs = spawn.Pipe()
            proc = spawn.Process(
                target=_writer_main, args=(theirs, str(folder / f"whoosh-{i}"), QUEUED_BYTES),
                name=f"verbatim-writer-{i}", daemon=True,
            )
            proc.start()
            theirs.close()
            self.procs.append(proc)
            self.conns.append(mine)
        self.outstanding = [0] * writers  # passages sent to each writer and not yet written
        self._writer = -1  # the writer of the open chunk
        self._chunks = 0
        self._target = 0
        self._filled = 0
        self._documents = 0
        self._docnum = 0

    def add_document(self, passages: list[dict]) -> None:
        """One document's passage fields (never split over two chunks)."""
        if not passages:
            return
        if self._writer < 0 or self._filled >= self._target:
            self._start_chunk()
        self._send(self._writer, ("docs", passages))
        self._filled += len(passages)
        self.outstanding[self._writer] += len(passages)
        self._documents += 1
        self._docnum += len(passages)

    def _start_chunk(self) -> None:
        """End the open chunk, open the next on the writer with the least work left."""
        if self._writer >= 0:
            self._send(self._writer, ("end",))
        self._collect()
        self._writer = min(range(len(self.conns)), key=lambda i: (self.outstanding[i], i))
        self._target = self._chunk_size()
        self._filled = 0
        self._send(self._writer, ("chunk", self._chunks, self._docnum))
        self._chunks += 1

    def _chunk_size(self) -> int:
        """The full chunk, or near the end of the corpus a share of what is left, so that no writer
        still has a large chunk to write while the other has finished."""
        if not self.expected or not self._documents:
            return self.chunk
        left = (self.expected - self._documents) * self._docnum / self._documents
        return max(min(self.chunk, CHUNK_MIN), min(self.chunk, int(left / len(self.conns))))

    def _collect(self) -> None:
        """Take in the writers' reports of chunks written (without waiting)."""
        for i, conn in enumerate(self.conns):
            try:
                while conn.poll():
                    self._report(i, conn.recv())
            except (EOFError, OSError) as exc:
                raise WriterFailed(self._failure(i)) from exc

    def _report(self, i: int, message: tuple) -> None:
        kind, detail = message
        if kind == "ended":
            self.outstanding[i] -= detail
        elif kind == "error":
            raise WriterFailed(f"index writer {i} failed: {detail}")

    def _send(self, i: int, message: tuple) -> None:
        try:
            self.conns[i].send(message)
        except (BrokenPipeError, ConnectionResetError, EOFError) as exc:
            raise WriterFailed(self._failure(i)) from exc

    def _failure(self, i: int) -> str:
        conn = self.conns[i]
        try:
            while conn.poll(5):
                kind, detail = conn.recv()
                if kind == "error":
                    return f"index writer {i} failed: {detail}"
        except (EOFError, OSError):
            pass
        self.procs[i].join(5)
        return f"index writer {i} stopped (exit code {self.procs[i].exitcode})"

    def finish(self, schema=None) -> Counter[str]:
        """Close the writers, list their segments in corpus order, merge the flat postings;
        returns the corpus vocabulary."""
        results = []
        for i in range(len(self.conns)):
            self._send(i, ("close",))
        for i, conn in enumerate(self.conns):
            try:
                kind, detail = conn.recv()
                while kind == "ended":
                    kind, detail = conn.recv()
            except (EOFError, OSError) as exc:
                raise WriterFailed(self._failure(i)) from exc
            if kind != "done":
                raise WriterFailed(f"index writer {i} failed: {detail}")
            results.append(detail)
        for proc in self.procs:
            proc.join()
        chunks = sorted(
            ({**c, "writer": i} for i, r in enumerate(results) for c in r["chunks"]), key=lambda c: c["chunk"]
        )
        self._assemble(chunks, schema or build_schema())
        write_flat([c["postings"] for c in chunks], self.folder)
        for i in range(len(self.procs)):
            shutil.rmtree(self.folder / f"whoosh-{i}", ignore_errors=True)
        vocabulary: Counter[str] = Counter()
        for r in results:
            vocabulary.update(r["vocabulary"])
        return vocabulary

    def _assemble(self, chunks: list[dict], schema) -> None:
        """Move every chunk's segment files into folder/whoosh and list them in chunk order."""
        target = self.folder / WHOOSH_DIR
        if not target.exists():
            target.mkdir()
            whoosh_index.create_in(str(target), schema)
        for c in chunks:
            source = self.folder / f"whoosh-{c['writer']}"
            for name in c["segment"].list_files(FileStorage(str(source))):
                os.replace(source / name, target / name)
        segments = [c["segment"] for c in chunks]
        storage = FileStorage(str(target))
        generation = TOC.read(storage, INDEX_NAME).generation + 1
        TOC(schema, segments, generation).write(storage, INDEX_NAME)
        clean_files(storage, INDEX_NAME, generation, segments)

    def cancel(self) -> None:
        """Stop the writers at once (the build failed or was interrupted)."""
        for conn in self.conns:
            conn.close()
        for proc in self.procs:
            if proc.is_alive():
                proc.kill()
        for proc in self.procs:
            proc.join(10)
