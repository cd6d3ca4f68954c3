"""Upgrading a store written by an older detente, step by step, in place.

``STEPS[v]`` brings a store at version ``v`` to ``v + 1``. ``migrate`` runs
every step from the store's version to the current one inside one
transaction, so a failed upgrade leaves the store as it was. A store newer
than this detente is refused (it may hold what this version cannot keep).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

import duckdb

from detente.rows import LOCATION_COLUMNS


def _v1_to_v2(conn: duckdb.DuckDBPyConnection) -> None:
    """Version 1 kept no document text, called the outlet ``source`` and knew no runs.
    Its documents keep their rows, with no text and no content hash: they are
    recognised by id alone, and coded again only when the coder version changes."""
    conn.execute("ALTER TABLE documents RENAME COLUMN source TO outlet")
    conn.execute("ALTER TABLE documents ADD COLUMN content_hash VARCHAR")
    conn.execute("ALTER TABLE documents ADD COLUMN text VARCHAR")
    conn.execute("ALTER TABLE documents ADD COLUMN run_id VARCHAR")
    conn.execute("ALTER TABLE errors ADD COLUMN run_id VARCHAR")
    # The new tables (runs, sentences, mentions, clusters) come from schema.sql.


def _v2_to_v3(conn: duckdb.DuckDBPyConnection) -> None:
    """Version 2 knew no places: its events gain the location_* columns (docs/places.md),
    empty, at the end of the table where a new store has them. Events coded before keep
    no location until their documents are coded again (``--recode``, or a new coder
    version)."""
    for column in LOCATION_COLUMNS:
        conn.execute(f"ALTER TABLE events ADD COLUMN {column.name} {column.sql}")


STEPS: Mapping[int, Callable[[duckdb.DuckDBPyConnection], None]] = MappingProxyType({1: _v1_to_v2, 2: _v2_to_v3})


def migrate(conn: duckdb.DuckDBPyConnection, found: int, current: int, schema: str) -> None:
    """Bring the store from version ``found`` to ``current``; ``schema`` is the DDL of
    ``current`` (idempotent), run after the steps to add the tables they did not."""
    conn.begin()
    try:
        for version in range(found, current):
            STEPS[version](conn)
        conn.execute(schema)
        conn.execute("DELETE FROM schema_version")
        conn.execute("INSERT INTO schema_version VALUES (?)", [current])
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
