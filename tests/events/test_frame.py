"""The frame of a clause (events/frame.py) on constructions of our own: composition
under wrapper verbs and adjectives, claims of one's own act, conditional threats, and
the modality weak modals and "would" give."""

from __future__ import annotations

import pytest

Quad = tuple[str, str | None, str, str]


def _code(coder, text: str) -> list[Quad]:  # type: ignore[no-untyped-def]
    events = coder.code(text, "2020-01-01", all_modalities=True)
    return sorted({(e.source.code, e.target.code if e.target else None, e.cameo, e.modality) for e in events}, key=str)


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
def test_composition_and_modality(coder, text: str, expected: list[Quad]) -> None:  # type: ignore[no-untyped-def]
    assert _code(coder, text) == sorted(expected, key=str)
