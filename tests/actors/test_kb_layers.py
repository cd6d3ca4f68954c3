"""Knowledge base v2: dates on every file, collectives, a user's directory over the
bundled files, checking every file, and names one typing slip away."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from detente.actors.kb import KB_FILES, KnowledgeBase, check_knowledge_base
from detente.errors import DataFileError


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_defaults()


# --- dates on every file ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "code"),
    [("2001-10-07", "AFGREB"), ("2021-08-14", "AFGREB"), ("2021-08-15", "AFGGOV"), ("2024-03-01", "AFGGOV")],
)
def test_the_taliban_are_rebels_until_the_takeover_and_the_government_from_it(
    kb: KnowledgeBase, day: str, code: str
) -> None:
    for name in ("Taliban", "Taleban", "Afghan Taliban"):
        entry = kb.lookup(name, dt.date.fromisoformat(day))
        assert entry is not None and entry.code == code, (name, day)


def test_a_dated_organisation_row_holds_only_on_its_dates(tmp_path: Path) -> None:
    (tmp_path / "organizations.tsv").write_text(
        "ZAFPTY\tZAF\tPTY\tUnity Front\t\t1994-04-26\nZAFGOV\tZAF\tGOV\tUnity Front\t1994-04-27\n", encoding="utf-8"
    )
    kb = KnowledgeBase.layered(tmp_path)
    before, after = kb.lookup("Unity Front", dt.date(1994, 4, 26)), kb.lookup("unity front", dt.date(1994, 4, 27))
    assert before is not None and before.code == "ZAFPTY"
    assert after is not None and after.code == "ZAFGOV"
    latest = kb.lookup("Unity Front")  # no date: the entry that started last
    assert latest is not None and latest.code == "ZAFGOV"


def test_dated_country_and_place_rows(tmp_path: Path) -> None:
    # A country's old name, and a city that changed hands, each on their own dates.
    (tmp_path / "countries.tsv").write_text("COD\tname\tZaire\t\t1971-10-27\t1997-05-17\n", encoding="utf-8")
    (tmp_path / "places.tsv").write_text("ARM\tStepanville\t\t1990-12-31\nAZE\tStepanville\t1991-01-01\n", encoding="utf-8")
    kb = KnowledgeBase.layered(tmp_path)
    zaire = kb.lookup("Zaire", dt.date(1990, 1, 1))
    assert zaire is not None and zaire.code == "COD"
    assert kb.lookup("Zaire", dt.date(2005, 1, 1)) is None
    early, late = kb.lookup("Stepanville", dt.date(1990, 6, 1)), kb.lookup("Stepanville", dt.date(1995, 6, 1))
    assert early is not None and early.code == "ARM"
    assert late is not None and late.code == "AZE"


def test_two_codes_of_one_name_on_overlapping_dates_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "organizations.tsv").write_text(
        "# two readings\nKENREB\tKEN\tREB\tRiver Army\t\t2010-12-31\nKENMIL\tKEN\tMIL\tRiver Army\t2010-06-01\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.layered(tmp_path)
    assert caught.value.path == str(tmp_path / "organizations.tsv") and caught.value.line == 3
    assert "ambiguous name 'river army'" in caught.value.message


def test_an_end_before_the_start_is_an_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "places.tsv").write_text("KEN\tOld Harbour Town\t2001-01-01\t1999-01-01\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.layered(tmp_path)
    assert caught.value.line == 1 and "before start" in caught.value.message


# --- collectives -------------------------------------------------------------------


def test_a_collective_stands_for_its_members(kb: KnowledgeBase) -> None:
    p5 = kb.lookup("P5+1")
    assert p5 is not None and set(p5.members) == {"USA", "GBR", "FRA", "RUS", "CHN", "DEU"}
    koreas = kb.lookup("the two Koreas".removeprefix("the "))
    assert koreas is not None and koreas.members == ("PRK", "KOR")
    assert kb.lookup("Quartet", dt.date(2001, 6, 1)) is None  # formed in April 2002
    quartet = kb.lookup("Quartet", dt.date(2005, 6, 1))
    assert quartet is not None and "IGOUNO" in quartet.members


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # Iran with each of the six, both ways; never the six with each other
        ("Iran and the P5+1 resumed talks in Geneva.", 12),
        # the two Koreas with each other
        ("The two Koreas agreed to reopen the liaison office.", 2),
    ],
)
def test_a_collective_in_a_joint_act(coder, text: str, pairs: int) -> None:  # type: ignore[no-untyped-def]
    events = coder.code(text, "2016-03-01")
    found = {(e.source.code, e.target.code if e.target else None) for e in events}
    assert len(found) == pairs, found
    if pairs == 12:
        assert ("IRN", "CHN") in found and ("DEU", "IRN") in found and ("USA", "GBR") not in found


def test_a_collective_as_a_target_gives_one_event_per_member(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("Lithuania's president criticized the Nordic countries.", "2019-05-01")
    assert {e.target.code for e in events if e.target} == {"DNK", "FIN", "ISL", "NOR", "SWE"}


def test_a_collective_member_must_be_known(tmp_path: Path) -> None:
    (tmp_path / "collectives.tsv").write_text("Lake Group\tKEN UGA ZZZ\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.layered(tmp_path)
    assert "'ZZZ'" in caught.value.message and caught.value.line == 1


# --- a user's own directory --------------------------------------------------------------


def test_a_users_rows_are_added_and_replace_bundled_names(tmp_path: Path) -> None:
    (tmp_path / "organizations.tsv").write_text(
        "KENMED\tKEN\tMED\tThe Coast Herald\nAFGREB\tAFG\tREB\tTaliban\n", encoding="utf-8"
    )
    (tmp_path / "people.tsv").write_text(
        "Amina Odhiambo\tKENGOV\t2022-09-01\t\tGovernor of Mombasa\tOdhiambo\n", encoding="utf-8"
    )
    kb = KnowledgeBase.layered(tmp_path)
    herald = kb.lookup("the coast herald".removeprefix("the "))
    assert herald is None  # the name is "The Coast Herald", article included
    herald = kb.lookup("The Coast Herald")
    assert herald is not None and herald.code == "KENMED"
    taliban = kb.lookup("Taliban", dt.date(2023, 1, 1))
    assert taliban is not None and taliban.code == "AFGREB"  # the user's row replaced both dated rows
    governor = kb.lookup("Odhiambo", dt.date(2023, 1, 1))
    assert governor is not None and governor.code == "KENGOV"
    assert kb.lookup("Odhiambo", dt.date(2021, 1, 1)) is None
    assert kb.digest is not None and KnowledgeBase.from_defaults().digest is None


def test_a_users_sector_term_and_sector_code(tmp_path: Path) -> None:
    header = (Path(__file__).parents[2] / "src/detente/data/sector_codes.tsv").read_text(encoding="utf-8")
    columns = next(line for line in header.splitlines() if line.startswith("code\t"))
    n = len(columns.split("\t")) - 2
    (tmp_path / "sector_codes.tsv").write_text(columns + "\nFSH\tfishers\t" + "\t".join(["no"] * n) + "\n", encoding="utf-8")
    (tmp_path / "sectors.tsv").write_text("trawlerman\tFSH\nminister\tELI\n", encoding="utf-8")
    kb = KnowledgeBase.layered(tmp_path)
    assert kb.sector_of("trawlerman") == "FSH" and "FSH" in kb.sector_codes and "GOV" in kb.sector_codes
    assert kb.sector_of("minister") == "ELI"  # the user's term wins
    assert kb.sector_of("president") == "GOV"  # the bundled terms stay


def test_the_coders_version_names_the_users_files(tmp_path: Path) -> None:
    from detente.coder import CODER_VERSION, Coder

    (tmp_path / "places.tsv").write_text("KEN\tLittle Malindi\n", encoding="utf-8")
    version = Coder.from_defaults(kb_dir=tmp_path).version
    assert version.startswith(CODER_VERSION + "+kb.") and len(version) == len(CODER_VERSION) + 16
    (tmp_path / "places.tsv").write_text("KEN\tLittle Malindi\nKEN\tUpper Malindi\n", encoding="utf-8")
    assert Coder.from_defaults(kb_dir=tmp_path).version != version


@pytest.mark.parametrize(
    ("files", "words"),
    [
        ({"organisations.tsv": "KENMED\tKEN\tMED\tThe Coast Herald\n"}, "not a knowledge-base file"),
        ({"notes.txt": "nothing here"}, "holds none of the knowledge-base files"),
    ],
)
def test_a_misspelt_or_empty_directory_is_an_error(tmp_path: Path, files: dict[str, str], words: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.layered(tmp_path)
    assert words in caught.value.message
    assert set(KB_FILES) >= {"people.tsv", "collectives.tsv"}


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not a directory"):
        KnowledgeBase.layered(tmp_path / "nowhere")


# --- checking every file ------------------------------------------------------------


def test_the_bundled_knowledge_base_checks_clean() -> None:
    report = check_knowledge_base()
    assert report.ok, [str(e) for e in report.errors[:5]]
    assert report.entries > 6000 and len(report.files) == len(KB_FILES)


def test_check_reports_every_error_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "organizations.tsv").write_text(
        "\n".join(
            [
                "# four faults and one good row",
                "KENMED\tKEN\tMED\tThe Coast Herald",
                "XXXREB\tXXX\tREB\tLake Front",  # unknown country
                "KENREB\tKEN\tREB",  # a column short
                "KENREB\tKEN\tREB\tHill Front\t2019-02-30",  # no such day
                "KENMED\tKEN\tMED\tThe Coast Herald",  # repeated row
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "people.tsv").write_text("Jo Mwangi\tKENGOV\t\t\tMayor\n", encoding="utf-8")  # no start
    report = check_knowledge_base(tmp_path)
    where = [(Path(e.path).name, e.line) for e in report.errors]
    assert where == [
        ("organizations.tsv", 3),
        ("organizations.tsv", 4),
        ("organizations.tsv", 5),
        ("people.tsv", 1),
        ("organizations.tsv", 6),
    ], [str(e) for e in report.errors]
    messages = [e.message for e in report.errors]
    assert "unknown country 'XXX'" in messages[0] and "columns" in messages[1] and "2019-02-30" in messages[2]
    assert "start date is required" in messages[3] and "repeated name" in messages[4]


def test_check_of_a_bad_directory_reports_it(tmp_path: Path) -> None:
    report = check_knowledge_base(tmp_path / "nowhere")
    assert not report.ok and "not a directory" in report.errors[0].message


def test_a_place_repeated_in_a_users_file_is_reported(tmp_path: Path) -> None:
    # A user's "Lyon" replaces the bundled one; listed twice, it is a repeat.
    (tmp_path / "places.tsv").write_text("FRA\tLyon\nFRA\tlyon\n", encoding="utf-8")
    report = check_knowledge_base(tmp_path)
    assert not report.ok and "duplicate name 'lyon'" in report.errors[0].message and report.errors[0].line == 2


# --- names one typing slip away -------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("Isreal", "ISR"),  # two neighbours swapped
        ("Ethopia", "ETH"),  # a letter dropped
        ("Afganistan", "AFG"),
        ("Pakisstan", "PAK"),  # a letter added
        ("Venezuala", "VEN"),  # a letter changed
        ("Ukranian", "UKR"),  # an adjective
    ],
)
def test_near_place_reads_a_misspelt_country(kb: KnowledgeBase, word: str, code: str) -> None:
    entry = kb.near_place(word)
    assert entry is not None and entry.code == code


@pytest.mark.parametrize("word", ["Irak", "Omen", "Israel", "Banana", "Austria"])
def test_near_place_leaves_short_known_and_unrelated_words(kb: KnowledgeBase, word: str) -> None:
    entry = kb.near_place(word)
    # short words are never corrected; a known name is no misspelling; a word near nothing stays
    assert entry is None


def test_a_misspelt_country_codes_in_a_sentence(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("Ethopia accused Eritrea of shelling border towns.", "2000-05-01")
    assert any(e.source.code == "ETH" and e.target is not None and e.target.code == "ERI" for e in events)
    # a person's name is never read as a misspelt place
    names = coder.actors("Officials quoted Jordon Hallow, a farmer.", "2000-05-01")
    assert all(m.code != "JOR" for m in names.mentions)
