"""Page data of "check a quote": the search side's CheckResult as the dict /api/check returns and
the /check page and `verbatim check` show (one shape, computed once)."""
from __future__ import annotations

from collections.abc import Mapping

from indexer.search import BadRequest, IndexView
from indexer.search.check import CheckMatch, CheckResult, check_quote, message
from present.citations import all_formats
from present.links import Links
from present.passage import citation_source, passage_dict


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
    result = check_quote(view, text, speaker)
    claimed = result.speaker
    return {
        "text": result.text,
        "speaker": {"id": claimed.speaker_id, "name": claimed.name} if claimed else None,
        "verdict": result.verdict,
        "matches": [_match_dict(view, result, m, links) for m in result.matches],
    }


def _match_dict(view: IndexView, result: CheckResult, match: CheckMatch, links: Links) -> dict:
    catalog = view.catalog
    first = match.passages[0]
    text = view.document_text(first.document_id) or ""
    sid = match.attribution.speaker_id
    inside = next((p for p in match.passages if p.start <= match.start and match.end <= p.end), None)
    return {
        "verdict": match.verdict,
        "similarity": match.similarity,
        "passage": passage_dict(first, catalog, text, links),
        "passages": [p.id for p in match.passages],
        "start": match.start,
        "end": match.end,
        "source_text": match.source_text,
        "diff": [{"op": d.op, "source": d.source, "claimed": d.claimed, "marked": d.marked} for d in match.diff],
        "attribution": {
            "kind": match.attribution.kind,
            "speaker": {"id": sid, "name": catalog.label("speaker", sid)} if sid else None,
        },
        "speaker_matches": match.speaker_matches,
        "message": message(match, result, catalog.label("speaker", sid) if sid else None),
        "citation": all_formats(citation_source(inside, catalog, text, links, match.start, match.end)) if inside else None,
        "cite_url": links.passage(inside.id) + f"?start={match.start}&end={match.end}" if inside else None,
    }
