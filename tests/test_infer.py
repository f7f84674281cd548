"""Metadata inferred from text alone: datelines, dates fixed or left empty, event names, places, linking.

Every text here is invented; each case names the shape of English it stands for.
"""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.infer import EventFacts, EventKey, cluster, infer_document
from indexer.infer.datelines import find_dateline
from indexer.infer.places import city, place
from indexer.models import Event


def doc(body: str, headline: str = "A headline") -> str:
    return f"{headline}\n\n{body}\n\nA last paragraph about nothing in particular.\n"


@pytest.mark.parametrize(
    ("shape", "body", "expected"),
    [
        ("CITY, Country, day Month, year -", "NUKUS, Uzbekistan, 3 March, 2015 - A forum opened.",
         ("Nukus", "Uzbekistan", 3, 3, 2015, None)),
        ("CITY, Month day, year -", "KHUJAND, October 7, 2016 - Officials met.", ("Khujand", "Tajikistan", 7, 10, 2016, None)),
        ("City. Month day. AGENCY-", "Almaty. June 5. INTERFAX-Ministers met.", ("Almaty", "Kazakhstan", 5, 6, None, "Interfax")),
        ("CITY, Country, Month day (AGENCY) --", "BISHKEK, Kyrgyzstan, May 2 (UPI) -- Talks began.",
         ("Bishkek", "Kyrgyzstan", 2, 5, None, "UPI")),
        ("CITY. AGENCY -", "ALMATY. KAZINFORM - Experts gathered.", ("Almaty", "Kazakhstan", None, None, None, "Kazinform")),
        ("CITY, Month day. /AGENCY/.", "OSH, March 4. /TASS/. A session was held.", ("Osh", "Kyrgyzstan", 4, 3, None, "TASS")),
        ("CITY, day Month year –", "TASHKENT, 9 September 2013 – A course ended.", ("Tashkent", "Uzbekistan", 9, 9, 2013, None)),
        ("day Month year, City. (date first)", "4 November 2017, Khujand. A course ended.",
         ("Khujand", "Tajikistan", 4, 11, 2017, None)),
        ("CITY, DD.MM.YYYY /Agency «Name»/.", "OSH, 03.11.2020 /News agency «Saryk Press»/. A forum opened.",
         ("Osh", "Kyrgyzstan", 3, 11, 2020, "Saryk Press")),
        ("date first, on a line of its own", "4 November 2017, Khujand\n\nA course ended.",
         ("Khujand", "Tajikistan", 4, 11, 2017, None)),
        ("CITY, DD.MM.YYYY /Agency “Name”/.", "OSH, 03.11.2020 /News agency “Saryk Press”/. A forum opened.",
         ("Osh", "Kyrgyzstan", 3, 11, 2020, "Saryk Press")),
        ("CITY, Mon. day (Agency) --", "ALMATY, Sept. 9 (Newsline) -- Officials met here.",
         ("Almaty", "Kazakhstan", 9, 9, None, "Newsline")),
    ],
)
def test_dateline_shapes(shape, body, expected):
    found = find_dateline(doc(body))
    assert (found.place.city, found.place.country, found.day, found.month, found.year, found.agency) == expected, shape


def test_dateline_on_a_line_of_its_own():
    found = find_dateline(doc("MARY, Turkmenistan\n\nSomething.ru: A seminar started in Mary."))
    assert (found.place.city, found.place.country) == ("Mary", "Turkmenistan")


@pytest.mark.parametrize("body", [
    "The annual, 12th meeting of the Board will be held today.",  # an ordinary first sentence
    "Ministers, officials and experts met.",
    "Reform, the minister said, is slow.",
    "4 November, Khujand. A day without a year does not open a dateline before its town.",
    "OSH, 31.14.2020 /Agency «X»/. No fourteenth month.",
])
def test_no_dateline_in_ordinary_sentences(body):
    assert find_dateline(doc(body)) is None


def test_gazetteer_spellings_and_typos():
    assert city("Ashgabad") == place("Ashgabat")
    assert city("Nur-Sultan").city == "Astana"
    assert city("Samarqand", fuzzy=True).city == "Samarkand"
    assert city("Tahskent") is None and city("Tahskent", fuzzy=True).city == "Tashkent"
    assert place("Kyrgyz Republic").country == "Kyrgyzstan" and place("Kyrgyz Republic").city is None


