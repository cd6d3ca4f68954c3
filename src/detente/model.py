"""The records detente passes between stages: documents in, events out.

All are frozen dataclasses so that they hash, compare by value and pickle to
worker processes. ``Event.to_dict`` is the public JSON contract documented in
docs/event-record.md; change the two together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal


class Modality(StrEnum):
    """How an event is told (docs/event-record.md). A ``StrEnum``: each member is its
    string ("asserted"), so it compares equal to it and is written as it in JSON."""

    ASSERTED = "asserted"
    REPORTED = "reported"  # a statement verb introduces it: someone said it happened
    INTENDED = "intended"  # promised, planned, threatened, or told in the future tense
    NEGATED = "negated"
    HYPOTHETICAL = "hypothetical"  # conditional, question, may/might/could


class ActorKind(StrEnum):
    """What a mention of an actor is: a name of the knowledge base (a country, its
    adjective or capital, a place, an organization, a person), a role noun ("the
    army"), or an unknown doer ("a roadside bomb")."""

    COUNTRY = "country"
    ADJECTIVE = "adjective"
    CAPITAL = "capital"
    PLACE = "place"
    ORGANIZATION = "organization"
    PERSON = "person"
    ROLE = "role"
    UNKNOWN = "unknown"


DateBasis = Literal["text", "publication"]
LocationBasis = Literal["clause", "sentence", "dateline"]

#: Modalities shown by default; the others need ``--all-modalities``.
FACTUAL_MODALITIES: frozenset[Modality] = frozenset({Modality.ASSERTED, Modality.REPORTED, Modality.INTENDED})


@dataclass(frozen=True)
class Document:
    """One article. ``body`` lists the character ranges of ``text`` to code.

    Ingest fills ``body`` with the article's paragraphs, leaving out the
    header (title, byline, dateline) and boilerplate such as contact footers.
    An empty ``body`` means: code the whole text.
    """

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    byline: str | None = None
    body: tuple[tuple[int, int], ...] = ()
    origin: str = "<text>"  # where the document came from, for messages: "file.jsonl:12"

    def body_spans(self) -> tuple[tuple[int, int], ...]:
        return self.body or ((0, len(self.text)),)

    @property
    def digest(self) -> str:
        """The text's SHA-256 (hex): the document's identity, whatever it is called or
        wherever it came from (a file, stdin, a JSONL line)."""
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Actor:
    """An actor as it appears in an event: the mention and its resolved code."""

    text: str
    code: str | None  # CAMEO-style actor code: "USAGOV", "PRK", "IGOUNO", "---REB"
    country: str | None  # ISO 3166 alpha-3, or None for IGOs and unknown countries
    sector: str | None  # "GOV", "MIL", "MED", ...
    start: int  # character offsets in Document.text
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class Span:
    """A piece of document text with its character offsets."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


#: What kind of place a location is: a city (or town), a first-level region (a US state,
#: a province), a whole country, or another named place the gazetteer has no kind for.
PlaceFeature = Literal["city", "region", "country", "other"]


@dataclass(frozen=True)
class Location:
    """Where an event happened (docs/places.md): the place's words in the document and
    the gazetteer's reading of them.

    ``text`` is the words as written (``Document.text[start:end]``); ``name`` the
    gazetteer's name for the place; ``country`` ISO 3166-1 alpha-3; ``admin1`` the
    first-level region (GeoNames' code, "IR.29", "US.GA"), or None; ``lat``/``lon`` in
    degrees, or None when the gazetteer has no point for it; ``geonames_id`` the
    GeoNames id, or None for a place that is not a GeoNames feature. ``basis`` says how
    the place was chosen: ``clause`` (named in the event's clause), ``sentence`` (elsewhere
    in its sentence) or ``dateline`` (the document's dateline)."""

    text: str
    name: str
    country: str
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: PlaceFeature
    start: int
    end: int
    geonames_id: int | None = None
    basis: LocationBasis = "clause"

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "feature": self.feature,
            "start": self.start,
            "end": self.end,
            "geonames_id": self.geonames_id,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Plover:
    event: str
    mode: str | None
    context: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "mode": self.mode, "context": self.context}


@dataclass(frozen=True)
class Event:
    doc_id: str
    sentence_index: int
    sentence: str
    date: str  # "2018-08-20", "2018-07" or "2018": precision shown by the form
    date_basis: DateBasis
    source: Actor
    target: Actor | None
    cameo: str  # full code, leading zeros kept: "036", "1124"
    cameo_name: str
    plover: Plover | None
    quad_class: int
    goldstein: float
    trigger: Span
    modality: Modality
    confidence: float
    coder_version: str
    rule: str = ""  # which lexicon entry or composition rule produced the event
    location: Location | None = None  # where it happened (docs/places.md), None when the text does not say

    def __post_init__(self) -> None:
        # A modality given as its string ("asserted") becomes the member; an unknown one is
        # refused here rather than written out. (Frozen: set through object.__setattr__.)
        object.__setattr__(self, "modality", Modality(self.modality))

    @property
    def root(self) -> str:
        return self.cameo[:2]

    @property
    def id(self) -> str:
        """Stable: the same input coded by the same coder version gives the same id."""
        key = "|".join(
            [
                self.doc_id,
                str(self.sentence_index),
                self.cameo,
                f"{self.source.code}@{self.source.start}:{self.source.end}",
                # Codes too: "both sides" is one span standing for two parties.
                f"{self.target.code}@{self.target.start}:{self.target.end}" if self.target else "-",
                f"{self.trigger.start}:{self.trigger.end}",
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "date": self.date,
            "date_basis": self.date_basis,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "root": self.root,
            "cameo_name": self.cameo_name,
            "plover": self.plover.to_dict() if self.plover else None,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "trigger": self.trigger.to_dict(),
            "modality": self.modality,
            "confidence": self.confidence,
            "coder_version": self.coder_version,
            "rule": self.rule,
            "location": self.location.to_dict() if self.location else None,
        }


@dataclass(frozen=True)
class SentenceBounds:
    """Where a coded sentence lies in ``Document.text`` (``parsed``: False when the
    pre-filter found no actor or no trigger in it and it was never parsed)."""

    index: int
    start: int
    end: int
    parsed: bool = True


@dataclass(frozen=True)
class Mention:
    """An actor the resolver named in a sentence, whether or not an event used it."""

    sentence_index: int
    text: str
    code: str
    country: str | None
    sector: str | None
    kind: str  # an ActorKind value: "country", "person", "role", ...
    start: int  # character offsets in Document.text
    end: int


@dataclass(frozen=True)
class Coded:
    """One document as the coder leaves it: its events, its sentences and the actors
    mentioned in them."""

    doc: Document
    events: tuple[Event, ...]
    sentences: tuple[SentenceBounds, ...] = ()
    mentions: tuple[Mention, ...] = ()
