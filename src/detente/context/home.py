"""The country a document is about, for actors it names only by their role.

A report datelined Khartoum that speaks of "the army" and "the police" means
Sudan's. We take the countries named in the title and the opening sentences;
when one of them clearly dominates (at least ``minimum`` mentions and
``share`` of all), it is the document's home, and sector-only state actors
("---MIL", "---GOV") with no country of their own are given it: the sectors of a
state's own institutions, which an article names without the country (the class
``home`` of data/sector_codes.tsv). Articles about two countries get no home, and
their unnamed armies stay unnamed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..actors.kb import SectorCodes
from ..actors.resolver import ActorRef, placed_in
from ..events.extract import Candidate


def home_country(mentions: Sequence[str], *, minimum: int = 2, share: float = 0.6) -> str | None:
    """The dominant country among ``mentions`` (ISO alpha-3 codes, in text order), or None."""
    if not mentions:
        return None
    country, n = Counter(mentions).most_common(1)[0]  # ties: the first named
    if n < minimum or n / len(mentions) < share:
        return None
    return country


def at_home(cand: Candidate, home: str, sectors: SectorCodes) -> Candidate:
    """Give sector-only actors ("the army", "police", "students": the ``context`` sectors)
    the document's home country."""

    def placed(ref: ActorRef) -> ActorRef:
        return placed_in(ref, home, f"the document's home country, {home}") if ref.sector in sectors.context else ref

    source = placed(cand.source)
    target = placed(cand.target) if cand.target is not None else None
    if target is not None and target.code == source.code:
        return cand  # "the army said soldiers ..." must not become one actor acting on itself
    if source is cand.source and target is cand.target:
        return cand
    # An inferred country is less sure than a named one.
    return replace(cand, source=source, target=target, confidence=round(max(cand.confidence - 0.1, 0.1), 2))


#: How much less sure an event is when one of its actors is of no known country.
UNPLACED_PENALTY = 0.15


def unplaced(cand: Candidate) -> Candidate:
    """An event whose source or target is still of no known country (``---GOV``, "a
    bomb") after every inference is less sure, and says less: its confidence drops by
    UNPLACED_PENALTY."""
    actors = [cand.source, *([cand.target] if cand.target is not None else [])]
    if not any(a.code.startswith("---") for a in actors):
        return cand
    return replace(cand, confidence=round(max(cand.confidence - UNPLACED_PENALTY, 0.1), 2))
