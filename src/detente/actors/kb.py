"""The actor knowledge base: names of countries, organizations, people and places, with codes.

Six bundled TSV files (``detente/data``) feed it; each documents its columns in
its header comment. ``KnowledgeBase.from_defaults()`` reads them, and
``KnowledgeBase.from_files()`` reads replacements. Every error in a data file is
reported as :class:`~detente.errors.DataFileError` naming the file and line.
The sector codes an entry may carry, and the classes of sector the grammar treats
alike (which are state institutions, which stand for one person ...), are the table
``sector_codes.tsv`` (:class:`SectorCodes`).

Names are compared after :func:`normalize`; a name that tokenizes into several
words (``"kim jong - un"``) is matched word by word by :meth:`KnowledgeBase.match_at`,
which takes the longest name starting at a given token. People hold codes over
date ranges, so their lookups take the date of the text. Places (cities,
provinces, regions: ``places.tsv``) stand for the country they lie in.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import importlib.resources
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .. import tsv
from ..errors import DataFileError
from ..model import ActorKind

#: Code prefixes that stand for no country: international and non-governmental
#: organizations, and actors of unknown or transnational country ("---REB").
STATELESS_PREFIXES: frozenset[str] = frozenset({"IGO", "NGO", "IMG", "---"})


_DASHES = re.compile(r"\s*([-\u2013])\s*")
_SPACE = re.compile(r"\s+")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_CODE = re.compile(r"^[A-Z0-9-]{3,15}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalize(name: str) -> str:
    """The form names are compared in.

    Lower-cases, straightens curly apostrophes, sets hyphens and en dashes
    apart as words (spaCy splits ``Jae-in`` into three tokens) and collapses
    whitespace: ``"Kim Jong-un"`` -> ``"kim jong - un"``.
    """
    text = name.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _DASHES.sub(r" \1 ", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Entry:
    """One name and the actor it stands for.

    ``start`` and ``end`` bound the entry (a person's role, a group's name before
    and after it took power), both days included; ``None`` leaves that side open. ``display`` is the name as written in the data file
    (for a person's alias: the person's full name), for showing to people.
    """

    name: str  # normalized
    code: str  # "PRK", "USAGOV", "IGOUNO", "USAMED"
    country: str | None  # ISO 3166-1 alpha-3, or None
    sector: str | None  # None for a bare country
    kind: ActorKind  # country, adjective, capital, organization, person or place
    start: dt.date | None = None
    end: dt.date | None = None
    role: str | None = None
    display: str | None = None
    #: The codes a collective name stands for ("the P5+1"); empty for every other entry.
    members: tuple[str, ...] = ()
    #: Where the entry was read, "path:line", for explanations; not part of its identity.
    origin: str | None = field(default=None, compare=False)

    def valid_on(self, on: dt.date | None) -> bool:
        """True if the entry holds on ``on``; ``None`` means any date."""
        if on is None:
            return True
        if self.start is not None and on < self.start:
            return False
        if self.end is not None and on > self.end:
            return False
        return True


@dataclass(frozen=True)
class SectorCodes:
    """The agent sector codes an actor may carry (``codes``), and the classes of sector
    the grammar treats alike: one frozenset of codes per class column of
    data/sector_codes.tsv, whose header comment says what the code does with each.
    ``names`` gives each code's description, for people."""

    codes: frozenset[str]
    person: frozenset[str]
    definite: frozenset[str]
    home: frozenset[str]
    local: frozenset[str]
    police: frozenset[str]
    state_force: frozenset[str]
    protester: frozenset[str]
    context: frozenset[str]
    names: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for name in SECTOR_CLASSES:
            unknown = sorted(getattr(self, name) - self.codes)
            if unknown:
                raise ValueError(f"sector class {name!r} holds codes not among the sector codes: {unknown}")

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    @classmethod
    def from_defaults(cls) -> SectorCodes:
        """The bundled table, ``detente/data/sector_codes.tsv``."""
        resource = importlib.resources.files("detente.data").joinpath("sector_codes.tsv")
        return _read_sector_codes(_Source(str(resource), resource.read_text(encoding="utf-8")))

    @classmethod
    def from_file(cls, path: Path) -> SectorCodes:
        """A table in the sector_codes.tsv format; DataFileError names the file and line of an error."""
        return _read_sector_codes(_Source.read(Path(path)))


#: The class columns of sector_codes.tsv, in their order: every field of SectorCodes
#: but the codes themselves and their names.
SECTOR_CLASSES: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(SectorCodes) if f.name not in ("codes", "names")
)
#: The header row of sector_codes.tsv.
SECTOR_CODE_COLUMNS: tuple[str, ...] = ("code", "name", *SECTOR_CLASSES)


