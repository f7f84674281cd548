"""Fetch stage, the only network access in Verbatim: one URL's bytes, politely and within limits.

robots.txt is asked first (a missing one allows everything; one that cannot be read is treated as
disallowing, as the robots.txt RFC says for server errors), redirects are followed by hand so each
hop is checked against robots.txt and counted, and the body is read in chunks up to the size cap.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from ingest.models import IngestError, Raw

USER_AGENT = "Verbatim/0.1 (verbatim add: fetches one press release or document per request)"
ROBOTS_NAME = "Verbatim"
MAX_BYTES = 20 * 2**20
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    timeout: float = 10.0


def _robots(client: httpx.Client, url: str, cache: dict[str, Protego | None]) -> Protego | None:
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    if root not in cache:
        try:
            response = client.get(root + "/robots.txt", follow_redirects=True)
        except httpx.HTTPError:
            cache[root] = Protego.parse("User-agent: *\nDisallow: /")
        else:
            if response.status_code >= 500:
                cache[root] = Protego.parse("User-agent: *\nDisallow: /")
            elif response.status_code >= 400:
                cache[root] = None
            else:
                cache[root] = Protego.parse(response.text[: 512 * 1024])
    return cache[root]


def _allowed(client: httpx.Client, url: str, cache: dict) -> bool:
    rules = _robots(client, url, cache)
    return rules is None or rules.can_fetch(url, ROBOTS_NAME)


def _read(response: httpx.Response, name: str, limits: Limits) -> bytes:
    """The body, up to the size cap and within a whole-body deadline (a server that drips bytes
    never trips the per-read timeout)."""
    deadline = time.monotonic() + 3 * limits.timeout
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise IngestError(name, f"over the size limit: {int(declared):,} bytes (at most {limits.max_bytes:,})")
    chunks, total = [], 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > limits.max_bytes:
            raise IngestError(name, f"over the size limit: more than {limits.max_bytes:,} bytes")
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise IngestError(name, f"timed out: the body took longer than {3 * limits.timeout:g} s")
    return b"".join(chunks)


def fetch(url: str, limits: Limits = Limits(), robots: dict | None = None) -> Raw:
    """The bytes at `url` after at most `max_redirects` redirects; IngestError with one precise line."""
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise IngestError(url, "not an http(s) URL")
    cache = {} if robots is None else robots
    timeout = httpx.Timeout(limits.timeout, connect=min(5.0, limits.timeout))
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5"}
    current = url
    try:
        with httpx.Client(headers=headers, timeout=timeout, follow_redirects=False) as client:
            for hop in range(limits.max_redirects + 1):
                if not _allowed(client, current, cache):
                    raise IngestError(url, f"robots.txt disallows fetching {current}")
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise IngestError(url, f"HTTP {response.status_code} redirect without a Location")
                        current = urljoin(current, location)
                        continue
                    if response.status_code >= 400:
                        raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                    data = _read(response, url, limits)
                    return Raw(url, data, url=str(response.url), content_type=response.headers.get("content-type"),
                               retrieved=datetime.now(timezone.utc).date())
    except httpx.TimeoutException as exc:
        raise IngestError(url, f"timed out after {limits.timeout:g} s ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise IngestError(url, f"cannot be fetched: {exc}") from exc
    raise IngestError(url, f"more than {limits.max_redirects} redirects")
