"""Property tests for segmentation: on any text, offsets are exact, nothing is lost, passages are bounded.

tests/test_passages.py covers the shapes we meet and one offsets property over a small alphabet; these
add CRLF, NBSP and other spaces, quotes of every kind, and long generated paragraphs.
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.models import Document, DocumentMeta
from indexer.passages import HARD_MAX, blocks, headline, segment

SPACES = " \t\r\n\xa0\u2007\u202f\ufeff"
_alphabet = st.sampled_from(list("aZé Lč.,;:!?…-'\"“”«»‘’()\n\n\n\r\xa0\u202f\t0"))
_text = st.text(_alphabet, max_size=600)


def doc(text: str) -> Document:
    return Document(id="d", path="d.txt", text=text, meta=DocumentMeta(id="d", file="d.txt"))


def check_invariants(text: str) -> None:
    """What every segmentation must satisfy, whatever the text."""
    passages = segment(doc(text))
    covered = [False] * len(text)
    for p in passages:
        assert text[p.start : p.end] == p.text
        assert p.text and p.text[0] not in SPACES and p.text[-1] not in SPACES
        assert len(p.text) <= HARD_MAX
        covered[p.start : p.end] = [True] * (p.end - p.start)
    if title := headline(doc(text)):  # the headline is the document's title, not a passage
        covered[title[0] : title[1]] = [True] * (title[1] - title[0])
    # Nothing is lost: every character outside a passage or the headline is whitespace.
    assert all(ch in SPACES for ch, seen in zip(text, covered) if not seen)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))
    assert [p.paragraph for p in passages] == sorted(p.paragraph for p in passages)
    spans = list(blocks(text))
    assert all(any(s <= p.start < e for s, e in spans[p.block :]) for p in passages)
    assert len({p.id for p in passages}) == len(passages)
    assert [p.id for p in segment(doc(text))] == [p.id for p in passages]


@settings(max_examples=400, deadline=None)
@given(_text)
def test_any_text_keeps_exact_offsets_and_loses_nothing(text):
    check_invariants(text)


@settings(max_examples=200, deadline=None)
@given(_text)
def test_crlf_line_ends_segment_like_lf(text):
    text = text.replace("\r", "")
    crlf = text.replace("\n", "\r\n")
    check_invariants(crlf)
    assert [p.text.replace("\r", "") for p in segment(doc(crlf))] == [p.text for p in segment(doc(text))]


@settings(max_examples=200, deadline=None)
@given(_text, st.sampled_from(["\ufeff", "\xa0", "\u202f", " \t"]))
def test_leading_and_trailing_spaces_do_not_change_passages(text, pad):
    padded = pad + "\n\n" + text + "\n" + pad
    assert [p.text for p in segment(doc(padded))] == [p.text for p in segment(doc("\n\n" + text + "\n"))]


_word = st.text(st.sampled_from("abcdefghijklmnoprstuvwyzčéü"), min_size=1, max_size=10)
_quote_marks = st.sampled_from([("“", "”"), ("«", "»"), ('"', '"')])


@st.composite
def sentences(draw) -> str:
    """A capitalised sentence, sometimes with a short quotation inside."""
    words = draw(st.lists(_word, min_size=3, max_size=20))
    sentence = " ".join(words).capitalize()
    if draw(st.booleans()):
        opening, closing = draw(_quote_marks)
        quoted = " ".join(draw(st.lists(_word, min_size=1, max_size=12))).capitalize()
        sentence += f", he said: {opening}{quoted}. More of it here{closing}"
    return sentence + draw(st.sampled_from([".", ".", "!", "?"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(sentences(), min_size=20, max_size=120), st.sampled_from([" ", "\xa0", " \r\n"]))
def test_long_paragraphs_split_at_sentences_never_inside_a_quotation(parts, glue):
    text = glue.join(parts)
    check_invariants(text)
    passages = segment(doc(text))
    for p in passages:
        assert p.text.count("“") == p.text.count("”")
        assert p.text.count("«") == p.text.count("»")
        assert p.text.count('"') % 2 == 0
    if len(text) > 3000 and "\n" not in glue:
        assert len(passages) > 1


@settings(max_examples=10, deadline=None)
@given(st.integers(HARD_MAX, 5 * HARD_MAX), st.sampled_from(["x", "word ", "a.b ", "\xa0"]))
def test_runs_without_sentence_ends_are_still_bounded(size, unit):
    check_invariants((unit * size)[:size])
