"""The synthetic world a generated corpus talks about: speakers, events, organizations, themes.

Sizes grow with the corpus (about one event per 60 passages, one speaker per 40), popularity is
Zipf-like as in real archives (a few officials speak at many events), and every name is built
from syllables with a seeded generator, so a seed always yields the same world. Records are the
indexer's own (`indexer.models`), so the metadata writer serialises exactly what the indexer reads.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from indexer.corpus import slugify
from indexer.lookup import fold
from indexer.models import Event, Organization, Role, Speaker, Theme

FIRST_YEAR, LAST_YEAR = 2001, 2024
PLACES = (
    ("Dushanbe", "Tajikistan"), ("Bishkek", "Kyrgyzstan"), ("Osh", "Kyrgyzstan"), ("Almaty", "Kazakhstan"),
    ("Astana", "Kazakhstan"), ("Tashkent", "Uzbekistan"), ("Samarkand", "Uzbekistan"), ("Ashgabat", "Turkmenistan"),
    ("Termez", "Uzbekistan"), ("Khorog", "Tajikistan"), ("Vienna", "Austria"), ("Geneva", "Switzerland"),
    ("Kabul", "Afghanistan"), ("Istanbul", "Türkiye"), ("Moscow", "Russia"), ("Brussels", "Belgium"),
)
BASE_ORGANIZATIONS = (
    ("United Nations", ("UN",)), ("United Nations Office on Drugs and Crime", ("UNODC",)),
    ("UN Regional Centre for Preventive Diplomacy for Central Asia", ("UNRCCA",)),
    ("UN Office of Counter-Terrorism", ("UNOCT",)),
    ("Organization for Security and Co-operation in Europe", ("OSCE",)),
    ("Shanghai Cooperation Organization", ("SCO",)), ("European Union", ("EU",)),
    ("Commonwealth of Independent States", ("CIS",)), ("International Criminal Police Organization", ("Interpol",)),
    ("Collective Security Treaty Organization", ("CSTO",)), ("International Atomic Energy Agency", ("IAEA",)),
    ("Financial Action Task Force", ("FATF",)), ("Eurasian Group on Combating Money Laundering", ("EAG",)),
)
FORMATS = ("Conference", "High-Level Meeting", "Regional Workshop", "Expert Seminar", "Round Table", "Forum")
RANKS = ("Head", "Deputy Head", "Director", "Chairperson", "Senior Adviser", "Programme Manager", "Coordinator")
HONORIFICS = ("Ambassador", "Mr.", "Ms.", "Dr.", "Colonel", "Professor")
SYLLABLES = (
    "ka ri mo ta le nur bek sa li va ro na de mi lo ra ne an dor ul ma zu si te ko ba gu ya fa "
    "ha el ve to ar in sul tan ja mil ber gen pe tro vo lu da si ren al tai kur ol sha"
).split()
SUFFIXES = ("ov", "ova", "ev", "eva", "enko", "ski", "yan", "ani", "ić", "ović", "ler", "sen", "", "", "")
THEMES = (
    ("terrorism", "Terrorism", ("terrorism", "terrorist", "counter-terrorism", "terrorist attacks")),
    ("violent-extremism", "Violent extremism", ("violent extremism", "extremism", "extremist")),
    ("radicalization", "Radicalization", ("radicalization", "radicalisation", "radical")),
    ("terrorist-financing", "Terrorist financing", ("terrorist financing", "financing of terrorism", "terrorism financing")),
    ("money-laundering", "Money laundering", ("money laundering", "illicit financial flows")),
    ("drug-trafficking", "Drug trafficking", ("drug trafficking", "illicit drugs", "opium", "narcotics", "precursors")),
    ("organized-crime", "Organized crime", ("organized crime", "transnational organized crime", "criminal networks")),
    ("human-trafficking", "Human trafficking", ("human trafficking", "trafficking in human beings")),
    ("arms-trafficking", "Arms trafficking", ("arms trafficking", "arms smuggling", "small arms", "weapons")),
    ("border-security", "Border security", ("border security", "border management", "borders")),
    ("cyber-security", "Cyber security", ("cyber security", "cybersecurity", "information space")),
    ("foreign-terrorist-fighters", "Foreign terrorist fighters", ("foreign terrorist fighters", "militants")),
    ("youth", "Youth", ("youth", "young people")),
    ("women-and-gender", "Women and gender", ("women", "gender")),
    ("human-rights", "Human rights", ("human rights", "fundamental freedoms")),
    ("rule-of-law", "Rule of law", ("rule of law", "criminal justice")),
    ("water-and-energy", "Water and energy", ("water", "energy", "natural resources")),
    ("afghanistan", "Afghanistan", ("Afghanistan", "Afghan")),
    ("nuclear-security", "Nuclear security", ("nuclear", "radioactive", "uranium")),
    ("regional-cooperation", "Regional cooperation", ("regional cooperation", "regional co-operation", "Central Asia")),
    ("public-private-partnership", "Public-private partnership", ("public-private partnership", "private sector")),
    ("prisons", "Prisons", ("prisons", "prison", "penitentiary")),
)


@dataclass(frozen=True)
class World:
    """Everything documents refer to, with Zipf weights for picking speakers and events."""

    organizations: tuple[Organization, ...]
    speakers: tuple[Speaker, ...]
    honorifics: dict[str, str]  # speaker id -> honorific used in the text
    registered: frozenset[str]  # speaker ids listed in speakers.yaml (the rest are discovered)
    events: tuple[Event, ...]
    themes: tuple[Theme, ...]
    speaker_weights: tuple[float, ...]
    event_weights: tuple[float, ...]


def _name_part(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).capitalize()


def _unique_people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(given name, surname) pairs with surnames unique, so a surname alias names one person."""
    taken: set[str] = set()
    people = []
    while len(people) < count:
        surname = _name_part(rng, 2, 3) + rng.choice(SUFFIXES)
        if fold(surname) in taken or len(surname) < 5:
            continue
        taken.add(fold(surname))
        people.append((_name_part(rng, 2, 3), surname))
    return people


