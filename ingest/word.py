"""Word stage: a .docx file's paragraphs, exactly as typed, and its core properties as metadata."""
from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError

from ingest.models import Block, Extracted, IngestError, Raw


def extract_docx(raw: Raw) -> Extracted:
    """Non-empty paragraphs (headings included) in document order, tables' cells row by row."""
    try:
        document = docx.Document(io.BytesIO(raw.data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(raw.name, f"not a readable Word file ({type(exc).__name__})") from exc
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            texts = [cell.text for row in item.rows for cell in row.cells]
        else:
            texts = [item.text]
        blocks += [Block(text.strip(" \t")) for text in texts if text.strip()]
    if not blocks:
        raise IngestError(raw.name, "Word file with no text")
    props = document.core_properties
    language = (props.language or "").split("-")[0].lower() or None
    published = props.created.date() if props.created else None
    return Extracted(
        format="docx", blocks=tuple(blocks), title=(props.title or "").strip() or None,
        published=published, publisher=None, source_url=raw.url, language=language,
    )