def test_published_from_a_dateline_with_a_year():
    facts = infer_document(doc("KHUJAND, 14 May 2016 - A two-day seminar which started today in Khujand trained judges."))
    assert facts.published == date(2016, 5, 14)
    assert facts.event.start == date(2016, 5, 14) and facts.event.end == date(2016, 5, 15)


@pytest.mark.parametrize(("shape", "text", "published"), [
    ("a date on a line of its own, then the body", "Headline\n\n4 November 2017\n\nA forum of judges opened in Osh "
     "today.\n", date(2017, 11, 4)),
    ("a weekday and a numeric date on a line of their own", "Headline\n\nSaturday, 04.11.2017\n\nA forum of judges "
     "opened in Osh today.\n", date(2017, 11, 4)),
    ("no such day: nothing", "Headline\n\n04.14.2017\n\nA forum of judges opened in Osh today.\n", None),
])
def test_published_from_a_date_line_standing_alone(shape, text, published):
    facts = infer_document(text)
    assert (facts.published, facts.event.start) == (published, published), shape


def test_a_day_without_a_year_is_left_empty():
    facts = infer_document(doc("ALMATY, March 3. /TASS/. The meeting of the defence chiefs opened on Tuesday in Almaty."))
    assert facts.published is None and facts.event.start is None
    assert facts.event.city == "Almaty"


def test_a_weekday_with_a_year_named_nowhere_near_fixes_nothing():
    facts = infer_document(doc("The forum is coming to a close in Almaty on Friday. It began on March 2."))
    assert facts.published is None and facts.event.start is None


def test_a_weekday_next_to_a_day_fixes_the_year_the_text_names():
    # 15 March 2013 was a Friday; in 2012 and 2014 it was not.
    facts = infer_document(doc(
        "The Regional Conference on Water Security is coming to a close in the Tajik capital of Dushanbe on Friday. "
        "It brought together officials of ministries, agencies, universities, parliaments and many other "
        "organizations of the whole region and of their neighbours, to talk of rivers and of dams. "
        "The conference began on March 14. "
        "It brought together officials of ministries, agencies, universities, parliaments and many other "
        "organizations of the whole region and of their neighbours, to talk of rivers and of dams. "
        "It follows talks of early March 2013. A reception is scheduled for March 15. Guests arrive on Friday."))
    assert facts.published == date(2013, 3, 15)
    assert (facts.event.start, facts.event.end) == (date(2013, 3, 14), date(2013, 3, 15))
    assert facts.event.city == "Dushanbe"


@pytest.mark.parametrize(
    ("shape", "body", "start"),
    [
        ("one year named elsewhere fixes a day and month", "The 2016 water forum opened in Nukus on 14 May. "
         "Experts from five states took part.", date(2016, 5, 14)),
        ("one year, a weekday that fits it (14 May 2016 was a Saturday)", "The 2016 water forum opened in Nukus on "
         "Saturday, 14 May.", date(2016, 5, 14)),
        ("one year, a weekday that does not fit it: empty", "The 2016 water forum opened in Nukus on Monday, 14 May.",
         None),
        ("one year, but as a bound ('by 2030'): empty", "The water forum opened in Nukus on 14 May to plan for "
         "safe water by 2030.", None),
        ("one year, but as a range ('2021-2025'): empty", "The water forum opened in Nukus on 14 May to adopt the "
         "2021-2025 plan.", None),
        ("two years named, no weekday: empty", "The water forum opened in Nukus on 14 May. It follows the 2014 and "
         "2015 forums.", None),
    ],
)
def test_a_year_named_elsewhere_fixes_a_day_only_when_unambiguous(shape, body, start):
    assert infer_document(doc(body)).event.start == start, shape


