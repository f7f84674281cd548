"""`open_index`: the verified view of an index's current generation, cached per process.

It is cheap per request: it reads the small CURRENT file and returns the cached view of that
generation. A view keeps serving its generation until a call sees a new one, so a request never
mixes two builds. A new generation is verified against its checksums and opened before it replaces
the open one; a damaged generation (or one that fails to open) is refused with one log line naming
what is wrong, and the last good generation keeps serving — the open one, or at start-up the newest
good one on disk. An unreadable CURRENT never takes down an open generation either.
"""
from __future__ import annotations

import logging
import re
import sys
import threading
from pathlib import Path

from indexer.index_format import CURRENT, GENERATIONS
from indexer.integrity import IndexDamaged, verify_generation
from indexer.search.budget import DEFAULT, CacheBudget
from indexer.search.errors import NoIndex
from indexer.search.view import IndexView

log = logging.getLogger("verbatim.index")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,100}")  # a generation folder's name, never a path

_views: dict[Path, IndexView] = {}
_previous: dict[Path, IndexView] = {}  # kept open for requests that started on it, closed one swap later
_refused: dict[Path, set[str]] = {}  # generations found damaged: not tried again on every request
_open_lock = threading.Lock()


def _report(message: str) -> None:
    """One clear line in the server's log (stderr), whatever logging is configured."""
    log.error(message)
    if not log.hasHandlers():
        print(f"verbatim: {message}", file=sys.stderr, flush=True)


def current_name(index_dir: Path) -> str | None:
    """The generation CURRENT names; None when there is no CURRENT. Raises OSError/ValueError when
    it cannot be read or names no generation folder."""
    try:
        raw = (index_dir / CURRENT).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    name = raw.decode("utf-8").strip()
    if not _NAME.fullmatch(name):
        raise ValueError(f"{CURRENT} does not hold a generation name ({raw[:40]!r})")
    return name


def open_index(index_dir: Path, budget: CacheBudget = DEFAULT) -> IndexView:
    """The view of the index's current generation (or of the last good one); budget: its caches' bound
    when a generation is opened (a serving process passes its own share).

    Raises:
        NoIndex: the folder has no usable index yet.
    """
    key = Path(index_dir).resolve()
    view = _views.get(key)
    try:
        name = current_name(key)
    except (OSError, ValueError) as exc:
        if view is not None:
            _report_once(key, f"cannot read {key / CURRENT} ({_why(exc)}); still serving generation {view.generation}")
            return view
        name = None  # nothing open yet: the newest good generation on disk, if any
    if view is not None and (view.generation == name or name in _refused.get(key, ())):
        return view
    with _open_lock:
        view = _views.get(key)
        if view is not None and (view.generation == name or name in _refused.get(key, ())):
            return view
        fresh = _open_good(key, name, keep=view, budget=budget)
        if fresh is view:
            return view
        _views[key] = fresh
        if view is not None:
            retired = _previous.pop(key, None)
            _previous[key] = view
            if retired is not None:
                retired.close()
        return fresh


def reopen_after_fork() -> None:
    """In a process forked after it opened views: each open view again with this process's own files
    and caches, sharing the data loaded before the fork (IndexView.reopened)."""
    with _open_lock:
        for key, view in list(_views.items()):
            _views[key] = view.reopened()
        _previous.clear()  # their files are the parent's; requests of this process never used them


_reported: dict[Path, str] = {}


def _report_once(key: Path, message: str) -> None:
    if _reported.get(key) != message:
        _reported[key] = message
        _report(message)


def _why(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _open_good(key: Path, name: str | None, keep: IndexView | None, budget: CacheBudget = DEFAULT) -> IndexView:
    """The named generation verified and opened; else `keep` (the open view); else the newest good
    generation on disk; else NoIndex."""
    if name is not None:
        try:
            return open_verified(key / GENERATIONS / name, budget)
        except IndexDamaged as exc:
            _refused.setdefault(key, set()).add(name)
            fallback = f"still serving generation {keep.generation}" if keep else "looking for the last good one"
            _report(f"refusing index generation {name}: {exc}; {fallback} (`verbatim verify` for details, "
                    "`verbatim index` to rebuild)")
            if keep is not None:
                return keep
    elif keep is not None:
        return keep
    for folder in _generations(key, newest_first=True):
        if folder.name == name or folder.name in _refused.get(key, ()):
            continue
        try:
            found = open_verified(folder, budget)
        except IndexDamaged as exc:
            _refused.setdefault(key, set()).add(folder.name)
            _report(f"refusing index generation {folder.name}: {exc}")
            continue
        if name is not None:
            _report(f"serving the last good generation {folder.name} instead of {name}")
        return found
    raise NoIndex(f"no index in {key}; run `verbatim index` first")


def _generations(key: Path, newest_first: bool) -> list[Path]:
    try:
        folders = [p for p in (key / GENERATIONS).iterdir() if _NAME.fullmatch(p.name) and p.is_dir()]
    except OSError:
        return []
    return sorted(folders, key=lambda p: p.name, reverse=newest_first)


def open_verified(folder: Path, budget: CacheBudget = DEFAULT) -> IndexView:
    """A generation's view, once its files match their checksums; IndexDamaged naming what does not."""
    if not folder.is_dir():
        raise IndexDamaged(f"{folder.name}: no such generation folder")
    problems = verify_generation(folder, trust_unchanged=True)
    if problems:
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise IndexDamaged("; ".join(problems[:3]) + more)
    try:
        return IndexView(folder, budget=budget)
    except Exception as exc:  # noqa: BLE001 - whatever a damaged file makes the readers raise
        raise IndexDamaged(f"cannot be opened ({type(exc).__name__}: {str(exc)[:200]})") from exc

