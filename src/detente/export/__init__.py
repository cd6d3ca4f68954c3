"""Where coded documents go: sinks for the pipeline, and the export formats.

A sink receives, in input order, each coded document (``write``) and each
input that was skipped (``skip``), then ``close`` once: ``complete`` is False
when the run was interrupted (a store then keeps the run open, to resume). The pipeline
(detente/pipeline.py) feeds any number of sinks at once: a table on the
terminal and the store, say. Every tabular sink writes the one flat row of
detente/rows.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from detente.model import Coded

#: The formats of ``detente export`` (export/formats.py), here so that the CLI can offer
#: them without importing the store.
EXPORT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt", "plover")


@dataclass(frozen=True)
class Skipped:
    """An input not coded: unreadable, over a limit, a conflicting id, or one whose coding
    failed. ``line`` is its line in ``origin`` where that is known."""

    origin: str
    line: int | None
    reason: str
    doc_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line is not None else self.origin
        return f"{where}: {self.doc_id}: {self.reason}" if self.doc_id else f"{where}: {self.reason}"


@runtime_checkable
class Sink(Protocol):
    def write(self, coded: Coded) -> None: ...

    def skip(self, skipped: Skipped) -> None: ...

    def close(self, complete: bool = True) -> None: ...
