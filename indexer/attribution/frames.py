"""Attribution frames: a cue verb with the mention of who speaks, read off a masked sentence.

Handles the subject before the cue ("X, Head of Y, said", "the Tajik leader noted"), the inverted
order after a quotation ("…," said Ambassador X, Head of Y), "according to X" and participles that
share the subject of the clause before them ("…, adding that …").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.attribution.cues import (
    AMBIGUOUS, BASE_FORMS, BODY_NOUNS, CUE_RE, DETERMINERS, GEO_WORDS, GROUP_NOUNS, HEADLINE_CUE_RE, PERSON_NOUNS,
    STOP_CAPS, SUBJECT_ENDS, is_demonym,
)
from indexer.attribution.mentions import Mention, classify_run, head_mention, tail_mention, with_appositive
from indexer.attribution.names import ORGRUN
from indexer.attribution.roles import is_role
from indexer.attribution.sentences import MASK
from indexer.attribution.sources import SOURCE_FIRST, source_after

_AUX = re.compile(
    r"(?:\s+(?:[a-z]+ly|also|further|then|later|again|once|has|had|have|would|will|did|does|do|is|was|were|are|"
    r"been|not|never|just|even|still|first|already|often|soon|then|too|himself|herself|themselves|itself|"
    r"could|might|may|can|should|must|has\s+also|had\s+also))+\s*$"
)
WINDOW = 300  # characters around a cue that can hold its speaker; bounds work on run-on text
_PREPOSITIONS = frozenset("for of in to at on with without from about into upon".split())
_PASSIVE = frozenset("was were is are be been being".split())
_BASE_SUBJECTS = frozenset(
    "i we they you will would could should must may might can also and not never did do does".split()
)
_SPEECH_ACTS = frozenset(
    "say tell ask write tweet call explain warn argue claim announce declare insist speak answer reply respond "
    "comment testify admit".split()
)
_SPEECH_STEMS = frozenset("say tell ask writ tweet claim argu insist declar suggest call".split())
_COORDINATED = re.compile(r"\b(?:and|but|or|then)(?:\s+[a-z]+ly)?\s*$")
_LONG_UPPER = re.compile(r"(?<!\S)[A-Z]\w{3,}")
_LONG_LOWER = re.compile(r"(?<!\S)[a-z]\w{3,}")
_TIMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Today Yesterday Tonight Earlier Later""".split()
)
_INVERTED_END = re.compile(r"\s*(?:[,.;:!?)]|$|\s(?:in|on|at|during|who|from|after|before|when|while)\b)")
# Verbs that follow their content and precede their speaker: '…, said Batchelder.'
_INVERTING = frozenset(
    "said says added adds noted notes wrote writes asked asks explained explains continued argued argues observed "
    "recalled insisted insists stressed emphasized declared warned warns acknowledged reported reports stated "
    "informed announced emphasised underlined specified".split()
)
_INTRO_END = re.compile(r",[\"”’']?\s+")
_PAREN = re.compile(r"\s*\([^()]*\)")
_CLAUSE_BREAK = re.compile(rf"[;:—–]|\s--\s|[{MASK}][\"”»’']*")
_LEAD = re.compile(r"^[\s,.;:\"”»’'!?)\]–—-]+")
_BY_AGENT = re.compile(r"\s+by\s+(?=[A-Z]|the\s)")
# 'This was stated by X at the meeting.': the sentence before is what X said
_THIS_WAS = re.compile(
    r"\s*(?:(?:This|That|It|These|Those)\s+(?:was|were|is|has\s+been|had\s+been)|As|as)\s+(?:[a-z]+ly\s+)?"
)  # 'This was stated by X', 'As noted by X, …'

