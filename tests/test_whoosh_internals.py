"""The whoosh3 internals the segment writer and the postings reader use are pinned and checked."""
from __future__ import annotations

import pytest
from whoosh.codec import whoosh3

from indexer import whoosh_internals


def test_the_installed_whoosh3_is_the_checked_one():
    assert whoosh_internals.problems() == []


def test_another_release_line_is_refused_by_name():
    assert whoosh_internals.problems("3.60.0") == ["whoosh3 3.60.0 is not the tested 3.54.x line"]
    assert whoosh_internals.problems("3.54.7") == []  # bug-fix releases of the line


def test_a_missing_internal_is_named_and_refused_with_what_to_do(monkeypatch):
    monkeypatch.delattr(whoosh3.W3LeafMatcher, "_next_block")
    assert whoosh_internals.problems() == ["W3LeafMatcher has no _next_block"]
    with pytest.raises(whoosh_internals.WhooshVersionError, match=r"W3LeafMatcher has no _next_block\. Install the tested line"):
        whoosh_internals.check()
