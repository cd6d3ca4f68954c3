"""The gazetteer (context/gazetteer.py): names, homonyms, country codes, loading.

Homonyms are decided as docs/places.md says: a country the text gives, then a name
places.tsv lists, then the actors' countries, then the document's, then the knowledge
base's country, then population; a country's name means the country.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from detente.context.gazetteer import CountryCodes, Gazetteer, Place, Preferences, choose, place_key
from detente.errors import DataFileError


@pytest.fixture(scope="module")
def gazetteer(coder) -> Gazetteer:  # type: ignore[no-untyped-def]
    """The default gazetteer, the one the session's coder loaded (loaded once)."""
    return coder.locator.gazetteer  # type: ignore[no-any-return]


def actors(*countries: str) -> Preferences:
    return Preferences(actors=frozenset(countries))


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Goražde", "gorazde"),
        ("Sāmarrā’", "samarra"),
        ("Mazar-i-Sharif", "mazar i sharif"),
        ("Washington, D.C.", "washington d c"),
        ("  KHARTOUM ", "khartoum"),
    ],
)
def test_place_key_drops_accents_apostrophes_case_and_marks(written: str, key: str) -> None:
    assert place_key(written) == key


@pytest.mark.parametrize(
    ("name", "country"),
    [("Tripoli", "LBY"), ("Hyderabad", "IND"), ("Valencia", "VEN"), ("Santiago", "CHL")],
)
def test_without_context_the_most_populous_homonym_wins(gazetteer: Gazetteer, name: str, country: str) -> None:
    place = gazetteer.choose(name)
    assert place is not None and place.country == country and place.feature == "city"


@pytest.mark.parametrize(
    ("name", "prefer", "country", "expected_name"),
    [
        ("Tripoli", actors("LBN"), "LBN", "Tripoli"),
        ("Hyderabad", actors("PAK"), "PAK", "Hyderabad"),
        ("Valencia", actors("ESP"), "ESP", "Valencia"),
        ("Santiago", actors("CUB"), "CUB", "Santiago de Cuba"),  # an alternate name of Cuba's city
        ("Tripoli", Preferences(document={"LBN": 2, "SYR": 1}), "LBN", "Tripoli"),
        ("Hyderabad", Preferences(given="PAK", actors=frozenset({"IND"})), "PAK", "Hyderabad"),
    ],
)
def test_the_actors_document_or_given_country_decides_a_homonym(
    gazetteer: Gazetteer, name: str, prefer: Preferences, country: str, expected_name: str
) -> None:
    place = gazetteer.choose(name, prefer)
    assert place is not None and (place.country, place.name) == (country, expected_name)


def test_the_actors_country_comes_before_the_documents(gazetteer: Gazetteer) -> None:
    prefer = Preferences(actors=frozenset({"ESP"}), document={"VEN": 5})
    assert gazetteer.choose("Valencia", prefer).country == "ESP"  # type: ignore[union-attr]


def test_georgia_is_the_country_unless_the_actors_are_american(gazetteer: Gazetteer) -> None:
    country = gazetteer.choose("Georgia", actors("RUS"))
    assert country is not None and (country.country, country.feature) == ("GEO", "country")
    assert gazetteer.choose("Georgia").feature == "country"  # type: ignore[union-attr]
    state = gazetteer.choose("Georgia", actors("USA"))
    assert state is not None and (state.country, state.feature, state.admin1) == ("USA", "region", "US.GA")
    # Both sides of it: the country's own actors keep the country.
    assert gazetteer.choose("Georgia", actors("USA", "GEO")).country == "GEO"  # type: ignore[union-attr]


def test_a_city_named_like_a_country_needs_its_country_given(gazetteer: Gazetteer) -> None:
    # Lebanon, Pennsylvania exists; American actors "in Lebanon" are still in Lebanon.
    assert gazetteer.choose("Lebanon", actors("USA")).country == "LBN"  # type: ignore[union-attr]
    town = gazetteer.choose("Lebanon", Preferences(given="USA", given_admin1="US.PA"))
    assert town is not None and (town.country, town.feature, town.admin1) == ("USA", "city", "US.PA")


def test_a_name_places_tsv_lists_is_that_place_whoever_acts(gazetteer: Gazetteer) -> None:
    # Geneva, Illinois is a GeoNames city too; places.tsv lists Geneva as Switzerland's.
    kb = Preferences(actors=frozenset({"USA"}), kb_country="CHE", kb_unique=True)
    assert gazetteer.choose("Geneva", kb).country == "CHE"  # type: ignore[union-attr]
    assert gazetteer.choose("Geneva", actors("USA")).country == "USA"  # type: ignore[union-attr]


