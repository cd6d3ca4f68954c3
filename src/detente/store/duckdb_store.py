"""An embedded DuckDB file: documents with their text, sentences, actor mentions,
events, event clusters, runs and input errors (docs/store.md).

One writer, many readers, never at once. DuckDB lets one process open a file
for writing, and no other process may open it meanwhile, not even to read. So a
long ingest does not hold the file: the pipeline's store sink opens it for each
batch of documents (one transaction), and closes it again; a reader
(``detente events``, ``detente export``, the web server) opens it read-only
between two batches, reads, and closes. Either side that finds the file held
waits and tries again for up to ``wait`` seconds (``DEFAULT_WAIT``), so a reader
during an ingest sees the store as of the last committed batch, and an ingest
pauses for as long as a read takes. Within one process, give each thread its
own ``EventStore``.

Values always travel as query parameters. Rows are inserted column-wise, one
list parameter per column unpacked with ``UNNEST``: a single prepared statement
with no value formatted into SQL, dozens of times faster in DuckDB than
``executemany``, which runs one statement per row.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

import duckdb

from detente.batching import batched
from detente.errors import DetenteError
from detente.model import Coded, Document, Event
from detente.rows import EVENT_COLUMNS, EVENT_NAMES, event_values, record
from detente.store.clusters import DEFAULT_WINDOW_DAYS, Report, group
from detente.store.migrations import migrate

#: The version schema.sql creates. An older store is upgraded when opened for writing
#: (store/migrations.py); a newer one is refused.
SCHEMA_VERSION = 3

#: Documents per transaction in ``write_many``: one commit per document is
#: slow, one commit per run loses everything on a crash.
DEFAULT_BATCH = 200

#: How long a reader waits for another process to release the file (seconds).
DEFAULT_WAIT = 30.0
#: How long a writer between two batches waits for readers: a long export holds the
#: file for as long as it streams, and an ingest should pause for it, not fail.
WRITER_WAIT = 600.0
_RETRY_SECONDS = 0.05

MEMORY = ":memory:"

# Table names that ``count`` accepts, mapped to their SQL identifiers; the
# mapping, not the caller, supplies the text that goes into the query.
_TABLES: Mapping[str, str] = MappingProxyType(
    {
        name: name
        for name in (
            "events", "documents", "sentences", "mentions", "clusters", "cluster_events",
            "errors", "runs", "schema_version",
        )
    }
)  # fmt: skip

# (column, DuckDB type) of each table this module inserts into.
_DOCUMENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("doc_id", "VARCHAR"),
    ("content_hash", "VARCHAR"),
    ("text", "VARCHAR"),
    ("title", "VARCHAR"),
    ("published", "DATE"),
    ("outlet", "VARCHAR"),
    ("url", "VARCHAR"),
    ("byline", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("n_chars", "INTEGER"),
    ("coded_at", "TIMESTAMP"),
    ("coder_version", "VARCHAR"),
    ("run_id", "VARCHAR"),
)
_SENTENCE_COLUMNS = (
    ("doc_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("start_char", "INTEGER"),
    ("end_char", "INTEGER"), ("parsed", "BOOLEAN"),
)  # fmt: skip
_MENTION_COLUMNS = (
    ("doc_id", "VARCHAR"), ("sentence_index", "INTEGER"), ("start_char", "INTEGER"), ("end_char", "INTEGER"),
    ("text", "VARCHAR"), ("code", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"), ("kind", "VARCHAR"),
)  # fmt: skip
_EVENT_COLUMNS: tuple[tuple[str, str], ...] = tuple((c.name, c.sql) for c in EVENT_COLUMNS)
_CLUSTER_COLUMNS = (
    ("cluster_id", "VARCHAR"), ("source_code", "VARCHAR"), ("target_code", "VARCHAR"), ("cameo", "VARCHAR"),
    ("modality", "VARCHAR"), ("first_day", "DATE"), ("last_day", "DATE"), ("num_mentions", "INTEGER"),
    ("num_sources", "INTEGER"), ("num_articles", "INTEGER"), ("window_days", "INTEGER"),
)  # fmt: skip
_CLUSTER_EVENT_COLUMNS = (("event_id", "VARCHAR"), ("cluster_id", "VARCHAR"))


def _columnar_insert(table: str, columns: Sequence[tuple[str, str]]) -> str:
    """``INSERT INTO t SELECT UNNEST(?::T1[]), ...``: one list parameter per column."""
    names = ", ".join(name for name, _ in columns)
    unnests = ", ".join(f"UNNEST(?::{sql_type}[])" for _, sql_type in columns)
    return f"INSERT INTO {table} ({names}) SELECT {unnests}"


def _events_table() -> str:
    columns = ",\n    ".join(
        f"{c.name} {c.sql}" + (" PRIMARY KEY" if c.name == "event_id" else "") for c in EVENT_COLUMNS
    )
    return f"CREATE TABLE IF NOT EXISTS events (\n    {columns}\n);\n"


_INSERTS: Mapping[str, str] = MappingProxyType(
    {
        "documents": _columnar_insert("documents", _DOCUMENT_COLUMNS),
        "sentences": _columnar_insert("sentences", _SENTENCE_COLUMNS),
        "mentions": _columnar_insert("mentions", _MENTION_COLUMNS),
        "events": _columnar_insert("events", _EVENT_COLUMNS),
        "clusters": _columnar_insert("clusters", _CLUSTER_COLUMNS),
        "cluster_events": _columnar_insert("cluster_events", _CLUSTER_EVENT_COLUMNS),
    }
)
_SELECT_EVENTS = "SELECT " + ", ".join(EVENT_NAMES) + " FROM events"
# Each event as clustering reads it, in the order clusters.group wants.
_SELECT_REPORTS = """
SELECT e.event_id, e.source_code, e.target_code, e.cameo,
       CASE WHEN e.modality IN ('asserted', 'reported') THEN 'factual' ELSE e.modality END AS polarity,
       CASE WHEN length(e.date) = 10 THEN TRY_CAST(e.date AS DATE) ELSE d.published END AS day,
       e.doc_id, d.outlet
