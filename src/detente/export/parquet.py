"""Export rows (detente/rows.py) as Parquet, through pyarrow.

The columns are exactly :data:`~detente.rows.EXPORT_COLUMNS`, in order, each typed
from its DuckDB type (:data:`ARROW_TYPES`: VARCHAR string, INTEGER int32, DOUBLE
float64, DATE date32). Rows are written in batches of ``batch_rows`` (one row group
each), so an export never holds more than a batch in memory.

Without ``by``, one file at ``path``. With ``by="month"``, a hive-partitioned folder:
``path/month=YYYY-MM/part-0.parquet``, the month of the event's day (its own date when
the text gives the day, else its publication date), ``month=unknown`` for an event
with neither. DuckDB reads it with
``read_parquet('path/**/*.parquet', hive_partitioning = true)`` and pyarrow with
``pyarrow.dataset.dataset(path, partitioning="hive")``; both add the ``month`` column
from the folder names. The rows of the store come in document order, not month order,
so one file per month stays open until the end, and the rows waiting for their month's
file are flushed together whenever they reach ``batch_rows`` in all (so a batch may be
split into several smaller row groups).

An existing target that is not empty is refused (``ExportTargetError``) unless
``overwrite=True``; a folder is replaced only when it holds nothing but what this
module writes (``month=*`` folders of ``*.parquet`` files), so a mistyped path never
deletes anything else.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from detente.batching import batched
from detente.errors import DetenteError
from detente.export.gdelt import event_month
from detente.rows import EXPORT_COLUMNS, EXPORT_NAMES

#: The arrow type of each DuckDB type in the row schema.
ARROW_TYPES: Mapping[str, pa.DataType] = MappingProxyType(
    {"VARCHAR": pa.string(), "INTEGER": pa.int32(), "DOUBLE": pa.float64(), "DATE": pa.date32()}
)
BY_VALUES: tuple[str | None, ...] = (None, "month")
DEFAULT_BATCH_ROWS = 50_000
PART_NAME = "part-0.parquet"
PARTITION_KEY = "month"


class ExportTargetError(DetenteError):
    """The file or folder to export to exists and holds something, or is of the wrong kind."""


def arrow_schema() -> pa.Schema:
    """The export row as an arrow schema, every column nullable."""
    try:
        return pa.schema([pa.field(c.name, ARROW_TYPES[c.sql]) for c in EXPORT_COLUMNS])
    except KeyError as err:
        raise DetenteError(f"the row schema has a column of type {err}, which has no arrow type here") from err


def write_parquet(
    rows: Iterable[Mapping[str, Any]],
    path: str | Path,
    by: str | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    *,
    overwrite: bool = False,
) -> int:
    """Write export rows to Parquet at ``path`` (a file, or with ``by="month"`` a folder);
    returns how many rows were written."""
    if by not in BY_VALUES:
        raise ValueError(f"by must be None or 'month', not {by!r}")
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be at least 1, not {batch_rows}")
    target = Path(path)
    if by is None:
        claim_file(target, overwrite)
        return _write_file(rows, target, batch_rows)
    claim_folder(target, overwrite, _is_ours)
    with _MonthParts(target, batch_rows) as parts:
        for row in rows:
            parts.add(row)
    return parts.rows


# --- the target --------------------------------------------------------------------------


def claim_file(path: Path, overwrite: bool) -> None:
    """Make sure ``path`` may be written as a file: absent, empty, or ``overwrite``."""
    if path.is_dir():
        raise ExportTargetError(f"{path}: is a folder; give a file name (or by='month' for a folder)")
    if not path.parent.is_dir():
        raise ExportTargetError(f"{path}: no such folder {path.parent}")
    if path.exists() and path.stat().st_size > 0 and not overwrite:
        raise ExportTargetError(f"{path}: exists and is not empty; pass overwrite=True to replace it")


def claim_folder(path: Path, overwrite: bool, is_ours: Callable[[Path], bool]) -> None:
    """Make sure ``path`` is an empty folder (creating it): an existing one that holds
    something is emptied with ``overwrite`` when everything in it ``is_ours(entry)``."""
    if path.exists() and not path.is_dir():
        raise ExportTargetError(f"{path}: exists and is not a folder")
    if not path.parent.is_dir():
        raise ExportTargetError(f"{path}: no such folder {path.parent}")
    path.mkdir(exist_ok=True)
    entries = sorted(path.iterdir())
    if not entries:
        return
    if not overwrite:
        raise ExportTargetError(f"{path}: exists and is not empty; pass overwrite=True to replace it")
    foreign = [entry.name for entry in entries if not is_ours(entry)]
    if foreign:
        names = ", ".join(foreign[:3])
        raise ExportTargetError(f"{path}: holds files this export did not write ({names}); not replacing it")
    for entry in entries:
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _is_ours(entry: Path) -> bool:
    """A ``month=...`` folder holding only Parquet files."""
    return (
        entry.is_dir()
        and entry.name.startswith(f"{PARTITION_KEY}=")
        and all(child.is_file() and child.suffix == ".parquet" for child in entry.iterdir())
    )


# --- writing -----------------------------------------------------------------------------


def _write_file(rows: Iterable[Mapping[str, Any]], path: Path, batch_rows: int) -> int:
    schema = arrow_schema()
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in batched(rows, batch_rows):
            writer.write_table(_table(batch, schema))
            n += len(batch)
        if n == 0:  # still a valid file, with the schema and no rows
            writer.write_table(schema.empty_table())
    return n


def _table(rows: list[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {name: [row[name] for row in rows] for name in EXPORT_NAMES}
    return pa.Table.from_pydict(columns, schema=schema)


class _MonthParts:
    """One open Parquet writer per month folder, with the rows waiting for it."""

    def __init__(self, root: Path, batch_rows: int) -> None:
        self.root = root
        self.batch_rows = batch_rows
        self.schema = arrow_schema()
        self.rows = 0
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._waiting: dict[str, list[Mapping[str, Any]]] = {}
        self._held = 0

    def add(self, row: Mapping[str, Any]) -> None:
        self._waiting.setdefault(event_month(row), []).append(row)
        self._held += 1
        if self._held >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for month, rows in self._waiting.items():
            self._writer(month).write_table(_table(rows, self.schema))
            self.rows += len(rows)
        self._waiting = {}
        self._held = 0

    def _writer(self, month: str) -> pq.ParquetWriter:
        if month not in self._writers:
            folder = self.root / f"{PARTITION_KEY}={month}"
            folder.mkdir()
            self._writers[month] = pq.ParquetWriter(folder / PART_NAME, self.schema)
        return self._writers[month]

    def __enter__(self) -> _MonthParts:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None:
                self.flush()
        finally:
            for writer in self._writers.values():
                writer.close()
