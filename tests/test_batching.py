"""batched: lists of at most n items, read lazily."""

from __future__ import annotations

import itertools

import pytest

from detente.batching import batched


def test_full_batches_then_the_rest() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
    assert list(batched("ab", 5)) == [["a", "b"]]


def test_it_reads_no_further_than_the_batch_it_yields() -> None:
    pulled: list[int] = []

    def counting() -> itertools.count[int]:
        return itertools.count()

    source = (pulled.append(i) or i for i in counting())
    first = next(batched(source, 4))
    assert first == [0, 1, 2, 3] and pulled == [0, 1, 2, 3]


def test_a_batch_holds_at_least_one_item() -> None:
    with pytest.raises(ValueError, match="at least one"):
        next(batched(range(3), 0))