def _organizations(rng: random.Random) -> tuple[Organization, ...]:
    orgs = [Organization(slugify(acr[0]), name, acr) for name, acr in BASE_ORGANIZATIONS]
    for city, country in PLACES[:10]:
        orgs.append(Organization(slugify(f"osce-office-{city}"), f"OSCE Programme Office in {city}"))
        orgs.append(Organization(slugify(f"mfa-{country}"), f"Ministry of Foreign Affairs of {country}"))
    return tuple(dict((o.id, o) for o in orgs).values())


def _speakers(rng: random.Random, count: int, orgs: tuple[Organization, ...]) -> tuple[list[Speaker], dict[str, str]]:
    speakers, honorifics = [], {}
    for given, surname in _unique_people(rng, count):
        name = f"{given} {surname}"
        org = rng.choice(orgs)
        start = date(rng.randint(FIRST_YEAR, LAST_YEAR - 4), 1, 1)
        role = Role(f"{rng.choice(RANKS)} of the {org.name}", org.id, start, start + timedelta(days=365 * 4))
        speaker = Speaker(slugify(name), name, "person", (surname,), (role,))
        speakers.append(speaker)
        honorifics[speaker.id] = rng.choice(HONORIFICS)
    return speakers, honorifics


def _events(rng: random.Random, count: int, orgs: tuple[Organization, ...], themes: tuple[Theme, ...]) -> list[Event]:
    events, seen = [], set()
    while len(events) < count:
        city, country = rng.choice(PLACES)
        start = date(rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12), rng.randint(1, 28))
        theme = rng.choice(themes)
        kind = rng.choice(FORMATS)
        name = f"{kind} on {theme.label} in {city}"
        event_id = slugify(f"{city}-{start.isoformat()}-{kind}")
        if event_id in seen:
            continue
        seen.add(event_id)
        organizers = tuple(sorted({o.id for o in rng.sample(orgs, rng.randint(1, 3))}))
        events.append(
            Event(event_id, name, f"{city} {kind} {start.year}", city, country, start,
                  start + timedelta(days=rng.randint(0, 2)), organizers, f"A {kind.lower()} held in {city}.")
        )
    return events


def _zipf(count: int, exponent: float = 1.0) -> tuple[float, ...]:
    return tuple(1.0 / (rank + 1) ** exponent for rank in range(count))


def build_world(passages: int, seed: int) -> World:
    """The world for a corpus of about `passages` passages; same arguments, same world."""
    rng = random.Random(f"world:{seed}")
    themes = tuple(Theme(i, label, f"Passages about {label.lower()}.", terms) for i, label, terms in THEMES)
    orgs = _organizations(rng)
    speakers, honorifics = _speakers(rng, max(12, passages // 40), orgs)
    registered = frozenset(s.id for s in speakers if rng.random() < 0.85)
    events = _events(rng, max(4, passages // 60), orgs, themes)
    return World(
        organizations=orgs,
        speakers=tuple(speakers),
        honorifics=honorifics,
        registered=registered,
        events=tuple(events),
        themes=themes,
        speaker_weights=_zipf(len(speakers), 0.9),
        event_weights=_zipf(len(events), 0.6),
    )
