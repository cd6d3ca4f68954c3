"""Run one coder over documents on a Dask cluster: one started for the run, or one already running.

The coder is pickled once, in the parent, and travels to the workers inside a
``WorkerPlugin``. The plugin unpickles it once per worker when it is attached:
at registration on the workers already there, and on any worker that joins or
is restarted later, since the scheduler hands its plugins to every newcomer.
Tasks then carry only batches of documents and return only what
``code_batch`` found; the parent pairs the results with its own documents, as
``LocalEngine`` does. The plugin is registered under a name drawn for the run,
so two runs (two coders) can share a cluster, and it is removed when the run
ends, so a long-lived cluster does not keep a coder (and its spaCy model) it
no longer needs.

At most ``2 × workers × threads_per_worker`` batches are in flight: each
worker thread codes one while the next waits beside it. The input is read
lazily, so memory stays bounded over a million documents. Results come back
in input order, whatever the order in which batches finish.

A document whose coding raises becomes an ``Outcome`` with the error, as with
``LocalEngine``. A worker that dies (a crash in native code, the nanny killing
it over its memory limit) is different: the scheduler re-runs the batches it
held on other workers, and the nanny of the cluster this engine starts
restarts the process. A batch during which ``ALLOWED_FAILURES + 1`` workers
have died is taken to be the cause and the run ends with
``distributed.KilledWorker`` (noting the batch's documents) rather than
killing workers for ever. On a cluster given by address, that cluster's own
``distributed.scheduler.allowed-failures`` applies (Dask's default is 3), and
one left with no workers waits for new ones unless its
``no-workers-timeout`` is set: both are its operator's choice.

The worker processes of a cluster this engine starts are spawned (Dask's
default), and each ends itself when the parent process is gone.
"""

from __future__ import annotations

import pickle
import uuid
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from contextlib import ExitStack
from typing import TYPE_CHECKING

from distributed import Client, Future, KilledWorker, LocalCluster, WorkerPlugin, get_worker

from detente.batching import batched
from detente.engines.base import Outcome, SupportsCoding
from detente.engines.local import _Result, code_batch, describe_error, outcomes
from detente.model import Document

if TYPE_CHECKING:
    from distributed import Worker

#: Worker deaths a batch may witness on a cluster this engine starts before it is
#: blamed for them: one death can be bad luck (a kill from outside, memory taken by
#: another process), three in a row on the same batch are the batch.
ALLOWED_FAILURES = 2

#: Plugin names start with this; the rest is drawn per run.
PLUGIN_PREFIX = "detente-coder-"


class CoderPlugin(WorkerPlugin):
    """One run's coder on one worker, unpickled when the plugin is attached to it.

    The coder travels as bytes pickled by the parent, so the error for a coder
    that does not pickle is raised there, before any cluster starts, and the
    scheduler, which only stores and forwards the plugin, never imports the
    coder's classes.
    """

    def __init__(self, payload: bytes) -> None:
        self.payload = payload
        self.coder: SupportsCoding | None = None

    def setup(self, worker: Worker) -> None:
        self.coder = pickle.loads(self.payload)

    def teardown(self, worker: Worker) -> None:
        # Drop the coder (and the model it loaded) now, not when the plugin is collected.
        self.coder = None


def _code_on_worker(plugin: str, docs: list[Document], all_modalities: bool) -> list[_Result]:
    """The task: code one batch with the coder the run's plugin holds on this worker."""
    held = get_worker().plugins.get(plugin)
    coder = held.coder if isinstance(held, CoderPlugin) else None
    if coder is None:
        raise RuntimeError(
            f"this worker holds no coder for the run (plugin {plugin!r} missing or failed to set up: see the worker's log)"
        )
    return code_batch(coder, docs, all_modalities)


