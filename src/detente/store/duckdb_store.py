"""An embedded DuckDB file holding coded documents, their events, and input errors.

DuckDB lets one process at a time open a database file for writing (any
number of read-only opens are allowed while nobody writes). So: exactly one
``EventStore`` per file per process writes, and a pipeline that codes in
several worker processes sends the events back to the parent, which is the
only writer. A connection is not meant to be shared between threads either;
give each thread its own ``EventStore`` (read-only) or serialise the calls.

Values always travel as query parameters. Rows are inserted column-wise, one
list parameter per column unpacked with ``UNNEST``: that is still a single
prepared statement with no value formatted into SQL, and in DuckDB it is
dozens of times faster than ``executemany``, which runs one statement per row.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import datetime as dt
import importlib.resources
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from detente.errors import DetenteError
from detente.model import Actor, Document, Event, Modality, Plover, Span

#: The version written by schema.sql; a file with another version is refused.
SCHEMA_VERSION = 1

#: Documents per transaction in ``write_many``: one commit per document is
#: slow, one commit per run loses everything on a crash.
DEFAULT_BATCH = 200

MEMORY = ":memory:"

# Table names that ``count`` accepts, mapped to their SQL identifiers; the
# mapping, not the caller, supplies the text that goes into the query.
_TABLES: Mapping[str, str] = MappingProxyType(
    {
    "events": "events",
    "documents": "documents",
    "errors": "errors",
    "schema_version": "schema_version",
}
)

# (column, DuckDB type) in the order of the CREATE TABLE in schema.sql.
_DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "DATE"),
    ("source", "VARCHAR"),
    ("url", "VARCHAR"),
    ("byline", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("n_chars", "INTEGER"),
    ("coded_at", "TIMESTAMP"),
    ("coder_version", "VARCHAR"),
)

_EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("sentence", "VARCHAR"),
    ("date", "VARCHAR"),
    ("date_basis", "VARCHAR"),
    ("source_text", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_sector", "VARCHAR"),
    ("source_start", "INTEGER"),
    ("source_end", "INTEGER"),
    ("target_text", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_sector", "VARCHAR"),
    ("target_start", "INTEGER"),
    ("target_end", "INTEGER"),
    ("cameo", "VARCHAR"),
    ("root", "VARCHAR"),
    ("cameo_name", "VARCHAR"),
    ("plover_event", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("plover_context", "VARCHAR"),
    ("quad_class", "INTEGER"),
    ("goldstein", "DOUBLE"),
    ("trigger_text", "VARCHAR"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("modality", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("coder_version", "VARCHAR"),
    ("rule", "VARCHAR"),
)


def _columnar_insert(table: str, columns: Sequence[tuple[str, str]]) -> str:
    """``INSERT INTO t SELECT UNNEST(?::T1[]), ...``: one list parameter per column."""
    names = ", ".join(name for name, _ in columns)
    unnests = ", ".join(f"UNNEST(?::{sql_type}[])" for _, sql_type in columns)
    return f"INSERT INTO {table} ({names}) SELECT {unnests}"


_INSERT_DOCUMENTS = _columnar_insert("documents", _DOCUMENT_COLUMNS)
_INSERT_EVENTS = _columnar_insert("events", _EVENT_COLUMNS)
_SELECT_EVENTS = "SELECT " + ", ".join(name for name, _ in _EVENT_COLUMNS) + " FROM events"


class StoreError(DetenteError):
    """The database file cannot be opened or used: no such folder, not a DuckDB file,
    not a detente store, wrong schema version, permission denied, locked by another process."""


def read_schema() -> str:
    """The DDL that creates the store's tables (idempotent)."""
    return importlib.resources.files("detente.store").joinpath("schema.sql").read_text("utf-8")


