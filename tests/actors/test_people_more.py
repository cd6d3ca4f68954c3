"""Date-bounded lookups in the wider people list: heads of state and government,
foreign ministers and heads of international organizations beyond the first set."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.actors.kb import KnowledgeBase

D = dt.date


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_defaults()


def _code(kb: KnowledgeBase, name: str, on: dt.date) -> str | None:
    entry = kb.lookup(name, on)
    return entry.code if entry is not None else None


@pytest.mark.parametrize(
    ("name", "on", "code"),
    [
        ("Michel Suleiman", D(2008, 5, 25), "LBNGOV"),
        ("Michel Suleiman", D(2014, 5, 25), "LBNGOV"),
        ("Bashar al-Assad", D(2000, 7, 17), "SYRGOV"),
        ("Assad", D(2024, 12, 8), "SYRGOV"),
        ("Abiy Ahmed", D(2018, 4, 2), "ETHGOV"),
        ("Abiy", D(2023, 1, 1), "ETHGOV"),
        ("Salva Kiir", D(2013, 12, 20), "SSDGOV"),
        ("Nasrallah", D(2006, 7, 20), "LBNREB"),
        ("Gaddafi", D(2011, 3, 1), "LBYGOV"),
        ("Haftar", D(2019, 4, 5), "LBYMIL"),
        ("Erdogan", D(2019, 1, 1), "TURGOV"),
        ("Chavez", D(2005, 1, 1), "VENGOV"),
        ("Lula", D(2024, 1, 1), "BRAGOV"),
        ("Orbán", D(2022, 4, 3), "HUNGOV"),
        ("Vucic", D(2020, 6, 1), "SRBGOV"),
        ("Suu Kyi", D(2010, 1, 1), "MMROPP"),
        ("Suu Kyi", D(2017, 9, 19), "MMRGOV"),
        ("Bensouda", D(2015, 1, 1), "IGOJUDICC"),
    ],
)
def test_in_office(kb: KnowledgeBase, name: str, on: dt.date, code: str) -> None:
    assert _code(kb, name, on) == code


def test_not_before_first_day(kb: KnowledgeBase) -> None:
    # the day before his presidency he was still the army's commander; before that, nothing
    before = kb.lookup("Michel Suleiman", D(2008, 5, 24))
    assert before is not None and before.code == "LBNMIL"
    assert kb.lookup("Michel Suleiman", D(1998, 1, 1)) is None
    assert kb.lookup("Abiy Ahmed", D(2018, 4, 1)) is None


def test_out_of_office_is_a_former_office_holder(kb: KnowledgeBase) -> None:
    assert _code(kb, "Michel Suleiman", D(2015, 1, 1)) == "LBNELI"
    assert _code(kb, "Bashar al-Assad", D(2024, 12, 9)) == "SYRELI"


def test_one_surname_two_people_in_turn(kb: KnowledgeBase) -> None:
    michel = kb.lookup("Aoun", D(2018, 1, 1))
    joseph = kb.lookup("Aoun", D(2025, 6, 1))
    assert michel is not None and michel.display == "Michel Aoun"
    assert joseph is not None and joseph.display == "Joseph Aoun"
    assert kb.lookup("Aoun", D(2023, 6, 1)) is None  # between the two presidents
    fidel = kb.lookup("Castro", D(2000, 1, 1))
    raul = kb.lookup("Castro", D(2010, 1, 1))
    assert fidel is not None and fidel.display == "Fidel Castro"
    assert raul is not None and raul.display == "Raúl Castro"


def test_king_abdullah_is_jordan_only_when_unambiguous(kb: KnowledgeBase) -> None:
    # Saudi Arabia's King Abdullah reigned 2005-08-01 to 2015-01-23.
    assert kb.lookup("King Abdullah", D(2010, 1, 1)) is None
    assert _code(kb, "King Abdullah", D(2020, 1, 1)) == "JORGOV"
    assert _code(kb, "King Abdullah II", D(2010, 1, 1)) == "JORGOV"


def test_ambiguous_surnames_are_not_aliases(kb: KnowledgeBase) -> None:
    assert kb.lookup("Kirchner", D(2010, 1, 1)) is None
    assert kb.lookup("Rajapaksa", D(2020, 1, 1)) is None
    assert kb.lookup("Fox", D(2003, 1, 1)) is None


@pytest.mark.parametrize(
    ("name", "on", "code"),
    [
        ("Lagarde", D(2015, 1, 1), "IGOUNOIMF"),
        ("Lagarde", D(2020, 1, 1), "IGOEURECB"),
        ("Tedros", D(2014, 1, 1), "ETHGOV"),
        ("Tedros", D(2020, 3, 11), "IGOUNOWHO"),
        ("Hemedti", D(2020, 1, 1), "SDNGOV"),
        ("Hemedti", D(2023, 6, 1), "SDNREB"),
        ("Dlamini-Zuma", D(2005, 1, 1), "ZAFGOV"),
        ("Dlamini-Zuma", D(2014, 1, 1), "IGOAFRAFU"),
    ],
)
def test_code_follows_the_role(kb: KnowledgeBase, name: str, on: dt.date, code: str) -> None:
    assert _code(kb, name, on) == code