class DaskEngine:
    """Code documents on a Dask cluster, ``batch_size`` per task.

    With no ``scheduler`` the run starts a ``LocalCluster`` of ``workers``
    processes of ``threads_per_worker`` threads on this machine and closes it
    when the run ends. With ``scheduler`` (``"tcp://HOST:PORT"``) it connects to
    that cluster, whose workers must be able to import detente and the
    coder's classes, and leaves it running; ``workers`` and
    ``threads_per_worker`` then only size the number of batches in flight, so
    give them the cluster's shape.

    Threads of one worker share its coder: keep ``threads_per_worker`` at 1
    unless the coder is safe to call from several threads at once.
    """

    def __init__(
        self,
        workers: int = 2,
        scheduler: str | None = None,
        batch_size: int = 64,
        threads_per_worker: int = 1,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        if threads_per_worker < 1:
            raise ValueError(f"threads_per_worker must be at least 1, not {threads_per_worker}")
        if scheduler is not None and not scheduler.strip():
            raise ValueError("scheduler must be an address such as tcp://HOST:PORT, or None")
        self.workers = workers
        self.scheduler = scheduler
        self.batch_size = batch_size
        self.threads_per_worker = threads_per_worker

    @property
    def max_in_flight(self) -> int:
        """Batches submitted and not yet yielded: one running and one waiting per worker thread."""
        return 2 * self.workers * self.threads_per_worker

    def __repr__(self) -> str:
        where = f", scheduler={self.scheduler!r}" if self.scheduler else ""
        return f"DaskEngine(workers={self.workers}{where}, batch_size={self.batch_size})"

    def run(
        self, coder: SupportsCoding, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Generator[Outcome, None, None]:
        """One ``Outcome`` per document, in input order; ``docs`` is read lazily.

        Nothing starts before the first ``next``. Closing the generator early
        (``close()``, or leaving a ``with contextlib.closing(...)`` block)
        cancels the batches not yet coded and closes the cluster the run
        started (never one given by ``scheduler``).

        Raises TypeError (on the first ``next``) if the coder does not pickle,
        and ``distributed.KilledWorker`` if workers keep dying on one batch.
        """
        try:
            payload = pickle.dumps(coder, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:
            raise TypeError(f"the coder must pickle to reach Dask workers: {describe_error(err)}") from err
        with ExitStack() as stack:
            if self.scheduler is None:
                # distributed leaves these constructors unannotated.
                cluster = stack.enter_context(
                    LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=self.workers,
                        threads_per_worker=self.threads_per_worker,
                        processes=True,
                        dashboard_address=None,
                        scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES},
                    )
                )
                client = stack.enter_context(Client(cluster, set_as_default=False))  # type: ignore[no-untyped-call]
            else:
                client = stack.enter_context(Client(self.scheduler, set_as_default=False))  # type: ignore[no-untyped-call]
            yield from self._run_on(client, payload, batched(docs, self.batch_size), all_modalities)

    def _run_on(
        self, client: Client, payload: bytes, batches: Iterator[list[Document]], all_modalities: bool
    ) -> Generator[Outcome, None, None]:
        name = PLUGIN_PREFIX + uuid.uuid4().hex
        client.register_plugin(CoderPlugin(payload), name=name)
        pending: deque[tuple[list[Document], Future[list[_Result]]]] = deque()
        try:
            for batch in batches:
                # pure=False: a task key from a counter, not a hash of the documents.
                future = client.submit(_code_on_worker, name, batch, all_modalities, pure=False)
                pending.append((batch, future))
                if len(pending) >= self.max_in_flight:
                    yield from _collect(*pending.popleft())
            while pending:
                yield from _collect(*pending.popleft())
        finally:
            # Also reached when the caller stops early: queued batches are dropped (one
            # already running on a worker finishes there), then the coder is let go.
            client.cancel([future for _, future in pending])  # type: ignore[no-untyped-call]
            client.unregister_worker_plugin(name)  # type: ignore[no-untyped-call]


def _collect(batch: list[Document], future: Future[list[_Result]]) -> Iterator[Outcome]:
    try:
        results = future.result()
    except KilledWorker as err:
        err.add_note(
            f"workers kept dying while coding the {len(batch)} documents "
            f"{batch[0].id!r} to {batch[-1].id!r}: one of them may crash the coder"
        )
        raise
    return outcomes(batch, results)
