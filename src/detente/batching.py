"""Cutting a stream into lists of at most ``size`` items, read lazily (Python 3.11 has
no ``itertools.batched``). Engines batch documents, the pipeline screens them, the store
and the Parquet writer write rows, all with this one function."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), each yielded when full."""
    if size < 1:
        raise ValueError(f"a batch holds at least one item, not {size}")
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
