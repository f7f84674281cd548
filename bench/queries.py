"""The fixed benchmark query set: 200 mixed queries, the same for every corpus size and engine.

Queries live in bench/queries.json (made once by `make_query_set` from the bundled texts'
vocabulary and committed, so adding documents to corpus/ never changes them). Filters name a
speaker or event by popularity rank (0 = most cited in the generated world), which `resolve`
turns into the ids of the corpus at hand: a rank-3 speaker is as popular at 10k as at 1M.
"""
from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.text import Chain
from bench.world import World

QUERIES_FILE = Path(__file__).with_name("queries.json")
MIX = (("term", 50), ("and", 40), ("phrase", 40), ("speaker", 35), ("event", 35))
STOP = frozenset(
    "a an and are as at be by can for from have if in is it may of on or that the this to us we when will with yet "
    "you your its their has had been were was which who not also all than these those into such other more".split()
)


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # term | and | phrase | speaker | event
    q: str
    speaker_rank: int | None = None
    event_rank: int | None = None

    @property
    def filtered(self) -> bool:
        return self.speaker_rank is not None or self.event_rank is not None


@dataclass(frozen=True)
class ResolvedQuery:
    """A query with its filter turned into ids of one corpus' world."""

    kind: str
    q: str
    speaker: tuple[str, ...] = ()
    event: tuple[str, ...] = ()

    @property
    def filtered(self) -> bool:
        return bool(self.speaker or self.event)


def _words(chain: Chain) -> list[str]:
    """Plain alphabetic content words by falling frequency (ties by spelling)."""
    counts = Counter()
    for successors in chain.successors:
        counts.update(successors)
    words = [(n, chain.words[i]) for i, n in counts.items()]
    usable = [(n, w.lower()) for n, w in words if w.isalpha() and w.isascii() and len(w) >= 4 and w.lower() not in STOP]
    merged = Counter()
    for n, w in usable:
        merged[w] += n
    return [w for w, _ in sorted(merged.items(), key=lambda item: (-item[1], item[0]))]


def _phrases(chain: Chain) -> list[str]:
    """Two-word sequences of content words the bundled texts contain, most frequent first."""
    pairs = Counter()
    for a, successors in enumerate(chain.successors):
        first = chain.words[a]
        for b in successors:
            second = chain.words[b]
            if all(w.isalpha() and w.isascii() and len(w) >= 3 and w.lower() not in STOP for w in (first, second)):
                pairs[f"{first.lower()} {second.lower()}"] += 1
    return [p for p, n in sorted(pairs.items(), key=lambda item: (-item[1], item[0])) if n >= 2]


def make_query_set(chain: Chain, seed: int = 2026) -> list[BenchQuery]:
    """200 queries: single terms across the frequency range, AND pairs, phrases, filtered terms."""
    rng = random.Random(seed)
    words = _words(chain)
    phrases = _phrases(chain)
    common, middle, rare = words[:60], words[60:300], words[300:]

    def term() -> str:
        return rng.choice(rng.choice((common, middle, middle, rare)))

    out: list[BenchQuery] = []
    for kind, count in MIX:
        for _ in range(count):
            if kind == "term":
                out.append(BenchQuery(kind, term()))
            elif kind == "and":
                out.append(BenchQuery(kind, f"{rng.choice(common + middle)} AND {term()}"))
            elif kind == "phrase":
                out.append(BenchQuery(kind, f'"{rng.choice(phrases)}"'))
            elif kind == "speaker":
                out.append(BenchQuery(kind, rng.choice(common), speaker_rank=int(rng.paretovariate(1.2)) - 1))
            else:
                out.append(BenchQuery(kind, rng.choice(common), event_rank=int(rng.paretovariate(1.0)) - 1))
    return out


def load_query_set(path: Path = QUERIES_FILE) -> tuple[BenchQuery, ...]:
    return tuple(BenchQuery(**row) for row in json.loads(path.read_text(encoding="utf-8")))


def resolve(queries: tuple[BenchQuery, ...], world: World) -> tuple[ResolvedQuery, ...]:
    """Filters by rank → ids of this world (ranks past the end wrap around)."""
    out = []
    for q in queries:
        speaker = (world.speakers[q.speaker_rank % len(world.speakers)].id,) if q.speaker_rank is not None else ()
        event = (world.events[q.event_rank % len(world.events)].id,) if q.event_rank is not None else ()
        out.append(ResolvedQuery(q.kind, q.q, speaker, event))
    return tuple(out)
