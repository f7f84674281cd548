"""Real headless Chromium against a real waitress server: search, facets, permalink, clipboard.

Needs Debian's /usr/bin/chromium (`.ci/run` installs it); skipped with a reason otherwise.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from browsing import ARTIFACTS, MARKS, browser, page, serve, server  # noqa: F401 (fixtures)
from indexer.build import build_index

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = MARKS


@pytest.fixture(scope="module")
def crlf_server(tmp_path_factory):
    """A corpus file with CR LF line ends inside a passage."""
    root = tmp_path_factory.mktemp("crlf")
    (root / "corpus").mkdir()
    text = "Harbour meeting notes\r\n\r\nAlpha beta gamma\r\ndelta epsilon zeta, the delegates agreed.\r\n"
    (root / "corpus" / "crlf.txt").write_bytes(text.encode("utf-8"))
    build_index(root / "corpus", root / "metadata", root / "index")
    yield from serve(root / "index")


SELECT = """([el, phrase]) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = []; while (walker.nextNode()) nodes.push(walker.currentNode);
    const full = nodes.map(n => n.textContent).join('');
    let at = full.indexOf(phrase), end = at + phrase.length, pos = 0;
    const range = document.createRange();
    for (const n of nodes) {
        const len = n.textContent.length;
        if (at >= pos && at <= pos + len) range.setStart(n, at - pos);
        if (end >= pos && end <= pos + len) { range.setEnd(n, end - pos); break; }
        pos += len;
    }
    const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
}"""


def test_search_select_two_facets_permalink_and_copy(page, server):
    page.goto(server + "/")
    page.get_by_label("Search what was said").fill("border")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**/?q=border")
    total = page.locator("#results-heading").inner_text()
    assert total.startswith("5 passages")  # the headline with "border" is the title, not a passage

    page.locator('.facet-list[data-facet="theme"] a', has_text="Drug trafficking").click()
    page.locator('.facet-list[data-facet="theme"] a', has_text="Regional cooperation").click()
    assert page.url.endswith("?q=border&theme=drug-trafficking&theme=regional-cooperation")
    chips = page.locator(".chip").all_inner_texts()
    assert [" ".join(c.split()) for c in chips] == [
        "Theme: Drug trafficking × (remove filter)", "Theme: Regional cooperation × (remove filter)"
    ]
    assert page.locator("#results-heading").inner_text().startswith("3 passages")  # OR within a facet: Weiss (drug trafficking), two "Regional cooperation …"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=False)

    first = page.locator("article.result").first
    first.get_by_role("link", name="Permalink").click()
    page.wait_for_url("**/passages/*")
    page.get_by_role("button", name="Copy citation").click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Citation copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = page.locator('.formats pre[data-format="text"]').first.text_content()
    assert copied == expected
    assert copied.startswith("“") and f"{page.url}" in copied


def test_cite_a_selection_and_choose_a_format(page, server):
    page.goto(server + "/?q=afford")
    page.select_option("#cite-format", "bibtex")
    text = page.locator(".passage-text").first
    page.evaluate(SELECT, [text.element_handle(), "We cannot afford"])
    page.get_by_role("button", name="Cite selection").first.click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Selection citation copied (BibTeX)")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@misc{weiss2010861ea12f4bs")
    assert "author       = {Weiß, Jürgen}," in copied and "note         = {“We cannot afford” (paragraph 2)}" in copied


def test_copy_a_quotation_and_a_narrative_passage(page, server):
    """The passage is the publisher's text; each quotation, its speaker's words."""
    page.goto(server + "/passages/861ea12f4b819c6f")
    page.get_by_role("button", name="Copy citation").click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Citation copied (Plain text)")
    passage = page.evaluate("navigator.clipboard.readText()")
    assert passage.startswith('“"Borders are where drug trafficking and terrorist financing meet," said Ambassador Jürgen Weiß')
    assert '” (OSCE Centre in Almaty, “Seminar in Almaty discusses border security & drug trafficking”' in passage
    assert "reports remarks by Jürgen Weiß" in passage and "” — " not in passage
    page.get_by_role("button", name="Copy quote 2").click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Quotation copied (Plain text)")
    quote = page.evaluate("navigator.clipboard.readText()")
    assert quote.startswith("“We cannot afford to look away.” — Jürgen Weiß, Head of the OSCE Centre in Almaty")


@pytest.mark.parametrize(("phrase", "signed", "starts"), [
    ("drug trafficking and terrorist financing", "the speaker's own words",
     "“drug trafficking and terrorist financing” — Jürgen Weiß, Head of the OSCE Centre in Almaty"),
    ("said Ambassador Jürgen Weiß", "the publisher's text", "“said Ambassador Jürgen Weiß” (OSCE Centre in Almaty, "),
])
def test_cite_a_selection_inside_and_outside_a_quotation(page, server, phrase, signed, starts):
    page.goto(server + "/passages/861ea12f4b819c6f")
    page.evaluate(SELECT, [page.locator(".passage-text").first.element_handle(), phrase])
    page.get_by_role("button", name="Cite selection").first.click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Selection citation copied (Plain text)")
    assert page.locator(".selection-cite h4").inner_text() == f"Selection: “{phrase}” — {signed}"
    assert page.evaluate("navigator.clipboard.readText()").startswith(starts)


def test_cite_selection_after_crlf_line_ends(page, crlf_server):
    page.goto(crlf_server + "/?q=epsilon")
    assert page.locator(".passage-text").first.get_attribute("data-crlf") == "16"
    page.evaluate(SELECT, [page.locator(".passage-text").first.element_handle(), "delta epsilon"])
    page.get_by_role("button", name="Cite selection").first.click()
    sync_api.expect(page.locator(".copy-status").first).to_contain_text("Selection citation copied")
    assert page.locator(".selection-cite h4").inner_text() == "Selection: “delta epsilon” — the publisher's text"


def test_facet_filter_box_and_keyboard(page, server):
    page.goto(server + "/?sort=newest")  # browsing (the bare home page opens on quotations, speakers, events)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.locator("summary#query-help-summary").focus()
    page.keyboard.press("Enter")
    assert page.locator("details.query-help").get_attribute("open") is not None
    page.keyboard.press("Escape")
    assert page.locator("details.query-help").get_attribute("open") is None
    page.locator('.facet-list[data-facet="year"] a', has_text="2011").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/?year=2011&sort=newest")
    assert page.locator(".chip").count() == 1
    page.get_by_role("link", name="Speakers").click()
    page.get_by_label("Find a speaker").fill("ozturk")  # the name filter works server-side, accents aside
    page.keyboard.press("Enter")
    page.wait_for_url("**/speakers?q=ozturk")
    assert page.locator(".entity-list .entity-name").all_inner_texts() == ["Zoë Öztürk"]


def test_phone_width_has_no_horizontal_scroll(page, server):
    page.set_viewport_size({"width": 375, "height": 800})
    for path in ("/?q=border", "/documents/almaty-2010-seminar", "/speakers/jurgen-weiss", "/speakers?per_page=2",
                 "/events?q=almaty", "/passages/861ea12f4b819c6f"):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.goto(server + "/?q=border")
    page.screenshot(path=str(ARTIFACTS / "search-phone.png"), full_page=False)


@pytest.fixture(scope="module")
def paged_server(tiny_index: Path):
    """Documents paged two passages at a time. Module-scoped like the others, so it outlives every page
    (closed under an open page, a late load such as the favicon was a reset connection)."""
    yield from serve(tiny_index, DOCUMENT_WINDOW=2)


def test_an_old_anchor_into_a_long_document_finds_its_page(page, paged_server):
    """A link made before the document was paged (/documents/D#p-ID) is sent to the page holding ID."""
    page.goto(paged_server + "/documents/almaty-2010-seminar#p-4e2f5e0621e201eb")
    page.wait_for_url("**/documents/almaty-2010-seminar?page=3#p-4e2f5e0621e201eb")
    assert page.locator("#p-4e2f5e0621e201eb").is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor") != "rgba(0, 0, 0, 0)"
