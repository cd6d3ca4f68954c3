"""Read queries over the store, shared by the CLI, the exports and (later) the web.

Every query is one parameterised SQL statement; results stream in chunks, so an
export of millions of events holds a few thousand rows at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from detente.rows import EVENT_NAMES, EXPORT_NAMES
from detente.store.duckdb_store import EventStore

_CHUNK = 5_000

_COLUMNS = ", ".join(f"e.{name}" for name in EVENT_NAMES) + (
    ", d.published, d.outlet, d.url, ce.cluster_id, c.num_mentions, c.num_sources, c.num_articles"
)
_FROM = (
    " FROM events e JOIN documents d USING (doc_id)"
    " LEFT JOIN cluster_events ce USING (event_id) LEFT JOIN clusters c USING (cluster_id)"
)
# The day an event is placed on, as clustering reads it (store/clusters.py).
_DAY = "CASE WHEN length(e.date) = 10 THEN TRY_CAST(e.date AS DATE) ELSE d.published END"
_ALL = f"SELECT {_COLUMNS}{_FROM}"
# One row per cluster: its first report by day, then id. (An event stored after the last
# grouping has no cluster yet and stands for itself.)
_FIRSTS = (
    f"SELECT * EXCLUDE (rank_in_cluster) FROM (SELECT {_COLUMNS}, row_number() OVER ("
    f"PARTITION BY coalesce(ce.cluster_id, e.event_id) ORDER BY {_DAY} NULLS LAST, e.event_id) AS rank_in_cluster"
    f"{_FROM}) WHERE rank_in_cluster = 1"
)


def export_rows(
    store: EventStore, *, clusters_only: bool = False, doc_id: str | None = None, limit: int | None = None
) -> Iterator[dict[str, Any]]:
    """Export rows (detente/rows.py): every raw event in document and text order, or with
    ``clusters_only`` one per cluster, its first report (by day, then id), in day order."""
    params: list[Any] = []
    if clusters_only:
        sql = _FIRSTS + " ORDER BY published NULLS LAST, doc_id, sentence_index, trigger_start, event_id"
    else:
        sql = _ALL
        if doc_id is not None:
            sql += " WHERE e.doc_id = ?"
            params.append(doc_id)
        sql += " ORDER BY e.doc_id, e.sentence_index, e.trigger_start, e.event_id"
    if limit is not None:
        if limit < 0:
            raise ValueError(f"limit must not be negative, not {limit}")
        sql += " LIMIT ?"
        params.append(limit)
    cursor = store.execute(sql, params)
    while chunk := cursor.fetchmany(_CHUNK):
        for values in chunk:
            yield dict(zip(EXPORT_NAMES, values, strict=True))


def summary(store: EventStore) -> dict[str, int]:
    """How much the store holds: documents, sentences, mentions, events, clusters, errors, runs."""
    return {name: store.count(name) for name in ("documents", "sentences", "mentions", "events", "clusters", "errors", "runs")}


# --- dyads (analysis/dyads.py) ---------------------------------------------------
#: The periods a dyad series is counted by, mapped to DuckDB's date_trunc part.
PERIODS = MappingProxyType({"week": "week", "month": "month"})

# The day an event counts on in a series: its own date to the day, a month-precision
# date on the month's first day, else the publication date.
_SERIES_DAY = (
    "CASE WHEN length(e.date) = 10 THEN TRY_CAST(e.date AS DATE)"
    " WHEN length(e.date) = 7 THEN TRY_CAST(e.date || '-01' AS DATE) ELSE d.published END"
)


def _is(side: str) -> str:
    """An actor spec (a code like USA, USAGOV, IGOUNO) matched by one side of an event:
    the side's country is it, or the side's code starts with it."""
    return f"(e.{side}_country = ? OR starts_with(e.{side}_code, ?))"


def _units(
    modalities: frozenset[str], *, mentions: bool, select: str = "", select_params: Sequence[Any] = (),
    where: str = "TRUE", where_params: Sequence[Any] = (),
) -> tuple[str, list[Any]]:
    """The events told in ``modalities`` that meet ``where``, as a subquery with a ``day``
    (_SERIES_DAY) and the ``select`` columns: one row per cluster (its first report by day,
    then id) unless ``mentions``, then one per raw event. Events without a day are left out."""
    marks = ", ".join("?" for _ in modalities)
    sql = (
        f"SELECT e.*, d.published, d.outlet, c.num_mentions, c.num_sources, c.num_articles, {_SERIES_DAY} AS day,"
        f" coalesce(ce.cluster_id, e.event_id) AS unit{select}{_FROM} WHERE e.modality IN ({marks}) AND ({where})"
    )
    params: list[Any] = [*select_params, *sorted(modalities), *where_params]
    sql = f"SELECT * FROM ({sql}) WHERE day IS NOT NULL"
    if not mentions:
        sql = (
            "SELECT * EXCLUDE (rank_in_unit) FROM (SELECT *, row_number() OVER ("
            f"PARTITION BY unit ORDER BY day, event_id) AS rank_in_unit FROM ({sql})) WHERE rank_in_unit = 1"
        )
    return sql, params


def _dyad_units(a: str, b: str, modalities: frozenset[str], *, mentions: bool) -> tuple[str, list[Any]]:
    """The events between ``a`` and ``b`` (either way), with a ``direction`` column ('ab'
    for a -> b, 'ba'), as _units gives them."""
    return _units(
        modalities,
        mentions=mentions,
        select=f", CASE WHEN {_is('source')} AND {_is('target')} THEN 'ab' ELSE 'ba' END AS direction",
        select_params=[a, a, b, b],
        where=f"({_is('source')} AND {_is('target')}) OR ({_is('source')} AND {_is('target')})",
        where_params=[a, a, b, b, b, b, a, a],
    )


# An event side as rankings name it: its country, else its code (an IGO, an unknown actor).
_SIDE = "coalesce(nullif(e.{0}_country, ''), e.{0}_code)"
_COUNTS = (
    "count(*) AS events, count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperative,"
    " count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflictual, coalesce(sum(goldstein), 0) AS goldstein_sum"
)


def _rows(store: EventStore, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = store.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _limit(limit: int) -> int:
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    return limit


def top_dyads(store: EventStore, *, modalities: frozenset[str], mentions: bool = False, limit: int = 20) -> list[dict[str, Any]]:
    """The directed pairs (source, target: each a country, else a code) with the most events."""
    units, params = _units(
        modalities, mentions=mentions,
        select=f", {_SIDE.format('source')} AS source, {_SIDE.format('target')} AS target",
        where="coalesce(e.target_code, '') <> ''",
    )  # fmt: skip
    sql = f"SELECT source, target, {_COUNTS} FROM ({units}) GROUP BY ALL ORDER BY events DESC, source, target LIMIT ?"
    return _rows(store, sql, [*params, _limit(limit)])


def top_event_types(store: EventStore, *, modalities: frozenset[str], mentions: bool = False, limit: int = 20) -> list[dict[str, Any]]:
    """The CAMEO roots with the most events, with their QuadClass and PLOVER types."""
    units, params = _units(modalities, mentions=mentions)
    sql = (
        f"SELECT root, min(quad_class) AS quad_class, count(*) AS events, coalesce(sum(goldstein), 0) AS goldstein_sum,"
        " list(DISTINCT plover_event ORDER BY plover_event) FILTER (WHERE coalesce(plover_event, '') <> '') AS plover"
        f" FROM ({units}) GROUP BY root ORDER BY events DESC, root LIMIT ?"
    )
    return _rows(store, sql, [*params, _limit(limit)])


def events_by_period(store: EventStore, *, period: str, modalities: frozenset[str], mentions: bool = False) -> list[dict[str, Any]]:
    """Every event of the store by period start, with the cooperative, conflictual and Goldstein sums."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    units, params = _units(modalities, mentions=mentions)
    sql = (
        f"SELECT CAST(date_trunc('{PERIODS[period]}', day) AS DATE) AS period, {_COUNTS}"
        f" FROM ({units}) GROUP BY ALL ORDER BY period"
    )
    return _rows(store, sql, params)


