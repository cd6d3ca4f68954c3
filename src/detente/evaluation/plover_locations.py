"""The countries of the PLOVER gold's place names (plover_locations.tsv).

PLOVER_GSR_CAMEO.json names where 48 of its events happened (``eventLoc``) and gives the
country of only four; the table beside this module gives each other name its country,
by hand, so that the coder's location country can be scored (docs/places.md). Its header
says why and how; this module reads and checks it: a row with a name listed twice, a
country that is not an ISO 3166-1 alpha-3 code GeoNames knows, or the wrong columns is a
DataFileError naming the file and line.
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from detente.context.gazetteer import CountryCodes
from detente.errors import DataFileError
from detente.tsv import header_rows

COLUMNS: tuple[str, ...] = ("name", "country", "note")
_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class PlaceCountry:
    """One row: a gold place name, its country (ISO alpha-3) and why."""

    name: str
    country: str
    note: str
    line: int


class PloverLocations:
    """Gold place names -> countries, read-only once built."""

    def __init__(self, rows: Iterable[PlaceCountry], *, origin: str = "<rows>") -> None:
        self.origin = origin
        self._rows = {row.name: row for row in rows}

    @classmethod
    def from_defaults(cls) -> PloverLocations:
        """The table bundled beside this module, checked against GeoNames' countries."""
        resource = importlib.resources.files("detente.evaluation").joinpath("plover_locations.tsv")
        known = frozenset(c.iso3 for c in CountryCodes.from_defaults())
        return cls(parse_locations(resource.read_text(encoding="utf-8"), str(resource), known), origin=str(resource))

    @classmethod
    def from_file(cls, path: Path | str, known: Collection[str]) -> PloverLocations:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataFileError(str(path), None, "file not found") from None
        return cls(parse_locations(text, str(path), known), origin=str(path))

    def country(self, name: str) -> str | None:
        """The country of a gold place name as the gold writes it, or None."""
        row = self._rows.get(name)
        return row.country if row else None

    def __contains__(self, name: object) -> bool:
        return name in self._rows

    def __iter__(self) -> Iterator[PlaceCountry]:
        return iter(self._rows.values())

    def __len__(self) -> int:
        return len(self._rows)


def parse_locations(text: str, origin: str, known: Collection[str]) -> list[PlaceCountry]:
    """The rows of a plover_locations.tsv text; ``known`` holds the alpha-3 codes a country may be."""
    out: list[PlaceCountry] = []
    seen: dict[str, int] = {}
    for line, cells in header_rows(text, origin, COLUMNS, what="place names"):
        name, country, note = (c.strip() for c in cells)
        if not name:
            raise DataFileError(origin, line, "empty place name")
        if name in seen:
            raise DataFileError(origin, line, f"place name {name!r} is already listed (line {seen[name]})")
        if not _ISO3.fullmatch(country):
            raise DataFileError(origin, line, f"country {country!r} is not an ISO 3166-1 alpha-3 code")
        if country not in known:
            raise DataFileError(origin, line, f"country {country!r} is not a country GeoNames lists")
        seen[name] = line
        out.append(PlaceCountry(name, country, note, line))
    return out
