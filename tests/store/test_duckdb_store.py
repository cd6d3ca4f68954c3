from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import multiprocessing.synchronize
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from detente.model import Actor, Document, Event, Modality, Plover, Span
from detente.store import SCHEMA_VERSION, EventStore, StoreError, read_schema

TEXT = "Iran's foreign minister met Japan's prime minister in Tokyo on Monday."


def make_doc(doc_id: str = "d1", **changes: object) -> Document:
    doc = Document(
        id=doc_id,
        text=TEXT,
        title="Ministers meet",
        date=dt.date(2018, 8, 20),
        source="Example Wire",
        url="https://example.org/a",
        byline="A. Writer",
        origin="in.jsonl:3",
    )
    return replace(doc, **changes)  # type: ignore[arg-type]


def make_event(doc_id: str = "d1", **changes: object) -> Event:
    event = Event(
        doc_id=doc_id,
        sentence_index=0,
        sentence=TEXT,
        date="2018-08",
        date_basis="text",
        source=Actor("Iran's foreign minister", "IRNGOV", "IRN", "GOV", 0, 23),
        target=Actor("Japan's prime minister", "JPNGOV", "JPN", "GOV", 28, 50),
        cameo="036",
        cameo_name="Express intent to meet or negotiate",
        plover=Plover("CONSULT", "visit", None),
        quad_class=1,
        goldstein=4.0,
        trigger=Span("met", 24, 27),
        modality="asserted",
        confidence=0.875,
        coder_version="0.1.0",
        rule="verb:meet",
    )
    return replace(event, **changes)  # type: ignore[arg-type]


@pytest.fixture
def store() -> Iterator[EventStore]:
    s = EventStore.open(":memory:")
    yield s
    s.close()


def test_schema_is_package_data() -> None:
    ddl = read_schema()
    for table in ("documents", "events", "errors", "schema_version"):
        assert f"CREATE TABLE IF NOT EXISTS {table}" in ddl


def test_constructor_does_no_io(tmp_path: Path) -> None:
    path = tmp_path / "never.duckdb"
    EventStore(path)
    assert not path.exists()


def test_round_trip_equals_to_dict(store: EventStore) -> None:
    event = make_event()
    store.write(make_doc(), [event])
    assert store.events() == [event.to_dict()]
    assert store.events()[0]["cameo"] == "036"  # leading zero kept
    assert store.events()[0]["root"] == "03"


@pytest.mark.parametrize("modality", list(Modality))
def test_round_trip_reads_the_modality_back_as_the_enum(store: EventStore, modality: Modality) -> None:
    event = make_event(modality=modality)
    store.write(make_doc(), [event])
    (row,) = store.events()
    assert row == event.to_dict()
    assert type(row["modality"]) is Modality and row["modality"] is modality
    assert json.dumps(row) == json.dumps(event.to_dict())
    assert f'"modality": "{modality.value}"' in json.dumps(row)


def test_round_trip_without_target_or_plover(store: EventStore) -> None:
    event = make_event(target=None, plover=None, cameo="1124", cameo_name="x", goldstein=-5.0)
    store.write(make_doc(), [event])
    (row,) = store.events()
    assert row == event.to_dict()
    assert row["target"] is None and row["plover"] is None


def test_round_trip_keeps_null_actor_fields(store: EventStore) -> None:
    source = Actor("rebels", None, None, None, 0, 6)
    event = make_event(source=source, date="2018", date_basis="publication")
    store.write(make_doc(), [event])
    assert store.events() == [event.to_dict()]


def test_events_ordered_by_doc_sentence_trigger(store: EventStore) -> None:
    late = make_event(sentence_index=2, trigger=Span("met", 24, 27))
    early_b = make_event(sentence_index=0, trigger=Span("met", 40, 43))
    early_a = make_event(sentence_index=0, trigger=Span("met", 24, 27))
    other = make_event("d0")
    store.write(make_doc(), [late, early_b, early_a])
    store.write(make_doc("d0"), [other])
    assert [e["id"] for e in store.events()] == [x.id for x in (other, early_a, early_b, late)]
    assert [e["id"] for e in store.events(doc_id="d1")] == [x.id for x in (early_a, early_b, late)]
    assert len(store.events(limit=2)) == 2
    assert store.events(doc_id="missing") == []


