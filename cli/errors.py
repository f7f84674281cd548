"""How the command line reports a domain error: one message and one exit code per kind of error.

Commands catch `DOMAIN_ERRORS` and return `failure(exc)`; nothing else turns an exception into
an exit status, so the same error reads the same from every command.
"""
from __future__ import annotations

import sys
from pathlib import Path

from indexer.build import BuildError
from indexer.corpus import CorpusError, printable
from indexer.integrity import IndexDamaged
from indexer.metadata import MetadataError
from indexer.search import BadRequest, NoIndex
from indexer.writer import IndexLocked

DOMAIN_ERRORS = (MetadataError, BuildError, CorpusError, IndexLocked, NoIndex, IndexDamaged, BadRequest, OSError)
USAGE = 2  # a parameter the user can correct (as argparse exits for a bad flag)


def fail(message: str, code: int = 1) -> int:
    """Print a one-line error for humans and return the exit code."""
    print(f"verbatim: error: {printable(message)}", file=sys.stderr)
    return code


def describe(exc: BaseException, index: Path | None = None) -> str:
    """One line for a domain error; a metadata error's problems are printed first, one a line."""
    if isinstance(exc, MetadataError):
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return "metadata has errors; fix them (see `verbatim validate`)"
    if isinstance(exc, BadRequest):
        return exc.message
    if isinstance(exc, OSError):
        # the index folder cannot be written (permissions, a file in the way, disk full)
        return f"cannot write the index ({exc.filename or index}: {exc.strerror or exc})"
    return str(exc)


def exit_code(exc: BaseException) -> int:
    """2 for a parameter the user can correct, 1 for everything else."""
    return USAGE if isinstance(exc, BadRequest) else 1


def failure(exc: BaseException, then: str = "", index: Path | None = None) -> int:
    """Report a domain error (with what it means for the index, `then`) and return its exit code."""
    return fail(describe(exc, index) + (f"; {then}" if then else ""), exit_code(exc))
