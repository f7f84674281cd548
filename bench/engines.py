"""The comparison engines, each used the natural way: tantivy (Rust, via its Python package) and
SQLite FTS5 (python's sqlite3), indexing the same passages and answering the same queries.

One search = total matches, the top 10 by relevance with highlighted text, and (when asked)
counts per value of every facet over all matches: tantivy with a terms aggregation over fast
fields, FTS5 with GROUP BY over a passage/facet table joined to the matching rowids.
"""
from __future__ import annotations

import shutil
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.passages import FACETS, FlatPassage
from bench.queries import ResolvedQuery

TOP = 10
FACET_SIZE = 50  # facet values returned per facet


@dataclass(frozen=True)
class Answer:
    total: int
    hits: tuple[str, ...]  # passage ids, best first
    highlights: tuple[str, ...]
    facets: dict[str, dict[str, int]]


class TantivyEngine:
    name = "tantivy"

    def __init__(self, folder: Path) -> None:
        import tantivy

        self.tantivy, self.folder = tantivy, folder
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("text", stored=True, tokenizer_name="en_stem")
        for facet in FACETS:
            builder.add_text_field(facet, fast=True, tokenizer_name="raw", index_option="basic")
        self.schema = builder.build()
        self.index = None

    def build(self, passages: Iterable[FlatPassage]) -> int:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        index = self.tantivy.Index(self.schema, path=str(self.folder))
        writer = index.writer(heap_size=256_000_000)
        count = 0
        for p in passages:
            doc = self.tantivy.Document(id=p.id, title=p.title, text=p.text)
            for facet in FACETS:
                for value in getattr(p, facet):
                    doc.add_text(facet, value)
            writer.add_document(doc)
            count += 1
        writer.commit()
        writer.wait_merging_threads()
        return count

    def open(self) -> None:
        self.index = self.tantivy.Index.open(str(self.folder))
        self.index.reload()
        self.searcher = self.index.searcher()

    def _query(self, rq: ResolvedQuery):
        t = self.tantivy
        query = self.index.parse_query(rq.q, ["text", "title"])
        clauses = [(t.Occur.Must, query)]
        for facet, values in (("speaker", rq.speaker), ("event", rq.event)):
            if values:
                any_of = [(t.Occur.Should, t.Query.term_query(self.schema, facet, v)) for v in values]
                clauses.append((t.Occur.Must, t.Query.boolean_query(any_of)))
        return t.Query.boolean_query(clauses) if len(clauses) > 1 else query

    def search(self, rq: ResolvedQuery, facets: bool = True) -> Answer:
        query = self._query(rq)
        result = self.searcher.search(query, TOP, count=True)
        snippets = self.tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "text")
        snippets.set_max_num_chars(2000)
        ids, marks = [], []
        for _score, address in result.hits:
            doc = self.searcher.doc(address)
            ids.append(doc["id"][0])
            marks.append(snippets.snippet_from_doc(doc).to_html())
        counts: dict[str, dict[str, int]] = {}
        if facets:
            spec = {f: {"terms": {"field": f, "size": FACET_SIZE}} for f in FACETS}
            aggregated = self.searcher.aggregate(query, spec)
            counts = {f: {b["key"]: b["doc_count"] for b in aggregated[f]["buckets"]} for f in FACETS}
        return Answer(result.count, tuple(ids), tuple(marks), counts)


