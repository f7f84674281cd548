"""One opened index generation (`opening.open_index` caches them per process and swaps them).

Whoosh access goes through the view's lock (readers seek in shared files); facet columns are
memory-mapped from the columns file, not read from stored documents.
"""
from __future__ import annotations

import json
import threading
import weakref
from functools import cached_property
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.catalog import Catalog, load_catalog
from indexer.integrity import IndexDamaged
from indexer.index_format import COLUMNS_FILE, TEXTS_DIR, VOCABULARY_FILE, WHOOSH_DIR
from indexer.search.budget import DEFAULT, CacheBudget
from indexer.search.columns import Columns
from indexer.search.engine import Engine
from indexer.search.facets import CHEAPEST, Counting, label_of, sort_key
from indexer.search.highlight import Highlighter
from indexer.search.lru import LRU
from indexer.search.order import DateOrder
from indexer.search.postings import PostingsCache
from indexer.search.suggest import Speller
from indexer.search.types import FacetValue, PassageRecord, QuoteRecord, ReportedRecord, SpokeRecord

HIGHLIGHT_FIELDS = ("text", "speaker", "event", "theme", "organization", "title")  # analysed fields


class IndexView:
    """A generation's Whoosh searcher, catalog, facet columns and caches."""

    def __init__(self, folder: Path, facet_counting: Counting = CHEAPEST, budget: CacheBudget = DEFAULT,
                 loaded: IndexView | None = None) -> None:
        """facet_counting: how facet values are counted (every way gives the same counts); budget: what
        the caches that grow with the queries asked may hold (indexer/search/budget.py); loaded: a view of
        the same generation opened before this process forked, whose catalog and facet columns (read-only,
        most of a view's memory) are taken as they are, so the forked processes share their pages."""
        self.folder = folder
        self.facet_counting = facet_counting
        self.budget = budget
        self.generation = folder.name
        if loaded is not None and loaded.folder != folder:
            raise ValueError(f"a view of {loaded.folder} cannot lend its data to one of {folder}")
        self.catalog: Catalog = loaded.catalog if loaded is not None else load_catalog(
            folder, lambda doc_id: self.columns.document_passage_ids(doc_id))
        self._open(folder, loaded)

    def reopened(self) -> IndexView:
        """This generation's view with its own open files and empty caches, sharing the catalog and
        columns: what a process forked after opening it serves with (a file's read position is shared
        across a fork, so two processes must never read through the same open file)."""
        return IndexView(self.folder, self.facet_counting, self.budget, loaded=self)

    def _open(self, folder: Path, loaded: IndexView | None = None) -> None:
        self.lock = threading.RLock()
        self._speller_lock = threading.Lock()
        self._speller: Speller | None = None
        self._index = whoosh_index.open_dir(str(folder / WHOOSH_DIR))
        self.searcher = self._index.searcher()
        self._finalizer = weakref.finalize(self, self.searcher.close)  # files closed when the view goes
        self.reader = self.searcher.reader()
        self.columns = loaded.columns if loaded is not None else Columns.load(folder / COLUMNS_FILE, self.reader)
        # The flat postings share the columns' document numbering: trust them only when those align.
        self.postings = PostingsCache(self.reader, folder if self.columns.from_file else None, self.budget.postings)
        self.engine = Engine(self.searcher, self.postings)
        self.engine.role_ids = lambda roles, value: self.columns.for_roles(roles).facets["speaker"].bits(value)
        self.highlighter = Highlighter({f: self.searcher.schema[f].analyzer for f in HIGHLIGHT_FIELDS},
                                       self.budget.tokens // len(HIGHLIGHT_FIELDS))
        self.size = self.columns.size
        self.results: LRU[object, object] = LRU(self.budget.results)  # run_search's cache
        self._labels: dict[tuple[str, str], str] = {}
        self._facet_values: dict[tuple[str, str, int, bool], tuple[tuple, FacetValue]] = {}  # emptied at budget.facet_values

    @cached_property
    def vocabulary(self) -> dict[str, int]:
        """Surface words of the corpus with their counts (loaded when a suggestion is first needed)."""
        path = self.folder / VOCABULARY_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    @cached_property
    def date_order(self) -> DateOrder:
        return DateOrder(self.columns)

    @property
    def speller(self) -> Speller:
        """Spelling corrections from the corpus vocabulary and the names of speakers and events.

        Built once, on first need, under its own lock (not the searcher's, which every search takes)."""
        with self._speller_lock:
            if self._speller is None:
                names = [n for s in self.catalog.speakers.values() for n in (s.name, *s.aliases)]
                names += [e.name for e in self.catalog.events.values()]
                self._speller = Speller(self.vocabulary, names)
            return self._speller

    def label(self, facet: str, value: str) -> str:
        """A facet value's label (memoised: every search labels every listed value)."""
        key = (facet, value)
        text = self._labels.get(key)
        if text is None:
            text = self._labels[key] = label_of(self.catalog, facet, value)
        return text

    def facet_value(self, facet: str, value: str, count: int, selected: bool) -> tuple[tuple, FacetValue]:
        """A listed facet value and where it sorts, shared by searches listing it with the same count
        (many do)."""
        key = (facet, value, count, selected)
        made = self._facet_values.get(key)
        if made is None:  # a plain dict, emptied when full: a search asks ~200 times, a hit must cost no call
            if len(self._facet_values) >= self.budget.facet_values:
                self._facet_values.clear()
            listed = FacetValue(value, self.label(facet, value), count, selected)
            made = self._facet_values[key] = (sort_key(facet, listed), listed)
        return made

    def cached(self, key: object) -> object | None:
        with self.lock:
            return self.results.get(key)

    def remember(self, key: object, value: object) -> None:
        with self.lock:
            self.results[key] = value

    # --- records ---------------------------------------------------------------------------

    def record(self, docnum: int) -> PassageRecord:
        """The stored passage behind a document number."""
        with self.lock:
            stored = self.reader.stored_fields(docnum)
        return to_record(stored)

    def passage(self, passage_id: str) -> PassageRecord | None:
        docnum = self.columns.docnum_of(passage_id)
        return None if docnum is None else self.record(docnum)

    def document_passages(self, doc_id: str) -> tuple[PassageRecord, ...]:
        """Every passage of a document, in document order."""
        return tuple(self.record(d) for d in self.columns.document_docnums(doc_id))

    def document_text(self, doc_id: str) -> str | None:
        """The exact source text of a document (offsets of its passages point into it); None for a
        document the index does not have, IndexDamaged when the index has it but its text is gone."""
        if doc_id not in self.catalog.documents:
            return None
        try:
            with open(self.folder / TEXTS_DIR / f"{doc_id}.txt", encoding="utf-8", newline="") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            why = "missing" if isinstance(exc, FileNotFoundError) else f"unreadable ({type(exc).__name__})"
            raise IndexDamaged(f"the text of document {doc_id!r} is {why} in index generation {self.generation}; "
                               "`verbatim verify` checks the index, `verbatim index` rebuilds it") from exc

    def also_appears_in(self, passage: PassageRecord) -> tuple[PassageRecord, ...]:
        """Passages of other documents with the same text (whitespace aside): one per document, at most
        columns.MAX_ALSO, so a passage repeated 33,000 times costs a page no more than one repeated twice."""
        return tuple(self.record(d) for d in self.columns.same_text(passage.id))

    def close(self) -> None:
        """Release the Whoosh files (only once no request can still be using this view)."""
        with self.lock:
            self._finalizer()

    def speaker_counts(self) -> dict[str, dict]:
        """Passages (said, reported or spoke), quotations, and passages per role of each speaker."""
        counts = self.columns.counts("speaker")
        for sid, roles in self.columns.role_counts().items():
            counts.setdefault(sid, {"passages": 0, "quotations": 0})["roles"] = roles
        return counts

    def event_counts(self) -> dict[str, dict]:
        return self.columns.counts("event")

    def theme_counts(self) -> dict[str, dict]:
        return self.columns.counts("theme")


def to_record(stored: dict) -> PassageRecord:
    notes = json.loads(stored.get("annotations") or "{}")

    def split(name: str) -> tuple[str, ...]:
        return tuple(v for v in (stored.get(name) or "").split(",") if v)

    return PassageRecord(
        id=stored["id"],
        document_id=stored["document_id"],
        block=stored["block"],
        paragraph=stored["paragraph"],
        page=stored.get("page"),
        start=stored["start"],
        end=stored["end"],
        text=stored["text"],
        quotes=tuple(QuoteRecord(*q) for q in notes.get("quotes", [])),
        reported=tuple(ReportedRecord(*r) for r in notes.get("reported", [])),
        speaker_ids=split("speaker_id"),
        spoke=tuple(SpokeRecord(*r) for r in notes.get("spoke", [])),
        mentioned_ids=tuple(notes.get("mentioned", [])),
        organization_ids=split("organization_id"),
        event_id=stored.get("event_id") or None,
        theme_ids=split("theme_id"),
        year=stored.get("year") or None,
        published=notes.get("published"),
    )
