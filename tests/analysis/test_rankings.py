"""Overview rankings and actor profiles (analysis/rankings.py) on a store of hand-made events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from handmade import AID, ATTACK, MEET, THREATEN, build, event

from detente.analysis.rankings import actor_profile, overview
from detente.store import EventStore


@pytest.fixture
def store() -> Iterator[EventStore]:
    s = build(
        [
            event("d1", "2019-01-10", "USA", "PRK", MEET),
            event("d2", "2019-01-10", "USA", "PRK", MEET),  # the same meeting again: one cluster
            event("d1", "2019-01-12", "USAMIL", "PRK", THREATEN, n=1),
            event("d3", "2019-02-02", "PRK", "USA", ATTACK),
            event("d3", "2019-02-02", "CHN", "PRK", AID, n=1),
            event("d4", "2019-02-09", "CHN", "PRK", AID),
            event("d4", "2019-02-09", "CHN", "USA", ATTACK, n=1, modality="hypothetical"),  # not a fact
        ]
    )
    yield s
    s.close()


def test_overview_ranks_dyads_and_event_types_over_clusters(store: EventStore) -> None:
    o = overview(store)
    assert [(r["source"], r["target"], r["events"]) for r in o.top_dyads] == [("CHN", "PRK", 2), ("USA", "PRK", 2), ("PRK", "USA", 1)]
    usa = o.top_dyads[1]  # USAGOV and USAMIL: the country names the side
    assert (usa["cooperative"], usa["conflictual"], usa["goldstein_sum"]) == (1, 1, -3.0)
    roots = {r["root"]: r for r in o.top_event_types}
    assert set(roots) == {"03", "07", "13", "19"}
    assert roots["07"]["events"] == 2 and roots["19"]["events"] == 1 and roots["19"]["quad_class"] == 4
    assert roots["19"]["name"] and roots["03"]["name"]  # named from the CAMEO table
    assert [(r["period"], r["events"]) for r in o.by_period] == [(dt.date(2019, 1, 1), 2), (dt.date(2019, 2, 1), 3)]
    assert o.summary["events"] == 7  # the store's own count: every raw event, whatever its modality
    assert overview(store, mentions=True).top_dyads[0] == {
        "source": "USA", "target": "PRK", "events": 3, "cooperative": 2, "conflictual": 1, "goldstein_sum": 1.0,
    }  # fmt: skip
    assert len(overview(store, limit=1).top_dyads) == 1
    assert overview(store).to_dict()["by_period"][0]["period"] == "2019-01-01"


def test_an_actors_profile_has_its_partners_and_its_acts_by_period(store: EventStore) -> None:
    p = actor_profile(store, "prk")
    assert p.actor == "PRK"
    assert [(r["partner"], r["direction"], r["events"]) for r in p.partners] == [("CHN", "in", 2), ("USA", "in", 2), ("USA", "out", 1)]
    by = {(r["direction"], r["period"]): r for r in p.by_period}
    assert by[("out", dt.date(2019, 2, 1))]["q4"] == 1
    assert by[("in", dt.date(2019, 2, 1))]["q2"] == 2
    assert by[("in", dt.date(2019, 1, 1))]["events"] == 2
    usamil = actor_profile(store, "USAMIL")
    assert [(r["partner"], r["direction"]) for r in usamil.partners] == [("PRK", "out")]


def test_bad_input_is_refused(store: EventStore) -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        actor_profile(store, "PRK' OR 1=1")
    with pytest.raises(ValueError, match="limit"):
        overview(store, limit=-1)
    with pytest.raises(ValueError, match="week, month"):
        overview(store, period="year")
