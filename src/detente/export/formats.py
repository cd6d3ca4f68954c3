"""``detente export``: a store's events in one of :data:`FORMATS`, through one call.

``export_store`` opens the store read-only (waiting, like every reader, for an ingest
to release the file between two batches; docs/store.md), streams its export rows
(store/queries.py, every raw event or with ``clusters_only`` one per cluster), and
hands them to the format's writer:

- ``jsonl``: the event record of docs/event-record.md, with its cluster (export/streams.py);
- ``csv``: the flat export row, a header line first (export/streams.py);
- ``parquet``: the export row, typed (export/parquet.py); a file, never stdout;
- ``gdelt``: the GDELT 2.0 event table, tab-separated (export/gdelt.py);
- ``plover``: POLECAT-style PLOVER records, one JSON object a line (export/plover.py).

With ``factual_only`` (the default) negated and hypothetical events are left out of
every format, as ``detente code`` leaves them out; the PLOVER records also leave out
codes PLOVER has no type for. ``left_out``, when given, counts what was left out, by
reason. The result is the number of rows (records, lines) written.

``out_path=None`` writes to ``out_stream`` (standard output when that is None too).
``by="month"`` writes one file per month of the event's day (its own date when the
text gives the day, else the publication date) into the folder ``out_path``:
``events-2018-07.jsonl``, ``events-2018-07.csv``, ``events-2018-07.gdelt.tsv``,
``events-2018-07.plover.jsonl``, and ``events-unknown.*`` for events with no day; for
Parquet, hive partitions ``month=2018-07/part-0.parquet``. The store's rows come in
document order, not month order, so the month files are kept open together, at most
:data:`MAX_OPEN_FILES` at a time: the least recently used is closed and later
reopened to append. A CSV (and a GDELT file with ``gdelt_header``) gets its header
line once, when the file is created.

An existing, non-empty file or folder is refused unless ``overwrite=True``; a folder is
replaced only when it holds nothing but the files this export writes.
"""

from __future__ import annotations

import io
import sys
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any, Protocol, TextIO

from detente.errors import DetenteError
from detente.export import EXPORT_FORMATS
from detente.context.gazetteer import CountryCodes
from detente.export.gdelt import event_month, gdelt_line, header_line, is_factual
from detente.export.parquet import claim_file, claim_folder, write_parquet
from detente.export.plover import NO_PLOVER, NOT_FACTUAL, plover_line
from detente.export.streams import CsvSink, write_jsonl_rows
from detente.store import EventStore
from detente.store.duckdb_store import DEFAULT_WAIT
from detente.store.queries import export_rows

FORMATS = EXPORT_FORMATS
BY_VALUES: tuple[str | None, ...] = (None, "month")
#: How many month files ``by="month"`` keeps open at once.
MAX_OPEN_FILES = 32
#: The suffix of each text format's month files.
SUFFIXES: Mapping[str, str] = MappingProxyType(
    {"jsonl": ".jsonl", "csv": ".csv", "gdelt": ".gdelt.tsv", "plover": ".plover.jsonl"}
)
_PREFIX = "events-"


def export_store(
    store_path: str | Path,
    fmt: str,
    out_path: str | Path | None = None,
    by: str | None = None,
    clusters_only: bool = False,
    factual_only: bool = True,
    out_stream: TextIO | None = None,
    *,
    overwrite: bool = False,
    gdelt_header: bool = False,
    left_out: Counter[str] | None = None,
) -> int:
    """Export the store at ``store_path`` as ``fmt``; returns the rows written."""
    _check_arguments(fmt, out_path, by, out_stream)
    if not Path(store_path).exists():
        raise DetenteError(f"{store_path}: no such store")
    counts = left_out if left_out is not None else Counter()
    with EventStore.open(store_path, read_only=True, wait=DEFAULT_WAIT) as store:
        rows = export_rows(store, clusters_only=clusters_only)
        if factual_only:
            rows = _factual(rows, counts)
        if fmt == "parquet":
            assert out_path is not None
            return write_parquet(rows, out_path, by=by, overwrite=overwrite)
        text = _text_format(fmt, gdelt_header, counts)
        if by == "month":
            assert out_path is not None
            return _write_months(rows, Path(out_path), fmt, text, overwrite)
        if out_path is None:
            return _write_stream(rows, out_stream if out_stream is not None else sys.stdout, text)
        target = Path(out_path)
        claim_file(target, overwrite)
        with target.open("w", encoding="utf-8", newline="") as out:
            return _write_stream(rows, out, text)


