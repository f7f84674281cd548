"""Attribution shapes: the voices press releases are made of (press services, ministries,
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
    "a document reads, inverted": (
        'Summit\n\n"Borders must stay open," reads the declaration signed at the summit. '
        '"Trade is a priority," the document reads.',
        ("direct", "Borders must stay open,", "Declaration", None, None, "reads", "collective"),
        ("direct", "Trade is a priority,", "Declaration", None, None, "reads", "collective"),
    ),
    "the media citing a body": (
        "Talks\n\nThe meeting opens on Friday in Osh. The media report, citing the Moldavian Border Service.\n\n"
        "The agency noted that ten states will attend.",
        ("reported", "The media report, citing the Moldavian Border Service.", "Moldavian Border Service", None,
         "Moldavian Border Service", "citing", "collective"),
        ("reported", "The agency noted that ten states will attend.", "Moldavian Border Service", None,
         "Moldavian Border Service", "noted", "collective"),
    ),
    "the publisher's correspondent is no source": (
        "Talks\n\nThe summit ended with a joint plan, the agency's correspondent reports.",
    ),
    "a nationality adjective is no speaker": (
        "Talks\n\nThe plan rejects any union of Muslim states, the memo says.",
    ),
    "a role noun with a nationality: the one of that people": (
        "Talks\n\nRussian President Ivo Marek met his Tajik counterpart Lena Vos. "
        '"We agree," the Russian leader said. The Tajik president noted that trade grows.',
        ("direct", "We agree,", "Ivo Marek", "Russian President", None, "said"),
        ("reported", "The Tajik president noted that trade grows.", "Lena Vos", None, None, "noted"),
    ),
    "a role noun nobody named fits is nobody's": (
        '"We agree," the Kyrgyz leader said after the talks that Kazakh President Ivo Marek chaired.',
        ("direct", "We agree,", None, None, None, "said"),
    ),
    "a role noun before the name it stands for": (
        "Trade grows, according to the Tajik foreign minister\n\n"
        "Tajik Foreign Minister Lena Vos met the delegation on Monday. Trade grows, she said.",
        ("reported", "Trade grows, according to the Tajik foreign minister", "Lena Vos", "Tajik Foreign Minister", None,
         "according to"),
        ("reported", "Trade grows, she said.", "Lena Vos", "Tajik Foreign Minister", None, "said"),
    ),
    "a headline's surname is who the head of state is": (
        "Marek on border talks\n\n"
        '"We will open two crossings," said the head of state during the session.',
        ("direct", "We will open two crossings,", "Marek", None, None, "said"),
    ),
    "a function, not a military rank, is the role": (
        "Talks\n\nTrade grows, Moldavian Defence Minister, General of the Army Ivo Marek said.",
        ("reported", "Trade grows, Moldavian Defence Minister, General of the Army Ivo Marek said.", "Ivo Marek",
         "Moldavian Defence Minister", None, "said"),
    ),
    "an appositive naming another person is not a role": (
        "Talks\n\nThe addresses were given by Foreign Minister Ivo Marek, UN Secretary General Lena Vos, and "
        "others.\n\nMarek emphasized that the summit is unique.",
        ("reported", "Marek emphasized that the summit is unique.", "Ivo Marek", "Foreign Minister", None,
         "emphasized"),
    ),
    "a lone surname in a lead is the full name the body gives": (
        "Drills\n\nMarek also noted that the drills will last a week\n\n"
        "OSH, May 2. Troops will take part in the drills, Moldavian Defence Minister Ivo Marek said.",
        ("reported", "Marek also noted that the drills will last a week", "Ivo Marek", "Moldavian Defence Minister",
         None, "noted"),
        ("reported", "Troops will take part in the drills, Moldavian Defence Minister Ivo Marek said.", "Ivo Marek",
         "Moldavian Defence Minister", None, "said"),
    ),
    "a cue after an appositive without its comma ends the role": (
        '"The course helps," Ivo Marek, KTSB Project Manager added.',
        ("direct", "The course helps,", "Ivo Marek", "KTSB Project Manager", "KTSB Project", "added"),
    ),
    "a role noun with a nationality: a person of no stated people": (
        'Talks\n\nPresident Ivo Marek met the delegation. "We agree," the Kazakh leader said.',
        ("direct", "We agree,", "Ivo Marek", "President", None, "said"),
    ),
    "a role noun with a nationality: not a person of another": (
        'Talks\n\nUzbek President Ivo Marek met the delegation. "We agree," the Kazakh leader said.',
        ("direct", "We agree,", None, None, None, "said"),
    ),
    "a body named at a sentence's end keeps no full stop": (
        "The drills ended on Friday. This was reported by the press service of the Mongolian Defence Ministry.",
        ("reported", "This was reported by the press service of the Mongolian Defence Ministry.",
         "press service of the Mongolian Defence Ministry", None, "Mongolian Defence Ministry", "reported",
         "collective"),
    ),
    "a role ending in a lowercase noun that is also a cue": (
        "The head of the Tajik state, Ivo Marek, said that the border is calm.",
        ("reported", "The head of the Tajik state, Ivo Marek, said that the border is calm.", "Ivo Marek",
         "head of the Tajik state", None, "said"),
    ),
    "a nationality role noun fits the person of that country": (
        "Mongolia's Foreign Minister Ivo Marek said that the talks were useful. "
        "The Mongolian diplomat also stressed the role of the UN.",
        ("reported", "Mongolia's Foreign Minister Ivo Marek said that the talks were useful.", "Ivo Marek",
         "Mongolia's Foreign Minister", None, "said"),
        ("reported", "The Mongolian diplomat also stressed the role of the UN.", "Ivo Marek",
         "Mongolia's Foreign Minister", None, "stressed"),
    ),
    "'the committee' is the committee that spoke, not one merely named": (
        "According to the Mongolian State Committee for Border Security, ten states will attend. "
        "The committee noted that terrorism remains the main threat.",
        ("reported", "According to the Mongolian State Committee for Border Security, ten states will attend.",
         "Mongolian State Committee for Border Security", None, "Mongolian State Committee for Border Security",
         "According to", "collective"),
        ("reported", "The committee noted that terrorism remains the main threat.",
         "Mongolian State Committee for Border Security", None, "Mongolian State Committee for Border Security",
         "noted", "collective"),
    ),
    "a body's acronym office is the office named in full before": (
        "The talks end on Friday, the press service of the Mongolian Border Service (MBS) said.\n\n"
        '"Ten states take part," the MBS press service said.',
        ("reported", "The talks end on Friday, the press service of the Mongolian Border Service (MBS) said.",
         "press service of the Mongolian Border Service", None, "Mongolian Border Service", "said", "collective"),
        ("direct", "Ten states take part,", "press service of the Mongolian Border Service", None,
         "Mongolian Border Service", "said", "collective"),
    ),
    "the statement of a group reads": (
        '"Terrorism knows no borders," the joint statement of the foreign ministers reads.',
        ("direct", "Terrorism knows no borders,", "Joint statement of the foreign ministers", None, None, "reads",
         "collective"),
    ),
    "a lowercase role before a named body and a name": (
        '"The drills ended," head of the Mongolian General Staff Ivo Marek told reporters.',
        ("direct", "The drills ended,", "Ivo Marek", "head of the Mongolian General Staff", None, "told"),
    ),
    "a lowercase role before a named body and a name, inverted": (
        '"The drills ended," said deputy head of the Mongolian General Staff Ivo Marek.',
        ("direct", "The drills ended,", "Ivo Marek", "deputy head of the Mongolian General Staff", None, "said"),
    ),
    "a headline's event noun is no surname": (
        'Seminar on border security held in Osh\n\n"We will open two crossings," said the head of state.',
        ("direct", "We will open two crossings,", None, None, None, "said"),
    ),
    "a body's office by the body's last word": (
        "The OSCE Centre in Osh reported that the seminar ended. "
        "The Centre's press office added that 40 officers took part.",
        ("reported", "The OSCE Centre in Osh reported that the seminar ended.", "OSCE Centre in Osh", None,
         "OSCE Centre in Osh", "reported", "collective"),
        ("reported", "The Centre's press office added that 40 officers took part.",
         "press office of the OSCE Centre in Osh", None, "OSCE Centre in Osh", "added", "collective"),
    ),
}


@pytest.mark.parametrize("text, specs", [(c[0], c[1:]) for c in CASES.values()], ids=list(CASES))
def test_voice(text, specs):
    assert extract(text) == expected(text, *specs)
