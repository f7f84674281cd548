"""The event a text is about: its name, place (or online), first and last day.

Dates come from the text's own statements around the event ("a three-day workshop which started
in Tashkent today", "two days of discussions that ended today", "will begin on 1 December",
"On October 29, 2018, Tahskent hosted", "on 10 and 12 December"), counted from the dateline's day;
where the text does not fix a day (no year anywhere, a weekday with nothing to count from) it stays
empty. The place is the venue the event's sentence names, else a region the lead names, else the
dateline's city ("held here": the dateline's city first); an event held by videoconference has none.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from indexer.infer import names, places
from indexer.infer.dates import MONTH_NAMES, WEEKDAYS, mentions, on_weekday, resolve, weekday_date
from indexer.infer.records import Dateline, EventFacts, Place

LEAD_CHARS = 2000  # the event is named and placed in a release's opening paragraphs
_SENTENCE = re.compile(r"(?<=[.!?»”\"])\s+(?=[A-Z«“\"])|\n\s*\n")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_DURATION = re.compile(r"(?<![\w])(?=[\dotfsenOTFSEN])(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})(?:-day\b|\s+days\s+of\b)", re.I)
_WHEN = (r"(?P<when>today|tomorrow|yesterday|(?:on\s+)?(?P<wd>" + "|".join(WEEKDAYS) + r")(?:[’']s)?"
         rf"|(?:on\s+)?(?P<date>\d{{1,2}}(?:\s*(?:-|–|and)\s*\d{{1,2}})?\s+(?:{MONTH_NAMES})\b\.?(?:,?\s+\d{{4}})?"
         rf"|(?:{MONTH_NAMES})\.?\s*\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?(?:,?\s+\d{{4}})?))")
_START_VERB = r"(?:started|starts|began|begins|opened|opens|kicked off|gathered|convened|met|will begin|will start|" \
              r"set to start|set to begin|will open|will be held|will gather|hosted|hosts|will host|is hosting|held|" \
              r"(?:is|are)\s+taking place|take place|takes place|took place)"
_END_VERB = r"(?:ended|ends|concluded|concludes|closed|closes|coming to a close|wrapped up|completed|completing)"
# Each pattern opens with a lookahead on its possible first letters: Python's re otherwise tries
# every case-folded alternative at every position (3x slower over a release's opening).
_START = re.compile(rf"(?<![\w])(?=[sbokgcwhitamSBOKGCWHITAM]){_START_VERB}\b(?:(?!{_END_VERB})[^.;]){{0,160}}?\b{_WHEN}", re.I)
_END = re.compile(rf"(?<![\w])(?=[ecwECW]){_END_VERB}\b[^.;]{{0,90}}?\b{_WHEN}", re.I)
_ON_DATE_FIRST = re.compile(rf"^(?=On\s|Today\b|Yesterday\b|Tomorrow\b){_WHEN}", re.I)  # "Yesterday, … opened"
_PAST = re.compile(r"\b(?:was|were|took|began|held|met|opened|started|convened|gathered|hosted|ended|concluded)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|set to|is to|are to|to be)\b", re.I)
# A follow-up announced beside the meeting reported ("The next meeting will be held in Minsk", "will hold a
# follow-up course in Osh"): its clause is not read for the event when the text reports a current one.
_NEXT = re.compile(r"(?<![\w])(?=[nfsuNFSU])(?:next|follow-up|follow up|subsequent|upcoming)\s+(?:[\w-]+\s+){0,3}?"
                   + names._NOUN + r"[^.;]*?(?=[;,]\s+(?:it|the|and|which|as|during|at)\b|[.;]|$)", re.I)
_CURRENT = re.compile(r"\b(?:was|were)\s+held\b|\b(?:took place|opened|concluded|ended|closed|started|began|"
                      r"completed|wrapped up|today|yesterday|is\s+(?:taking place|being held|under way|underway))\b", re.I)
_ONLINE = re.compile(r"(?<![\w])(?=[voVO])(?:video\s?conference|videoconferencing|video link|online|virtual(?:ly)?|via video)\b"
                     r"(?!\s+(?:radicali[sz]ation|extremism|fraud|crime|propaganda|content|recruitment|platforms?\s+for))",
                     re.I)
# A clause saying the meeting itself was held online: read in any of the lead's first sentences
_HELD_ONLINE = re.compile(r"\b(?:held|took place|met|convened|conducted|organi[sz]ed|hosted|gathered)\s+(?:[\w-]+\s+){0,3}?"
                          r"(?:online|virtually|via\s+video|by\s+video|through\s+video|in\s+(?:an?\s+|the\s+)?"
                          r"(?:online|virtual|video\s?conference)\b)", re.I)
_ONLINE_HINT = re.compile(r"nline|irtual|ideo")  # a cheap test before _HELD_ONLINE
# An online meeting's host country, where the text names it: "hosted online by Uzbekistan", "Kazakhstan hosted"
_HOST_COUNTRY = re.compile(r"\bhosted\s+(?:[\w-]+\s+){0,3}?by\s+(?:the\s+)?(?P<a>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)"
                           r"|(?P<b>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+(?:hosted|will host|is hosting)\b")
_REGION = re.compile(r"\bin\s+the\s+(?:[A-Z][\w-]+(?:\s+and\s+[A-Z][\w-]+)?)\s+(?:regions?|oblasts?|provinces?|districts?)"
                     r"\s+of\s+(?P<country>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)")
# "held here", "opened here today": the dateline's city is the event's place, whatever other towns the sentence names
# A country as the venue ("was held in Kyrgyzstan", "Kyrgyzstan hosted"): a verb of holding before "in", so a
# topic ("security in Afghanistan") is never taken for the place
_COUNTRY_VENUE = re.compile(r"\b(?:held|convened|organi[sz]ed|took place|taking place|takes place|opened|started|began|met|"
                            r"gathered)\s+in\s+(?:the\s+)?(?P<a>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)"
                            r"|(?P<b>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+(?:hosted|will host|is hosting|has hosted)\b")
_HERE = re.compile(r"\b(?:held|hosted|opened|started|began|convened|gathered|met|place|underway|under way)\s+here\b", re.I)
_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)|\b([A-Z]{3,6})\b")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of a text with their offsets (a rough split: enough to keep a clause's words together)."""
    out, at = [], 0
    for m in _SENTENCE.finditer(text):
        piece = text[at:m.start()]
        if piece.strip():
            out.append((at + len(piece) - len(piece.lstrip()), piece.strip()))
        at = m.end()
    if text[at:].strip():
        out.append((at + len(text[at:]) - len(text[at:].lstrip()), text[at:].strip()))
    return out


