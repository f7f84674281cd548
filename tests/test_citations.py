"""Citations in every format, selectors and Text Fragment links: pure functions, whole outputs."""
from __future__ import annotations

import json
from datetime import date
from urllib.parse import unquote

import pytest

from present import citations
from present.anchors import (
    encode_fragment_term,
    fragment_directive,
    is_web_url,
    snap_to_words,
    text_fragment_url,
    text_quote_selector,
)
from present.citations import CitationSource, Credit

TEXT = (
    "Dushanbe conference closes\n\n"
    "“We must cut the money that feeds terror & crime,” said Vladimir Voronkov, head of UNOCT.\n\n"
    "Delegates agreed."
)
QUOTE = "We must cut the money that feeds terror & crime,"
Q_START = TEXT.index(QUOTE)
Q_END = Q_START + len(QUOTE)


def source(**changes) -> CitationSource:
    """A speaker-signed quotation (signed_by="publisher" with changes makes the publisher's text)."""
    base = dict(
        key="abc123def456",
        text=TEXT,
        start=Q_START,
        end=Q_END,
        permalink="http://localhost/passages/abc123def456",
        paragraph=2,
        signed_by="speaker",
        speaker=Credit("Vladimir Voronkov", "Under-Secretary-General", "UN Office of Counter-Terrorism"),
        title="Conference on terrorism financing",
        publisher="OSCE",
        published=date(2019, 5, 17),
        kind="press release",
        event="Dushanbe Conference",
        place="Dushanbe, Tajikistan",
        event_start=date(2019, 5, 16),
        event_end=date(2019, 5, 17),
        source_url="https://www.osce.org/node/1#old",
    )
    base.update(changes)
    return CitationSource(**base)


NARRATION = TEXT.index("said Vladimir")


def narration(**changes) -> CitationSource:
    """The publisher's text: 'said Vladimir Voronkov, head of UNOCT.' (it reports his remarks)."""
    return source(**{"start": NARRATION, "end": TEXT.index("\n\nDelegates"), "signed_by": "publisher", "speaker": None,
                     "reports": ("Vladimir Voronkov",), **changes})


def test_plain_text_of_a_quotation_is_signed_by_the_speaker():
    assert citations.plain_text(source()) == (
        "“We must cut the money that feeds terror & crime,” — Vladimir Voronkov, Under-Secretary-General, "
        "UN Office of Counter-Terrorism; Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019; "
        "OSCE, “Conference on terrorism financing”, 17 May 2019, para. 2; http://localhost/passages/abc123def456"
    )


def test_plain_text_of_narration_is_signed_by_the_publisher():
    assert citations.plain_text(narration()) == (
        "“said Vladimir Voronkov, head of UNOCT.” (OSCE, “Conference on terrorism financing”, 17 May 2019, para. 2; "
        "reports remarks by Vladimir Voronkov; Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019) "
        "http://localhost/passages/abc123def456"
    )


def test_collective_speaker_is_not_repeated_as_its_organization():
    src = source(speaker=Credit("OSCE Office", "field operation", "OSCE Office", "collective"))
    assert citations.plain_text(src).startswith("“We must cut the money that feeds terror & crime,” — OSCE Office, field operation;")


def test_plain_text_without_publisher_reports_event_or_date():
    src = narration(reports=(), event=None, publisher=None, published=None)
    assert citations.plain_text(src) == (
        "“said Vladimir Voronkov, head of UNOCT.” (“Conference on terrorism financing”, para. 2) "
        "http://localhost/passages/abc123def456"
    )


def test_markdown_escapes_syntax_and_links_permalink():
    assert citations.markdown(source()) == (
        "> “We must cut the money that feeds terror & crime,”\n>\n"
        "> — **Vladimir Voronkov, Under-Secretary-General, UN Office of Counter-Terrorism** · "
        "*Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019* · OSCE, “Conference on terrorism financing”, "
        "17 May 2019, para. 2 <http://localhost/passages/abc123def456>"
    )
    assert citations.markdown(narration(title="A *bold* [claim]")) == (
        "> “said Vladimir Voronkov, head of UNOCT.”\n>\n"
        "> — **OSCE** · reports remarks by Vladimir Voronkov · *Dushanbe Conference, Dushanbe, Tajikistan, "
        "16–17 May 2019* · “A \\*bold\\* \\[claim\\]”, 17 May 2019, para. 2 <http://localhost/passages/abc123def456>"
    )


def test_bibtex_of_a_quotation_names_the_speaker_family_first():
    assert citations.bibtex(source()) == """@misc{voronkov2019abc123def456,
  author       = {Voronkov, Vladimir},
  title        = {{Conference} on terrorism financing},
  howpublished = {Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019},
  publisher    = {OSCE},
  date         = {2019-05-17},
  year         = {2019},
  month        = may,
  note         = {“We must cut the money that feeds terror \\& crime,” (paragraph 2)},
  url          = {http://localhost/passages/abc123def456},
}"""