def _check_arguments(fmt: str, out_path: str | Path | None, by: str | None, out_stream: TextIO | None) -> None:
    if fmt not in FORMATS:
        raise DetenteError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if by not in BY_VALUES:
        raise DetenteError(f"cannot split an export by {by!r}; only by 'month'")
    if out_path is not None and out_stream is not None:
        raise ValueError("give out_path or out_stream, not both")
    if out_path is None and fmt == "parquet":
        raise DetenteError("a Parquet export needs a file (or with by='month' a folder) to write to, not stdout")
    if out_path is None and by is not None:
        raise DetenteError(f"an export by {by} needs a folder to write its files into, not stdout")


def _factual(rows: Iterable[dict[str, Any]], left_out: Counter[str]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if is_factual(row):
            yield row
        else:
            left_out[NOT_FACTUAL] += 1


# --- the text formats, a line at a time ----------------------------------------------------


class _Text(Protocol):
    """A text format: the header a file starts with ("" for none), and each row's text
    (None for a row the format leaves out)."""

    header: str

    def line(self, row: Mapping[str, Any]) -> str | None: ...


class _Lines:
    def __init__(self, header: str, line: Callable[[Mapping[str, Any]], str | None]) -> None:
        self.header = header
        self.line = line


class _Csv:
    """The CSV of export/streams.py (``CsvSink``), taken a line at a time."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._sink = CsvSink(self._buffer)
        self._sink.write_rows(())  # writes the header
        self.header = self._take()

    def line(self, row: Mapping[str, Any]) -> str | None:
        self._sink.write_rows((row,))
        return self._take()

    def _take(self) -> str:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def _jsonl_line(row: Mapping[str, Any]) -> str:
    buffer = io.StringIO()
    write_jsonl_rows((row,), buffer)
    return buffer.getvalue()


def _text_format(fmt: str, gdelt_header: bool, left_out: Counter[str]) -> _Text:
    if fmt == "csv":
        return _Csv()
    if fmt == "gdelt":
        codes = CountryCodes.from_defaults()
        return _Lines(header_line() if gdelt_header else "", lambda row: gdelt_line(row, factual_only=False, codes=codes))
    if fmt == "plover":

        def plover(row: Mapping[str, Any]) -> str | None:
            line = plover_line(row, factual_only=False)
            if line is None:
                left_out[NO_PLOVER] += 1
            return line

        return _Lines("", plover)
    return _Lines("", _jsonl_line)


def _write_stream(rows: Iterable[Mapping[str, Any]], out: TextIO, text: _Text) -> int:
    out.write(text.header)
    n = 0
    for row in rows:
        line = text.line(row)
        if line is not None:
            out.write(line)
            n += 1
    out.flush()
    return n


def _write_months(rows: Iterable[Mapping[str, Any]], folder: Path, fmt: str, text: _Text, overwrite: bool) -> int:
    suffix = SUFFIXES[fmt]
    claim_folder(folder, overwrite, lambda entry: entry.is_file() and _is_month_file(entry.name, suffix))
    n = 0
    with _MonthFiles(folder, suffix, text.header) as files:
        for row in rows:
            line = text.line(row)
            if line is not None:
                files.stream(event_month(row)).write(line)
                n += 1
    return n


def _is_month_file(name: str, suffix: str) -> bool:
    if not (name.startswith(_PREFIX) and name.endswith(suffix)):
        return False
    # "events-2018-07.plover.jsonl" is not a ".jsonl" month file: its month has a dot.
    return "." not in name[len(_PREFIX) : -len(suffix)]


class _MonthFiles:
    """The month files of one export, at most ``MAX_OPEN_FILES`` open at a time."""

    def __init__(self, folder: Path, suffix: str, header: str) -> None:
        self.folder = folder
        self.suffix = suffix
        self.header = header
        self._open: OrderedDict[str, TextIO] = OrderedDict()
        self._started: set[str] = set()

    def stream(self, month: str) -> TextIO:
        if month in self._open:
            self._open.move_to_end(month)
            return self._open[month]
        if len(self._open) >= MAX_OPEN_FILES:
            _, oldest = self._open.popitem(last=False)
            oldest.close()
        path = self.folder / f"{_PREFIX}{month}{self.suffix}"
        out = path.open("a" if month in self._started else "w", encoding="utf-8", newline="")
        if month not in self._started:
            out.write(self.header)
            self._started.add(month)
        self._open[month] = out
        return out

    def __enter__(self) -> _MonthFiles:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for out in self._open.values():
            out.close()
        self._open.clear()
