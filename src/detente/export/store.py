"""The store as a sink: coded documents into the DuckDB store, in batches, resumably.

The sink holds the file only while it works on it (docs/store.md): it opens
the store to screen a batch of documents (``screen``), and to commit a batch
of coded documents with the inputs it skipped (one transaction), then closes
it, so that readers get in between. A run killed at any moment leaves every
committed batch whole and nothing of the batch it was on; run again, the
documents already stored (same text, same coder version) are screened out
and the rest coded, so the store ends as an uninterrupted run would leave it.
``close`` commits the last batch, groups the events into clusters and marks
the run finished.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from detente.export import Skipped
from detente.model import Coded, Document
from detente.store import EventStore
from detente.store.clusters import DEFAULT_WINDOW_DAYS
from detente.store.duckdb_store import DEFAULT_BATCH, MEMORY, WRITER_WAIT


class StoreSink:
    def __init__(
        self,
        path: str | Path,
        *,
        coder_version: str,
        command: str = "",
        recode: bool = False,
        batch_size: int = DEFAULT_BATCH,
        window_days: int = DEFAULT_WINDOW_DAYS,
        wait: float = WRITER_WAIT,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        self.path = str(path)
        self.coder_version = coder_version
        self.command = command
        self.recode = recode
        self.batch_size = batch_size
        self.window_days = window_days
        self.wait = wait
        self.run_id: str | None = None
        self.clusters: int | None = None
        self.documents = self.unchanged = self.skipped = 0
        self._coded: list[Coded] = []
        self._problems: list[Skipped] = []
        # An in-memory store lives only as long as its connection: keep it open.
        self._kept: EventStore | None = None

    def _store(self) -> EventStore:
        if self._kept is not None:
            return self._kept
        store = EventStore.open(self.path, wait=self.wait)
        if self.path == MEMORY:
            self._kept = store
        if self.run_id is None:
            self.run_id = store.begin_run(coder_version=self.coder_version, command=self.command)
        return store

    def _release(self, store: EventStore) -> None:
        if store is not self._kept:
            store.close()

    def screen(self, docs: Sequence[Document]) -> list[tuple[str, Document, str] | None]:
        store = self._store()
        try:
            verdicts = store.screen(docs, coder_version=self.coder_version, recode=self.recode)
        finally:
            self._release(store)
        out: list[tuple[str, Document, str] | None] = []
        for doc, verdict in zip(docs, verdicts, strict=True):
            if verdict.action == "code":
                # Under the stored id when the same text was stored under another one.
                out.append(None if verdict.doc.id == doc.id else ("code", verdict.doc, verdict.reason))
            else:
                self.unchanged += verdict.action == "unchanged"
                out.append((verdict.action, verdict.doc, verdict.reason))
        return out

    def write(self, coded: Coded) -> None:
        self._coded.append(coded)
        if len(self._coded) >= self.batch_size:
            self.flush()

    def skip(self, skipped: Skipped) -> None:
        self._problems.append(skipped)
        if len(self._problems) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Commit the documents and problems held so far, in one transaction each."""
        if not self._coded and not self._problems:
            return
        store = self._store()
        try:
            self.documents += store.write_coded(self._coded, coder_version=self.coder_version, run_id=self.run_id)
            for problem in self._problems:
                where = f"{problem.doc_id}: {problem.reason}" if problem.doc_id else problem.reason
                store.record_error(problem.origin, problem.line, where, run_id=self.run_id)
            self.skipped += len(self._problems)
        finally:
            self._release(store)
        self._coded = []
        self._problems = []

    def close(self, complete: bool = True) -> None:
        """Commit what is held; after a complete run, regroup the clusters and mark the
        run finished (an interrupted one stays unfinished, to be resumed)."""
        self.flush()
        if not complete and self.run_id is None:
            return
        store = self._store()
        try:
            if complete:
                self.clusters = store.rebuild_clusters(self.window_days)
                assert self.run_id is not None
                store.finish_run(self.run_id, documents=self.documents, unchanged=self.unchanged, skipped=self.skipped)
        finally:
            if self._kept is not None:
                self._kept = None
            store.close()
