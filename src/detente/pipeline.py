"""The one path from documents to outputs: ``run(inputs, coder, engine, sinks)``.

Every command that codes (``detente code``, ``detente ingest``) calls ``run``.
It reads the inputs lazily, asks the store (when one of the sinks is a store)
which documents need coding at all, codes the rest with the engine, and hands
each coded document, and each input it skipped with the reason, to every sink
in input order. Progress goes to an optional callback; the library never
prints. The result is a ``Summary`` of the run.

Identity: within a run, the same text is one document, whatever its id or
source; a second copy is counted as unchanged, not coded twice. (An id that two
inputs give to different texts is reported by the readers, see
``detente.ingest.read_inputs``; against the store, by ``EventStore.screen``.)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from detente.batching import batched
from detente.engines import Engine, SupportsCoding
from detente.errors import InputError
from detente.export import Sink, Skipped
from detente.model import Coded, Document

#: Documents screened against the store at a time (one query each).
SCREEN_BATCH = 256


@runtime_checkable
class Screen(Protocol):
    """A sink that can tell, before coding, which documents it already holds
    (the store sink). ``screen`` returns one verdict per document: None to code it,
    else ``("code" | "unchanged" | "conflict", the document, the reason)``: "code" with
    another document (the same text under its stored id) codes that one instead."""

    def screen(self, docs: Sequence[Document]) -> list[tuple[str, Document, str] | None]: ...


@dataclass
class Progress:
    """Counts so far, passed to the progress callback after each document."""

    documents: int = 0  # coded
    events: int = 0
    unchanged: int = 0  # already in the store, or a second copy of a text
    skipped: int = 0  # inputs not coded, with a reason
    started: float = field(default_factory=time.monotonic)

    @property
    def seen(self) -> int:
        return self.documents + self.unchanged + self.skipped

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclass(frozen=True)
class Summary:
    documents: int
    events: int
    unchanged: int
    skipped: tuple[Skipped, ...]
    elapsed: float
    clusters: int | None = None  # set by the caller when a store grouped them


def run(
    inputs: Iterable[Document | InputError],
    coder: SupportsCoding,
    engine: Engine,
    sinks: Sequence[Sink],
    *,
    all_modalities: bool = False,
    progress: Callable[[Progress], None] | None = None,
) -> Summary:
    """Code ``inputs`` with ``coder`` on ``engine`` and hand the results to ``sinks``.

    Sinks are closed at the end, also when the run is interrupted: a store sink then
    commits what it holds, so that the next run resumes after it."""
    state = Progress()
    skipped: list[Skipped] = []
    screens = [s for s in sinks if isinstance(s, Screen)]

    def tell(item: Skipped | Coded) -> None:
        for sink in sinks:
            if isinstance(item, Skipped):
                sink.skip(item)
            else:
                sink.write(item)

    def to_code() -> Iterator[Document]:
        for batch in batched(_distinct(inputs, state, tell, skipped), SCREEN_BATCH):
            verdicts: list[tuple[str, Document, str] | None] = [None] * len(batch)
            for screen in screens:
                for i, verdict in enumerate(screen.screen(batch)):
                    verdicts[i] = verdicts[i] or verdict
            for doc, verdict in zip(batch, verdicts, strict=True):
                if verdict is None:
                    yield doc
                elif verdict[0] == "code":
                    yield verdict[1]
                elif verdict[0] == "unchanged":
                    state.unchanged += 1
                else:
                    problem = Skipped(doc.origin, None, verdict[2], doc.id)
                    skipped.append(problem)
                    state.skipped += 1
                    tell(problem)
            if progress is not None:
                progress(state)

    complete = False
    try:
        for outcome in engine.run(coder, to_code(), all_modalities=all_modalities):
            if outcome.coded is None:
                problem = Skipped(outcome.doc.origin, None, outcome.error or "not coded", outcome.doc.id)
                skipped.append(problem)
                state.skipped += 1
                tell(problem)
            else:
                state.documents += 1
                state.events += len(outcome.coded.events)
                tell(outcome.coded)
            if progress is not None:
                progress(state)
        complete = True
    finally:
        for sink in sinks:
            sink.close(complete)
    return Summary(state.documents, state.events, state.unchanged, tuple(skipped), state.elapsed)


def _distinct(
    inputs: Iterable[Document | InputError],
    state: Progress,
    tell: Callable[[Skipped | Coded], None],
    skipped: list[Skipped],
) -> Iterator[Document]:
    """The documents of ``inputs`` with each text once; unreadable inputs reported."""
    seen: set[bytes] = set()
    for item in inputs:
        if isinstance(item, InputError):
            problem = Skipped(item.origin, item.line, item.message)
            skipped.append(problem)
            state.skipped += 1
            tell(problem)
            continue
        # 16 bytes of the text's hash: a million documents hold 16 MB of them.
        key = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).digest()[:16]
        if key in seen:
            state.unchanged += 1
            continue
        seen.add(key)
        yield item
