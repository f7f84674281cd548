"""The event's name as the text gives it, or a descriptive one built from the text's own words.

Shapes, strongest first (each has a test):
- a quoted title beside an event noun: 'a seminar titled "Central Asia and …"', "this seminar, 'Modern …'"
- "X is the focus of a two-day workshop" → "two-day workshop on X"
- "A said during the talks with B" → "talks between A and B"
- a noun phrase around an event noun: "the 13th session of the SCO prosecutors general",
  "the first Central Asian Expert Forum", "the CSTO Council held in …"; from the headline when the
  lead gives only a bare noun ("OSCE Centre-supported conference").
"""
from __future__ import annotations

import re

EVENT_NOUNS = ("conference", "conferences", "meeting", "meetings", "session", "sessions", "summit", "seminar",
               "seminars", "workshop", "workshops", "forum", "course", "courses", "training", "talks", "round table",
               "roundtable", "dialogue", "consultations", "symposium", "congress", "assembly", "event", "briefing",
               "colloquium", "plenary", "retreat", "gathering")
_NOUN = r"(?:" + "|".join(sorted(EVENT_NOUNS, key=len, reverse=True)) + r")\b"
_NOUN_RE = re.compile(r"(?<![\w])(?=[abcdefgmprstwABCDEFGMPRSTW])" + _NOUN, re.I)
_NOUN_STEMS = re.compile("|".join(sorted({n.split()[0][:5] for n in EVENT_NOUNS})))


def has_event_noun(sentence: str) -> bool:
    """A cheap test before the phrase regexes: does any event noun's stem occur at all?"""
    return _NOUN_STEMS.search(sentence.lower()) is not None
_QUOTED = re.compile(
    rf"(?<![\w])(?=[abcdefgmprstwABCDEFGMPRSTW]){_NOUN}[,]?\s+(?:(?:titled|entitled|called|named|themed|on)\s+)?[\"“‘'«](?P<title>[A-Z][^\"”’'»]{{3,200}})[\"”’'»]",
    re.I,
)
_FOCUS = re.compile(
    r"^(?P<topic>[A-Z][^.;:]{5,250}?)\s+(?:is|are|was|were|will be)\s+(?:the\s+)?(?:main\s+)?focus\s+of\s+"
    r"(?P<rest>.+)$",
    re.S,
)
_SAID_WITH = re.compile(
    rf"(?P<who>(?:[A-Z][\w’'-]*\s+){{0,6}}[A-Z][\w’'-]+)\s+(?:said|noted|stressed|told reporters)\s+(?:during|at)\s+"
    rf"(?P<np>(?:the\s+|[A-Z][\w]*[’']s\s+)?(?:talks|meeting|consultations|negotiations))\s+with\s+"
    rf"(?P<other>(?:his|her|their|the)?\s*(?:[A-Za-z][\w’'-]*\s+){{0,8}}?[A-Z][\w’'-]+)(?=[,.;]|\s+(?:on|in)\b|$)",
)
_LEFT_OK = re.compile(r"^(?:[A-Z0-9][\w’'.-]*|[\w]+-[\w-]+|\d+\w*|(?i:first|second|third|fourth|fifth|regular|annual|"
                      r"regional|international|national|high-level|extraordinary|joint|informal|expert|ministerial|"
                      r"bilateral|trilateral|plenary|two|three|four|five|several|ordinary|special|final|closing|"
                      r"opening|inaugural|training|interactive|consultative|working|smaller))$")
_DETERMINERS = {"a", "an", "the", "this", "that", "these", "its", "their", "his", "her"}
_RIGHT_LINK = {"of", "on", "for", "between", "among", "against", "to", "in", "and", "the", "a", "an", "its", "their"}
_RIGHT_STOP = re.compile(
    r"^(?:which|that|who|where|when|will|would|is|are|was|were|has|have|had|can|could|may|might|shall|should|"
    r"how|what|whether|why|organized|organised|hosted|supported|backed|co-organized|sponsored|funded|under|with|gathered|"
    r"brought|started|began|opened|ended|ends|closed|took|discussed|discusses|considered|reviewed|adopted|approved|focused|takes|take|concluded|continued|continues|today|tomorrow|yesterday|set|as|from|during|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)$",
    re.I,
)
_HELD_WHERE = re.compile(r"\s+(?:in|on|at|last|this|today|yesterday|under|with)\b")
_DATE_WORD = re.compile(r"^(?:\d+|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\d*)$")
_COMPLEMENT_START = {"of", "on", "for", "between", "among", "to", "against", "at", "in", "(", "held"}
_TOKEN = re.compile(r"[\w’'-]+(?:\.[\w’'-]+)*|\(|\)|[^\w\s]")
MAX_RIGHT = 24


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text)


def noun_phrase(sentence: str, at: int, end: int, allow_to: bool = True) -> tuple[str, bool]:
    """The phrase around the event noun at sentence[at:end], and whether it has a complement
    ("of …", "on …"), which makes it a name rather than a bare noun."""
    left = _words(sentence[:at])
    kept_left: list[str] = []
    for w in reversed(left):
        if w.lower() in _DETERMINERS or not _LEFT_OK.match(w) or len(kept_left) >= 8:
            break
        kept_left.insert(0, w)
    right = _words(sentence[end:])
    kept_right: list[str] = []
    depth = 0
    if right and right[0].lower() not in _COMPLEMENT_START:
        right = []  # "the conference helps …": a verb follows, not a complement
    for w in right:
        if w == "(":
            depth += 1
        elif w == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and _DATE_WORD.match(w):
            break
        elif depth == 0 and w.lower() == "held" and _HELD_WHERE.match(sentence[end:], sentence[end:].find(" held") + 5):
            break
        elif depth == 0 and (_RIGHT_STOP.match(w) or (w in ",;:.!?\"“”«»" ) or (w == "to" and not allow_to)):
            break
        if w.lower() == "in" and len(kept_right) == 0:
            break
        kept_right.append(w)
        if len(kept_right) >= MAX_RIGHT:
            break
    while kept_right and (kept_right[-1].lower() in _RIGHT_LINK or kept_right[-1] == "("):
        kept_right.pop()
    if depth and ")" not in kept_right:
        kept_right = [w for w in kept_right if w != "("]
    phrase = " ".join(kept_left + [sentence[at:end]] + kept_right)
    phrase = re.sub(r"\s+([’'),.])", r"\1", re.sub(r"([(])\s+", r"\1", phrase))
    if left and left[-1].lower() in {"next", "previous", "last", "past"}:
        return phrase, False  # another meeting than the one reported
    proper = sentence[at:at + 1].isupper() and any(w[:1].isupper() for w in kept_left)  # "OSCE Summit"
    return phrase, proper or bool(kept_right)


