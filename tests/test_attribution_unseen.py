"""Attribution shapes that generalise to unseen releases: role nouns that fit the role of someone who spoke,
pronouns after unnamed or newly introduced people, long body names, short body references, document
titles, collective pledges. Each text is invented."""
from __future__ import annotations

import pytest

from indexer.attribution import extract, find_appearances
from test_attribution_patterns import expected

CASES = {
    "the diplomat is the foreign minister who spoke, not a general merely named": (
        "Moldavian Foreign Minister Ivo Marek said that the talks were useful. "
        "General Dan Petrov is expected to attend the drills in May. "
        "The Moldavian diplomat stressed the role of the UN.",
        ("reported", "Moldavian Foreign Minister Ivo Marek said that the talks were useful.", "Ivo Marek",
         "Moldavian Foreign Minister", None, "said"),
        ("reported", "The Moldavian diplomat stressed the role of the UN.", "Ivo Marek",
         "Moldavian Foreign Minister", None, "stressed"),
    ),
    "the diplomat with nobody of a diplomatic role is nobody": (
        "General Dan Petrov said that the drills were useful. The diplomat stressed the role of the UN.",
        ("reported", "General Dan Petrov said that the drills were useful.", "Dan Petrov", "General", None, "said"),
    ),
    "the diplomat the previous sentence introduced by office": (
        "Talks\n\nIvo Marek said that trade grows. The Mongolian delegation was headed by Deputy Foreign Minister "
        "Dan Petrov. The diplomat stressed that talks continue.",
        ("reported", "Ivo Marek said that trade grows.", "Ivo Marek", None, None, "said"),
        ("reported", "The diplomat stressed that talks continue.", "Dan Petrov", "Deputy Foreign Minister", None,
         "stressed"),
    ),
    "a quantifier or a counted noun is no speaker": (
        "Talks\n\nIvo Marek said that trade grows. Many noted that the border is calm. Ten states took part.",
        ("reported", "Ivo Marek said that trade grows.", "Ivo Marek", None, None, "said"),
    ),
    "the minister is the latest minister who spoke": (
        "Interior Minister Ivo Marek said that the border is calm. "
        "Ambassador Lena Vos noted that trade grows. "
        "The minister added that two crossings will open.",
        ("reported", "Interior Minister Ivo Marek said that the border is calm.", "Ivo Marek",
         "Interior Minister", None, "said"),
        ("reported", "Ambassador Lena Vos noted that trade grows.", "Lena Vos", "Ambassador", None, "noted"),
        ("reported", "The minister added that two crossings will open.", "Ivo Marek", "Interior Minister", None,
         "added"),
    ),
    "she after an unnamed woman is nobody": (
        "Ambassador Lena Vos said that the course was useful.\n\n"
        'One of the trainees, a woman from Osh, spoke of her village: "We need a clinic," she said.',
        ("reported", "Ambassador Lena Vos said that the course was useful.", "Lena Vos", "Ambassador", None, "said"),
        ("direct", "We need a clinic,", None, None, None, "said"),
    ),
    "she after a named woman described as 'a mother' is that woman": (
        "Talks\n\nDan Petrov opened the talks. Lena Vos, a mother of three from Osh, spoke of her village: "
        '"We need a clinic," she said.',
        ("direct", "We need a clinic,", "Lena Vos", "mother of three from Osh", None, "said"),
        ("reported", 'Lena Vos, a mother of three from Osh, spoke of her village: "We need a clinic," she said.',
         "Lena Vos", "mother of three from Osh", None, "spoke of"),
    ),
    "she after an unnamed woman the sentence before introduced, and again": (
        "Talks\n\nAmbassador Lena Vos said that the course was useful.\n\nA local resident, a woman from Osh, told "
        'the trainers about her village. "We need a clinic," she said. "And a school," she added.',
        ("reported", "Ambassador Lena Vos said that the course was useful.", "Lena Vos", "Ambassador", None, "said"),
        ("direct", "We need a clinic,", None, None, None, "said"),
        ("direct", "And a school,", None, None, None, "added"),
    ),
    "a woman from a place is no speaker named by the place": (
        "Talks\n\nAmbassador Lena Vos said that the course was useful.\n\n"
        'A woman from Osh, who attended the course, said: "We need a clinic."',
        ("reported", "Ambassador Lena Vos said that the course was useful.", "Lena Vos", "Ambassador", None, "said"),
        ("direct", "We need a clinic.", None, None, None, "said"),
    ),
    "one of the trainees is one unnamed trainee": (
        "Talks\n\nAmbassador Lena Vos said that the course was useful.\n\n"
        'On Monday, one of the trainees spoke about her village. "We need a clinic," she said.',
        ("reported", "Ambassador Lena Vos said that the course was useful.", "Lena Vos", "Ambassador", None, "said"),
        ("direct", "We need a clinic,", None, None, None, "said"),
    ),
    "an official is nobody named before": (
        "Talks\n\nAmbassador Lena Vos said that the course was useful. "
        '"The course was too short," an official said.',
        ("reported", "Ambassador Lena Vos said that the course was useful.", "Lena Vos", "Ambassador", None, "said"),
        ("direct", "The course was too short,", None, None, None, "said"),
    ),
    "a sentence opened by he, with the cue coordinated after another verb": (
        "Talks\n\nIvo Marek said that the talks were useful. "
        'He presented the plan and said "we will open two crossings".',
        ("reported", "Ivo Marek said that the talks were useful.", "Ivo Marek", None, None, "said"),
        ("direct", "we will open two crossings", "Ivo Marek", None, None, "said"),
    ),
    "he after a person introduced without words": (
        "Ivo Marek said that the talks were useful. The Moldavian delegation was headed by Dan Petrov. "
        "He proposed to open two crossings.",
        ("reported", "Ivo Marek said that the talks were useful.", "Ivo Marek", None, None, "said"),
        ("reported", "He proposed to open two crossings.", "Dan Petrov", None, None, "proposed"),
    ),
    "he after a lone surname introduced by 'headed by'": (
        "Ivo Marek said that the talks were useful. The Moldavian side was headed by Petrov. "
        "He proposed to open two crossings.",
        ("reported", "Ivo Marek said that the talks were useful.", "Ivo Marek", None, None, "said"),
        ("reported", "He proposed to open two crossings.", "Petrov", None, None, "proposed"),
    ),
    "a name inside a sentence that has its own voice introduces nobody": (
        "Ivo Marek said that the talks were useful. The drills of Blue Falcon ended, the minister said. "
        "He added that two crossings will open.",
        ("reported", "Ivo Marek said that the talks were useful.", "Ivo Marek", None, None, "said"),
        ("reported", "He added that two crossings will open.", "Ivo Marek", None, None, "added"),
    ),
    "a long body with an acronym and its country speaks at a paragraph's end": (
        "Border talks\n\nTen officers were detained in the south, the press service of the State Guard Committee "
        "(SGC) of Mongolia said.",
        ("reported", "Ten officers were detained in the south, the press service of the State Guard Committee "
         "(SGC) of Mongolia said.", "press service of the State Guard Committee of Mongolia", None,
         "State Guard Committee of Mongolia", "said", "collective"),
    ),
    "an inverted body with an acronym and its country": (
        "Border talks\n\nTen officers were detained in the south, reported the press service of the State Guard "
        "Committee (SGC) of Mongolia.",
        ("reported", "Ten officers were detained in the south, reported the press service of the State Guard "
         "Committee (SGC) of Mongolia.", "press service of the State Guard Committee of Mongolia", None,
         "State Guard Committee of Mongolia", "reported", "collective"),
    ),
    "'according to' a body with an acronym and its country": (
        "Border talks\n\nTen officers were detained in the south, according to the press service of the State "
        "Guard Committee (SGC) of Mongolia.",
        ("reported", "Ten officers were detained in the south, according to the press service of the State "
         "Guard Committee (SGC) of Mongolia.", "press service of the State Guard Committee of Mongolia", None,
         "State Guard Committee of Mongolia", "according to", "collective"),
    ),
    "a short body reference takes the fuller name given before": (
        "Talks\n\nMongolia's Foreign Ministry reported that the talks ended. "
        '"Both sides agreed," the Foreign Ministry said.',
        ("reported", "Mongolia's Foreign Ministry reported that the talks ended.", "Mongolia's Foreign Ministry",
         None, "Mongolia's Foreign Ministry", "reported", "collective"),
        ("direct", "Both sides agreed,", "Mongolia's Foreign Ministry", None, "Mongolia's Foreign Ministry", "said",
         "collective"),
    ),
    "a short body reference takes the fuller name with a demonym": (
        "Talks\n\nThe Mongolian Foreign Ministry reported that the talks ended. "
        "The Foreign Ministry said that both sides agreed.",
        ("reported", "The Mongolian Foreign Ministry reported that the talks ended.", "Mongolian Foreign Ministry",
         None, "Mongolian Foreign Ministry", "reported", "collective"),
        ("reported", "The Foreign Ministry said that both sides agreed.", "Mongolian Foreign Ministry", None,
         "Mongolian Foreign Ministry", "said", "collective"),
    ),
    "a short body reference takes the fuller name with 'of' a country": (
        "Talks\n\nThe Foreign Ministry of the Republic of Mongolia reported that the talks ended. "
        '"Both sides agreed," the Foreign Ministry said.',
        ("reported", "The Foreign Ministry of the Republic of Mongolia reported that the talks ended.",
         "Foreign Ministry of the Republic of Mongolia", None, "Foreign Ministry of the Republic of Mongolia",
         "reported", "collective"),
        ("direct", "Both sides agreed,", "Foreign Ministry of the Republic of Mongolia", None,
         "Foreign Ministry of the Republic of Mongolia", "said", "collective"),
    ),
    "another country's body of the same name stays its own": (
        "Talks\n\nThe Foreign Ministry of Mongolia reported that the talks ended. "
        "The Foreign Ministry of Tuva said that both sides agreed.",
        ("reported", "The Foreign Ministry of Mongolia reported that the talks ended.", "Foreign Ministry of Mongolia",
         None, "Foreign Ministry of Mongolia", "reported", "collective"),
        ("reported", "The Foreign Ministry of Tuva said that both sides agreed.", "Foreign Ministry of Tuva",
         None, "Foreign Ministry of Tuva", "said", "collective"),
    ),
    "a quoted document title after 'presented the' is no quotation": (
        'Talks\n\nThe experts presented the "Guidelines on electronic evidence" to the committee. '
        'The ministers signed the "plan of joint border patrols" in Osh.',
    ),
    "a quoted title after a named kind of document is no quotation, a quotation after 'and said' is": (
        'Talks\n\nIvo Marek said that the ministers signed the Memorandum "On co-operation in border security". '
        'Ivo Marek presented the plan and said "we will open two crossings".',
        ("reported", 'Ivo Marek said that the ministers signed the Memorandum "On co-operation in border security".',
         "Ivo Marek", None, None, "said"),
        ("direct", "we will open two crossings", "Ivo Marek", None, None, "said"),
    ),
    "a quoted document title presented near a speech cue is no quotation": (
        'Talks\n\nAmbassador Ivo Marek presented the "Guidelines on electronic evidence", noting that experts '
        "drafted them.",
        ("reported", 'Ambassador Ivo Marek presented the "Guidelines on electronic evidence", noting that experts '
         "drafted them.", "Ivo Marek", "Ambassador", None, "noting"),
    ),
    "a collective pledge in a headline and the text is no attribution": (
        "ABC border body vows to step up patrols\n\nThe ABC Regional Border Structure met in Osh. "
        "The ABC pledged to strengthen its co-operation with the Mongolian services.",
    ),
    "a headline's acronym speaks as the body the text spells out below": (
        "ABC says border patrols will grow\n\nThe ABC Regional Border Structure met in Osh on Monday. "
        "Ten states took part.",
        ("reported", "ABC says border patrols will grow", "ABC Regional Border Structure", None,
         "ABC Regional Border Structure", "says", "collective"),
    ),
    "a person's vow to act stays reported speech": (
        "Talks\n\nIvo Marek vowed to close the border within a week.",
        ("reported", "Ivo Marek vowed to close the border within a week.", "Ivo Marek", None, None, "vowed"),
    ),
    "an acronym alone speaks as the fuller body name beginning with it": (
        "Talks\n\nThe ABC Regional Border Structure met in Osh. "
        "The ABC said it will strengthen its co-operation with the Mongolian services.",
        ("reported", "The ABC said it will strengthen its co-operation with the Mongolian services.",
         "ABC Regional Border Structure", None, "ABC Regional Border Structure", "said", "collective"),
    ),
}


