"""Export rows (detente/rows.py) as POLECAT-style PLOVER records, one JSON object a line.

The field names follow POLECAT, the PLOVER-coded global event data set (its weekly
files' columns "Event ID", "Event Date", "Event Type", "Event Mode", "Contexts",
"Actor ...", "Recipient ...", "Source", "Publication Date", "Language", "Version",
written in the snake case of the JSON records of NGEC, the coder that makes POLECAT:
github.com/ahalterman/NGEC, NGEC/formatter.py), and the PLOVER specification's JSON
fields (github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex, "JSON Data Fields": the
``text`` field, the actor object's ``code``/``sector``, ``text_info.sequence``). PLOVER
asks that data sets use its names where they have the information and add their own
fields beside them, and that records be one JSON object per line (JSONL).

Every record has every key of :data:`FIELDS`, in that order; the keys of
:data:`REQUIRED` are never null or empty.

| field | value |
|---|---|
| ``event_id`` | the event's stable id (``event_id``) |
| ``event_date`` | the event's day, YYYY-MM-DD: its own date when the text gives the day, else the publication date (as POLECAT falls back to it); null when there is neither. The date as the text gave it, with its precision, is ``detente.date``. |
| ``event_type`` | the PLOVER event type (``plover_event``): AGREE, CONSULT, ... |
| ``event_mode`` | the PLOVER mode, or null when the code has none |
| ``contexts`` | the PLOVER contexts, a list (empty when none) |
| ``actors`` | a list of one actor object: the source |
| ``recipients`` | a list of zero or one actor objects: the target |
| ``story_id`` | the document's id |
| ``publication_date`` | the document's publication date, YYYY-MM-DD, or null |
| ``publisher`` | the document's outlet, or null |
| ``url`` | the document's url, or null (PLOVER's ``cite_info.url``) |
| ``text`` | the sentence the event was coded from (PLOVER's ``text``) |
| ``text_info`` | ``{"sequence": n}``: the 0-based index of that sentence in the document |
| ``location`` | where the event happened (docs/places.md), or null: see below |
| ``language`` | ``"en"``: the coder reads English |
| ``version`` | the coder's version, ``detente-<version>`` |
| ``detente`` | our evidence and CAMEO coding, see below |

An actor object is ``{"name", "code", "country", "sector", "sectors", "start", "end"}``:
``name`` is the mention as written (POLECAT's name is a resolved Wikipedia name, which
we do not have); ``code`` the CAMEO-style actor code (``USAGOV``, ``---REB``);
``country`` ISO 3166 alpha-3, or null (IGOs, unknown), as POLECAT's actor country;
``sector`` the CAMEO agent code (POLECAT's primary sector) or null, and ``sectors`` the
list of it (empty without one); ``start``/``end`` the mention's character offsets in
the document text.

``detente`` holds ``cameo``, ``root``, ``cameo_name``, ``quad_class`` and ``goldstein``
(the CAMEO code and what the ontology gives for it), ``date`` and ``date_basis`` (as in
docs/event-record.md), ``trigger`` (``{text, start, end}``), ``rule``, ``modality``,
``confidence``, and ``cluster`` (``{id, num_mentions, num_sources, num_articles}``, or
null for an event with no cluster).

A location is ``{"name", "country", "admin1", "lat", "lon", "feature", "geonames_id",
"text", "start", "end", "basis"}``: POLECAT's place fields (its geolocation gives a
place's name, ISO alpha-3 country, first-level region, latitude, longitude, feature type
and GeoNames id) under our names, with the words the text named it by and their offsets,
and ``basis`` (clause, sentence or dateline: where the place was found). The PLOVER
specification's ``eventLoc`` is the same object (its ``name``; ``country`` here is
alpha-3, where PLOVER's gold gives an alpha-2 "country code").

Not emitted, for want of the data: POLECAT's event intensity (its own PLOVER scale, not
the CAMEO Goldstein value, which is ``detente.goldstein``), its quad code (it derives it
from the PLOVER type; ours, from the CAMEO root, is ``detente.quad_class``), Wikipedia
ids and titles of actors, the story's people, organisations and other places, and where
each actor is from.

Left out: events whose CAMEO code has no PLOVER type (PLOVER dropped CAMEO's roots 01,
statements, and 02, appeals), and, by default (``factual_only=True``), negated and
hypothetical events, as in ``detente code``. ``write_plover`` counts them in
``left_out`` when given one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from detente.export.gdelt import event_day, is_factual

#: Every key of a record, in order.
FIELDS: tuple[str, ...] = (
    "event_id", "event_date", "event_type", "event_mode", "contexts", "actors", "recipients",
    "story_id", "publication_date", "publisher", "url", "text", "text_info", "location", "language",
    "version", "detente",
)  # fmt: skip
#: The keys that are never null or empty.
REQUIRED: tuple[str, ...] = (
    "event_id", "event_type", "actors", "story_id", "text", "text_info", "language", "version", "detente",
)  # fmt: skip

LANGUAGE = "en"
NO_PLOVER = "no PLOVER type"
NOT_FACTUAL = "not factual"


def plover_record(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The PLOVER record of an export row, or None when its code has no PLOVER type."""
    if not row.get("plover_event"):
        return None
    day = event_day(row)
    return {
        "event_id": row["event_id"],
        "event_date": day.isoformat() if day else None,
        "event_type": row["plover_event"],
        "event_mode": row.get("plover_mode") or None,
        "contexts": _contexts(row.get("plover_context")),
        "actors": [_actor(row, "source")],
        "recipients": [_actor(row, "target")] if row.get("target_code") is not None else [],
        "story_id": row["doc_id"],
        "publication_date": _iso(row.get("published")),
        "publisher": row.get("outlet"),
        "url": row.get("url"),
        "text": row["sentence"],
        "text_info": {"sequence": row["sentence_index"]},
        "location": _location(row),
        "language": LANGUAGE,
        "version": row["coder_version"],
        "detente": _evidence(row),
    }


