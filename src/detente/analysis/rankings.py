"""What a store holds at a glance, and one actor's profile: rankings counted in DuckDB.

As in analysis/dyads.py, only events told as facts count (asserted, reported,
intended), each event once (its cluster) unless ``mentions``, and an actor spec (USA,
USAGOV, IGOUNO) matches a side whose country is it or whose code starts with it.
Rankings name a side by its country, else by its code (an IGO, an unknown actor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from detente.analysis.dyads import actor_spec, jsonable
from detente.events.ontology import Ontology
from detente.model import FACTUAL_MODALITIES
from detente.store.duckdb_store import EventStore
from detente.store.queries import actor_partners, actor_periods, events_by_period, summary, top_dyads, top_event_types

_FACTUAL = frozenset(m.value for m in FACTUAL_MODALITIES)


@dataclass(frozen=True)
class Overview:
    summary: dict[str, int]
    by_period: list[dict[str, Any]]
    top_dyads: list[dict[str, Any]]
    top_event_types: list[dict[str, Any]]
    period: str
    over: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "period": self.period,
            "over": self.over,
            "by_period": [jsonable(r) for r in self.by_period],
            "top_dyads": self.top_dyads,
            "top_event_types": self.top_event_types,
        }


@dataclass(frozen=True)
class Profile:
    actor: str
    partners: list[dict[str, Any]]
    by_period: list[dict[str, Any]]
    period: str
    over: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "period": self.period,
            "over": self.over,
            "partners": self.partners,
            "by_period": [jsonable(r) for r in self.by_period],
        }


def overview(
    store: EventStore, *, period: str = "month", mentions: bool = False, limit: int = 10, ontology: Ontology | None = None
) -> Overview:
    """The store's counts, its events by period, and its top dyads and event types (CAMEO
    roots, named from ``ontology``, the bundled CAMEO table by default)."""
    names = ontology or Ontology.from_defaults()
    types = top_event_types(store, modalities=_FACTUAL, mentions=mentions, limit=limit)
    for row in types:
        row["name"] = names.get(row["root"]).name if row["root"] in names else None
    return Overview(
        summary=summary(store),
        by_period=events_by_period(store, period=period, modalities=_FACTUAL, mentions=mentions),
        top_dyads=top_dyads(store, modalities=_FACTUAL, mentions=mentions, limit=limit),
        top_event_types=types,
        period=period,
        over="mentions" if mentions else "clusters",
    )


def actor_profile(store: EventStore, actor: str, *, period: str = "month", mentions: bool = False, limit: int = 20) -> Profile:
    """``actor``'s partners (whom it acts toward, who acts toward it) and its mix of acts,
    as source ('out') and as target ('in'), by period and QuadClass."""
    spec = actor_spec(actor)
    return Profile(
        actor=spec,
        partners=actor_partners(store, spec, modalities=_FACTUAL, mentions=mentions, limit=limit),
        by_period=actor_periods(store, spec, period=period, modalities=_FACTUAL, mentions=mentions),
        period=period,
        over="mentions" if mentions else "clusters",
    )