def test_rewriting_a_document_replaces_its_events(store: EventStore) -> None:
    store.write(make_doc(), [make_event(), make_event(cameo="042", cameo_name="Make a visit")])
    store.write(make_doc("d2"), [make_event("d2")])
    assert store.count() == 3
    recoded = make_event(cameo="040", cameo_name="Consult", coder_version="0.2.0")
    store.write(make_doc(title="New title"), [recoded])
    assert store.events(doc_id="d1") == [recoded.to_dict()]
    assert store.count() == 2
    assert store.count("documents") == 2
    # and writing it with no events leaves the document recorded but event-free
    store.write(make_doc(), [])
    assert store.events(doc_id="d1") == []
    assert store.has_document("d1")


def test_duplicate_event_ids_within_a_document_are_kept_once(store: EventStore) -> None:
    event = make_event()
    store.write(make_doc(), [event, replace(event, modality="reported")])
    assert store.events() == [event.to_dict()]


def test_event_for_another_document_is_refused(store: EventStore) -> None:
    with pytest.raises(ValueError, match="d9"):
        store.write(make_doc(), [make_event("d9")])
    assert store.count("documents") == 0


def test_document_row(store: EventStore) -> None:
    store.write(make_doc(), [make_event()])
    store.write(make_doc("empty"), [])
    assert store.coded_doc_ids() == {"d1", "empty"}
    assert store.has_document("d1") and not store.has_document("d2")
    conn = store._connection()
    row = conn.execute(
        "SELECT title, published, outlet, url, byline, origin, n_chars, coder_version, coded_at"
        " FROM documents WHERE doc_id = 'd1'"
    ).fetchone()
    assert row is not None
    assert row[:8] == (
        "Ministers meet", dt.date(2018, 8, 20), "Example Wire", "https://example.org/a",
        "A. Writer", "in.jsonl:3", len(TEXT), "0.1.0",
    )
    assert isinstance(row[8], dt.datetime)
    version = conn.execute("SELECT coder_version FROM documents WHERE doc_id = 'empty'").fetchone()
    assert version == (None,)


def test_write_many_batches_and_counts(store: EventStore) -> None:
    items = [(make_doc(f"d{i:03}"), [make_event(f"d{i:03}")]) for i in range(25)]
    assert store.write_many(iter(items), batch_size=7) == 25
    assert store.count() == 25
    assert store.count("documents") == 25
    # a second pass is idempotent
    assert store.write_many(items) == 25
    assert store.count() == 25


def test_write_many_same_document_twice_in_a_batch_keeps_the_later(store: EventStore) -> None:
    first = make_event()
    second = make_event(cameo="040", cameo_name="Consult")
    assert store.write_many([(make_doc(), [first]), (make_doc(), [second])]) == 1
    assert store.events() == [second.to_dict()]


def test_failed_batch_is_rolled_back(store: EventStore) -> None:
    store.write(make_doc("d0"), [make_event("d0")])
    with pytest.raises(ValueError):
        store.write_many([(make_doc("d0"), []), (make_doc("d1"), [make_event("zz")])])
    assert store.count() == 1
    assert store.coded_doc_ids() == {"d0"}


def test_errors_table(store: EventStore) -> None:
    store.record_error("in.jsonl", 7, "bad JSON: Expecting value")
    store.record_error("broken.txt", None, "not UTF-8")
    assert store.count("errors") == 2
    errors = store.errors()
    assert [(e["origin"], e["line"], e["message"]) for e in errors] == [
        ("in.jsonl", 7, "bad JSON: Expecting value"),
        ("broken.txt", None, "not UTF-8"),
    ]
    assert dt.datetime.fromisoformat(errors[0]["at"])