def test_a_region_yields_to_the_city_of_its_name_inside_it(gazetteer: Gazetteer) -> None:
    place = gazetteer.choose("New York")
    assert place is not None and (place.feature, place.admin1) == ("city", "US.NY")
    assert gazetteer.choose("Delaware").feature == "region"  # type: ignore[union-attr]


def test_alternate_and_accented_names_find_the_place(gazetteer: Gazetteer) -> None:
    assert gazetteer.choose("Khatmandu").name == "Kathmandu"  # type: ignore[union-attr]
    assert gazetteer.choose("Esfahan").country == "IRN"  # type: ignore[union-attr]
    assert gazetteer.choose("Gorazde").name == "Goražde"  # type: ignore[union-attr]
    assert gazetteer.lookup("nowhere-in-particular") == () and "Samarra" in gazetteer


def test_countries_come_from_countries_tsv_with_their_capitals_point(gazetteer: Gazetteer) -> None:
    britain = gazetteer.choose("Britain")
    assert britain is not None and (britain.name, britain.country, britain.feature) == ("United Kingdom", "GBR", "country")
    west_bank = gazetteer.choose("West Bank")
    assert west_bank is not None and west_bank.country == "PSE"
    iran = gazetteer.country("IRN")
    tehran = gazetteer.choose("Tehran")
    assert iran is not None and tehran is not None and (iran.lat, iran.lon) == (tehran.lat, tehran.lon)


def test_country_codes_convert_iso2_iso3_and_fips() -> None:
    codes = CountryCodes.from_defaults()
    assert codes.iso3("lb") == "LBN" and codes.iso2("DEU") == "DE"
    assert codes.fips("DEU") == "GM" and codes.fips("IRQ") == "IZ" and codes.fips("XXX") is None
    assert codes.iso3("QQ") is None and len(codes) > 240


def test_choose_keeps_to_the_given_country_or_says_none() -> None:
    a = Place("Springfield", "USA", "city", population=100)
    b = Place("Springfield", "AUS", "city", population=10)
    from detente.context.gazetteer import Match

    matches = (Match(a, True), Match(b, True))
    assert choose(matches, Preferences(given="AUS")) is b
    assert choose(matches, Preferences(given="NZL")) is None
    assert choose(matches, Preferences()) is a


# --- loading from files -----------------------------------------------------------------------


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    cities = write_json(
        tmp_path / "cities.json",
        {
            "1": {"geonameid": 1, "name": "Portville", "latitude": 1.5, "longitude": 2.5, "countrycode": "AA",
                  "population": 5000, "admin1code": "03", "alternatenames": ["Port Ville", "PV", "Портвиль", "portville-old"]},
            "2": {"geonameid": 2, "name": "Capitalia", "latitude": 3.0, "longitude": 4.0, "countrycode": "AA",
                  "population": 90000, "admin1code": "01", "alternatenames": []},
        },
    )  # fmt: skip
    countries = write_json(
        tmp_path / "countries.json",
        {"AA": {"iso": "AA", "iso3": "AAA", "fips": "AX", "name": "Aland", "capital": "Capitalia", "geonameid": 9, "population": 7}},
    )
    return cities, countries


def test_a_gazetteer_from_small_files(small: tuple[Path, Path]) -> None:
    cities, countries = small
    g = Gazetteer.from_files(cities, countries, country_names=("names.tsv", "AAA\tname\tAland\nAAA\tname\tThe Aland Republic\n"))
    port = g.choose("Port Ville")
    assert port is not None and (port.name, port.country, port.admin1, port.geonames_id) == ("Portville", "AAA", "AA.03", 1)
    # Codes in capitals, other scripts and lower-case transliterations are not names.
    assert g.lookup("PV") == () and g.lookup("Портвиль") == () and g.lookup("portville old") == ()
    aland = g.choose("the aland republic")
    assert aland is not None and (aland.feature, aland.lat, aland.lon) == ("country", 3.0, 4.0)
    assert pickle.loads(pickle.dumps(g)).choose("Portville") == port


def test_a_country_names_row_for_an_unknown_country_names_its_line(small: tuple[Path, Path]) -> None:
    cities, countries = small
    with pytest.raises(DataFileError, match=r"names\.tsv:2: country 'BBB'"):
        Gazetteer.from_files(cities, countries, country_names=("names.tsv", "AAA\tname\tAland\nBBB\tname\tBeeland\n"))


def test_a_broken_geonames_file_is_a_data_file_error(small: tuple[Path, Path], tmp_path: Path) -> None:
    _, countries = small
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="bad.json:1: bad JSON"):
        Gazetteer.from_files(bad, countries)
    missing = write_json(tmp_path / "nameless.json", {"1": {"geonameid": 1}})
    with pytest.raises(DataFileError, match="a record without"):
        Gazetteer.from_files(missing, countries)
