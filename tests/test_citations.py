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
    base = dict(
        key="abc123def456",
        text=TEXT,
        start=Q_START,
        end=Q_END,
        permalink="http://localhost/passages/abc123def456",
        paragraph=1,
        speakers=(Credit("Vladimir Voronkov", "Under-Secretary-General", "UN Office of Counter-Terrorism"),),
        title="Conference on terrorism financing",
        publisher="OSCE",
        published=date(2019, 5, 17),
        kind="press-release",
        event="Dushanbe Conference",
        place="Dushanbe, Tajikistan",
        event_start=date(2019, 5, 16),
        event_end=date(2019, 5, 17),
        source_url="https://www.osce.org/node/1#old",
    )
    base.update(changes)
    return CitationSource(**base)


def test_plain_text_carries_every_fact():
    assert citations.plain_text(source()) == (
        "“We must cut the money that feeds terror & crime,” — Vladimir Voronkov, Under-Secretary-General, "
        "UN Office of Counter-Terrorism. Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019. "
        "“Conference on terrorism financing”, OSCE, 17 May 2019, para. 1. http://localhost/passages/abc123def456"
    )


def test_collective_speaker_is_not_repeated_as_its_organization():
    src = source(speakers=(Credit("OSCE Office", "field operation", "OSCE Office", "collective"),))
    assert citations.plain_text(src).startswith("“We must cut the money that feeds terror & crime,” — OSCE Office, field operation.")


def test_plain_text_without_speaker_event_or_date():
    src = source(speakers=(), event=None, place=None, published=None, title=None, publisher=None)
    assert citations.plain_text(src) == (
        "“We must cut the money that feeds terror & crime,”. para. 1. http://localhost/passages/abc123def456"
    )


def test_markdown_escapes_syntax_and_links_permalink():
    src = source(start=0, end=len("Dushanbe conference closes"), title="A *bold* [claim]", publisher="O_S")
    assert citations.markdown(src) == (
        "> “Dushanbe conference closes”\n>\n"
        "> — **Vladimir Voronkov, Under-Secretary-General, UN Office of Counter-Terrorism** · "
        "*Dushanbe Conference, Dushanbe, Tajikistan, 16–17 May 2019* · "
        "“A \\*bold\\* \\[claim\\]”, O\\_S, 17 May 2019, para. 1. <http://localhost/passages/abc123def456>"
    )


def test_bibtex_entry_whole():
    assert citations.bibtex(source()) == (
        "@misc{voronkov2019abc123def456,\n"
        "  author       = {Vladimir Voronkov},\n"
        "  title        = {Conference on terrorism financing},\n"
        "  howpublished = {Dushanbe Conference},\n"
        "  publisher    = {OSCE},\n"
        "  date         = {2019-05-17},\n"
        "  year         = {2019},\n"
        "  month        = may,\n"
        "  note         = {“We must cut the money that feeds terror \\& crime,”. Vladimir Voronkov, "
        "Under-Secretary-General, UN Office of Counter-Terrorism. Dushanbe Conference, Dushanbe, Tajikistan, "
        "16–17 May 2019. Paragraph 1},\n"
        "  url          = {http://localhost/passages/abc123def456},\n"
        "}"
    )


def test_bibtex_escapes_specials_and_protects_collective_names():
    src = source(speakers=(Credit("The Ministers", kind="collective"),), title="50% {of} $5 #1 a_b ~ ^ \\")
    entry = citations.bibtex(src)
    assert "  author       = {\\{The Ministers\\}},\n" not in entry
    assert "  author       = {{The Ministers}},\n" in entry
    assert (
        "  title        = {50\\% \\{of\\} \\$5 \\#1 a\\_b \\textasciitilde{} \\textasciicircum{} \\textbackslash{}},\n"
        in entry
    )
    assert entry.startswith("@misc{ministers2019abc123def456,")


