"""The reader of TAB-separated data files that open with a header row: the CAMEO table
(events/ontology.py), the code policies (events/policies.py) and the PLOVER version
mapping (evaluation/plover_versions.py). One reader, so that every such file skips
comments and blank lines, checks its header and its column count, and names the file
and line of an error the same way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .errors import DataFileError


def header_rows(text: str, origin: str, columns: Sequence[str], *, what: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row of ``text``, whose first line that is not
    blank or a "#" comment must be ``columns`` joined by TABs. Each data row must have
    as many cells; cells keep their spaces. ``what`` names the rows for the error of a
    file with no header row ("no header row and no codes")."""
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(c.strip() for c in cells) != tuple(columns):
                raise DataFileError(origin, number, f"expected the header row {'<TAB>'.join(columns)!r}")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise DataFileError(origin, number, f"expected {len(columns)} TAB-separated columns, got {len(cells)}")
        yield number, cells
    if not header_seen:
        raise DataFileError(origin, None, f"no header row and no {what}")
