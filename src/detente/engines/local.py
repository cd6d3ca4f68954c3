"""Run one coder over documents on this machine: in this process or in worker processes.

With ``workers > 1`` the coder is pickled once, in the parent, and each worker
unpickles it once, in the executor's initializer; tasks then carry only
batches of documents, and results carry only what coding found (events,
sentence bounds, mentions: the parent pairs them with its own documents). At most ``2 × workers`` batches are in flight, so a
run over a million documents reads its input lazily and holds a few batches
in memory, whatever its length. Results come back in input order.

Workers are started with "spawn" by default: forking a parent that holds
threads (DuckDB, BLAS under spaCy) can deadlock the child, and spawn behaves
the same on every platform. A spawned worker imports the coder's module, so
the coder's class must be importable (defined at module level). Each worker
watches its parent and ends itself when the parent is gone, even after a SIGKILL
that gave the parent no chance to shut the pool down.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import ClassVar

from detente.batching import batched
from detente.engines.base import Outcome, SupportsCoding
from detente.errors import DocumentLimitError
from detente.model import Coded, Document, Event, Mention, SentenceBounds

# What a worker sends back for one document: what coding found, without the document
# (the parent holds it), or the error's text.
_Found = tuple[tuple[Event, ...], tuple[SentenceBounds, ...], tuple[Mention, ...]]
_Result = tuple[_Found | None, str | None]


def _found(coded: Coded) -> _Found:
    return coded.events, coded.sentences, coded.mentions


def describe_error(err: BaseException) -> str:
    """One line naming the exception and where it was raised: ``KeyError: 'x' (lexicon.py:88)``.
    A document over a documented limit is not a fault: its message alone."""
    if isinstance(err, DocumentLimitError):
        return err.message
    text = f"{type(err).__name__}: {err}"
    frames = traceback.extract_tb(err.__traceback__)
    if frames:
        last = frames[-1]
        text += f" ({os.path.basename(last.filename)}:{last.lineno})"
    return text


def _code_one(coder: SupportsCoding, doc: Document, all_modalities: bool) -> _Result:
    try:
        results = list(coder.code_corpus([doc], all_modalities=all_modalities))
    except Exception as err:  # one bad document must not stop the run
        return None, describe_error(err)
    if len(results) != 1 or results[0].doc.id != doc.id:
        return None, f"coder returned {len(results)} results for document {doc.id!r}, expected 1"
    return _found(results[0]), None


def code_batch(
    coder: SupportsCoding, docs: Sequence[Document], all_modalities: bool = False
) -> list[_Result]:
    """Code ``docs``, one result per document, isolating any document whose coding raises.

    The batch goes to the coder whole, so that it can batch its own work
    (spaCy's ``nlp.pipe``). If that raises, the documents already returned
    keep their results and the rest are coded one at a time, so only the
    document that raises is lost.
    """
    results: list[_Result] = []
    try:
        for coded in coder.code_corpus(docs, all_modalities=all_modalities):
            if len(results) >= len(docs) or coded.doc.id != docs[len(results)].id:
                raise RuntimeError("coder results do not match its input documents")
            results.append((_found(coded), None))
    except Exception:  # noqa: S110 - recovered from below, one document at a time
        pass
    for doc in docs[len(results) :]:
        results.append(_code_one(coder, doc, all_modalities))
    return results


class _Worker:
    """The coder held by one worker process.

    ``ProcessPoolExecutor`` tasks are plain functions, so whatever the
    initializer builds has to be reachable from a task through the module;
    a class attribute is the narrowest such place. ``current`` is assigned
    only by ``_init_worker``, which the executor runs once at the start of
    each worker process: never at import and never in the parent, so two
    engines (or two coders) in one parent process cannot interfere.
    """

    current: ClassVar[_Worker | None] = None

    def __init__(self, coder: SupportsCoding, all_modalities: bool) -> None:
        self.coder = coder
        self.all_modalities = all_modalities


#: How often a worker checks that the process that started it is still alive (seconds).
PARENT_CHECK_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    """End this worker as soon as its parent is gone: a parent killed with SIGKILL never
    shuts its pool down, and its workers would otherwise code on, orphaned, for hours."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os.kill(os.getpid(), signal.SIGKILL)


def _init_worker(payload: bytes, all_modalities: bool, parent: int | None = None) -> None:
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), name="detente-parent-watch", daemon=True).start()
    _Worker.current = _Worker(pickle.loads(payload), all_modalities)


def _run_batch(docs: list[Document]) -> list[_Result]:
    worker = _Worker.current
    if worker is None:
        raise RuntimeError("detente worker process was not initialised with a coder")
    return code_batch(worker.coder, docs, worker.all_modalities)


class LocalEngine:
    """Code documents with ``workers`` processes (1: in this process), ``batch_size`` per task."""

    def __init__(self, workers: int = 1, batch_size: int = 64, start_method: str = "spawn") -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, not {batch_size}")
        if start_method not in multiprocessing.get_all_start_methods():
            raise ValueError(f"start method {start_method!r} is not available here")
        self.workers = workers
        self.batch_size = batch_size
        self.start_method = start_method

    @property
    def max_in_flight(self) -> int:
        """Batches submitted and not yet yielded: enough to keep every worker busy."""
        return 2 * self.workers

    def __repr__(self) -> str:
        return f"LocalEngine(workers={self.workers}, batch_size={self.batch_size})"

    def run(
        self, coder: SupportsCoding, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Generator[Outcome, None, None]:
        """One ``Outcome`` per document, in input order; ``docs`` is read lazily.

        Closing the generator early (``close()``, or leaving a ``with
        contextlib.closing(...)`` block) shuts the worker processes down.

        Raises TypeError (on the first ``next``) if ``workers > 1`` and the
        coder does not pickle. A worker process that dies (not an exception
        in coding, which is caught per document) ends the run with
        ``concurrent.futures.process.BrokenProcessPool``.
        """
        batches = batched(docs, self.batch_size)
        if self.workers == 1:
            for batch in batches:
                yield from outcomes(batch, code_batch(coder, batch, all_modalities))
            return
        yield from self._run_in_pool(coder, batches, all_modalities)

    def _run_in_pool(
        self, coder: SupportsCoding, batches: Iterator[list[Document]], all_modalities: bool
    ) -> Generator[Outcome, None, None]:
        try:
            payload = pickle.dumps(coder, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as err:
            raise TypeError(
                f"the coder must pickle to reach worker processes: {describe_error(err)}"
            ) from err
        executor = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context(self.start_method),
            initializer=_init_worker,
            initargs=(payload, all_modalities, os.getpid()),
        )
        pending: deque[tuple[list[Document], Future[list[_Result]]]] = deque()
        try:
            for batch in batches:
                pending.append((batch, executor.submit(_run_batch, batch)))
                if len(pending) >= self.max_in_flight:
                    done, future = pending.popleft()
                    yield from outcomes(done, future.result())
            while pending:
                done, future = pending.popleft()
                yield from outcomes(done, future.result())
        finally:
            # Also reached when the caller stops iterating early: drop the
            # queued batches and wait only for those already running.
            executor.shutdown(wait=True, cancel_futures=True)


def outcomes(docs: Sequence[Document], results: Sequence[_Result]) -> Iterator[Outcome]:
    """Pair a batch's documents with the results ``code_batch`` gave for them."""
    for doc, (found, error) in zip(docs, results, strict=True):
        yield Outcome(doc, None if found is None else Coded(doc, *found), error)
