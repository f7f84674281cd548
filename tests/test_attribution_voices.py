"""Attribution shapes of issue 16: the voices press releases are made of (press services, ministries,
agencies, documents, role nouns and demonyms), each as a small invented text and the whole records expected.
"""
from __future__ import annotations

import pytest

from indexer.attribution import extract
from test_attribution_patterns import expected

CASES = {
    "a guillemet closed by a straight mark": (
        "Drills\n\n«We will bring the air force to the drills,\" Ivo Marek said at the meeting.",
        ("direct", "We will bring the air force to the drills,", "Ivo Marek", None, None, "said"),
    ),
    "a named body's press service without an article": (
        "The summit opens on May 3 in Osh, KTSB press service said.\n\n"
        '"Ten states will take part," said the message from KTSB.',
        ("reported", "The summit opens on May 3 in Osh, KTSB press service said.", "KTSB press service", None,
         "KTSB", "said", "collective"),
        ("direct", "Ten states will take part,", "KTSB press service", None, "KTSB", "said", "collective"),
    ),
    "the press service of an office holder is a body": (
        "The border will be reinforced, the press service of the President of Moldavia reported on Monday.",
        ("reported", "The border will be reinforced, the press service of the President of Moldavia reported on "
         "Monday.", "press service of the President of Moldavia", None, "Moldavia", "reported", "collective"),
    ),
    "the statement, the message: the issuer's words": (
        "Talks\n\nThe talks ended, the Ministry of Water Resources reported.\n\n"
        '"The dam will open in May," the statement said.\n\n'
        '"Both sides agreed," the message reads.',
        ("reported", "The talks ended, the Ministry of Water Resources reported.", "Ministry of Water Resources",
         None, "Ministry of Water Resources", "reported", "collective"),
        ("direct", "The dam will open in May,", "Ministry of Water Resources", None, "Ministry of Water Resources",
         "said", "collective"),
        ("direct", "Both sides agreed,", "Ministry of Water Resources", None, "Ministry of Water Resources",
         "reads", "collective"),
    ),
    "a statement with nobody before it is a voice of its own": (
        '"The dam will open in May," the statement said.',
        ("direct", "The dam will open in May,", "Statement", None, None, "said", "collective"),
    ),
}


@pytest.mark.parametrize("text, specs", [(c[0], c[1:]) for c in CASES.values()], ids=list(CASES))
def test_voice(text, specs):
    assert extract(text) == expected(text, *specs)
