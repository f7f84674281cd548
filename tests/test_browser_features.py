"""Headless Chromium on the pages of issue 17: check a quote, and (below) export, feed and keyboard paths.

Needs Debian's /usr/bin/chromium (`.ci/run` installs it); skipped with a reason otherwise.
"""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from webapp import create_app

sync_api = pytest.importorskip("playwright.sync_api")
from cli.serve import make_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def server(tiny_index: Path):
    srv = make_server(create_app({"INDEX_DIR": tiny_index}), "127.0.0.1", 0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def test_check_a_quote_by_keyboard(page, server):
    page.goto(server + "/")
    page.get_by_role("link", name="Check a quote").click()
    page.get_by_label("Check a quote").fill("“Borders are where drug smuggling and terrorist financing meet”")
    page.get_by_label("Claimed speaker").fill("Aigerim Zumabekova")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the Check button, reached from the speaker box
    heading = page.locator("#verdict-h")
    sync_api.expect(heading).to_contain_text("Altered")
    match = page.locator(".check-match").first
    assert match.locator(".diff del.src").inner_text() == "trafficking"
    assert match.locator(".diff ins.claim").inner_text() == "smuggling"
    assert "attributes these words to Jürgen Weiß, not Aigerim Zhumabekova" in match.locator(".attribution").inner_text()
    assert match.locator("mark").first.inner_text().startswith("Borders are where")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "check.png"), full_page=True)
