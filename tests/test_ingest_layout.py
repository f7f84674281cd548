"""PDF layout rules on invented text: running headers in the body's own type, page numbers written
"- 2 -", paragraphs marked only by a first-line indent, and words placed one by one with no space
characters between them."""
from __future__ import annotations

import pytest

from ingest.models import Raw
from ingest.pdf import extract_pdf
from published import FONT

pytestmark = pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} missing (Debian fonts-dejavu-core; .ci/run installs it)")

PARAGRAPHS = [
    "The delegations of Arvenia and Belmora met in Coldharbour to discuss the shared river basin and the "
    "reservoirs built upstream during the last decade, which both sides now want to operate together.",
    "The Arvenian envoy, Ms. Tamsin Holloway, said: “We will not let the water that unites us divide us.” "
    "She added that the technical committee would report before the next session of the commission.",
    "Belmoran officials proposed a joint monitoring station near the confluence; the proposal was welcomed "
    "by the observers from the regional water council, who offered to fund the first year of operation.",
] * 6


def _document(words_one_by_one: bool = False) -> tuple[bytes, list[int]]:
    """Three pages of indented paragraphs (no space between them), header and '- N -' footer on each."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(420, 595))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=10)
    starts, y, page = [], 10_000.0, 0
    for text in PARAGRAPHS:
        words, line, lines = text.split(" "), "", []
        for word in words:
            indent = 20 if not lines else 0
            if line and pdf.get_string_width(line + " " + word) + indent > 300:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        for number, content in enumerate(lines):
            if y > 520:
                pdf.add_page()
                page += 1
                pdf.text(60, 40, "Ministry of Water Resources of Arvenia — Statement")  # the body's own size
                pdf.text(195, 570, f"- {page} -")
                y = 80.0
            if number == 0:
                starts.append(page)
            x = 60 + (20 if number == 0 else 0)
            if words_one_by_one:
                for word in content.split(" "):
                    pdf.text(x, y, word)
                    x += pdf.get_string_width(word + " ")
            else:
                pdf.text(x, y, content)
            y += 13
    return bytes(pdf.output()), starts


@pytest.mark.parametrize("one_by_one", [False, True], ids=["lines", "words-placed-one-by-one"])
def test_indented_paragraphs_under_running_headers_come_back_whole(one_by_one):
    data, starts = _document(one_by_one)
    found = extract_pdf(Raw("statement.pdf", data))
    assert [b.text for b in found.blocks] == PARAGRAPHS
    assert [b.page for b in found.blocks] == starts
    assert starts[-1] == 3