def _keys(name: str) -> Iterator[tuple[str, ...]]:
    """Word sequences a normalized name is matched as.

    Besides the plain split, a variant with the possessive ``'s`` set apart,
    as spaCy tokenizes it (``people's`` -> ``people``, ``'s``).
    """
    words = tuple(name.split())
    yield words
    split: list[str] = []
    for word in words:
        if len(word) > 2 and word.endswith("'s"):
            split.extend((word[:-2], "'s"))
        elif len(word) > 1 and word.endswith("'"):  # "workers'" -> "workers", "'"
            split.extend((word[:-1], "'"))
        else:
            split.append(word)
    if len(split) != len(words):
        yield tuple(split)


def _pick(
    candidates: Sequence[Entry], on: dt.date | None, in_office: Callable[[str, dt.date], bool] | None = None
) -> Entry | None:
    """The entry a name stands for on a date.

    Only entries valid on the date count (every entry is, when it has no dates).
    Among them a non-person entry comes first (a name that is an organisation and
    an alias is the organisation); with no date, the entry that started last. A
    person out of office on the date may still be a former office holder (:func:`_former`).
    """
    valid = [e for e in candidates if e.valid_on(on)]
    things = [e for e in valid if e.kind != ActorKind.PERSON]
    if things:
        return max(things, key=lambda e: e.start or dt.date.min)
    if not valid:
        return _former(candidates, on, in_office)
    return max(valid, key=lambda e: e.start or dt.date.min)


def _former(
    candidates: Sequence[Entry], on: dt.date | None, in_office: Callable[[str, dt.date], bool] | None = None
) -> Entry | None:
    """A person out of office on the date: an elite of their last country
    ("Obama" in 2018 -> USAELI), as long as the name belongs to one person
    and that person's last role was a national one."""
    if on is None or any(e.kind != ActorKind.PERSON for e in candidates):
        return None
    past = [e for e in candidates if e.end is not None and e.end < on]
    if not past or len({e.display or e.name for e in past}) != 1:
        return None
    person = past[0].display or past[0].name
    if any(e.start is not None and e.start > on and (e.display or e.name) != person for e in candidates):
        return None  # someone else takes the name later: do not guess
    if in_office is None or in_office(person, on):
        return None  # in office under a row this name is no alias of, or no way to tell
    last = max(past, key=lambda e: e.end or dt.date.min)
    if last.country is None:
        return None
    return Entry(
        name=last.name,
        code=last.country + "ELI",
        country=last.country,
        sector="ELI",
        kind=ActorKind.PERSON,
        start=last.end,
        end=None,
        role=f"former {last.role}" if last.role else "former office holder",
        display=last.display,
    )