_RELATIVE = re.compile(r",\s*who\s*$")
_CREDIT = re.compile(r"(?:^|[\s,])(?:(?:a|an|the|our|its|[A-Z][\w.'’-]*)\s+)?(?:own\s+)?correspondents?\s*$")
_CREDIT_CUES = frozenset("reports reported informs informed writes wrote".split())
_QUOTE_OPENS = re.compile(rf"[\s\"“«‘'(]*{MASK}[{MASK}\s]*[\"”»’']+\s*")
_APPOSITIVE_START = re.compile(r"^(?:the|a|an|who|which|whose|[a-z])", re.S)


@dataclass(frozen=True)
class Frame:
    """A cue in a sentence with its (unresolved) speaker mention; offsets are absolute."""

    cue: str
    start: int
    end: int
    mention: Mention | None
    subject_start: int
    subject_end: int
    participial: bool = False


_COUNTS = frozenset(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty fifty hundred dozens "
    "several many both all few numerous various".split()
)


def _is_verb(sentence: str, m: re.Match[str]) -> bool:
    """Tell 'Trump claims' and 'Smith noted' from 'the claims', 'member states', 'was stressed'."""
    word = m.group().split()[0]
    if sentence[m.start() - 1 : m.start()] in ("-", "'", "’") or sentence[m.end() : m.end() + 1] in ("-", "'", "’"):
        return False
    before = sentence[max(0, m.start() - 40) : m.start()].split()
    prev = before[-1].strip(",;:") if before else ""
    low = prev.lower()
    if word.endswith("ing") and (low in DETERMINERS or prev.endswith(("'s", "’s"))):
        return False  # 'her welcoming speech', 'the opening remarks'
    if word.endswith("ing") and low in _PREPOSITIONS and word.removesuffix("ing") not in _SPEECH_STEMS:
        return False  # 'for maintaining dialogue' is no speech; 'for saying that …' is
    if _BY_AGENT.match(sentence, m.end()) and _THIS_WAS.fullmatch(sentence, _clause_start(sentence, m.start()),
                                                                  m.start()):
        return True  # 'This was stated by X', 'As noted by X, …': the agent speaks
    aux = [w.lower() for w in before[-3:] if not w.lower().endswith("ly") and w.lower() not in ("also", "not")]
    if aux and aux[-1] in _PASSIVE and (word.endswith("ed") or word in ("told", "written", "said")):
        return False
    if word in BASE_FORMS and low == "to" and word not in _SPEECH_ACTS:
        return False
    if word.startswith("conclud") and not re.match(r"\s*(?:that\b|:)", sentence[m.end() : m.end() + 8]):
        return False
    if word not in AMBIGUOUS or not before:
        return True
    if low.endswith("ing") and len(before) > 1 and before[-2].lower() in DETERMINERS:
        return False  # 'during his opening remarks that …': a noun after a determiner and a participle
    if word.endswith("s") and (low in _COUNTS or low.isdigit()):
        return False  # 'Ten states took part', '25 reports': a counted noun
    if low in SUBJECT_ENDS and low not in ("that", "which"):
        return True
    if low in DETERMINERS or prev.endswith(("'s", "’s", "s'", "s’")) or (prev in STOP_CAPS and prev not in _TIMES):
        return False
    subject_like = low in SUBJECT_ENDS or low in GROUP_NOUNS or low in BODY_NOUNS or low in PERSON_NOUNS
    if word.endswith("ed"):
        return subject_like or low.endswith("ly") or not prev[:1].islower() or before[-1].endswith(",")
    if word.endswith("s"):
        named = (prev[:1].isupper() and prev not in GEO_WORDS and not prev.endswith(("an", "ese", "ish"))
                 and not is_demonym(prev) and not (len(before) > 1 and before[-2] in _PREPOSITIONS))  # 'of Muslim states'
        return subject_like or named or bool(re.match(r"\s+(?:that\b|:)", sentence[m.end() : m.end() + 8]))
    return low in _BASE_SUBJECTS or low in GROUP_NOUNS


def _is_headline(sentence: str) -> bool:
    """Title case ('Lindsey Graham Says …'): a headline, where cues are capitalised too."""
    if len(sentence) > 200 or sentence.rstrip()[-1:] in "!?\"”":
        return False
    upper, lower = len(_LONG_UPPER.findall(sentence)), len(_LONG_LOWER.findall(sentence))
    return upper + lower >= 3 and upper / (upper + lower) > 0.7


