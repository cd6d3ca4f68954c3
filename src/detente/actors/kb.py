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

import dataclasses
import datetime as dt
import importlib.resources
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
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

    ``start`` and ``end`` bound a person's role, both days included; ``None``
    leaves that side open. ``display`` is the name as written in the data file
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


def _pick(candidates: Sequence[Entry], on: dt.date | None) -> Entry | None:
    """The entry a name stands for on a date.

    A non-person entry always holds. Among people, only roles valid on the date
    count; with no date, the role that started last.
    """
    people: list[Entry] = []
    for entry in candidates:
        if entry.kind != ActorKind.PERSON:
            return entry
        if entry.valid_on(on):
            people.append(entry)
    if not people:
        return _former(candidates, on)
    return max(people, key=lambda e: e.start or dt.date.min)


def _former(candidates: Sequence[Entry], on: dt.date | None) -> Entry | None:
    """A person out of office on the date: an elite of their last country
    ("Obama" in 2018 -> USAELI), as long as the name belongs to one person
    and that person's last role was a national one."""
    if on is None:
        return None
    past = [e for e in candidates if e.end is not None and e.end < on]
    if not past or len({e.display or e.name for e in past}) != 1:
        return None
    if any(e.start is not None and e.start > on for e in candidates):
        return None  # someone (else) takes the name later: do not guess
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
        for entry in self._entries:
            self._by_name.setdefault(entry.name, []).append(entry)
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

    # -- construction from files ------------------------------------------------

    @classmethod
    def from_defaults(cls) -> KnowledgeBase:
        """The knowledge base built from the files bundled in ``detente.data``."""
        data = importlib.resources.files("detente.data")

        def source(name: str) -> _Source:
            resource = data.joinpath(name)
            return _Source(str(resource), resource.read_text(encoding="utf-8"))

        return cls._load(
            source("countries.tsv"),
            source("organizations.tsv"),
            source("people.tsv"),
            source("sectors.tsv"),
            source("places.tsv"),
            _read_sector_codes(source("sector_codes.tsv")),
        )

    @classmethod
    def from_files(
        cls,
        countries: Path,
        organizations: Path,
        people: Path,
        sectors: Path,
        places: Path | None = None,
        sector_codes: Path | None = None,
    ) -> KnowledgeBase:
        """The knowledge base built from files in the bundled formats.

        Without ``places`` the knowledge base knows no places (cities, regions); without
        ``sector_codes`` it takes the bundled table of sector codes and their classes.
        """
        return cls._load(
            _Source.read(Path(countries)),
            _Source.read(Path(organizations)),
            _Source.read(Path(people)),
            _Source.read(Path(sectors)),
            _Source.read(Path(places)) if places is not None else None,
            SectorCodes.from_file(Path(sector_codes)) if sector_codes is not None else SectorCodes.from_defaults(),
        )

    @classmethod
    def _load(
        cls,
        countries: _Source,
        organizations: _Source,
        people: _Source,
        sectors: _Source,
        places: _Source | None,
        sector_codes: SectorCodes,
    ) -> KnowledgeBase:
        codes = sector_codes.codes
        placed: list[_Placed] = []
        placed.extend(_read_countries(countries, codes))
        known = frozenset(p.entry.country for p in placed if p.entry.country is not None)
        placed.extend(_read_organizations(organizations, known, codes))
        placed.extend(_read_people(people, known, codes))
        if places is not None:
            placed.extend(_read_places(places, known))
        _check_conflicts(placed)
        return cls((p.entry for p in placed), _read_sectors(sectors, codes), sector_codes)

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
        return _pick(candidates, on) if candidates else None

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
                entry = _pick(candidates, on)
                if entry is not None:
                    return n, entry
        return None

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


# -- reading the files --------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """A data file's path (for messages) and its text."""

    path: str
    text: str

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


