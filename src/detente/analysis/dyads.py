"""One relationship over time: a dyad's series both ways, its reciprocity, its turning points.

A *dyad* is two actor specs, A and B: a code (``USA``, ``PRKGOV``, ``IGOUNO``) that
matches an event's side when the side's country is it or the side's code starts with
it, so ``USA`` takes in USAGOV and USAMIL. The series counts, for A -> B and for
B -> A in each week or month, the events by QuadClass, the cooperative (1, 2) and
conflictual (3, 4) acts, and the Goldstein sum and mean. By default it counts
clusters (the same event told by many reports counts once, store/clusters.py); with
``mentions`` every raw event. Only events told as facts count (asserted, reported
and intended, as in ``detente code``): a denied or hypothetical strike is no act.

Reciprocity is read from the cross-correlation of the two Goldstein-sum series (zero
in a period without events) at lags -3 to +3: r at lag k pairs A -> B in period t
with B -> A in period t + k, so a strong r at a positive k says B's moves follow
A's by k periods. The reading says so in plain words, or says there is no sign of
it: fewer than MIN_ACTIVE periods in which either side acted (the zeros of quiet
periods would otherwise make two busy months look like a strong r), or no r of at least
MIN_R and of at least 2 / sqrt(pairs), the rough 95% bound of r between two unrelated
series of that length.

Limits: correlation is not response (both sides may answer a third party or the
news cycle), and a sparse series (a few events a month) gives unstable r.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from detente.model import FACTUAL_MODALITIES
from detente.store.duckdb_store import EventStore
from detente.store.queries import PERIODS, dyad_events, dyad_periods

#: The lags the cross-correlation is read at, in periods.
MAX_LAG = 3
#: The fewest periods in which either side acted to read reciprocity in.
MIN_ACTIVE = 6
#: The weakest correlation read as a sign of reciprocity.
MIN_R = 0.3
#: Turning points listed, and events shown for each.
TURNING_POINTS = 3
EVENTS_PER_POINT = 3

_FIELDS = ("events", "q1", "q2", "q3", "q4", "cooperative", "conflictual", "goldstein_sum")


@dataclass(frozen=True)
class Period:
    """One direction's counts in one period (zeros where nothing happened)."""

    start: dt.date
    events: int = 0
    q1: int = 0
    q2: int = 0
    q3: int = 0
    q4: int = 0
    cooperative: int = 0
    conflictual: int = 0
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None


@dataclass(frozen=True)
class Lag:
    lag: int
    r: float | None  # None where a side of the pair is constant or too few pairs
    pairs: int


@dataclass(frozen=True)
class TurningPoint:
    """The largest changes of a direction's Goldstein sum from one period to the next."""

    direction: str  # "ab" or "ba"
    start: dt.date
    change: float
    goldstein_sum: float
    events: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Dyad:
    a: str
    b: str
    period: str
    over: str  # "clusters" or "mentions"
    ab: tuple[Period, ...]
    ba: tuple[Period, ...]
    lags: tuple[Lag, ...]
    reading: str
    turning_points: tuple[TurningPoint, ...] = field(default=())

    @property
    def starts(self) -> list[dt.date]:
        return [p.start for p in self.ab]

    def totals(self, direction: str) -> dict[str, float]:
        series = self.ab if direction == "ab" else self.ba
        return {name: sum(getattr(p, name) for p in series) for name in _FIELDS}

    def to_dict(self) -> dict[str, Any]:
        def period(p: Period) -> dict[str, Any]:
            return {"start": p.start.isoformat(), **{n: getattr(p, n) for n in (*_FIELDS, "goldstein_mean")}}

        return {
            "a": self.a,
            "b": self.b,
            "period": self.period,
            "over": self.over,
            "totals": {"ab": self.totals("ab"), "ba": self.totals("ba")},
            "series": {"ab": [period(p) for p in self.ab], "ba": [period(p) for p in self.ba]},
            "reciprocity": {
                "reading": self.reading,
                "lags": [{"lag": lag.lag, "r": lag.r, "pairs": lag.pairs} for lag in self.lags],
            },
            "turning_points": [
                {
                    "direction": t.direction,
                    "start": t.start.isoformat(),
                    "change": t.change,
                    "goldstein_sum": t.goldstein_sum,
                    "events": [jsonable(e) for e in t.events],
                }
                for t in self.turning_points
            ],
        }