FROM events e JOIN documents d USING (doc_id)
ORDER BY coalesce(e.source_code, ''), coalesce(e.target_code, ''), e.cameo, polarity, day NULLS LAST, e.event_id
"""


class StoreError(DetenteError):
    """The database file cannot be opened or used: no such folder, not a DuckDB file,
    not a detente store, a schema version this detente cannot read, permission denied,
    locked by another process."""


class IdentityError(DetenteError):
    """Two inputs claim one document id with different texts."""


def read_schema() -> str:
    """The DDL that creates the store's tables (idempotent)."""
    text = importlib.resources.files("detente.store").joinpath("schema.sql").read_text("utf-8")
    return text + _events_table()


def _utc_now() -> dt.datetime:
    # Stored naive, meaning UTC: DuckDB's TIMESTAMP has no zone.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _columns(rows: Sequence[tuple[Any, ...]], width: int) -> list[list[Any]]:
    """Rows to one list per column, the form the UNNEST insert takes."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


@dataclass(frozen=True)
class Verdict:
    """What the store says of a document before it is coded (``EventStore.screen``).

    ``action``: ``"code"`` (new, changed coder, or ``recode``), ``"unchanged"`` (the same
    text is stored, coded by this coder version: nothing to do) or ``"conflict"`` (its id
    is stored with another text: an error naming both). ``doc`` is the document to code:
    the input's, or under the stored id when the same text was stored under another id.
    """

    action: str
    doc: Document
    reason: str = ""


def _is_lock_error(err: duckdb.Error) -> bool:
    detail = str(err).lower()
    return "could not set lock" in detail or "conflicting lock" in detail


class EventStore:
    """The store in one DuckDB file (or ``":memory:"``).

    The constructor only records the path; the connection opens on first use
    (or in ``open``). Opened for writing, a missing store is created and an
    older one upgraded (store/migrations.py). Re-writing a document replaces its
    earlier rows (sentences, mentions, events), so a run can be repeated or
    resumed. See the module docstring for the one-writer rule and ``wait``.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.wait = wait
        self._conn: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False, wait: float = 0.0) -> EventStore:
        """Connect now (waiting up to ``wait`` seconds for a file another process holds),
        creating or upgrading the schema when writing; ``":memory:"`` is allowed."""
        store = cls(path, read_only=read_only, wait=wait)
        store._connection()
        return store

    def close(self) -> None:
        """Release the file (and its lock). A later call connects again."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> EventStore:
        self._connection()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
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
            conn = self._connect()
            try:
                self._prepare(conn)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                return duckdb.connect(self.path, read_only=self.read_only)
            except duckdb.Error as err:
                if not _is_lock_error(err) or time.monotonic() >= deadline:
                    raise self._open_failure(err) from err
            time.sleep(_RETRY_SECONDS)

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
        try:
            rows = conn.execute("SELECT version FROM schema_version").fetchall()
        except duckdb.CatalogException as err:
            if self.read_only:
                raise StoreError(f"{self.path}: not a detente event store (no schema_version)") from err
            tables = conn.execute("SELECT count(*) FROM duckdb_tables()").fetchone()
            if tables and tables[0]:
                raise StoreError(f"{self.path}: not a detente event store (no schema_version)") from err
            rows = []
        versions = sorted({row[0] for row in rows})
        if not versions:
            if self.read_only:
                raise StoreError(f"{self.path}: not a detente event store (no schema version recorded)")
            conn.execute(read_schema())
            conn.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
            return
        if len(versions) > 1 or versions[0] > SCHEMA_VERSION or versions[0] < 1:
            found = ", ".join(str(v) for v in versions)
            raise StoreError(f"{self.path}: schema version {found}, this detente reads {SCHEMA_VERSION} and older")
        if versions[0] < SCHEMA_VERSION:
            if self.read_only:
                raise StoreError(
                    f"{self.path}: schema version {versions[0]}; open it for writing once to upgrade it "
                    f"to {SCHEMA_VERSION} (`detente upgrade {self.path}`)"
                )
            migrate(conn, versions[0], SCHEMA_VERSION, read_schema())
        elif not self.read_only:
            conn.execute(read_schema())

    @property
    def version(self) -> int:
        row = self._connection().execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    # --- runs ---------------------------------------------------------------

    def begin_run(self, *, coder_version: str | None, command: str = "") -> str:
        """Record a run starting now; returns its id (recorded with what it writes)."""
        run_id = uuid.uuid4().hex[:16]
        self._connection().execute(
            "INSERT INTO runs (run_id, started_at, coder_version, command) VALUES (?, ?, ?, ?)",
            [run_id, _utc_now(), coder_version, command],
        )
        return run_id

    def finish_run(self, run_id: str, *, documents: int, unchanged: int, skipped: int) -> None:
        self._connection().execute(
            "UPDATE runs SET finished_at = ?, documents = ?, unchanged = ?, skipped = ? WHERE run_id = ?",
            [_utc_now(), documents, unchanged, skipped, run_id],
        )

    def runs(self) -> list[dict[str, Any]]:
        cursor = self._connection().execute(
            "SELECT run_id, started_at, finished_at, coder_version, command, documents, unchanged, skipped "
            "FROM runs ORDER BY started_at, run_id"
        )
        names = [d[0] for d in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # --- identity -------------------------------------------------------------

    def screen(self, docs: Sequence[Document], *, coder_version: str, recode: bool = False) -> list[Verdict]:
        """What to do with each document before coding it (see ``Verdict``), from one query.

        The same text already stored, under its id or another, coded by ``coder_version``
        is unchanged unless ``recode``; a stored id with another text is a conflict."""
        if not docs:
            return []
        ids = [d.id for d in docs]
        digests = [d.digest for d in docs]
        rows = self._connection().execute(
            "SELECT doc_id, content_hash, coder_version, origin FROM documents "
            "WHERE doc_id IN (SELECT UNNEST(?::VARCHAR[])) OR content_hash IN (SELECT UNNEST(?::VARCHAR[]))",
            [ids, digests],
        ).fetchall()
        by_id = {r[0]: r for r in rows}
        by_hash = {r[1]: r for r in sorted(rows) if r[1] is not None}
        return [self._verdict(doc, digest, by_id, by_hash, coder_version, recode) for doc, digest in zip(docs, digests)]

    @staticmethod
    def _verdict(
        doc: Document,
        digest: str,
        by_id: Mapping[str, tuple[Any, ...]],
        by_hash: Mapping[str, tuple[Any, ...]],
        coder_version: str,
        recode: bool,
    ) -> Verdict:
        stored = by_id.get(doc.id)
        if stored is not None and stored[1] is not None and stored[1] != digest:
            return Verdict(
                "conflict",
                doc,
                f"id {doc.id!r} is already stored with another text (read from {stored[3]}); "
                "not coded (give the inputs distinct ids)",
            )
        if stored is None and digest in by_hash:
            other = by_hash[digest]
            same = replace(doc, id=other[0])
            if other[2] == coder_version and not recode:
                return Verdict("unchanged", same, f"the same text as stored document {other[0]!r} ({other[3]})")
            return Verdict("code", same, f"the same text as stored document {other[0]!r}: coded under that id")
        if stored is not None and stored[2] == coder_version and not recode:
            return Verdict("unchanged", doc, "already coded by this coder version")
        return Verdict("code", doc)

    # --- writing ----------------------------------------------------------

    def write(self, doc: Document, events: Sequence[Event], *, coder_version: str | None = None) -> None:
        """Store one document and its events in one transaction, replacing any earlier
        coding. ``coder_version`` defaults to the events' own (None without events)."""
        self.write_coded([Coded(doc, tuple(events))], coder_version=coder_version)

    def write_many(
        self,
        items: Iterable[tuple[Document, Sequence[Event]] | Coded],
        *,
        batch_size: int = DEFAULT_BATCH,
        coder_version: str | None = None,
        run_id: str | None = None,
    ) -> int:
        """Store many documents, ``batch_size`` per transaction; returns how many."""
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        coded = (item if isinstance(item, Coded) else Coded(item[0], tuple(item[1])) for item in items)
        return sum(self.write_coded(batch, coder_version=coder_version, run_id=run_id) for batch in batched(coded, batch_size))

    def write_coded(
        self, items: Sequence[Coded], *, coder_version: str | None = None, run_id: str | None = None
    ) -> int:
        """Store coded documents in one transaction, each replacing its earlier coding;
        returns how many documents."""
        # The same document twice in one batch: the later coding wins, as across batches.
        latest: dict[str, Coded] = {}
        for item in items:
            for event in item.events:
                if event.doc_id != item.doc.id:
                    raise ValueError(
                        f"{item.doc.origin}: event for document {event.doc_id!r} written with document {item.doc.id!r}"
                    )
            latest.pop(item.doc.id, None)
            latest[item.doc.id] = item
        if not latest:
            return 0
        tables = _rows(latest.values(), _utc_now(), coder_version, run_id)
        doc_ids = list(latest)
        conn = self._connection()
        conn.begin()
        try:
            for table in ("events", "mentions", "sentences", "documents"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT UNNEST(?::VARCHAR[]))", [doc_ids])
            for table, rows in tables.items():
                if rows:
                    conn.execute(_INSERTS[table], _columns(rows, len(rows[0])))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return len(doc_ids)

    def record_error(self, origin: str, line: int | None, message: str, *, run_id: str | None = None) -> None:
        """Note an input that could not be read or coded (``detente.errors.InputError``).

        Idempotent: an error already recorded with the same origin, line and message (by
        this run or an earlier one on the same input) is not added again."""
        self._connection().execute(
            'INSERT INTO errors (origin, line, message, "at", run_id) '
            "SELECT ?::VARCHAR, ?::INTEGER, ?::VARCHAR, ?::TIMESTAMP, ?::VARCHAR "
            "WHERE NOT EXISTS (SELECT 1 FROM errors WHERE origin = ?::VARCHAR "
            "AND line IS NOT DISTINCT FROM ?::INTEGER AND message = ?::VARCHAR)",
            [origin, line, message, _utc_now(), run_id, origin, line, message],
        )

    def rebuild_clusters(self, window_days: int = DEFAULT_WINDOW_DAYS) -> int:
        """Group every stored event into clusters (store/clusters.py), replacing the
        earlier grouping in one transaction; returns how many clusters."""
        conn = self._connection()
        cursor = conn.execute(_SELECT_REPORTS)

        def reports() -> Iterator[Report]:
            while chunk := cursor.fetchmany(10_000):
                for row in chunk:
                    yield Report(*row)

        cluster_rows: list[tuple[Any, ...]] = []
        member_rows: list[tuple[Any, ...]] = []
        for c in group(reports(), window_days):
            cluster_rows.append(
                (c.cluster_id, c.source_code, c.target_code, c.cameo, c.polarity, c.first_day, c.last_day,
                 c.num_mentions, c.num_sources, c.num_articles, window_days)
            )  # fmt: skip
            member_rows.extend((event_id, c.cluster_id) for event_id in c.event_ids)
        conn.begin()
        try:
            conn.execute("DELETE FROM cluster_events")
            conn.execute("DELETE FROM clusters")
            if cluster_rows:
                conn.execute(_INSERTS["clusters"], _columns(cluster_rows, len(_CLUSTER_COLUMNS)))
                conn.execute(_INSERTS["cluster_events"], _columns(member_rows, len(_CLUSTER_EVENT_COLUMNS)))
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return len(cluster_rows)

    # --- reading ----------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        row = self._connection().execute("SELECT 1 FROM documents WHERE doc_id = ? LIMIT 1", [doc_id]).fetchone()
        return row is not None

    def coded_doc_ids(self) -> set[str]:
        rows = self._connection().execute("SELECT doc_id FROM documents").fetchall()
        return {row[0] for row in rows}

    def events(self, *, doc_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
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
        return [record(dict(zip(EVENT_NAMES, row, strict=True))) for row in rows]

    def errors(self) -> list[dict[str, Any]]:
        """Recorded input errors in the order recorded; ``at`` is an ISO 8601 UTC time."""
        rows = self._connection().execute('SELECT origin, line, message, "at" FROM errors ORDER BY rowid').fetchall()
        return [
            {"origin": origin, "line": line, "message": message, "at": at.isoformat()}
            for origin, line, message, at in rows
        ]

    def count(self, table: str = "events") -> int:
        """Rows in one of the store's tables (see ``_TABLES``)."""
        name = _TABLES.get(table)
        if name is None:
            known = ", ".join(sorted(_TABLES))
            raise ValueError(f"unknown table {table!r}; known: {known}")
        row = self._connection().execute(f"SELECT count(*) FROM {name}").fetchone()
        return int(row[0]) if row else 0

    def execute(self, sql: str, params: Sequence[Any] = ()) -> duckdb.DuckDBPyConnection:
        """Run one parameterised query (store/queries.py builds them)."""
        return self._connection().execute(sql, list(params))


def _rows(
    items: Iterable[Coded], coded_at: dt.datetime, coder_version: str | None, run_id: str | None
) -> dict[str, list[tuple[Any, ...]]]:
    tables: dict[str, list[tuple[Any, ...]]] = {"documents": [], "sentences": [], "mentions": [], "events": []}
    seen: set[str] = set()
    for item in items:
        doc = item.doc
        version = coder_version or (item.events[0].coder_version if item.events else None)
        tables["documents"].append(
            (doc.id, doc.digest, doc.text, doc.title, doc.date, doc.source, doc.url, doc.byline, doc.origin,
             len(doc.text), coded_at, version, run_id)
        )  # fmt: skip
        tables["sentences"].extend((doc.id, s.index, s.start, s.end, s.parsed) for s in item.sentences)
        tables["mentions"].extend(
            (doc.id, m.sentence_index, m.start, m.end, m.text, m.code, m.country, m.sector, m.kind) for m in item.mentions
        )
        for event in item.events:
            # The id hashes document, sentence, code and spans; two events that agree on
            # all of those are one event, so keep the first.
            if event.id not in seen:
                seen.add(event.id)
                tables["events"].append(event_values(event))
    return tables
