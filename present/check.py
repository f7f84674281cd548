"""The check shape: the search side's CheckResult as the dict /api/check returns, the /check page
shows and `verbatim check --json` prints (the command line without the citations)."""
from __future__ import annotations

from indexer.search import IndexView
from indexer.search.check import CheckMatch, CheckResult, message
from present.citations import all_formats
from present.links import Links
from present.passage import citation_source, passage_dict


def check_dict(view: IndexView, result: CheckResult, links: Links, citations: bool = True) -> dict:
    """Verdict, claimed speaker, matches best first; each match's citation when `citations`."""
    claimed = result.speaker
    return {
        "text": result.text,
        "speaker": {"id": claimed.speaker_id, "name": claimed.name} if claimed else None,
        "verdict": result.verdict,
        "matches": [_match_dict(view, result, m, links, citations) for m in result.matches],
    }


def _match_dict(view: IndexView, result: CheckResult, match: CheckMatch, links: Links, citations: bool) -> dict:
    catalog = view.catalog
    first = match.passages[0]
    text = view.document_text(first.document_id) or ""
    sid = match.attribution.speaker_id
    found = {
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
    }
    if citations:
        inside = next((p for p in match.passages if p.start <= match.start and match.end <= p.end), None)
        found["citation"] = all_formats(citation_source(inside, catalog, text, links, match.start, match.end)) if inside else None
        found["cite_url"] = links.excerpt(inside.id, match.start, match.end) if inside else None
    return found
