"""PDF stage: pdfplumber reads each page's glyphs and the document information; `layout` does the rest.

A PDF whose pages carry no text at all is a scan (no OCR here); one that needs a password is refused.
"""
from __future__ import annotations

import io
import re
from datetime import date

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from ingest.layout import Glyph, Line, drop_running, paragraphs, reading_order, rows
from ingest.models import Extracted, IngestError, Raw

_PDF_DATE = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _pdf_date(value: object) -> date | None:
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace")
    match = _PDF_DATE.match(str(value or "").strip())
    if not match or not match.group(3):
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _info_text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-16") if value.startswith((b"\xfe\xff", b"\xff\xfe")) else value.decode("latin-1")
    text = str(value).strip() if value is not None else ""
    return text or None


def _glyphs(page) -> list[Glyph]:
    return [
        Glyph(_CONTROLS.sub("", char["text"]), char["x0"], char["x1"], char["top"], char["bottom"], char["size"])
        for char in page.chars
        if char.get("upright", True) and _CONTROLS.sub("", char["text"])
    ]


def _open(raw: Raw):
    try:
        return pdfplumber.open(io.BytesIO(raw.data))
    except (PdfminerException, PDFSyntaxError, PDFEncryptionError, PDFPasswordIncorrect) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise IngestError(raw.name, "encrypted PDF: it needs a password to open; add an unprotected copy") from exc
        raise IngestError(raw.name, f"not a readable PDF (damaged or cut short: {type(cause).__name__})") from exc


def extract_pdf(raw: Raw) -> Extracted:
    """Paragraphs (each with its page) and the document information of a PDF."""
    with _open(raw) as pdf:
        try:
            pages = [rows(page.page_number, _glyphs(page)) for page in pdf.pages]
            sizes = [(float(page.width), float(page.height)) for page in pdf.pages]
        except (PdfminerException, PDFSyntaxError) as exc:
            raise IngestError(raw.name, f"not a readable PDF (damaged or cut short: {type(exc).__name__})") from exc
        info = pdf.metadata or {}
    if not any(pages):
        raise IngestError(raw.name, "scanned PDF: no text layer; OCR is not supported")
    kept = drop_running(pages, [height for _, height in sizes])
    ordered: list[Line] = []
    for lines, (width, _) in zip(kept, sizes):
        ordered += reading_order(lines, width)
    blocks = paragraphs(ordered)
    if not blocks:
        raise IngestError(raw.name, "PDF with no text besides page headers and footers")
    return Extracted(
        format="pdf",
        blocks=blocks,
        title=_info_text(info.get("Title")),
        published=_pdf_date(info.get("CreationDate")),
        publisher=None,
        source_url=raw.url,
        language=None,
    )
