"""The readers of detente's TAB-separated data files, one loop for every such file, so
that each skips comments and blank lines, checks its column count, and names the file
and line of an error the same way.

``header_rows`` reads the files that open with a header row: the CAMEO table
(events/ontology.py), the code policies (events/policies.py), the PLOVER version
mapping (evaluation/plover_versions.py) and the sector codes (actors/kb.py).

``rows`` reads the headerless files: the verb lexicon, noun classes and composition
table (events/lexicon.py), the word classes (events/words.py) and the knowledge-base
tables (actors/kb.py).

In both, a line that is blank or whose first character other than a space is "#" is
skipped; a data row is split at every TAB. What a cell may hold is the caller's to check.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence

from .errors import DataFileError

# A trailing comment: whitespace, "#", and the rest of the line ("hold ~talk   # light verb").
_TRAILING_COMMENT = re.compile(r"\s+#.*$")


def rows(
    text: str,
    origin: str,
    columns: Collection[int],
    *,
    strip: bool = False,
    trailing_comments: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row of ``text``, a file with no header row.

    Each row must have a number of cells in ``columns`` (``(2,)``, ``(2, 3)``), or
    DataFileError names ``origin`` and the line. ``strip`` strips each cell of its outer
    spaces; otherwise cells keep them, for a caller that rejects them. With
    ``trailing_comments`` a "#" after whitespace starts a comment that runs to the end of
    the line (so no cell of such a file can hold " #")."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith("#"):
            continue
        line = _TRAILING_COMMENT.sub("", raw) if trailing_comments else raw
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) not in columns:
            wanted = " or ".join(str(n) for n in sorted(columns))
            raise DataFileError(origin, number, f"expected {wanted} tab-separated columns, got {len(cells)}")
        yield number, [c.strip() for c in cells] if strip else cells


def header_rows(
    text: str, origin: str, columns: Sequence[str], *, what: str, strip: bool = False
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row of ``text``, whose first line that is not
    blank or a "#" comment must be ``columns`` joined by TABs (the error says which
    columns are unknown, missing or out of order). Each data row must have as many
    cells; cells keep their spaces unless ``strip``. ``what`` names the rows for the
    error of a file with no header row ("no header row and no codes")."""
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            names = [c.strip() for c in cells]
            if tuple(names) != tuple(columns):
                expected, fault = "<TAB>".join(columns), _header_fault(names, columns)
                raise DataFileError(origin, number, f"expected the header row {expected!r} ({fault})")
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise DataFileError(origin, number, f"expected {len(columns)} TAB-separated columns, got {len(cells)}")
        yield number, [c.strip() for c in cells] if strip else cells
    if not header_seen:
        raise DataFileError(origin, None, f"no header row and no {what}")


def _header_fault(names: Sequence[str], columns: Sequence[str]) -> str:
    """What is wrong with a header row: its unknown and missing columns, or their order."""
    unknown = [f"unknown column {c!r}" for c in names if c not in columns]
    missing = [f"missing column {c!r}" for c in columns if c not in names]
    return "; ".join(unknown + missing) or "columns out of order"