def left_out_reason(row: Mapping[str, Any], factual_only: bool = True) -> str | None:
    """Why a row gets no record (:data:`NOT_FACTUAL`, :data:`NO_PLOVER`), or None."""
    if factual_only and not is_factual(row):
        return NOT_FACTUAL
    return None if row.get("plover_event") else NO_PLOVER


def plover_line(row: Mapping[str, Any], factual_only: bool = True) -> str | None:
    """One JSON line (newline included), or None for a row left out."""
    if left_out_reason(row, factual_only) is not None:
        return None
    return json.dumps(plover_record(row), ensure_ascii=False) + "\n"


def write_plover(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    factual_only: bool = True,
    *,
    left_out: Counter[str] | None = None,
) -> int:
    """Write export rows as PLOVER records, one a line; returns how many were written.
    ``left_out``, when given, counts the rows left out by reason."""
    n = 0
    for row in rows:
        reason = left_out_reason(row, factual_only)
        if reason is not None:
            if left_out is not None:
                left_out[reason] += 1
            continue
        out.write(json.dumps(plover_record(row), ensure_ascii=False) + "\n")
        n += 1
    return n


def _actor(row: Mapping[str, Any], role: str) -> dict[str, Any]:
    sector = row.get(f"{role}_sector")
    return {
        "name": row.get(f"{role}_text"),
        "code": row.get(f"{role}_code"),
        "country": row.get(f"{role}_country"),
        "sector": sector,
        "sectors": [sector] if sector else [],
        "start": row.get(f"{role}_start"),
        "end": row.get(f"{role}_end"),
    }


def _location(row: Mapping[str, Any]) -> dict[str, Any] | None:
    if not row.get("location_country"):
        return None
    return {
        name: row.get(f"location_{name}")
        for name in ("name", "country", "admin1", "lat", "lon", "feature", "geonames_id", "text", "start", "end", "basis")
    }


def _contexts(value: str | None) -> list[str]:
    # The ontology lists two contexts as "crime; corruption".
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _evidence(row: Mapping[str, Any]) -> dict[str, Any]:
    cluster = None
    if row.get("cluster_id") is not None:
        cluster = {name: row.get(key) for name, key in (
            ("id", "cluster_id"), ("num_mentions", "num_mentions"),
            ("num_sources", "num_sources"), ("num_articles", "num_articles"),
        )}  # fmt: skip
    return {
        "cameo": row["cameo"],
        "root": row["root"],
        "cameo_name": row["cameo_name"],
        "quad_class": row["quad_class"],
        "goldstein": row["goldstein"],
        "date": row.get("date") or None,
        "date_basis": row.get("date_basis"),
        "trigger": {"text": row["trigger_text"], "start": row["trigger_start"], "end": row["trigger_end"]},
        "rule": row["rule"],
        "modality": str(row["modality"]),
        "confidence": row["confidence"],
        "cluster": cluster,
    }


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None
