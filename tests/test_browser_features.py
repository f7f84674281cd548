"""Headless Chromium on the newer pages: check a quote, and (below) export, feed and keyboard paths.

Needs Debian's /usr/bin/chromium (`.ci/run` installs it); skipped with a reason otherwise.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from browsing import ARTIFACTS, MARKS, browser, page, server  # noqa: F401 (fixtures)

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = MARKS


def test_check_a_quote_by_keyboard(page, server):
    page.goto(server + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check a quote").click()
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


def test_export_link_downloads_the_whole_result_set(page, server):
    page.goto(server + "/?q=border&per_page=2")
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    body = Path(info.value.path()).read_text(encoding="utf-8")
    assert info.value.suggested_filename == "verbatim-search.csv"
    assert body.startswith('# {"verbatim_export": {"query": "border"')
    assert len(body.strip().splitlines()) == 2 + 5  # comment, column names, all five passages (the page shows two)


def test_feed_link_is_announced_and_serves_atom(page, server):
    page.goto(server + "/?q=border")
    href = page.locator('link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
    assert href == "/search.atom?q=border"
    response = page.request.get(server + href)
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<feed xmlns=\"http://www.w3.org/2005/Atom\">" in response.text()


def test_copy_all_citations_on_the_page_by_keyboard(page, server):
    page.goto(server + "/?q=border")
    page.select_option("#cite-format", "markdown")
    page.locator(".copy-all").focus()
    page.keyboard.press("Enter")
    sync_api.expect(page.locator(".copy-all-status")).to_contain_text("5 citations copied (Markdown)")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.count("/passages/") >= 5 and copied.count("\n\n") >= 4


def test_skip_to_filters_is_the_second_tab_stop_at_desktop_width(page, server):
    page.goto(server + "/?q=border")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to filters"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#filters') !== null")
    page.keyboard.press("Enter")  # the first filter: "Contains a quotation"
    page.wait_for_url("**/?q=border&quotes=only")


def test_sort_with_the_arrow_keys_waits_for_apply(page, server):
    page.goto(server + "/?q=border")
    page.locator("#sort").focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(300)
    assert page.url == server + "/?q=border"  # nothing submitted on change (WCAG 3.2.2)
    page.get_by_role("button", name="Apply", exact=True).click()
    page.wait_for_url("**/?q=border&sort=newest")


def test_citation_formats_load_on_demand_and_copy(page, server):
    page.goto(server + "/?q=border")
    first = page.locator("article.result").first
    assert first.locator("pre[data-format]").count() == 0
    first.locator(".copy-cite").click()  # loads the formats, then copies the chosen one
    sync_api.expect(first.locator(".copy-status")).to_contain_text("Citation copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    pid = first.locator(".cite-bar").get_attribute("data-passage")
    expected = page.request.get(f"{server}/api/passages/{pid}").json()["citation"]["text"]
    assert copied == expected
    second = page.locator("article.result").nth(1)
    second.locator("summary", has_text="Citation formats").click()
    sync_api.expect(second.locator('pre[data-format="text"]')).to_be_visible()


def test_cite_selection_has_a_keyboard_path(page, server):
    page.goto(server + "/?q=afford")
    button = page.get_by_role("button", name="Cite selection").first
    button.focus()
    page.keyboard.press("Enter")  # nothing selected: the words box of this passage takes the focus
    sync_api.expect(page.locator(".cite-words input").first).to_be_focused()
    page.keyboard.type("we CANNOT   afford")
    page.keyboard.press("Enter")
    page.wait_for_url("**/passages/*?start=*&end=*")
    assert page.locator(".selected-text").inner_text() == "We cannot afford"
