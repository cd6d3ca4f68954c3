"""The actor knowledge base: normalization, lookups, dates, matching, file errors."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.actors.kb import Entry, KnowledgeBase, SectorCodes, normalize
from detente.errors import DataFileError

D = dt.date


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_defaults()


# -- normalize ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kim Jong-un", "kim jong - un"),
        ("U.S.", "u.s."),
        ("North  Korea", "north korea"),
        ("  Côte d\u2019Ivoire ", "côte d'ivoire"),
        ("Guinea\u2013Bissau", "guinea \u2013 bissau"),
        ("al - Qaeda", "al - qaeda"),
        ("People\u2018s\tDaily\n", "people's daily"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    for raw in ["Kim Jong-un", "Port-au-Prince", "U.S.-North Korean", "Moon Jae-in"]:
        once = normalize(raw)
        assert normalize(once) == once


# -- lookups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "kind"),
    [
        ("US", "USA", "country"),
        ("U.S.", "USA", "country"),
        ("United States of America", "USA", "country"),
        ("america", "USA", "country"),
        ("Americans", "USA", "adjective"),
        ("Pyongyang", "PRKGOV", "capital"),
        ("North Korean", "PRK", "adjective"),
        ("DPRK", "PRK", "country"),
        ("Democratic People\u2019s Republic of Korea", "PRK", "country"),
        ("Seoul", "KORGOV", "capital"),
        ("Kremlin", "RUSGOV", "capital"),
        ("Pentagon", "USAMIL", "capital"),
        ("White House", "USAGOV", "capital"),
        ("Kyiv", "UKRGOV", "capital"),
        ("Kiev", "UKRGOV", "capital"),
        ("Jerusalem", "ISRGOV", "capital"),
        ("IAEA", "IGOUNOIAE", "organization"),
        ("International Atomic Energy Agency", "IGOUNOIAE", "organization"),
        ("UN Security Council", "IGOUNO", "organization"),
        ("New York Times", "USAMED", "organization"),
        ("KCNA", "PRKMED", "organization"),
        ("Hamas", "PSEREB", "organization"),
        ("Islamic State", "IMGREB", "organization"),
        ("Kosovo", "XKX", "country"),
        ("Taiwan", "TWN", "country"),
    ],
)
def test_lookup(kb: KnowledgeBase, name: str, code: str, kind: str) -> None:
    entry = kb.lookup(name)
    assert entry is not None, name
    assert (entry.code, entry.kind) == (code, kind)


def test_lookup_fields(kb: KnowledgeBase) -> None:
    usa = kb.lookup("USA")
    assert usa == Entry("usa", "USA", "USA", None, "country", display="USA")
    capital = kb.lookup("Pyongyang")
    assert capital is not None
    assert (capital.country, capital.sector) == ("PRK", "GOV")
    times = kb.lookup("the new york times")
    assert times is not None
    assert (times.country, times.sector) == ("USA", "MED")
    un = kb.lookup("U.N.")
    assert un is not None
    assert (un.code, un.country, un.sector) == ("IGOUNO", None, None)


def test_lookup_unknown(kb: KnowledgeBase) -> None:
    assert kb.lookup("Ruritania") is None
    assert kb.lookup("") is None


def test_regions_keep_america_apart(kb: KnowledgeBase) -> None:
    south_america = kb.lookup("South America")
    assert south_america is not None and south_america.code == "SAM"
    assert south_america.country is None


# -- people and dates -----------------------------------------------------------------


def test_trump_terms(kb: KnowledgeBase) -> None:
    first = kb.lookup("Trump", D(2018, 6, 12))
    assert first is not None
    assert (first.code, first.kind, first.display) == ("USAGOV", "person", "Donald Trump")
    assert kb.lookup("Donald Trump", D(2018, 6, 12)) is not None
    between = kb.lookup("Trump", D(2022, 1, 1))  # out of office between his terms
    assert between is not None and between.code == "USAELI"
    second = kb.lookup("Donald Trump", D(2025, 6, 1))
    assert second is not None and second.start == D(2025, 1, 20)


def test_undated_person_lookup_gives_latest_role(kb: KnowledgeBase) -> None:
    trump = kb.lookup("Trump")
    assert trump is not None and trump.start == D(2025, 1, 20)
    pompeo = kb.lookup("Pompeo")
    assert pompeo is not None and pompeo.code == "USAGOV"


def test_moon_jae_in_bounds(kb: KnowledgeBase) -> None:
    for day in (D(2017, 5, 10), D(2018, 8, 23), D(2022, 5, 9)):
        moon = kb.lookup("Moon Jae-in", day)
        assert moon is not None and moon.code == "KORGOV", day
    assert kb.lookup("Moon Jae-in", D(2017, 5, 9)) is None
    # Out of office, a former president is one of the country's elite (ELI).
    former = kb.lookup("Moon Jae-in", D(2022, 5, 10))
    assert former is not None and (former.code, former.sector) == ("KORELI", "ELI")
    assert kb.lookup("Moon Jae In", D(2019, 1, 1)) is not None


def test_code_changes_with_role(kb: KnowledgeBase) -> None:
    pompeo_cia = kb.lookup("Mike Pompeo", D(2017, 6, 1))
    pompeo_state = kb.lookup("Mike Pompeo", D(2018, 8, 23))
    assert pompeo_cia is not None and pompeo_cia.code == "USASPY"
    assert pompeo_state is not None and pompeo_state.code == "USAGOV"
    guterres = kb.lookup("Guterres", D(2020, 1, 1))
    assert guterres is not None and (guterres.code, guterres.country) == ("IGOUNO", None)


def test_shared_alias_resolves_by_date(kb: KnowledgeBase) -> None:
    kim_2005 = kb.lookup("Kim", D(2005, 1, 1))
    kim_2018 = kb.lookup("Kim", D(2018, 1, 1))
    assert kim_2005 is not None and kim_2005.display == "Kim Jong-il"
    assert kim_2018 is not None and kim_2018.display == "Kim Jong-un"
    clinton_2000 = kb.lookup("Clinton", D(2000, 1, 1))
    clinton_2010 = kb.lookup("Clinton", D(2010, 1, 1))
    assert clinton_2000 is not None and clinton_2000.display == "Bill Clinton"
    assert clinton_2010 is not None and clinton_2010.display == "Hillary Clinton"
    assert kb.lookup("Clinton", D(2005, 1, 1)) is None


def test_valid_on() -> None:
    entry = Entry("x", "USAGOV", "USA", "GOV", "person", D(2000, 1, 1), D(2000, 12, 31))
    assert entry.valid_on(None)
    assert entry.valid_on(D(2000, 1, 1)) and entry.valid_on(D(2000, 12, 31))
    assert not entry.valid_on(D(1999, 12, 31)) and not entry.valid_on(D(2001, 1, 1))
    assert Entry("y", "USA", "USA", None, "country").valid_on(D(1066, 10, 14))


# -- match_at -------------------------------------------------------------------------


def test_match_at_takes_longest(kb: KnowledgeBase) -> None:
    words = ["south", "korean", "president", "moon", "jae", "-", "in", "said"]
    on = D(2018, 8, 23)
    first = kb.match_at(words, 0, on)
    assert first is not None
    assert first[0] == 2 and first[1].code == "KOR"
    assert kb.match_at(words, 2, on) is None
    moon = kb.match_at(words, 3, on)
    assert moon is not None
    assert moon[0] == 4 and moon[1].code == "KORGOV"
    assert kb.match_at(words, 7, on) is None


def test_match_at_alias_and_dates(kb: KnowledgeBase) -> None:
    words = ["trump", "met", "kim", "in", "singapore"]
    trump = kb.match_at(words, 0, D(2018, 6, 12))
    assert trump is not None and trump == (1, kb.lookup("Trump", D(2018, 6, 12)))
    between = kb.match_at(words, 0, D(2022, 6, 12))  # between his terms: a former president
    assert between is not None and between[1].code == "USAELI"
    singapore = kb.match_at(words, 4, D(2018, 6, 12))
    assert singapore is not None and singapore[1].code == "SGP"


def test_match_at_possessive_split_as_spacy_does(kb: KnowledgeBase) -> None:
    words = ["the", "democratic", "people", "'s", "republic", "of", "korea"]
    hit = kb.match_at(words, 1)
    assert hit is not None
    assert hit == (6, kb.lookup("Democratic People's Republic of Korea"))


def test_match_at_bounds(kb: KnowledgeBase) -> None:
    assert kb.match_at([], 0) is None
    assert kb.match_at(["us"], 1) is None
    assert kb.match_at(["us"], -1) is None
    hit = kb.match_at(["new", "york", "times"], 0)
    assert hit is not None and hit[0] == 3
    assert kb.max_words >= 3


# -- sectors and country names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "sector"),
    [
        ("president", "GOV"),
        ("Foreign Minister", "GOV"),
        ("secretary of state", "GOV"),
        ("national security adviser", "GOV"),
        ("troops", "MIL"),
        ("soldier", "MIL"),
        ("defense minister", "MIL"),
        ("police", "COP"),
        ("rebel", "REB"),
        ("protesters", "OPP"),
        ("newspaper", "MED"),
        ("editorial", "MED"),
        ("court", "JUD"),
        ("lawmaker", "LEG"),
        ("company", "BUS"),
        ("civilians", "CVL"),
        ("refugee", "REF"),
        ("intelligence agency", "SPY"),
    ],
)
def test_sector_of(kb: KnowledgeBase, term: str, sector: str) -> None:
    assert kb.sector_of(term) == sector


def test_sector_of_unknown(kb: KnowledgeBase) -> None:
    assert kb.sector_of("banana") is None
    assert kb.sector_terms_max_words >= 3


def test_country_name(kb: KnowledgeBase) -> None:
    assert kb.country_name("USA") == "United States"
    assert kb.country_name("PRK") == "North Korea"
    assert kb.country_name("ZZZ") is None


# -- the bundled data as a whole -------------------------------------------------------------


def test_every_country_code_is_iso3_shaped(kb: KnowledgeBase) -> None:
    countries = [e for e in kb.entries if e.kind in ("country", "adjective", "capital")]
    assert len({e.country for e in countries}) >= 195
    for entry in countries:
        assert entry.country is not None and re.fullmatch(r"[A-Z]{3}", entry.country), entry
        assert entry.code.startswith(entry.country)
    for entry in kb.entries:
        if entry.country is not None:
            assert kb.country_name(entry.country) is not None, entry


def test_no_conflicting_names(kb: KnowledgeBase) -> None:
    by_name: dict[str, list[Entry]] = {}
    for entry in kb.entries:
        by_name.setdefault(entry.name, []).append(entry)
    for name, entries in by_name.items():
        things = [e for e in entries if e.kind != "person"]
        fixed = {e.code for e in things}
        for a in things:
            for b in things:
                # one name, two codes: only on dates that never meet (the Taliban, 2021)
                assert a.code == b.code or (a.end or dt.date.max) < (b.start or dt.date.min) or (
                    b.end or dt.date.max
                ) < (a.start or dt.date.min), (name, a, b)
        people = [e for e in entries if e.kind == "person"]
        assert not (fixed and people), name
        for a in people:
            for b in people:
                if a is b or (a.display == b.display and a.code == b.code):
                    continue
                overlap = (a.start or D.min) <= (b.end or D.max) and (b.start or D.min) <= (
                    a.end or D.max
                )
                assert not overlap, (name, a, b)


def test_people_dates_are_ordered(kb: KnowledgeBase) -> None:
    people = [e for e in kb.entries if e.kind == "person"]
    assert len({e.display for e in people}) >= 300
    for entry in people:
        assert entry.start is not None
        assert entry.end is None or entry.start <= entry.end, entry


def test_constructor_does_no_io() -> None:
    entry = Entry("atlantis", "ATL", "ATL", None, "country", display="Atlantis")
    kb = KnowledgeBase([entry], {"Grand Vizier": "GOV"}, SectorCodes.from_defaults())
    assert kb.lookup("ATLANTIS") == entry
    assert kb.sector_of("grand vizier") == "GOV"
    assert (kb.max_words, kb.sector_terms_max_words) == (1, 2)
    assert kb.country_name("ATL") == "Atlantis"


# -- malformed files -----------------------------------------------------------------------


COUNTRIES = "# iso3 kind name\nUSA\tname\tUnited States\nUSA\tcapital\tWashington\nPRK\tname\tNorth Korea\n"
ORGS = "# code country sector name\nIGOUNO\t\t\tUnited Nations\nUSAMED\tUSA\tMED\tNew York Times\n"
PEOPLE = "# name code start end role aliases\nDonald Trump\tUSAGOV\t2017-01-20\t2021-01-20\tPresident\tTrump\n"
SECTORS = "# term sector\npresident\tGOV\n"


def _write(tmp_path: Path, **texts: str) -> dict[str, Path]:
    files = {"countries": COUNTRIES, "organizations": ORGS, "people": PEOPLE, "sectors": SECTORS}
    files.update(texts)
    paths = {}
    for key, text in files.items():
        path = tmp_path / f"{key}.tsv"
        path.write_text(text, encoding="utf-8")
        paths[key] = path
    return paths


def test_from_files_reads_small_kb(tmp_path: Path) -> None:
    kb = KnowledgeBase.from_files(**_write(tmp_path))
    washington = kb.lookup("washington")
    assert washington is not None and washington.code == "USAGOV"
    assert kb.lookup("Trump", D(2019, 1, 1)) is not None
    assert kb.sector_of("President") == "GOV"


def _bad_cases() -> Iterator[tuple[str, str, int, str]]:
    yield "countries", COUNTRIES + "USA\tname\n", 5, "columns"
    yield "countries", COUNTRIES + "usa\tname\tAmerica\n", 5, "alpha-3"
    yield "countries", COUNTRIES + "USA\tnickname\tUncle Sam\n", 5, "kind"
    yield "countries", COUNTRIES + "USA\tname\tAmerica\tGOV\n", 5, "capital"
    yield "countries", COUNTRIES + "\n# note\nPRK\tname\tUnited States\n", 7, "ambiguous"
    yield "organizations", ORGS + "XYZMED\tXYZ\tMED\tDaily Planet\n", 4, "unknown country"
    yield "organizations", ORGS + "USAMED\tUSA\tXXX\tDaily Planet\n", 4, "sector"
    yield "organizations", ORGS + "PRKMED\tUSA\tMED\tDaily Planet\n", 4, "does not start"
    yield "organizations", ORGS + "PRKMED\tPRK\tMED\tNorth Korea\n", 4, "ambiguous"
    yield "people", PEOPLE + "Kim Jong-un\tPRKGOV\t2011-13-19\t\tLeader\tKim\n", 3, "start"
    yield "people", PEOPLE + "Kim Jong-un\tPRKGOV\t19/12/2011\t\tLeader\tKim\n", 3, "YYYY-MM-DD"
    yield "people", PEOPLE + "Kim Jong-un\tPRKGOV\t\t\tLeader\tKim\n", 3, "required"
    yield "people", PEOPLE + "Kim Jong-un\tPRKGOV\t2011-12-19\t2010-01-01\tLeader\n", 3, "before"
    yield "people", PEOPLE + "Kim Jong-un\tZZZGOV\t2011-12-19\t\tLeader\n", 3, "no known country"
    yield "people", PEOPLE + "Kim Jong-un\tPRKGOV\t2011-12-19\n", 3, "columns"
    yield "people", PEOPLE + "Ivanka Trump\tUSAGOV\t2017-03-29\t2021-01-20\tAdviser\tTrump\n", 3, "ambiguous"
    yield "people", PEOPLE + "Donald Trump\tUSAMIL\t2020-01-01\t\tCommander\n", 3, "ambiguous"
    yield "sectors", SECTORS + "troops\n", 3, "columns"
    yield "sectors", SECTORS + "troops\tARMY\n", 3, "sector"
    yield "sectors", SECTORS + "\nPresident\tMIL\n", 4, "given sector"


@pytest.mark.parametrize(("which", "text", "line", "words"), list(_bad_cases()))
def test_malformed_file_names_file_and_line(
    tmp_path: Path, which: str, text: str, line: int, words: str
) -> None:
    paths = _write(tmp_path, **{which: text})
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.from_files(**paths)
    error = caught.value
    assert error.path == str(paths[which])
    assert error.line == line
    assert f"{paths[which]}:{line}:" in str(error)
    assert words in error.message


@pytest.mark.parametrize(
    ("which", "text", "message"),
    [
        ("countries", COUNTRIES + "\n# a note\nUSA\tname\n", "expected 3 to 6 tab-separated columns, got 2"),
        ("organizations", ORGS + "\n# a note\nUSAMED\tUSA\tMED\n", "expected 4 to 6 tab-separated columns, got 3"),
        ("people", PEOPLE + "\n# a note\nKim Jong-un\tPRKGOV\n", "expected 5 or 6 tab-separated columns, got 2"),
        ("sectors", SECTORS + "\n# a note\nenvoy\tGOV\tGOV\n", "expected 2 tab-separated columns, got 3"),
        ("places", "# iso3 name\nUSA\tAlaska\n\n# a note\nUSA\n", "expected 2 to 4 tab-separated columns, got 1"),
    ],
)
def test_a_row_with_the_wrong_column_count_names_file_and_line(
    tmp_path: Path, which: str, text: str, message: str
) -> None:
    """Every knowledge-base table is read by detente.tsv.rows: comments and blank lines
    are skipped but counted, and the error gives the file, the line and the counts."""
    paths = _write(tmp_path, **{which: text})
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.from_files(**paths)
    line = len(text.splitlines())
    assert (caught.value.path, caught.value.line, caught.value.message) == (str(paths[which]), line, message)
    assert str(caught.value) == f"{paths[which]}:{line}: {message}"


def test_person_alias_may_repeat_when_roles_do_not_overlap(tmp_path: Path) -> None:
    people = PEOPLE + "Ivanka Trump\tUSAGOV\t2021-01-21\t2021-12-31\tAdviser\tTrump\n"
    kb = KnowledgeBase.from_files(**_write(tmp_path, people=people))
    later = kb.lookup("Trump", D(2021, 6, 1))
    assert later is not None and later.display == "Ivanka Trump"


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    paths = _write(tmp_path)
    paths["sectors"] = tmp_path / "nowhere.tsv"
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.from_files(**paths)
    assert caught.value.path == str(tmp_path / "nowhere.tsv")


def test_knowledge_base_pickles(kb: KnowledgeBase) -> None:
    # Coders travel to worker processes; the knowledge base goes with them.
    import pickle

    copy = pickle.loads(pickle.dumps(kb))
    assert copy.lookup("Pyongyang") == kb.lookup("Pyongyang")
    assert copy.match_at(["north", "korea"], 0) == kb.match_at(["north", "korea"], 0)


# -- places ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Zurich", "CHE"),
        ("Zürich", "CHE"),
        ("Aleppo", "SYR"),
        ("Golan Heights", "SYR"),
        ("Alaska", "USA"),
        ("Mosul", "IRQ"),
        ("Odesa", "UKR"),
        ("Odessa", "UKR"),
        ("Crimea", "UKR"),
        ("Xinjiang", "CHN"),
        ("Chechnya", "RUS"),
        ("Balochistan", "PAK"),
        ("Sinai", "EGY"),
        ("Darfur", "SDN"),
        ("Camp David", "USA"),
        ("Hebron", "PSE"),
    ],
)
def test_place_lookup(kb: KnowledgeBase, name: str, code: str) -> None:
    entry = kb.lookup(name)
    assert entry is not None, name
    assert (entry.code, entry.country, entry.sector, entry.kind) == (code, code, None, "place")


def test_places_load(kb: KnowledgeBase) -> None:
    places = [e for e in kb.entries if e.kind == "place"]
    assert len(places) >= 800
    assert all(e.code == e.country and e.sector is None for e in places)
    countries = {e.country for e in kb.entries if e.kind == "country"}
    assert {e.country for e in places} <= countries


def test_places_leave_countries_alone(kb: KnowledgeBase) -> None:
    georgia = kb.lookup("Georgia")
    assert georgia is not None and (georgia.code, georgia.kind) == ("GEO", "country")
    jordan = kb.lookup("Jordan")
    assert jordan is not None and (jordan.code, jordan.kind) == ("JOR", "country")
    gaza = kb.lookup("Gaza Strip")
    assert gaza is not None and gaza.code == "PSE"
    washington = kb.lookup("Washington")
    assert washington is not None and washington.code == "USAGOV"


def test_match_at_takes_longest_place(kb: KnowledgeBase) -> None:
    words = ["fighting", "in", "the", "gaza", "strip", "and", "golan", "heights"]
    gaza = kb.match_at(words, 3)
    assert gaza is not None and gaza[0] == 2 and gaza[1].code == "PSE"
    golan = kb.match_at(words, 6)
    assert golan is not None and golan == (2, kb.lookup("Golan Heights"))
    city = kb.match_at(["new", "york", "city", "police"], 0)
    assert city is not None and city[0] == 3 and city[1].kind == "place"
    # An organization that starts with a place's name still wins by length.
    paper = kb.match_at(["new", "york", "times"], 0)
    assert paper is not None and paper[1].code == "USAMED"


def test_no_place_name_repeats_another_name(kb: KnowledgeBase) -> None:
    others = {e.name for e in kb.entries if e.kind != "place"}
    places = [e.name for e in kb.entries if e.kind == "place"]
    assert len(places) == len(set(places))
    assert not others & set(places)


PLACES = "# iso3 name\nUSA\tAlaska\nPRK\tYongbyon\n"


def test_from_files_reads_places(tmp_path: Path) -> None:
    paths = _write(tmp_path, places=PLACES)
    kb = KnowledgeBase.from_files(**paths)
    alaska = kb.lookup("alaska")
    assert alaska is not None and (alaska.code, alaska.kind) == ("USA", "place")
    without = KnowledgeBase.from_files(
        paths["countries"], paths["organizations"], paths["people"], paths["sectors"]
    )
    assert without.lookup("alaska") is None


def _bad_places() -> Iterator[tuple[str, int, str]]:
    yield PLACES + "USA\n", 4, "columns"
    yield PLACES + "USA\tTexas\t1845-12-29\t2000-01-01\tUSA\n", 4, "columns"
    yield PLACES + "USA\tTexas\tUSA\n", 4, "not a YYYY-MM-DD date"
    yield PLACES + "us\tTexas\n", 4, "alpha-3"
    yield PLACES + "XYZ\tAtlantis\n", 4, "unknown country"
    yield PLACES + "USA\t \n", 4, "empty name"
    yield PLACES + "\nPRK\tNorth Korea\n", 5, "duplicate"  # a country name, same code
    yield PLACES + "PRK\tWashington\n", 4, "ambiguous"  # a capital of another code
    yield PLACES + "USA\tNew York Times\n", 4, "ambiguous"  # an organization
    yield PLACES + "USA\tTrump\n", 4, "ambiguous"  # a person's alias
    yield PLACES + "USA\tALASKA\n", 4, "duplicate"  # repeated within the file


@pytest.mark.parametrize(("text", "line", "words"), list(_bad_places()))
def test_malformed_places_file_names_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    paths = _write(tmp_path, places=text)
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.from_files(**paths)
    error = caught.value
    assert error.path == str(paths["places"])
    assert error.line == line
    assert f"{paths['places']}:{line}:" in str(error)
    assert words in error.message