def test_the_same_error_is_recorded_once_across_runs(tmp_path: Path) -> None:
    path = tmp_path / "rerun.duckdb"
    for _ in range(2):  # two runs on the same input
        with EventStore.open(path) as store:
            store.record_error("in.jsonl", 7, "bad JSON: Expecting value")
            store.record_error("broken.txt", None, "not UTF-8")
    with EventStore.open(path) as store:
        first = store.errors()
        assert [(e["origin"], e["line"], e["message"]) for e in first] == [
            ("in.jsonl", 7, "bad JSON: Expecting value"),
            ("broken.txt", None, "not UTF-8"),
        ]
        # another message on the same line, or the same message on another line, is new
        store.record_error("in.jsonl", 7, "missing field 'text'")
        store.record_error("in.jsonl", 8, "bad JSON: Expecting value")
        store.record_error("broken.txt", 1, "not UTF-8")
        assert store.count("errors") == 5
        assert store.errors()[:2] == first  # the first recording keeps its time


def test_a_store_with_duplicate_errors_from_before_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "old-errors.duckdb"
    with EventStore.open(path) as store:  # as an earlier detente left it: one row per run
        for _ in range(2):
            store._connection().execute(
                'INSERT INTO errors (origin, line, message, "at") VALUES (?, ?, ?, now())',
                ["in.jsonl", 7, "bad JSON"],
            )
    with EventStore.open(path) as store:
        store.record_error("in.jsonl", 7, "bad JSON")
        assert store.count("errors") == 2  # nothing added, nothing lost


def test_count_refuses_unknown_tables(store: EventStore) -> None:
    assert store.count("schema_version") == 1
    with pytest.raises(ValueError, match="unknown table"):
        store.count("events; DROP TABLE events")


def test_values_are_parameters_not_sql(store: EventStore) -> None:
    nasty = "x'); DROP TABLE events; --"
    event = make_event(nasty, sentence=nasty, rule=nasty)
    store.write(make_doc(nasty), [event])
    assert store.events(doc_id=nasty) == [event.to_dict()]
    assert store.has_document(nasty)


def test_persistence_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    event = make_event()
    with EventStore.open(path) as store:
        store.write(make_doc(), [event])
        store.record_error("in.jsonl", 2, "missing field 'text'")
    with EventStore.open(path) as store:  # opening again must not recreate or duplicate
        assert store.events() == [event.to_dict()]
        assert store.count("errors") == 1
        assert store.count("schema_version") == 1
        store.write(make_doc("d2"), [make_event("d2")])
    reader = EventStore.open(path, read_only=True)
    try:
        assert reader.coded_doc_ids() == {"d1", "d2"}
        assert reader.count() == 2
    finally:
        reader.close()


def test_lazy_connection_and_context_manager(tmp_path: Path) -> None:
    path = tmp_path / "lazy.duckdb"
    store = EventStore(path)
    assert not path.exists()
    assert store.count() == 0  # first use connects and creates the schema
    assert path.exists()
    store.close()
    store.close()  # closing twice is harmless


def test_wrong_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with EventStore.open(path) as store:
        store._connection().execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match="schema version"):
        EventStore.open(path)


def test_read_only_on_a_foreign_database_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "foreign.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a detente event store"):
        EventStore.open(path, read_only=True)


def _hold_open(
    path: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    store = EventStore.open(path)
    ready.set()
    done.wait(30)
    store.close()


def test_second_writer_process_gets_a_clear_error(tmp_path: Path) -> None:
    path = str(tmp_path / "locked.duckdb")
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_open, args=(path, ready, done))
    holder.start()
    try:
        assert ready.wait(60)
        with pytest.raises(StoreError, match="one process"):
            EventStore.open(path)
    finally:
        done.set()
        holder.join(30)


# --- why a store cannot be opened -------------------------------------------
# DuckDB raises IOException for all of these; only a lock may suggest another run.

