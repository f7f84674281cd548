"""Pure HTML builders and presenter rules: escaping piece by piece, safe Markdown, roles by date."""
from __future__ import annotations

from datetime import date

import pytest

from indexer.models import Role, Speaker
from present.links import Links
from webapp.params import request_params, search_request
from present.passage import hit_fields, role_at
from webapp.render import document_html, passage_html, safe_markdown


def test_passage_html_marks_quotes_and_labels_speakers():
    text = 'He said “we act <now>” & left.'
    quote_start = text.index("we")
    quote_end = text.index("”")
    html = passage_html(text, [(3, 7)], [(quote_start, quote_end, "A & B")])
    assert str(html) == (
        'He <mark>said</mark> “<span class="q">we act &lt;now&gt;</span>”'
        '<span class="who" data-nocopy><span class="visually-hidden"> — </span>A &amp; B</span> &amp; left.'
    )


def test_passage_html_nests_marks_inside_quotes():
    html = passage_html("ab cd ef", [(3, 5)], [(0, 8, None)])
    assert str(html) == '<span class="q">ab </span><span class="q"><mark>cd</mark></span><span class="q"> ef</span>'


def test_hit_fields_escape_piece_by_piece_and_keep_the_offsets():
    assert hit_fields('x a&b <y "z"', [(2, 5)]) == {
        "highlight": "x <mark>a&amp;b</mark> &lt;y &quot;z&quot;", "matches": [[2, 5]]}
    assert hit_fields("plain", []) == {"highlight": "plain", "matches": []}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<div onclick='x'>hi</div>", "<p>&lt;div onclick='x'&gt;hi&lt;/div&gt;</p>"),
        ("[a](javascript:alert(1))", "<p><span>a</span></p>"),
        ("[a](JAVASCRIPT:alert)", "<p><span>a</span></p>"),
        ("[a](https://x.org/p)", '<p><a href="https://x.org/p" rel="nofollow noopener noreferrer">a</a></p>'),
        ("[a](#p-1)", '<p><a href="#p-1">a</a></p>'),
        ("![alt text](http://x/y.png)", "<p><span>alt text</span></p>"),
        ("# Title & more", "<h1>Title &amp; more</h1>"),
        ("a < b > c & d", "<p>a &lt; b &gt; c &amp; d</p>"),
    ],
)
def test_safe_markdown(source, expected):
    assert str(safe_markdown(source)) == expected


def test_document_html_anchors_passages_and_keeps_text_between():
    text = "# Head\n\nFirst para.\n\nSecond <b>para</b>."
    first = text.index("First")
    second = text.index("Second")
    passages = [
        {"id": "p1", "start": first, "end": first + 11, "paragraph": 2, "url": "/passages/p1"},
        {"id": "p2", "start": second, "end": len(text), "paragraph": 3, "url": "/passages/p2"},
    ]
    html = str(document_html(text, passages))
    assert html.startswith("<h1>Head</h1>\n<section class=\"doc-passage\" id=\"p-p1\">")
    assert '<a class="para-link" href="#p-p2" aria-label="Paragraph 3">¶ 3</a>' in html
    assert "<p>Second &lt;b&gt;para&lt;/b&gt;.</p>" in html
    assert html.count("<section") == 2


def test_role_at_the_document_date():
    speaker = Speaker(
        id="s",
        name="S",
        roles=(
            Role("Minister", None, date(2010, 1, 1), date(2012, 12, 31)),
            Role("Ambassador", None, date(2013, 1, 1), None),
            Role("Adviser"),
        ),
    )
    assert role_at(speaker, date(2011, 6, 1)).role == "Minister"
    assert role_at(speaker, date(2020, 1, 1)).role == "Ambassador"
    assert role_at(speaker, date(2000, 1, 1)).role == "Adviser"  # no dated role covers it: the undated one
    assert role_at(Speaker(id="t", name="T", roles=(Role("A", None, date(2001, 1, 1), date(2002, 1, 1)),
                                                     Role("B", None, date(2005, 1, 1), None))), None).role == "B"
    assert role_at(Speaker(id="u", name="U"), date(2020, 1, 1)) is None


def test_request_params_round_trip():
    class Args(dict):
        def getlist(self, key):
            value = self.get(key)
            return value if isinstance(value, list) else ([value] if value is not None else [])

    request = search_request(Args(q="opium", speaker=["a", "b"], year=["2019"], sort="oldest", page="3"))
    assert request_params(request) == [
        ("q", "opium"), ("speaker", "a"), ("speaker", "b"), ("year", "2019"), ("sort", "oldest"), ("page", "3")
    ]
    assert request_params(request, speaker=["b"], page="") == [
        ("q", "opium"), ("speaker", "b"), ("year", "2019"), ("sort", "oldest")
    ]


def test_links_quote_ids():
    links = Links(root="/v", host="https://h")
    assert links.passage("a/b c") == "/v/passages/a%2Fb%20c"
    assert links.permalink("x") == "https://h/v/passages/x"
    assert links.in_document("d", "p") == "/v/documents/d#p-p"
    assert links.search([("q", "a&b")], api=True) == "/v/api/search?q=a%26b"
