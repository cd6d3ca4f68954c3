"""Sources, targets and places (events/arguments.py, places.py) on constructions of our
own: passives and their agents, weapons and attacks as doers, control verbs, the place
of an event as its target or as the authorities that act."""

from __future__ import annotations

import pytest

Quad = tuple[str, str | None, str, str]




@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A passive's agent does it; so does the side named by the attack or weapon.
        ("The soldiers jailed for spying were freed by Peru.", [("PER", "---MIL", "0841", "asserted")]),
        ("Two Chileans were killed in Peruvian tank shelling.", [("PER", "CHL", "190", "asserted")]),
        ("Three Chilean soldiers were wounded by a Peruvian air strike.", [("PER", "CHLMIL", "182", "asserted")]),
        ("Two Chileans were killed by a rocket fired by Peruvian rebels.", [("PERREB", "CHL", "190", "asserted")]),
        ("A Chilean airliner was blown up by a Peruvian missile.", [("PER", "CHL", "195", "asserted")]),
        # Violence against a known victim with no known doer.
        ("Two Chilean soldiers were killed in a car bombing.", [("---", "CHLMIL", "190", "asserted")]),
        ("A roadside bomb killed two Chilean soldiers.", [("---", "CHLMIL", "190", "asserted")]),
        # The passive subject of "is scheduled" does the complement.
        ("The Chilean president is scheduled to visit Peru.", [("CHLGOV", "PER", "036", "intended")]),
        # Troops given: the place they are sent to is the target.
        ("Chile contributed troops to an international force in Haiti.", [("CHL", "HTI", "074", "asserted")]),
        # Arrested in a place, with no one named: its authorities.
        ("A Chilean student was arrested in Peru.", [("PERGOV", "CHLEDU", "173", "asserted")]),
        # The compound of a container noun says what is suspended.
        ("Chile suspended an aid programme to Peru.", [("CHL", "PER", "162", "asserted")]),
        # "they" for the coordinated subject above it.
        ("Chile and Peru said they will hold talks.", [("CHL", "PER", "036", "intended"), ("PER", "CHL", "036", "intended")]),
    ],
)
def test_sources_and_targets(coded, text: str, expected: list[Quad]) -> None:  # type: ignore[no-untyped-def]
    assert coded(text) == sorted(expected, key=str)


def test_the_object_of_a_control_verb_does_the_complement(coded) -> None:  # type: ignore[no-untyped-def]
    quads = coded("Chile forced Peru to withdraw its troops.")
    assert ("CHL", "PER", "170", "asserted") in quads
    assert any(source == "PER" and cameo == "0874" for source, _, cameo, _ in quads)
