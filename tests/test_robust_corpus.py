"""Hostile and odd corpus files at the read stage: each is a Document with exact text or a precise CorpusError.

tests/test_corpus.py covers the common bad files; these add the ones found while hardening the reader.
The same files through the whole build (`--keep-going`, old index kept) are in tests/test_robust_build.py.
"""
from __future__ import annotations

import os
import pickle

import pytest

from indexer.corpus import CorpusError, list_corpus, read_document
from indexer.passages import segment


def read(folder, name: str | bytes, data: bytes):
    path = folder / os.fsdecode(name)
    path.write_bytes(data)
    (source,) = [s for s in list_corpus(folder) if s.path == path]
    return read_document(source, None)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bom.txt", b"\xef\xbb\xbf", "bom.txt: empty file (only a byte-order mark or spaces)"),
        ("nbsp.txt", "\xa0\u202f\n\xa0".encode(), "nbsp.txt: empty file (only a byte-order mark or spaces)"),
        ("w.txt", "Hi".encode("utf-16"), "w.txt: encoded as UTF-16 (byte-order mark at byte offset 0); re-save the file as UTF-8"),
        ("w.txt", "Hi".encode("utf-32"), "w.txt: encoded as UTF-32 (byte-order mark at byte offset 0); re-save the file as UTF-8"),
        ("late.txt", b"Fine text\n" * 1000 + b"then \xc3\x28", "late.txt: not valid UTF-8 at byte offset 10005 (byte 0xc3); re-save the file as UTF-8"),
        ("cut.txt", "Lajčák".encode()[:4], "cut.txt: not valid UTF-8 at byte offset 3 (byte 0xc4); re-save the file as UTF-8"),
        ("ctl.txt", bytes(range(1, 32)) * 4, "ctl.txt: binary data (control characters), not text"),
        (b"caf\xe9.txt", b"Text.", "caf\\xe9.txt: file name is not valid UTF-8; rename the file"),
    ],
)
def test_bad_files_get_precise_messages(tmp_path, name, data, message):
    with pytest.raises(CorpusError) as info:
        read(tmp_path, name, data)
    assert str(info.value) == message


@pytest.mark.parametrize("doc_id", ["../../escape", "a/b", "", "UPPER case", ".hidden", "a.b", "a_b", "x" * 201])
def test_front_matter_id_that_is_not_a_slug_is_refused(tmp_path, doc_id):
    data = f"---\nid: '{doc_id}'\n---\nBody.\n".encode()
    with pytest.raises(CorpusError) as info:
        read(tmp_path, "x.md", data)
    assert str(info.value) == f"x.md: front matter: id {doc_id!r} must be lowercase letters, digits and hyphens"


def test_front_matter_slug_id_is_kept(tmp_path):
    assert read(tmp_path, "x.md", b"---\nid: dushanbe-2019-v2\n---\nBody.\n").id == "dushanbe-2019-v2"


def test_bom_crlf_and_nbsp_keep_exact_offsets_into_the_stored_text(tmp_path):
    raw = "\ufeffTitle\r\n\r\n«Quoted\xa0words», said Ms. Lajčák.\r\nNext line.\r\n".encode()
    document = read(tmp_path, "a.txt", raw)
    assert document.text == raw.decode("utf-8-sig")
    passages = segment(document)
    assert [document.text[p.start : p.end] for p in passages] == [p.text for p in passages]
    # "Title" is the headline: the document's title, not a passage.
    assert document.meta.title == "Title"
    assert [p.text for p in passages] == ["«Quoted\xa0words», said Ms. Lajčák.", "Next line."]


def test_markdown_with_crlf_front_matter_offsets_point_into_the_file(tmp_path):
    raw = "---\r\ntitle: T\r\n---\r\nBody one.\r\n\r\nBody two.\r\n"
    document = read(tmp_path, "a.md", raw.encode())
    assert (document.meta.title, document.body_offset) == ("T", raw.index("Body one."))
    for p in segment(document):
        assert raw[document.body_offset + p.start : document.body_offset + p.end] == p.text


def test_corpus_errors_survive_pickling_for_worker_processes():
    error = pickle.loads(pickle.dumps(CorpusError("dir/a.txt", "empty file")))
    assert (type(error), str(error), error.path) == (CorpusError, "dir/a.txt: empty file", "dir/a.txt")
