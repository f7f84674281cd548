"""Typed records passed between the indexer's stages.

Every record is frozen: a stage takes records and returns new ones, so each stage can be read and
tested alone, and provenance captured while segmenting can never be changed downstream.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from indexer.infer.records import DocumentFacts

AttributionKind = Literal["direct", "reported", "spoke"]
SpeakerKind = Literal["person", "collective"]


# --- metadata registries -------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    acronyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A function a speaker held, optionally bounded in time."""

    role: str
    organization: str | None = None  # organization id
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    discovered: bool = False  # found in text, not listed in metadata/speakers.yaml


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    short_name: str | None = None
    city: str | None = None
    country: str | None = None
    start: date | None = None
    end: date | None = None
    organizers: tuple[str, ...] = ()  # organization ids
    description: str | None = None
    discovered: bool = False  # found in text, not listed in metadata/events.yaml


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str = ""
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    file: str  # path relative to the corpus folder
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    kind: str | None = None
    event: str | None = None  # event id
    source_url: str | None = None
    language: str = "en"

    @property
    def label(self) -> str:
        """The name to show for the document: its title, or its file when it has none."""
        return self.title or self.file


@dataclass(frozen=True)
class Registry:
    """All metadata, loaded and validated once."""

    documents: tuple[DocumentMeta, ...] = ()
    events: tuple[Event, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    organizations: tuple[Organization, ...] = ()
    themes: tuple[Theme, ...] = ()


# --- corpus and passages -------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One corpus file: its exact source text and the metadata that applies to it.

    `text` is the body exactly as offsets refer to it (for Markdown, the text after any front
    matter; `body_offset` says where that begins in the file).
    """

    id: str
    path: str  # relative to the corpus folder
    text: str
    meta: DocumentMeta
    body_offset: int = 0
    inferred: tuple[str, ...] = ()  # metadata fields inferred from the text, e.g. ("title", "published")
    sha256: str = ""
    facts: DocumentFacts | None = None  # what the text says of its date, publisher, event (when metadata lacks any)
    pages: tuple[tuple[int, int, int], ...] = ()  # (start, end, page) of each `<!-- page N -->` line


@dataclass(frozen=True)
class Attribution:
    """A direct quotation or a reported statement, with who made it, as found in the text.

    Offsets are into the text that was given to the extractor. For `direct`, `text` is exactly the
    characters between the quotation marks and `start`/`end` their offsets; for `reported`, `text`
    is None and `start`/`end` span the reporting clause's sentence.
    """

    kind: AttributionKind
    text: str | None
    speaker: str | None
    role: str | None
    organization: str | None
    cue: str | None
    start: int
    end: int
    block: int
    speaker_kind: SpeakerKind = "person"


@dataclass(frozen=True)
class Passage:
    """A searchable unit, usually one paragraph, with its provenance fixed at segmentation."""

    id: str
    document_id: str
    block: int  # 0-based blank-line-separated block of the document (title line = 0)
    paragraph: int  # 0-based counter of body paragraphs (the headline is none); cited as paragraph + 1
    start: int
    end: int
    text: str
    page: int | None = None  # the page the passage starts on, for documents added from a PDF


@dataclass(frozen=True)
class QuoteRef:
    text: str
    speaker_id: str | None
    start: int
    end: int


@dataclass(frozen=True)
class ReportedRef:
    speaker_id: str
    cue: str | None
    start: int
    end: int


@dataclass(frozen=True)
class SpokeRef:
    """The passage says this speaker spoke at the event (addressed, chaired, …) without their words."""

    speaker_id: str
    cue: str | None
    start: int
    end: int


# Who does what in a passage, decided once here: `said` (a direct quotation, the speaker's words),
# `reported` (the publisher's paraphrase), `spoke` (spoke at the event, no words given), `mentioned`
# (named, not speaking). `spoke` and `mentioned` apply only where nothing before them does.
PASSAGE_ROLES = ("said", "reported", "spoke", "mentioned")
SPEAKING_ROLES = ("said", "reported", "spoke")  # what "speaker" means by default in every face


@dataclass(frozen=True)
class AnnotatedPassage:
    """A passage with everything the annotation stage adds."""

    passage: Passage
    quotes: tuple[QuoteRef, ...] = ()
    reported: tuple[ReportedRef, ...] = ()
    speaker_ids: tuple[str, ...] = ()  # said, reported or spoke, in that order
    spoke: tuple[SpokeRef, ...] = ()
    mentioned_ids: tuple[str, ...] = ()
    organization_ids: tuple[str, ...] = ()
    event_id: str | None = None
    theme_ids: tuple[str, ...] = ()
    year: int | None = None
    published: date | None = None

    @property
    def has_quote(self) -> bool:
        return bool(self.quotes)

    def role_ids(self) -> dict[str, tuple[str, ...]]:
        """Speaker ids by passage role: said and reported as found (one may do both in a passage),
        spoke only for who does neither, mentioned for who does none."""
        said = tuple(dict.fromkeys(q.speaker_id for q in self.quotes if q.speaker_id))
        reported = tuple(dict.fromkeys(r.speaker_id for r in self.reported))
        voiced = set(said) | set(reported)
        spoke = tuple(dict.fromkeys(s.speaker_id for s in self.spoke if s.speaker_id not in voiced))
        return {"said": said, "reported": reported, "spoke": spoke, "mentioned": self.mentioned_ids}
