"""Synthetic press releases: a title, a dateline paragraph, then narrative, quoted, reported and
collective-voice paragraphs in the proportions of the bundled and devset releases.

Quotations use the attribution shapes real releases use (`"…," said Ambassador X, Head of …`,
`X, Head of …, said: "…"`, a quote split around `Surname said`, `According to X, "…"`, partial
quotes after `emphasized that`), in curly, straight or guillemet marks, so the real attribution
code has real work to do. Every paragraph stays under the segmenter's passage limit, so one
paragraph is one passage and a corpus has exactly the passages asked for.
"""
from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from bench.text import Chain
from bench.world import PLACES, World
from indexer.corpus import slugify
from indexer.models import DocumentMeta, Event, Speaker

MAX_PARAGRAPH = 1200  # characters; the segmenter splits paragraphs over 1,500
MARKS = (("“", "”"), ('"', '"'), ("«", "»"))
MARK_WEIGHTS = (0.6, 0.95, 1.0)  # cumulative: curly 60 %, straight 35 %, guillemets 5 %
KINDS = ("news release", "news release", "news release", "press statement", "communiqué", "news report")
CUES = ("noted", "stressed", "emphasized", "underlined", "said", "pointed out")
COLLECTIVE = ("Participants", "The participants", "Delegates", "The declaration", "The conference")
MONTHS = "January February March April May June July August September October November December".split()
# Paragraph kinds and their cumulative shares (narrative 50 %, quote 28 %, reported 14 %, ...).
SHARES = (("narrative", 0.50), ("quote", 0.78), ("reported", 0.92), ("collective", 0.97), ("titled", 1.0))


@dataclass(frozen=True)
class GeneratedDocument:
    meta: DocumentMeta
    text: str
    passages: int


