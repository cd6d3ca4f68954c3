"""Runners that apply one coder to many documents: in this process or in workers.

Every engine takes the same coder object (anything with ``code_corpus``)
and yields one ``Outcome`` per input document, in input order. A document
whose coding raised comes back with no events and the error's text, so that a
long run records the failure and carries on.
"""

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
    """Runs a coder over documents (``LocalEngine``: this machine's processes). ``run`` yields one ``Outcome`` per document,
    in input order whatever the order of completion, reading ``docs`` lazily."""

    @property
    def workers(self) -> int: ...

    def run(
        self, coder: SupportsCoding, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[Outcome]: ...


#: The engines ``make_engine`` builds. (A Dask engine is being written; it is not here yet.)
ENGINES = ("local",)


def make_engine(kind: str = "local", *, workers: int = 1) -> Engine:
    """``local``: ``workers`` processes on this machine (1: this process)."""
    if kind == "local":
        return LocalEngine(workers=workers)
    raise ValueError(f"unknown engine {kind!r}; known: {', '.join(ENGINES)}")


# Imported last: local.py imports the two names above from this package.
from detente.engines.local import LocalEngine  # noqa: E402

__all__ = ["ENGINES", "Engine", "LocalEngine", "Outcome", "SupportsCoding", "make_engine"]