def test_cite_key_is_ascii_and_handles_missing_parts():
    src = source(speakers=(Credit("Miroslav Lajčák"),), published=None, key="X-9")
    assert citations.cite_key(src) == "lajcaknd" + "x9"
    assert citations.cite_key(source(speakers=(Credit("Jürgen Weiß"),))) == "weiss2019abc123def456"
    assert citations.cite_key(source(speakers=(Credit("Lars Løkke Ærø"),))) == "aero2019abc123def456"
    assert citations.cite_key(source(speakers=(), publisher=None)) == "verbatim2019abc123def456"


def test_ris_record_whole():
    assert citations.ris(source()) == "\n".join(
        [
            "TY  - GEN",
            "AU  - Vladimir Voronkov",
            "TI  - Conference on terrorism financing",
            "T2  - Dushanbe Conference",
            "CY  - Dushanbe, Tajikistan",
            "PB  - OSCE",
            "PY  - 2019",
            "DA  - 2019/05/17/",
            "M3  - press-release",
            "N1  - “We must cut the money that feeds terror & crime,”. Vladimir Voronkov, Under-Secretary-General, "
            "UN Office of Counter-Terrorism. Paragraph 1",
            "UR  - http://localhost/passages/abc123def456",
            "ER  - ",
        ]
    )


def test_ris_values_stay_on_one_line():
    src = source(start=0, end=len(TEXT), title="Two\nlines")
    for line in citations.ris(src).split("\n"):
        assert line[:2].isalnum() and line[2:6] == "  - "


def test_csl_speech_item():
    assert citations.csl(source()) == {
        "id": "voronkov2019abc123def456",
        "type": "speech",
        "title": "Conference on terrorism financing",
        "author": [{"literal": "Vladimir Voronkov"}],
        "event": "Dushanbe Conference",
        "event-title": "Dushanbe Conference",
        "event-place": "Dushanbe, Tajikistan",
        "event-date": {"date-parts": [[2019, 5, 16], [2019, 5, 17]]},
        "issued": {"date-parts": [[2019, 5, 17]]},
        "publisher": "OSCE",
        "genre": "press-release",
        "URL": "http://localhost/passages/abc123def456",
        "locator": "1",
        "label": "paragraph",
        "note": "“We must cut the money that feeds terror & crime,” — Vladimir Voronkov, Under-Secretary-General, "
        "UN Office of Counter-Terrorism",
    }


def test_csl_drops_unknown_fields_and_single_day_event():
    item = citations.csl(source(speakers=(), event_end=date(2019, 5, 16), publisher=None, kind=None))
    assert item["event-date"] == {"date-parts": [[2019, 5, 16]]}
    assert "author" not in item and "publisher" not in item and "genre" not in item


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
    assert set(out) == {"text", "markdown", "bibtex", "ris", "csl", "selector", "fragment_url"}
    assert out["text"].startswith("“money that feeds” — Vladimir Voronkov")
    assert out["selector"] == {
        "type": "TextQuoteSelector",
        "exact": "money that feeds",
        "prefix": TEXT[start - 32 : start],
        "suffix": " terror & crime,” said Vladimir ",
    }
    assert out["fragment_url"] == "https://www.osce.org/node/1#:~:text=must%20cut%20the-,money%20that%20feeds,-terror%20%26%20crime%2C%E2%80%9D"


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
    ("exact", "quoted"),
    [
        ('"We will act," she said.', "“‘We will act,’ she said.”"),
        ("He called it “a matter of luck”.", "“He called it ‘a matter of luck’.”"),
        ('the project "Towards Peace" (2011)', "“the project ‘Towards Peace’ (2011)”"),
        ("No inner quotes; it's plain.", "“No inner quotes; it's plain.”"),
    ],
)
def test_inner_double_quotes_nest_as_single_ones(exact, quoted):
    src = citations.CitationSource(key="k", text=exact, start=0, end=len(exact), permalink="http://x/p", paragraph=1)
    assert src.quoted == quoted
    assert citations.plain_text(src).startswith(quoted)
    assert citations.all_formats(src)["selector"]["exact"] == exact  # the selector keeps the source characters


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
