"""A per-document CPU budget for the stages, so one pathological file is skipped with a message, not a hang.

Segmentation and attribution are linear in a document's length (a sentence of thousands of
nested speech cues weighs each quotation against a bounded number of cue frames), at worst about
30 µs per character of hostile text and far less for real prose. The budget is several times
that, so no real document comes near it: BASE_SECONDS plus SECONDS_PER_MB for its size, in CPU
seconds of the process (load on the machine does not use it up).

The limit is a CPU-time timer signal, so it holds only on POSIX and in a process's main thread
(the build's, or a worker's); elsewhere the stages run unbudgeted.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

BASE_SECONDS = 10.0
SECONDS_PER_MB = 120.0


class OverBudget(BaseException):
    """The budget ran out (a BaseException: no `except Exception` in the stages may swallow it)."""


def budget_for(characters: int) -> float:
    """CPU seconds a document of this many characters may take through the stages."""
    return BASE_SECONDS + SECONDS_PER_MB * characters / 1_000_000


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once it has used `seconds` of this process's CPU time."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame) -> None:
        raise OverBudget()

    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
