"""`spoke` records: who the text says spoke at the event without giving their words (invented texts)."""
from __future__ import annotations

import pytest

from indexer.attribution import extract, find_appearances


def spoke(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(a.speaker, a.role, a.cue) for a in find_appearances(text)]


@pytest.mark.parametrize("text, expected", [
    ("Foreign Minister Aldo Brenner and Deputy Director Mira Kovač addressed the participants on Monday.",
     [("Aldo Brenner", "Foreign Minister", "addressed"), ("Mira Kovač", "Deputy Director", "addressed")]),
    ("Tomas Reyes, Head of the Regional Bureau for Water, and Lin Oduya also spoke at the event.",
     [("Tomas Reyes", "Head of the Regional Bureau for Water", "spoke"), ("Lin Oduya", None, "spoke")]),
    ("Chaired by the Minister of Energy, Mr. Pavel Orlik, and the Special Envoy, Ms. Ines Varga, the forum adopted a plan.",
     [("Pavel Orlik", "Minister of Energy", "chaired"), ("Ines Varga", "Special Envoy", "chaired")]),
    ("The second session was moderated by the Regional Adviser for Youth, Ms. Dana Holt.",
     [("Dana Holt", "Regional Adviser for Youth", "moderated")]),
    ("Ambassador Erik Sund delivered opening remarks.", [("Erik Sund", "Ambassador", "delivered")]),
    ("Chief Inspector Ayla Demir made a presentation on border data.", [("Ayla Demir", "Chief Inspector", "made")]),
    ("The workshop opened with welcoming remarks by Director Omar Tal.", [("Omar Tal", "Director", "welcoming remarks")]),
    ("Minister Hana Ruiz opened the two-day seminar in Osh.", [("Hana Ruiz", "Minister", "opened")]),
    # 'It' opening the sentence after one that names the event
    ("The seminar gathered forty judges from five states. It was opened by Deputy Minister of Justice Ivo Kral.",
     [("Ivo Kral", "Deputy Minister of Justice", "opened")]),
])
def test_appearances_found(text, expected):
    assert spoke(text) == expected


@pytest.mark.parametrize("text", [
    "The conference opened in Bishkek on 3 May.",  # an event opens; nobody spoke
    "The participants were presented with a list of recommendations.",  # passive, no agent
    "Kazakhstan addressed the issue of water.",  # a country is no speaker, an issue no event
    "Pavel Orlik spoke of the need to protect borders.",  # what he said: reported, not an appearance
    "The museum shows the site of a speech by Elena Marsh in 1830.",  # a speech, not at this event
    "The office was opened by Mayor Ivo Kral in 2004.",  # an office, not an event
    "The new border post has a clinic. It was opened by Mayor Ivo Kral.",  # 'It' after no event: a building
    "Nina Berg spoke to reporters after the meeting.",  # to the press: not at the event
])
def test_no_appearance(text):
    assert spoke(text) == []


def test_records_span_the_sentence_and_keep_the_block():
    text = "Heading\n\nIt rained. Director Omar Tal chaired the meeting. Then lunch."
    (record,) = find_appearances(text)
    assert (record.kind, record.text, record.block) == ("spoke", None, 1)
    assert text[record.start : record.end] == "Director Omar Tal chaired the meeting."


def test_quoted_words_are_not_read():
    assert spoke('Pia Lund said: "Minister Hana Ruiz opened the seminar."') == []


def test_voiced_speakers_are_left_out():
    text = ('Minister Hana Ruiz and Director Omar Tal addressed the forum. '
            '"Borders must stay open," said Ms. Ruiz.')
    assert [a.speaker for a in find_appearances(text, extract(text))] == ["Omar Tal"]
