"""Reading the corpus: metadata sources, inference from the text, and precise errors for bad files."""
from __future__ import annotations

from datetime import date

import pytest

from indexer.corpus import CorpusError, SourceFile, list_corpus, read_document, slugify
from indexer.models import DocumentMeta


def read(tmp_path, name: str, data: bytes, known: DocumentMeta | None = None):
    (tmp_path / name).write_bytes(data)
    (source,) = [s for s in list_corpus(tmp_path) if s.rel == name]
    return read_document(source, known)


def test_plain_text_without_metadata_infers_title_and_dateline(tmp_path):
    doc = read(tmp_path, "Talks in Dushanbe.txt", "Talks open in Dushanbe\n\nDUSHANBE, 17 May 2019 - Ministers met.\n".encode())
    assert (doc.id, doc.meta.title, doc.meta.published, doc.inferred) == (
        "talks-in-dushanbe",
        "Talks open in Dushanbe",
        date(2019, 5, 17),
        ("title", "published"),
    )


def test_registry_metadata_wins_and_nothing_is_inferred(tmp_path):
    known = DocumentMeta(id="x", file="a.txt", title="Registered", published=date(2018, 4, 30))
    doc = read(tmp_path, "a.txt", b"Another title\n\nOn 1 May 2019 it happened.", known)
    assert (doc.meta, doc.inferred) == (known, ())


def test_markdown_front_matter_is_metadata_and_the_body_is_the_text(tmp_path):
    data = "---\ntitle: Mogherini in Samarkand\npublished: 2017-11-10\npublisher: EEAS\n---\nBody «quoted».\n"
    doc = read(tmp_path, "note.md", data.encode())
    assert (doc.text, doc.body_offset) == ("Body «quoted».\n", data.index("Body"))
    assert (doc.meta.title, doc.meta.published, doc.meta.publisher, doc.inferred) == (
        "Mogherini in Samarkand",
        date(2017, 11, 10),
        "EEAS",
        (),
    )


def test_bom_is_dropped_and_crlf_kept(tmp_path):
    doc = read(tmp_path, "bom.txt", b"\xef\xbb\xbfTitle\r\n\r\nText.\r\n")
    assert doc.text == "Title\r\n\r\nText.\r\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty.txt: empty file"),
        (b"  \n\n ", "empty.txt: empty file"),
        (b"Caf\xe9 au lait", "empty.txt: not valid UTF-8 at byte offset 3 (byte 0xe9); re-save the file as UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "empty.txt: binary data (NUL byte at offset 8), not text"),
        (b"---\ntitle: [unclosed\n---\nBody", None),
    ],
)
def test_bad_files_get_precise_messages(tmp_path, data, message):
    name = "empty.md" if message is None else "empty.txt"
    with pytest.raises(CorpusError) as info:
        read(tmp_path, name, data)
    if message:
        assert str(info.value) == message
    else:
        assert str(info.value) == (
            "empty.md: front matter is not valid YAML at line 3, column 1: expected ',' or ']', but got '<stream end>'"
        )


def test_listed_files_read_or_fail_one_by_one(tmp_path):
    (tmp_path / "a.txt").write_text("Good.\n")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe")
    (tmp_path / ".hidden.txt").write_text("skip me")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    good, bad = list_corpus(tmp_path)
    assert (good.rel, bad.rel) == ("a.txt", "b.txt")
    assert read_document(good, None).text == "Good.\n"
    with pytest.raises(CorpusError, match="^b.txt: not valid UTF-8 at byte offset 0"):
        read_document(bad, None)


def test_file_deleted_between_listing_and_reading(tmp_path):
    (tmp_path / "gone.txt").write_text("Soon gone.")
    (source,) = list_corpus(tmp_path)
    (tmp_path / "gone.txt").unlink()
    with pytest.raises(CorpusError, match="gone.txt: file disappeared before it could be read"):
        read_document(source, None)


def test_missing_corpus_folder(tmp_path):
    with pytest.raises(CorpusError, match="corpus folder does not exist"):
        list_corpus(tmp_path / "nope")


@pytest.mark.parametrize(
    ("name", "text", "title"),
    [
        ("seminar.md", "# Seminar on border security\n\nParticipants met.\n", "Seminar on border security"),
        ("closed.md", "## Closed heading ##\nA paragraph right below it.\n", "Closed heading"),
        ("plain.txt", "# Not a heading in plain text\n\nBody.\n", "# Not a heading in plain text"),
    ],
)
def test_markdown_heading_titles_lose_their_marks(tmp_path, name, text, title):
    (tmp_path / name).write_text(text, encoding="utf-8")
    document = read_document(SourceFile(tmp_path / name, name), None)
    assert document.meta.title == title and document.inferred[0] == "title"


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Jürgen Weiß", "jurgen-weiss"), ("Miroslav Lajčák", "miroslav-lajcak"), ("Łukasz Ørsted", "lukasz-orsted")],
)
def test_slugs_spell_out_letters_nfkd_keeps(name, slug):
    assert slugify(name) == slug
