"""Build src/detente/data/cameo.tsv from the published CAMEO and PLOVER tables.

Run from the repository root:

    python tools/build_ontology.py --shared ../shared --out src/detente/data/cameo.tsv

Inputs (under ``--shared``):

* ``eventcoding-gold/gdelt_lookups/CAMEO.eventcodes.txt``: ``code<TAB>description``
  with a header row; the code list and names as GDELT publishes them.
* ``eventcoding-gold/gdelt_lookups/CAMEO.goldsteinscale.txt``: ``code<TAB>value``
  with a header row; the Goldstein scale value of each code.
* ``eventcoding-gold/plover/CAMEO2PLOVER-2021.txt``: lines ``CODE: EVENT, mode, context
  # comment``; a root line carries only ``CODE: EVENT``; ``#`` lines are comments and a
  line of ``~`` ends the table.

The generated table is committed, so the package never needs ``--shared`` at run time.
This script is a tool, not library code: it prints and exits on bad input.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

EVENTCODES = Path("eventcoding-gold/gdelt_lookups/CAMEO.eventcodes.txt")
GOLDSTEIN = Path("eventcoding-gold/gdelt_lookups/CAMEO.goldsteinscale.txt")
PLOVER = Path("eventcoding-gold/plover/CAMEO2PLOVER-2021.txt")

from detente.events.ontology import COLUMNS  # noqa: E402  one column list for writer and reader

# The GDELT description of 1056 swallowed the next row ("...engagement106:[-5.0] Demand
# withdrawal"): code 106 is missing from both lookups and survives only here. We split it
# back out, taking the Goldstein value written inside the brackets.
_MERGED_ROW = re.compile(r"^(?P<name>.*?\S)(?P<code>\d{2,4}):\[(?P<goldstein>-?\d+(?:\.\d+)?)\]\s*(?P<next>.+)$")

# Plain typos and a mis-decoded quote in the published descriptions. Each is fixed only if
# the published text still reads exactly as listed, so an updated source is never mangled.
_NAME_FIXES: dict[str, tuple[str, str]] = {
    "033": ("matyerial", "material"),
    "044": ("Meet at a \u00d2hird\u00d3location", "Meet at a 'third' location"),
    "0355": ("Express intent allow", "Express intent to allow"),
    "2041": ("radiologicalweapons", "radiological weapons"),
}


@dataclass(frozen=True)
class PloverRow:
    event: str
    mode: str | None
    context: str | None


def fail(message: str) -> None:
    print(f"build_ontology: {message}", file=sys.stderr)
    raise SystemExit(1)


def quad_class(code: str) -> int:
    """GDELT QuadClass from the root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    root = int(code[:2])
    if 1 <= root <= 5:
        return 1
    if 6 <= root <= 9:
        return 2
    if 10 <= root <= 14:
        return 3
    if 15 <= root <= 20:
        return 4
    raise ValueError(f"code {code!r} has no CAMEO root 01-20")


def parent(code: str) -> str | None:
    if len(code) == 4:
        return code[:3]
    if len(code) == 3:
        return code[:2]
    return None


def clean_name(code: str, raw: str) -> str:
    name = " ".join(raw.split())
    fix = _NAME_FIXES.get(code)
    if fix is not None and fix[0] in name:
        name = name.replace(fix[0], fix[1])
    if name.isupper():  # root rows are printed in capitals: "MAKE PUBLIC STATEMENT"
        name = name[:1] + name[1:].lower()
    return name


def read_lookup(path: Path) -> list[tuple[int, str, str]]:
    """Rows (line number, code, value) of a two-column GDELT lookup, header skipped."""
    rows: list[tuple[int, str, str]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if number == 1 or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].isdigit():
            fail(f"{path}:{number}: expected 'code<TAB>value', got {line!r}")
        rows.append((number, parts[0], parts[1]))
    return rows


def read_names(path: Path) -> tuple[dict[str, str], dict[str, float]]:
    """Names by code, plus Goldstein values recovered from merged rows."""
    names: dict[str, str] = {}
    recovered: dict[str, float] = {}
    for number, code, description in read_lookup(path):
        merged = _MERGED_ROW.match(description)
        if merged:
            description = merged["name"]
            names[merged["code"]] = clean_name(merged["code"], merged["next"])
            recovered[merged["code"]] = float(merged["goldstein"])
        if code in names:
            fail(f"{path}:{number}: duplicate code {code}")
        names[code] = clean_name(code, description)
    return names, recovered


def read_goldstein(path: Path) -> dict[str, float]:
    values: dict[str, float] = {}
    for number, code, value in read_lookup(path):
        try:
            values[code] = float(value)
        except ValueError:
            fail(f"{path}:{number}: Goldstein value {value!r} is not a number")
    return values