@pytest.mark.parametrize(
    ("shape", "body", "start", "end"),
    [
        ("a three-day event which ends today", "BUKHARA, 20 June 2014 - The three-day event, which ends today in Bukhara, trained clerks.",
         date(2014, 6, 18), date(2014, 6, 20)),
        ("two days of discussions that ended today", "KHOROG, Tajikistan, 2 July, 2010 - A conference gathered experts "
         "for two days of discussions that ended today.", date(2010, 7, 1), date(2010, 7, 2)),
        ("set to start tomorrow", "ASTANA, 4 May 2012 - Ministers are in Astana for the Regional Summit, set to start tomorrow.",
         date(2012, 5, 5), None),
        ("On Month day, year, City hosted", "On May 3, 2019, Samarkand hosted the second Regional Youth Forum.",
         date(2019, 5, 3), None),
        ("taking place on d and d Month", "ASTANA, 3 April 2008 - The seminars are taking place in the Kostanay and Pavlodar "
         "regions of Kazakhstan on 3 and 5 April respectively.", date(2008, 4, 3), date(2008, 4, 5)),
        ("ended today, no duration: no start", "DUSHANBE, 2 May 2011 - A workshop for judges, which ended today, closed.",
         None, date(2011, 5, 2)),
        ("opened yesterday, from the dateline", "NUKUS, 12 March 2015 - A regional seminar on customs opened yesterday.",
         date(2015, 3, 11), None),
        ("took place on a weekday, counted back from the dateline", "NUKUS, 12 March 2015 - The meeting of the water "
         "council took place in Nukus on Monday.", date(2015, 3, 9), None),
        ("On Month day, the year the dateline gives", "4 November 2017, Khujand. On October 30 the forum of judges "
         "opened in Khujand.", date(2017, 10, 30), None),
        ("took place on a day after the release: no year fixed, left empty", "NUKUS, 12 March 2015 - The meeting of the "
         "water council took place in Nukus on March 20.", None, None),
        ("Yesterday, … took place (sentence-initial)", "NUKUS, 12 March 2015 - Yesterday the meeting of the water council "
         "took place in Nukus.", date(2015, 3, 11), None),
        ("met … yesterday", "NUKUS, 12 March 2015 - The heads of the water agencies met in Nukus yesterday for the "
         "meeting of the water council.", date(2015, 3, 11), None),
        ("On Month day after the release, past tense: left empty", "4 November 2017, Khujand. On November 20 the forum "
         "of judges opened in Khujand.", None, None),
        ("on a weekday with a dateline without a year: left empty", "NUKUS, March 12 - The meeting of the water council "
         "took place in Nukus on Monday.", None, None),
    ],
)
def test_event_date_shapes(shape, body, start, end):
    event = infer_document(doc(body)).event
    assert (event.start, event.end) == (start, end), shape


@pytest.mark.parametrize(
    ("shape", "body", "headline", "name"),
    [
        ("quoted title", 'ASHGABAT, Turkmenistan\n\nA seminar titled "Water and Peace in the Region" started in Ashgabat.',
         "H", "Water and Peace in the Region"),
        ("X is the focus of a seminar", "KHUJAND, 3 May 2010 - Protecting witnesses was the focus of a seminar for judges "
         "organized by the OSCE.", "H", "seminar for judges on protecting witnesses"),
        ("A said during the talks with B", "MINSK, May 2. /TASS/. Joint patrols will start soon, Defence Minister Ivan Petrov "
         "said during the talks with his Kazakh counterpart Arman Bekov.", "H",
         "talks between Defence Minister Ivan Petrov and his Kazakh counterpart Arman Bekov"),
        ("X will gather for a session", "Heads of border services of the member states will gather for a session on Friday "
         "in Osh.", "H", "session of Heads of border services of the member states"),
        ("ordinal session of", "OSH. KABAR - It was said at the 7th session of the regional ombudsmen on Monday in Osh.",
         "H", "7th session of the regional ombudsmen"),
        ("capitalised name", "On June 2, 2015, Khujand hosted the second Fergana Valley Water Forum with experts.",
         "H", "second Fergana Valley Water Forum"),
        ("headline topic - event", "TARAZ, 2 May 2012 – A two-day OSCE-backed workshop which started in Taraz today "
         "trains police.", "Policing with communities - OSCE-backed workshop held in Kazakhstan",
         "OSCE-backed workshop on policing with communities"),
        ("the X held in", "During the first part of the GUAM Council held in a narrow format, leaders talked.", "H",
         "first part of the GUAM Council"),
        ("a bare noun, its venue and the body the lead names", "MINSK, May 2. /TASS/. Leaders of the Organization "
         "for Democracy (GUAM) agreed. The declaration was signed following the summit in Minsk.", "H",
         "GUAM summit in Minsk"),
    ],
)
def test_event_name_shapes(shape, body, headline, name):
    assert infer_document(doc(body, headline)).event.name == name, shape