class KnowledgeBase:
    """Names -> actor entries, and role terms -> sector codes. Read-only once built.

    ``sector_codes`` is the table of sector codes and their classes the entries and
    terms are checked against (ValueError for a code not in it)."""

    max_words: int
    sector_terms_max_words: int
    sector_codes: SectorCodes
    #: The files it was read from, bundled first (empty when built from entries).
    sources: tuple[str, ...] = ()
    #: A digest of a user's files layered over the bundled ones (``layered``), or None:
    #: the coder's version carries it, so events coded with other entries are told apart.
    digest: str | None = None

    def __init__(self, entries: Iterable[Entry], sectors: Mapping[str, str], sector_codes: SectorCodes) -> None:
        self._entries: tuple[Entry, ...] = tuple(entries)
        self.sector_codes = sector_codes
        unknown = sorted(
            {s for s in sectors.values() if s not in sector_codes}
            | {e.sector for e in self._entries if e.sector is not None and e.sector not in sector_codes}
        )
        if unknown:
            raise ValueError(f"sector codes not in the table of sector codes: {unknown}")
        self._by_name: dict[str, list[Entry]] = {}
        self._by_words: dict[tuple[str, ...], list[Entry]] = {}
        self._country_names: dict[str, str] = {}
        self._roles: dict[str, list[Entry]] = {}  # a person's rows, by the name as written
        for entry in self._entries:
            self._by_name.setdefault(entry.name, []).append(entry)
            if entry.kind == ActorKind.PERSON and entry.display and entry.name == normalize(entry.display):
                self._roles.setdefault(entry.display, []).append(entry)
            for key in _keys(entry.name):
                self._by_words.setdefault(key, []).append(entry)
            if entry.kind == ActorKind.COUNTRY and entry.country is not None:
                self._country_names.setdefault(entry.country, entry.display or entry.name)
        self.max_words = max((len(k) for k in self._by_words), default=0)
        self._sectors: dict[str, str] = {normalize(t): s for t, s in sectors.items()}
        self.sector_terms_max_words = max(
            (len(t.split()) for t in self._sectors), default=0
        )
        # Terms of several words by their words, and the words they start with, so a
        # phrase can be tested without normalizing strings that cannot match.
        self._sector_terms: dict[tuple[str, ...], str] = {
            tuple(t.split()): s for t, s in self._sectors.items() if " " in t
        }
        self._sector_term_starts = frozenset(words[0] for words in self._sector_terms)
        # Names one typing slip away, for near_place: each one-word place name of
        # NEAR_MIN_LETTERS or more under itself and each form with one letter deleted.
        self._near: dict[str, list[Entry]] = {}
        for entry in self._entries:
            if entry.kind in _NEAR_KINDS and entry.name.isalpha() and len(entry.name) >= NEAR_MIN_LETTERS:
                for near in {entry.name, *_deletions(entry.name)}:
                    self._near.setdefault(near, []).append(entry)
        # People's names for near_person: one-word names (aliases) as for places, names
        # of several words under each of their words.
        self._near_person_words: dict[str, list[tuple[str, Entry]]] = {}
        self._people_by_word: dict[str, list[tuple[str, Entry]]] = {}
        for entry in self._entries:
            if entry.kind != ActorKind.PERSON:
                continue
            plain = _plain(entry.name)
            words = plain.split()
            if len(words) > 1:
                for word in set(words):
                    self._people_by_word.setdefault(word, []).append((plain, entry))
            elif plain.isalpha() and len(plain) >= NEAR_MIN_LETTERS:
                for near in {plain, *_deletions(plain)}:
                    self._near_person_words.setdefault(near, []).append((plain, entry))

    # -- construction from files ------------------------------------------------

    @classmethod
    def from_defaults(cls) -> KnowledgeBase:
        """The knowledge base built from the files bundled in ``detente.data``."""
        return cls._load([_bundled()], _Problems())

    @classmethod
    def layered(cls, directory: Path | str) -> KnowledgeBase:
        """The bundled knowledge base with a user's own directory over it.

        ``directory`` holds any of the files of :data:`KB_FILES`, in the bundled
        formats. Their rows are added to the bundled ones; a name the user's files
        give replaces every bundled entry of that name (in any file), so a user can
        recode a group or a person. A user's sectors.tsv term replaces the bundled
        term's sector, and a user's sector_codes.tsv row adds a code or replaces one.
        A file of another name is an error naming it, so a misspelt file is not ignored.
        """
        return cls._load([_bundled(), _user_layer(Path(directory))], _Problems())

    @classmethod
    def from_files(
        cls,
        countries: Path,
        organizations: Path,
        people: Path,
        sectors: Path,
        places: Path | None = None,
        sector_codes: Path | None = None,
        collectives: Path | None = None,
    ) -> KnowledgeBase:
        """The knowledge base built from files in the bundled formats alone.

        Without ``places`` it knows no places (cities, regions), without ``collectives``
        no collective names; without ``sector_codes`` it takes the bundled table of
        sector codes and their classes.
        """
        given = {
            "countries.tsv": countries,
            "organizations.tsv": organizations,
            "people.tsv": people,
            "sectors.tsv": sectors,
            "places.tsv": places,
            "sector_codes.tsv": sector_codes,
            "collectives.tsv": collectives,
        }
        layer = {name: _Source.read(Path(path)) for name, path in given.items() if path is not None}
        if sector_codes is None:
            layer["sector_codes.tsv"] = _bundled()["sector_codes.tsv"]
        return cls._load([layer], _Problems())

    @classmethod
    def _load(cls, layers: Sequence[Mapping[str, _Source]], problems: _Problems) -> KnowledgeBase:
        sector_codes, sectors, placed = _read_layers(layers, problems)
        kb = cls((p.entry for p in placed), sectors, sector_codes)
        kb.sources = tuple(src.path for layer in layers for src in layer.values())
        kb.digest = _digest(layers[1:])
        return kb

    # -- lookups ------------------------------------------------------------------

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in file order (countries, organizations, people, places)."""
        return self._entries

    def lookup(self, name: str, on: dt.date | None = None) -> Entry | None:
        """The entry for exactly this name (after :func:`normalize`), or None.

        People (and their aliases) only match when their role holds on ``on``;
        with ``on=None`` the latest role is returned.
        """
        candidates = self._by_name.get(normalize(name))
        return _pick(candidates, on, self._in_office) if candidates else None

    def match_at(
        self, words: Sequence[str], i: int, on: dt.date | None = None
    ) -> tuple[int, Entry] | None:
        """The longest name starting at ``words[i]``, as (number of words, entry).

        ``words`` are normalized single tokens (lower-cased token texts).
        """
        if i < 0 or i >= len(words):
            return None
        longest = min(self.max_words, len(words) - i)
        for n in range(longest, 0, -1):
            candidates = self._by_words.get(tuple(words[i : i + n]))
            if candidates:
                entry = _pick(candidates, on, self._in_office)
                if entry is not None:
                    return n, entry
        return None

    def _in_office(self, person: str, on: dt.date) -> bool:
        """Does the person (their name as the file writes it) hold any role on ``on``?"""
        return any(e.valid_on(on) for e in self._roles.get(person, ()))

    def near_place(self, word: str, on: dt.date | None = None) -> Entry | None:
        """The country, adjective or place one edit away from ``word`` (a letter added,
        dropped, changed, or two neighbours swapped): "Isreal" -> Israel, "Ethopia" ->
        Ethiopia. Only for a word of NEAR_MIN_LETTERS letters or more that is no name
        itself, and only when every name that near stands for one code."""
        query = word.lower()
        if len(query) < NEAR_MIN_LETTERS or not query.isalpha() or query in self._by_name:
            return None
        found: dict[str, Entry] = {}
        for key in {query, *_deletions(query)}:
            for entry in self._near.get(key, ()):
                if entry.valid_on(on) and _one_edit(query, entry.name):
                    found.setdefault(entry.name, entry)
        codes = {e.code for e in found.values()}
        if len(codes) != 1:
            return None
        return min(found.values(), key=lambda e: e.name)

    def near_person(self, words: Sequence[str], on: dt.date | None = None) -> Entry | None:
        """The person whose name (or alias) is ``words`` written with at most one slip:
        a letter added, dropped, changed or two swapped ("Narendra Modhi",
        "Angela Merkle"), or hyphens and full stops set otherwise ("Moon Jae in" for
        "Moon Jae-in"). ``words`` are normalized tokens. Only for names of
        NEAR_MIN_LETTERS letters or more, only among people in a role on ``on`` (any
        date when None; then the latest role), and only when one person is that near."""
        plain = _plain(" ".join(words))
        parts = plain.split()
        if len(plain.replace(" ", "")) < NEAR_MIN_LETTERS:
            return None
        if len(parts) == 1:
            pool = [e for key in {plain, *_deletions(plain)} for e in self._near_person_words.get(key, ())]
        else:
            pool = [e for word in set(parts) for e in self._people_by_word.get(word, ())]
        near = [e for name, e in pool if e.valid_on(on) and (name == plain or _one_edit(plain, name))]
        if len({e.display for e in near}) != 1:
            return None
        return max(near, key=lambda e: e.start or dt.date.min)

    def entries_named(self, name: str) -> tuple[Entry, ...]:
        """Every entry of this name (after :func:`normalize`), on any date."""
        return tuple(self._by_name.get(normalize(name), ()))

    def sector_of(self, term: str) -> str | None:
        """The sector code of a role term (``"foreign minister"`` -> ``"GOV"``), or None."""
        return self._sectors.get(normalize(term))

    def starts_sector_term(self, word: str) -> bool:
        """Does a role term of several words begin with ``word`` ("former", "chief")?"""
        return word in self._sector_term_starts

    def sector_of_words(self, words: Sequence[str]) -> str | None:
        """The sector of a term of several words given as normalized single words
        (lower case, hyphens apart): ``("former", "prime", "minister")`` -> ``"ELI"``."""
        if not words or words[0] not in self._sector_term_starts:
            return None
        return self._sector_terms.get(tuple(words))

    def country_name(self, iso3: str) -> str | None:
        """The first name listed for a country (``"USA"`` -> ``"United States"``)."""
        return self._country_names.get(iso3)


#: The shortest word near_place corrects: shorter ones are too often other words ("Iran"/"Iraq").
NEAR_MIN_LETTERS = 6
_NEAR_KINDS = frozenset({ActorKind.COUNTRY, ActorKind.ADJECTIVE, ActorKind.CAPITAL, ActorKind.PLACE})


def _plain(name: str) -> str:
    """A normalized name with hyphens as spaces and no full stops, for near_person."""
    return _SPACE.sub(" ", name.replace("-", " ").replace(".", " ")).strip()


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1 :] for k in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Are ``a`` and ``b`` one edit apart: one letter added, dropped or changed, or two
    neighbouring letters swapped?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


# -- reading the files --------------------------------------------------------------

#: The knowledge base's files, in the order they are read; the bundled data holds each,
#: and a user's directory (``KnowledgeBase.layered``) any of them.
KB_FILES: tuple[str, ...] = (
    "sector_codes.tsv",
    "countries.tsv",
    "organizations.tsv",
    "people.tsv",
    "places.tsv",
    "collectives.tsv",
    "sectors.tsv",
)


def _bundled() -> dict[str, _Source]:
    data = importlib.resources.files("detente.data")
    out: dict[str, _Source] = {}
    for name in KB_FILES:
        resource = data.joinpath(name)
        out[name] = _Source(str(resource), resource.read_text(encoding="utf-8"), name)
    return out


def _user_layer(directory: Path) -> dict[str, _Source]:
    """The knowledge-base files of a user's directory; another ``.tsv`` file there, or a
    directory that is missing or holds none of them, is an error naming it."""
    if not directory.is_dir():
        raise DataFileError(str(directory), None, "not a directory of knowledge-base files")
    out: dict[str, _Source] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix != ".tsv":
            continue
        if path.name not in KB_FILES:
            raise DataFileError(
                str(path), None, f"not a knowledge-base file (the files are {', '.join(KB_FILES)})"
            )
        out[path.name] = _Source.read(path)
    if not out:
        raise DataFileError(str(directory), None, f"holds none of the knowledge-base files ({', '.join(KB_FILES)})")
    return out


def _digest(layers: Sequence[Mapping[str, _Source]]) -> str | None:
    """A short digest of the files of ``layers`` (names and texts), or None for none."""
    if not layers:
        return None
    h = hashlib.sha256()
    for layer in layers:
        for name in sorted(layer):
            h.update(name.encode() + b"\0" + layer[name].text.encode("utf-8") + b"\0")
    return h.hexdigest()[:12]


def _read_layers(
    layers: Sequence[Mapping[str, _Source]], problems: _Problems
) -> tuple[SectorCodes, dict[str, str], list[_Placed]]:
    """The sector codes, role terms and entries of ``layers``, the later ones over the
    earlier: a name a later layer gives drops the earlier layers' entries of that name."""
    sector_codes: SectorCodes | None = None
    for layer in layers:
        if "sector_codes.tsv" in layer:
            with problems.row():
                table = _read_sector_codes(layer["sector_codes.tsv"])
                sector_codes = table if sector_codes is None else _merge_sector_codes(sector_codes, table)
    if sector_codes is None:
        sector_codes = SectorCodes.from_defaults()
    codes = sector_codes.codes
    known: set[str] = set()
    named: set[str] = set()
    sectors: dict[str, str] = {}
    placed: list[_Placed] = []
    for layer in layers:
        here: list[_Placed] = []
        if "countries.tsv" in layer:
            here.extend(_read_countries(layer["countries.tsv"], codes, problems))
        known.update(p.entry.country for p in here if p.entry.country is not None)
        countries = frozenset(known)
        if "organizations.tsv" in layer:
            orgs = _read_organizations(layer["organizations.tsv"], countries, codes, problems)
            named.update(p.entry.code for p in orgs)
            here.extend(orgs)
        if "people.tsv" in layer:
            here.extend(_read_people(layer["people.tsv"], countries, codes, problems))
        if "places.tsv" in layer:
            here.extend(_read_places(layer["places.tsv"], countries, problems))
        if "collectives.tsv" in layer:
            here.extend(_read_collectives(layer["collectives.tsv"], countries, frozenset(named), codes, problems))
        if "sectors.tsv" in layer:
            sectors.update(_read_sectors(layer["sectors.tsv"], codes, problems))
        replaced = {p.entry.name for p in here}
        placed = [p for p in placed if p.entry.name not in replaced] + here
    _check_conflicts(placed, problems)
    return sector_codes, sectors, placed