@pytest.mark.parametrize("text, specs", [(c[0], c[1:]) for c in CASES.values()], ids=list(CASES))
def test_unseen_shape(text, specs):
    assert extract(text) == expected(text, *specs)


def _spoke(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(a.speaker, a.role, a.cue) for a in find_appearances(text)]


APPEARANCES = {
    "a role before a surname, active voice": (
        "Mongolian delegation head Petrov opened the meeting.",
        [("Petrov", "Mongolian delegation head", "opened")],
    ),
    "a role before a full name, active voice": (
        "Head of the Mongolian delegation Dan Petrov addressed the participants.",
        [("Dan Petrov", "Head of the Mongolian delegation", "addressed")],
    ),
    "a title-case role before a surname": (
        "Mongolian Deputy Foreign Minister Petrov opened the meeting.",
        [("Petrov", "Mongolian Deputy Foreign Minister", "opened")],
    ),
    "a role ending with a place before a full name": (
        "Mongolian Ambassador to Tuva Dan Petrov delivered a welcoming speech.",
        [("Dan Petrov", "Mongolian Ambassador to Tuva", "delivered")],
    ),
    "a role before a surname, passive voice": (
        "The meeting was opened by Mongolian delegation head Petrov.",
        [("Petrov", "Mongolian delegation head", "opened")],
    ),
    "a name at the end of a chain of offices": (
        "The meeting was chaired by the Chairman of the State Border Committee, Head of the Border Guard "
        "Service, Dan Petrov.",
        [("Dan Petrov", "Chairman of the State Border Committee, Head of the Border Guard Service", "chaired")],
    ),
    "a moderator with a lowercase role is one person": (
        "The session was moderated by Lena Vos, national project officer of the OSCE Programme Office in Osh.",
        [("Lena Vos", "national project officer of the OSCE Programme Office", "moderated")],
    ),
    "a moderator's office after the role is part of the role": (
        "The session was moderated by Lena Vos, National Project Officer, OSCE Programme Office in Osh.",
        [("Lena Vos", "National Project Officer, OSCE Programme Office", "moderated")],
    ),
    "a body of a people opening a meeting is no person": (
        "The Mongolian delegation opened the meeting.",
        [],
    ),
}


@pytest.mark.parametrize("text, want", list(APPEARANCES.values()), ids=list(APPEARANCES))
def test_unseen_appearance(text, want):
    assert _spoke(text) == want