def dyad(store: EventStore, a: str, b: str, *, period: str = "month", mentions: bool = False) -> Dyad:
    """A's and B's acts toward each other by ``period`` (week or month), with the
    reciprocity reading and the turning points."""
    a, b = actor_spec(a), actor_spec(b)
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    modalities = frozenset(m.value for m in FACTUAL_MODALITIES)
    rows = dyad_periods(store, a, b, period=period, modalities=modalities, mentions=mentions)
    starts = _period_starts([r["period"] for r in rows], period)
    by_key = {(r["direction"], r["period"]): r for r in rows}
    ab, ba = (tuple(_period(by_key.get((d, s)), s) for s in starts) for d in ("ab", "ba"))
    lags = tuple(cross_correlation([p.goldstein_sum for p in ab], [p.goldstein_sum for p in ba], MAX_LAG))
    points = tuple(
        TurningPoint(
            direction,
            start,
            change,
            total,
            tuple(
                dyad_events(
                    store, a, b, modalities=modalities, mentions=mentions, start=start,
                    end=next_start(start, period), limit=EVENTS_PER_POINT, direction=direction,
                )
            ),
        )  # fmt: skip
        for direction, start, change, total in turning_points({"ab": ab, "ba": ba}, TURNING_POINTS)
    )
    active = sum(1 for x, y in zip(ab, ba, strict=True) if x.events or y.events)
    return Dyad(a, b, period, "mentions" if mentions else "clusters", ab, ba, lags, reading(a, b, lags, active, period), points)


def cross_correlation(x: Sequence[float], y: Sequence[float], max_lag: int) -> list[Lag]:
    """Pearson r of x[t] with y[t + k] for k in -max_lag..max_lag."""
    out = []
    for k in range(-max_lag, max_lag + 1):
        pairs = [(x[t], y[t + k]) for t in range(len(x)) if 0 <= t + k < len(y)]
        out.append(Lag(k, _pearson(pairs), len(pairs)))
    return out


def _pearson(pairs: Sequence[tuple[float, float]]) -> float | None:
    if len(pairs) < 3:
        return None
    n = len(pairs)
    mx = sum(p[0] for p in pairs) / n
    my = sum(p[1] for p in pairs) / n
    sxx = sum((p[0] - mx) ** 2 for p in pairs)
    syy = sum((p[1] - my) ** 2 for p in pairs)
    if sxx == 0 or syy == 0:
        return None
    return sum((p[0] - mx) * (p[1] - my) for p in pairs) / math.sqrt(sxx * syy)


def reading(a: str, b: str, lags: Sequence[Lag], active: int, period: str) -> str:
    """The cross-correlation in plain words; ``active`` counts the periods in which either side acted."""
    if active < MIN_ACTIVE:
        return (
            f"no sign of reciprocity can be read: they acted toward each other in {active}"
            f" {_plural(period, active)}, fewer than {MIN_ACTIVE}"
        )
    known = [lag for lag in lags if lag.r is not None]
    if not known:
        return f"no sign of reciprocity: one side's Goldstein series does not vary from {period} to {period}"
    best = max(known, key=lambda lag: (lag.r, -abs(lag.lag)))
    assert best.r is not None
    strength = f"r = {best.r:.2f} at lag {best.lag:+d}"
    if best.r < max(MIN_R, 2 / math.sqrt(best.pairs)):
        return f"no sign of reciprocity (the strongest correlation, {strength} over {best.pairs} {_plural(period, best.pairs)}, is weak)"
    if best.lag == 0:
        return f"{a}'s and {b}'s moves toward each other go together in the same {period} ({strength})"
    first, second = (a, b) if best.lag > 0 else (b, a)
    steps = abs(best.lag)
    return f"{second}'s moves follow {first}'s by about {steps} {_plural(period, steps)} ({strength})"