def _merge_sector_codes(base: SectorCodes, extra: SectorCodes) -> SectorCodes:
    """``base`` with the codes of ``extra`` added, a code in both taking ``extra``'s row."""
    classes = {
        name: (getattr(base, name) - extra.codes) | getattr(extra, name) for name in SECTOR_CLASSES
    }
    return SectorCodes(codes=base.codes | extra.codes, names={**base.names, **extra.names}, **classes)


@dataclass(frozen=True)
class KbCheck:
    """What ``detente kb check`` found: the files read, the number of names, and every
    error (each naming its file and line), in file order."""

    files: tuple[str, ...]
    entries: int
    errors: tuple[DataFileError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_knowledge_base(directory: Path | str | None = None) -> KbCheck:
    """Check the bundled knowledge base, with a user's ``directory`` over it when given:
    every row's codes, dates and column count, and across the files names that stand for
    two actors at once, overlapping roles and repeated rows. Unlike loading, which stops
    at the first error, this reads on and reports them all."""
    problems = _Problems(collect=True)
    layers: list[Mapping[str, _Source]] = [_bundled()]
    if directory is not None:
        try:
            layers.append(_user_layer(Path(directory)))
        except DataFileError as error:
            return KbCheck(tuple(s.path for s in layers[0].values()), 0, (error,))
    _, _, placed = _read_layers(layers, problems)
    return KbCheck(
        tuple(src.path for layer in layers for src in layer.values()),
        len(placed),
        tuple(problems.found),
    )


@dataclass(frozen=True)
class _Source:
    """A data file's path (for messages) and its text."""

    path: str
    text: str
    label: str = ""  # how explanations name the file: the bundled files by name alone

    @classmethod
    def read(cls, path: Path) -> _Source:
        try:
            return cls(str(path), path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(str(path), None, f"cannot read: {exc}") from exc

    def rows(self, *columns: int) -> Iterator[tuple[int, list[str]]]:
        """(line number, stripped fields) of each data line, which must have one of the
        numbers of ``columns``; comments and blanks skipped (detente.tsv.rows)."""
        return tsv.rows(self.text, self.path, columns, strip=True)


@dataclass(frozen=True)
class _Placed:
    """An entry with the file line it came from, and the person row it belongs to."""

    entry: Entry
    path: str
    line: int
    person: str | None = field(default=None)


class _Problems:
    """Where the readers put the errors they find: raised at once when loading, or
    collected, every row's, when checking a knowledge base (``detente kb check``)."""

    def __init__(self, collect: bool = False) -> None:
        self.collect = collect
        self.found: list[DataFileError] = []

    def add(self, error: DataFileError) -> None:
        if not self.collect:
            raise error
        self.found.append(error)

    @contextlib.contextmanager
    def row(self) -> Iterator[None]:
        """Around the reading of one row: its error is raised or collected."""
        try:
            yield
        except DataFileError as error:
            self.add(error)


def _each_row(src: _Source, columns: Collection[int], problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """(line, stripped cells) of each data row of ``src`` with a number of cells in
    ``columns``; a row with another number is an error (and, when collecting, skipped)."""
    ordered = sorted(columns)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        wanted = f"{ordered[0]} to {ordered[-1]}"
    else:
        wanted = " or ".join(str(n) for n in ordered)
    for line, fields in src.rows(*range(1, _MAX_COLUMNS + 1)):
        if len(fields) not in columns:
            problems.add(DataFileError(src.path, line, f"expected {wanted} tab-separated columns, got {len(fields)}"))
            continue
        yield line, fields


#: More cells than any knowledge-base file has; a row with more is reported as such.
_MAX_COLUMNS = 64


def _sector(src: _Source, line: int, value: str, codes: frozenset[str]) -> str | None:
    if not value:
        return None
    if value not in codes:
        raise DataFileError(src.path, line, f"unknown sector code {value!r}")
    return value


def _name(src: _Source, line: int, value: str) -> str:
    name = normalize(value)
    if not name:
        raise DataFileError(src.path, line, "empty name")
    return name


def _date(src: _Source, line: int, value: str, column: str) -> dt.date | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise DataFileError(src.path, line, f"{column} {value!r} is not a YYYY-MM-DD date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(src.path, line, f"{column} {value!r}: {exc}") from exc


def _dates(src: _Source, line: int, fields: Sequence[str], at: int) -> tuple[dt.date | None, dt.date | None]:
    """The optional start and end dates in ``fields[at]`` and ``fields[at + 1]`` (either
    may be missing or empty: that side is open); the end may not be before the start."""
    start = _date(src, line, fields[at], "start") if len(fields) > at else None
    end = _date(src, line, fields[at + 1], "end") if len(fields) > at + 1 else None
    if start is not None and end is not None and end < start:
        raise DataFileError(src.path, line, f"end {end} is before start {start}")
    return start, end


def _origin(src: _Source, line: int) -> str:
    return f"{src.label or src.path}:{line}"


def _read_countries(src: _Source, codes: frozenset[str], problems: _Problems) -> list[_Placed]:
    kinds = {"name": ActorKind.COUNTRY, "adjective": ActorKind.ADJECTIVE, "capital": ActorKind.CAPITAL}
    out: list[_Placed] = []
    for line, fields in _each_row(src, (3, 4, 5, 6), problems):
        with problems.row():
            iso3, kind, display = fields[0], fields[1], fields[2]
            override = fields[3] if len(fields) >= 4 else ""
            if not _ISO3.match(iso3):
                raise DataFileError(src.path, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
            if kind not in kinds:
                raise DataFileError(src.path, line, f"kind must be name, adjective or capital, not {kind!r}")
            if override and kind != "capital":
                raise DataFileError(src.path, line, "only a capital row may give a sector")
            name = _name(src, line, display)
            start, end = _dates(src, line, fields, 4)
            if kind == "capital":
                sector = _sector(src, line, override, codes) or "GOV"
                code, entry_sector = iso3 + sector, sector
            else:
                code, entry_sector = iso3, None
            entry = Entry(
                name, code, iso3, entry_sector, kinds[kind], start, end,
                display=display, origin=_origin(src, line),
            )
            out.append(_Placed(entry, src.path, line))
    return out


def _code(src: _Source, line: int, code: str) -> str:
    if not _CODE.match(code):
        raise DataFileError(src.path, line, f"{code!r} is not an actor code")
    return code


def _read_organizations(
    src: _Source, known: frozenset[str], codes: frozenset[str], problems: _Problems
) -> list[_Placed]:
    out: list[_Placed] = []
    for line, fields in _each_row(src, (4, 5, 6), problems):
        with problems.row():
            code = _code(src, line, fields[0])
            country = fields[1] or None
            if country is not None:
                if country not in known:
                    raise DataFileError(src.path, line, f"unknown country {country!r}")
                if not code.startswith(country):
                    raise DataFileError(src.path, line, f"code {code!r} does not start with its country {country!r}")
            sector = _sector(src, line, fields[2], codes)
            start, end = _dates(src, line, fields, 4)
            entry = Entry(
                _name(src, line, fields[3]), code, country, sector, ActorKind.ORGANIZATION, start, end,
                display=fields[3], origin=_origin(src, line),
            )
            out.append(_Placed(entry, src.path, line))
    return out


def _person_code(src: _Source, line: int, code: str, known: frozenset[str], codes: frozenset[str]) -> tuple[str | None, str | None]:
    """The country and sector of a person's code ("USAGOV" -> USA, GOV; "IGOUNO" -> none)."""
    prefix = code[:3]
    if prefix in STATELESS_PREFIXES:
        return None, None
    if prefix not in known:
        raise DataFileError(src.path, line, f"code {code!r} starts with no known country")
    return prefix, _sector(src, line, code[3:6], codes) if len(code) >= 6 else None


def _read_people(src: _Source, known: frozenset[str], codes: frozenset[str], problems: _Problems) -> list[_Placed]:
    out: list[_Placed] = []
    for line, fields in _each_row(src, (5, 6), problems):
        with problems.row():
            display, role = fields[0], fields[4] or None
            code = _code(src, line, fields[1])
            country, sector = _person_code(src, line, code, known, codes)
            start, end = _dates(src, line, fields, 2)
            if start is None:
                raise DataFileError(src.path, line, "start date is required")
            person = _name(src, line, display)
            aliases = fields[5].split(",") if len(fields) == 6 else []
            for name in [display, *(a for a in aliases if a.strip())]:
                entry = Entry(
                    _name(src, line, name), code, country, sector, ActorKind.PERSON,
                    start, end, role, display, origin=_origin(src, line),
                )
                out.append(_Placed(entry, src.path, line, person))
    return out


def _read_places(src: _Source, known: frozenset[str], problems: _Problems) -> list[_Placed]:
    """Places: each name stands for its country (code = country, no sector)."""
    out: list[_Placed] = []
    for line, fields in _each_row(src, (2, 3, 4), problems):
        with problems.row():
            iso3, display = fields[0], fields[1]
            if not _ISO3.match(iso3):
                raise DataFileError(src.path, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
            if iso3 not in known:
                raise DataFileError(src.path, line, f"unknown country {iso3!r}")
            start, end = _dates(src, line, fields, 2)
            entry = Entry(
                _name(src, line, display), iso3, iso3, None, ActorKind.PLACE, start, end,
                display=display, origin=_origin(src, line),
            )
            out.append(_Placed(entry, src.path, line))
    return out


def _read_collectives(
    src: _Source, known: frozenset[str], named: frozenset[str], codes: frozenset[str], problems: _Problems
) -> list[_Placed]:
    """Collective names ("the P5+1", "Western powers"): each stands for the actors its
    members column lists (space-separated codes), which the resolver gives as one
    party each; a collective of one code is that actor."""
    out: list[_Placed] = []
    for line, fields in _each_row(src, (2, 3, 4), problems):
        with problems.row():
            display = fields[0]
            members = tuple(fields[1].split())
            if not members:
                raise DataFileError(src.path, line, "a collective needs at least one member code")
            for member in members:
                _code(src, line, member)
                if member[:3] not in known and member[:3] not in STATELESS_PREFIXES and member not in named:
                    raise DataFileError(
                        src.path, line, f"member {member!r} is neither a country's code nor one organizations.tsv gives"
                    )
                if len(member) >= 6 and member[:3] in known:
                    _sector(src, line, member[3:6], codes)
            if len(set(members)) != len(members):
                raise DataFileError(src.path, line, "a member is listed twice")
            start, end = _dates(src, line, fields, 2)
            country = members[0][:3] if len(members) == 1 and members[0][:3] in known else None
            entry = Entry(
                _name(src, line, display), members[0], country, None, ActorKind.ORGANIZATION, start, end,
                display=display, members=members if len(members) > 1 else (), origin=_origin(src, line),
            )
            out.append(_Placed(entry, src.path, line))
    return out


def _read_sectors(src: _Source, codes: frozenset[str], problems: _Problems) -> dict[str, str]:
    out: dict[str, str] = {}
    where: dict[str, int] = {}
    for line, fields in _each_row(src, (2,), problems):
        with problems.row():
            term = _name(src, line, fields[0])
            sector = _sector(src, line, fields[1], codes)
            if sector is None:
                raise DataFileError(src.path, line, "missing sector code")
            if term in out:
                what = "repeats" if out[term] == sector else f"gives sector {sector} to"
                raise DataFileError(
                    src.path, line, f"{what} {term!r}, given sector {out[term]} on line {where[term]}"
                )
            out[term] = sector
            where[term] = line
    return out


_SECTOR_CODE = re.compile(r"^[A-Z]{3}$")
_YES_NO = MappingProxyType({"yes": True, "no": False})


def _read_sector_codes(src: _Source) -> SectorCodes:
    """sector_codes.tsv: a header row naming the columns (SECTOR_CODE_COLUMNS), then
    one row per code: the code, its name, and yes or no for each class."""
    names: dict[str, str] = {}
    where: dict[str, int] = {}
    members: dict[str, set[str]] = {name: set() for name in SECTOR_CLASSES}
    for line, fields in tsv.header_rows(src.text, src.path, SECTOR_CODE_COLUMNS, what="sector codes", strip=True):
        code, name, flags = fields[0], fields[1], fields[2:]
        if not _SECTOR_CODE.match(code):
            raise DataFileError(src.path, line, f"{code!r} is not a sector code (three capital letters)")
        if code in names:
            raise DataFileError(src.path, line, f"duplicate sector code {code!r} (line {where[code]})")
        if not name:
            raise DataFileError(src.path, line, f"sector code {code!r} has an empty name")
        for column, value in zip(SECTOR_CLASSES, flags, strict=True):
            if value not in _YES_NO:
                raise DataFileError(src.path, line, f"{column}: want yes or no, not {value!r}")
            if _YES_NO[value]:
                members[column].add(code)
        names[code] = name
        where[code] = line
    if not names:
        raise DataFileError(src.path, None, "no sector codes")
    return SectorCodes(
        codes=frozenset(names),
        names=names,
        **{column: frozenset(codes) for column, codes in members.items()},
    )


def _overlap(a: Entry, b: Entry) -> bool:
    a_start, b_start = a.start or dt.date.min, b.start or dt.date.min
    a_end, b_end = a.end or dt.date.max, b.end or dt.date.max
    return a_start <= b_end and b_start <= a_end


def _check_conflicts(placed: Sequence[_Placed], problems: _Problems) -> None:
    """Reject names that would stand for two actors at once, and repeated rows.

    A name may repeat with the same code in another row (a country's name and its
    organisation's), except a place's: a place name must be new, so that places.tsv
    neither repeats itself nor shadows a name the other files give. A name may stand
    for two codes only over dates that never overlap (the Taliban as rebels, then as
    the government; two people who hold one surname one after the other); one person
    may hold overlapping rows only with the same code. The same name with the same
    code and dates twice in one file is a repeated row.
    """
    seen: dict[str, list[_Placed]] = {}
    for here in placed:
        with problems.row():
            for there in seen.get(here.entry.name, []):
                _check_pair(here, there)
        seen.setdefault(here.entry.name, []).append(here)


def _check_pair(here: _Placed, there: _Placed) -> None:
    a, b = here.entry, there.entry
    if not _overlap(a, b):
        return
    if a.kind == ActorKind.PERSON and b.kind == ActorKind.PERSON:
        same_person = here.person == there.person
        if same_person and a.code == b.code:
            if here.line == there.line or here.path != there.path or (a.start, a.end) != (b.start, b.end):
                return
            why = "a repeated row of this person"
        else:
            why = "overlapping roles of one person" if same_person else "another person's name"
    elif ActorKind.PLACE in (a.kind, b.kind) and a.code == b.code:
        raise DataFileError(
            here.path, here.line, f"duplicate name {a.name!r} ({a.code}): already listed at {there.path}:{there.line}"
        )
    elif a.code == b.code and (a.kind == ActorKind.PERSON) == (b.kind == ActorKind.PERSON):
        if here.path != there.path or a.kind != b.kind or (a.start, a.end) != (b.start, b.end) or a.members != b.members:
            return
        why = "a repeated row"
        raise DataFileError(
            here.path, here.line, f"repeated name {a.name!r} ({a.code}): already listed at {there.path}:{there.line}"
        )
    else:
        why = "another name"
    raise DataFileError(
        here.path,
        here.line,
        f"ambiguous name {a.name!r} ({a.code}): {why} with code {b.code} at {there.path}:{there.line}",
    )
