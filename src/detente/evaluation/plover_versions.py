"""The map between two PLOVER versions: the gold file's (0.5b1) and the coder's table's (2021).

The PLOVER gold records were coded in PLOVER 0.5b1; detente's CAMEO→PLOVER table is the
2021 one (PLOVER draft 0.8). Four type names of the older version are gone from the
newer one (DEMAND, DISAPPROVE, INVESTIGATE, FIGHT), and a few types lost part of their
meaning to another type. The bundled table ``plover_versions.tsv`` (its header comments
document the columns) says, for each older type, which 2021 type it became; the
evaluation applies it to the gold labels before scoring, so that a name change is not
scored as a coder error.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from detente.errors import DataFileError
from detente.events.ontology import Ontology
from detente.tsv import header_rows

COLUMNS: tuple[str, ...] = ("old", "new", "change", "also", "evidence")
CHANGES: tuple[str, ...] = ("same", "renamed", "merged")

#: The version the bundled table maps from: the gold file's ``"version"`` field.
GOLD_VERSION = "0.5b1"

_NAME_RE = re.compile(r"[A-Z][A-Z_]*")


@dataclass(frozen=True)
class VersionRow:
    """One older PLOVER type and the 2021 type it became."""

    old: str
    new: str
    change: str  # one of CHANGES
    also: tuple[str, ...]  # other 2021 types part of the old type went to (a split)
    evidence: str
    line: int

    @property
    def renamed(self) -> bool:
        return self.old != self.new


class PloverVersions:
    """Older PLOVER type names looked up by name; built from rows, no I/O."""

    def __init__(self, rows: Iterable[VersionRow], *, origin: str = "<rows>", from_version: str = GOLD_VERSION) -> None:
        by_old: dict[str, VersionRow] = {}
        for row in rows:
            if row.old in by_old:
                raise ValueError(f"duplicate old PLOVER type {row.old!r}")
            by_old[row.old] = row
        self._rows = by_old
        self.origin = origin
        self.from_version = from_version

    @classmethod
    def from_defaults(cls) -> PloverVersions:
        """The bundled table, checked against the PLOVER types of the coder's own CAMEO table."""
        resource = importlib.resources.files("detente.evaluation").joinpath("plover_versions.tsv")
        origin = "detente/evaluation/plover_versions.tsv"
        return cls(parse_versions(resource.read_text(encoding="utf-8"), origin, current_types()), origin=origin)

    @classmethod
    def from_file(cls, path: Path | str, known: Collection[str], *, from_version: str = GOLD_VERSION) -> PloverVersions:
        """A table in the plover_versions.tsv format whose ``new`` and ``also`` names must be in ``known``."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(str(path), None, f"cannot read: {exc}") from None
        return cls(parse_versions(text, str(path), known), origin=str(path), from_version=from_version)

    def get(self, old: str) -> VersionRow | None:
        return self._rows.get(old)

    def map(self, old: str) -> str:
        """The 2021 name of ``old``; ``KeyError`` if the table has no row for it."""
        row = self._rows.get(old)
        if row is None:
            raise KeyError(f"PLOVER {self.from_version} type {old!r} is not in {self.origin}")
        return row.new

    def __contains__(self, old: object) -> bool:
        return isinstance(old, str) and old in self._rows

    def __iter__(self) -> Iterator[VersionRow]:
        return iter(self._rows.values())

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"PloverVersions({len(self._rows)} types from {self.from_version})"


def current_types() -> frozenset[str]:
    """The PLOVER types of detente's CAMEO table (the 2021 CAMEO→PLOVER table)."""
    return frozenset(c.plover_event for c in Ontology.from_defaults() if c.plover_event is not None)


def parse_versions(text: str, origin: str, known: Collection[str]) -> list[VersionRow]:
    """Rows of a plover_versions.tsv text; a bad row is a DataFileError naming ``origin`` and its line.

    ``known`` is the set of 2021 type names; a ``new`` or ``also`` name outside it is an error.
    """
    rows: list[VersionRow] = []
    seen: dict[str, int] = {}
    for number, cells in header_rows(text, origin, COLUMNS, what="types"):
        old, new, change, also_cell, evidence = (c.strip() for c in cells)
        if not _NAME_RE.fullmatch(old):
            raise DataFileError(origin, number, f"old type {old!r} is not an upper-case PLOVER name")
        if old in seen:
            raise DataFileError(origin, number, f"duplicate old type {old!r} (first at line {seen[old]})")
        if new not in known:
            raise DataFileError(origin, number, f"unknown 2021 PLOVER type {new!r}; the table has {', '.join(sorted(known))}")
        also = tuple(name.strip() for name in also_cell.split(",") if name.strip())
        for name in also:
            if name not in known:
                raise DataFileError(origin, number, f"unknown 2021 PLOVER type {name!r} in also")
            if name == new:
                raise DataFileError(origin, number, f"also repeats the new type {new!r}")
        if change not in CHANGES:
            raise DataFileError(origin, number, f"change {change!r} is not one of {', '.join(CHANGES)}")
        if change == "same" and old != new:
            raise DataFileError(origin, number, f"change is same but {old!r} maps to {new!r}")
        if change == "renamed" and old == new:
            raise DataFileError(origin, number, f"change is renamed but {old!r} keeps its name")
        if change != "same" and not evidence:
            raise DataFileError(origin, number, f"a {change} type needs its evidence")
        seen[old] = number
        rows.append(VersionRow(old, new, change, also, evidence, number))
    # Whether a type was renamed or merged depends on the other rows: check once all are read.
    sources = Counter(row.new for row in rows)
    for row in rows:
        if row.change == "renamed" and sources[row.new] > 1:
            raise DataFileError(origin, row.line, f"renamed, but {sources[row.new]} old types map to {row.new!r}: merged")
        if row.change == "merged" and sources[row.new] < 2:
            raise DataFileError(origin, row.line, f"merged, but no other old type maps to {row.new!r}")
        if row.change == "same" and sources[row.new] > 1:
            raise DataFileError(origin, row.line, f"same, but other old types map to {row.new!r} too: merged")
    return rows
