"""Which format a source's bytes are in, and how an HTML page's bytes become text.

The bytes decide first (a PDF served as application/octet-stream is still a PDF); the file suffix or
the declared content type only settle what the bytes alone cannot tell (plain text, Markdown).
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile

from charset_normalizer import from_bytes

from ingest.models import Format, IngestError

_SUFFIXES: dict[str, Format] = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx",
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
}
SUFFIXES = tuple(_SUFFIXES)
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_LATIN_GUESSES = {"cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "iso8859_2", "iso8859_9", "iso8859_15", "ascii"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# What browsers do with these labels (the WHATWG Encoding Standard): Latin-1 and ASCII mean windows-1252.
_BROWSER_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def _zip_kind(data: bytes) -> Format | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "docx" if "word/document.xml" in archive.namelist() else None
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def sniff(data: bytes, name: str, content_type: str | None = None) -> Format:
    """The format of a source, from its bytes first, then its suffix or declared type."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        kind = _zip_kind(data)
        if kind:
            return kind
        raise IngestError(name, "unknown format: a ZIP archive that is not a Word (.docx) file")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise IngestError(name, "old Word (.doc) or other OLE file is not supported; save it as .docx")
    if _HTML_START.match(data[:4096]):
        return "html"
    mime = (content_type or "").split(";")[0].strip().lower()
    suffix = "." + name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
    if mime in ("text/html", "application/xhtml+xml") or _SUFFIXES.get(suffix) == "html":
        return "html"
    if mime == "text/markdown" or _SUFFIXES.get(suffix) == "md":
        return "md"
    if mime == "text/plain" or _SUFFIXES.get(suffix) == "txt":
        return "txt"
    shown = f"content type {mime}" if mime else (f"suffix {suffix}" if suffix else "no suffix")
    raise IngestError(name, f"unknown format ({shown}): expected a web page, PDF, Word (.docx), .txt or .md file")


def _declared(content_type: str | None, data: bytes) -> list[str]:
    found = []
    if content_type and "charset=" in content_type.lower():
        found.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'"))
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        found.append(meta.group(1).decode("ascii", "replace").lower())
    return found


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """A page's text: a byte-order mark wins, then the declared charset, then UTF-8, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace")
    for label in _declared(content_type, data):
        encoding = _BROWSER_ALIASES.get(label, label)
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding in _LATIN_GUESSES:
        # Latin text: detectors waver between near-identical code pages; the web's default is windows-1252.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best) if best is not None else data.decode("cp1252", "replace")
