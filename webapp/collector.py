"""The garbage-collector policy of a serving process, set here and nowhere else.

The index is opened with the collector paused (`paused`: millions of small objects at once,
collecting midway only costs time), and once a generation is open what is alive is frozen
(`settle`), so no full collection walks the index's columns again (~600k objects at 100k passages;
one such collection cost ~100 ms in whichever search it hit). `verbatim serve` asks for it
(SETTLE_GC, and when it opens the index before serving); an app made for tests or embedded
elsewhere leaves its process's collector alone.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_settled: str | None = None  # the generation whose objects are frozen in this process
_settle_lock = threading.Lock()


@contextmanager
def paused() -> Iterator[None]:
    """The collector off while an index generation is loaded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle(generation: str) -> None:
    """Once per generation opened in this serving process: freeze what is alive now, so the
    collector never walks it again. On a later generation, first collect once over everything
    (unfrozen), so nothing of the one it replaced stays frozen longer than it is used."""
    global _settled
    with _settle_lock:
        if generation == _settled:
            return
        if _settled is not None:
            gc.unfreeze()
            gc.collect()
        gc.freeze()
        _settled = generation