def actor_partners(
    store: EventStore, actor: str, *, modalities: frozenset[str], mentions: bool = False, limit: int = 20
) -> list[dict[str, Any]]:
    """The actors ``actor`` acts toward ('out') or is acted on by ('in'), most events first."""
    units, params = _units(
        modalities, mentions=mentions,
        select=(
            f", CASE WHEN {_is('source')} THEN 'out' ELSE 'in' END AS direction,"
            f" CASE WHEN {_is('source')} THEN {_SIDE.format('target')} ELSE {_SIDE.format('source')} END AS partner"
        ),
        select_params=[actor, actor, actor, actor],
        where=f"coalesce(e.target_code, '') <> '' AND ({_is('source')} OR {_is('target')})",
        where_params=[actor, actor, actor, actor],
    )  # fmt: skip
    sql = f"SELECT partner, direction, {_COUNTS} FROM ({units}) GROUP BY ALL ORDER BY events DESC, partner, direction LIMIT ?"
    return _rows(store, sql, [*params, _limit(limit)])


def actor_periods(
    store: EventStore, actor: str, *, period: str, modalities: frozenset[str], mentions: bool = False
) -> list[dict[str, Any]]:
    """``actor``'s acts ('out', as source) and the acts toward it ('in') by period and QuadClass."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    units, params = _units(
        modalities, mentions=mentions,
        select=f", CASE WHEN {_is('source')} THEN 'out' ELSE 'in' END AS direction",
        select_params=[actor, actor],
        where=f"{_is('source')} OR {_is('target')}",
        where_params=[actor, actor, actor, actor],
    )  # fmt: skip
    sql = (
        f"SELECT direction, CAST(date_trunc('{PERIODS[period]}', day) AS DATE) AS period,"
        " count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,"
        " count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,"
        f" {_COUNTS} FROM ({units}) GROUP BY ALL ORDER BY period, direction"
    )
    return _rows(store, sql, params)


def dyad_periods(
    store: EventStore, a: str, b: str, *, period: str, modalities: frozenset[str], mentions: bool = False
) -> list[dict[str, Any]]:
    """Per direction ('ab', 'ba') and period start: the events, the count of each
    QuadClass, the cooperative (1, 2) and conflictual (3, 4) counts, and the Goldstein
    sum and mean, aggregated in DuckDB. Periods without events are absent."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    units, params = _dyad_units(a, b, modalities, mentions=mentions)
    sql = (
        f"SELECT direction, CAST(date_trunc('{PERIODS[period]}', day) AS DATE) AS period, count(*) AS events,"
        " count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,"
        " count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,"
        " count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperative,"
        " count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflictual,"
        " coalesce(sum(goldstein), 0) AS goldstein_sum, avg(goldstein) AS goldstein_mean"
        f" FROM ({units}) GROUP BY ALL ORDER BY period, direction"
    )
    return _rows(store, sql, params)


