"""Load: 32 concurrent clients for 30 s of mixed searches against `verbatim serve` on loopback, 0 errors.

Bounded in time (a hard stop, a per-request timeout, no retries) and loopback only. The index is a
seeded synthetic corpus (bench.generate); searches mix words, phrases, prefixes, OR/NOT, facet
filters taken from the API itself, sorts, deep-ish pages, quotations only, and the HTML search
page. Prints requests, throughput and latency percentiles.
"""
from __future__ import annotations

import json
import random
import re
from urllib.parse import urlencode

import pytest

from bench.generate import generate
from bench.http_load import run_clients
from indexer.build import build_index
from serving import folder_args, get_json, serving

CLIENTS = 32
SECONDS = 30.0


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    """`verbatim serve` over a 1,500-passage generated index on a free loopback port."""
    out = tmp_path_factory.mktemp("load")
    made = generate(1500, seed=21, out=out / "data")
    build_index(made.corpus, made.metadata, out / "index")
    with serving(["--no-build", *folder_args(made.corpus, made.metadata, out / "index")], out / "serve.log") as server:
        yield server.port


def ids(listing: dict | list) -> list[str]:
    items = listing if isinstance(listing, list) else next(v for v in listing.values() if isinstance(v, list))
    return [item["id"] for item in items]


def mixed_paths(port: int, count: int = 400, seed: int = 1) -> list[str]:
    """A fixed, varied set of search requests built from the index's own words and facet ids."""
    rng = random.Random(seed)
    first = get_json(port, "/api/search?per_page=100")
    words = sorted({w.lower() for r in first["results"] for w in re.findall(r"[^\W\d_]{4,}", r["text"])})
    speakers, events, themes = (ids(get_json(port, f"/api/{name}")) for name in ("speakers", "events", "themes"))
    assert words and speakers and events and themes
    paths = []
    for n in range(count):
        a, b = rng.choice(words), rng.choice(words)
        q = rng.choice([a, f"{a} {b}", f'"{a} {b}"', f"{a[:3]}*", f"{a} OR {b}", f"{a} -{b}", "", f"speaker:{a}"])
        params = [("q", q)] if q else []
        if n % 3 == 0:
            params.append(("speaker", rng.choice(speakers)))
        if n % 4 == 0:
            params.append(("event", rng.choice(events)))
        if n % 5 == 0:
            params += [("theme", rng.choice(themes)), ("theme", rng.choice(themes))]
        if n % 6 == 0:
            params.append(("quotes", "only"))
        params += [("sort", rng.choice(["relevance", "newest", "oldest"])), ("page", str(rng.choice([1, 1, 1, 2, 5])))]
        params.append(("per_page", str(rng.choice([10, 20, 50]))))
        paths.append(("/?" if n % 10 == 9 else "/api/search?") + urlencode(params))
    return paths


def answer(path: str, status: int, body: bytes) -> str | None:
    """A 200, and a search answer with its total for the API (the HTML page is checked by status)."""
    if status != 200:
        return f"{status} {path}: {body[:200]!r}"
    if path.startswith("/api/") and "total" not in json.loads(body):
        return f"no total: {path}"
    return None


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@pytest.mark.load
def test_32_clients_for_30_seconds_without_an_error(port):
    run = run_clients(port, mixed_paths(port), CLIENTS, SECONDS, answer)
    elapsed, timings, errors = run.seconds, run.timings, list(run.errors)
    print(
        f"\nload: {CLIENTS} clients, {elapsed:.1f} s, {len(timings)} requests, {len(errors)} errors, "
        f"{len(timings) / elapsed:.0f} req/s, p50 {percentile(timings, 50) * 1000:.0f} ms, "
        f"p99 {percentile(timings, 99) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
    )
    assert run.finished
    assert errors == [], errors[:5]
    assert all(run.latencies), "every client got answers"
