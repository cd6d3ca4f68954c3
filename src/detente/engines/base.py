"""What every engine shares: the coder it needs, the outcome it yields, the Engine protocol."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from detente.model import Coded, Document, Event


@runtime_checkable
class SupportsCoding(Protocol):
    """What an engine needs from a coder. It must also pickle, to reach worker processes.

    ``code_corpus`` yields one ``Coded`` per input document, in input order.
    """

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]: ...


@dataclass(frozen=True)
class Outcome:
    """One document's result. ``error`` is None on success; else ``coded`` is None."""

    doc: Document
    coded: Coded | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def events(self) -> tuple[Event, ...]:
        return self.coded.events if self.coded is not None else ()


@runtime_checkable
class Engine(Protocol):
    """Runs a coder over documents: ``LocalEngine`` (this machine's processes) and
    ``DaskEngine`` (a distributed cluster). ``run`` yields one ``Outcome`` per document,
    in input order whatever the order of completion, reading ``docs`` lazily."""

    @property
    def workers(self) -> int: ...

    def run(
        self, coder: SupportsCoding, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[Outcome]: ...