def _utc_now() -> dt.datetime:
    # Stored naive, meaning UTC: DuckDB's TIMESTAMP has no zone.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _document_row(
    doc: Document, coded_at: dt.datetime, coder_version: str | None
) -> tuple[Any, ...]:
    return (
        doc.id,
        doc.title,
        doc.date,
        doc.source,
        doc.url,
        doc.byline,
        doc.origin,
        len(doc.text),
        coded_at,
        coder_version,
    )


def _event_row(event: Event) -> tuple[Any, ...]:
    source, target, plover, trigger = event.source, event.target, event.plover, event.trigger
    return (
        event.id,
        event.doc_id,
        event.sentence_index,
        event.sentence,
        event.date,
        event.date_basis,
        source.text,
        source.code,
        source.country,
        source.sector,
        source.start,
        source.end,
        target.text if target else None,
        target.code if target else None,
        target.country if target else None,
        target.sector if target else None,
        target.start if target else None,
        target.end if target else None,
        event.cameo,
        event.root,
        event.cameo_name,
        plover.event if plover else None,
        plover.mode if plover else None,
        plover.context if plover else None,
        event.quad_class,
        event.goldstein,
        trigger.text,
        trigger.start,
        trigger.end,
        event.modality,
        event.confidence,
        event.coder_version,
        event.rule,
    )


def _event_dict(row: Sequence[Any]) -> dict[str, Any]:
    """A stored row in the shape of ``Event.to_dict()``."""
    r = dict(zip((name for name, _ in _EVENT_COLUMNS), row, strict=True))
    source = Actor(
        r["source_text"], r["source_code"], r["source_country"], r["source_sector"],
        r["source_start"], r["source_end"],
    )
    target = (
        None
        if r["target_start"] is None
        else Actor(
            r["target_text"], r["target_code"], r["target_country"], r["target_sector"],
            r["target_start"], r["target_end"],
        )
    )
    plover = (
        None
        if r["plover_event"] is None
        else Plover(r["plover_event"], r["plover_mode"], r["plover_context"])
    )
    return {
        "id": r["event_id"],
        "doc_id": r["doc_id"],
        "sentence_index": r["sentence_index"],
        "sentence": r["sentence"],
        "date": r["date"],
        "date_basis": r["date_basis"],
        "source": source.to_dict(),
        "target": target.to_dict() if target else None,
        "cameo": r["cameo"],
        "root": r["root"],
        "cameo_name": r["cameo_name"],
        "plover": plover.to_dict() if plover else None,
        "quad_class": r["quad_class"],
        "goldstein": r["goldstein"],
        "trigger": Span(r["trigger_text"], r["trigger_start"], r["trigger_end"]).to_dict(),
        "modality": Modality(r["modality"]),  # the member, as Event.to_dict() gives it
        "confidence": r["confidence"],
        "coder_version": r["coder_version"],
        "rule": r["rule"],
    }


def _columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows to one list per column, the form the UNNEST insert takes."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