def test_bibtex_of_narration_has_the_publisher_as_a_braced_body():
    out = citations.bibtex(narration(title="OSCE and UNODC hold 50% {of} talks"))
    assert "  author       = {{OSCE}},\n" in out
    assert "  title        = {{OSCE} and {UNODC} hold 50\\% \\{of\\} talks},\n" in out
    assert "  note         = {“said Vladimir Voronkov, head of UNOCT.” (reports remarks by Vladimir Voronkov) (paragraph 2)},\n" in out
    assert "howpublished" not in out


def test_cite_key_is_ascii_and_handles_missing_parts():
    src = source(speaker=Credit("Miroslav Lajčák"), published=None, key="X-9")
    assert citations.cite_key(src) == "lajcaknd" + "x9"
    assert citations.cite_key(source(speaker=Credit("Jürgen Weiß"))) == "weiss2019abc123def456"
    assert citations.cite_key(narration()) == "osce2019abc123def456"
    assert citations.cite_key(narration(publisher=None)) == "verbatim2019abc123def456"


def test_ris_records():
    assert citations.ris(source()) == "\n".join([
        "TY  - GEN", "AU  - Voronkov, Vladimir", "TI  - Conference on terrorism financing", "T2  - Dushanbe Conference",
        "CY  - Dushanbe, Tajikistan", "PB  - OSCE", "PY  - 2019", "DA  - 2019/05/17/", "M3  - Speech",
        "N1  - “We must cut the money that feeds terror & crime,” (paragraph 2)",
        "UR  - http://localhost/passages/abc123def456", "ER  - ",
    ])
    out = citations.ris(narration())
    assert "AU  - OSCE\n" in out and "M3  - press release\n" in out
    assert "N1  - “said Vladimir Voronkov, head of UNOCT.” (reports remarks by Vladimir Voronkov) (paragraph 2)\n" in out


def test_ris_values_stay_on_one_line_and_keep_no_break_spaces():
    text = "Line one\nline\u00a0two"
    out = citations.ris(narration(text=text, start=0, end=len(text), title="A\ntitle"))
    assert "TI  - A title\n" in out and "N1  - “Line one line\u00a0two”" in out


def test_csl_speech_item_of_a_quotation():
    assert citations.csl(source()) == {
        "id": "voronkov2019abc123def456",
        "type": "speech",
        "title": "Conference on terrorism financing",
        "author": [{"family": "Voronkov", "given": "Vladimir"}],
        "event-title": "Dushanbe Conference",
        "event-place": "Dushanbe, Tajikistan",
        "event-date": {"date-parts": [[2019, 5, 16], [2019, 5, 17]]},
        "issued": {"date-parts": [[2019, 5, 17]]},
        "publisher": "OSCE",
        "URL": "http://localhost/passages/abc123def456",
        "note": "“We must cut the money that feeds terror & crime,”",
    }
    assert citations.csl_cite(source()) == {"id": "voronkov2019abc123def456", "locator": "2", "label": "paragraph"}


def test_csl_article_of_narration_has_an_institutional_author():
    assert citations.csl(narration(event_end=date(2019, 5, 16))) == {
        "id": "osce2019abc123def456",
        "type": "article",
        "title": "Conference on terrorism financing",
        "author": [{"literal": "OSCE"}],
        "issued": {"date-parts": [[2019, 5, 17]]},
        "publisher": "OSCE",
        "genre": "press release",
        "URL": "http://localhost/passages/abc123def456",
        "note": "“said Vladimir Voronkov, head of UNOCT.” (reports remarks by Vladimir Voronkov)",
    }


def test_person_names_split_family_and_given():
    assert Credit("Marc Perrin de Brichambaut").family_given() == ("de Brichambaut", "Marc Perrin")
    assert Credit("Helga Maria Schmid").family_given() == ("Schmid", "Helga Maria")
    assert citations.csl(source(speaker=Credit("Dushanbe Declaration", kind="collective")))["author"] == [
        {"literal": "Dushanbe Declaration"}]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2019, 5, 16), date(2019, 5, 17), "16–17 May 2019"),
        (date(2019, 4, 30), date(2019, 5, 2), "30 April – 2 May 2019"),
        (date(2018, 12, 31), date(2019, 1, 1), "31 December 2018 – 1 January 2019"),
        (date(2019, 5, 16), None, "16 May 2019"),
        (None, None, None),
    ],
)
def test_format_span(start, end, expected):
    assert citations.format_span(start, end) == expected


