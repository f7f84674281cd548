"""Metadata loading: the YAML registries under metadata/ become one validated `Registry`.

Every problem is reported as `path:line: message` (lines from the YAML node marks), all at once,
so a curator fixes a file in one pass; `load_registry` refuses to return a half-valid registry.
"""
from __future__ import annotations

import difflib
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

from indexer.corpus import CorpusError, SourceFile, decode, list_corpus, read_source, slugify, split_front_matter
from indexer.metadata_records import Entry, Problem, Sink, build_registry
from indexer.models import DocumentMeta, Registry
from indexer.yaml_limits import check_aliases

MARKDOWN = (".md", ".markdown")
FILES = ("organizations", "events", "speakers", "documents", "themes")  # metadata/<name>.yaml


class MetadataError(Exception):
    """The metadata does not validate; `.problems` holds every `path:line: message`."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))

    def __reduce__(self) -> tuple:  # raised in the process that parsed a large registry
        return (MetadataError, (self.problems,))


class LineDict(dict):
    """A YAML mapping that remembers its own line and the line of each key (1-based)."""

    line = 1
    key_lines: dict


class LineList(list):
    """A YAML sequence that remembers its own line and each item's line (1-based)."""

    line = 1
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry line numbers and that flags duplicate keys."""

    duplicates: list


# The same constructors over libyaml's parser when it is there (about 10x faster on large
# registries); syntax errors are always re-read with the pure-Python parser, whose messages
# are the ones documented and tested.
_FastLineLoader = type("_FastLineLoader", (yaml.CSafeLoader, _LineLoader), {}) if yaml.__with_libyaml__ else None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line, result.key_lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(None, None, "a key must be a plain value", key_node.start_mark)
        if key in result:
            loader.duplicates.append((line, f"duplicate key '{key}' (first on line {result.key_lines[key]})"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines.setdefault(key, line)
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line, result.item_lines = node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value]
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """A date-shaped value that is no real date (2010-13-40) stays text, for validation to report."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _load(text: str, fast: bool) -> tuple[object, list]:
    """Parse one YAML text; (data, duplicate-key findings). Raises yaml.YAMLError."""
    check_aliases(text, fast)
    loader_class = _FastLineLoader if fast and _FastLineLoader is not None else _LineLoader
    loader = loader_class(text)  # the pure-Python reader rejects control characters already here
    loader.duplicates = []
    try:
        return loader.get_single_data(), loader.duplicates
    finally:
        loader.dispose()


def display_path(path: Path) -> str:
    """A path as a curator would type it: relative to the working folder when inside it."""
    try:
        resolved, cwd = path.resolve(), Path.cwd().resolve()
    except OSError:  # the working folder was removed
        return str(path)
    return resolved.relative_to(cwd).as_posix() if resolved.is_relative_to(cwd) else str(path)


