"""`verbatim add` on files and folders: bad input gets one precise line and loses nothing else; the
same source twice is one document; a changed source replaces it; text files come in unchanged."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from indexer.corpus import SourceFile, read_document
from indexer.search import open_index
from ingest.add import add_sources
from ingest.fetch import Limits
from ingest.webpage import extract_html
from ingest.models import Raw
from ingest.words import Vocabulary
from published import FONT, bundled, pdf_document, web_page, word_document
from serving import verbatim

DOC = bundled()[3]
needs_font = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} missing (Debian fonts-dejavu-core; .ci/run installs it)")


def _pdf(build) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(unit="pt")
    build(pdf)
    return bytes(pdf.output())


def _scanned(pdf) -> None:
    pdf.add_page()
    pdf.set_fill_color(90, 90, 90)
    for row in range(20):  # grey bars where a scanner's image of lines of text would be
        pdf.rect(72, 72 + row * 18, 400, 9, style="F")


def _encrypted(pdf) -> None:
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    pdf.text(72, 100, "The delegates met behind closed doors and agreed on a joint statement.")
    pdf.set_encryption(owner_password="owner-secret", user_password="reader-secret")


@needs_font
@pytest.mark.parametrize(
    "name, data, message",
    [
        ("scan.pdf", lambda: _pdf(_scanned), "scanned PDF: no text layer; OCR is not supported"),
        ("locked.pdf", lambda: _pdf(_encrypted), "encrypted PDF: it needs a password to open; add an unprotected copy"),
        ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n", "not a readable PDF (damaged or cut short: PSEOF)"),
        ("notes.rtf", lambda: b"{\\rtf1\\ansi The delegates met.}", "unknown format (suffix .rtf): expected a web page, PDF, Word (.docx), .txt or .md file"),
        ("old.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "old Word (.doc) or other OLE file is not supported; save it as .docx"),
        ("menu.html", lambda: b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><footer>(c) 2020</footer></body></html>",
         "page with no main text (only navigation, boilerplate or scripts)"),
        ("empty.docx", lambda: _empty_docx(), "Word file with no text"),
    ],
)
def test_a_file_that_cannot_be_added_gets_one_precise_line(tmp_path, name, data, message):
    bad, good = tmp_path / name, tmp_path / "release.html"
    bad.write_bytes(data())
    good.write_bytes(web_page(DOC))
    report = add_sources([str(bad), str(good)], tmp_path / "corpus")
    assert [str(e) for e in report.errors] == [f"{bad}: {message}"]
    assert [s.outcome for s in report.stored] == ["added"]


def _empty_docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_missing_sources_and_oversize_files_are_named(tmp_path):
    big = tmp_path / "big.html"
    big.write_bytes(web_page(DOC))
    report = add_sources([str(tmp_path / "nowhere.pdf"), str(big)], tmp_path / "corpus", limits=Limits(max_bytes=1000))
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / 'nowhere.pdf'}: no such file, folder or http(s) URL",
        f"{big}: over the size limit: {big.stat().st_size:,} bytes (at most 1,000)",
    ]


@needs_font
def test_a_folder_brings_in_every_format_and_a_text_file_unchanged(tmp_path):
    folder = tmp_path / "press"
    (folder / ".drafts").mkdir(parents=True)
    (folder / "a.html").write_bytes(web_page(DOC))
    (folder / "b.pdf").write_bytes(pdf_document(DOC, 2).data)
    (folder / "c.docx").write_bytes(word_document(DOC))
    (folder / "d.txt").write_text(DOC.text, encoding="utf-8")
    (folder / ".drafts" / "e.txt").write_text("A draft nobody published.", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    report = add_sources([str(folder)], tmp_path / "corpus")
    assert report.errors == ()
    assert [s.source.rsplit("/", 1)[-1] for s in report.stored] == ["a.html", "b.pdf", "c.docx", "d.txt"]
    text = read_document(SourceFile(report.stored[3].path, "d.md"), None)
    assert text.text.rstrip() == DOC.text.rstrip()
    originals = sorted(p.suffix for p in (tmp_path / "corpus-originals").iterdir())
    assert originals == [".docx", ".html", ".pdf", ".txt"]


def test_the_same_file_twice_is_one_document_and_a_changed_file_replaces_it(tmp_path):
    page = tmp_path / "release.html"
    page.write_bytes(web_page(DOC))
    first = add_sources([str(page)], tmp_path / "corpus").stored[0]
    copy = tmp_path / "copy-of-release.html"
    copy.write_bytes(page.read_bytes())
    again = add_sources([str(page), str(copy)], tmp_path / "corpus").stored
    assert [(s.outcome, s.id) for s in again] == [("unchanged", first.id)] * 2
    page.write_bytes(web_page(DOC).replace(b"</article>", b"<p>A correction was issued on the following Monday by the press office.</p></article>"))
    run = verbatim("add", str(page), "--no-index", "--corpus", str(tmp_path / "corpus"))
    assert run.code == 0
    assert run.out == [
        f"replaced  {first.id} from {page} (the source changed; its document was replaced)",
        f"1 replaced; originals kept in {tmp_path / 'corpus-originals'}",
    ]
    assert [p.name for p in (tmp_path / "corpus").iterdir()] == [first.path.name]
    assert "A correction was issued" in first.path.read_text(encoding="utf-8")


@needs_font
def test_verbatim_add_indexes_and_a_pdf_passage_keeps_its_page(tmp_path):
    source = tmp_path / "statement.pdf"
    source.write_bytes(pdf_document(bundled()[1], 1).data)  # the communiqué: three pages
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    run = verbatim("add", str(source), "--corpus", str(corpus), "--metadata", str(tmp_path / "none"), "--index", str(index))
    assert run.code == 0, run.err
    assert run.out[0].startswith("added     ") and run.out[0].endswith(f"(3 pages) from {source}")
    view = open_index(index)
    (doc_id,) = view.catalog.documents
    pages = [p.page for p in view.document_passages(doc_id)]
    assert pages[0] == 1 and pages[-1] == 3 and pages == sorted(pages)


def test_a_page_keeps_no_break_spaces_and_collapses_only_what_a_browser_collapses():
    page = ("<html><body><article><h1>Talks  in\u00a0Vienna</h1><p>The envoy said:\n  “We\u00a0stand ready\u202f!”"
            " — and left\u2009early. The talks will continue next week with all the delegations present.</p></article></body></html>")
    found = extract_html(Raw("page.html", page.encode()))
    assert [b.text for b in found.blocks] == [
        "Talks in\u00a0Vienna",
        "The envoy said: “We\u00a0stand ready\u202f!” — and left\u2009early. The talks will continue next week with all the delegations present.",
    ]


@pytest.mark.parametrize(
    "text, before, after, joins",
    [
        ("The flimbering of the valves was loud.", "flim", "bering", True),  # the document's own word
        ("A plain sentence.", "organi", "zation", True),  # the shipped word list
        ("A plain sentence.", "technolo", "gies", True),  # an inflection of a listed word
        ("They spoke of co-ordination twice.", "co", "ordination", False),  # the document hyphenates it
        ("A plain sentence.", "counter", "terrorism", False),  # no such closed word: a compound
        ("A plain sentence.", "zorb", "latics", False),  # not a word at all
    ],
)
def test_a_line_end_hyphen_is_removed_only_when_the_joined_word_is_a_word(text, before, after, joins):
    assert Vocabulary([text]).joins(before, after) is joins


@needs_font
def test_provenance_and_citations_of_a_pdf_passage_carry_its_page(tmp_path):
    from webapp import create_app

    source = tmp_path / "statement.pdf"
    source.write_bytes(pdf_document(bundled()[1], 2).data)
    run = verbatim("add", str(source), "--corpus", str(tmp_path / "corpus"), "--metadata", str(tmp_path / "none"),
                   "--index", str(tmp_path / "index"))
    assert run.code == 0, run.err
    view = open_index(tmp_path / "index")
    (doc_id,) = view.catalog.documents
    record = next(p for p in view.document_passages(doc_id) if p.page == 2)
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    passage = client.get(f"/api/passages/{record.id}").get_json()
    number = record.paragraph + 1
    assert (passage["page"], passage["paragraph"]) == (2, number)
    citation = passage["citation"]
    assert f", p. 2, para. {number}" in citation["text"] and f", p. 2, para. {number}" in citation["markdown"]
    assert f"(page 2, paragraph {number})" in citation["ris"] and "SP  - 2\n" in citation["ris"]
    assert "pages        = {2}," in citation["bibtex"]
    assert (citation["csl_cite"]["locator"], citation["csl_cite"]["label"]) == ("2", "page")
    html = client.get(f"/passages/{record.id}").get_data(as_text=True)
    assert f"page 2, paragraph {number}," in html


@needs_font
def test_the_document_page_shows_page_breaks_as_labels_not_as_text(tmp_path):
    from webapp import create_app

    source = tmp_path / "statement.pdf"
    source.write_bytes(pdf_document(bundled()[1], 1).data)
    run = verbatim("add", str(source), "--corpus", str(tmp_path / "corpus"), "--metadata", str(tmp_path / "none"),
                   "--index", str(tmp_path / "index"))
    assert run.code == 0, run.err
    (doc_id,) = open_index(tmp_path / "index").catalog.documents
    client = create_app({"INDEX_DIR": tmp_path / "index", "TESTING": True}).test_client()
    page = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "page --" not in page and "&lt;!--" not in page
    assert [n for n in (1, 2, 3) if f'<p class="page-mark" id="page-{n}">Page {n}</p>' in page] == [1, 2, 3]


def test_a_markdown_file_keeps_its_own_front_matter(tmp_path):
    source = tmp_path / "note.md"
    source.write_text("---\ntitle: Talks on the river basin\npublished: 2021-06-03\nlanguage: fr\nevent: basin-talks\n"
                      "kind: statement\n---\nLes délégations se sont réunies à Coldharbour.\n", encoding="utf-8")
    (stored,) = add_sources([str(source)], tmp_path / "corpus").stored
    document = read_document(SourceFile(stored.path, stored.path.name), None)
    meta = document.meta
    assert (meta.title, meta.published.isoformat(), meta.language, meta.event, meta.kind) == (
        "Talks on the river basin", "2021-06-03", "fr", "basin-talks", "statement")
    assert document.text == "Les délégations se sont réunies à Coldharbour.\n"
    assert stored.id == "2021-06-03-talks-on-the-river-basin"
