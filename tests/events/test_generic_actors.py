"""Actors named by their role alone: the country they take from the place of their
clause, from an attack's own place, or from the document; organisation staff; and the
lower confidence of an actor of no known country. Sentences of our own."""

from __future__ import annotations

import pytest


def _pairs(coder, text: str, date: str = "2019-01-01") -> set[tuple[str, str | None, str]]:  # type: ignore[no-untyped-def]
    return {(e.source.code, e.target.code if e.target else None, e.cameo) for e in coder.code(text, date)}


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Students marched through Tehran on Friday.", "IRNEDU"),  # "through" names where
        ("Fishermen protested at the port of Mombasa.", "KENAGR"),
        ("Farmers continued their protests in Paris.", "FRAAGR"),
        ("Dock workers went on strike in Rotterdam.", "NLDLAB"),
    ],
)
def test_a_non_state_doer_takes_the_place_its_clause_names(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert source in {s for s, _, _ in _pairs(coder, text)}, _pairs(coder, text)


def test_a_purpose_clause_takes_the_place_of_the_clause_it_serves(coder) -> None:  # type: ignore[no-untyped-def]
    # the demand was made where the nurses rallied
    found = _pairs(coder, "Nurses rallied in Lagos to demand higher pay.")
    assert {s for s, _, _ in found} == {"NGAHLH"}, found


def test_a_state_institution_does_not_take_the_place_of_its_clause(coder) -> None:  # type: ignore[no-untyped-def]
    # soldiers in a city may be a foreign army's: the place is the target, not their country
    found = _pairs(coder, "The army held a parade in Warsaw.")
    assert ("---MIL", "POL", "150") in found, found


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("A roadside bomb near Kandahar killed two soldiers.", "AFG", "AFGMIL"),
        ("An explosion in a market in Baghdad killed ten people.", "IRQ", "IRQCVL"),
        ("Two US soldiers were killed by a roadside bomb in Iraq.", "IRQ", "USAMIL"),
    ],
)
def test_an_attack_by_no_one_named_is_coded_to_the_place_it_struck(  # type: ignore[no-untyped-def]
    coder, text: str, source: str, target: str
) -> None:
    assert (source, target, "190") in _pairs(coder, text), _pairs(coder, text)


def test_an_attack_with_no_place_stays_unknown_and_less_sure(coder) -> None:  # type: ignore[no-untyped-def]
    events = coder.code("A bomb killed four civilians.", "2019-01-01")
    assert [(e.source.code, e.target.code if e.target else None) for e in events] == [("---", "---CVL")]
    assert events[0].confidence < 0.9


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Officials at the IAEA met Iranian negotiators.", "IGOUNOIAE"),
        ("Diplomats at the EU praised Ukraine.", "IGOEUREEC"),
        ("A spokesman for the IAEA criticized Iran.", "IGOUNOIAE"),
        ("Prosecutors at the ICC charged a former minister.", "IGOJUDICC"),
        ("Arab League Secretary General Amr Moussa urged Israel to withdraw.", "IGOARBLEA"),
        ("NATO Secretary General Jens Stoltenberg criticized Russia.", "IGOWSTNAT"),
    ],
)
def test_staff_of_an_organisation_take_its_code(coder, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    assert source in {s for s, _, _ in _pairs(coder, text, "2016-06-01")}, _pairs(coder, text, "2016-06-01")


def test_a_title_learnt_with_an_organisation_holds_for_the_bare_name(coder) -> None:  # type: ignore[no-untyped-def]
    text = "OPEC Secretary General Haitham al-Ghais met Saudi officials. Later al-Ghais praised Iraq."
    sources = [e.source.code for e in coder.code(text, "2023-06-01")]
    assert sources and all(s == "IGOBUSOPC" for s in sources), sources


def test_at_or_with_names_an_organisation_only(coder) -> None:  # type: ignore[no-untyped-def]
    # "officials at the border" are of no one there
    found = _pairs(coder, "Officials at the border criticized Chile.")
    assert {s for s, _, _ in found} == {"---GOV"}, found


def test_a_role_of_no_known_country_takes_the_documents_home(coder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kenya raised fuel taxes on Monday. Kenya said the money would pay for roads. "
        "Students protested against the new taxes."
    )
    assert "KENEDU" in {s for s, _, _ in _pairs(coder, text)}, _pairs(coder, text)


def test_refugees_do_not_take_the_documents_home(coder) -> None:  # type: ignore[no-untyped-def]
    # refugees are coded by where they fled from, which the home country does not say
    text = "Uganda opened a new camp on Monday. Uganda said it would need aid. Refugees protested against the food rations."
    sources = {s for s, _, _ in _pairs(coder, text)}
    assert "UGAREF" not in sources, sources


def test_an_actor_of_no_known_country_lowers_the_confidence(coder) -> None:  # type: ignore[no-untyped-def]
    unknown = coder.code("Officials criticized Chile.", "2019-01-01")
    known = coder.code("Peru criticized Chile.", "2019-01-01")
    assert unknown[0].source.code == "---GOV" and known[0].source.code == "PER"
    assert unknown[0].confidence == pytest.approx(known[0].confidence - 0.15)
