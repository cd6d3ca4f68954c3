"""DaskEngine on a LocalCluster: most tests share one cluster started for the module and
reach it with ``scheduler=`` (which is also how a real cluster is used); those about the
cluster the engine starts itself (shutdown, allowed failures) let it start its own."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import psutil
import pytest
from distributed import Client, KilledWorker, LocalCluster
from distributed.core import Status
from fakecoder import DyingCoder, FakeCoder, UnpicklableCoder, WaitingCoder, worker_plugins

from detente.engines import DaskEngine, Engine, LocalEngine, Outcome
from detente.engines.dask_engine import ALLOWED_FAILURES, PLUGIN_PREFIX
from detente.model import Document


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster: LocalCluster) -> Iterator[Client]:
    with Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture
def on_cluster(cluster: LocalCluster) -> DaskEngine:
    """An engine using the module's cluster, three documents a batch."""
    return DaskEngine(workers=2, scheduler=cluster.scheduler_address, batch_size=3)


def make_docs(n: int, bad: Iterable[int] = ()) -> list[Document]:
    bad = set(bad)
    return [
        Document(id=f"d{i:03}", text=("BOOM " if i in bad else "") + "they met and met" * (i % 3))
        for i in range(n)
    ]


def makers(outcomes: list[Outcome]) -> list[tuple[int, str]]:
    """(pid, coder token) of every event: where it was coded, by which unpickled coder."""
    found = []
    for o in outcomes:
        for e in o.events:
            pid, token = e.rule.split(":")
            found.append((int(pid), token))
    return found


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_constructor_validates() -> None:
    for bad in ({"workers": 0}, {"batch_size": 0}, {"threads_per_worker": 0}, {"scheduler": " "}):
        with pytest.raises(ValueError):
            DaskEngine(**bad)  # type: ignore[arg-type]
    engine = DaskEngine(workers=3, threads_per_worker=2)
    assert isinstance(engine, Engine)
    assert engine.workers == 3 and engine.max_in_flight == 12


def test_importing_the_engines_does_not_import_dask() -> None:
    probe = "import sys, detente.engines; print(sorted({'dask', 'distributed'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_same_outcomes_as_the_local_engine(on_cluster: DaskEngine) -> None:
    docs = make_docs(25, bad={4, 6, 13})

    def summary(outcomes: list[Outcome]) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
        return [(o.doc.id, o.error, [(e.id, e.modality) for e in o.events]) for o in outcomes]

    local = list(LocalEngine(workers=1, batch_size=3).run(FakeCoder(), docs, all_modalities=True))
    remote = list(on_cluster.run(FakeCoder(), iter(docs), all_modalities=True))
    assert summary(remote) == summary(local)
    assert sum(len(o.events) for o in remote) == 2 * sum(d.text.count("met") for d in docs if "BOOM" not in d.text)
    # the parent pairs results with its own documents: they are not sent back
    assert all(o.doc is d for o, d in zip(remote, docs, strict=True))


def test_input_order_is_kept_when_batches_finish_out_of_order(tmp_path: Path) -> None:
    # One worker with two threads runs two batches at once, whatever the scheduler's choice
    # of worker: the first batch waits until the second one has been coded.
    docs = [Document(id=f"d{i:03}", text="they met") for i in range(12)]
    docs[0] = Document(id="d000", text="wait for d003: they met")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster:
        engine = DaskEngine(workers=1, threads_per_worker=2, scheduler=cluster.scheduler_address, batch_size=3)
        outcomes = list(engine.run(WaitingCoder(tmp_path), docs))
    assert [o.doc.id for o in outcomes] == [d.id for d in docs]
    assert [(o.doc.id, o.error) for o in outcomes if not o.ok] == []
    assert all(len(o.events) == 1 for o in outcomes)
    finished = {p.name: int(p.read_text()) for p in tmp_path.iterdir()}
    assert finished["d003"] < finished["d000"]


def test_a_document_that_raises_is_an_outcome_with_its_error(on_cluster: DaskEngine) -> None:
    # batches of 3: d003 is coded before the failure, d004 fails, d005 after it;
    # d006 fails at the very start of its batch
    docs = make_docs(11, bad={4, 6})
    outcomes = list(on_cluster.run(FakeCoder(), docs))
    assert [o.doc.id for o in outcomes] == [d.id for d in docs]
    failed = {o.doc.id: o.error for o in outcomes if not o.ok}
    assert set(failed) == {"d004", "d006"}
    assert (failed["d004"] or "").startswith("ValueError: cannot code d004 (fakecoder.py:")
    for o in outcomes:
        assert len(o.events) == (o.doc.text.count("met") if o.ok else 0)


def test_the_coder_is_unpickled_once_per_worker(on_cluster: DaskEngine, client: Client) -> None:
    docs = [Document(id=f"d{i:03}", text="they met") for i in range(60)]  # 20 batches on 2 workers
    found = makers(list(on_cluster.run(FakeCoder(), docs)))
    assert len(found) == 60
    worker_pids = set(client.run(os.getpid).values())
    tokens: dict[int, set[str]] = {}
    for pid, token in found:
        tokens.setdefault(pid, set()).add(token)
    assert set(tokens) <= worker_pids and os.getpid() not in tokens
    assert all(len(seen) == 1 for seen in tokens.values()), tokens
    assert len({token for _, token in found}) == len(tokens)


