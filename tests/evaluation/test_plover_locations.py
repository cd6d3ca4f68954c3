"""The PLOVER location figure: the hand-made table of the gold's place names
(evaluation/plover_locations.tsv), the gold loader's eventLoc, and the scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.context.gazetteer import CountryCodes
from detente.errors import DataFileError
from detente.evaluation import PLOVER_FILE, PloverLocations, evaluate_plover, load_plover
from detente.evaluation.plover_locations import parse_locations
from detente.evaluation.report import format_errors, format_results

from evalfakes import FakeCoder, Spec

HEADER = "# a comment\nname\tcountry\tnote\n"
KNOWN = frozenset({"IRQ", "LBN", "FRA"})


def test_the_bundled_table_loads_and_checks_its_countries() -> None:
    table = PloverLocations.from_defaults()
    assert table.country("Khatmandu") == "NPL" and table.country("West Bank") == "PSE"
    assert table.country("Kirkuk") == "IRQ" and table.country("Atlantis") is None
    known = {c.iso3 for c in CountryCodes.from_defaults()}
    assert all(row.country in known for row in table) and len(table) >= 30


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("Basra\tIRQ\t\nBasra\tIRQ\tagain\n", r"t\.tsv:4: place name 'Basra' is already listed \(line 3\)"),
        ("Basra\tIraq\t\n", r"t\.tsv:3: country 'Iraq' is not an ISO 3166-1 alpha-3 code"),
        ("Basra\tXYZ\t\n", r"t\.tsv:3: country 'XYZ' is not a country GeoNames lists"),
        ("Basra\tIRQ\n", r"t\.tsv:3: expected 3 TAB-separated columns"),
    ],
)
def test_a_bad_row_names_the_file_and_line(rows: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_locations(HEADER + rows, "t.tsv", KNOWN)


def test_a_wrong_header_is_refused() -> None:
    with pytest.raises(DataFileError, match="expected the header row"):
        parse_locations("place\tcountry\tnote\nBasra\tIRQ\t\n", "t.tsv", KNOWN)


def gold_file(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gold.json"
    body = [{"id": "DOC", "event": "DOCUMENT"}] + [
        {"id": f"R{i}", "event": "ASSAULT", "text": f"Sentence number {i} happened.", **r} for i, r in enumerate(records)
    ]
    path.write_text(json.dumps(body, indent=1), encoding="utf-8")
    return path


def table(tmp_path: Path, text: str) -> PloverLocations:
    path = tmp_path / "locations.tsv"
    path.write_text(HEADER + text, encoding="utf-8")
    return PloverLocations.from_file(path, KNOWN)


def test_the_loader_takes_the_gold_code_else_the_table(tmp_path: Path) -> None:
    path = gold_file(
        tmp_path,
        [{"eventLoc": {"name": "Tripoli", "country code": "LB"}}, {"eventLoc": {"name": "Basra"}}, {}],
    )
    records = load_plover(path, locations=table(tmp_path, "Basra\tIRQ\t\n"))
    assert [(r.location_name, r.location_country) for r in records] == [("Tripoli", "LBN"), ("Basra", "IRQ"), (None, None)]
    # Without the table only coded countries are known.
    assert [r.location_country for r in load_plover(path)] == ["LBN", None, None]


def test_a_gold_place_the_table_lacks_names_the_gold_line(tmp_path: Path) -> None:
    path = gold_file(tmp_path, [{"eventLoc": {"name": "Basra"}}, {"eventLoc": {"name": "Mosul"}}])
    with pytest.raises(DataFileError, match=r"gold\.json:\d+: R1: eventLoc 'Mosul' gives no country code and is not in"):
        load_plover(path, locations=table(tmp_path, "Basra\tIRQ\t\n"))
    bad = gold_file(tmp_path, [{"eventLoc": {"name": "Nowhere", "country code": "QQ"}}])
    with pytest.raises(DataFileError, match="country code 'QQ'"):
        load_plover(bad)


def test_every_gold_place_has_a_country(data_dir: Path) -> None:
    records = load_plover(data_dir / PLOVER_FILE, locations=PloverLocations.from_defaults())
    placed = [r for r in records if r.location_name is not None]
    assert len(placed) == 48 and all(r.location_country for r in placed)


def test_the_location_figure_takes_the_first_event_with_a_location(tmp_path: Path) -> None:
    path = gold_file(
        tmp_path,
        [{"eventLoc": {"name": "Basra"}}, {"eventLoc": {"name": "Basra"}}, {"eventLoc": {"name": "Basra"}}, {}],
    )
    records = load_plover(path, locations=table(tmp_path, "Basra\tIRQ\t\n"))
    texts = [r.text for r in records]
    coder = FakeCoder(
        {
            # an unplaced first event, then one in Iraq: right
            texts[0]: [Spec("IRQ", None, "190", "Sentence"), Spec("IRQ", None, "190", "happened", location="IRQ")],
            # placed in the wrong country: wrong
            texts[1]: [Spec("IRQ", None, "190", "happened", location="LBN")],
            # no event with a location: wrong, and counted missing
            texts[2]: [Spec("IRQ", None, "190", "happened")],
            texts[3]: [Spec("IRQ", None, "190", "happened", location="FRA")],  # no gold place: not scored
        }
    )
    result = evaluate_plover(coder, records)
    assert (result.location_correct, result.location_total, result.location_missing) == (1, 3, 1)
    assert result.location_accuracy == pytest.approx(1 / 3)
    assert [r.location_correct for r in result.records] == [True, False, False, None]
    assert "location country" in format_results(plover=result) and "0.333 (1/3)" in format_results(plover=result)
    errors = format_errors(result)
    assert "location: gold Basra (IRQ), predicted 'happened' -> happened (LBN" in errors
    assert "location: gold Basra (IRQ), no event has a location" in errors
