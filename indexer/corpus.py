"""Read stage: corpus files become `Document`s with their exact text and metadata.

Metadata comes from the registry (metadata/documents.yaml), else from Markdown front matter, else
is inferred from the text (title line, dateline) and reported as inferred. Bad files raise
`CorpusError` naming the file and what is wrong, so a build can stop or skip them.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import yaml

from indexer.accents import fold_accents
from indexer.dates import parse_date
from indexer.infer import DocumentFacts, infer_document
from indexer.models import Document, DocumentMeta
from indexer.yaml_limits import AliasLimit, check_aliases

SUFFIXES = (".txt", ".md", ".markdown")
MAX_TITLE = 200
# A page break in a document added from a PDF (`verbatim add`): a line of its own, never passage text.
_PAGE_MARK = re.compile(r"^<!-- page (\d{1,6}) -->[ \t]*$", re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def printable(text: str) -> str:
    """Text safe to print on one terminal line: control characters (a newline in a file name) and
    invisible format characters (a right-to-left override reordering what follows) escaped as \\n,
    \\u202e…, so a message cannot forge lines or hide what it names."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)


class CorpusError(Exception):
    """A corpus file that cannot be read as a document; the message names file and cause."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{printable(path)}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self):  # build workers send it back to the main process
        return type(self), (self.path, self.message)


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # POSIX path relative to the corpus folder
    refused: str | None = None  # why this entry is not read: a link out of the corpus, to a folder, broken
    target: Path | None = None  # for a link to a file inside the corpus: that file, read without following links


def list_corpus(corpus_dir: Path) -> tuple[SourceFile, ...]:
    """Every .txt/.md file under the corpus folder, in a stable order (hidden files skipped).

    Links are never followed out of the corpus folder: a link to a file outside it, a link to a
    folder and a broken link are listed with the reason they are refused (so the build names them
    instead of skipping them silently, or serving /etc/hostname as a document). A link to a file
    inside the corpus folder is read."""
    if not corpus_dir.is_dir():
        raise CorpusError(str(corpus_dir), "corpus folder does not exist")
    root = corpus_dir.resolve()
    files = []
    for path in _walk(corpus_dir):
        rel = path.relative_to(corpus_dir).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if path.is_symlink():
            target, refused = _link_target(path, root)
            if refused or path.suffix.lower() in SUFFIXES:
                files.append(SourceFile(path, rel, refused, target))
        elif path.suffix.lower() in SUFFIXES and path.is_file():
            files.append(SourceFile(path, rel))
    return tuple(files)


def _walk(folder: Path) -> list[Path]:
    """Every entry under folder, sorted like `sorted(folder.rglob("*"))`, never descending into a link."""
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            path = Path(entry.path)
            found.append(path)
            if entry.is_dir(follow_symlinks=False):
                found += _walk(path)
    return sorted(found)


def _link_target(link: Path, root: Path) -> tuple[Path | None, str | None]:
    """(the file a corpus link points to, None) for a link to a file inside the corpus, else (None, why not)."""
    try:
        target = link.resolve(strict=True)
    except (RuntimeError, OSError):
        return None, "is a broken symbolic link (its target does not exist); remove it or restore the target"
    if target.is_dir():
        return None, "is a symbolic link to a folder; links to folders are not followed (copy the folder into the corpus)"
    if not target.is_relative_to(root):
        return None, "is a symbolic link to a file outside the corpus folder; not read (copy the file into the corpus)"
    if not target.is_file():
        return None, "is a symbolic link to something that is not a regular file; not read"
    return target, None


def read_source(source: SourceFile) -> bytes:
    """The bytes of a listed corpus file; raises CorpusError for a refused link.

    A listed link inside the corpus is read at the file it resolved to; no link is followed when
    opening (O_NOFOLLOW), so a file swapped for a link after listing is refused, not read."""
    if source.refused:
        raise CorpusError(source.rel, source.refused)
    try:
        descriptor = os.open(source.target or source.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError as exc:
        raise CorpusError(source.rel, "file disappeared before it could be read") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CorpusError(source.rel, "became a symbolic link after it was listed; not read") from exc
        raise CorpusError(source.rel, f"cannot be read: {exc.strerror}") from exc
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise CorpusError(source.rel, f"cannot be read: {exc.strerror}") from exc


_OTHER_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Unicode category Cc (exactly U+0000–U+001F and U+007F–U+009F) except \t \n \f \r
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")  # the registry's id rule


def decode(raw: bytes, rel: str) -> str:
    """UTF-8 (a BOM is dropped); anything else is an error that gives the byte offset."""
    if not raw.strip():
        raise CorpusError(rel, "empty file")
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom) and len(raw) > len(bom):
            raise CorpusError(rel, f"encoded as {name} (byte-order mark at byte offset 0); re-save the file as UTF-8")
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise CorpusError(rel, f"binary data (NUL byte at offset {nul}), not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(
            rel,
            f"not valid UTF-8 at byte offset {exc.start} (byte 0x{raw[exc.start]:02x}); "
            "re-save the file as UTF-8",
        ) from exc
    controls = len(_CONTROLS.findall(text, 0, 8192))
    if controls > 8:
        raise CorpusError(rel, "binary data (control characters), not text")
    if not text.strip():
        raise CorpusError(rel, "empty file (only a byte-order mark or spaces)")
    return text


def page_marks(body: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, page) of each page-break line in a Markdown body."""
    return tuple((m.start(), m.end(), int(m.group(1))) for m in _PAGE_MARK.finditer(body))


