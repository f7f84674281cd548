"""Segmentation: exact offsets for every passage, stable ids, the document shapes we meet."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.corpus import list_corpus, read_document
from indexer.models import Document, DocumentMeta
from indexer.passages import MAX_PASSAGE, blocks, paragraphs, segment, sentence_boundaries

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def doc(text: str, doc_id: str = "d") -> Document:
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, meta=DocumentMeta(id=doc_id, file=f"{doc_id}.txt"))


@pytest.mark.parametrize("source", list_corpus(CORPUS), ids=lambda s: s.rel)
def test_every_bundled_passage_matches_its_source_offsets(source):
    document = read_document(source, None)
    passages = segment(document)
    assert passages
    for p in passages:
        assert document.text[p.start : p.end] == p.text
        assert p.text == p.text.strip()
    assert len({p.id for p in passages}) == len(passages)


def test_blank_line_blocks_after_the_title():
    text = "Title line\n\nFirst paragraph.\n\n\n \nSecond paragraph.\n"
    assert [(p.block, p.paragraph, p.text) for p in segment(doc(text))] == [
        (1, 0, "First paragraph."),
        (2, 1, "Second paragraph."),
    ]


def test_a_title_is_the_documents_never_a_passage_and_paragraphs_count_from_the_body(tmp_path):
    """The headline is paragraph 0 and no passage; the first body paragraph is cited as para. 1."""
    (tmp_path / "c").mkdir()
    text = 'Ministers Meet on River Safety\n\nGREENFORD, 2 May -- "We act now," said Anna Holm.\n\nThe talks end today.\n'
    (tmp_path / "c" / "river.txt").write_text(text, encoding="utf-8")
    document = read_document(list_corpus(tmp_path / "c")[0], None)
    assert document.meta.title == "Ministers Meet on River Safety"
    passages = segment(document)
    assert all("Ministers Meet" not in p.text for p in passages)
    assert [(p.block, p.paragraph + 1, p.text[:9]) for p in passages] == [(1, 1, "GREENFORD"), (2, 2, "The talks")]
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_a_first_line_that_is_no_title_stays_a_passage_numbered_from_one():
    text = "The ministers met on Monday.\nThey agreed on a plan.\n\nThe talks end today.\n"
    assert [(p.block, p.paragraph + 1, p.text) for p in segment(doc(text))] == [
        (0, 1, "The ministers met on Monday."),
        (0, 2, "They agreed on a plan."),
        (1, 3, "The talks end today."),
    ]


def test_a_registry_title_keeps_a_differing_first_sentence_as_body_text():
    text = "The ministers met on Monday.\n\nThe talks end today.\n"
    document = Document(id="d", path="d.txt", text=text, meta=DocumentMeta(id="d", file="d.txt", title="Talks"))
    assert [(p.paragraph + 1, p.text) for p in segment(document)] == [
        (1, "The ministers met on Monday."), (2, "The talks end today.")
    ]


def test_single_line_breaks_separate_paragraphs_unless_a_sentence_is_cut():
    text = "On 3 March 2022 the meeting opened.\nThe minister said it was\nimportant to act.\nHe left."
    assert [p.text for p in segment(doc(text))] == [
        "On 3 March 2022 the meeting opened.",
        "The minister said it was\nimportant to act.",
        "He left.",
    ]
    assert {p.block for p in segment(doc(text))} == {0}


def test_blank_line_that_cuts_a_sentence_is_joined_back():
    text = "The conference adopted the\n\ndeclaration on Monday.\n\nNext one."
    assert [(p.block, p.text) for p in segment(doc(text))] == [
        (0, "The conference adopted the\n\ndeclaration on Monday."),
        (2, "Next one."),
    ]


def test_crlf_nbsp_and_guillemets_keep_exact_offsets():
    text = "Title\r\n\r\n«Central Asia:\u00a0Shared Past», said Ms. Lajčák.\r\n\r\nEnd.\r\n"
    passages = segment(doc(text))
    assert [p.text for p in passages] == ["«Central Asia:\u00a0Shared Past», said Ms. Lajčák.", "End."]
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_long_paragraph_splits_at_sentences_never_inside_a_quote():
    quote = '"' + " ".join(f"Quoted sentence number {i}." for i in range(80)) + '"'
    plain = " ".join(f"Plain sentence number {i} is here." for i in range(60))
    text = f"{plain} {quote} {plain}"
    passages = segment(doc(text))
    assert len(passages) > 2
    assert all(len(p.text) <= MAX_PASSAGE or p.text.count('"') == 2 for p in passages)
    assert sum(p.text.count('"') for p in passages) == 2
    assert any(quote in p.text for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_sentence_boundaries_skip_abbreviations():
    text = "Mr. Marquering spoke. Dr. Smith of the U.S. agreed. Then it ended."
    assert [text[c:] for c in sentence_boundaries(text)] == ["Dr. Smith of the U.S. agreed. Then it ended.", "Then it ended."]


def test_ids_are_stable_and_change_only_with_text():
    first = segment(doc("A.\n\nB.\n\nA."))
    again = segment(doc("A.\n\nB.\n\nA."))
    edited = segment(doc("A.\n\nB changed.\n\nA."))
    assert [p.id for p in first] == [p.id for p in again]
    assert first[0].id != first[2].id  # the same text twice in a document gets two ids
    assert (first[0].id, first[2].id) == (edited[0].id, edited[2].id)
    assert first[1].id != edited[1].id
    assert segment(doc("A.", "other"))[0].id != first[0].id


def test_blocks_are_trimmed_spans():
    text = "  a.  \n\n\xa0\n b \n"
    assert [text[s:e] for s, e in blocks(text)] == ["a.", "b"]
    assert [(b, text[s:e]) for b, s, e in paragraphs(text)] == [(0, "a."), (1, "b")]


_chars = st.sampled_from(list("ab .,!?\"“”«»'’\n\n\r\xa0ÀčZ:-"))


@settings(max_examples=300, deadline=None)
@given(st.text(_chars, max_size=400))
def test_offsets_hold_for_any_text(text):
    passages = segment(doc(text))
    for p in passages:
        assert text[p.start : p.end] == p.text and p.text.strip()
    assert [p.start for p in passages] == sorted(p.start for p in passages)
    assert all(a.end <= b.start for a, b in zip(passages, passages[1:]))


def test_no_passage_is_made_of_unusual_white_space_alone():
    text = "Title\n\n\u3000\x1f\u2028\n\nBody text.\u3000"
    assert [(p.block, p.text) for p in segment(doc(text))] == [(1, "Body text.")]  # "Title" is the headline
