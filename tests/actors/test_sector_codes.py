"""The table of sector codes and their classes (data/sector_codes.tsv), read and checked."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from detente.actors.kb import SECTOR_CLASSES, SECTOR_CODE_COLUMNS, Entry, KnowledgeBase, SectorCodes
from detente.errors import DataFileError
from detente.model import ActorKind

HEADER = "\t".join(SECTOR_CODE_COLUMNS) + "\n"
#: code, name, then person definite home local police state_force protester context
GOV = "GOV\tgovernment\tyes\tno\tyes\tno\tno\tyes\tno\tyes\n"
OPP = "OPP\topposition\tyes\tyes\tno\tyes\tno\tno\tyes\tyes\n"


def test_the_columns_are_the_classes_the_code_reads() -> None:
    assert SECTOR_CLASSES == ("person", "definite", "home", "local", "police", "state_force", "protester", "context")
    assert SECTOR_CODE_COLUMNS == ("code", "name", *SECTOR_CLASSES)


def test_the_bundled_classes_are_those_the_code_kept_as_constants() -> None:
    # The sets resolver.py, codes.py and context/home.py held before they became columns.
    table = SectorCodes.from_defaults()
    assert table.person == {"GOV", "MIL", "JUD", "LEG", "MED", "OPP", "REB", "BUS", "EDU", "REL", "COP", "SPY"}
    assert table.definite == {"REB", "OPP", "INS", "CRM", "NGO", "HRI"}
    assert table.home == {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}
    assert table.local == {"REB", "OPP", "CVL", "CRM", "INS", "COP", "JUD"}
    assert table.police == {"COP"}
    assert table.state_force == {"GOV", "MIL", "COP", "SPY"}
    assert table.protester == {"OPP"}
    # every sector but refugees, armed groups, foreign fighters, NGOs and IGOs takes a document's home country
    assert table.context == table.codes - {"REF", "REB", "INS", "UAF", "NGO", "IGO"}
    assert len(table.codes) == 30 and "PTY" in table and "XXX" not in table
    assert table.names["COP"] == "police and security forces"


def test_the_knowledge_base_carries_its_table_and_pickles_with_it() -> None:
    kb = KnowledgeBase.from_defaults()
    assert kb.sector_codes == SectorCodes.from_defaults()
    assert pickle.loads(pickle.dumps(kb.sector_codes)) == kb.sector_codes


def test_a_small_table_reads(tmp_path: Path) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text("# two codes\n" + HEADER + GOV + "\n" + OPP, encoding="utf-8")
    table = SectorCodes.from_file(path)
    assert table.codes == {"GOV", "OPP"}
    assert (table.home, table.protester, table.person) == ({"GOV"}, {"OPP"}, {"GOV", "OPP"})
    assert table.police == frozenset()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (HEADER.replace("police", "polis"), 1, "unknown column 'polis'; missing column 'police'"),
        (HEADER.replace("\tprotester", ""), 1, "missing column 'protester'"),
        (HEADER.replace("home\tlocal", "local\thome"), 1, "columns out of order"),
        (GOV, 1, "expected the header row"),
        (HEADER + GOV + "OPP\topposition\tyes\n", 3, "expected 10 TAB-separated columns, got 3"),
        (HEADER + GOV + OPP.replace("OPP", "Opp", 1), 3, "'Opp' is not a sector code"),
        (HEADER + GOV + GOV, 3, "duplicate sector code 'GOV' (line 2)"),
        (HEADER + OPP.replace("opposition", ""), 2, "sector code 'OPP' has an empty name"),
        (HEADER + GOV.replace("yes", "maybe", 1), 2, "person: want yes or no, not 'maybe'"),
        (HEADER + GOV.replace("\tno\tyes\n", "\tYes\tyes\n"), 2, "protester: want yes or no, not 'Yes'"),
        (HEADER + OPP.replace("yes\tyes", "yes\t1"), 2, "definite: want yes or no, not '1'"),
    ],
)
def test_a_malformed_table_is_an_error_naming_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        SectorCodes.from_file(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert words in caught.value.message


@pytest.mark.parametrize(("text", "words"), [("", "no header row"), ("# nothing\n" + HEADER, "no sector codes")])
def test_an_empty_table_is_an_error_naming_the_file(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "codes.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        SectorCodes.from_file(path)
    assert (caught.value.path, caught.value.line) == (str(path), None)
    assert words in caught.value.message


def test_a_missing_table_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        SectorCodes.from_file(tmp_path / "nowhere.tsv")
    assert caught.value.path == str(tmp_path / "nowhere.tsv") and "cannot read" in caught.value.message


def _kb_files(tmp_path: Path, organizations: str) -> dict[str, Path]:
    texts = {
        "countries": "USA\tname\tUnited States\nUSA\tcapital\tWashington\n",
        "organizations": organizations,
        "people": "Donald Trump\tUSAGOV\t2017-01-20\t2021-01-20\tPresident\n",
        "sectors": "president\tGOV\n",
        "sector_codes": HEADER + GOV + OPP,
    }
    paths = {}
    for key, text in texts.items():
        paths[key] = tmp_path / f"{key}.tsv"
        paths[key].write_text(text, encoding="utf-8")
    return paths


def test_the_other_files_may_give_only_the_tables_codes(tmp_path: Path) -> None:
    paths = _kb_files(tmp_path, "USAOPP\tUSA\tOPP\tResistance\nUSAMED\tUSA\tMED\tNew York Times\n")
    with pytest.raises(DataFileError) as caught:
        KnowledgeBase.from_files(**paths)
    # MED is a bundled code, but not one of this table's.
    assert (caught.value.path, caught.value.line) == (str(paths["organizations"]), 2)
    assert "unknown sector code 'MED'" in caught.value.message


def test_from_files_reads_a_table_of_sector_codes(tmp_path: Path) -> None:
    kb = KnowledgeBase.from_files(**_kb_files(tmp_path, "USAOPP\tUSA\tOPP\tResistance\n"))
    assert kb.sector_codes.codes == {"GOV", "OPP"} and kb.sector_codes.definite == {"OPP"}


def test_the_constructor_refuses_codes_outside_its_table() -> None:
    codes = SectorCodes.from_defaults()
    with pytest.raises(ValueError, match=r"\['ZZZ'\]"):
        KnowledgeBase([], {"grand vizier": "ZZZ"}, codes)
    with pytest.raises(ValueError, match=r"\['YYY'\]"):
        KnowledgeBase([Entry("atlantis", "ATLYYY", "ATL", "YYY", ActorKind.COUNTRY)], {}, codes)


def test_a_class_holds_only_codes_of_the_table() -> None:
    empty: frozenset[str] = frozenset()
    with pytest.raises(ValueError, match="'police'"):
        SectorCodes(frozenset({"GOV"}), empty, empty, empty, empty, frozenset({"COP"}), empty, empty, empty)
