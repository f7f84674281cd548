"""Ingest: documents as they are published (web pages, PDFs, Word files, URLs) become corpus files.

Each format has one pure extraction stage (bytes in, `Extracted` out); `fetch` is the only module that
touches the network and `add` the only one that writes to the corpus. Nothing here is used while
indexing, serving or searching.
"""