def test_all_formats_for_a_selection():
    word = "money that feeds"
    start = TEXT.index(word)
    out = citations.all_formats(source(start=start, end=start + len(word)))
    assert set(out) == {"signed_by", "text", "markdown", "bibtex", "ris", "csl", "csl_cite", "selector", "fragment_url"}
    assert out["signed_by"] == "speaker"
    assert out["text"].startswith("“money that feeds” — Vladimir Voronkov")
    assert out["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "money that feeds",
        "prefix": TEXT[start - 32 : start],
        "suffix": " terror & crime,” said Vladimir ",
    }
    assert out["fragment_url"] == "https://www.osce.org/node/1#:~:text=must%20cut%20the-,money%20that%20feeds,-terror%20%26%20crime%2C%E2%80%9D"


def test_fragment_keeps_no_break_spaces():
    text = "Talks opened in\u00a0Tashkent today."
    assert text_fragment_url("https://x.org/a", text, 0, 24) == "https://x.org/a#:~:text=Talks%20opened%20in%C2%A0Tashkent,-today."


def test_selector_at_document_edges():
    assert text_quote_selector("abc", 0, 3) == {"type": "TextQuoteSelector", "exact": "abc", "prefix": "", "suffix": ""}


def test_fragment_term_encoding_escapes_syntax_characters():
    assert encode_fragment_term("a-b, c&d é") == "a%2Db%2C%20c%26d%20%C3%A9"
    assert unquote(encode_fragment_term("well-known, “quoted” & more")) == "well-known, “quoted” & more"


def test_fragment_uses_range_form_for_long_passages():
    start = TEXT.index("“We")
    end = TEXT.index("UNOCT.") + len("UNOCT.")
    directive = fragment_directive(TEXT, start, end)
    assert directive == (
        "%E2%80%9CWe%20must%20cut%20the,Voronkov%2C%20head%20of%20UNOCT."
    )  # no prefix or suffix: the passage is its whole block


def test_fragment_prefix_and_suffix_stay_inside_the_block():
    start = TEXT.index("Delegates")
    assert fragment_directive(TEXT, start, start + len("Delegates")) == "Delegates,-agreed."


def test_fragment_snaps_partial_words():
    start = TEXT.index("oney")
    assert snap_to_words(TEXT, start, start + 3) == (start - 1, start + 4)
    assert snap_to_words(TEXT, 0, 0) == (0, 0)


def test_fragment_url_only_for_web_sources():
    for url in ("javascript:alert(1)", "ftp://x/y", "data:text/html,hi", "/relative", None, "", "http://"):
        assert text_fragment_url(url, TEXT, Q_START, Q_END) is None
    assert text_fragment_url("http://x.org/a", TEXT, 5, 5) is None
    assert text_fragment_url("HTTP://x.org/a", TEXT, 0, 8) == "HTTP://x.org/a#:~:text=Dushanbe,-conference%20closes"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://a.b/c", True),
        ("http://a.b", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("https://a.b/c d", False),
        ("https://a.b/\nx", False),
        ("//a.b/c", False),
        ("http://[::1", False),
    ],
)
def test_is_web_url(url, ok):
    assert is_web_url(url) is ok


@pytest.mark.parametrize(
    "exact",
    ['"We will act," she said.', "He called it “a matter of luck”.", "opened in\u00a0Tashkent.", "No quotes; it's plain."],
)
def test_the_excerpt_is_the_source_characters_exactly(exact):
    text = exact + " Then more."
    for src in (source(text=text, start=0, end=len(exact)), narration(text=text, start=0, end=len(exact))):
        assert src.quoted == f"“{exact}”"
        out = citations.plain_text(src)
        assert out.startswith(f"“{exact}” ") and f"“{exact}”." not in out  # nothing doubled after the quote
        assert citations.csl(src)["note"].startswith(f"“{exact}”")
        assert citations.all_formats(src)["selector"]["exact"] == exact


def test_a_rebuilt_index_cites_its_new_metadata(tmp_path, tiny_copy):
    """Whole-passage citations are made once per generation: a rebuild with new metadata is cited anew."""
    from indexer.build import build_index
    from webapp import create_app

    corpus, metadata = tiny_copy
    index = tmp_path / "index"
    build_index(corpus, metadata, index)
    client = create_app({"CORPUS_DIR": corpus, "METADATA_DIR": metadata, "INDEX_DIR": index, "TESTING": True}).test_client()

    def cited() -> list[str]:
        results = client.get("/api/search", query_string={"q": "border", "per_page": 100}).get_json()["results"]
        return [r["citation"]["text"] for r in results if r["document"]["id"] == "almaty-2010-seminar"]

    first = cited()
    assert first and first == cited() and all("OSCE Centre in Almaty" in c for c in first)
    documents = metadata / "documents.yaml"
    documents.write_text(documents.read_text(encoding="utf-8").replace(
        "publisher: OSCE Centre in Almaty", "publisher: OSCE Programme Office in Astana"), encoding="utf-8")
    build_index(corpus, metadata, index)
    again = cited()
    assert len(again) == len(first) and all("OSCE Programme Office in Astana" in c for c in again)
