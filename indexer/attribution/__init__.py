"""Attribution: direct quotations, reported speech and appearances (spoke, no words given), and who.

Text in, records out: this package knows nothing of metadata files, the index or the web app, which
is what lets `verbatim extract` run on any file and the index build use the very same rules.
"""
from indexer.attribution.appearances import find_appearances
from indexer.attribution.extractor import extract

__all__ = ["extract", "find_appearances"]
