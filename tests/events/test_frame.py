"""The frame of a clause (events/frame.py) on constructions of our own: composition
under wrapper verbs and adjectives, claims of one's own act, conditional threats, and
the modality weak modals and "would" give."""

from __future__ import annotations

import pytest

Quad = tuple[str, str | None, str, str]




@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Wanting of someone is asking them.
        ("Chile wants Peru to withdraw its troops.", [("CHL", "PER", "0256", "asserted")]),
        ("Chile might want Peru to withdraw its troops.", [("CHL", "PER", "0256", "hypothetical")]),
        # An adjective that opens an intent.
        ("Chile is ready to negotiate with Peru.", [("CHL", "PER", "036", "intended")]),
        # Claiming one's own act.
        ("The Chilean rebels claimed that they had attacked Peru.", [("CHLREB", "PER", "015", "reported")]),
        ("Chile would condemn Peru.", [("CHL", "PER", "111", "hypothetical")]),
        # A stated intent under a condition is a threat.
        (
            "Chile will strike Peru if Peru attacks Chile.",
            [("CHL", "PER", "138", "intended"), ("PER", "CHL", "190", "hypothetical")],
        ),
        ("Chile will withdraw its troops from Peru unless Peru pays.", [("CHL", "PER", "130", "intended")]),
    ],
)
def test_composition_and_modality(coded, text: str, expected: list[Quad]) -> None:  # type: ignore[no-untyped-def]
    assert coded(text) == sorted(expected, key=str)