def dyad_events(
    store: EventStore,
    a: str,
    b: str,
    *,
    modalities: frozenset[str],
    mentions: bool = False,
    start: Any = None,
    end: Any = None,
    direction: str | None = None,
    limit: int = 50,
    latest: bool = False,
) -> list[dict[str, Any]]:
    """The events between ``a`` and ``b`` (one per cluster unless ``mentions``), days in
    [start, end) and one ``direction`` ('ab', 'ba') when given, the strongest (largest
    |Goldstein|) first, then by day; or with ``latest`` the newest first."""
    if limit < 0:
        raise ValueError(f"limit must not be negative, not {limit}")
    if direction not in (None, "ab", "ba"):
        raise ValueError(f"direction must be 'ab' or 'ba', not {direction!r}")
    units, params = _dyad_units(a, b, modalities, mentions=mentions)
    where = []
    if direction is not None:
        where.append("direction = ?")
        params.append(direction)
    if start is not None:
        where.append("day >= ?")
        params.append(start)
    if end is not None:
        where.append("day < ?")
        params.append(end)
    sql = (
        "SELECT direction, day, event_id, doc_id, sentence_index, sentence, source_code, target_code, cameo,"
        " cameo_name, quad_class, goldstein, modality, trigger_text, outlet, coalesce(num_articles, 1) AS num_articles"
        f" FROM ({units})" + (" WHERE " + " AND ".join(where) if where else "")
        + (" ORDER BY day DESC, event_id LIMIT ?" if latest else " ORDER BY abs(goldstein) DESC, day, event_id LIMIT ?")
    )
    params.append(limit)
    return _rows(store, sql, params)


# --- pages (web/) ---------------------------------------------------------------
#: The columns the event table sorts by, mapped to their SQL.
EVENT_SORTS = MappingProxyType({
    "day": "day",
    "goldstein": "e.goldstein",
    "source": "e.source_code",
    "target": "e.target_code",
    "cameo": "e.cameo",
    "articles": "c.num_articles",
})
#: The largest page of the event table (rows).
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class EventFilter:
    """The event table's filters; None leaves a filter off. ``actor`` matches either side
    (its country or the start of its code), ``country`` either side's country; with
    ``partner`` too, the events between the two, either way round."""

    start: dt.date | None = None  # first day, inclusive
    end: dt.date | None = None  # last day, inclusive
    actor: str | None = None
    partner: str | None = None
    country: str | None = None
    root: str | None = None
    plover: str | None = None
    quad_class: int | None = None
    modality: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.start is not None:
            clauses.append(f"{_SERIES_DAY} >= ?")
            params.append(self.start)
        if self.end is not None:
            clauses.append(f"{_SERIES_DAY} <= ?")
            params.append(self.end)
        if self.partner is not None and self.actor is None:
            raise ValueError("a partner filter needs an actor filter: the events between the two")
        if self.actor is not None and self.partner is not None:
            clauses.append(f"(({_is('source')} AND {_is('target')}) OR ({_is('source')} AND {_is('target')}))")
            params += [self.actor] * 2 + [self.partner] * 2 + [self.partner] * 2 + [self.actor] * 2
        elif self.actor is not None:
            clauses.append(f"({_is('source')} OR {_is('target')})")
            params += [self.actor] * 4
        if self.country is not None:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country] * 2
        for column, value in (("root", self.root), ("plover_event", self.plover), ("quad_class", self.quad_class), ("modality", self.modality)):
            if value is not None:
                clauses.append(f"e.{column} = ?")
                params.append(value)
        return (" AND ".join(clauses) or "TRUE"), params


