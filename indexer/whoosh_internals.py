"""The Whoosh internals Verbatim relies on, pinned: checked once, at import, with a clear message.

`whoosh_segments.py` writes Whoosh 3 segment bytes itself (term infos, posting blocks, the term
table) and `search/postings.py` reads posting blocks and length columns straight from Whoosh's
readers. Both use private names of `whoosh.codec.whoosh3`. A whoosh3 release that changed them
could write an index Whoosh then misreads, silently; so a version outside the tested line, or one
lacking a name used, is refused here before anything is written or read.
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

TESTED = "3.54"  # the major.minor line tests/test_build_sharded.py checked byte for byte
DISTRIBUTION = "whoosh3"

# What the segment writer and the postings reader touch, by owner.
MODULE_NAMES = ("W3TermInfo", "W3LeafMatcher", "W3Codec", "LENGTHS_COLUMN", "_lenfield",
                "COMPRESSION_MIN_SIZE", "WHOOSH3_HEADER_MAGIC")
CODEC_ATTRIBUTES = ("_inlinelimit", "_blocklimit", "_compression")
TERMINFO_ATTRIBUTES = ("_weight", "_df", "_minlength", "_maxlength", "_maxweight", "_minid", "_maxid")
MATCHER_METHODS = ("_read_ids", "_read_weights", "_read_values", "_next_block")
POSTINGS_WRITER_METHODS = ("_write_block",)


class WhooshVersionError(ImportError):
    """The installed Whoosh is not the one whose internals were checked."""


def problems(installed: str | None = None) -> list[str]:
    """What does not match the pinned internals (empty when everything does)."""
    from whoosh.codec import default_codec, whoosh3

    found = []
    installed = installed if installed is not None else _installed()
    if installed is None or installed.split(".")[:2] != TESTED.split("."):
        found.append(f"{DISTRIBUTION} {installed or '(not installed)'} is not the tested {TESTED}.x line")
    found += [f"whoosh.codec.whoosh3.{n} is missing" for n in MODULE_NAMES if not hasattr(whoosh3, n)]
    codec = default_codec()
    found += [f"the default codec has no {a}" for a in CODEC_ATTRIBUTES if not hasattr(codec, a)]
    if hasattr(whoosh3, "W3TermInfo"):
        info = whoosh3.W3TermInfo()
        found += [f"W3TermInfo has no {a}" for a in TERMINFO_ATTRIBUTES if not hasattr(info, a)]
    if hasattr(whoosh3, "W3LeafMatcher"):
        found += [f"W3LeafMatcher has no {m}" for m in MATCHER_METHODS if not hasattr(whoosh3.W3LeafMatcher, m)]
    writer = getattr(whoosh3, "W3PostingsWriter", None)
    found += [f"W3PostingsWriter has no {m}" for m in POSTINGS_WRITER_METHODS if not hasattr(writer, m)]
    return found


def _installed() -> str | None:
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return None


def check() -> None:
    """Raise WhooshVersionError naming every mismatch, with what to do about it."""
    found = problems()
    if found:
        raise WhooshVersionError(
            "Verbatim writes and reads Whoosh's segment files through internals checked on "
            f"{DISTRIBUTION} {TESTED}.x only: " + "; ".join(found)
            + f". Install the tested line (pip install '{DISTRIBUTION}>={TESTED},<{_next_minor()}') "
            "or re-check the internals (tests/test_build_sharded.py) before widening the pin."
        )


def _next_minor() -> str:
    major, minor = TESTED.split(".")
    return f"{major}.{int(minor) + 1}"


check()