def _yaml_problem(shown: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    if mark is None:
        return Problem(shown, 1, f"invalid YAML: {detail}")
    return Problem(shown, mark.line + 1, f"invalid YAML at column {mark.column + 1}: {detail}")


def parse_yaml(path: Path) -> tuple[object, list[Problem], yaml.YAMLError | None]:
    """One YAML file with line numbers; syntax errors come back as problems, not exceptions."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 1, f"not valid UTF-8 at byte offset {exc.start}; re-save as UTF-8")], None
    except OSError as exc:
        return None, [Problem(shown, 1, f"cannot be read: {exc.strerror}")], None
    try:
        data, duplicates = _load(text, fast=True)
    except yaml.YAMLError:
        try:
            data, duplicates = _load(text, fast=False)
        except yaml.YAMLError as exc:
            return None, [_yaml_problem(shown, exc)], exc
    return data, [Problem(shown, line, message) for line, message in duplicates], None


def _entries(name: str, data: object, shown: str, sink: Sink) -> list[Entry] | None:
    """The file's entries; None when the file as a whole is unusable (already reported)."""
    if data is None:
        return []
    if not isinstance(data, list):
        sink.error(shown, getattr(data, "line", 1), f"{name}.yaml must be a list of entries, each starting with '- id:'")
        return None
    entries = []
    for item, line in zip(data, data.item_lines):
        if not isinstance(item, dict):
            sink.error(shown, line, f"each entry must be a mapping of keys to values, not {type(item).__name__}")
            continue
        entries.append(Entry(item, shown, sink))
    return entries


def check_registry(
    metadata_dir: Path, corpus_dir: Path | None = None
) -> tuple[Registry, tuple[Problem, ...], yaml.YAMLError | None]:
    """Load every registry file and cross-check it (and the corpus, when given).

    Returns the registry built from what was valid, every problem sorted by file and line, and
    the first YAML syntax error (to chain exceptions from).
    """
    sink = Sink()
    first_yaml_error = None
    parsed: dict[str, list[Entry]] = {}
    broken: set[str] = set()  # files that could not be read at all: no references are checked against them
    for name in FILES:
        path = metadata_dir / f"{name}.yaml"
        if not path.is_file():
            parsed[name] = []
            continue
        data, problems, yaml_error = parse_yaml(path)
        sink.problems.extend(problems)
        first_yaml_error = first_yaml_error or yaml_error
        entries = None if problems and data is None else _entries(name, data, display_path(path), sink)
        if entries is None:
            broken.add(name)
        parsed[name] = entries or []
    for path in sorted(metadata_dir.glob("*.y*ml")):
        if path.name not in {f"{name}.yaml" for name in FILES}:
            sink.warn(display_path(path), 1, f"not read: the registries are {', '.join(f + '.yaml' for f in FILES)}")
    registry = build_registry(parsed, sink, frozenset(broken))
    if corpus_dir is not None:
        check_corpus(corpus_dir, parsed["documents"], registry, sink)
    ordered = sorted(sink.problems, key=lambda p: (p.path, p.line))  # stable: same-line problems keep their order
    return registry, tuple(ordered), first_yaml_error


def check_corpus(corpus_dir: Path, documents: list[Entry], registry: Registry, sink: Sink) -> None:
    """Listed files must exist; files listed nowhere and without front matter get a warning."""
    try:
        sources = {s.rel: s for s in list_corpus(corpus_dir)}
    except CorpusError as exc:
        sink.error(display_path(corpus_dir), 1, str(exc).split(": ", 1)[-1])
        return
    listed = set()
    for entry in documents:
        rel = entry.data.get("file")
        if not isinstance(rel, str) or not rel:
            continue
        listed.add(rel)
        if rel not in sources:
            entry.error("file", f"file '{rel}' is not in the corpus folder {display_path(corpus_dir)}")
    events = {e.id for e in registry.events}
    ids = {d.id: d.file for d in registry.documents}
    for rel, source in sources.items():
        front = _check_source(source, rel in listed, events, display_path(source.path), sink)
        if front is None or rel in listed:
            continue
        doc_id = str(front.get("id") or slugify(Path(rel).stem))
        if doc_id in ids:
            sink.warn(display_path(source.path), 1, f"document id '{doc_id}' is already used by '{ids[doc_id]}' "
                      "in documents.yaml; this file will be indexed under another id")
        ids.setdefault(doc_id, rel)


def _check_source(source: SourceFile, listed: bool, events: set[str], shown: str, sink: Sink) -> dict | None:
    """A corpus file must be readable text; one with no documents.yaml entry should have front matter.

    Returns the front matter (empty when there is none), or None when the file cannot be read.
    """
    try:
        text = decode(read_source(source), source.rel)
        front, _ = split_front_matter(text, source.rel) if source.path.suffix.lower() in MARKDOWN else ({}, 0)
    except CorpusError as exc:
        sink.error(shown, 1, str(exc).removeprefix(f"{source.rel}: "))
        return None
    except OSError as exc:
        sink.error(shown, 1, f"cannot be read: {exc.strerror}")
        return None
    _check_front_keys(front, text, shown, sink)
    if listed:
        return front
    if not front:
        sink.warn(shown, 1, "no metadata (no entry in documents.yaml, no front matter); "
                  "title and date will be inferred from the text")
        return front
    event = front.get("event")
    if event is not None and str(event) not in events:
        sink.warn(shown, 1, f"front matter event '{event}' is not in events.yaml")
    return front


FRONT_MATTER_KEYS = tuple(f for f in DocumentMeta.__dataclass_fields__ if f != "file")
# What `verbatim add` records about where a document came from; kept for people, not indexed.
PROVENANCE_KEYS = ("format", "retrieved", "sha256", "added_from")
# Names other static-site tools give the same fields.
FRONT_MATTER_SYNONYMS = {"date": "published", "url": "source_url", "source": "source_url", "lang": "language"}


def _check_front_keys(front: dict, text: str, shown: str, sink: Sink) -> None:
    """Front matter keys the indexer does not read (`date:` for `published:`) would be dropped silently."""
    for key in map(str, front):
        if key in FRONT_MATTER_KEYS or key in PROVENANCE_KEYS:
            continue
        close = FRONT_MATTER_SYNONYMS.get(key) or next(iter(difflib.get_close_matches(key, FRONT_MATTER_KEYS)), None)
        hint = f"did you mean '{close}'? " if close else ""
        sink.warn(shown, _key_line(text, key), f"front matter key '{key}' is not read; {hint}"
                  f"the keys are {', '.join(FRONT_MATTER_KEYS)}")


def _key_line(text: str, key: str) -> int:
    """1-based line of a top-level front matter key (line 1 is the opening ---)."""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        if line.startswith((f"{key}:", f"'{key}':", f'"{key}":')):
            return number
    return 1


APART_BYTES = 4 * 2**20  # registries larger than this are parsed in a short-lived process


def load_registry(metadata_dir: Path, *, apart_bytes: int = APART_BYTES) -> Registry:
    """The validated metadata; a missing folder is an empty registry.

    Parsing YAML with line numbers peaks at about five times the size of the registry it yields
    (a 1M-passage archive's 29 MB of YAML: 740 MB for a 130 MB registry), and CPython keeps that
    memory for the rest of the process. So a registry larger than `apart_bytes` is parsed in a
    short-lived process and only the finished registry comes back.

    Raises:
        MetadataError: with every problem as `path:line: message` (raised from the YAML error
            when a file is not valid YAML).
    """
    if not metadata_dir.is_dir():
        return Registry()
    size = sum(p.stat().st_size for p in metadata_dir.glob("*.yaml") if p.is_file())
    if size <= apart_bytes:
        return _load_here(metadata_dir)
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        return pool.submit(_load_here, metadata_dir).result()


def _load_here(metadata_dir: Path) -> Registry:
    registry, problems, yaml_error = check_registry(metadata_dir)
    errors = [str(p) for p in problems if not p.warning]
    if errors:
        raise MetadataError(errors) from yaml_error
    return registry
