"""Runners that apply one coder to many documents: in this process or in workers.

Every engine takes the same coder object (anything with ``code_documents``)
and yields one ``Outcome`` per input document, in input order. A document
whose coding raised comes back with no events and the error's text, so that a
long run records the failure and carries on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from detente.model import Document, Event


@runtime_checkable
class SupportsCoding(Protocol):
    """What an engine needs from a coder. It must also pickle, to reach worker processes.

    ``code_documents`` yields one ``(document, events)`` pair per input
    document, in input order.
    """

    def code_documents(
        self, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[tuple[Document, list[Event]]]: ...


@dataclass(frozen=True)
class Outcome:
    """One document's result. ``error`` is None on success; else events is empty."""

    doc: Document
    events: list[Event]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


# Imported last: local.py imports the two names above from this package.
from detente.engines.local import LocalEngine  # noqa: E402

__all__ = ["LocalEngine", "Outcome", "SupportsCoding"]