def test_places_online_region_and_organization_names():
    online = infer_document(doc("Minsk. May 3. INTERFAX-Leaders met at an extraordinary session of the Council held "
                                "in the format of a videoconference."))
    assert online.event.online and online.event.city is None and online.event.country is None
    org = infer_document(doc("ASTANA, 4 May 2012 - Judges are the focus of two seminars organized by the OSCE Centre in "
                             "Astana. The seminars are taking place in the Kostanay and Pavlodar regions of Kazakhstan."))
    assert (org.event.city, org.event.country) == (None, "Kazakhstan")
    host = infer_document(doc("Almaty will host a meeting of the Council of Border Chiefs on Apr.8, the service said."))
    assert (host.event.city, host.event.start) == ("Almaty", None)  # no year anywhere: the day stays empty
    assert host.event.name == "meeting of the Council of Border Chiefs"


def test_held_here_places_the_event_in_the_dateline_city():
    facts = infer_document(doc("ALMATY, Sept. 9 (Newsline) -- A regional conference on water, which brought experts "
                               "in Tashkent and in Bishkek, was held here on Friday."))
    assert (facts.event.city, facts.publisher) == ("Almaty", "Newsline")


@pytest.mark.parametrize(
    ("shape", "body", "expected"),
    [
        ("the next meeting after one that was held", "NUKUS, 12 March 2015 - The meeting of the water council was held "
         "in Nukus today. The next meeting of the council will be held in Minsk on 2 June.",
         ("meeting of the water council", "Nukus", date(2015, 3, 12))),
        ("a follow-up course after one that was completed", "NUKUS, 12 March 2015 - Customs officers completed a course "
         "on risk analysis in Nukus today. The Centre will hold a follow-up training course in Minsk on 2 June.",
         ("course on risk analysis in Nukus", "Nukus", None)),
        ("the next meeting first, the current one after the comma", "NUKUS, 12 March 2015 - The next meeting of the water "
         "council will be held in Minsk on 2 June, it was decided at a session in Nukus that concluded today.",
         ("session in Nukus", "Nukus", None)),
        ("only a next meeting announced, 'said today' after it: still the event", "NUKUS, 12 March 2015 - The next "
         "meeting of the water council will be held in Minsk on 2 June, the press service said today.",
         ("meeting of the water council", "Minsk", date(2015, 6, 2))),
        ("only a next meeting announced: it is the event", "NUKUS, 12 March 2015 - The next meeting of the water council "
         "will be held in Minsk on 2 June.", ("meeting of the water council", "Minsk", date(2015, 6, 2))),
    ],
)
def test_a_follow_up_meeting_is_not_the_event_reported(shape, body, expected):
    event = infer_document(doc(body)).event
    assert (event.name, event.city, event.start) == expected, shape


@pytest.mark.parametrize(
    ("shape", "body", "expected"),
    [
        ("held online, said in a later sentence", "NUKUS, 12 March 2021 - The meeting of the water council discussed "
         "floods. The meeting was held online.", ("meeting of the water council", None, None, True)),
        ("via videoconference: no city, and the dateline's country is not the host's", "NUKUS, 12 March 2021 - The "
         "meeting of the water council took place via videoconference.", ("meeting of the water council", None, None, True)),
        ("hosted online by a country the text names", "NUKUS, 12 March 2021 - The meeting of the water council, hosted "
         "online by Uzbekistan, discussed floods.", ("meeting of the water council", None, "Uzbekistan", True)),
        ("'online' as a topic is not an online meeting", "NUKUS, 12 March 2021 - A seminar on online radicalisation "
         "opened in Nukus today.", ("seminar on online radicalisation", "Nukus", "Uzbekistan", False)),
    ],
)
def test_an_online_event_has_no_city_and_a_country_only_when_named(shape, body, expected):
    event = infer_document(doc(body)).event
    assert (event.name, event.city, event.country, event.online) == expected, shape


