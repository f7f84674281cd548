"""One memory budget for a serving process's caches (`verbatim serve --cache-mb`), split by one rule.

Every cache of a served generation that grows with the queries asked is bounded by its share of
the budget: the search side's term postings, search results, listed facet values and highlighter
token verdicts (`IndexView`), and the web app's encoded passages and encoded answers. The rule:

    encoded passages 40 %   an uncached answer is mostly passages seen before (citations: the costly part)
    term postings    25 %   numpy arrays per term: small per posting, a term read again costs a file read
    encoded answers  15 %   a repeated search is a lookup
    facet values     10 %   a search lists ~200 values; most recur with the same count
    search results    5 %   the search side's answer to a repeated request (pages, other faces)
    highlight tokens  5 %

`verbatim serve --processes N` gives each process M/N: the caches hold Python objects in each
process's own heap, so they cannot be shared without encoding every value through shared memory
and a cross-process lock on every lookup; what is shared is the index itself, loaded before the
fork (webapp/servers.py). The per-unit sizes below are measured at 100k passages (a generous
average: a cache stays under its share).
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MB = 160
SHARES = {"passages": 0.40, "postings": 0.25, "answers": 0.15, "facet_values": 0.10, "results": 0.05, "tokens": 0.05}
RESULT_BYTES = 40_000  # one kept SearchResults: its page of passage records and its facet lists
FACET_VALUE_BYTES = 400  # one listed value, its sort key and its key tuple
TOKEN_BYTES = 200  # one token verdict of the highlighter (the token, its term, the entry)
POSTING_BYTES = 16  # one cached posting: its id, weight and score (numpy), the term's bitset spread over them


@dataclass(frozen=True)
class CacheBudget:
    """Megabytes of cache memory for one serving process (or, before `per_process`, for all of them)."""

    megabytes: float = DEFAULT_MB

    def __post_init__(self) -> None:
        if self.megabytes < 0:
            raise ValueError(f"a cache budget is at least 0 MB, not {self.megabytes}")

    def per_process(self, processes: int) -> CacheBudget:
        """Each of `processes` serving processes gets an equal part."""
        return CacheBudget(self.megabytes / max(1, processes))

    def bytes_for(self, cache: str) -> int:
        """The bytes one cache may hold (a name of SHARES)."""
        return int(self.megabytes * 2**20 * SHARES[cache])

    @property
    def postings(self) -> int:
        return self.bytes_for("postings") // POSTING_BYTES

    @property
    def results(self) -> int:
        return self.bytes_for("results") // RESULT_BYTES

    @property
    def facet_values(self) -> int:
        return self.bytes_for("facet_values") // FACET_VALUE_BYTES

    @property
    def tokens(self) -> int:
        return self.bytes_for("tokens") // TOKEN_BYTES


DEFAULT = CacheBudget()
