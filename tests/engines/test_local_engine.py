from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.engines import LocalEngine, Outcome, SupportsCoding
from detente.engines.local import code_batch, describe_error
from detente.model import Actor, Coded, Document, Event, Span


class FakeCoder:
    """One event per occurrence of "met"; raises on any document containing "BOOM".

    Events record the process and the coder instance that made them (in
    ``rule``), so tests can see where coding happened and how often the coder
    was unpickled. A fresh token is drawn whenever the coder is unpickled.
    """

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.token = uuid.uuid4().hex

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]:
        for doc in docs:
            if "BOOM" in doc.text:
                raise ValueError(f"cannot code {doc.id}")
            events = []
            start = doc.text.find("met")
            while start >= 0:
                events.append(self._event(doc, start, "asserted"))
                if all_modalities:
                    events.append(self._event(doc, start, "hypothetical"))
                start = doc.text.find("met", start + 1)
            yield Coded(doc, tuple(events))

    def _event(self, doc: Document, start: int, modality: Any) -> Event:
        return Event(
            doc_id=doc.id,
            sentence_index=0,
            sentence=doc.text,
            date="2020",
            date_basis="publication",
            source=Actor("A", "AAA", "AAA", None, 0, 1),
            target=None,
            cameo="040",
            cameo_name="Consult",
            plover=None,
            quad_class=1,
            goldstein=1.0,
            trigger=Span("met", start, start + 3),
            modality=modality,
            confidence=1.0,
            coder_version="fake",
            rule=f"{os.getpid()}:{self.token}",
        )


class DropsDocumentsCoder(FakeCoder):
    """A buggy coder that silently skips documents containing "skip"."""

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]:
        for coded in super().code_corpus(docs, all_modalities=all_modalities):
            if "skip" not in coded.doc.text:
                yield coded


class UnpicklableCoder(FakeCoder):
    def __init__(self) -> None:
        super().__init__()
        self.hook = lambda: None

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)


def make_docs(n: int, bad: Iterable[int] = ()) -> list[Document]:
    bad = set(bad)
    return [
        Document(id=f"d{i:03}", text=("BOOM " if i in bad else "") + "they met and met" * (i % 3))
        for i in range(n)
    ]


def expected_met_count(doc: Document) -> int:
    return doc.text.count("met")


def test_fake_coder_satisfies_the_protocol() -> None:
    assert isinstance(FakeCoder(), SupportsCoding)


def test_constructor_validates() -> None:
    with pytest.raises(ValueError):
        LocalEngine(workers=0)
    with pytest.raises(ValueError):
        LocalEngine(batch_size=0)
    with pytest.raises(ValueError):
        LocalEngine(start_method="teleport")


def test_one_worker_codes_in_process_in_order() -> None:
    docs = make_docs(10)
    outcomes = list(LocalEngine(workers=1, batch_size=3).run(FakeCoder(), docs))
    assert [o.doc for o in outcomes] == docs
    assert all(o.ok and o.error is None for o in outcomes)
    assert [len(o.events) for o in outcomes] == [expected_met_count(d) for d in docs]
    pids = {e.rule.split(":")[0] for o in outcomes for e in o.events}
    assert pids == {str(os.getpid())}


def test_all_modalities_reaches_the_coder() -> None:
    docs = make_docs(3)
    outcomes = list(LocalEngine().run(FakeCoder(), docs, all_modalities=True))
    assert [len(o.events) for o in outcomes] == [2 * expected_met_count(d) for d in docs]


@pytest.mark.parametrize("workers", [1, 2])
def test_error_isolation(workers: int) -> None:
    # batch of 3: d003 is coded before the failure, d004 fails, d005 after it;
    # d006 fails at the very start of its batch
    docs = make_docs(11, bad={4, 6})
    outcomes = list(LocalEngine(workers=workers, batch_size=3).run(FakeCoder(), docs))
    assert [o.doc.id for o in outcomes] == [d.id for d in docs]
    failed = {o.doc.id: o.error for o in outcomes if not o.ok}
    assert set(failed) == {"d004", "d006"}
    assert failed["d004"] is not None and failed["d004"].startswith("ValueError: cannot code d004")
    assert "test_local_engine.py:" in failed["d004"]
    for o in outcomes:
        if o.ok:
            assert len(o.events) == expected_met_count(o.doc)
        else:
            assert o.events == ()


