"""The one flat event row: the store's events table, CSV, Parquet and the exports.

``Event.to_dict()`` is the nested JSON record (docs/event-record.md). Everything
tabular uses the flat row defined here, once: the store creates its events
table from :data:`EVENT_COLUMNS`, the CSV and Parquet sinks write these columns
in this order, and the GDELT and PLOVER exports read rows of this shape.

An *export row* is an event row followed by :data:`CONTEXT_COLUMNS`: the
document's publication date, outlet and url, and the event's cluster (the
same event reported by several sentences or articles, see store/clusters.py).
Coded on the fly, with no store, the cluster columns are empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from detente.model import Actor, Document, Event, Location, Modality, Plover, Span


@dataclass(frozen=True)
class Column:
    name: str
    sql: str  # the DuckDB type
    meaning: str


EVENT_COLUMNS: tuple[Column, ...] = (
    Column("event_id", "VARCHAR", "stable id: the same input and coder version give the same id"),
    Column("doc_id", "VARCHAR", "the document's id"),
    Column("sentence_index", "INTEGER", "0-based index of the sentence in the document"),
    Column("sentence", "VARCHAR", "the sentence's text"),
    Column("date", "VARCHAR", "the event's date: 2018-08-20, 2018-07 or 2018 (the form shows the precision)"),
    Column("date_basis", "VARCHAR", "text (the sentence dated it) or publication"),
    Column("source_text", "VARCHAR", "the source mention as written"),
    Column("source_code", "VARCHAR", "CAMEO-style actor code of the source"),
    Column("source_country", "VARCHAR", "ISO 3166 alpha-3 of the source, or empty"),
    Column("source_sector", "VARCHAR", "CAMEO agent code of the source, or empty"),
    Column("source_start", "INTEGER", "character offset of the source in the document text"),
    Column("source_end", "INTEGER", "end offset of the source"),
    Column("target_text", "VARCHAR", "the target mention; every target_* is empty when there is no target"),
    Column("target_code", "VARCHAR", "CAMEO-style actor code of the target"),
    Column("target_country", "VARCHAR", "ISO 3166 alpha-3 of the target"),
    Column("target_sector", "VARCHAR", "CAMEO agent code of the target"),
    Column("target_start", "INTEGER", "character offset of the target"),
    Column("target_end", "INTEGER", "end offset of the target"),
    Column("cameo", "VARCHAR", "full CAMEO event code, leading zeros kept"),
    Column("root", "VARCHAR", "two-digit CAMEO root"),
    Column("cameo_name", "VARCHAR", "the code's name in the CAMEO codebook"),
    Column("plover_event", "VARCHAR", "PLOVER event type; every plover_* is empty when CAMEO maps to none"),
    Column("plover_mode", "VARCHAR", "PLOVER mode"),
    Column("plover_context", "VARCHAR", "PLOVER context"),
    Column("quad_class", "INTEGER", "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict"),
    Column("goldstein", "DOUBLE", "Goldstein value of the CAMEO code"),
    Column("trigger_text", "VARCHAR", "the words that carry the event"),
    Column("trigger_start", "INTEGER", "character offset of the trigger"),
    Column("trigger_end", "INTEGER", "end offset of the trigger"),
    Column("modality", "VARCHAR", "asserted, reported, intended, negated or hypothetical"),
    Column("confidence", "DOUBLE", "heuristic confidence in [0, 1]"),
    Column("coder_version", "VARCHAR", "detente-<version>"),
    Column("rule", "VARCHAR", "the lexicon line and composition that gave the code"),
)

#: Where the event happened (docs/places.md); every location_* is empty when it has no
#: location. The last columns of the events table: store version 3 added them
#: (store/migrations.py), and an upgraded table has them in this order too.
LOCATION_COLUMNS: tuple[Column, ...] = (
    Column("location_text", "VARCHAR", "the place's words as written; every location_* is empty without a location"),
    Column("location_name", "VARCHAR", "the gazetteer's name of the place"),
    Column("location_country", "VARCHAR", "ISO 3166 alpha-3 of the place"),
    Column("location_admin1", "VARCHAR", "first-level region, GeoNames code (IR.29, US.GA), or empty"),
    Column("location_lat", "DOUBLE", "latitude in degrees (a country's is its capital's), or empty"),
    Column("location_lon", "DOUBLE", "longitude in degrees, or empty"),
    Column("location_feature", "VARCHAR", "city, region, country or other"),
    Column("location_start", "INTEGER", "character offset of the place in the document text"),
    Column("location_end", "INTEGER", "end offset of the place"),
    Column("location_geonames_id", "INTEGER", "GeoNames id of the place, or empty"),
    Column("location_basis", "VARCHAR", "clause, sentence or dateline: where the place was named"),
)

EVENT_COLUMNS = EVENT_COLUMNS + LOCATION_COLUMNS

CONTEXT_COLUMNS: tuple[Column, ...] = (
    Column("published", "DATE", "the document's publication date"),
    Column("outlet", "VARCHAR", "the document's outlet (its source)"),
    Column("url", "VARCHAR", "the document's url"),
    Column("cluster_id", "VARCHAR", "the event's cluster: the same event however often reported (empty without a store)"),
    Column("num_mentions", "INTEGER", "events in the cluster"),
    Column("num_sources", "INTEGER", "distinct outlets in the cluster"),
    Column("num_articles", "INTEGER", "distinct documents in the cluster"),
)

EXPORT_COLUMNS: tuple[Column, ...] = EVENT_COLUMNS + CONTEXT_COLUMNS
EVENT_NAMES: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS)
EXPORT_NAMES: tuple[str, ...] = tuple(c.name for c in EXPORT_COLUMNS)


def event_values(event: Event) -> tuple[Any, ...]:
    """The event's flat row, in :data:`EVENT_COLUMNS` order."""
    source, target, plover, trigger = event.source, event.target, event.plover, event.trigger
    return (
        event.id, event.doc_id, event.sentence_index, event.sentence, event.date, event.date_basis,
        source.text, source.code, source.country, source.sector, source.start, source.end,
        target.text if target else None, target.code if target else None,
        target.country if target else None, target.sector if target else None,
        target.start if target else None, target.end if target else None,
        event.cameo, event.root, event.cameo_name,
        plover.event if plover else None, plover.mode if plover else None, plover.context if plover else None,
        event.quad_class, event.goldstein, trigger.text, trigger.start, trigger.end,
        str(event.modality), event.confidence, event.coder_version, event.rule,
        *location_values(event.location),
    )  # fmt: skip


