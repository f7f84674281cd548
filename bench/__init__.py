"""Benchmark suite: a seeded synthetic-corpus generator and a runner that measures Verbatim beside
tantivy and SQLite FTS5 on the same corpus and queries (see bench/RESULTS.md).

Nothing here is imported by the indexer or the web app; `verbatim bench` is the entry point.
"""
