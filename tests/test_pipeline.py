"""detente.pipeline.run: identity, skipping, resuming and re-running, with a fake coder
(no model) so that every rule is seen on its own."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from detente.engines import LocalEngine
from detente.errors import InputError
from detente.export.store import StoreSink
from detente.export.streams import CsvSink, JsonlSink, SkipReport
from detente.model import Actor, Coded, Document, Event, SentenceBounds, Span
from detente.pipeline import Progress, run
from detente.store import EventStore
from detente.store.queries import export_rows


class CountingCoder:
    """Codes "X met Y" as one event per sentence, and counts the documents it saw."""

    version = "fake-1"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]:
        for doc in docs:
            if "BOOM" in doc.text:
                raise RuntimeError("simulated failure")
            self.seen.append(doc.id)
            start = doc.text.find("met")
            events = () if start < 0 else (self._event(doc, start),)
            yield Coded(doc, events, (SentenceBounds(0, 0, len(doc.text)),))

    def _event(self, doc: Document, start: int) -> Event:
        return Event(
            doc_id=doc.id, sentence_index=0, sentence=doc.text, date="", date_basis="publication",
            source=Actor("Chad", "TCD", "TCD", None, 0, 4), target=Actor("Niger", "NER", "NER", None, start + 4, start + 9),
            cameo="040", cameo_name="Consult", plover=None, quad_class=1, goldstein=1.0,
            trigger=Span("met", start, start + 3), modality="asserted", confidence=1.0,
            coder_version=self.version, rule="fake",
        )  # fmt: skip


def docs(*texts: str, prefix: str = "d") -> list[Document]:
    return [Document(id=f"{prefix}{i}", text=t, date=dt.date(2020, 1, 1 + i), source="Wire") for i, t in enumerate(texts)]


def ingest(path: Path, items: Iterable[Document | InputError], coder: CountingCoder, **kwargs: object):  # type: ignore[no-untyped-def]
    sink = StoreSink(path, coder_version=coder.version, batch_size=2, **kwargs)  # type: ignore[arg-type]
    summary = run(items, coder, LocalEngine(), [sink])
    return summary, sink


def test_every_document_reaches_every_sink_in_input_order() -> None:
    out, table = io.StringIO(), io.StringIO()
    summary = run(docs("Chad met Niger.", "Nothing here.", "Chad met Niger again."), CountingCoder(), LocalEngine(),
                  [JsonlSink(out), CsvSink(table)])  # fmt: skip
    assert (summary.documents, summary.events, summary.unchanged, summary.skipped) == (3, 2, 0, ())
    assert [json.loads(line)["doc_id"] for line in out.getvalue().splitlines()] == ["d0", "d2"]
    assert len(table.getvalue().splitlines()) == 3  # header and two rows


def test_the_same_text_twice_is_coded_once_whatever_its_id() -> None:
    coder = CountingCoder()
    summary = run([*docs("Chad met Niger."), *docs("Chad met Niger.", prefix="copy")], coder, LocalEngine(), [])
    assert coder.seen == ["d0"] and (summary.documents, summary.unchanged) == (1, 1)


def test_unreadable_inputs_and_failing_documents_are_reported_and_the_rest_coded() -> None:
    report = io.StringIO()
    items: list[Document | InputError] = [*docs("Chad met Niger.", "BOOM"), InputError("c.jsonl", 4, "invalid JSON")]
    summary = run(items, CountingCoder(), LocalEngine(), [SkipReport(report)])
    assert summary.documents == 1
    assert [str(s).split(" (")[0] for s in summary.skipped] == ["c.jsonl:4: invalid JSON", "<text>: d1: RuntimeError: simulated failure"]
    assert report.getvalue().count("detente: skipped: ") == 2


def test_progress_is_told_the_counts_so_far() -> None:
    seen: list[tuple[int, int]] = []
    run(docs("Chad met Niger.", "Quiet.", "Chad met Niger!"), CountingCoder(), LocalEngine(), [],
        progress=lambda p: seen.append((p.documents, p.events)))  # fmt: skip
    assert seen[-1] == (3, 2) and seen == sorted(seen)


def test_a_second_run_codes_only_what_is_new_and_changes_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    first = CountingCoder()
    summary, sink = ingest(path, docs("Chad met Niger.", "Quiet.", "Chad met Niger!"), first)
    # Two events, two days apart, one source, target and code: one cluster in a 3-day window.
    assert (summary.documents, summary.events, sink.clusters) == (3, 2, 1)
    with EventStore.open(path, read_only=True) as store:
        before = list(export_rows(store))
    again = CountingCoder()
    summary, _ = ingest(path, [*docs("Chad met Niger.", "Quiet.", "Chad met Niger!"), *docs("Quiet again.", prefix="n")], again)
    assert again.seen == ["n0"] and (summary.documents, summary.unchanged) == (1, 3)
    with EventStore.open(path, read_only=True) as store:
        assert list(export_rows(store)) == before
        assert [r["documents"] for r in store.runs()] == [3, 1]


def test_recode_codes_every_document_again(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, docs("Chad met Niger.", "Quiet."), CountingCoder())
    again = CountingCoder()
    summary, _ = ingest(path, docs("Chad met Niger.", "Quiet."), again, recode=True)
    assert again.seen == ["d0", "d1"] and summary.documents == 2


def test_an_id_stored_with_another_text_is_an_error_naming_both(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    ingest(path, [Document(id="x", text="Chad met Niger.", origin="first.jsonl:1")], CountingCoder())
    summary, _ = ingest(path, [Document(id="x", text="Chad met Mali.", origin="second.jsonl:7")], CountingCoder())
    (problem,) = summary.skipped
    assert problem.origin == "second.jsonl:7" and "first.jsonl:1" in problem.reason and "'x'" in problem.reason
    with EventStore.open(path, read_only=True) as store:
        assert store.execute("SELECT text FROM documents").fetchall() == [("Chad met Niger.",)]
        assert [e["origin"] for e in store.errors()] == ["second.jsonl:7"]


def test_an_interrupted_run_keeps_its_committed_batches_and_stays_unfinished(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"

    class Stop(Exception):
        pass

    def stop_at_four(p: Progress) -> None:
        if p.documents == 4:
            raise Stop

    sink = StoreSink(path, coder_version="fake-1", batch_size=3)
    with pytest.raises(Stop):
        run(docs(*[f"Chad met Niger {i}." for i in range(6)]), CountingCoder(), LocalEngine(), [sink], progress=stop_at_four)
    with EventStore.open(path, read_only=True) as store:
        # The first batch of 3 was committed, and the fourth document on closing.
        assert store.count("documents") == 4 and store.count("clusters") == 0
        (unfinished,) = store.runs()
        assert unfinished["finished_at"] is None
    again = CountingCoder()
    ingest(path, docs(*[f"Chad met Niger {i}." for i in range(6)]), again)
    assert again.seen == ["d4", "d5"]
