"""Grouping the same event reported many times: clusters of mentions.

News tells one event many times: in several sentences of one article, and in
articles from several outlets over a few days. GDELT counts, for each event,
its NumMentions, NumSources and NumArticles; PETRARCH's one-a-day filter keeps
one event per source, target and code a day. detente keeps every raw mention
(the events table) and groups them into clusters:

- Two events are candidates for one cluster when they share the source code,
  the target code (or both have none), the CAMEO code and the *polarity*:
  asserted and reported events are one polarity ("factual"); intended,
  negated and hypothetical events each stay apart from it and from each other,
  because a threat to strike is not the strike.
- Each event has a *day*: its own date where the text gave it to the day,
  else the document's publication date.
- Within one group, in order of day (then event id), an event joins the open
  cluster when its day is fewer than ``window_days`` days after the cluster's
  first day; otherwise it opens a new cluster. With ``window_days=1`` this is
  PETRARCH's one-a-day rule; the default (3) also gathers the re-reports of
  the next two days.
- An event without a day (no date in the text and no publication date) is a
  cluster of its own: nothing says when it happened.

Limits, stated plainly: two different events with the same actors and code
in one window are merged (two separate shellings of one town on one day);
one event coded with different codes or actor codes by two reports is not
(one says "attacked", another "shelled"); a story told over weeks becomes
one cluster per window. The grouping depends only on the set of events, not
on the order they were stored, so a resumed run and an uninterrupted one
give the same clusters, and cluster ids are stable across rebuilds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Modalities told as facts; they cluster together.
FACTUAL = frozenset({"asserted", "reported"})
#: The default window: the event's day and the two after it.
DEFAULT_WINDOW_DAYS = 3


@dataclass(frozen=True)
class Report:
    """One raw event as clustering sees it."""

    event_id: str
    source_code: str | None
    target_code: str | None
    cameo: str
    polarity: str  # "factual", "intended", "negated" or "hypothetical"
    day: dt.date | None
    doc_id: str
    outlet: str | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.source_code or "", self.target_code or "", self.cameo, self.polarity)


@dataclass(frozen=True)
class Cluster:
    cluster_id: str
    source_code: str | None
    target_code: str | None
    cameo: str
    polarity: str
    first_day: dt.date | None
    last_day: dt.date | None
    event_ids: tuple[str, ...]
    num_sources: int  # distinct outlets named
    num_articles: int  # distinct documents

    @property
    def num_mentions(self) -> int:
        return len(self.event_ids)


def polarity(modality: str) -> str:
    return "factual" if modality in FACTUAL else modality


def group(reports: Iterable[Report], window_days: int = DEFAULT_WINDOW_DAYS) -> Iterator[Cluster]:
    """Clusters from reports sorted by (key, day with None last, event id), as
    ``EventStore`` reads them; see the module docstring for the rule."""
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, not {window_days}")
    members: list[Report] = []
    for report in reports:
        if members and not _joins(members[0], report, window_days):
            yield _cluster(members)
            members = []
        members.append(report)
    if members:
        yield _cluster(members)


def _joins(first: Report, report: Report, window_days: int) -> bool:
    if report.key != first.key or first.day is None or report.day is None:
        return False
    return (report.day - first.day).days < window_days


def _cluster(members: list[Report]) -> Cluster:
    first = members[0]
    ident = "|".join([*first.key, str(first.day), first.event_id])
    return Cluster(
        cluster_id=hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16],
        source_code=first.source_code,
        target_code=first.target_code,
        cameo=first.cameo,
        polarity=first.polarity,
        first_day=first.day,
        last_day=members[-1].day,
        event_ids=tuple(m.event_id for m in members),
        num_sources=len({m.outlet for m in members if m.outlet}),
        num_articles=len({m.doc_id for m in members}),
    )