class Picker:
    """Seeded weighted choice over a fixed sequence (bisect over cumulative weights)."""

    def __init__(self, items: tuple, weights: tuple[float, ...]) -> None:
        self.items, self.cumulative = items, tuple(accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


def _trim_to(text: str) -> str:
    """Drop trailing sentences until the text fits MAX_PARAGRAPH (keeps at least one)."""
    while len(text) > MAX_PARAGRAPH and ". " in text:
        text = text[: text.rfind(". ", 0, len(text) - 1) + 1]
    return text


def _lower_first(sentence: str) -> str:
    return sentence[0].lower() + sentence[1:] if sentence[:2] != sentence[:2].upper() else sentence


class Writer:
    """Writes one document's paragraphs; remembers who was already introduced by full name."""

    def __init__(self, chain: Chain, world: World, rng: random.Random) -> None:
        self.chain, self.world, self.rng = chain, world, rng
        self.introduced: set[str] = set()

    def _mention(self, speaker: Speaker) -> tuple[str, str]:
        """(how the speaker is named, appositive role or "") — full name and role only the first time."""
        honorific = self.world.honorifics[speaker.id]
        if speaker.id in self.introduced:
            return f"{honorific} {speaker.aliases[0]}", ""
        self.introduced.add(speaker.id)
        role = speaker.roles[0].role if speaker.roles else ""
        return f"{honorific} {speaker.name}", role

    def quote(self, speaker: Speaker, marks: tuple[str, str]) -> str:
        o, c = marks
        rng, chain = self.rng, self.chain
        name, role = self._mention(speaker)
        said = f"{name}, {role}," if role else name
        words = chain.sentences(rng, 1, 3)
        shape = rng.randrange(6)
        if shape == 0:
            return f"{o}{words[:-1]},{c} said {said.rstrip(',')}."
        if shape == 1:
            return f"{said} said: {o}{words}{c}"
        if shape == 2:
            second = chain.sentences(rng, 1, 2)
            surname = speaker.aliases[0]
            lead = f"{said.rstrip(',')} opened the session. " if role else ""
            return f"{lead}{o}{words[:-1]},{c} {surname} said. {o}{second}{c}"
        if shape == 3:
            return f"{said} added: {o}{words}{c}"
        if shape == 4:
            return f"According to {name}, {o}{_lower_first(words)}{c}"
        return f"{said} {rng.choice(CUES)} that {_lower_first(chain.sentence(rng))[:-1]}: {o}{words}{c}"

    def reported(self, speaker: Speaker) -> str:
        name, role = self._mention(speaker)
        subject = f"{name}, {role}," if role else name
        body = _lower_first(self.chain.sentences(self.rng, 1, 2))
        return f"{subject} {self.rng.choice(CUES)} that {body}"

    def collective(self) -> str:
        body = _lower_first(self.chain.sentences(self.rng, 1, 2))
        return f"{self.rng.choice(COLLECTIVE)} {self.rng.choice(('underscored', 'called upon', 'noted'))} that {body}"

    def titled(self, event: Event | None, marks: tuple[str, str]) -> str:
        """A quoted event title with no speaker: not a quotation."""
        o, c = marks
        label = event.name if event else "Joint Plan of Action"
        return f"{self.chain.sentence(self.rng)[:-1]} at the {o}{label}{c}. {self.chain.sentence(self.rng)}"


def _dateline(city: str, day: date) -> str:
    return f"{city.upper()}, {day.day} {MONTHS[day.month - 1]} {day.year} -"


def _title(rng: random.Random, publisher: str, event: Event | None, world: World) -> str:
    if event:
        return f"{publisher} supports {event.name}"
    theme = rng.choice(world.themes).label.lower()
    return f"{publisher} discusses {theme} with partners in {rng.choice(PLACES)[0]}"


def _paragraph(kind: str, writer: Writer, cast: list[Speaker], event: Event | None, marks) -> str:
    rng = writer.rng
    if kind == "quote":
        return writer.quote(rng.choice(cast), marks)
    if kind == "reported":
        return writer.reported(rng.choice(cast))
    if kind == "collective":
        return writer.collective()
    if kind == "titled":
        return writer.titled(event, marks)
    return writer.chain.sentences(rng, 1, 4)


def make_document(
    number: int, passages: int, rng: random.Random, chain: Chain, world: World, events: Picker, speakers: Picker
) -> GeneratedDocument:
    """Document `number` with exactly `passages` passages after its title line (a title is no passage)."""
    event = events.pick(rng) if rng.random() < 0.92 else None
    city = event.city if event and event.city else rng.choice(PLACES)[0]
    published = (event.end or event.start) + timedelta(days=rng.randint(0, 3)) if event else date(
        rng.randint(2001, 2024), rng.randint(1, 12), rng.randint(1, 28))
    org_id = event.organizers[0] if event and event.organizers else rng.choice(world.organizations).id
    org = next(o for o in world.organizations if o.id == org_id)
    publisher = org.acronyms[0] if org.acronyms else org.name
    cast_rng = random.Random(f"cast:{event.id if event else number}")
    cast = list(dict.fromkeys(speakers.pick(cast_rng) for _ in range(rng.randint(2, 6))))
    marks = MARKS[bisect_right(MARK_WEIGHTS, rng.random())]
    writer = Writer(chain, world, rng)
    title = _title(rng, publisher, event, world)
    paragraphs = [title, f"{_dateline(city, published)} {chain.sentences(rng, 2, 3)}"]
    kinds, shares = zip(*SHARES)
    while len(paragraphs) < passages + 1:
        kind = kinds[bisect_right(shares, rng.random())]
        paragraphs.append(_trim_to(_paragraph(kind, writer, cast, event, marks)))
    doc_id = slugify(f"{publisher}-{published.isoformat()}-{city}-{number:06d}")
    separator = "\n" if rng.random() < 0.08 else "\n\n"  # some releases break paragraphs by single lines
    text = paragraphs[0] + "\n\n" + separator.join(paragraphs[1:]) + "\n"
    meta = DocumentMeta(
        id=doc_id,
        file=f"{published.year}/{doc_id}.txt",
        title=title,
        publisher=publisher,
        published=published,
        kind=rng.choice(KINDS),
        event=event.id if event else None,
        source_url=f"https://example.org/{published.year}/{doc_id}" if rng.random() < 0.7 else None,
        language="en",
    )
    return GeneratedDocument(meta, text, len(paragraphs) - 1)
