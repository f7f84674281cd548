"""The bundled corpus: every quotation and reported statement, with who said it as the text names them.

Each entry is (block, kind, first words of the quotation or None, speaker, cue). Quoted titles
(«Central Asia: Shared Past…», "The Great Silk Road", "Water for Sustainable Development") and passive
statements ("it was pointed out that …") have no entry: nobody is said to have spoken them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.attribution import extract

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

EXPECTED = {
    "ashgabat-2018-high-level-meeting.txt": [
        (2, 'reported', None, 'UNODC', 'spoke about'),
        (3, 'direct', 'UNODC estimates show that in', 'Koen Marquering', 'said'),
        (4, 'direct', 'UNODC welcomes the efforts of', 'Koen Marquering', 'added'),
    ],
    "dushanbe-2019-conference.txt": [
        (4, 'reported', None, 'OSCE Programme Office in Dushanbe', 'According to'),
        (5, 'direct', 'illicit drug trafficking continues to', 'Declaration', 'emphasizing'),
        (5, 'direct', 'all States to promote and', 'Declaration', 'calls upon'),
        (6, 'direct', 'continue to work with relevant', 'Emomali Rahmon', 'stated'),
        (6, 'reported', None, 'Emomali Rahmon', 'stated'),
        (7, 'direct', 'Government agencies, the private sector', 'Miroslav Lajčák', 'emphasized'),
        (7, 'reported', None, 'Miroslav Lajčák', 'emphasized'),
        (8, 'direct', 'first regional initiative of its', 'Vladimir Voronkov', 'referred'),
        (8, 'reported', None, 'Vladimir Voronkov', 'emphasized'),
        (9, 'reported', None, 'Marcel Peṧko', 'underlined'),
        (9, 'direct', 'Approaches to address these challenges', 'Marcel Peṧko', 'noted'),
        (9, 'reported', None, 'Marcel Peṧko', 'noted'),
    ],
    "samarkand-2017-communique.txt": [
        (6, 'reported', None, 'Participants', 'underscored'),
        (8, 'reported', None, 'Participants', 'emphasized'),
        (9, 'reported', None, 'Participants', 'underlined'),
        (9, 'reported', None, 'Participants', 'noted'),
        (11, 'reported', None, 'Participants', 'marked'),
        (13, 'reported', None, 'Participants', 'noted'),
        (14, 'reported', None, 'Participants', 'welcomed'),
        (16, 'reported', None, 'Delegates', 'underlined'),
        (17, 'reported', None, 'Participants', 'noted'),
        (18, 'reported', None, 'Representatives of the Central Asian states', 'noted'),
        (18, 'reported', None, 'Representatives of the Central Asian states', 'stressed'),
        (19, 'reported', None, 'Participants', 'called for'),
        (20, 'reported', None, 'Participants', 'stressed'),
        (21, 'reported', None, 'Participants', 'noted'),
        (21, 'reported', None, 'New UN General Assembly resolution', 'calling for'),
        (22, 'reported', None, 'Participants', 'noted'),
        (23, 'reported', None, 'Participants', 'expressed their readiness'),
        (23, 'reported', None, 'Participants', 'welcomed'),
        (24, 'reported', None, 'Delegates', 'welcomed'),
        (25, 'reported', None, 'Participants', 'called on'),
        (25, 'direct', 'friendship groups', 'Participants', 'noted'),
        (25, 'reported', None, 'Participants', 'noted'),
        (25, 'reported', None, 'Participants', 'stressed'),
        (26, 'reported', None, 'Delegates', 'called'),
        (27, 'reported', None, 'Participants', 'highlighted'),
        (28, 'reported', None, 'Delegates', 'noted'),
    ],
    "samarkand-2017-news-release.txt": [
        (3, 'direct', 'These are all interests in', 'Federica Mogherini', 'said'),
        (4, 'direct', 'Central Asian states are making', 'Rashid Alimov', 'noted'),
        (6, 'reported', None, 'Participants', 'underscored'),
        (8, 'reported', None, 'Natalia Gherman', 'noted'),
        (9, 'reported', None, 'Ashita Mittal', 'noted'),
    ],
    "tashkent-2022-conference.txt": [
        (0, 'reported', None, 'Zhang Ming', 'noted'),
        (0, 'reported', None, 'Zhang Ming', 'underscored'),
        (0, 'reported', None, 'Zhang Ming', 'noted'),
    ],
}

ROLES = {
    "Koen Marquering": ("UNODC International Coordinator", "UNODC"),
    "Emomali Rahmon": ("President of Tajikistan", "Tajikistan"),
    "Miroslav Lajčák": ("OSCE Chairperson-in-Office and Slovak Minister of Foreign and European Affairs", "OSCE"),
    "Vladimir Voronkov": ("Under-Secretary-General of the UN Office of Counter-Terrorism", "UN Office of Counter-Terrorism"),
    "Marcel Peṧko": ("Director of the OSCE’s Conflict Prevention Center", "OSCE’s Conflict Prevention Center"),
    "Federica Mogherini": ("Vice-President of the European Commission", "European Commission"),
    "Rashid Alimov": ("Secretary-General of the Shanghai Cooperation Organization", "Shanghai Cooperation Organization"),
    "Natalia Gherman": ("Head of the UN Regional Centre for Preventive Diplomacy for Central Asia",
                        "UN Regional Centre for Preventive Diplomacy for Central Asia"),
    "Ashita Mittal": ("Regional Representative of the United Nations Office on Drugs and Crime for Central Asia",
                      "United Nations Office on Drugs and Crime for Central Asia"),
    "Zhang Ming": ("SCO Secretary-General", "SCO"),
}


def summary(text: str) -> list[tuple]:
    return [
        (a.block, a.kind, " ".join(a.text.split()[:5]) if a.text else None, a.speaker, a.cue)
        for a in extract(text)
    ]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_attribution_of_the_bundled_corpus(name):
    assert summary((CORPUS / name).read_text(encoding="utf-8")) == EXPECTED[name]


def test_the_corpus_has_no_other_files_to_check():
    assert sorted(p.name for p in CORPUS.glob("*.txt")) == sorted(EXPECTED)


def test_roles_and_organizations_come_from_the_appositives():
    found = {}
    for name in EXPECTED:
        for a in extract((CORPUS / name).read_text(encoding="utf-8")):
            if a.speaker_kind == "person" and a.speaker:
                found.setdefault(a.speaker, (a.role, a.organization))
    assert found == ROLES


def test_quotations_are_the_exact_characters_between_the_marks():
    for name in EXPECTED:
        text = (CORPUS / name).read_text(encoding="utf-8")
        for a in extract(text):
            if a.kind == "direct":
                assert text[a.start : a.end] == a.text
                assert text[a.start - 1] in "\"“«" and text[a.end] in "\"”»"
