"""Page data of "check a quote": its parameters, and the /api/check answer the /check page shows
(the shape, shared with `verbatim check`, is present/check.py's)."""
from __future__ import annotations

from collections.abc import Mapping

from indexer.search import BadRequest, IndexView
from indexer.search.check import check_quote
from present.check import check_dict
from present.links import Links


def check_params(values: Mapping) -> tuple[str, str | None]:
    """`text` and `speaker` from query args, a form or a JSON object (both must be text)."""
    text, speaker = values.get("text", ""), values.get("speaker")
    if not isinstance(text, str):
        raise BadRequest("text must be a string")
    if speaker is not None and not isinstance(speaker, str):
        raise BadRequest("speaker must be a string (an id or a name)")
    return text, (speaker or None)


def check_data(view: IndexView, text: str, speaker: str | None, links: Links) -> dict:
    """The /api/check answer: verdict, claimed speaker, matches best first (at most 5)."""
    return check_dict(view, check_quote(view, text, speaker), links)