_HELD = re.compile(r"\b(?:[Dd]uring|at|of)\s+the\s+(?P<np>[^,.;\"“”]{3,80}?)\s+held\s+(?:in|on|at|under|with)\b")
_GATHER = re.compile(
    rf"^(?P<who>[A-Z][^,;\"“”]{{10,160}}?)\s+(?:will\s+|are\s+to\s+)?(?:gather|gathered|meet|met|convene|convened)\s+"
    rf"(?:for|at|in)\s+(?:a|an|the|their)\s+(?:[\w-]+\s+){{0,2}}?(?P<noun>{_NOUN})"
)
_HEADLINE_SPLIT = re.compile(r"\s+[-–—]\s+|:\s+")


def held_name(sentence: str) -> str | None:
    """'During the first part of the CSTO Council held in …' → 'first part of the CSTO Council'."""
    m = _HELD.search(sentence) if " held " in sentence else None
    return m.group("np") if m and any(w[:1].isupper() for w in m.group("np").split()) else None


def gather_name(sentence: str) -> str | None:
    """'Heads of X will gather for a session on …' → 'session of Heads of X'."""
    m = _GATHER.match(sentence.strip()) if has_event_noun(sentence) else None
    return f"{m.group('noun')} of {m.group('who')}" if m else None


def headline_name(title: str) -> str | None:
    """'Respecting human rights … - OSCE-supported workshop held in Uzbekistan' → 'OSCE-supported workshop on
    respecting human rights …': a headline of a topic and an event, one on each side of a dash or colon."""
    parts = _HEADLINE_SPLIT.split(title, maxsplit=1)
    if len(parts) != 2:
        return None
    with_noun = [bool(_NOUN_RE.search(p)) for p in parts]
    if with_noun.count(True) != 1:
        return None
    event_part, topic = (parts[0], parts[1]) if with_noun[0] else (parts[1], parts[0])
    noun = _NOUN_RE.search(event_part)
    phrase, _ = noun_phrase(event_part, noun.start(), noun.end())
    return f"{phrase} on {topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic}"


_APPOSITIVE = re.compile(
    rf"(?<![\w])(?=[abcdefgmprstwABCDEFGMPRSTW]){_NOUN},\s+(?P<title>[A-Z][\w’'-]*(?:\s+[\w’'-]+){{2,30}}?),\s+(?:opened|started|began|was held|took place|"
    rf"is held|is taking place|will open|will be held|ended|closed|concluded)\b", re.I
)


def appositive_title(sentence: str) -> str | None:
    """'the conference, Regional Cooperation between …, opened in Tashkent' → the title between the commas."""
    m = _APPOSITIVE.search(sentence) if "," in sentence and has_event_noun(sentence) else None
    if not m or not m.group("title")[:1].isupper():
        return None
    capitals = [w for w in m.group("title").split() if w[:1].isupper()]
    return m.group("title") if len(capitals) * 2 >= len(m.group("title").split()) else None


def quoted_title(text: str) -> str | None:
    """A title in quotation marks set beside an event noun."""
    m = _QUOTED.search(text)
    if m and len(m.group("title").split()) >= 2:
        return m.group("title").strip().rstrip(",.")
    return None


def focus_name(sentence: str) -> str | None:
    """'X is the focus of a seminar …' → 'seminar … on X'."""
    m = _FOCUS.match(sentence.strip()) if "focus of" in sentence else None
    if not m:
        return None
    rest = m.group("rest")
    noun = _NOUN_RE.search(rest)
    if not noun or noun.start() > 60:
        return None
    phrase, _ = noun_phrase(rest, noun.start(), noun.end(), allow_to=False)
    topic = re.split(r",\s*(?:as well as|and|including|which)\b|\s+(?:as well as)\s+", m.group("topic"))[0]
    return f"{phrase} on {topic[:1].lower() + topic[1:] if topic[1:2].islower() else topic}"


def said_with_name(sentence: str) -> str | None:
    """'A said during the talks with B' → 'talks between A and B'."""
    said = " with " in sentence and any(cue in sentence for cue in (" said ", " noted ", " stressed ", " told "))
    m = _SAID_WITH.search(sentence) if said and has_event_noun(sentence) else None
    if not m:
        return None
    noun = m.group("np").split()[-1]
    return f"{noun} between {m.group('who').strip()} and {m.group('other').strip()}"


def phrases(sentence: str, allow_to: bool = True) -> list[tuple[str, bool, int]]:
    """Every event-noun phrase of a sentence: (phrase, named, offset)."""
    out = []
    if not has_event_noun(sentence):
        return out
    for m in _NOUN_RE.finditer(sentence):
        phrase, named = noun_phrase(sentence, m.start(), m.end(), allow_to)
        out.append((phrase, named, m.start()))
    return out
