"""`detente ingest` as a user runs it, in its own process: killed with SIGKILL mid-run
and run again, it leaves the store an uninterrupted run leaves; and `detente events`
reads the store while an ingest is writing it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.store import EventStore

# Our own sentences; each document gets a number so that every text is distinct.
ACTORS = ["Chad", "Niger", "Kenya", "Uganda", "Peru", "Chile", "Nepal", "Bhutan"]
VERBS = ["praised", "criticised", "met", "accused", "thanked", "condemned"]

# Each table as it should compare: every column but the run's id and the time of coding.
TABLES = {
    "documents": "SELECT * EXCLUDE (run_id, coded_at) FROM documents ORDER BY doc_id",
    "sentences": "SELECT * FROM sentences ORDER BY doc_id, sentence_index",
    "mentions": "SELECT * FROM mentions ORDER BY doc_id, sentence_index, start_char, end_char",
    "events": "SELECT * FROM events ORDER BY event_id",
    "clusters": "SELECT * FROM clusters ORDER BY cluster_id",
    "cluster_events": "SELECT * FROM cluster_events ORDER BY event_id",
    "errors": 'SELECT * EXCLUDE ("at", run_id) FROM errors ORDER BY origin, line, message',
}


def write_corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            a, b = ACTORS[i % len(ACTORS)], ACTORS[(i * 3 + 1) % len(ACTORS)]
            verb = VERBS[i % len(VERBS)]
            text = f"{a} {verb} {b} on Monday. Talks in report {i} went on."
            day = f"2019-{1 + i % 12:02d}-{1 + i % 27:02d}"
            out.write(json.dumps({"id": f"r{i:04d}", "text": text, "date": day, "source": f"Wire {i % 3}"}) + "\n")
        out.write("{not json}\n")  # one bad line: its error is part of the store too
    return path


def ingest(corpus: Path, store: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "detente.cli", "ingest", str(corpus), "--store", str(store), "--batch", "10"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def stored(store: Path) -> int:
    if not store.exists():
        return 0
    with EventStore.open(store, read_only=True, wait=30) as s:
        return s.count("documents")


def wait_for(proc: subprocess.Popen[str], store: Path, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"ingest ended before {at_least} documents were stored: {proc.communicate()}"
        try:
            n = stored(store)
        except Exception:  # noqa: BLE001 - the file is being created
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.1)
    raise AssertionError(f"fewer than {at_least} documents stored after {timeout} s")


def contents(store: Path) -> dict[str, list[tuple[object, ...]]]:
    with EventStore.open(store, read_only=True) as s:
        return {name: s.execute(sql).fetchall() for name, sql in TABLES.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "reports.jsonl", 240)


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("whole") / "whole.duckdb"
    proc = ingest(corpus, store)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1 and "1 inputs skipped" in err  # the bad line
    return store


def test_an_ingest_killed_mid_run_resumes_to_the_same_store(corpus: Path, uninterrupted: Path, tmp_path: Path) -> None:
    store = tmp_path / "killed.duckdb"
    proc = ingest(corpus, store)
    done = wait_for(proc, store, at_least=30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert 0 < stored(store) < 240, f"killed after {done} documents: not mid-run"
    again = ingest(corpus, store)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 1, err
    expected = contents(uninterrupted)
    assert all(expected[name] for name in ("documents", "events", "clusters", "mentions", "errors"))
    assert contents(store) == expected
    with EventStore.open(store, read_only=True) as s:
        runs = s.runs()
    assert len(runs) == 2 and runs[0]["finished_at"] is None and runs[1]["finished_at"] is not None
    assert runs[1]["unchanged"] >= 30  # the documents of the killed run were not coded again


def test_ingesting_the_same_corpus_again_changes_nothing(corpus: Path, uninterrupted: Path, tmp_path: Path) -> None:
    store = tmp_path / "twice.duckdb"
    store.write_bytes(uninterrupted.read_bytes())
    proc = ingest(corpus, store)
    _, err = proc.communicate(timeout=300)
    assert "0 documents coded" in err and "240 documents unchanged" in err
    assert contents(store) == contents(uninterrupted)


def test_events_reads_the_store_while_an_ingest_writes_it(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "busy.duckdb"
    proc = ingest(corpus, store)
    try:
        wait_for(proc, store, at_least=20)
        reader = subprocess.run(
            [sys.executable, "-m", "detente.cli", "events", str(store), "--format", "jsonl"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        still_writing = proc.poll() is None
        assert reader.returncode == 0, reader.stderr
        rows = [json.loads(line) for line in reader.stdout.splitlines()]
        assert rows and all(r["doc_id"].startswith("r") for r in rows)
        assert still_writing, "the ingest had finished: the read did not overlap the write"
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 1 and "240 documents coded" in err  # the reader made it wait, not fail
    finally:
        if proc.poll() is None:
            proc.kill()