def _read_countries(src: _Source, codes: frozenset[str]) -> list[_Placed]:
    kinds = {"name": ActorKind.COUNTRY, "adjective": ActorKind.ADJECTIVE, "capital": ActorKind.CAPITAL}
    out: list[_Placed] = []
    for line, fields in src.rows(3, 4):
        iso3, kind, display = fields[0], fields[1], fields[2]
        override = fields[3] if len(fields) == 4 else ""
        if not _ISO3.match(iso3):
            raise DataFileError(src.path, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if kind not in kinds:
            raise DataFileError(
                src.path, line, f"kind must be name, adjective or capital, not {kind!r}"
            )
        if override and kind != "capital":
            raise DataFileError(src.path, line, "only a capital row may give a sector")
        name = _name(src, line, display)
        if kind == "capital":
            sector = _sector(src, line, override, codes) or "GOV"
            entry = Entry(name, iso3 + sector, iso3, sector, ActorKind.CAPITAL, display=display)
        else:
            entry = Entry(name, iso3, iso3, None, kinds[kind], display=display)
        out.append(_Placed(entry, src.path, line))
    return out


def _code(src: _Source, line: int, code: str) -> str:
    if not _CODE.match(code):
        raise DataFileError(src.path, line, f"{code!r} is not an actor code")
    return code


def _read_organizations(src: _Source, known: frozenset[str], codes: frozenset[str]) -> list[_Placed]:
    out: list[_Placed] = []
    for line, fields in src.rows(4):
        code = _code(src, line, fields[0])
        country = fields[1] or None
        if country is not None:
            if country not in known:
                raise DataFileError(src.path, line, f"unknown country {country!r}")
            if not code.startswith(country):
                raise DataFileError(
                    src.path, line, f"code {code!r} does not start with its country {country!r}"
                )
        sector = _sector(src, line, fields[2], codes)
        entry = Entry(
            _name(src, line, fields[3]), code, country, sector, ActorKind.ORGANIZATION, display=fields[3]
        )
        out.append(_Placed(entry, src.path, line))
    return out


def _date(src: _Source, line: int, value: str, column: str) -> dt.date | None:
    if not value:
        return None
    if not _DATE.match(value):
        raise DataFileError(src.path, line, f"{column} {value!r} is not a YYYY-MM-DD date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(src.path, line, f"{column} {value!r}: {exc}") from exc


def _read_people(src: _Source, known: frozenset[str], codes: frozenset[str]) -> list[_Placed]:
    out: list[_Placed] = []
    for line, fields in src.rows(5, 6):
        display, role = fields[0], fields[4] or None
        code = _code(src, line, fields[1])
        prefix = code[:3]
        if prefix in STATELESS_PREFIXES:
            country, sector = None, None
        elif prefix in known:
            country = prefix
            sector = _sector(src, line, code[3:6], codes) if len(code) >= 6 else None
        else:
            raise DataFileError(src.path, line, f"code {code!r} starts with no known country")
        start = _date(src, line, fields[2], "start")
        if start is None:
            raise DataFileError(src.path, line, "start date is required")
        end = _date(src, line, fields[3], "end")
        if end is not None and end < start:
            raise DataFileError(src.path, line, f"end {end} is before start {start}")
        person = _name(src, line, display)
        aliases = fields[5].split(",") if len(fields) == 6 else []
        for name in [display, *(a for a in aliases if a.strip())]:
            entry = Entry(
                _name(src, line, name), code, country, sector, ActorKind.PERSON,
                start, end, role, display,
            )
            out.append(_Placed(entry, src.path, line, person))
    return out


def _read_places(src: _Source, known: frozenset[str]) -> list[_Placed]:
    """Places: each name stands for its country (code = country, no sector)."""
    out: list[_Placed] = []
    for line, fields in src.rows(2):
        iso3, display = fields
        if not _ISO3.match(iso3):
            raise DataFileError(src.path, line, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if iso3 not in known:
            raise DataFileError(src.path, line, f"unknown country {iso3!r}")
        entry = Entry(_name(src, line, display), iso3, iso3, None, ActorKind.PLACE, display=display)
        out.append(_Placed(entry, src.path, line))
    return out


def _read_sectors(src: _Source, codes: frozenset[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    where: dict[str, int] = {}
    for line, fields in src.rows(2):
        term = _name(src, line, fields[0])
        sector = _sector(src, line, fields[1], codes)
        if sector is None:
            raise DataFileError(src.path, line, "missing sector code")
        if term in out and out[term] != sector:
            raise DataFileError(
                src.path, line,
                f"{term!r} is given sector {sector}, but {out[term]} on line {where[term]}",
            )
        out.setdefault(term, sector)
        where.setdefault(term, line)
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


def _check_conflicts(placed: Sequence[_Placed]) -> None:
    """Reject names that would stand for two actors at once.

    A name may repeat with the same code (harmless), except a place's: a place
    name must be new, so that places.tsv neither repeats itself nor shadows a
    name the other files give. People may share a name or alias only if their
    roles never overlap in time; one person may hold overlapping rows only with
    the same code.
    """
    seen: dict[str, list[_Placed]] = {}
    for here in placed:
        for there in seen.get(here.entry.name, []):
            a, b = here.entry, there.entry
            if a.kind == ActorKind.PERSON and b.kind == ActorKind.PERSON:
                same_person = here.person == there.person
                if not _overlap(a, b) or (same_person and a.code == b.code):
                    continue
                why = "overlapping roles of one person" if same_person else "another person's name"
            elif ActorKind.PLACE in (a.kind, b.kind) and a.code == b.code:
                raise DataFileError(
                    here.path,
                    here.line,
                    f"duplicate name {a.name!r} ({a.code}): already listed "
                    f"at {there.path}:{there.line}",
                )
            elif ActorKind.PLACE in (a.kind, b.kind):
                why = "another name"
            elif a.code == b.code and (a.kind == ActorKind.PERSON) == (b.kind == ActorKind.PERSON):
                continue
            else:
                why = "another name"
            raise DataFileError(
                here.path,
                here.line,
                f"ambiguous name {a.name!r} ({a.code}): {why} with code {b.code} "
                f"at {there.path}:{there.line}",
            )
        seen.setdefault(here.entry.name, []).append(here)