def test_code_batch_reports_a_coder_that_drops_documents() -> None:
    docs = [Document("a", "met"), Document("b", "skip met"), Document("c", "met met")]
    results = code_batch(DropsDocumentsCoder(), docs)
    assert [len(found[0]) if found else 0 for found, _ in results] == [1, 0, 2]
    assert [error is None for _, error in results] == [True, False, True]
    assert "expected 1" in (results[1][1] or "")


def test_two_workers_preserve_order_and_use_other_processes() -> None:
    docs = make_docs(40)
    engine = LocalEngine(workers=2, batch_size=3)
    outcomes = list(engine.run(FakeCoder(), iter(docs)))
    assert [o.doc for o in outcomes] == docs
    assert all(isinstance(o, Outcome) and o.ok for o in outcomes)
    assert [len(o.events) for o in outcomes] == [expected_met_count(d) for d in docs]
    makers = [e.rule.split(":") for o in outcomes for e in o.events]
    pids = {pid for pid, _ in makers}
    assert str(os.getpid()) not in pids
    # the coder is unpickled once per worker, not once per batch
    tokens_per_pid: dict[str, set[str]] = {}
    for pid, token in makers:
        tokens_per_pid.setdefault(pid, set()).add(token)
    assert all(len(tokens) == 1 for tokens in tokens_per_pid.values())
    assert len({token for _, token in makers}) == len(pids) <= 2


def test_pool_reads_input_lazily() -> None:
    pulled = 0

    def counting(docs: list[Document]) -> Iterator[Document]:
        nonlocal pulled
        for doc in docs:
            pulled += 1
            yield doc

    engine = LocalEngine(workers=2, batch_size=2)
    run = engine.run(FakeCoder(), counting(make_docs(100)))
    first = next(run)
    assert first.doc.id == "d000"
    assert pulled <= (engine.max_in_flight + 1) * engine.batch_size
    run.close()  # stopping early shuts the pool down without hanging
    assert pulled < 100


def test_unpicklable_coder_is_reported_before_any_work() -> None:
    run = LocalEngine(workers=2).run(UnpicklableCoder(), make_docs(3))
    with pytest.raises(TypeError, match="must pickle"):
        next(run)


def test_describe_error_names_type_and_place() -> None:
    table: dict[str, int] = {}
    try:
        table["missing"]
    except KeyError as err:
        text = describe_error(err)
    assert text.startswith("KeyError: 'missing' (test_local_engine.py:")


_SLOW_CODER = '''
import os, time
from detente.model import Coded
from pathlib import Path

class SlowCoder:
    """Writes its worker's pid to a file, then takes a minute over each batch."""

    def __init__(self, folder):
        self.folder = folder

    def code_corpus(self, docs, *, all_modalities=False):
        Path(self.folder, f"{os.getpid()}.pid").write_text("x")
        time.sleep(60)
        for doc in docs:
            yield Coded(doc, ())
'''

_PARENT = '''
import sys
sys.path.insert(0, sys.argv[1])
from slowcoder import SlowCoder
from detente.engines import LocalEngine
from detente.model import Document

if __name__ == "__main__":
    docs = [Document(id=str(i), text="Chad praised Niger.") for i in range(8)]
    for _ in LocalEngine(workers=2, batch_size=1).run(SlowCoder(sys.argv[1]), docs):
        pass
'''


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited already


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process state from /proc (Linux)")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    (tmp_path / "slowcoder.py").write_text(_SLOW_CODER)
    (tmp_path / "parent.py").write_text(_PARENT)
    parent = subprocess.Popen([sys.executable, str(tmp_path / "parent.py"), str(tmp_path)])
    try:
        deadline = time.monotonic() + 60
        while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        workers = [int(p.stem) for p in tmp_path.glob("*.pid")]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived their killed parent"
    finally:
        parent.kill()
        for pid in [int(p.stem) for p in tmp_path.glob("*.pid")]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