def turning_points(series: dict[str, Sequence[Period]], n: int) -> list[tuple[str, dt.date, float, float]]:
    """(direction, period start, change, Goldstein sum) of the ``n`` largest changes of a
    direction's Goldstein sum from the period before (the first period counts from 0).
    Only periods in which the direction acted count: a fall silent is no turn with events
    to show (the change into the next active period is measured from the silence)."""
    changes = []
    for direction, periods in series.items():
        before = 0.0
        for p in periods:
            if p.events and p.goldstein_sum != before:
                changes.append((direction, p.start, p.goldstein_sum - before, p.goldstein_sum))
            before = p.goldstein_sum
    changes.sort(key=lambda c: (-abs(c[2]), c[1], c[0]))
    return changes[:n]


def actor_spec(code: str) -> str:
    """An actor code as the queries match it (upper case), or a ValueError for anything else."""
    spec = code.strip().upper()
    if not (spec.isascii() and spec.isalnum()):
        raise ValueError(f"an actor is a code of letters and digits (USA, PRKGOV, IGOUNO), not {code!r}")
    return spec


def _period(row: dict[str, Any] | None, start: dt.date) -> Period:
    if row is None:
        return Period(start)
    values = {name: row[name] for name in _FIELDS}
    values["goldstein_sum"] = float(values["goldstein_sum"])
    return Period(start, **values, goldstein_mean=row["goldstein_mean"])


def _period_starts(found: Sequence[dt.date], period: str) -> list[dt.date]:
    """Every period start from the first found to the last, none skipped."""
    if not found:
        return []
    starts, last = [min(found)], max(found)
    while starts[-1] < last:
        starts.append(next_start(starts[-1], period))
    return starts


def next_start(start: dt.date, period: str) -> dt.date:
    if period == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _plural(period: str, n: int) -> str:
    return period if n == 1 else period + "s"


def jsonable(row: dict[str, Any]) -> dict[str, Any]:
    """A query row with its dates as ISO strings."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def format_dyad(d: Dyad, width: int = 160) -> str:
    """The dyad as terminal text: both series side by side, the totals, the
    reciprocity reading with its correlations, and the turning points with their events."""
    label = "week of" if d.period == "week" else "month"
    ab, ba = f"{d.a} -> {d.b}", f"{d.b} -> {d.a}"
    lines = [f"{ab} and {ba} by {d.period}, counted over {d.over}"]
    if not d.ab:
        lines.append("no events between them in the store")
        return "\n".join(lines) + "\n"
    columns = f"{'events':>6} {'coop':>5} {'confl':>5} {'goldstein':>9} {'mean':>6}"
    lines += [f"{'':10}  {ab:<35}  {ba}", f"{label:10}  {columns}    {columns}"]

    def cells(p: Period | dict[str, float], mean: float | None) -> str:
        get = p.get if isinstance(p, dict) else lambda name: getattr(p, name)
        shown = "" if mean is None else f"{mean:.1f}"
        return f"{get('events'):>6} {get('cooperative'):>5} {get('conflictual'):>5} {get('goldstein_sum'):>9.1f} {shown:>6}"

    for x, y in zip(d.ab, d.ba, strict=True):
        start = x.start.isoformat() if d.period == "week" else x.start.isoformat()[:7]
        lines.append(f"{start:10}  {cells(x, x.goldstein_mean)}    {cells(y, y.goldstein_mean)}")
    totals = {k: d.totals(k) for k in ("ab", "ba")}
    means = {k: (t["goldstein_sum"] / t["events"] if t["events"] else None) for k, t in totals.items()}
    lines.append(f"{'total':10}  {cells(totals['ab'], means['ab'])}    {cells(totals['ba'], means['ba'])}")
    lines += ["", f"Reciprocity: {d.reading}."]
    lines.append("  lag " + " ".join(f"{lag.lag:>+6d}" for lag in d.lags))
    lines.append("  r   " + " ".join(f"{lag.r:>6.2f}" if lag.r is not None else f"{'-':>6}" for lag in d.lags))
    if d.turning_points:
        lines += ["", "Turning points (the largest changes of a side's Goldstein sum):"]
        for t in d.turning_points:
            who = ab if t.direction == "ab" else ba
            lines.append(f"  {t.start.isoformat()[:10]}  {who}: {t.change:+.1f} (to {t.goldstein_sum:.1f})")
            for e in t.events:
                text = f"    {e['day']}  {e['source_code']} {e['cameo']} {e['target_code']}  {e['sentence']}"
                lines.append(text if len(text) <= width else text[: width - 1] + "…")
    return "\n".join(lines) + "\n"
