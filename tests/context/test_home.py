"""The document's home country, for actors named only by their role."""

from __future__ import annotations

import pytest

from detente.context.home import home_country
from detente.model import Document


@pytest.mark.parametrize(
    "mentions, home",
    [
        (["SDN", "SDN"], "SDN"),
        (["SDN", "SDN", "EGY"], "SDN"),
        (["SDN"], None),  # one mention is not enough
        (["USA", "CHN", "USA", "CHN"], None),  # two countries: no home
        ([], None),
    ],
)
def test_home_country_needs_a_clear_majority(mentions: list[str], home: str | None) -> None:
    assert home_country(mentions) == home


def test_unnamed_army_takes_the_home_country(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Fighting resumed in Bamako on Saturday. Witnesses said the army shelled a market in Mali's capital."
    events = coder.code_document(Document(id="d1", text=text, title="Mali truce collapses", date=None))
    assert [e.source.code for e in events if e.trigger.text == "shelled"] == ["MLIMIL"]


def test_no_home_when_two_countries_share_the_story(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Talks between Kenya and Somalia stalled. The army shelled a village, officials said."
    events = coder.code_document(Document(id="d2", text=text, title="Kenya and Somalia talks stall", date=None))
    assert [e.source.code for e in events if e.trigger.text == "shelled"] == ["---MIL"]


def test_an_inferred_country_lowers_confidence(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Fighting resumed in Bamako on Saturday. Witnesses said the army shelled a market in Mali's capital."
    inferred = coder.code_document(Document(id="d1", text=text, title="Mali truce collapses", date=None))
    named = coder.code_document(Document(id="d3", text=text.replace("the army", "the Malian army"), title="Mali truce collapses", date=None))
    a = [e for e in inferred if e.trigger.text == "shelled"][0]
    b = [e for e in named if e.trigger.text == "shelled"][0]
    assert b.source.code == a.source.code == "MLIMIL"
    assert a.confidence < b.confidence


def test_a_bare_congress_belongs_to_the_documents_country(coder) -> None:  # type: ignore[no-untyped-def]
    us = "Washington and US allies met on Monday. American officials said Congress criticised Iran."
    events = coder.code_document(Document(id="d4", text=us, title="US weighs Iran response", date=None))
    assert [e.source.code for e in events if e.cameo == "111"] == ["USALEG"]
    alone = coder.code("Congress criticised Iran.", "2019-03-06")
    assert [e.source.code for e in alone if e.cameo == "111"] == ["---LEG"]  # India and Peru have one too


def test_title_countries_are_read_through_possessives(coder) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    assert coder.resolver.countries_in_title("China's army attacks Taiwan", dt.date(2019, 1, 1)) == ["CHN", "TWN"]
    assert coder.resolver.countries_in_title("North Korea\u2019s envoy visits", dt.date(2019, 1, 1)) == ["PRK"]


def test_the_context_column_of_the_sector_table_says_who_takes_the_home_country() -> None:
    from dataclasses import replace

    from detente.actors.kb import SectorCodes
    from detente.actors.resolver import ActorRef
    from detente.context.home import at_home
    from detente.events.records import Candidate
    from detente.model import ActorKind, Modality

    army = ActorRef("---MIL", None, "MIL", ActorKind.ROLE, 0, 1)
    rebels = ActorRef("---REF", None, "REF", ActorKind.ROLE, 2, 3)  # refugees: where they fled from
    cand = Candidate("190", "test", (1,), army, rebels, Modality.ASSERTED, 0.9)
    bundled = SectorCodes.from_defaults()
    placed = at_home(cand, "MLI", bundled)
    assert (placed.source.code, placed.target and placed.target.code) == ("MLIMIL", "---REF")
    both = at_home(cand, "MLI", replace(bundled, context=bundled.context | {"REF"}))
    assert (both.source.code, both.target and both.target.code) == ("MLIMIL", "MLIREF")
