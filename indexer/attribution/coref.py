"""Who a mention refers to: full names are remembered, later surnames, pronouns and descriptions
("he", "Mr. Marquering", "the Tajik leader", "the newspaper") resolve to the nearest fitting one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.attribution.antecedents import LED_BY, ROLE_FAMILIES, fuller_body, spelled_out, unnamed_person
from indexer.attribution.appositives import is_place, names_person, role_before, same_people
from indexer.attribution.cues import BODY_NOUNS, FORUM_NOUNS, ORG_WORDS, PERSON_NOUNS, ROLE_WORDS, is_demonym
from indexer.attribution.mentions import Mention, classify_run
from indexer.attribution.names import ORGRUN, RUN, is_acronym
from indexer.attribution.roles import clean_role, is_role, organization_in

_NAMES_IN = re.compile(RUN)
_DEFINED = re.compile(rf"({ORGRUN})\s*\(([A-Z][A-Z0-9]{{1,9}})\)")
_ACRONYM_OFFICE = re.compile(r"([A-Z][A-Z0-9]{1,9})\s+((?:[a-z][\w-]*\s*){1,3})")
_OWNED_OFFICE = re.compile(r"([A-Z][\w-]*)['’]s\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)")
_WORD_NO_POSSESSIVE = re.compile(r"[\w-]+(?:['’](?![sS]\b)[\w-]+)*")
# Documents named by a common noun that speak for whoever issued them: 'the statement said', 'the message reads'.
DOC_VOICES = frozenset("statement message document text release".split())
_ROLE_HEADS = frozenset(w.lower() for w in ROLE_WORDS)
_INTRO = re.compile(
    r"(?:On|In|At|During|After|Before|Earlier|Later|Then|Meanwhile|Still|But|And|Yet|So)\b[^,;:.]{0,60},[\"”’']?\s+"
)
_SUBJECT_PRONOUN = re.compile(r"(He|She|he|she)\s+(?!said|says|told|added)[a-z]")
_EVENT_NOUNS = frozenset(
    "seminar workshop course session exercise drill talk conference summit training round roundtable briefing "
    "webinar meeting forum symposium dialogue visit report update interview".split()
)
_INDEFINITE = re.compile(r"\s*(?:an?|one|another|some|many|several|each|either|neither)\s", re.IGNORECASE)
_PART_OF = re.compile(r"\s*\w+\s+of\s")  # 'one of the delegates': one, not all
_CLAUSE_PUNCT = re.compile(r"[,;:.()\"“”«»\u2591]")
_HEADLINE_SUBJECT = re.compile(r"\s+on\s|:\s|\s+(?:says|said|warns|urges|calls)\b")
_APPOSITIVE = re.compile(r",\s+(?:the\s+)?([^,;:.()]{3,90}?)(?:,|\.(?:\s|$)|$|\s+(?:with|during|while|when)\s)")


def _surname_like(word: str) -> bool:
    """A headline's first word that may be a surname ('Marek on …'), not a plural or an event ('Talks on …',
    'Seminar on …', 'Training on …')."""
    low = word.lower()
    return not (low.endswith(("s", "ing")) or low in _EVENT_NOUNS or low in FORUM_NOUNS or low in BODY_NOUNS
                or low in PERSON_NOUNS)


def _placed(e: Entity) -> bool:
    """Whether the text ties a person to a people or a place ('Russian President X', 'President of Y X')."""
    return any(is_demonym(w.capitalize()) or is_place(w.capitalize()) for w in _words(e.role) | e.described)


@dataclass(frozen=True)
class Speaker:
    name: str
    kind: str  # "person" | "collective"
    role: str | None = None
    organization: str | None = None


@dataclass
class Entity:
    name: str
    kind: str
    role: str | None = None
    organization: str | None = None
    gender: str | None = None
    seen: int = 0
    spoke: int = -1  # position of its latest attribution, -1 if never
    subject: int = -1  # position of its latest mention as a sentence subject
    described: set[str] = field(default_factory=set)  # role words seen around its name ("tajik", "president"):
    # a set, not the texts joined, so a name mentioned thousands of times costs no more to match
    folded: str = field(init=False, repr=False, compare=False)  # name.casefold(): names never change
    parts: list[str] = field(init=False, repr=False, compare=False)  # its words

    def __post_init__(self) -> None:
        self.folded = self.name.casefold()
        self.parts = self.folded.split()

    def speaker(self) -> Speaker:
        """The record-facing view: bodies and forums speak as collective voices."""
        return Speaker(self.name, "person" if self.kind == "person" else "collective", self.role, self.organization)


def _words(text: str | None) -> set[str]:
    """Lowercase words of three letters or more, without a possessive ('Mongolia's' -> 'mongolia')."""
    return {w.lower() for w in _WORD_NO_POSSESSIVE.findall(text or "") if len(w) > 2}


@dataclass
class Entities:
    """The people and bodies a document has named so far, most recent last."""

    items: list[Entity] = field(default_factory=list)
    later: tuple[Entity, ...] = ()  # everyone a first reading of the whole text named, for role nouns ahead of names
    pending: list[str] = field(default_factory=list)  # qualified role nouns that found nobody
    lone: set[str] = field(default_factory=set)  # surnames remembered before any full name ending with them
    acronyms: dict[str, str] = field(default_factory=dict)  # 'FSB' -> 'Russian Federal Security Service'
    # the nearest antecedent of 'he'/'she' in the sentence being read, when it is not the latest speaker:
    # (from position, gender or None, the person or None for someone unnamed)
    antecedent: tuple[int, str | None, Entity | None] | None = None
    # whom the previous sentence introduced for the next one's 'he'/'she': (gender, person or None if unnamed)
    introduced: tuple[str | None, Entity | None] | None = None

    def _find(self, name: str) -> Entity | None:
        key = name.casefold()
        for e in reversed(self.items):
            if e.folded == key:
                return e
        return None

    def _by_surname(self, word: str, kind: str) -> Entity | None:
        key = word.casefold()
        for e in reversed(self.items):
            parts = e.parts
            if len(parts) > 1 and key in parts and (kind == "person") == (e.kind == "person"):
                return e
        return None

    def remember(self, m: Mention, pos: int) -> Entity | None:
        """Add or refresh a named person or body; single words merge into an earlier full name."""
        if not m.name:
            return None
        kind = "person" if m.kind == "person" else "body"
        e = self._find(m.name) or (self._defined(m.name) if kind == "body" and self.acronyms else None)
        owned = _OWNED_OFFICE.fullmatch(m.name) if e is None and kind == "body" else None
        owner = self._by_surname(owned.group(1), "body") if owned and not is_place(owned.group(1)) else None
        if owner is not None and owned is not None:  # 'the Centre's press office': the OSCE Centre in X's
            name = f"{owned.group(2)} of the {owner.name}"
            m = Mention("body", m.text, name, m.role, owner.name, m.gender, m.head)
            e = self._find(name)
        if e is None and len(m.name.split()) == 1:
            e = self._by_surname(m.name, kind)
            if e is not None and kind == "body" and is_place(m.name) and e.name.split()[-1] != m.name:
                e = None  # 'Kazakhstan condemns …' is not the 'Kazakhstan Institute'
        if (e is None or e.spoke < 0) and kind == "body" and len(m.name.split()) > 1:
            e = fuller_body(self.items, m.name) or e  # 'the Foreign Ministry' after 'Mongolia's Foreign Ministry'
        if e is None and kind == "body" and is_acronym(m.name):
            e = self._ahead_body(m.name)  # 'ABC says …' in a headline, 'the ABC Regional Structure' below
        if e is None and kind == "person" and len(m.name.split()) == 1:
            e = self._ahead_surname(m.name)  # 'Marek also noted …' in a lead before 'Ivo Marek' is named
        if e is None:
            e = self._absorb(Entity(m.name, kind))
        else:
            self.items.remove(e)
            self.items.append(e)
        e.seen = pos
        e.described |= _words(m.text)
        # the fuller description wins: 'Head of the EU Delegation' over 'Ambassador'
        if m.role and (not e.role or len(m.role) > len(e.role)):
            e.role = m.role
        if m.organization and (not e.organization or len(m.organization) > len(e.organization)):
            e.organization = m.organization
        e.gender = e.gender or m.gender
        return e

    def unresolved(self) -> bool:
        """Whether a second reading, knowing whom the whole text names, could resolve what this one could not:
        a lone surname whose full name comes later, a role noun ('the Russian defense minister') ahead of its
        holder. Checked loosely (any later full name with that surname, any person sharing a word) and only
        when something was pending, so most texts are read once."""
        if not self.pending:
            return False
        if any(spelled_out(text, self.items) for text in self.pending if is_acronym(text)):
            return True
        people = [e for e in self.items if e.kind == "person" and len(e.parts) > 1]
        for text in self.pending:
            words = _words(text) - {"the"}
            if any(words & (_words(e.role) | e.described) for e in people):
                return True
        return False

    def full_names(self) -> dict[str, Speaker]:
        """Lone surnames a lead used before the text named them in full ('Marek also noted …' then 'Ivo
        Marek'), each with the one person it names."""
        out = {}
        for word in self.lone:
            key = word.casefold()
            found = [e for e in self.items if e.kind == "person" and len(e.parts) > 1 and e.parts[-1] == key]
            if len(found) == 1:
                out[word] = found[0].speaker()
        return out

    def _ahead_body(self, acronym: str) -> Entity | None:
        """The fuller body name an acronym alone stands for when the text spells it out only later."""
        if not self.later:
            self.pending.append(acronym)
            return None
        e = spelled_out(acronym, self.later)
        return None if e is None else self._absorb(Entity(e.name, "body", None, e.organization or e.name))

    def _ahead_surname(self, word: str) -> Entity | None:
        """The full name a lone surname stands for when the text names it only later."""
        self.lone.add(word)
        key = word.casefold()
        ahead = {e.name: e for e in self.later if e.kind == "person" and len(e.parts) > 1 and e.parts[-1] == key}
        if len(ahead) != 1:
            return None
        e = next(iter(ahead.values()))
        return self._absorb(Entity(e.name, "person", e.role, e.organization, e.gender))

    def _absorb(self, e: Entity) -> Entity:
        """Add a new entity; a full name takes over the surname a headline named alone ('Marek on …')."""
        if e.kind == "person" and len(e.parts) > 1:
            for old in [x for x in self.items if x.kind == "person" and x.folded == e.parts[-1]]:
                self.items.remove(old)
                e.spoke, e.subject, e.seen = max(e.spoke, old.spoke), max(e.subject, old.subject), max(e.seen, old.seen)
                e.role, e.organization = e.role or old.role, e.organization or old.organization
        self.items.append(e)
        return e

    def _defined(self, name: str) -> Entity | None:
        """'FSB press service' is the 'press service of the Federal Security Service (FSB)' named before."""
        m = _ACRONYM_OFFICE.fullmatch(name)
        body = self.acronyms.get(m.group(1)) if m else None
        if m is None or body is None:
            return None
        return next((e for e in reversed(self.items) if e.kind == "body" and body in e.name and m.group(2) in e.name),
                    None)

    def observe(self, text: str, pos: int, headline: bool = False) -> None:
        """Remember names in narrator text, with any appositive role; the one opening it is its subject.
        A headline may name its subject by surname alone ('Marek on border talks', 'Marek: …'); a body
        may define its acronym ('the Federal Security Service (FSB)')."""
        if "(" in text:
            for d in _DEFINED.finditer(text):
                self.acronyms.setdefault(d.group(2), d.group(1))
        lead = len(text) - len(text.lstrip(' \u2591"“”«»\'‘’,.'))
        intro = _INTRO.match(text, lead)
        if intro:
            lead = intro.end()
        unnamed = self._antecede(text, pos)
        pronoun = _SUBJECT_PRONOUN.match(text, lead)
        if pronoun:  # 'He thanked X for "…"': the person 'he' stands for is this sentence's subject
            e = self._pronoun("male" if pronoun.group(1) in ("He", "he") else "female", pos + lead)
            if e is not None:
                e.subject = pos + lead
        new: list[Entity] = []
        subject = pronoun is not None
        for m in _NAMES_IN.finditer(text):
            found = classify_run(m.group())
            if found and found.kind == "bare" and found.head in FORUM_NOUNS and m.start() <= lead + 12:
                self._voice(found.text, -1).subject = pos + m.start()
            if not found or found.kind not in ("person", "body") or not found.name:
                continue
            if found.kind == "body":
                if (found.name.split()[-1] in ORG_WORDS and not self._find(found.name) and not fuller_body(self.items, found.name)
                        and not (" " not in found.name and self._by_surname(found.name, "body"))):  # 'the Centre' said
                    self.items.append(Entity(found.name, "body", None, found.name, None, pos + m.start()))
                continue
            e = self._find(found.name) or (self._by_surname(found.name, "person") if " " not in found.name else None)
            alone = headline and m.start() == lead and _HEADLINE_SUBJECT.match(text, m.end()) and _surname_like(found.name)
            led = LED_BY.search(text, max(0, m.start() - 40), m.start()) and not is_place(found.name)
            if e is None and (len(found.name.split()) > 1 or alone or led):
                e = self._absorb(Entity(found.name, "person", None, None, found.gender))
                new.append(e)
            if e is None:
                continue
            lead_in = _CLAUSE_PUNCT.split(text[max(0, m.start() - 40) : m.start()])[-1].split()[-3:]
            e.described |= _words(f"{' '.join(lead_in)} {m.group()}")  # 'his Tajik counterpart X'
            app = _APPOSITIVE.match(text, m.end())
            role = clean_role(app.group(1)) if app else None
            if not (role and is_role(role)) or names_person(role):  # ', UN Secretary General Ban Ki-moon': his
                role = found.role if found.role and is_role(found.role) else None  # 'Kazakh Foreign Minister X'
            before, words = role_before(text, m.start() + max(m.group().find(found.name), 0))
            role = role or before
            e.described |= _words(words)
            if role and not e.role:
                e.role, e.organization = role, organization_in(role)
            e.seen = pos + m.start()
            e.gender = e.gender or found.gender
            if m.start() <= lead + 12:
                e.subject = pos + m.start()
                subject = True
        if unnamed is not None:
            self.introduced = (unnamed[1], None)
        else:
            self.introduced = (new[0].gender, new[0]) if len(new) == 1 and not subject else None
            a = self.antecedent
            if a is not None and a[2] is None and not new and not subject:  # '"…," she added.' still hers
                self.introduced = (a[1], None)

    def _antecede(self, text: str, pos: int) -> tuple[int, str | None] | None:
        """The nearest antecedent of 'he'/'she' in this sentence when the latest speaker is not it: someone
        unnamed this sentence or the one before makes its subject ('One of them, a woman from X, …: "…," she
        said': nobody), or the one person the previous sentence introduced without making them its subject
        ('The delegation was headed by X. He proposed …': X). Returns the unnamed subject of this sentence."""
        unnamed = unnamed_person(text)
        if unnamed is not None:
            self.antecedent = (pos + unnamed[0], unnamed[1], None)
        elif self.introduced:
            self.antecedent = (pos, *self.introduced)
        else:
            self.antecedent = None
        return unnamed

    def _pronoun(self, gender: str, pos: int) -> Entity | None:
        """Whom 'he'/'she' at `pos` stands for: the sentence's own antecedent if it fits, else the latest."""
        a = self.antecedent
        if a is not None and pos >= a[0] and a[1] in (None, gender):
            return a[2]
        return self._recent("person", gender)

    def latest_subject(self, since: int) -> Entity | None:
        """The person most recently made a sentence subject at or after `since`."""
        return max((e for e in self.items if e.kind == "person" and e.subject >= since), key=lambda e: e.subject,
                   default=None)

    def _recent(self, kind: str, gender: str | None = None, spoke_only: bool = False) -> Entity | None:
        pool = [e for e in self.items if e.kind == kind and (not gender or e.gender in (None, gender))]
        if kind == "person" and not spoke_only:
            best = max(pool, key=lambda e: max(e.spoke, e.subject), default=None)
            if best is not None and max(best.spoke, best.subject) >= 0:
                return best
        spoke = [e for e in pool if e.spoke >= 0]
        if spoke:
            return max(spoke, key=lambda e: e.spoke)
        if spoke_only or not pool:
            return None
        return max(pool, key=lambda e: e.seen)

    def _issuer(self, m: Mention) -> Entity | None:
        """Whose words 'the statement', 'the message from X', 'the document' are: the voice that spoke last."""
        named = {w for w in re.findall(r"[A-Z][\w-]*", m.text)} if m.name else set()
        voices = [e for e in self.items if e.kind in ("body", "forum") and e.spoke >= 0
                  and (not named or named & set(e.name.split()))]
        return max(voices, key=lambda e: e.spoke, default=None)

    def _description(self, m: Mention) -> Entity | Speaker | None:
        head = m.head or ""
        if head in DOC_VOICES:
            issuer = self._issuer(m)
            if issuer is not None:
                return issuer
        if m.name:
            kind = "person" if head in PERSON_NOUNS else "body"
            return self.remember(Mention(kind, m.text, m.name, None, m.organization), 0)
        if _INDEFINITE.match(m.text) and (head not in FORUM_NOUNS | BODY_NOUNS or _PART_OF.match(m.text)):
            return None  # 'an official said', 'a woman from X said': someone the text does not name
        if head in FORUM_NOUNS:
            return Speaker(re.sub(r"^(?:the|a|an|The|A|An|its|their)\s+", "", m.text.strip()), "collective")
        if head in BODY_NOUNS:
            bodies = [e for e in self.items if e.kind == "body"]
            fit = [e for e in bodies if head in e.name.lower()]
            return max(fit or bodies, key=lambda e: (e.spoke >= 0, max(e.spoke, e.seen)), default=None)  # a voice
        if head in PERSON_NOUNS or head in _ROLE_HEADS:
            return self._holder(m, head)
        return None

    def _holder(self, m: Mention, head: str) -> Entity | None:
        """The person a role noun stands for: the one whose described role shares most of its words, of the
        same people or place when it names one ('the Russian defense minister'), else the latest person;
        a qualified role noun nobody fits yet is looked up among the people the text names later."""
        words = (_words(m.text) - {"the", head}) or {head}
        peoples = {w.lower() for w in re.findall(r"[A-Z][\w-]*", m.text) if is_demonym(w)}
        family = ROLE_FAMILIES.get(head)
        if family is not None:
            return self._office_holder(m, family, peoples)

        def fits(e: Entity) -> int:
            known = _words(e.role) | _words(e.organization) | e.described
            if not all(any(same_people(p, k) for k in known) for p in peoples):
                return 0
            return len(peoples) + len((words - peoples) & known)  # 'Mongolian diplomat' fits 'Mongolia's minister'

        fit = [(n, e) for e in self.items if e.kind == "person" and (n := fits(e))]
        if fit:
            return max(fit, key=lambda f: (f[0], max(f[1].spoke, f[1].seen)))[1]
        if not peoples:
            return self._recent("person", m.gender)
        unplaced = [e for e in self.items if e.kind == "person" and not _placed(e)]
        if unplaced and self.items and max(self.items, key=lambda e: max(e.spoke, e.subject, e.seen)) in unplaced:
            return self._recent("person", m.gender)  # 'President X met …. "…," the Kazakh leader said': X, of no stated people
        if not self.later:
            self.pending.append(m.text)
        ahead = [e for e in self.later if e.kind == "person" and fits(e) == len(words)]
        if len({e.name for e in ahead}) != 1:
            return None  # 'the Kyrgyz leader' with no Kyrgyz leader named: nobody
        e = ahead[0]
        return self.remember(Mention("person", e.name, e.name, e.role, e.organization, e.gender), 0)

    def _office_holder(self, m: Mention, family: frozenset[str], peoples: set[str]) -> Entity | None:
        """'The (Kazakh) diplomat': the person the previous sentence introduced or else the latest speaker,
        whose role is of that office (and people), or nobody; someone merely named (to attend, as narration's
        subject) has said nothing to be cited for."""
        def fits(e: Entity) -> bool:
            known = _words(e.role) | _words(e.organization) | e.described
            return bool(family & (_words(e.role) | e.described)) and all(
                any(same_people(p, k) for k in known) for p in peoples)

        near = self.antecedent[2] if self.antecedent else None
        if near is not None and fits(near):  # 'The delegation was headed by Minister X. The diplomat …'
            return near
        spoke = [e for e in self.items if e.kind == "person" and e.spoke >= 0 and fits(e)]
        if spoke:
            return max(spoke, key=lambda e: e.spoke)
        if not self.later:
            self.pending.append(m.text)
        ahead = {e.name: e for e in self.later if e.kind == "person" and fits(e)}
        if len(ahead) != 1 or any(e.kind == "person" and e.spoke >= 0 for e in self.items):
            return None
        e = next(iter(ahead.values()))
        return self.remember(Mention("person", e.name, e.name, e.role, e.organization, e.gender), 0)

    def _voice(self, name: str, pos: int) -> Entity:
        """The entity of a collective voice named by a description ('Participants', 'declaration')."""
        e = self._find(name)
        if e is None:
            e = Entity(name[:1].upper() + name[1:], "forum")
            self.items.append(e)
        if pos >= 0:
            e.spoke, e.seen = pos, pos
        return e

    def resolve(self, m: Mention | None, pos: int) -> Speaker | None:
        """The speaker a mention names, remembering it as having spoken at `pos`."""
        if m is None:
            return None
        unnamed = (m.kind == "pronoun" and self.antecedent and self.antecedent[2] is None) or (
            m.kind == "description" and not m.name and _INDEFINITE.match(m.text))
        if not unnamed:
            self.introduced = None  # a sentence with a voice of its own introduces nobody for the next
        found: Entity | Speaker | None = None
        if m.kind in ("person", "body"):
            found = self.remember(m, pos)
        elif m.kind == "pronoun":
            head = m.head or ""
            if head in ("he", "she"):
                found = self._pronoun("male" if head == "he" else "female", pos)
            elif head == "i":
                found = self._recent("person")
            if head in ("he", "she", "i"):
                if found and head in ("he", "she") and found.gender is None:
                    found.gender = "male" if head == "he" else "female"
            elif head in ("it", "they", "we"):
                voices = [e for e in self.items if e.kind in ("body", "forum") and max(e.spoke, e.subject) >= 0]
                found = max(voices, key=lambda e: max(e.spoke, e.subject), default=None)
        elif m.kind == "description":
            found = self._description(m)
        elif m.kind == "bare" and m.head in FORUM_NOUNS:
            found = Speaker(m.text, "collective")
        if isinstance(found, Speaker):
            if found.kind == "collective":
                return Speaker(self._voice(found.name, pos).name, "collective")
            return found
        if found is None:
            return None
        found.spoke = pos
        return found.speaker()