def location_values(location: Location | None) -> tuple[Any, ...]:
    """The location_* values of a row, in :data:`LOCATION_COLUMNS` order."""
    if location is None:
        return (None,) * len(LOCATION_COLUMNS)
    return (
        location.text, location.name, location.country, location.admin1, location.lat, location.lon,
        location.feature, location.start, location.end, location.geonames_id, location.basis,
    )  # fmt: skip


def export_row(event: Event, doc: Document | None = None) -> dict[str, Any]:
    """An export row for an event coded without a store: no cluster yet."""
    row = dict(zip(EVENT_NAMES, event_values(event), strict=True))
    row.update(
        published=doc.date if doc else None,
        outlet=doc.source if doc else None,
        url=doc.url if doc else None,
        cluster_id=None,
        num_mentions=None,
        num_sources=None,
        num_articles=None,
    )
    return row


def record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A flat row back in the nested shape of ``Event.to_dict()``."""
    source = Actor(
        row["source_text"], row["source_code"], row["source_country"], row["source_sector"],
        row["source_start"], row["source_end"],
    )  # fmt: skip
    target = (
        None
        if row["target_start"] is None
        else Actor(
            row["target_text"], row["target_code"], row["target_country"], row["target_sector"],
            row["target_start"], row["target_end"],
        )  # fmt: skip
    )
    plover = None if row["plover_event"] is None else Plover(row["plover_event"], row["plover_mode"], row["plover_context"])
    return {
        "id": row["event_id"],
        "doc_id": row["doc_id"],
        "sentence_index": row["sentence_index"],
        "sentence": row["sentence"],
        "date": row["date"],
        "date_basis": row["date_basis"],
        "source": source.to_dict(),
        "target": target.to_dict() if target else None,
        "cameo": row["cameo"],
        "root": row["root"],
        "cameo_name": row["cameo_name"],
        "plover": plover.to_dict() if plover else None,
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "trigger": Span(row["trigger_text"], row["trigger_start"], row["trigger_end"]).to_dict(),
        "modality": Modality(row["modality"]),  # the member, as Event.to_dict() gives it
        "confidence": row["confidence"],
        "coder_version": row["coder_version"],
        "rule": row["rule"],
        "location": _location(row),
    }


def _location(row: Mapping[str, Any]) -> dict[str, Any] | None:
    if row.get("location_country") is None:
        return None
    return Location(
        row["location_text"], row["location_name"], row["location_country"], row["location_admin1"],
        row["location_lat"], row["location_lon"], row["location_feature"], row["location_start"],
        row["location_end"], row["location_geonames_id"], row["location_basis"],
    ).to_dict()  # fmt: skip


def rows_from(names: Sequence[str], values: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    """Query results (a list of tuples) as dicts keyed by ``names``."""
    return [dict(zip(names, value, strict=True)) for value in values]
