"""Locations in the flat row, the GDELT export's ActionGeo_* columns and the PLOVER
export's location (docs/places.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from detente.context.gazetteer import CountryCodes
from detente.export.gdelt import COLUMNS, action_geo, gdelt_row
from detente.export.plover import FIELDS, plover_record
from detente.model import Actor, Event, Location, Plover, Span
from detente.rows import EVENT_NAMES, LOCATION_COLUMNS, export_row, record

KIRKUK = Location("Kirkuk", "Kirkuk", "IRQ", "IQ.13", 35.46806, 44.39222, "city", 30, 36, 94787, "clause")
IRAQ = Location("Iraq", "Iraq", "IRQ", None, 33.34058, 44.40088, "country", 30, 34, 99237, "sentence")
GEORGIA = Location("Georgia", "Georgia", "USA", "US.GA", None, None, "region", 30, 37, 4197000, "clause")
ATLANTA = Location("Atlanta", "Atlanta", "USA", "US.GA", 33.749, -84.38798, "city", 30, 37, 4180439, "dateline")
SWAT = Location("Swat Valley", "Swat Valley", "PAK", None, None, None, "other", 30, 41, None, "clause")


@pytest.fixture(scope="module")
def codes() -> CountryCodes:
    return CountryCodes.from_defaults()


def event(location: Location | None) -> Event:
    return Event(
        doc_id="d", sentence_index=0, sentence="Kurdish protesters rallied in Kirkuk on Sunday.", date="2020-01-05",
        date_basis="text", source=Actor("Kurdish protesters", "IRQOPP", "IRQ", "OPP", 0, 18), target=None,
        cameo="141", cameo_name="Demonstrate or rally", plover=Plover("PROTEST", "demonstrate", None),
        quad_class=3, goldstein=-6.5, trigger=Span("rallied", 19, 26), modality="asserted", confidence=0.8,
        coder_version="t", rule="verb:rally", location=location,
    )  # fmt: skip


def row(location: Location | None) -> dict[str, Any]:
    return export_row(event(location))


def geo(fields: list[str]) -> dict[str, str]:
    return {name[len("ActionGeo_") :]: value for name, value in zip(COLUMNS, fields) if name.startswith("ActionGeo_")}


def test_the_flat_row_ends_with_the_location_columns_and_reads_back() -> None:
    assert EVENT_NAMES[-len(LOCATION_COLUMNS) :] == tuple(c.name for c in LOCATION_COLUMNS)
    flat = row(KIRKUK)
    assert (flat["location_country"], flat["location_admin1"], flat["location_geonames_id"]) == ("IRQ", "IQ.13", 94787)
    assert record(flat)["location"] == KIRKUK.to_dict() == event(KIRKUK).to_dict()["location"]
    assert record(row(None))["location"] is None and all(row(None)[c.name] is None for c in LOCATION_COLUMNS)


def test_gdelt_action_geo_of_a_city(codes: CountryCodes) -> None:
    fields = gdelt_row(row(KIRKUK), codes)
    assert len(fields) == 61
    assert geo(fields) == {
        "Type": "4", "FullName": "Kirkuk, IQ.13, Iraq", "CountryCode": "IZ", "ADM1Code": "IZ13", "ADM2Code": "",
        "Lat": "35.46806", "Long": "44.39222", "FeatureID": "94787",
    }  # fmt: skip
    # The actors' own geography stays empty: detente reads where the action was.
    assert fields[COLUMNS.index("Actor1Geo_Type")] == "0" and fields[COLUMNS.index("Actor1Geo_FullName")] == ""


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (IRAQ, {"Type": "1", "FullName": "Iraq", "CountryCode": "IZ", "ADM1Code": "IZ", "FeatureID": "IZ"}),
        (GEORGIA, {"Type": "2", "FullName": "Georgia, United States", "CountryCode": "US", "ADM1Code": "USGA", "Lat": "", "FeatureID": "4197000"}),
        (ATLANTA, {"Type": "3", "FullName": "Atlanta, US.GA, United States", "ADM1Code": "USGA", "Lat": "33.749"}),
        (SWAT, {"Type": "5", "FullName": "Swat Valley, Pakistan", "CountryCode": "PK", "ADM1Code": "", "Lat": "", "FeatureID": ""}),
    ],
)
def test_gdelt_action_geo_types(codes: CountryCodes, location: Location, expected: dict[str, str]) -> None:
    got = dict(zip(("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"), action_geo(row(location), codes)))
    assert {k: got[k] for k in expected} == expected


def test_gdelt_without_a_location_is_type_0_and_empty(codes: CountryCodes) -> None:
    assert action_geo(row(None), codes) == ("0", "", "", "", "", "", "", "")
    assert geo(gdelt_row(row(None)))["Type"] == "0"  # the codes load themselves when not given


def test_plover_records_carry_the_location() -> None:
    with_place = plover_record(row(KIRKUK))
    assert with_place is not None and list(with_place) == list(FIELDS)
    assert with_place["location"] == {
        "name": "Kirkuk", "country": "IRQ", "admin1": "IQ.13", "lat": 35.46806, "lon": 44.39222, "feature": "city",
        "geonames_id": 94787, "text": "Kirkuk", "start": 30, "end": 36, "basis": "clause",
    }  # fmt: skip
    without = plover_record(row(None))
    assert without is not None and without["location"] is None


def test_location_to_dict_is_the_documented_record() -> None:
    assert list(ATLANTA.to_dict()) == ["text", "name", "country", "admin1", "lat", "lon", "feature", "start", "end", "geonames_id", "basis"]
    assert replace(ATLANTA, basis="clause").to_dict()["basis"] == "clause"
