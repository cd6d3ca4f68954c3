"""Store version 3: events keep their location; a version-2 store is upgraded in one
transaction (store/migrations.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from detente.model import Coded, Location, SentenceBounds
from detente.rows import LOCATION_COLUMNS
from detente.store import SCHEMA_VERSION, EventStore, StoreError

from test_duckdb_store import TEXT, make_doc, make_event

TOKYO = Location("Tokyo", "Tokyo", "JPN", "JP.40", 35.6895, 139.69171, "city", 54, 59, 1850147, "clause")


def coded(doc_id: str, location: Location | None) -> Coded:
    return Coded(make_doc(doc_id), (make_event(doc_id, location=location),), (SentenceBounds(0, 0, len(TEXT)),))


def version_2_store(path: Path, *, keep: str | None = None) -> None:
    """A store as detente wrote it at schema version 2: no location_* columns (``keep``: one
    left in place, to make the upgrade fail)."""
    with EventStore.open(path) as store:
        store.write_coded([coded("old", None)])
    conn = duckdb.connect(str(path))
    for column in LOCATION_COLUMNS:
        if column.name != keep:
            conn.execute(f"ALTER TABLE events DROP COLUMN {column.name}")
    conn.execute("UPDATE schema_version SET version = 2")
    conn.close()


def test_schema_version_is_3() -> None:
    assert SCHEMA_VERSION == 3


def test_an_event_keeps_its_location_in_the_store(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "s.duckdb") as store:
        store.write_coded([coded("d1", TOKYO), coded("d2", None)])
        by_doc = {e["doc_id"]: e["location"] for e in store.events()}
        assert by_doc["d1"] == TOKYO.to_dict() and by_doc["d2"] is None
        row = store.execute("SELECT location_country, location_lat, location_geonames_id, location_basis FROM events WHERE doc_id = 'd1'")
        assert row.fetchone() == ("JPN", 35.6895, 1850147, "clause")


def test_a_version_2_store_is_upgraded_and_keeps_its_events(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    version_2_store(path)
    with pytest.raises(StoreError, match="schema version 2; open it for writing once"):
        EventStore.open(path, read_only=True)
    with EventStore.open(path) as store:
        assert store.version == 3
        columns = [r[0] for r in store.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position").fetchall()]
        assert columns[-len(LOCATION_COLUMNS) :] == [c.name for c in LOCATION_COLUMNS]  # where a new store has them
        (old,) = store.events()
        assert old["doc_id"] == "old" and old["location"] is None
        store.write_coded([coded("new", TOKYO)])
    with EventStore.open(path, read_only=True) as store:
        assert {e["doc_id"]: e["location"] for e in store.events()} == {"old": None, "new": TOKYO.to_dict()}


def test_a_failed_upgrade_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "half.duckdb"
    version_2_store(path, keep="location_name")  # ADD COLUMN location_name will fail
    with pytest.raises(duckdb.Error):
        EventStore.open(path)
    conn = duckdb.connect(str(path))
    assert conn.execute("SELECT version FROM schema_version").fetchall() == [(2,)]
    names = {r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
    assert "location_name" in names and "location_text" not in names  # the first step was rolled back too
    conn.close()