def sentence_subject(sentence: str) -> Mention | None:
    """The subject opening a sentence, or the one after its introductory phrase ('After …, she …')."""
    text = _LEAD.sub("", sentence[:WINDOW])
    found = None if re.match(r"[A-Z][a-z]+ly,", text) else head_mention(text)  # "Conversely, …"
    if found is None:
        comma = _INTRO_END.search(text, 0, 200)
        if comma:
            found = head_mention(text[comma.end() :])
    if found is None and (pronoun := _OPENING_PRONOUN.match(text)):  # 'He thanked X and said …'
        found = Mention("pronoun", pronoun.group(1), None, head=pronoun.group(1).lower())
    return found if found and found.kind in ("person", "body", "pronoun", "description") else None


_OPENING_PRONOUN = re.compile(r"(He|She)\s+(?:also\s+)?[a-z]+ed\b")


def _whole_name(part: str) -> Mention | None:
    m = re.fullmatch(rf"\s*(?:the\s+|The\s+)?({ORGRUN})\s*", part)
    return classify_run(m.group(1)) if m else None


def _role_text(text: str) -> str:
    """Drop an introductory phrase: 'In his video statement the OSCE Chairperson' -> 'the OSCE Chairperson'."""
    first = text.split()[0] if text.split() else ""
    if (first in STOP_CAPS or first[:1].islower() or first.endswith("ing")) and re.search(r"\b(?:the|The)\s", text):
        return re.sub(r"^.*?\b(?=(?:the|The)\s)", "", text, count=1)
    return text


def _antecedent(pre: str) -> Mention | None:
    """Who ', who' stands for: a name right before it, or a full name with its role ('X, Vice Speaker of Y, who')."""
    parts = [p.strip() for p in pre.split(",")]
    whole = _whole_name(parts[-1]) if not re.search(r"\s(?:and|&)\s", parts[-1]) else None
    if whole is not None and whole.kind == "person":
        return whole
    if len(parts) > 1 and is_role(parts[-1]):
        found = tail_mention(parts[-2])
        if found and found.kind == "person" and len((found.name or "").split()) > 1:
            return with_appositive(found, parts[-1]) if not found.role else found
    found = tail_mention(parts[-1])
    agent = found is not None and re.search(rf"\bby\s+(?:the\s+)?{re.escape(found.text)}\s*$", parts[-1])
    if found and found.kind == "person" and (found.role or agent) and len((found.name or "").split()) > 1:
        return found  # 'delivered by Deputy Secretary General X, who said'
    return None


def subject_before(pre: str) -> Mention | None:
    """The speaker mention that ends the words before a cue, with any appositive role."""
    pre = _AUX.sub("", _PAREN.sub("", pre))
    relative = _RELATIVE.search(pre)
    if relative:
        return _antecedent(pre[: relative.start()])
    if not pre.rstrip().endswith(","):
        found = tail_mention(pre)
        head, _, last = pre.rpartition(",")
        if found and found.kind == "person" and not found.role and head and found.text.strip() == last.strip():
            role = _role_text(head)
            if is_role(role):
                return with_appositive(found, role)
        return found
    parts = [p.strip() for p in pre.rstrip()[:-1].split(",")]
    names = [(k, _whole_name(parts[k])) for k in range(len(parts) - 1, max(-1, len(parts) - 5), -1)]
    for want in ("person", "body"):
        for k, found in names:
            if found is None or found.kind != want:
                continue
            if k == len(parts) - 1:
                role = parts[k - 1] if k > 0 and not _whole_name(parts[k - 1]) else None
                role = _role_text(role) if role else None
                return with_appositive(found, role) if role and len(role.split()) <= 14 else found
            app = ", ".join(parts[k + 1 :])
            return with_appositive(found, app) if _APPOSITIVE_START.match(app) or not _whole_name(app) else found
    found = tail_mention(parts[-2]) if len(parts) > 1 else None
    if found and len(parts) > 1 and _APPOSITIVE_START.match(parts[-1]):
        return with_appositive(found, parts[-1])
    return found or tail_mention(parts[-1])


