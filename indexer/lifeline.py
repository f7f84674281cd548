"""One rule for the build's helper processes: a build killed with -9 takes them with it."""
from __future__ import annotations

import multiprocessing
import os
import threading


def exit_with_parent() -> None:
    """In a spawned process: exit as soon as the parent process dies (no-op in the main process)."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # returns when the parent's end of the spawn pipe closes, i.e. when it dies
    os._exit(1)
