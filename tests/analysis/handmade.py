"""Stores of hand-made events for the analysis tests: actors, acts, and a builder."""

from __future__ import annotations

import datetime as dt

from detente.model import Actor, Document, Event, Plover, Span
from detente.store import EventStore

ACTORS = {
    "USA": Actor("Washington", "USAGOV", "USA", "GOV", 0, 10),
    "USAMIL": Actor("the US army", "USAMIL", "USA", "MIL", 0, 10),
    "PRK": Actor("Pyongyang", "PRKGOV", "PRK", "GOV", 0, 9),
    "CHN": Actor("Beijing", "CHNGOV", "CHN", "GOV", 0, 7),
}
# (CAMEO, QuadClass, Goldstein): a cooperative and a conflictual act.
MEET = ("036", 1, 4.0)
AID = ("070", 2, 7.0)
THREATEN = ("138", 3, -7.0)
ATTACK = ("190", 4, -10.0)


def event(doc: str, day: str, src: str, tgt: str, act: tuple[str, int, float], *, n: int = 0, modality: str = "asserted") -> Event:
    code, quad, goldstein = act
    return Event(
        doc_id=doc, sentence_index=n, sentence=f"{src} and {tgt}, sentence {n}.", date=day, date_basis="text",
        source=ACTORS[src], target=ACTORS[tgt], cameo=code, cameo_name=code, plover=Plover("CONSULT", None, None),
        quad_class=quad, goldstein=goldstein, trigger=Span("x", 11 + n, 12 + n), modality=modality,
        confidence=0.9, coder_version="test", rule="test",
    )  # fmt: skip


def build(events: list[Event], outlets: dict[str, str] | None = None) -> EventStore:
    store = EventStore.open(":memory:")
    by_doc: dict[str, list[Event]] = {}
    for e in events:
        by_doc.setdefault(e.doc_id, []).append(e)
    for doc_id, evs in by_doc.items():
        doc = Document(id=doc_id, text="x " * 40, date=dt.date.fromisoformat(evs[0].date[:10]), source=(outlets or {}).get(doc_id, "Wire"))
        store.write(doc, evs, coder_version="test")
    store.rebuild_clusters()
    return store