ANOTHER_RUN = "is another run using it?"


def _open_error(path: Path, *, read_only: bool = False) -> str:
    with pytest.raises(StoreError) as caught:
        EventStore.open(path, read_only=read_only)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize("read_only", [False, True])
def test_open_in_a_missing_folder(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "nowhere" / "events.duckdb"
    assert _open_error(path, read_only=read_only) == f"{path}: no such folder {path.parent}"
    assert not path.parent.exists()


def test_open_under_a_file_that_is_not_a_folder(tmp_path: Path) -> None:
    parent = tmp_path / "plain.txt"
    parent.write_text("x", encoding="utf-8")
    path = parent / "events.duckdb"
    assert _open_error(path) == f"{path}: {parent} is not a folder"


def test_open_a_folder(tmp_path: Path) -> None:
    assert _open_error(tmp_path) == f"{tmp_path}: is a folder, not a store file"


@pytest.mark.parametrize(
    "content", [b"", b"doc_id,title\nd1,Ministers meet\n", os.urandom(20_000)],
    ids=["empty", "text", "random"],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_open_a_file_that_is_not_duckdb(tmp_path: Path, content: bytes, read_only: bool) -> None:
    path = tmp_path / "events.duckdb"
    path.write_bytes(content)
    assert _open_error(path, read_only=read_only) == f"{path}: not a DuckDB file"
    assert path.read_bytes() == content  # left as it was


def test_read_only_open_of_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    assert _open_error(path, read_only=True) == f"{path}: no such store"
    assert not path.exists()


def test_read_only_open_of_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "foreign.duckdb"
    duckdb.connect(str(path)).close()
    message = _open_error(path, read_only=True)
    assert message == f"{path}: not a detente event store (no schema_version)"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads and writes any file")
def test_open_without_permission(tmp_path: Path) -> None:
    path = tmp_path / "private.duckdb"
    EventStore.open(path).close()
    path.chmod(0)
    try:
        assert _open_error(path) == f"{path}: permission denied (reading and writing)"
        assert _open_error(path, read_only=True) == f"{path}: permission denied (reading)"
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in any folder")
def test_create_in_a_folder_without_write_permission(tmp_path: Path) -> None:
    folder = tmp_path / "closed"
    folder.mkdir()
    folder.chmod(0o555)
    path = folder / "events.duckdb"
    try:
        assert _open_error(path) == f"{path}: cannot create it: permission denied in {folder}"
    finally:
        folder.chmod(0o755)


def test_permission_denied_as_duckdb_reports_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The message of DuckDB 2 when open(2) fails with EACCES; tested this way
    # too because the suite may run as root, where chmod does not stop anyone.
    path = tmp_path / "private.duckdb"
    EventStore.open(path).close()

    def refuse(database: str, read_only: bool = False) -> None:
        raise duckdb.IOException(f'IO Error: Cannot open file "{database}": Permission denied')

    monkeypatch.setattr(duckdb, "connect", refuse)
    assert _open_error(path) == f"{path}: permission denied (reading and writing)"
    assert _open_error(path, read_only=True) == f"{path}: permission denied (reading)"


@pytest.mark.parametrize("read_only", [False, True])
def test_open_a_file_another_process_writes(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "busy.duckdb"
    EventStore.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"ready\n"
        message = _open_error(path, read_only=read_only)
        assert "lock" in message
        assert message.endswith(ANOTHER_RUN)
    finally:
        holder.kill()
        holder.wait(30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_only_a_lock_suggests_another_run(tmp_path: Path) -> None:
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("not a database", encoding="utf-8")
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).close()
    messages = [
        _open_error(tmp_path / "nowhere" / "x.duckdb"),
        _open_error(tmp_path),
        _open_error(not_duckdb),
        _open_error(tmp_path / "missing.duckdb", read_only=True),
        _open_error(foreign, read_only=True),
    ]
    assert not [m for m in messages if ANOTHER_RUN in m or "one process" in m]