def _unparen(post: str):
    """The words after a cue without their parentheses, and a map from an offset in them back to the words
    as written (identity when there are none, the usual case)."""
    if "(" not in post:
        return post, lambda i: i
    kept, last = [], 0
    for p in _PAREN.finditer(post):
        kept.extend(range(last, p.start()))
        last = p.end()
    kept.extend(range(last, len(post)))
    return "".join(post[i] for i in kept), lambda i: kept[i - 1] + 1 if i > 0 else 0


def _mention_end(post: str, mention: Mention | None) -> int:
    """Where an inverted subject ('…,' said X, Head of Y) ends in the words after the cue."""
    if mention is None:
        return 0
    end = 0
    for part in (mention.text, mention.role):
        at = post.find(part) if part else -1
        if at >= 0:
            end = max(end, at + len(part))
    return end


def _clause_start(sentence: str, at: int) -> int:
    """Where the clause holding position `at` starts, looking back at most WINDOW characters."""
    start = max(0, at - WINDOW)
    for m in _CLAUSE_BREAK.finditer(sentence, start, at):
        start = m.end()
    return start


def _inverted(sentence: str, m: re.Match[str], cstart: int, pre: str, post: str) -> tuple[bool, Mention | None]:
    """The speaker after the cue: '"…," said X' and '…content…, said X, Head of Y.'"""
    punctuated = (cstart == 0 or re.search(r"[,.!?–—-]", sentence[max(0, cstart - 2) : m.start()])
                  or _QUOTE_OPENS.fullmatch(sentence, 0, m.start()))  # '"… hand in hand" said X': no comma
    if not _AUX.sub("", pre).strip():
        return (True, head_mention(post)) if punctuated else (False, None)
    if pre.rstrip().endswith(",") and m.group() in _INVERTING:
        found = head_mention(post)
        named = found is not None and (found.kind in ("person", "body") or (
            found.kind == "description" and bool(found.name) and found.head in BODY_NOUNS))  # 'said the X's office'
        if named and _INVERTED_END.match(post, _mention_end(post, found)):
            return True, found
    return False, None


_OF_PLACE = re.compile(r"\b((?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z-]+\s+){0,2}?([a-z-]+))\s+(?:from|in|of)\s+(?:the\s+)?$")


_ONE_OF = re.compile(r"\b(?:[Oo]ne|[Ss]ome|[Mm]any|[Ss]everal|[Ee]ach|[Ee]ither|[Nn]either)\s+of\s+$")


def _unnamed_from(pre: str, mention: Mention | None) -> Mention | None:
    """'A woman from Osh, who …, said': the speaker is the unnamed woman, not the place she is from; 'one
    of the trainees said': one of them, unnamed, not all of them."""
    if mention is None or mention.text.strip().lower() in _COUNTS:
        return None  # 'Many noted that …': nobody named
    at = pre.rfind(mention.text)
    one_of = _ONE_OF.search(pre, 0, at) if at > 0 and mention.kind in ("description", "bare") else None
    if one_of is not None and one_of.end() == at:  # 'one of the trainees said': one unnamed trainee
        return Mention("description", pre[one_of.start() : at + len(mention.text)], None, head=mention.head)
    if mention.kind != "person" or not mention.role:
        return mention
    m = _OF_PLACE.search(pre, 0, at) if at > 0 else None
    if m is None or m.end() != at:
        return mention
    return Mention("description", pre[m.start() : at + len(mention.text)], None, head=m.group(2))


