"""Speaker mentions: the phrase that names who speaks, read from before or after a cue verb.

A mention is a pronoun, a capitalised name run (a person, or a body when it holds an organisation
word or an acronym), or a description ("the Tajik leader", "the Kyrgyz president's press service"),
with the role and organisation its appositive gives ("X, Head of the OSCE Centre in Y, said").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indexer.attribution.names import LINK_SPLIT as _LINK_SPLIT, LINK_WORDS as _LINK_WORDS, ORGRUN, RUN, UPPER as _UP
from indexer.attribution.names import bare as _bare, is_acronym
from indexer.attribution.roles import clean_role, organization_in
from indexer.attribution.cues import (
    BODY_NOUNS, DOC_NOUNS, FEMALE, GENDER_NOUNS, GEO_WORDS, GROUP_NOUNS, HONORIFICS, MALE, ORG_WORDS, PERSON_NOUNS,
    PORTFOLIOS, ROLE_WORDS, STOP_CAPS, is_demonym,
)

# Courtesy titles and abbreviations are not roles; "Ambassador", "Senator", "President" are.
_COURTESY = frozenset("Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Rev Reverend H.E HE Excellency Prof Professor "
                      "Sen Rep Gov Gen Amb Col Lt Capt Maj Sgt Adm Dep".split())
_DET = r"(?:the|The|a|A|an|An|his|His|her|Her|its|Its|their|Their|our|Our)"
_LOWER = r"[a-z][\w'’-]*"

PRONOUN_TAIL = re.compile(r"(?:^|\s)(he|she|they|it|we|I|He|She|They|It|We)\s*$")
PRONOUN_HEAD = re.compile(r"^\s*(he|she|they|it|we|I)\b")
RUN_TAIL = re.compile(rf"(?:(?<=\s)|^)(?:the\s+|The\s+)?({ORGRUN})\s*$")
RUN_HEAD = re.compile(rf"^\s*(?:the\s+)?({ORGRUN})")
POSSESSIVE_TAIL = re.compile(rf"(?:{_DET}\s+)?(?:{_LOWER}\s+)?{ORGRUN}(?:['’]s|(?<=s)['’])(?:\s+{_LOWER}){{1,3}}\s*$")
DESC_TAIL = re.compile(rf"(?:.*\s|^)({_DET}\s+(?:[\w'’.-]+\s+){{0,5}}?{_LOWER})\s*$", re.S)
_FUNCTION_END = re.compile(r"\b(?:and|or|but|to|of|in|on|at|for|with|that|which|who|as|by|from|then|also|not)\s*$")
GROUP_TAIL = re.compile(rf"(?:^|\s)((?:[A-Z][a-z]+|[a-z]+)s\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,4}}[\w-]+)\s*$")
DESC_HEAD = re.compile(
    rf"^\s*{_DET}\s+(?:[\w'’.-]+\s+){{0,5}}?{_LOWER}(?:\s+(?:of|for|at|to|in)\s+(?:the\s+)?{ORGRUN}"
    rf"|\s+of\s+(?:state|government|delegation|staff|mission))?"  # 'the head of state', 'the chief of staff'
)
# 'the press service of the Ministry of Defence': several lowercase words before the body they belong to
DESC_OF_HEAD = re.compile(rf"^\s*{_DET}\s+(?:{_LOWER}\s+){{1,3}}(?:of|for|at)\s+(?:the\s+)?{ORGRUN}")
DESC_OF_TAIL = re.compile(
    rf"(?:^|(?<=\s))({_DET}\s+(?:{_LOWER}\s+){{0,2}}({_LOWER})\s+(?:of|for|at)\s+(?:the\s+)?({ORGRUN}))\s*$"
)
NAMED_BODY_TAIL = re.compile(rf"(?:^|(?<=\s))((?P<owner>{ORGRUN})(?:\s+{_LOWER})?\s+({_LOWER}))\s*$")
DEMONYM_DESC_HEAD = re.compile(rf"^\s*(?:the|The)\s+((?:[{_UP}][\w-]*\s+){{1,2}})(?:{_LOWER}\s+){{0,2}}({_LOWER})(?![\w'’-])")
DOC_OF_TAIL = re.compile(
    r"(?:^|(?<=\s))((?:the|The|a|A)\s+(?:[a-z]+\s+)?(?:statement|declaration|communiqu[eé]|message|document|appeal|"
    r"resolution)\s+(?:of|by)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s*$"
)
ROLE_OF_HEAD = re.compile(rf"^\s*((?:deputy\s+|first\s+|acting\s+)?({_LOWER})\s+(?:of|for|at)\s+(?:the\s+)?)({ORGRUN})")
_ROLE_OF_END = re.compile(r"(?:^|\s)(?:deputy\s+|first\s+)?[a-z]+\s+(?:of|for|at)\s+(?:the\s+)?$")
_ROLE_NOUNS = PERSON_NOUNS | {w.lower() for w in ROLE_WORDS}
_FUNCTION_WORD = r"(?:that|the|and|of|to|in|on|for|with|as|at|by|from|but|or|who|which)\s"
ROLE_HEAD = re.compile(rf"^\s*((?:(?!{_FUNCTION_WORD})[\w/'’-]+\s+){{1,4}}?)({RUN})")
ADJ_RUN_HEAD = re.compile(rf"^\s*(?:the|a|an)\s+(?:[a-z][\w-]*\s+){{1,3}}({ORGRUN})")
_ISSUED = re.compile(
    r"\s+(?:has\s+|have\s+)?(?:issued|released|adopted|published|signed|put\s+out)\s+(?:a|an|the|its|their)\s+"
    r"(?:joint\s+|written\s+|new\s+)?(?:statement|declaration|communiqu[eé]|report|resolution|letter|release)\s*$"
)
BARE_TAIL = re.compile(r"(?:^|\s)([A-Za-z]+)\s*$")
_LOWER_WORDS_END = re.compile(rf"(?:^|{_DET}\s+|\s)((?:{_LOWER}\s+){{1,3}})$")  # 'the senior diplomat ' + name
_NOT_ROLE_WORDS = re.compile(r"\b(?:and|or|said|that|by|with)\s")
_ARTICLE = re.compile(r"^(?:the|The|a|A|an|An)\s+")
_PARTY = re.compile(r"^[RDI]-[A-Z][\w.]*$|^[RDI]\.?$")
_AND = re.compile(r"\s+(?:and|&)\s+")
_VERBISH = re.compile(r"\b(?:has|have|had|is|are|was|were|be|been|will|would|to|that|who|which|come|came)\b")


@dataclass(frozen=True)
class Mention:
    """Who a phrase names: kind is person, body, pronoun, description or bare (a plural noun)."""

    kind: str
    text: str
    name: str | None = None
    role: str | None = None
    organization: str | None = None
    gender: str | None = None
    head: str | None = None  # head noun of a description or bare noun, lowercase


def _person_at_end(words: list[str], plain: list[str]) -> tuple[list[str], list[str]] | None:
    """Split 'Tajik President Emomali Rahmon' into role words and name words (None if no name)."""
    cut = max((i for i, w in enumerate(plain) if w in ROLE_WORDS or w in HONORIFICS or w in GEO_WORDS
               or w in ORG_WORDS or w in PORTFOLIOS or is_acronym(w)), default=-1)
    if cut == len(words) - 1:
        return None
    return words[: cut + 1], words[cut + 1 :]


def _body(run: str, text: str | None) -> Mention:
    name = run if re.search(r"\b[A-Z]\.$", run) else run.rstrip(".")
    return Mention("body", text or run, name=name, organization=name)


def _linked(run: str, words: list[str], text: str | None, gender: str | None) -> Mention | None:
    """A run with 'of', 'for', 'in'…: a role then a name, a person 'of' a place, or a body."""
    linked = _LINK_SPLIT.split(run)
    first = [_bare(w) for w in linked[0].split()]
    last = linked[-1].split()
    split = _person_at_end(last, [_bare(w) for w in last])
    named = split is not None and (len(split[1]) > 1 or bool(split[0] and _bare(split[0][-1]) in HONORIFICS))
    if named and split is not None and (first[-1] in ROLE_WORDS or first[0] in HONORIFICS or first[0] in ROLE_WORDS):
        role = " ".join(words[: len(words) - len(split[1])])
        return _person(split[1], role.split(), text or run, gender)
    if first[-1] in ROLE_WORDS or first[0] in ROLE_WORDS:
        return None  # "Head of the OSCE Centre in Bishkek": a role; the name comes elsewhere
    head = _person_at_end(linked[0].split(), first)
    if head and len(head[1]) > 1 and re.match(r"\s+(?:of|from|at)\s", run[len(linked[0]) :]):
        person = _person(head[1], head[0], text or run, gender)  # 'Police Colonel X of the Ministry of …'
        return Mention("person", person.text, person.name, person.role,
                       _body(_LINK_SPLIT.split(run, maxsplit=1)[1], None).name, gender)
    return _body(run, text)


def _person(name_words: list[str], role_words: list[str], text: str, gender: str | None) -> Mention:
    name = " ".join(name_words).removesuffix("'s").removesuffix("’s")  # 'Donald Trump’s tweet': Donald Trump
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$|Jr\.$|Sr\.$", name):
        name = name[:-1]
    while role_words and (_bare(role_words[-1]) in _COURTESY or role_words[-1].endswith(".")):
        role_words = role_words[:-1]
    while role_words and _bare(role_words[0]) in _COURTESY:
        role_words = role_words[1:]
    if all(_bare(w) in GEO_WORDS or _bare(w).endswith("stan") for w in role_words):
        role_words = []  # 'of Kazakhstan Kairat Abdrakhmanov': a place before a name is no role
    role = " ".join(role_words) or None
    return Mention("person", text, name=name, role=role, organization=organization_in(role), gender=gender)


@lru_cache(maxsize=8192)
def classify_run(run: str, text: str | None = None) -> Mention | None:
    """A capitalised run as a person (name after any role words) or a body; None for a bare role."""
    words = run.strip().rstrip(",").split()
    while words and (words[0] in STOP_CAPS or _bare(words[0]) in STOP_CAPS or words[0] in _LINK_WORDS) \
            and words[0] not in HONORIFICS:
        words = words[1:]
    while words and (words[-1].rstrip(".,") in STOP_CAPS or words[-1] in _LINK_WORDS):
        words = words[:-1]
    run = " ".join(words)
    if not words or _PARTY.match(run) or (len(words) > 2 and all(w.isupper() for w in words)):
        return None  # a party tag, or a heading in capitals
    plain = [_bare(w) for w in words]
    if len(words) == 1 and plain[0].lower() in GROUP_NOUNS:
        return Mention("bare", text or run, head=plain[0].lower())
    if len(words) == 1 and (len(plain[0]) > 5 and plain[0].endswith("ing") or len(plain[0]) > 7 and plain[0].endswith("ed")):
        return None  # a capitalised participle opening a sentence: "Organized by …"
    if all(is_demonym(w) for w in plain):
        return None  # 'Russian', 'Muslim': an adjective, never a speaker
    if len(words) == 1 and (plain[0].endswith("stan") or plain[0] in GEO_WORDS):
        return _body(run, text)
    gender = next(("female" if w in FEMALE else "male" for w in plain if w in FEMALE or w in MALE), None)
    gender = gender or next((g for g, nouns in GENDER_NOUNS.items() for w in plain if w.lower() in nouns), None)
    if len(_LINK_SPLIT.split(run)) > 1:
        pair = _AND.split(run, maxsplit=1)
        first = classify_run(pair[0]) if len(pair) == 2 else None
        if first and first.kind == "person" and len((first.name or "").split()) > 1:
            second = classify_run(pair[1])
            if second and second.kind == "person" and len((second.name or "").split()) > 1:
                return first  # 'Ivo Marek and Ali Saidov noted': two people, not a body; the first speaks here
        return _linked(run, words, text, gender)
    split = _person_at_end(words, plain)
    if split is None:
        if plain[-1] in ORG_WORDS or is_acronym(plain[-1]) or plain[-1] in GEO_WORDS or plain[-1] in PORTFOLIOS:
            return _body(run, text)  # 'Peabody Energy', 'Ministry of Health'-style bodies
        return None
    if len([w for w in split[1] if len(_bare(w)) > 1]) > 4:
        return None  # five capitalised words are a headline or a title, not a name
    return _person(split[1], split[0], text or run, gender)


def _description(phrase: str) -> Mention | None:
    phrase = phrase.strip()
    phrase = phrase if re.search(r"\b[A-Z]\.$", phrase) else phrase.rstrip(".")  # '… Defence Ministry.' ends a sentence
    body = _ARTICLE.sub("", phrase)
    if _bare(body.split()[0]) in STOP_CAPS if body.split() else True:
        return None
    if re.match(r"^(?:his|her|its|their|our|His|Her|Its|Their|Our)\s", body):
        body = body.split(None, 1)[1] if len(body.split()) > 1 else body
    lowers = re.findall(r"\b[a-z][\w-]*\b", re.split(r"\s(?:of|for|at|to|in)\s", body)[0])
    head = lowers[-1] if lowers else None
    named = bool(re.search(rf"[{_UP}]", body)) and bool(
        re.search(r"['’]s\b", body) or re.search(rf"\b(?:for|of|at|from|with)\s+(?:the\s+)?[{_UP}]", body)
        or head in DOC_NOUNS or head in BODY_NOUNS)
    gender = next((g for g, nouns in GENDER_NOUNS.items() if head in nouns), None)
    return Mention("description", phrase, name=body if named else None, head=head, gender=gender,
                   organization=organization_in(body) if named else None)


def _role_description(phrase: str) -> Mention | None:
    """'the Ambassador', 'the Head of the Centre', 'the Kazakh President': a role standing for its holder."""
    words = [_bare(w) for w in _ARTICLE.sub("", phrase.strip()).split()]
    if not words or not re.match(r"\s*(?:the|The)\s", phrase):
        return None
    if words[0] in ROLE_WORDS:
        return Mention("description", phrase.strip(), head=words[0].lower())
    if words[-1] in ROLE_WORDS and len(words) <= 3:  # 'the Kazakh President'
        return Mention("description", phrase.strip(), head=words[-1].lower())
    return None


def with_appositive(m: Mention, appositive: str | None) -> Mention:
    """The mention with the role (and the organisation within it) that an appositive gives."""
    role = clean_role(appositive)
    if not role or m.kind not in ("person", "body"):
        return m
    return Mention(m.kind, m.text, m.name, role, organization_in(role) or m.organization, m.gender, m.head)


def tail_mention(pre: str) -> Mention | None:
    """The mention that ends `pre` (the words right before a cue), or None."""
    if not pre.strip():
        return None
    issued = _ISSUED.search(pre)
    if issued:  # 'the Security Council issued a statement calling …': the issuer speaks
        return tail_mention(pre[: issued.start()])
    m = PRONOUN_TAIL.search(pre)
    if m:
        return Mention("pronoun", m.group(1), head=m.group(1).lower())
    tail = pre[-80:]  # a possessive ends within a few words of the cue; skip the costly search otherwise
    m = POSSESSIVE_TAIL.search(pre, max(0, len(pre) - 240)) if "'" in tail or "’" in tail else None
    if m and _description(m.group()):
        return _description(m.group())
    m = DESC_OF_TAIL.search(pre, max(0, len(pre) - 200))
    owner = classify_run(m.group(3)) if m and m.group(2) in BODY_NOUNS else None
    office = m is not None and m.group(2) in BODY_NOUNS and _bare(m.group(3).split()[0]) in ROLE_WORDS
    if m and (office or owner is not None and owner.kind == "body"):
        return _description(m.group(1))  # 'the press service of the Ministry of Defence', '… of the President'
    m = RUN_TAIL.search(pre)
    if m:
        found = classify_run(m.group(1)) or _role_description(m.group(0))
        if found:
            before = pre[: m.start()].rstrip()
            role = _LOWER_WORDS_END.search(before + " ")
            plain = role and not _NOT_ROLE_WORDS.search(role.group(1))
            if found.kind == "person" and plain and not found.role:
                found = with_appositive(found, role.group(1))
            elif found.kind == "person" and plain and found.role and _ROLE_OF_END.search(pre, 0, m.start(1)):
                lead = _ROLE_OF_END.search(pre, 0, m.start(1)).group().strip()  # 'head of the General Staff X said'
                found = with_appositive(Mention("person", found.text, found.name, gender=found.gender),
                                        f"{lead} {found.role}")
            return found
    if _FUNCTION_END.search(pre):
        return None
    m = NAMED_BODY_TAIL.search(pre, max(0, len(pre) - 120))
    owner = classify_run(m.group("owner")) if m and m.group(3) in BODY_NOUNS else None
    if m and owner is not None and owner.kind == "body":  # 'RATS press service said': a named body's office
        return _description(m.group(1))
    m = GROUP_TAIL.search(pre)
    if m and m.group(1).split()[0].lower() in GROUP_NOUNS:
        return Mention("bare", m.group(1), head=m.group(1).split()[0].lower())
    m = DOC_OF_TAIL.search(pre, max(0, len(pre) - 120))
    if m:  # '"…," the joint statement of the foreign ministers reads'
        return _description(m.group(1))
    m = DESC_TAIL.match(pre)
    if m and not _VERBISH.search(m.group(1)):
        return _description(m.group(1))  # may be None
    m = BARE_TAIL.search(pre)
    if m and m.group(1).lower().endswith("s"):
        return Mention("bare", m.group(1), head=m.group(1).lower())
    return None


def head_mention(post: str) -> Mention | None:
    """The mention that starts `post` (the words right after an inverted cue: '…,' said X)."""
    m = PRONOUN_HEAD.match(post)
    if m:
        return Mention("pronoun", m.group(1), head=m.group(1).lower())
    m = ROLE_OF_HEAD.match(post)
    if m and m.group(2) in _ROLE_NOUNS:  # '…," head of the Mongolian General Staff Ivo Marek told reporters'
        found = classify_run(m.group(3))
        if found is not None and found.kind == "person" and len((found.name or "").split()) > 1:
            role = f"{m.group(1)}{found.role or ''}".strip()
            return with_appositive(Mention("person", found.text, found.name, gender=found.gender), role)
    m = DEMONYM_DESC_HEAD.match(post)
    if m and all(is_demonym(_bare(w)) for w in m.group(1).split()) and m.group(2) in PERSON_NOUNS | BODY_NOUNS:
        return _description(m.group())  # 'said the Kyrgyz leader', 'according to the Russian defense minister'
    m = RUN_HEAD.match(post)
    if m:
        found = classify_run(m.group(1))
        rest = post[m.end() :]
        if found is None:  # a role first: "the Secretary-General of X, Mr. Y"
            nxt = re.match(rf"^\s*,\s*({ORGRUN})", rest)
            person = classify_run(nxt.group(1)) if nxt else None
            if person:
                return with_appositive(person, m.group(1))
            if _role_description(m.group(0)):
                return _role_description(m.group(0))
            m = ROLE_HEAD.match(post)
            found = classify_run(m.group(2)) if m else None
            return with_appositive(found, m.group(1)) if found and found.kind == "person" and not found.role else found
        app = re.match(r"^\s*,\s*([^,;:]+)", rest)
        if app and not re.match(r"\s*(?:who|which|that|adding|saying|noting|in|at|on|during)\b", app.group(1)):
            return with_appositive(found, app.group(1))
        return found
    m = ROLE_HEAD.match(post)
    if m:
        found = classify_run(m.group(2))
        if found and found.kind == "person":
            return with_appositive(found, m.group(1)) if not found.role else found
    m = ADJ_RUN_HEAD.match(post)
    if m:
        found = classify_run(m.group(1))
        if found and found.kind == "body":
            return found
    m = DESC_OF_HEAD.match(post) or DESC_HEAD.match(post)
    if m:
        desc = _description(m.group())
        if desc is None:
            return None
        nxt = re.match(rf"^\s*,\s*({ORGRUN})", post[m.end() :])
        person = classify_run(nxt.group(1)) if nxt else None
        if person and person.kind == "person":
            return with_appositive(person, m.group())
        return desc
    return None
