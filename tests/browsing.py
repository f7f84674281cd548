"""Test helpers for the browser tests: Debian's headless Chromium, a live waitress server in a thread,
and a page that fails its test on any script error, CSP violation or failed load.

Tests import it as `from browsing import ...`; pytest registers the fixtures a test module imports.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli.serve import make_server
from webapp import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (.ci/run installs it)"),
]


def serve(index_dir: Path, **config) -> Iterator[str]:
    """waitress serving an index on a free loopback port, in a thread; yields its base URL."""
    app = create_app({"INDEX_DIR": index_dir, **config})
    srv = make_server(app, "127.0.0.1", 0, threads=4)
    app.config["PUBLIC_URL"] = f"http://127.0.0.1:{srv.effective_port}"  # as `verbatim serve` sets it
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tiny_index: Path):
    yield from serve(tiny_index)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []  # no script errors, no CSP violations, no failed loads
