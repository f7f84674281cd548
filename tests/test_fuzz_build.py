"""Property test of the whole build: any mix of good and bad files, with keep_going, loses nothing.

Each example writes a small corpus of generated text files (CRLF, BOM, NBSP, quotes, odd spacing)
and junk files, builds with keep_going, and checks through the search side that every good file is
indexed with its exact text, every passage's offsets hold, each file's unique word finds it, and
every bad file is reported once.
"""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.build import build_index
from indexer.search import SearchRequest, open_index, run_search

_alphabet = st.sampled_from(list("aZé Lč.,;:!?…-'\"“”«»‘’()\n\n\n\r\xa0\t0"))


def word(n: int) -> str:
    """A distinct letters-only word per file (so the analyzer keeps it whole)."""
    letters = string.ascii_lowercase
    return "zq" + letters[n // 26 % 26] + letters[n % 26] + "x"


@st.composite
def good_file(draw, n: int) -> bytes:
    body = draw(st.text(_alphabet, max_size=400))
    text = f"Document {word(n)}\n\n{body}"
    if draw(st.booleans()):
        text = text.replace("\r", "").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if draw(st.booleans()) else data


bad_file = st.one_of(
    st.binary(min_size=1, max_size=200).map(lambda b: b + b"\xff\x00"),  # junk: NUL or invalid UTF-8
    st.sampled_from([b"", b" \n\t", b"\xef\xbb\xbf", "Caf\xe9".encode("latin-1"), "x".encode("utf-16")]),
)


@st.composite
def corpora(draw) -> list[tuple[str, bytes, bool]]:
    kinds = draw(st.lists(st.booleans(), min_size=1, max_size=8))
    return [(f"f{n}.txt", draw(good_file(n)) if good else draw(bad_file), good) for n, good in enumerate(kinds)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(corpora())
def test_keep_going_indexes_every_good_file_exactly_and_reports_every_bad_one(tmp_path_factory, files):
    root = tmp_path_factory.mktemp("fuzz-build")
    corpus, metadata, index = root / "corpus", root / "metadata", root / "index"
    corpus.mkdir()
    for name, data, _ in files:
        (corpus / name).write_bytes(data)
    summary = build_index(corpus, metadata, index, keep_going=True)
    good = {name: data for name, data, ok in files if ok}
    assert summary.documents == len(good)
    assert sorted(p.split(":")[0] for p in summary.problems) == sorted(name for name, _, ok in files if not ok)
    view = open_index(index)
    by_file = {entry.meta.file: doc_id for doc_id, entry in view.catalog.documents.items()}
    assert set(by_file) == set(good)
    for name, data in good.items():
        text = view.document_text(by_file[name])
        assert text == data.decode("utf-8-sig")
        passages = view.document_passages(by_file[name])
        assert passages and all(text[p.start : p.end] == p.text for p in passages)
        n = int(name[1:-4])
        hits = run_search(view, SearchRequest(q=f"title:{word(n)}")).hits  # the word is in its title line
        assert {h.passage.document_id for h in hits} == {by_file[name]}  # its unique word finds it, and only it
        assert {h.passage.id for h in hits} == {p.id for p in passages}
