"""`add` on the five bundled documents rendered as a web page, a one-column PDF, a two-column PDF and
a Word file gives back the .txt's paragraphs character for character, the title and the date, and
each PDF paragraph's page."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.search import open_index
from indexer.corpus import SourceFile, read_document
from indexer.passages import segment
from ingest.add import add_sources
from published import FONT, ROOT, body_paragraphs, bundled, expected_paragraphs, pdf_document, web_page, word_document

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


def _attributions(index_dir: Path, collapse: bool) -> dict[str, list]:
    """Per document title: quotations with their speakers, and who was reported or spoke."""
    view = open_index(index_dir)
    found = {}
    for doc_id in sorted(view.catalog.documents):
        passages = view.document_passages(doc_id)
        title = view.catalog.documents[doc_id].meta.title
        quotes = [(re.sub(r"[ \t\r\f]+", " ", q.text) if collapse else q.text, q.speaker_id) for p in passages for q in p.quotes]
        others = sorted({r.speaker_id for p in passages for r in p.reported} | {s.speaker_id for p in passages for s in p.spoke})
        found[title] = [quotes, others]
    return found


@pytest.fixture(scope="module")
def plain_metadata(tmp_path_factory) -> Path:
    """The bundled registries without documents.yaml: both sides get their titles and dates from the files."""
    folder = tmp_path_factory.mktemp("metadata") / "metadata"
    shutil.copytree(ROOT / "metadata", folder)
    (folder / "documents.yaml").unlink()
    return folder


@pytest.fixture(scope="module")
def from_text(tmp_path_factory, plain_metadata) -> dict:
    """The five .txt files as front-matter Markdown (title and date as the registry gives them), indexed."""
    corpus = tmp_path_factory.mktemp("text") / "corpus"
    corpus.mkdir()
    for doc in DOCS:
        head = f"---\ntitle: {json.dumps(doc.title)}\npublished: {doc.published.isoformat()}\n---\n"
        (corpus / f"{doc.id}.md").write_text(head + doc.text, encoding="utf-8")
    build_index(corpus, plain_metadata, corpus.parent / "index")
    return _attributions(corpus.parent / "index", collapse=False)


RENDERINGS = {
    "html": lambda doc: web_page(doc),
    "pdf": lambda doc: pdf_document(doc, 1).data,
    "pdf2": lambda doc: pdf_document(doc, 2).data,
    "docx": lambda doc: word_document(doc),
}


@pytest.mark.parametrize("kind", RENDERINGS)
def test_indexed_quotations_and_speakers_match_the_text(tmp_path, kind, from_text, plain_metadata):
    if kind.startswith("pdf") and not FONT.exists():
        pytest.skip(f"{FONT} missing (Debian fonts-dejavu-core; .ci/run installs it)")
    folder = tmp_path / "in"
    folder.mkdir()
    suffix = {"pdf2": "pdf"}.get(kind, kind)
    for doc in DOCS:
        (folder / f"{doc.id}.{suffix}").write_bytes(RENDERINGS[kind](doc))
    report = add_sources([str(folder)], tmp_path / "corpus")
    assert report.errors == () and len(report.stored) == len(DOCS)
    build_index(tmp_path / "corpus", plain_metadata, tmp_path / "index")
    expected = from_text
    if kind == "html":
        expected = {t: [[(re.sub(r"[ \t\r\f]+", " ", q), s) for q, s in quotes], others] for t, (quotes, others) in from_text.items()}
    assert _attributions(tmp_path / "index", collapse=False) == expected