def _when(m: re.Match[str], reference: date | None, year: int | None, dates: list[date], future: bool,
          clause: str | None = None) -> date | None:
    """The date a time expression names; clause: the words whose tense tells a past meeting ("On May 3, …
    was held"), which cannot fall after the release's own day."""
    word = m.group("when").lower()
    if word in ("today", "tomorrow", "yesterday"):
        return reference + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word]) if reference else None
    if m.group("wd"):
        weekday = WEEKDAYS.index(m.group("wd").lower())
        if reference:
            return on_weekday(weekday, reference, 1 if future else -1)
        return weekday_date(weekday, dates)
    found = mentions(m.group("date"))
    got = resolve(found[0], year, reference) if found else None
    tense = clause or m.group()
    if got and reference and got > reference and not found[0].year and _PAST.search(tense) \
            and not _FUTURE.search(tense):
        return None  # "took place on October 30" in a release of 17 October: not this year's, no other is fixed
    return got


def event_dates(lead: list[str], reference: date | None, year: int | None, dates: list[date],
                yearless: set[tuple[int, int]]) -> tuple[date | None, date | None]:
    """First and last day of the event from the lead's sentences; the (month, day) of the event's
    dates written without a year are added to yearless."""
    start = end = None
    days = None
    for sentence in lead:
        if _START.search(sentence) or _END.search(sentence):
            yearless.update((d.month, d.day) for d in mentions(sentence) if not d.year)
        if days is None and (d := _DURATION.search(sentence)):
            n = d.group("n").lower()
            days = _NUMBERS.get(n) or int(n)
        first = _ON_DATE_FIRST.match(sentence)
        if start is None and first and re.search(rf"\b{_START_VERB}\b", sentence):
            start = _when(first, reference, year, dates, False, sentence)
            found = mentions(first.group("date")) if first.group("date") else []
            if start and found and found[0].day2:
                end = resolve(found[0], year, reference, second=True)
        if start is None and (m := _START.search(sentence)):
            start = _when(m, reference, year, dates, bool(re.search(r"\b(?:will|set to)\b", m.group())))
            found = mentions(m.group("date")) if m.group("date") else []
            if start and found and found[0].day2:
                end = resolve(found[0], year, reference, second=True)
        if end is None and (m := _END.search(sentence)):
            end = _when(m, reference, year, dates, False)
    if start and days and end is None:
        end = start + timedelta(days=days - 1)
    if end and days and start is None:
        start = end - timedelta(days=days - 1)
    return start, end


