"""Property tests for attribution: on any text, extract() never crashes and its offsets are exact.

The build runs extract() over every corpus file a user drops in, so it must hold on text nobody
wrote for it: unbalanced and nested quotation marks, CRLF, NBSP, empty blocks, long paragraphs.
"""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.attribution import extract
from indexer.passages import blocks

_pieces = st.sampled_from(
    [
        "said", " said ", "told reporters", "according to", "stressed that", "he", "she", "they",
        "Ms. Lajčák", "Mr. Voronkov", "the Minister", "UNODC", "Mogherini", ", ", ". ", ": ",
        "“", "”", "«", "»", "„", '"', "''", "'", "‘", "’", "\n", "\n\n", "\r\n", "\r\n\r\n", "\xa0",
        "\n\xa0\n", " ", "words", "We will act", "Cooperation", "é", "(", ")", "—", "…",
    ]
)
_texts = st.lists(_pieces, max_size=80).map("".join)


def check(text: str) -> None:
    """Every record is in range and exact for quotations; the same text gives the same records."""
    records = extract(text)
    assert extract(text) == records
    for a in records:
        assert a.kind in ("direct", "reported")
        assert 0 <= a.start <= a.end <= len(text)
        if a.kind == "direct":
            assert a.text == text[a.start : a.end]
            assert a.start < a.end
        else:
            assert a.text is None
        if a.speaker is not None:
            assert a.speaker == a.speaker.strip() and a.speaker
        assert a.block >= 0


def check_blocks(text: str) -> None:
    """`block` is the blank-line block of the segmenter (the shared interface), which holds `start`."""
    spans = list(blocks(text))
    for a in extract(text):
        assert 0 <= a.block < len(spans)
        assert spans[a.block][0] <= a.start <= spans[a.block][1], (a, spans)


@settings(max_examples=500, deadline=None)
@given(_texts)
def test_generated_statements_give_exact_records(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(_texts)
def test_block_numbers_are_the_segmenters_blocks(text):
    check_blocks(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text_never_crashes(text):
    records = extract(text)
    for a in records:
        assert 0 <= a.start <= a.end <= len(text)
        if a.kind == "direct":
            assert a.text == text[a.start : a.end]


@settings(max_examples=100, deadline=None)
@given(_texts)
def test_crlf_changes_nothing_but_offsets(text):
    text = text.replace("\r", "")
    crlf = text.replace("\n", "\r\n")
    check(crlf)
    lf = [(a.kind, a.text, a.speaker, a.cue, a.block) for a in extract(text)]
    assert [(a.kind, a.text and a.text.replace("\r", ""), a.speaker, a.cue, a.block) for a in extract(crlf)] == lf


def test_pathological_inputs_finish_quickly():
    """Shapes that make naive regexes backtrack; a generous bound guards against a stall."""
    shapes = [
        "“" * 50_000,
        '"' * 50_000,
        "« " * 30_000,
        ("Mr. " * 10_000) + "said",
        " ".join(["Capitalised Name"] * 20_000) + " said “x”",
        ("said, " * 10_000) + "“quote”",
        "a" * 200_000 + "“" + "b" * 200_000,
        ("“Open. " * 5_000),
        "\n\n".join(["“Quoted words,” he said."] * 5_000),
    ]
    for text in shapes:
        started = time.process_time()  # CPU time, so a loaded machine cannot trip the stall guard
        check(text)
        assert time.process_time() - started < 30, text[:40]
