"""Store version 2: text and identity, sentences and mentions, runs, clusters, the
upgrade of a version-1 store, and waiting for a file another process holds."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from detente.model import Coded, Mention, SentenceBounds
from detente.store import SCHEMA_VERSION, EventStore, StoreError
from detente.store.queries import export_rows, summary

from test_duckdb_store import TEXT, make_doc, make_event

# The version-1 schema as detente 0.1.0 wrote it (before this issue), to build an old store.
V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE documents (doc_id VARCHAR PRIMARY KEY, title VARCHAR, published DATE, source VARCHAR,
    url VARCHAR, byline VARCHAR, origin VARCHAR, n_chars INTEGER, coded_at TIMESTAMP, coder_version VARCHAR);
CREATE TABLE events (EVENTS);
CREATE TABLE errors (origin VARCHAR NOT NULL, line INTEGER, message VARCHAR NOT NULL, "at" TIMESTAMP NOT NULL);
INSERT INTO schema_version VALUES (1);
"""


def coded(doc_id: str = "d1", **changes: object) -> Coded:
    doc = make_doc(doc_id, **changes)
    return Coded(
        doc,
        (make_event(doc_id),),
        (SentenceBounds(0, 0, len(TEXT)),),
        (Mention(0, "Iran", "IRN", "IRN", None, "country", 0, 4), Mention(0, "Japan", "JPN", "JPN", None, "country", 28, 33)),
    )


def test_a_document_keeps_its_text_hash_sentences_and_mentions(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "s.duckdb") as store:
        run_id = store.begin_run(coder_version="0.1.0", command="test")
        store.write_coded([coded()], run_id=run_id)
        text, digest, outlet, run = store.execute("SELECT text, content_hash, outlet, run_id FROM documents").fetchone()  # type: ignore[misc]
        assert (text, digest, outlet, run) == (TEXT, make_doc().digest, "Example Wire", run_id)
        assert store.execute("SELECT sentence_index, start_char, end_char, parsed FROM sentences").fetchall() == [(0, 0, len(TEXT), True)]
        assert store.execute("SELECT text, code FROM mentions ORDER BY start_char").fetchall() == [("Iran", "IRN"), ("Japan", "JPN")]
        # Written again, the document replaces its rows rather than adding to them.
        store.write_coded([coded()])
        assert summary(store) | {"runs": 1} == {
            "documents": 1, "sentences": 1, "mentions": 2, "events": 1, "clusters": 0, "errors": 0, "runs": 1,
        }  # fmt: skip


def test_screen_tells_new_unchanged_recoded_and_conflicting_documents(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "s.duckdb") as store:
        store.write_coded([coded("d1")], coder_version="v1")
        same = make_doc("d1")
        renamed = make_doc("copy-of-d1")  # the same text under another id
        changed = make_doc("d1", text="Another text entirely.")
        new = make_doc("d2", text="Chad praised Niger.")
        verdicts = store.screen([same, renamed, changed, new], coder_version="v1")
        assert [v.action for v in verdicts] == ["unchanged", "unchanged", "conflict", "code"]
        assert verdicts[1].doc.id == "d1" and "'d1'" in verdicts[1].reason
        assert "'d1'" in verdicts[2].reason and "in.jsonl:3" in verdicts[2].reason  # names the stored one
        # Another coder version, or recode, codes them again (the copy under the stored id).
        again = store.screen([same, renamed], coder_version="v2")
        assert [(v.action, v.doc.id) for v in again] == [("code", "d1"), ("code", "d1")]
        assert [v.action for v in store.screen([same], coder_version="v1", recode=True)] == ["code"]


def test_runs_are_recorded_with_their_counts(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "s.duckdb") as store:
        run_id = store.begin_run(coder_version="v1", command="ingest")
        store.finish_run(run_id, documents=3, unchanged=1, skipped=2)
        (run,) = store.runs()
        assert (run["run_id"], run["command"], run["documents"], run["unchanged"], run["skipped"]) == (run_id, "ingest", 3, 1, 2)
        assert run["finished_at"] >= run["started_at"]


def test_clusters_group_stored_events_and_exports_carry_their_counts(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "s.duckdb") as store:
        # One meeting told by two outlets a day apart, and once more three weeks later.
        first = coded("a")
        second = replace(coded("b", text=TEXT + " ", source="Other Daily", date=dt.date(2018, 8, 21)))
        later = coded("c", text=TEXT + "  ", date=dt.date(2018, 9, 12))
        events = [replace(make_event(c.doc.id), date=c.doc.date.isoformat()) for c in (first, second, later)]  # type: ignore[union-attr]
        store.write_coded([replace(c, events=(e,)) for c, e in zip((first, second, later), events)])
        assert store.rebuild_clusters(window_days=3) == 2
        rows = sorted(export_rows(store), key=lambda r: r["doc_id"])
        assert [(r["doc_id"], r["num_mentions"], r["num_articles"], r["num_sources"]) for r in rows] == [
            ("a", 2, 2, 2), ("b", 2, 2, 2), ("c", 1, 1, 1),
        ]  # fmt: skip
        assert rows[0]["cluster_id"] == rows[1]["cluster_id"] != rows[2]["cluster_id"]
        firsts = list(export_rows(store, clusters_only=True))
        assert [r["doc_id"] for r in firsts] == ["a", "c"]  # one row per cluster: its first report
        assert store.rebuild_clusters(window_days=30) == 1  # regrouped, not added to


def test_a_version_1_store_is_upgraded_when_opened_for_writing(tmp_path: Path) -> None:
    from detente.rows import EVENT_COLUMNS, LOCATION_COLUMNS, event_values

    # Version 1 and 2 events had no location_* columns (version 3 added them).
    old_columns = EVENT_COLUMNS[: -len(LOCATION_COLUMNS)]
    path = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute(V1_SCHEMA.replace("EVENTS", ", ".join(f"{c.name} {c.sql}" for c in old_columns)))
    conn.execute("INSERT INTO documents (doc_id, source, coder_version) VALUES ('old', 'Old Wire', 'v0')")
    values = list(event_values(make_event("old")))[: len(old_columns)]
    conn.execute(f"INSERT INTO events VALUES ({', '.join('?' * len(old_columns))})", values)
    conn.execute("INSERT INTO errors VALUES ('x.jsonl', 2, 'bad', TIMESTAMP '2020-01-01')")
    conn.close()

    with pytest.raises(StoreError, match="schema version 1; open it for writing once"):
        EventStore.open(path, read_only=True)
    with EventStore.open(path) as store:
        assert store.version == SCHEMA_VERSION
        assert store.execute("SELECT doc_id, outlet, content_hash FROM documents").fetchall() == [("old", "Old Wire", None)]
        assert [e["doc_id"] for e in store.events()] == ["old"]
        store.write_coded([coded("new")])  # the new tables are there
        assert store.count("mentions") == 2 and store.count("errors") == 1
    with EventStore.open(path, read_only=True) as store:  # and now it reads
        assert store.count("documents") == 2


def test_a_store_newer_than_this_detente_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    EventStore.open(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    conn.close()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}"):
        EventStore.open(path)


HOLD = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
conn.close()
"""


def test_an_open_waits_for_another_process_to_release_the_file(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    EventStore.open(path).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), "1.5"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(StoreError, match="one process to write"):
            EventStore.open(path, read_only=True)  # no wait: the lock is reported at once
        started = time.monotonic()
        with EventStore.open(path, read_only=True, wait=30) as store:
            waited = time.monotonic() - started
            assert store.count("documents") == 0
        assert 0.3 < waited < 30
    finally:
        holder.wait(timeout=30)
