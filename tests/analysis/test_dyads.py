"""Dyad series, reciprocity and turning points (analysis/dyads.py) on stores of hand-made events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from handmade import AID, ATTACK, MEET, THREATEN, build, event

from detente.analysis.dyads import Lag, cross_correlation, dyad, reading
from detente.store import EventStore

@pytest.fixture
def simple() -> Iterator[EventStore]:
    store = build(
        [
            event("d1", "2019-01-10", "USA", "PRK", MEET),
            event("d1", "2019-01-11", "USAMIL", "PRK", THREATEN, n=1),  # USA takes in USAMIL
            event("d2", "2019-01-10", "USA", "PRK", MEET),  # the same meeting, another article: one cluster
            event("d3", "2019-03-02", "PRK", "USA", ATTACK),
            event("d3", "2019-03-02", "PRK", "USA", AID, n=1, modality="negated"),  # no act
            event("d4", "2019-03-05", "CHN", "PRK", AID),  # another dyad
        ],
        {"d2": "Daily"},
    )
    yield store
    store.close()


def test_series_counts_each_direction_by_month_with_empty_months_filled(simple: EventStore) -> None:
    d = dyad(simple, "USA", "PRK")
    assert d.starts == [dt.date(2019, 1, 1), dt.date(2019, 2, 1), dt.date(2019, 3, 1)]
    jan, feb, mar = d.ab
    assert (jan.events, jan.q1, jan.q3, jan.cooperative, jan.conflictual) == (2, 1, 1, 1, 1)
    assert jan.goldstein_sum == -3.0 and jan.goldstein_mean == -1.5
    assert feb.events == 0 and feb.goldstein_mean is None and mar.events == 0
    assert [p.events for p in d.ba] == [0, 0, 1]
    assert d.ba[2].q4 == 1 and d.ba[2].goldstein_sum == -10.0  # the negated aid is left out


def test_clusters_by_default_raw_mentions_when_asked(simple: EventStore) -> None:
    assert dyad(simple, "USA", "PRK").ab[0].q1 == 1
    raw = dyad(simple, "USA", "PRK", mentions=True)
    assert raw.over == "mentions" and raw.ab[0].q1 == 2 and raw.ab[0].goldstein_sum == 1.0


def test_a_narrower_code_and_a_week_series(simple: EventStore) -> None:
    d = dyad(simple, "usamil", "PRK", period="week")
    assert d.totals("ab")["events"] == 1 and d.totals("ba")["events"] == 0  # PRK attacked USAGOV, not the army
    assert d.starts[0] == dt.date(2019, 1, 7)  # ISO weeks start on Monday
    assert all((b - a).days == 7 for a, b in zip(d.starts, d.starts[1:]))


def test_turning_points_carry_their_events(simple: EventStore) -> None:
    d = dyad(simple, "USA", "PRK")
    first = d.turning_points[0]
    assert (first.direction, first.start, first.change) == ("ba", dt.date(2019, 3, 1), -10.0)
    assert [e["cameo"] for e in first.events] == ["190"]
    assert {e["direction"] for t in d.turning_points for e in t.events} <= {"ab", "ba"}
    assert d.to_dict()["turning_points"][0]["events"][0]["day"] == "2019-03-02"
    assert all(t.events for t in d.turning_points)  # every turn is a period the side acted in
    assert ("ab", dt.date(2019, 2, 1)) not in {(t.direction, t.start) for t in d.turning_points}  # USA fell silent


def test_reciprocity_reads_a_one_month_echo() -> None:
    # USA's moves swing month by month; PRK answers each a month later, in kind.
    swings = [MEET, THREATEN, AID, ATTACK, MEET, MEET, THREATEN, AID, ATTACK, AID]
    events = []
    for month, act in enumerate(swings):
        events.append(event(f"u{month}", f"2020-{month + 1:02d}-05", "USA", "PRK", act))
        if month + 1 < 12:
            events.append(event(f"p{month}", f"2020-{month + 2:02d}-20", "PRK", "USA", act))
    with build(events) as store:
        d = dyad(store, "USA", "PRK")
    best = max((lag for lag in d.lags if lag.r is not None), key=lambda lag: lag.r or 0)
    assert best.lag == 1 and best.r is not None and best.r > 0.9
    assert d.reading.startswith("PRK's moves follow USA's by about 1 month")
    with build(events) as store:
        assert dyad(store, "PRK", "USA").reading.startswith("PRK's moves follow USA's by about 1 month")


def test_no_reciprocity_when_one_side_is_silent_or_the_series_is_short(simple: EventStore) -> None:
    assert dyad(simple, "USA", "PRK").reading == "no sign of reciprocity can be read: they acted toward each other in 2 months, fewer than 6"
    # Two busy months a year apart, quiet between: the zeros would give a strong r at lag 0; no reading.
    busy = [event(f"b{k}", day, x, y, MEET) for k, (day, x, y) in enumerate(
        [("2018-06-12", "USA", "PRK"), ("2018-06-12", "PRK", "USA"), ("2019-06-30", "USA", "PRK"), ("2019-06-30", "PRK", "USA")])]
    with build(busy) as store:
        d = dyad(store, "USA", "PRK")
    assert len(d.starts) == 13 and d.reading.endswith("in 2 months, fewer than 6")
    events = [event(f"u{m}", f"2021-{m + 1:02d}-03", "USA", "PRK", MEET if m % 2 else ATTACK) for m in range(8)]
    with build(events) as store:
        text = dyad(store, "USA", "PRK").reading
    assert text == "no sign of reciprocity: one side's Goldstein series does not vary from month to month"


def test_cross_correlation_pairs_x_now_with_y_later() -> None:
    x = [2.0, 0.0, 0.0, 5.0, 1.0, 0.0, 3.0, 3.0, 0.0, 1.0]
    y = [0.0, *x[:-1]]  # y is x one step later
    lags = {lag.lag: lag for lag in cross_correlation(x, y, 3)}
    assert sorted(lags) == [-3, -2, -1, 0, 1, 2, 3]
    assert lags[1].r == pytest.approx(1.0) and lags[1].pairs == 9
    assert lags[3].pairs == 7 and lags[-3].pairs == 7
    assert all(lag.r is not None and lag.r < 0.6 for k, lag in lags.items() if k != 1)  # y led by x, not the reverse
    assert cross_correlation([1.0, 1.0, 1.0], [1.0, 2.0, 3.0], 0) == [Lag(0, None, 3)]  # a constant side


def test_reading_in_the_same_period_and_weak() -> None:
    same = [Lag(-1, 0.1, 9), Lag(0, 0.8, 10), Lag(1, 0.2, 9)]
    assert reading("EGY", "ISR", same, 10, "week") == "EGY's and ISR's moves toward each other go together in the same week (r = 0.80 at lag +0)"
    weak = [Lag(0, 0.1, 10), Lag(2, 0.25, 8)]
    assert reading("EGY", "ISR", weak, 10, "month") == "no sign of reciprocity (the strongest correlation, r = 0.25 at lag +2 over 8 months, is weak)"
    # Over 10 pairs, r must reach 2 / sqrt(10) = 0.63 (chance alone reaches 0.5 often enough).
    assert reading("EGY", "ISR", [Lag(1, 0.5, 10)], 10, "month").startswith("no sign of reciprocity (the strongest")
    assert reading("EGY", "ISR", [Lag(1, 0.5, 40)], 40, "week").startswith("ISR's moves follow EGY's by about 1 week")
    lead = [Lag(-2, 0.75, 8), Lag(0, 0.2, 10)]
    assert reading("EGY", "ISR", lead, 10, "month").startswith("EGY's moves follow ISR's by about 2 months")


def test_bad_actor_or_period_is_a_clear_error(simple: EventStore) -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        dyad(simple, "USA'; DROP TABLE events; --", "PRK")
    with pytest.raises(ValueError, match="week, month"):
        dyad(simple, "USA", "PRK", period="fortnight")
