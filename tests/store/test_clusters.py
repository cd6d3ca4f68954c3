"""The grouping rule of store/clusters.py, on reports made by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.store.clusters import Report, group, polarity

DAY = dt.date(2019, 3, 4)


def report(event_id: str, day: int | None, *, src: str = "USA", tgt: str | None = "PRK", cameo: str = "036",
           pol: str = "factual", doc: str | None = None, outlet: str | None = "Wire") -> Report:  # fmt: skip
    return Report(event_id, src, tgt, cameo, pol, None if day is None else DAY + dt.timedelta(days=day), doc or event_id, outlet)


def sort(reports: list[Report]) -> list[Report]:
    """The order EventStore reads them in."""
    return sorted(reports, key=lambda r: (r.key, r.day is None, r.day or DAY, r.event_id))


def test_reports_within_the_window_of_the_first_are_one_cluster() -> None:
    reports = [report("a", 0, outlet="Wire"), report("b", 1, outlet="Daily"), report("c", 2, outlet="Wire", doc="a")]
    (cluster,) = group(sort(reports), window_days=3)
    assert cluster.event_ids == ("a", "b", "c")
    assert (cluster.num_mentions, cluster.num_articles, cluster.num_sources) == (3, 2, 2)
    assert (cluster.first_day, cluster.last_day) == (DAY, DAY + dt.timedelta(days=2))


def test_the_window_is_counted_from_the_first_report_not_chained() -> None:
    # Day 0, 2 and 4 with a window of 3: day 4 is too far from day 0, even though it is
    # 2 days after day 2, so a weekly story does not become one endless cluster.
    clusters = list(group(sort([report("a", 0), report("b", 2), report("c", 4)]), window_days=3))
    assert [c.event_ids for c in clusters] == [("a", "b"), ("c",)]


def test_a_window_of_one_day_is_one_a_day() -> None:
    clusters = list(group(sort([report("a", 0), report("b", 0), report("c", 1)]), window_days=1))
    assert [c.event_ids for c in clusters] == [("a", "b"), ("c",)]


@pytest.mark.parametrize(
    "other",
    [
        report("b", 0, src="CHN"),  # another source
        report("b", 0, tgt=None),  # no target
        report("b", 0, cameo="042"),  # another code
        report("b", 0, pol="negated"),  # not a fact
    ],
)
def test_another_source_target_code_or_polarity_is_another_cluster(other: Report) -> None:
    clusters = list(group(sort([report("a", 0), other])))
    assert sorted(c.event_ids for c in clusters) == [("a",), ("b",)]


def test_an_event_without_a_day_stands_alone() -> None:
    clusters = list(group(sort([report("a", 0), report("b", None), report("c", None)])))
    assert sorted(c.event_ids for c in clusters) == [("a",), ("b",), ("c",)]


def test_cluster_ids_depend_on_the_events_not_on_the_order_they_came() -> None:
    reports = [report("a", 0), report("b", 1), report("c", 9), report("d", 9, src="CHN")]
    first = {c.cluster_id: c.event_ids for c in group(sort(reports))}
    again = {c.cluster_id: c.event_ids for c in group(sort(list(reversed(reports))))}
    assert first == again and len(first) == 3


def test_outlets_that_are_unknown_are_not_counted_as_sources() -> None:
    (cluster,) = group(sort([report("a", 0, outlet=None), report("b", 0, outlet=None)]))
    assert (cluster.num_sources, cluster.num_articles) == (0, 2)


def test_polarity_joins_asserted_and_reported_only() -> None:
    assert [polarity(m) for m in ("asserted", "reported", "intended", "negated", "hypothetical")] == [
        "factual", "factual", "intended", "negated", "hypothetical",
    ]  # fmt: skip


def test_a_window_below_one_day_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(group([], window_days=0))