class Fts5Engine:
    name = "SQLite FTS5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None

    def build(self, passages: Iterable[FlatPassage]) -> int:
        self.path.unlink(missing_ok=True)
        db = sqlite3.connect(self.path)
        db.executescript(
            """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE passage (rowid INTEGER PRIMARY KEY, id TEXT, title TEXT, text TEXT);
            CREATE VIRTUAL TABLE passage_fts USING fts5(
                text, title, content='passage', content_rowid='rowid',
                tokenize='porter unicode61 remove_diacritics 2');
            CREATE TABLE facet (rowid INTEGER, name TEXT, value TEXT);
            """
        )
        count = 0
        facet_rows = []
        for count, p in enumerate(passages, start=1):
            db.execute("INSERT INTO passage VALUES (?, ?, ?, ?)", (count, p.id, p.title, p.text))
            facet_rows.extend((count, f, v) for f in FACETS for v in getattr(p, f))
            if len(facet_rows) > 50_000:
                db.executemany("INSERT INTO facet VALUES (?, ?, ?)", facet_rows)
                facet_rows.clear()
        db.executemany("INSERT INTO facet VALUES (?, ?, ?)", facet_rows)
        db.executescript(
            """
            INSERT INTO passage_fts(rowid, text, title) SELECT rowid, text, title FROM passage;
            INSERT INTO passage_fts(passage_fts) VALUES ('optimize');
            CREATE INDEX facet_by_row ON facet (rowid, name, value);
            CREATE INDEX facet_by_value ON facet (name, value, rowid);
            """
        )
        db.commit()
        db.close()
        return count

    def open(self) -> None:
        self.db = sqlite3.connect(self.path, check_same_thread=False)

    @staticmethod
    def _where(rq: ResolvedQuery) -> tuple[str, list]:
        sql, args = "passage_fts MATCH ?", [rq.q]
        for facet, values in (("speaker", rq.speaker), ("event", rq.event)):
            if values:
                marks = ", ".join("?" * len(values))
                sql += f" AND +passage_fts.rowid IN (SELECT rowid FROM facet WHERE name = ? AND value IN ({marks}))"
                args += [facet, *values]
        return sql, args

    def search(self, rq: ResolvedQuery, facets: bool = True) -> Answer:
        where, args = self._where(rq)
        top = self.db.execute(
            "SELECT passage.id, highlight(passage_fts, 0, '<mark>', '</mark>') FROM passage_fts "
            f"JOIN passage ON passage.rowid = passage_fts.rowid WHERE {where} ORDER BY rank LIMIT {TOP}",
            args,
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) FROM passage_fts WHERE {where}", args).fetchone()[0]
        counts: dict[str, dict[str, int]] = {}
        if facets:
            grouped: dict[str, dict[str, int]] = defaultdict(dict)
            rows = self.db.execute(
                f"SELECT f.name, f.value, count(*) FROM (SELECT rowid FROM passage_fts WHERE {where}) m "
                "JOIN facet f ON f.rowid = m.rowid GROUP BY f.name, f.value",
                args,
            )
            for name, value, n in rows:
                grouped[name][value] = n
            counts = {f: dict(sorted(grouped[f].items(), key=lambda kv: -kv[1])[:FACET_SIZE]) for f in FACETS}
        return Answer(total, tuple(r[0] for r in top), tuple(r[1] for r in top), counts)


class VerbatimEngine:
    """Verbatim's own search side, called the way the web app calls it (build: `verbatim index`)."""

    name = "Verbatim"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def open(self) -> None:
        from indexer.search import open_index, run_search
        from indexer.search.types import SearchRequest
        from present.passage import hit_fields

        from webapp.collector import paused, settle

        self._open_index, self._run, self._request, self._hit_fields = open_index, run_search, SearchRequest, hit_fields
        with paused():  # as a serving process opens it (webapp/collector.py)
            self.view = open_index(self.index_dir)
        settle(self.view.generation)

    def search(self, rq: ResolvedQuery, facets: bool = True) -> Answer:
        """`facets` is ignored: run_search always counts every facet over all matches."""
        view = self._open_index(self.index_dir)  # per request, as the web app does (cached)
        results = self._run(view, self._request(q=rq.q, speaker=rq.speaker, event=rq.event, per_page=TOP))
        counts = {name: {v.id: v.count for v in values} for name, values in results.facets.items()}
        hits = results.hits
        marked = tuple(self._hit_fields(h.passage.text, h.matches)["highlight"] for h in hits)  # as the API draws them
        return Answer(results.total, tuple(h.passage.id for h in hits), marked, counts)


def make_engine(name: str, path: Path):
    return {"verbatim": VerbatimEngine, "tantivy": TantivyEngine, "fts5": Fts5Engine}[name](path)
