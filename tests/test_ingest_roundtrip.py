"""`add` on the five bundled documents rendered as a web page, a one-column PDF, a two-column PDF and
a Word file gives back the .txt's paragraphs character for character, the title and the date, and
each PDF paragraph's page."""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.corpus import SourceFile, read_document
from indexer.segment import segment
from ingest.add import add_sources
from published import FONT, body_paragraphs, bundled, expected_paragraphs, pdf_document, web_page, word_document

DOCS = bundled()
needs_font = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} missing (Debian fonts-dejavu-core; .ci/run installs it)")


def _added(tmp_path: Path, name: str, data: bytes):
    source = tmp_path / "in" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(data)
    corpus = tmp_path / "corpus"
    report = add_sources([str(source)], corpus)
    assert report.errors == ()
    (stored,) = report.stored
    document = read_document(SourceFile(stored.path, stored.path.name), None)
    return stored, document


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_web_page(tmp_path, doc):
    stored, document = _added(tmp_path, f"{doc.id}.html", web_page(doc))
    assert body_paragraphs(document) == expected_paragraphs(doc, collapse_spaces=True)
    assert (document.meta.title, document.meta.published, document.meta.publisher) == (doc.title, doc.published, doc.publisher)
    assert document.meta.source_url == f"https://press.example.org/news/{doc.id}.html"


@needs_font
@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_pdf(tmp_path, doc, columns):
    rendered = pdf_document(doc, columns)
    assert rendered.hyphenated  # the rendering broke words at line ends with an added hyphen
    stored, document = _added(tmp_path, f"{doc.id}.pdf", rendered.data)
    assert body_paragraphs(document) == expected_paragraphs(doc)
    assert (document.meta.title, document.meta.published) == (doc.title, doc.published)
    # Each paragraph as shown sits after the page line of the page it starts on; passages say so.
    title, shown = rendered.shown[0], rendered.shown[1:]
    found, at = [], 0
    for text in (title, *shown):
        at = document.text.index(text, at)
        found.append(max((page for start, _, page in document.pages if start < at), default=None))
    assert found == list(rendered.pages)
    assert all(p.page == max(n for s, _, n in document.pages if s < p.start) for p in segment(document))


@pytest.mark.parametrize("doc", DOCS, ids=[d.id for d in DOCS])
def test_word(tmp_path, doc):
    stored, document = _added(tmp_path, f"{doc.id}.docx", word_document(doc))
    assert body_paragraphs(document) == expected_paragraphs(doc)
    assert (document.meta.title, document.meta.published) == (doc.title, doc.published)
