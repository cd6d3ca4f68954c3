from __future__ import annotations

import datetime as dt
import multiprocessing
import multiprocessing.synchronize
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from detente.model import Actor, Document, Event, Plover, Span
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
        "SELECT title, published, source, url, byline, origin, n_chars, coder_version, coded_at"
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