@pytest.mark.parametrize(
    ("shape", "body", "expected"),
    [
        ("in the <adjective> capital", "The forum of judges took place in the Armenian capital on 3 May.",
         ("Yerevan", "Armenia")),
        ("the capital of <country>", "The forum of judges was held in the capital of Georgia.", ("Tbilisi", "Georgia")),
        ("held in <country>, no city", "The forum of judges was held in Armenia.", (None, "Armenia")),
        ("<country> hosted", "Georgia hosted the forum of judges.", (None, "Georgia")),
        ("a country as the topic is no venue", "The forum on judges in Armenia was held on 3 May.", (None, None)),
    ],
)
def test_capitals_and_countries_as_venues(shape, body, expected):
    event = infer_document(doc(body)).event
    assert (event.city, event.country) == expected, shape


def key(name, city=None, start=None, days=(), online=False):
    return EventKey(EventFacts(name, city, "X" if city else None, start, online=online), days)


def test_linking_joins_one_event_and_keeps_two_meetings_apart():
    same = cluster([key("GUAM summit", "Baku", days=((5, 3),)), key("first part of the GUAM Council")])
    assert same[0] == same[1]
    one_city = cluster([key("meeting of the CIS defence chiefs", "Baku", days=((5, 3),)),
                        key("54th meeting of the CIS security chiefs", "Baku", days=((9, 12),))])
    assert one_city[0] != one_city[1]
    online = cluster([key("session of the GUAM Council", online=True), key("first part of the GUAM Council")])
    assert online[0] != online[1]
    undated = cluster([key("OSCE workshop on policing", "Osh"), key("OSCE seminar for judges", "Osh")])
    assert undated[0] != undated[1]  # no date on either side: a shared acronym does not make one event
    years = cluster([key("OSCE workshop on policing", "Osh", date(2011, 3, 1)), key("OSCE workshop on policing", "Osh", date(2012, 3, 1))])
    assert years[0] != years[1]
    worded = cluster([EventKey(EventFacts("regional conference on border security", "Osh", "X", date(2011, 3, 1),
                                          date(2011, 3, 2))),
                      EventKey(EventFacts("international meeting of border guards", "Osh", "X", date(2011, 3, 2)))])
    assert worded[0] == worded[1]  # two publishers' wordings: one city, overlapping days, "border" in common
    apart = cluster([EventKey(EventFacts("regional conference on border security", "Osh", "X", date(2011, 3, 1))),
                     EventKey(EventFacts("international meeting of border guards", "Osh", "X", date(2011, 3, 9)))])
    assert apart[0] != apart[1]  # one city, days a week apart, names unalike: two meetings


def test_a_discovered_id_is_made_from_the_text_own_event_not_a_follow_up():
    first = infer_document(doc("NUKUS, 12 March 2015 - The meeting of the water council was held in Nukus today. "
                               "The next meeting of the council will be held in Minsk on 2 June."))
    second = infer_document(doc("MINSK, 2 June 2015 - The meeting of the water council was held in Minsk today."))
    ids = cluster([first.event_key(), second.event_key()])
    assert ids[0].startswith("nukus-2015") and ids[1].startswith("minsk-2015") and ids[0] != ids[1]


def test_linking_to_a_registry_event_by_place_dates_and_name():
    registry = [Event(id="osh-2011", name="Regional Policing Conference", city="Osh", country="Kyrgyzstan",
                      start=date(2011, 3, 1), end=date(2011, 3, 2))]
    ids = cluster([EventKey(EventFacts("policing conference", "Osh", "Kyrgyzstan", date(2011, 3, 2))),
                   EventKey(EventFacts("policing conference", "Osh", "Kyrgyzstan", date(2012, 3, 2)))], registry)
    assert ids[0] == "osh-2011" and ids[1] not in (None, "osh-2011")
    yearless = cluster([EventKey(EventFacts("meeting of chiefs on policing", "Osh", "Kyrgyzstan"), ((3, 3),)),
                        EventKey(EventFacts("meeting of chiefs on policing", "Osh", "Kyrgyzstan"), ((3, 20),)),
                        EventKey(EventFacts("forum of judges", "Osh", "Kyrgyzstan"), ((3, 2),))], registry)
    # no year given: the days it names in the event's span (or just after: the report) and a word in common
    assert yearless[0] == "osh-2011" and yearless[1] != "osh-2011" and yearless[2] != "osh-2011"