def event_page(
    store: EventStore, where: EventFilter, *, sort: str = "day", descending: bool = True, page: int = 1, size: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """One page of the raw events that pass ``where`` (export rows plus their ``day``), and
    how many pass in all. Ties in the sort are broken by event id, so pages do not overlap."""
    if sort not in EVENT_SORTS:
        raise ValueError(f"sort must be one of {', '.join(EVENT_SORTS)}, not {sort!r}")
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"page must be 1 or more and size 1 to {MAX_PAGE_SIZE}, not page {page}, size {size}")
    condition, params = where.where()
    total = store.execute(f"SELECT count(*){_FROM} WHERE {condition}", params).fetchone()
    order = f"{EVENT_SORTS[sort]} {'DESC' if descending else 'ASC'} NULLS LAST, e.event_id"
    sql = f"SELECT {_COLUMNS}, {_SERIES_DAY} AS day{_FROM} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?"
    rows = _rows(store, sql, [*params, size, (page - 1) * size])
    return rows, int(total[0]) if total else 0


def document(store: EventStore, doc_id: str) -> dict[str, Any] | None:
    """A stored document: its text and what is known of it, or None."""
    rows = _rows(
        store,
        "SELECT doc_id, title, published, outlet, url, byline, origin, text, coder_version FROM documents WHERE doc_id = ?",
        [doc_id],
    )
    return rows[0] if rows else None


def document_mentions(store: EventStore, doc_id: str) -> list[dict[str, Any]]:
    """Every actor named in the document, in text order."""
    return _rows(
        store,
        "SELECT sentence_index, start_char, end_char, text, code, country, sector, kind FROM mentions"
        " WHERE doc_id = ? ORDER BY start_char, end_char",
        [doc_id],
    )


def event_row(store: EventStore, event_id: str) -> dict[str, Any] | None:
    """One stored event as an export row, or None."""
    cursor = store.execute(f"{_ALL} WHERE e.event_id = ?", [event_id])
    values = cursor.fetchone()
    return dict(zip(EXPORT_NAMES, values, strict=True)) if values else None


def cluster_reports(store: EventStore, cluster_id: str) -> list[dict[str, Any]]:
    """Every event of a cluster with its document's title, outlet and day, first report first."""
    return _rows(
        store,
        f"SELECT e.event_id, e.doc_id, e.sentence_index, e.sentence, e.modality, d.title, d.outlet, d.url, {_SERIES_DAY} AS day"
        f"{_FROM} WHERE ce.cluster_id = ? ORDER BY day NULLS LAST, e.event_id",
        [cluster_id],
    )


def search_actors(store: EventStore, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Actor codes whose code or a mention's words contain ``text`` (any case), most named first."""
    return _rows(
        store,
        "SELECT code, any_value(country) AS country, mode(text) AS named_as, count(*) AS mentions FROM mentions"
        " WHERE coalesce(code, '') <> '' AND (contains(lower(text), lower(?)) OR contains(lower(code), lower(?)))"
        " GROUP BY code ORDER BY mentions DESC, code LIMIT ?",
        [text, text, _limit(limit)],
    )


def search_documents(store: EventStore, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Documents whose text or title contains ``text`` (any case), newest first, with the
    offset of the first match in the text (-1: in the title only)."""
    return _rows(
        store,
        "SELECT doc_id, title, published, outlet, strpos(lower(text), lower(?)) - 1 AS at, text FROM documents"
        " WHERE contains(lower(text), lower(?)) OR contains(lower(coalesce(title, '')), lower(?))"
        " ORDER BY published DESC NULLS LAST, doc_id LIMIT ?",
        [text, text, text, _limit(limit)],
    )