def test_a_cluster_given_by_address_is_left_running_without_the_coder(
    on_cluster: DaskEngine, cluster: LocalCluster, client: Client
) -> None:
    before = client.run(os.getpid)
    run = on_cluster.run(FakeCoder(), make_docs(30))
    next(run)
    during = client.run(worker_plugins)
    assert all(any(name.startswith(PLUGIN_PREFIX) for name in names) for names in during.values())
    outcomes = [*run]
    assert len(outcomes) == 29
    assert {pid for pid, _ in makers(outcomes)} <= set(before.values())
    assert cluster.status == Status.running
    assert client.run(os.getpid) == before  # the same workers, still there
    after = client.run(worker_plugins)
    assert not [name for names in after.values() for name in names if name.startswith(PLUGIN_PREFIX)]
    assert client.submit(sum, [1, 2], pure=False).result() == 3


def test_a_worker_that_dies_is_replaced_and_its_batch_coded_elsewhere(
    on_cluster: DaskEngine, client: Client, tmp_path: Path
) -> None:
    docs = [Document(id=f"d{i:03}", text="they met") for i in range(12)]
    docs[7] = Document(id="d007", text="DIE they met")
    try:
        outcomes = list(on_cluster.run(DyingCoder(tmp_path, times=1), docs))
    finally:
        client.wait_for_workers(2, timeout=30)  # the nanny restarts the worker
    assert [p.name.split("-")[:2] for p in tmp_path.glob("death-*")] == [["death", "0"]]
    assert [o.doc.id for o in outcomes] == [d.id for d in docs]
    assert all(o.ok and len(o.events) == 1 for o in outcomes)


def test_workers_that_keep_dying_on_one_batch_end_the_run(tmp_path: Path) -> None:
    docs = [Document(id=f"d{i:03}", text="they met") for i in range(12)]
    docs[6] = Document(id="d006", text="DIE they met")
    seen: list[str] = []
    with pytest.raises(KilledWorker) as raised:
        for outcome in DaskEngine(workers=2, batch_size=2).run(DyingCoder(tmp_path, times=100), docs):
            seen.append(outcome.doc.id)
    assert seen == ["d000", "d001", "d002", "d003", "d004", "d005"]  # the batches before it
    assert "'d006' to 'd007'" in "\n".join(raised.value.__notes__)
    assert len(list(tmp_path.glob("death-*"))) == ALLOWED_FAILURES + 1


def test_closing_early_shuts_the_cluster_down_and_input_is_read_lazily() -> None:
    pulled = 0

    def counting(docs: list[Document]) -> Iterator[Document]:
        nonlocal pulled
        for doc in docs:
            pulled += 1
            yield doc

    engine = DaskEngine(workers=2, batch_size=2)
    run = engine.run(FakeCoder(), counting([Document(id=f"d{i:03}", text="they met") for i in range(200)]))
    first = [next(run) for _ in range(6)]
    assert [o.doc.id for o in first] == [f"d{i:03}" for i in range(6)]
    # read ahead by at most the batches in flight: k batches yielded, k - 1 + max_in_flight read
    assert pulled <= engine.max_in_flight * engine.batch_size + len(first)
    workers = {pid for pid, _ in makers(first)}
    assert workers and os.getpid() not in workers and all(alive(pid) for pid in workers)
    run.close()
    assert pulled < 200
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "workers outlived the closed run"


def test_an_unpicklable_coder_is_reported_before_any_cluster_starts() -> None:
    children = set(psutil.Process().children(recursive=True))
    run = DaskEngine(workers=2).run(UnpicklableCoder(), make_docs(3))
    with pytest.raises(TypeError, match="must pickle"):
        next(run)
    assert set(psutil.Process().children(recursive=True)) == children  # no worker was started


def test_the_real_coder_gives_the_same_events_on_both_engines() -> None:
    from detente import Coder

    texts = [
        "Iran condemned Israel.",
        "Russia praised China.",
        "Chad praised Niger. Mali thanked Togo.",
        "France criticized Germany.",
        "Japan accused North Korea.",
        "Egypt welcomed Sudan.",
    ]
    docs = [Document(id=f"r{i}", text=t, date=dt.date(2020, 1, 1)) for i, t in enumerate(texts)]
    coder = Coder.from_defaults()

    def events(outcomes: Iterator[Outcome]) -> list[tuple[str, list[dict[str, object]]]]:
        found = []
        for o in outcomes:
            assert o.ok, o.error
            found.append((o.doc.id, [e.to_dict() for e in o.events]))
        return found

    local = events(LocalEngine(workers=2, batch_size=3).run(coder, docs))
    remote = events(DaskEngine(workers=2, batch_size=3).run(coder, docs))
    assert remote == local
    assert [doc_id for doc_id, _ in local] == [d.id for d in docs]
    assert sum(len(found) for _, found in local) >= 5