def _find_mention(pre: str, text: str) -> int:
    """Where a mention read with its parentheses dropped starts in the words before a cue ('the press
    service of the State Guard Committee (SGC) of X said'), -1 if nowhere."""
    found = pre.rfind(text)
    if found >= 0 or "(" not in pre:
        return found
    words = text.split()
    m = None
    for m in re.finditer(r"\s*(?:\([^()]*\)\s*)?".join(map(re.escape, words)), pre):
        pass
    return m.start() if m else -1


def _frame(sentence: str, m: re.Match[str], at: int, frames: list[Frame]) -> Frame:
    """The frame of one cue: who speaks, read before or after it, or shared with the frame before."""
    cue = m.group()
    post, where = _unparen(sentence[m.end() : m.end() + WINDOW])  # '… said the X Committee (XC) of Y'
    if cue.lower().startswith(SOURCE_FIRST):  # the source follows: 'according to X', 'has learned from X'
        mention = source_after(cue, post)
        return Frame(cue, at + m.start(), at + m.end(), mention, at + m.end(),
                     at + m.end() + where(_mention_end(post, mention)))
    if cue in ("citing", "quoting") and sentence[max(0, m.start() - 2) : m.start()].strip() == ",":
        mention = source_after(cue, post)  # 'The media report, citing the Federal Security Service.'
        if mention is not None and (mention.kind in ("person", "body") or mention.name):
            return Frame(cue, at + m.start(), at + m.end(), mention, at + m.end(),
                         at + m.end() + where(_mention_end(post, mention)))
    agent = _BY_AGENT.match(sentence, m.end())
    if agent and _THIS_WAS.fullmatch(sentence, _clause_start(sentence, m.start()), m.start()):
        mention = source_after("by", sentence[agent.end() : agent.end() + WINDOW])  # 'This was stated by X'
        start = at + agent.end()
        end = start + _mention_end(sentence[agent.end() : agent.end() + WINDOW], mention)
        return Frame(cue, at + m.start(), at + m.end(), mention, start, end)
    cstart = _clause_start(sentence, m.start())
    raw = sentence[cstart : m.start()]
    pre = _LEAD.sub("", raw)
    if _CREDIT.search(pre) and cue in _CREDIT_CUES:  # '…, correspondent reports.': the publisher's own credit
        return Frame(cue, at + m.start(), at + m.end(), None, at + m.start(), at + m.start())
    gerund = cue.split()[0].endswith("ing")
    if gerund and (not pre.strip() or raw.rstrip().endswith(",")):
        subject = None if frames else sentence_subject(sentence)
        return Frame(cue, at + m.start(), at + m.end(), subject, at, at, True)
    inverted, mention = _inverted(sentence, m, cstart, pre, post)
    if inverted:
        return Frame(cue, at + m.start(), at + m.end(), mention, at + m.end(),
                     at + m.end() + where(_mention_end(post, mention)))
    mention = subject_before(pre)
    if mention is None and frames and _COORDINATED.search(pre):
        return Frame(cue, at + m.start(), at + m.end(), None, at + m.start(), at + m.start(), True)
    if mention is None and not frames:
        mention = sentence_subject(sentence)
        if mention is not None:
            return Frame(cue, at + m.start(), at + m.end(), mention, at, at, gerund)
    mention = _unnamed_from(pre, mention)
    found = _find_mention(pre, mention.text) if mention else -1
    sub_start = at + m.start() - len(pre) + max(found, 0) if mention else at + m.start()
    return Frame(cue, at + m.start(), at + m.end(), mention, sub_start, at + m.start())


def find_frames(masked: str, start: int, end: int, base: int) -> list[Frame]:
    """Every cue frame of masked[start:end] (one sentence); `base` turns offsets absolute."""
    sentence = masked[start:end]
    frames: list[Frame] = []
    cues = CUE_RE.finditer(sentence)
    if _is_headline(sentence):
        cues = sorted([*cues, *HEADLINE_CUE_RE.finditer(sentence)], key=lambda c: c.start())
    for m in cues:
        if _is_verb(sentence, m):
            frames.append(_frame(sentence, m, start + base, frames))
    return frames