def event_name(text: str, title: str | None, lead: list[str], opening: int) -> tuple[str | None, int]:
    """The event's name and the index (in lead) of the sentence it came from (-1: elsewhere).

    opening: how many of the lead's sentences form its first paragraph, where a release names its
    event; a named phrase further down is taken only when the headline names none.
    """
    quoted = names.quoted_title(text)
    if quoted:
        index = next((i for i, s in enumerate(lead) if quoted in s), -1)
        return quoted, index
    for i, sentence in enumerate(lead):
        found = (names.appositive_title(sentence) or names.focus_name(sentence) or names.said_with_name(sentence)
                 or names.gather_name(sentence))
        if found:
            return found, i
    bare, later = None, None
    for i, sentence in enumerate(lead):
        for phrase, named, _ in names.phrases(sentence):
            if named and i < opening:
                return phrase, i
            later = later or ((phrase, i) if named else None)
            bare = bare or (phrase, i)
    for i, sentence in enumerate(lead):
        if found := names.held_name(sentence):  # "an extraordinary session of the X held in": the whole phrase
            return next((p for p, named, _ in names.phrases(sentence) if named and found in p), found), i
    if title and (found := names.headline_name(title)):
        return found, bare[1] if bare else -1
    for phrase, named, _ in names.phrases(title or "") if title else ():
        if named:
            return phrase, bare[1] if bare else -1
    if later:
        return later
    if bare is None:
        return None, -1
    acronym = _ACRONYM.search(" ".join(lead))
    phrase = bare[0]
    venue = re.search(rf"\b{re.escape(phrase)}\s+in\s+([A-Z][\w-]+)", lead[bare[1]])
    if venue and places.city(venue.group(1)):  # "the summit in Astana": a bare noun named by its venue
        phrase = f"{phrase} in {venue.group(1)}"
    if acronym and not any(w[:1].isupper() for w in bare[0].split()):
        phrase = f"{acronym.group(1) or acronym.group(2)} {phrase}"
    return phrase, bare[1]


def _host_country(lead: list[str]) -> Place | None:
    """The country an online meeting's text names as its host, or None (never the dateline's)."""
    for sentence in lead:
        for m in _HOST_COUNTRY.finditer(sentence):
            if named := places.country(m.group("a") or m.group("b")):
                return Place(None, named)
    return None


def event_place(lead: list[str], index: int, dateline: Dateline | None, title: str | None) -> tuple[Place | None, bool]:
    """The event's place and whether it was held online."""
    around = lead[index] if 0 <= index < len(lead) else ""
    if (_ONLINE.search(around) or (not around and any(_ONLINE.search(s) for s in lead[:3]))
            or any(_HELD_ONLINE.search(s) for s in lead[:4] if _ONLINE_HINT.search(s))):
        return _host_country(lead[:4]), True
    if dateline and dateline.place and any(_HERE.search(s) for s in (around, *lead[:2])):
        return dateline.place, False
    found = places.cities_in(around, fuzzy=True)
    if found:
        return found[0][1], False
    for sentence in lead:
        region = _REGION.search(sentence)
        if region and (named := places.country(region.group("country"))):
            return Place(None, named), False
    if dateline and dateline.place:
        return dateline.place, False
    for m in _COUNTRY_VENUE.finditer(around):
        if named := places.country(m.group("a") or m.group("b")):
            return Place(None, named), False
    for sentence in lead:
        about = names.phrases(sentence) or _START.search(sentence)
        if about and (found := places.cities_in(sentence, fuzzy=True)):
            return found[0][1], False
    found = places.cities_in(title or "", fuzzy=True)
    return (found[0][1], False) if found else (None, False)


_QUOTATION = re.compile(r"[\"“«][^\"“”«»]*[\"”»]")


def _unquoted(sentence: str) -> str:
    """The sentence with quoted words blanked: what a speaker says names other meetings too."""
    return _QUOTATION.sub(lambda m: " " * len(m.group()), sentence)


def _without_follow_ups(head: str) -> str:
    """The lead with an announced next or follow-up meeting blanked, when the rest reports a current one."""
    lowered = head.lower()
    if not any(w in lowered for w in ("next", "follow", "subsequent", "upcoming")):
        return head
    spans = [m.span() for m in _NEXT.finditer(head)]
    if not spans:
        return head
    blanked = head
    for a, b in spans:
        blanked = blanked[:a] + " " * (b - a) + blanked[b:]
    return blanked if _CURRENT.search(blanked) else head


def infer_event(text: str, title: str | None, body_start: int, dateline: Dateline | None,
                reference: date | None, year: int | None, dates: list[date]) -> EventFacts | None:
    """The event the text reports on, or None when it names none."""
    whole = text[body_start:body_start + LEAD_CHARS]
    for head in dict.fromkeys((_without_follow_ups(whole), whole)):  # the follow-up, if it is all the text names
        lead = [s for _, s in sentences(head)]
        opening = len(sentences(re.split(r"\n\s*\n", head.strip(), maxsplit=1)[0]))
        name, index = event_name(text[body_start:], title, [_unquoted(s) for s in lead], opening)
        if name is not None:
            break
    else:
        return None
    place, online = event_place(lead, index, dateline, title)
    yearless: set[tuple[int, int]] = set()
    start, end = event_dates(lead, reference, year, dates, yearless)
    if place is None and not online and start is None and end is None and len(name.split()) <= 2:
        return None  # "the workshop", nowhere, never: nothing a reader or a link could use
    return EventFacts(
        name=" ".join(name.split()),
        city=place.city if place else None,
        country=place.country if place else None,
        start=start,
        end=end,
        online=online,
        days=tuple(sorted(yearless)),
    )