def split_front_matter(text: str, rel: str) -> tuple[dict, int]:
    """YAML front matter of a Markdown file and the offset where its body starts."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, 0
    try:
        check_aliases(match.group(1))
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        what = "is refused" if isinstance(exc, AliasLimit) else "is not valid YAML"
        raise CorpusError(rel, f"front matter {what}{where}: {problem}") from exc
    if not isinstance(data, dict):
        raise CorpusError(rel, "front matter must be a mapping of keys to values")
    return data, match.end()


_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")


def ascii_spelling(value: str) -> str:
    """The text in ASCII: accents dropped, letters without a decomposition spelled out ("Weiß" → "Weiss")."""
    return fold_accents(value).encode("ascii", "ignore").decode()


def slugify(value: str) -> str:
    """Ids from names: ASCII, lowercase, hyphens ("Lajčák" → "lajcak", "Weiß" → "weiss")."""
    ascii_text = ascii_spelling(value)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def infer_title(body: str, markdown: bool = False) -> str | None:
    """A first line that stands alone (short, followed by a blank line) is a title.

    In Markdown a first-level-or-deeper heading line is a title too, without its `#` marks.
    """
    first, sep, rest = body.lstrip().partition("\n")
    first = first.strip()
    heading = _HEADING.match(first) if markdown else None
    if heading:
        return heading.group(1).strip() or None
    if not first or len(first) > MAX_TITLE or not sep:
        return None
    if not rest.lstrip(" \t\r\xa0").startswith("\n") and first.endswith((".", ";", ",")):
        return None
    return first


def title_line(body: str, markdown: bool = False) -> tuple[int, int] | None:
    """(start, end) of the headline line in the text, when the reader takes its first line as a title.

    The headline is the document's (its title field), paragraph 0: never a passage of its own."""
    start = re.match(r"[\s\ufeff]*", body).end()  # white space and a byte-order mark, as segmentation trims
    if infer_title(body[start:], markdown) is None:
        return None
    first = body[start:].partition("\n")[0]
    return start, start + len(first.rstrip())


def _front_matter_meta(data: dict, rel: str) -> dict:
    allowed = {f for f in DocumentMeta.__dataclass_fields__ if f not in {"file"}}
    meta = {k: v for k, v in data.items() if k in allowed}
    for key in ("published",):
        if key in meta and not isinstance(meta[key], date):
            parsed = parse_date(str(meta[key]))
            if parsed is None:
                raise CorpusError(rel, f"front matter: {key} '{meta[key]}' is not a date")
            meta[key] = parsed
    for key in ("id", "title", "publisher", "kind", "event", "source_url", "language"):
        if key in meta and meta[key] is not None:
            meta[key] = str(meta[key])
    # The id names files in the index and appears in URLs: keep it a plain slug.
    if "id" in meta and (meta["id"] is None or not _SAFE_ID.fullmatch(meta["id"])):
        raise CorpusError(rel, f"front matter: id {meta['id']!r} must be lowercase letters, digits and hyphens")
    return meta


def resolve_meta(
    rel: str, body: str, front: dict, known: DocumentMeta | None
) -> tuple[DocumentMeta, tuple[str, ...], DocumentFacts | None]:
    """Registry entry first, then front matter, then what the text itself says.

    The text is read for facts (indexer.infer) only when the metadata lacks the date, the publisher
    or the event; the event is linked later, in corpus order, by the build.
    """
    stem = rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = known or DocumentMeta(id=slugify(stem), file=rel)
    fields = _front_matter_meta(front, rel)
    if known:  # the registry wins; front matter only fills gaps
        fields = {k: v for k, v in fields.items() if getattr(known, k) in (None, "")}
    meta = replace(base, **fields)
    inferred = []
    if not meta.title:
        title = infer_title(body, markdown=rel.lower().endswith((".md", ".markdown")))
        if title:
            meta, inferred = replace(meta, title=title), inferred + ["title"]
    facts = None
    if meta.published is None or meta.publisher is None or meta.event is None:
        facts = infer_document(body)
        if meta.published is None and facts.published:
            meta, inferred = replace(meta, published=facts.published), inferred + ["published"]
        if meta.publisher is None and facts.publisher:
            meta, inferred = replace(meta, publisher=facts.publisher), inferred + ["publisher"]
    return meta, tuple(inferred), facts


def read_document(source: SourceFile, known: DocumentMeta | None) -> Document:
    """Read one file into a Document; raises CorpusError with a precise message."""
    try:
        source.rel.encode("utf-8")
    except UnicodeEncodeError:
        shown = source.rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise CorpusError(shown, "file name is not valid UTF-8; rename the file") from None
    text = decode(read_source(source), source.rel)
    front, offset = ({}, 0)
    markdown = source.path.suffix.lower() in (".md", ".markdown")
    if markdown:
        front, offset = split_front_matter(text, source.rel)
    body = text[offset:]
    if not body.strip():
        raise CorpusError(source.rel, "no text after the front matter")
    meta, inferred, facts = resolve_meta(source.rel, body, front, known)
    return Document(
        id=meta.id,
        path=source.rel,
        text=body,
        meta=meta,
        body_offset=offset,
        inferred=inferred,
        sha256=hashlib.sha256(body.encode("utf-8")).hexdigest(),
        facts=facts,
        pages=page_marks(body) if markdown else (),
    )