def _blank_to_none(text: str) -> str | None:
    text = " ".join(text.split())
    return text or None


def read_plover(path: Path) -> dict[str, PloverRow]:
    rows: dict[str, PloverRow] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("~"):
            break
        body = stripped.split("#", 1)[0]
        code, sep, rest = body.partition(":")
        code = code.strip()
        if not sep or not code.isdigit():
            fail(f"{path}:{number}: expected 'CODE: EVENT, mode, context', got {line!r}")
        fields = [f.strip() for f in rest.split(",")]
        if len(fields) not in (1, 3) or not fields[0]:
            fail(f"{path}:{number}: expected 1 or 3 comma-separated fields, got {line!r}")
        row = PloverRow(
            event=fields[0],
            mode=_blank_to_none(fields[1]) if len(fields) == 3 else None,
            context=_blank_to_none(fields[2]) if len(fields) == 3 else None,
        )
        # The table lists some codes twice: 175 identically, and root 08 under both
        # CONCEDE and RETREAT. The first row wins (08 -> CONCEDE, as 080 is).
        rows.setdefault(code, row)
    return rows


def plover_for(code: str, table: dict[str, PloverRow]) -> PloverRow | None:
    """The code's own PLOVER row, else its nearest ancestor's."""
    current: str | None = code
    while current is not None:
        if current in table:
            return table[current]
        current = parent(current)
    return None


HEADER = """\
# CAMEO event codes with Goldstein scale, GDELT QuadClass and PLOVER mapping.
# Generated by tools/build_ontology.py; do not edit by hand, rerun the tool.
#
# Columns (TAB-separated, one header row after these comments):
#   code            CAMEO event code, leading zeros kept ("036", "1124")
#   name            the code's CAMEO description, in sentence case
#   goldstein       Goldstein conflict-cooperation scale value, -10.0 .. 10.0
#   quad_class      GDELT QuadClass: 1 verbal cooperation (roots 01-05), 2 material
#                   cooperation (06-09), 3 verbal conflict (10-14), 4 material conflict (15-20)
#   plover_event    PLOVER event type; empty if PLOVER has none (roots 01 and 02)
#   plover_mode     PLOVER mode, empty if none
#   plover_context  PLOVER context, empty if none ("crime; corruption" lists two)
#
# Provenance of the facts:
#   Code list, names and Goldstein values: the CAMEO codebook as published in the
#   GDELT lookup tables CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt.
#   Names are whitespace-normalised, capitals-only root names put in sentence case, and
#   four typos fixed (033, 044, 0355, 2041). Code 106 "Demand withdrawal" (-5.0) is
#   missing from both lookups and recovered from the 1056 description it was merged into.
#   The GDELT names of 101 and 105-108 follow an older CAMEO numbering than the PLOVER
#   table does (PLOVER's 106 is "demand meeting, negotiation"); names here are GDELT's,
#   the PLOVER columns are PLOVER's row for the same code.
#   CAMEO -> PLOVER: CAMEO2PLOVER-2021.txt (PLOVER manual draft 0.8, 17 September 2021).
#   A code without its own row takes its nearest ancestor's row; PLOVER codes absent
#   from the GDELT code list (1213, 1214) are not included.
"""


def build(shared: Path) -> list[tuple[str, ...]]:
    names, recovered = read_names(shared / EVENTCODES)
    goldstein = read_goldstein(shared / GOLDSTEIN)
    goldstein.update({c: v for c, v in recovered.items() if c not in goldstein})
    plover = read_plover(shared / PLOVER)
    missing = sorted(set(names) ^ set(goldstein))
    if missing:
        fail(f"codes in only one of the lookups: {', '.join(missing)}")
    rows: list[tuple[str, ...]] = []
    for code in sorted(names, key=lambda c: (c[:2], c.ljust(4, " "))):
        mapping = plover_for(code, plover)
        rows.append(
            (
                code,
                names[code],
                f"{goldstein[code]:.1f}",
                str(quad_class(code)),
                mapping.event if mapping else "",
                (mapping.mode or "") if mapping else "",
                (mapping.context or "") if mapping else "",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=Path("../shared"),
                        help="directory holding eventcoding-gold/ (default: ../shared)")
    parser.add_argument("--out", type=Path, default=Path("src/detente/data/cameo.tsv"),
                        help="table to write (default: src/detente/data/cameo.tsv)")
    args = parser.parse_args(argv)
    for relative in (EVENTCODES, GOLDSTEIN, PLOVER):
        if not (args.shared / relative).is_file():
            fail(f"missing input {args.shared / relative}")
    rows = build(args.shared)
    lines = [HEADER, "\t".join(COLUMNS) + "\n"]
    lines.extend("\t".join(row) + "\n" for row in rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(lines), encoding="utf-8")
    print(f"wrote {len(rows)} codes to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
