"""Definite descriptions ("the militants", "the group") refer back to the group just named."""

from __future__ import annotations

import pytest

from detente.model import Event


def _code(coder, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    events: list[Event] = coder.code(text, "2019-03-06")
    return events


def test_the_militants_are_the_group_just_named(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Al-Shabab fighters stormed a hotel in Mogadishu. The militants killed ten guests.")
    killed = [e for e in events if e.trigger.text == "killed"]
    assert killed and killed[0].source.code == "SOMREB"
    assert killed[0].source.text == "militants"


def test_the_rebels_keep_their_country(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Syrian rebels captured the town. The rebels then shelled a base.")
    shelled = [e for e in events if e.trigger.text == "shelled"]
    assert shelled and shelled[0].source.code == "SYRREB"


def test_without_an_earlier_group_the_rebels_stay_unknown(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "The rebels shelled a base.")
    assert events and events[0].source.code == "---REB"


def test_the_country_is_the_country_just_named(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Iran tested a missile on Monday. The United States condemned the country.")
    condemned = [e for e in events if e.cameo == "111"]
    assert condemned and condemned[0].target is not None and condemned[0].target.code == "IRN"


def test_the_gulf_state_is_the_subject_country_not_a_later_possessor(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Qatar promised to expel leaders of Egypt's opposition under a deal forced on the Gulf state by Bahrain.")
    forced = [e for e in events if e.trigger.text == "forced"]
    assert forced and forced[0].target is not None and forced[0].target.code == "QAT"


def test_a_bare_the_state_is_not_a_country(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Iran tested a missile. Activists sued the state.")
    assert not [e for e in events if e.target is not None and e.target.code == "IRN" and e.source.code != "IRN"]


def test_hyphenated_given_name_with_a_title_is_learnt(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("Defence Minister Shin Won-sik of South Korea criticised Pyongyang. Shin then met US officials.", "2024-03-12")
    assert [e.source.code for e in events] == ["KORMIL", "KORMIL"]  # a defence minister is MIL
    assert events[0].source.text == "Shin Won-sik" and events[1].source.text == "Shin"


def test_a_counterpart_is_the_person_named_beside_it(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("Blinken met his Chinese counterpart Wang Yi in Jakarta.", "2023-07-14")
    assert [e.target.code for e in events if e.target is not None] == ["CHNGOV"]
    assert events[0].target is not None and events[0].target.text == "Wang Yi"


def test_the_two_ministers_are_the_last_pair_named(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Blinken met Wang Yi in Jakarta on Friday. The two ministers agreed to meet again."
    events = coder.code(text, "2023-07-14")
    assert {(e.source.code, e.target.code if e.target else None) for e in events if e.cameo == "036"} == {
        ("USAGOV", "CHNGOV"),
        ("CHNGOV", "USAGOV"),
    }


def test_neighbours_are_not_civilians(coder) -> None:  # type: ignore[no-untyped-def]
    events = _code(coder, "Qatar accepted a deal forced on it by Bahrain and other neighbours.")
    assert not [e for e in events if e.source.code == "---CVL"]


@pytest.mark.parametrize(
    "text, source",
    [
        ("The former prime minister of Iceland criticised Denmark.", "ISLELI"),
        ("The chief of staff of the army criticised Denmark.", "---MIL"),
        ("The joint chiefs of staff criticised Uganda.", "---MIL"),
        ("The deputy foreign minister of Kenya criticised Uganda.", "KENGOV"),
    ],
)
def test_role_terms_of_three_or_more_words(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert [e.source.code for e in _code(coder, text)] == [source]