def _batches(
    items: Iterable[tuple[Document, Sequence[Event]]], size: int
) -> Iterator[list[tuple[Document, Sequence[Event]]]]:
    batch: list[tuple[Document, Sequence[Event]]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class EventStore:
    """Documents, events and input errors in one DuckDB file (or ``":memory:"``).

    The constructor only records the path; the connection opens on first use
    (or in ``open``), creating the tables if they are missing. Re-writing a
    document replaces its earlier row and all its events, so an interrupted
    run can simply be run again, skipping ``coded_doc_ids()`` if it likes.
    See the module docstring for the one-writer-per-file rule.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        self._conn: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> EventStore:
        """Connect now, creating the schema if missing; ``":memory:"`` is allowed."""
        store = cls(path, read_only=read_only)
        store._connection()
        return store

    def close(self) -> None:
        """Release the file (and its write lock). A later call connects again."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> EventStore:
        self._connection()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._conn is not None else "closed"
        return f"EventStore({self.path!r}, {state})"

    # --- connection -------------------------------------------------------

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._conn is None:
            if self.read_only and self.path == MEMORY:
                raise StoreError(f"{self.path}: an in-memory store cannot be read-only")
            try:
                conn = duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.Error as err:
                raise self._open_failure(err) from err
            try:
                self._prepare(conn)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _open_failure(self, err: duckdb.Error) -> StoreError:
        """Why ``duckdb.connect`` failed, in words that name the path.

        DuckDB raises ``IOException`` for every cause, so the file system is
        asked first (its answers do not depend on DuckDB's wording) and the
        message is read only for what only DuckDB knows: a lock, a foreign file.
        """
        path = Path(self.path)
        parent = path.parent
        detail = str(err).lower()
        if not parent.exists():
            return StoreError(f"{self.path}: no such folder {parent}")
        if not parent.is_dir():
            return StoreError(f"{self.path}: {parent} is not a folder")
        if path.is_dir():
            return StoreError(f"{self.path}: is a folder, not a store file")
        if not path.exists():
            if self.read_only:
                return StoreError(f"{self.path}: no such store")
            if "permission denied" in detail or not os.access(parent, os.W_OK | os.X_OK):
                return StoreError(f"{self.path}: cannot create it: permission denied in {parent}")
        if "could not set lock" in detail or "conflicting lock" in detail:
            return StoreError(
                f"{self.path}: cannot open ({err}). DuckDB allows one process to "
                "write a database file at a time; is another run using it?"
            )
        if "not a valid duckdb database" in detail:
            return StoreError(f"{self.path}: not a DuckDB file")
        wanted = os.R_OK if self.read_only else os.R_OK | os.W_OK
        if "permission denied" in detail or (path.exists() and not os.access(path, wanted)):
            access = "reading" if self.read_only else "reading and writing"
            return StoreError(f"{self.path}: permission denied ({access})")
        return StoreError(f"{self.path}: cannot open ({err})")

    def _prepare(self, conn: duckdb.DuckDBPyConnection) -> None:
        if not self.read_only:
            conn.execute(read_schema())
        try:
            rows = conn.execute("SELECT version FROM schema_version").fetchall()
        except duckdb.CatalogException as err:
            raise StoreError(f"{self.path}: not a detente event store (no schema_version)") from err
        versions = {row[0] for row in rows}
        if not versions and not self.read_only:
            conn.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        elif versions != {SCHEMA_VERSION}:
            found = ", ".join(str(v) for v in sorted(versions)) or "none"
            raise StoreError(
                f"{self.path}: schema version {found}, this detente reads {SCHEMA_VERSION}"
            )

    # --- writing ----------------------------------------------------------

    def write(
        self, doc: Document, events: Sequence[Event], *, coder_version: str | None = None
    ) -> None:
        """Store one document and its events in one transaction, replacing any earlier coding.

        ``coder_version`` defaults to the events' own; a document without
        events then records None.
        """
        self._write_batch([(doc, events)], coder_version)

    def write_many(
        self,
        items: Iterable[tuple[Document, Sequence[Event]]],
        *,
        batch_size: int = DEFAULT_BATCH,
        coder_version: str | None = None,
    ) -> int:
        """Store many documents, ``batch_size`` per transaction; returns how many."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        n = 0
        for batch in _batches(items, batch_size):
            n += self._write_batch(batch, coder_version)
        return n

    def _write_batch(
        self, items: Sequence[tuple[Document, Sequence[Event]]], coder_version: str | None
    ) -> int:
        # The same document twice in one batch: the later coding wins, as it
        # would across batches.
        latest: dict[str, tuple[Document, Sequence[Event]]] = {}
        for doc, events in items:
            for event in events:
                if event.doc_id != doc.id:
                    raise ValueError(
                        f"{doc.origin}: event for document {event.doc_id!r} "
                        f"written with document {doc.id!r}"
                    )
            latest.pop(doc.id, None)
            latest[doc.id] = (doc, events)

        coded_at = _utc_now()
        doc_rows: list[tuple[Any, ...]] = []
        event_rows: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        for doc, events in latest.values():
            version = coder_version or (events[0].coder_version if events else None)
            doc_rows.append(_document_row(doc, coded_at, version))
            for event in events:
                # The id hashes document, sentence, code and spans; two events
                # that agree on all of those are one event, so keep the first.
                if event.id not in seen:
                    seen.add(event.id)
                    event_rows.append(_event_row(event))
        if not doc_rows:
            return 0

        doc_ids = list(latest)
        conn = self._connection()
        conn.begin()
        try:
            conn.execute(
                "DELETE FROM events WHERE doc_id IN (SELECT UNNEST(?::VARCHAR[]))", [doc_ids]
            )
            conn.execute(
                "DELETE FROM documents WHERE doc_id IN (SELECT UNNEST(?::VARCHAR[]))", [doc_ids]
            )
            conn.execute(_INSERT_DOCUMENTS, _columns(doc_rows, len(_DOCUMENT_COLUMNS)))
            if event_rows:
                conn.execute(_INSERT_EVENTS, _columns(event_rows, len(_EVENT_COLUMNS)))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return len(doc_rows)

    def record_error(self, origin: str, line: int | None, message: str) -> None:
        """Note an input that could not be read (see ``detente.errors.InputError``).

        Idempotent: an error already recorded with the same origin, line and
        message (by this run or an earlier one on the same input) is not added
        again, and keeps the time it was first recorded.
        """
        # Checked in the INSERT rather than by a UNIQUE constraint so that
        # stores written before this rule open unchanged (CREATE TABLE IF NOT
        # EXISTS would not add a constraint to them anyway). One statement,
        # and one writer per file, so there is no race between check and insert.
        self._connection().execute(
            'INSERT INTO errors (origin, line, message, "at") '
            "SELECT ?::VARCHAR, ?::INTEGER, ?::VARCHAR, ?::TIMESTAMP "
            "WHERE NOT EXISTS (SELECT 1 FROM errors WHERE origin = ?::VARCHAR "
            "AND line IS NOT DISTINCT FROM ?::INTEGER AND message = ?::VARCHAR)",
            [origin, line, message, _utc_now(), origin, line, message],
        )

    # --- reading ----------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = (
            self._connection()
            .execute("SELECT 1 FROM documents WHERE doc_id = ? LIMIT 1", [doc_id])
            .fetchone()
        )
        return row is not None

    def coded_doc_ids(self) -> set[str]:
        rows = self._connection().execute("SELECT doc_id FROM documents").fetchall()
        return {row[0] for row in rows}

    def events(
        self, *, doc_id: str | None = None, limit: int | None = None
    ) -> list[dict[str, Any]]:
        """Stored events as ``Event.to_dict()`` dicts, in document and text order."""
        sql = _SELECT_EVENTS
        params: list[Any] = []
        if doc_id is not None:
            sql += " WHERE doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY doc_id, sentence_index, trigger_start, event_id"
        if limit is not None:
            if limit < 0:
                raise ValueError(f"limit must not be negative, not {limit}")
            sql += " LIMIT ?"
            params.append(limit)
        rows = self._connection().execute(sql, params).fetchall()
        return [_event_dict(row) for row in rows]

    def errors(self) -> list[dict[str, Any]]:
        """Recorded input errors in the order recorded; ``at`` is an ISO 8601 UTC time."""
        rows = (
            self._connection()
            .execute('SELECT origin, line, message, "at" FROM errors ORDER BY rowid')
            .fetchall()
        )
        return [
            {"origin": origin, "line": line, "message": message, "at": at.isoformat()}
            for origin, line, message, at in rows
        ]

    def count(self, table: str = "events") -> int:
        """Rows in one of the store's tables: events, documents, errors, schema_version."""
        name = _TABLES.get(table)
        if name is None:
            known = ", ".join(sorted(_TABLES))
            raise ValueError(f"unknown table {table!r}; known: {known}")
        row = self._connection().execute(f"SELECT count(*) FROM {name}").fetchone()
        return int(row[0]) if row else 0