def test_two_undated_reports_naming_one_day_in_one_city_are_one_event():
    ids = cluster([EventKey(EventFacts("regional conference on border security", "Osh", "X"), ((3, 2),)),
                   EventKey(EventFacts("international meeting of border guards", "Osh", "X"), ((3, 2),)),
                   EventKey(EventFacts("international meeting of border guards", "Osh", "X"), ((3, 9),))])
    assert ids[0] == ids[1] != ids[2]


def test_document_speakers_once_each_with_full_name_and_usual_role():
    from indexer.infer import document_people
    from indexer.models import Attribution

    def att(kind, speaker, role=None, org=None, speaker_kind="person"):
        return Attribution(kind, "x" if kind == "direct" else None, speaker, role, org, "said", 0, 1, 1, speaker_kind)

    text = "The press service of the Kyrgyz Border Service (KBS) said. Statement of the day: the statement said."
    speakers, appearances = document_people([
        att("direct", "Arman Bekov", "Minister of Defence", "Ministry of Defence"),
        att("reported", "Bekov", "General of the Army"),
        att("direct", "Bekov", "Minister of Defence"),
        att("direct", "KBS press service", speaker_kind="collective"),
        att("reported", "press service of the Kyrgyz Border Service", speaker_kind="collective"),
        att("direct", "Statement", speaker_kind="collective"),  # a common noun, written in lower case elsewhere
        att("spoke", "Bekov", "Minister"),
        att("spoke", "Dina Osmon", "Chair"),
    ], text)
    assert [(p.name, p.role, p.organization) for p in speakers] == [
        ("Arman Bekov", "Minister of Defence", "Ministry of Defence"),
        ("press service of the Kyrgyz Border Service", None, None),
    ]
    assert [p.name for p in appearances] == ["Dina Osmon"]  # who also spoke with words given is a speaker only


WORDS = ("ASTANA", "Astana", "Tahskent", "in", "on", "the", "of", "held", "hosted", "started", "today", "tomorrow",
         "ended", "three-day", "0-day", "session", "meeting", "summit", "Monday", "Friday", "February", "30", "31",
         "29", "2019", "1999", "May", "(UPI)", "/TASS/.", "KAZINFORM", "-", "--", ",", ".", "\n\n", '"', "«", "»",
         "focus", "is", "the focus of a", "said during the talks with", "Minister", "Ivan", "Petrov", "(OSCE)",
         "will host a", "videoconference", "regions of Kazakhstan", "titled", "'Water Matters'", "Apr.8", "10-11")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=60))
def test_inference_never_fails_and_links_whatever_it_finds(words):
    text = " ".join(words)
    facts = infer_document(text)
    key = facts.event_key()
    if facts.event:
        assert facts.event.start is None or facts.event.end is None or facts.event.start <= facts.event.end
    cluster([key, key, None])


LEAD = ("NUKUS, May 14 - The council of water ministers of the five riparian states agreed on a joint plan for the lower "
        "reaches of the river, the council's secretary told reporters on Thursday after a long closed session.")


@pytest.mark.parametrize(
    ("shape", "body", "published"),
    [
        ("a weekday two sentences from the dateline's day fits the one year named (14 May 2026 was a Thursday)",
         LEAD + " The plan runs through the summer of 2026.", date(2026, 5, 14)),
        ("the lead's weekday does not fit the one year named, a year of plans (14 May 2027 is a Friday): empty",
         LEAD + " The plan is to be carried out in 2027.", None),
        ("a weekday fits only the year beside the years named (14 September 2005, a Wednesday), not one of them: "
         "empty", "NUKUS, Sept. 14 - The water council met on Wednesday. Founded in 2001, it opened its secretariat "
         "in 2004.", None),
    ],
)
def test_a_weekday_checks_the_year_of_a_dateline_without_one(shape, body, published):
    assert infer_document(doc(body)).published == published, shape
