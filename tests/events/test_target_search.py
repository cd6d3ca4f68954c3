"""Where a clause's target is looked for: past a phrase that only names the doer again,
in what a protest demands or defies, at the place of an announced or threatened act, and
among the people the police act on; and the authorities who investigate or arrest
in the passive. Sentences of our own."""

from __future__ import annotations

import pytest


def _pairs(coder, text: str, date: str = "2023-05-01") -> set[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in coder.code(text, date)}


def _actor_pairs(coder, text: str, date: str = "2023-05-01") -> set[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return {(s, t) for s, t, _ in _pairs(coder, text, date)}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # "its" is the subject again: the target is named further on
        ("Algeria threatened to sever ties with Morocco over its claims in the desert.", ("DZA", "MAR")),
        ("Ghana warned that it would cut off trade with Togo over its treatment of migrants.", ("GHA", "TGO")),
    ],
)
def test_a_phrase_naming_the_doer_again_is_passed_over_for_the_target(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        # the topic names one of the two sides: they still meet each other
        ("Peru and Ecuador resumed talks on a Peruvian proposal for the border.", ("PER", "ECU")),
        ("Chile and Bolivia held talks about Bolivian access to the sea.", ("CHL", "BOL")),
        ("Kenya and Uganda opened negotiations on Kenyan exports of sugar.", ("KEN", "UGA")),
    ],
)
def test_joint_talks_about_one_side_are_between_both(coder, text: str, sides: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    a, b = sides
    assert {(a, b), (b, a)} <= _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # "in defiance of X", "anger at X", "in protest against ... by X"
        ("Students marched in Caracas in defiance of the Venezuelan government.", ("VENEDU", "VENGOV")),
        ("Protesters in Manila blocked a highway to show their anger at China's claims in the sea.", ("PHLOPP", "CHN")),
        ("Workers walked out in Nairobi in protest against cuts by the Kenyan finance ministry.", ("KENLAB", "KENGOV")),
        # the first actor of a purpose clause that demands or appeals
        ("Crowds rallied in Yerevan, calling for the resignation of Prime Minister Nikol Pashinyan.", ("ARMCVL", "ARMGOV")),
        ("Farmers marched in Lima to demand the release of leaders held by Peruvian police.", ("PERAGR", "PERGOV")),
    ],
)
def test_a_protest_is_aimed_at_whom_its_demand_or_defiance_names(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    found = {(s, t) for s, t, code in _pairs(coder, text) if code.startswith("14")}
    assert pair in found, _pairs(coder, text)


def test_a_protest_aim_is_never_its_own_place(coder) -> None:  # type: ignore[no-untyped-def]
    # the demand names no one: the protest keeps the place of its clause, in its own country
    found = {(s, t) for s, t, code in _pairs(coder, "Nurses rallied in Lagos to demand higher pay.") if code.startswith("14")}
    assert found == {("NGAHLH", "NGA")}, found


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # a threatened or announced curfew is aimed where it would be, at home too
        ("The governor threatened to impose a curfew in Kano.", ("---GOV", "NGA")),
        ("President Ruto said he will extend the curfew in Mombasa.", ("KENGOV", "KEN")),
    ],
)
def test_an_announced_measure_is_aimed_at_its_place(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    found = {(s, t) for s, t, code in _pairs(coder, text) if code.startswith("13")}
    assert pair in found, _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Iraqi police arrested protesters.", ("IRQCOP", "IRQOPP")),
        ("Georgian police dispersed demonstrators with water cannon.", ("GEOCOP", "GEOOPP")),
        # a country named for the people wins
        ("Iraqi police arrested Iranian protesters.", ("IRQCOP", "IRNOPP")),
    ],
)
def test_the_people_the_police_act_on_are_of_the_police_country(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # people taken away with no country of their own: whence they are taken
        ("The Red Cross withdrew doctors and aid workers from Darfur.", ("NGOHLHIRC", "SDN")),
        ("Canada pulled out police trainers and advisers from Haiti.", ("CAN", "HTI")),
    ],
)
def test_people_withdrawn_are_withdrawn_from_the_target(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # cutting aid or ties where it was given aims at that place's country
        ("Norway suspended its aid projects in Nicaragua.", ("NOR", "NIC")),
        ("Sweden halted development aid in Tanzania.", ("SWE", "TZA")),
    ],
)
def test_a_reduction_of_relations_in_a_place_aims_at_it(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    found = {(s, t) for s, t, code in _pairs(coder, text) if code.startswith("16")}
    assert pair in found, _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # investigated or arrested somewhere, by no one named: that place's authorities
        ("Two British journalists were investigated in Egypt.", ("EGYGOV", "GBRMED")),
        ("Three Danish sailors were investigated in Nigeria.", ("NGAGOV", "DNKMIL")),
        ("A French aid worker was arrested in Iran.", ("IRNGOV", "FRAHLH")),
    ],
)
def test_a_passive_investigation_or_arrest_is_by_the_authorities_of_the_place(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # "two Belarusian diplomats" are any two, not "the two diplomats" named before
        ("Poland expelled two Belarusian diplomats.", ("POL", "BLRGOV")),
        ("Japan summoned two Chinese envoys on Friday.", ("JPN", "CHNGOV")),
    ],
)
def test_a_number_of_people_with_their_country_is_no_pair_named_before(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


def test_the_two_leaders_are_the_pair_named_before(coder) -> None:  # type: ignore[no-untyped-def]
    found = _actor_pairs(coder, "Lula met Macron in Brasilia. The two leaders agreed to resume talks.", "2024-03-27")
    assert {("BRAGOV", "FRAGOV"), ("FRAGOV", "BRAGOV")} <= found, found


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        # a quantifier over two peoples: each is a target
        ("The army detained dozens of Kenyan and Ugandan traders.", {"KENBUS", "UGABUS"}),
        ("Border guards turned back hundreds of Afghan and Iraqi migrants.", {"AFGREF", "IRQREF"}),
    ],
)
def test_people_counted_with_two_countries_are_two_targets(coder, text: str, targets: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert targets <= {t for _, t in _actor_pairs(coder, text)}, _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # victims of no country named with their place are of it
        ("Soldiers detained dozens of protesters in Khartoum.", "SDNOPP"),
        ("Police arrested hundreds of students in Dhaka.", "BGDEDU"),
    ],
)
def test_victims_named_with_their_place_are_of_it(coder, text: str, target: str) -> None:  # type: ignore[no-untyped-def]
    assert target in {t for _, t in _actor_pairs(coder, text)}, _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # people of no country named whom a state's institutions coerce are that state's
        ("Chinese authorities detained activists.", ("CHNGOV", "CHNOPP")),
        ("The Iranian government jailed two journalists.", ("IRNGOV", "IRNMED")),
        # not those its army attacks, nor its own institutions
        ("The Syrian army shelled rebels.", ("SYRMIL", "---REB")),
        ("The Egyptian government arrested soldiers.", ("EGYGOV", "---MIL")),
    ],
)
def test_people_a_state_coerces_are_of_that_state(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # "is opposed to X" states where the subject stands: it opposes X
        ("The Kenyan government is opposed to the deployment of Ugandan troops.", ("KENGOV", "UGA")),
        ("Japan is opposed to Chinese drilling in the sea.", ("JPN", "CHN")),
        # a true passive keeps its doer
        ("The plan was opposed by Egypt.", ("EGY", None)),
    ],
)
def test_being_opposed_to_something_is_opposing_it(coder, text: str, pair) -> None:  # type: ignore[no-untyped-def]
    assert pair in _actor_pairs(coder, text), _pairs(coder, text)
