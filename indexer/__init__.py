"""Verbatim's indexer: read → segment → attribute → tag → write a Whoosh index, and search it."""
