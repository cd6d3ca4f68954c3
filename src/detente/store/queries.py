"""Read queries over the store, shared by the CLI, the exports and (later) the web.

Every query is one parameterised SQL statement; results stream in chunks, so an
export of millions of events holds a few thousand rows at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
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
