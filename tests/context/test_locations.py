"""Choosing an event's location (context/locations.py), on sentences of our own.

Each rule of the module docstring has two or three sentences here with other words and
places: the place of the event's clause, "to"/"from" with movement verbs, "the X
border", reported-from places left out, actors that are not places, homonyms from the
actors and the text, the dateline as the fallback, and no place at all.
"""

from __future__ import annotations

import pytest

from detente.context.locations import LocationWords
from detente.errors import DataFileError
from detente.ingest import document_from_text
from detente.model import Event, Location


def located(coder, text: str) -> list[tuple[str, Location | None]]:  # type: ignore[no-untyped-def]
    events: list[Event] = coder.code(text, "2020-01-01")
    assert events, f"no event coded in {text!r}"
    return [(e.cameo, e.location) for e in events]


def where(coder, text: str) -> tuple[str, str, str, str] | None:  # type: ignore[no-untyped-def]
    """(words, country, feature, basis) of the first event's location."""
    location = located(coder, text)[0][1]
    return None if location is None else (location.text, location.country, location.feature, location.basis)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protesters clashed with police in Mombasa on Friday.", ("Mombasa", "KEN", "city", "clause")),
        ("Spanish police arrested ten activists in Valencia.", ("Valencia", "ESP", "city", "clause")),
        ("Kenyan police arrested five suspects in Nairobi after the attack in Garissa.", ("Nairobi", "KEN", "city", "clause")),
    ],
)
def test_a_place_after_a_locative_preposition_in_the_clause(coder, text: str, expected: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert where(coder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan sent medical teams to Nepal.", ("Nepal", "NPL", "country", "clause")),
        ("Kenya evacuated its citizens from Juba.", ("Juba", "SSD", "city", "clause")),
        # each verb of the movement class, with other words and places
        ("Spain extradited two bankers to Argentina.", ("Argentina", "ARG", "country", "clause")),
        ("Turkey extradited a suspect to Germany.", ("Germany", "DEU", "country", "clause")),
    ],
)
def test_to_and_from_place_a_movement(coder, text: str, expected: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    assert where(coder, text) == expected


def test_to_without_a_movement_verb_is_a_recipient_not_a_place(coder) -> None:  # type: ignore[no-untyped-def]
    assert where(coder, "Japan gave aid to Nepal.") is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Pakistani troops fired on militants at the Afghan border.", "AFG"),
        ("Sudanese soldiers attacked a camp near the Chadian border.", "TCD"),
        ("Turkey shelled Kurdish positions across the Syrian border.", "SYR"),
    ],
)
def test_the_x_border_places_the_event_in_that_country(coder, text: str, country: str) -> None:  # type: ignore[no-untyped-def]
    found = where(coder, text)
    assert found is not None and found[1:3] == (country, "country")


@pytest.mark.parametrize(
    "text",
    [
        "Iran rejected the proposal.",
        "Egypt condemned Israel.",
        "Brazil praised Argentina.",
    ],
)
def test_a_country_that_is_only_an_actor_is_no_location(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    assert where(coder, text) is None


def test_a_place_outside_the_reported_clause_is_where_it_was_told(coder) -> None:  # type: ignore[no-untyped-def]
    # The kidnapping did not happen where the sources spoke.
    assert where(coder, "Rebels kidnapped two aid workers, sources in Pakistan said.") is None
    found = where(coder, "Speaking in Paris, the minister said Russian forces shelled villages near Kharkiv.")
    assert found == ("Kharkiv", "UKR", "city", "clause")


def test_a_purpose_clause_happens_where_its_main_clause_does(coder) -> None:  # type: ignore[no-untyped-def]
    events = located(coder, "The United Nations sent inspectors to Iraq to examine the sites.")
    assert {(cameo, loc.country if loc else None) for cameo, loc in events} == {("090", "IRQ")}
    assert {loc.basis for _, loc in events if loc} == {"clause", "sentence"}


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Lebanese troops clashed with gunmen in Tripoli.", "LBN"),
        ("Venezuelan troops arrested ten activists in Valencia.", "VEN"),
        ("Cuban police arrested dissidents in Santiago.", "CUB"),
        ("Chilean police arrested students in Santiago.", "CHL"),
    ],
)
def test_the_actors_country_chooses_among_homonyms(coder, text: str, country: str) -> None:  # type: ignore[no-untyped-def]
    found = where(coder, text)
    assert found is not None and found[1] == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Police arrested protesters in Hyderabad.", "IND"),  # the larger city
        ("Police arrested protesters in Hyderabad, Pakistan.", "PAK"),
        ("Police arrested protesters in the Pakistani city of Hyderabad.", "PAK"),
    ],
)
def test_a_country_written_with_the_place_chooses_it(coder, text: str, country: str) -> None:  # type: ignore[no-untyped-def]
    found = where(coder, text)
    assert found is not None and found[0] == "Hyderabad" and found[1] == country


def test_georgia_the_country_and_georgia_the_state(coder) -> None:  # type: ignore[no-untyped-def]
    assert where(coder, "Russian troops attacked villages in Georgia.") == ("Georgia", "GEO", "country", "clause")
    assert where(coder, "Atlanta police arrested protesters in Georgia.") == ("Georgia", "USA", "region", "clause")


def test_a_place_places_tsv_lists_keeps_its_country(coder) -> None:  # type: ignore[no-untyped-def]
    found = where(coder, "American diplomats met Chinese officials in Geneva.")
    assert found is not None and found[1] == "CHE"


def code_doc(coder, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    return coder.code_document(document_from_text(text))  # type: ignore[no-any-return]


def test_the_dateline_is_the_fallback_not_the_rule(coder) -> None:  # type: ignore[no-untyped-def]
    text = "KABUL, Afghanistan (Reuters) - The army arrested five suspects on Monday. Police killed two gunmen in Herat."
    arrest, killing = code_doc(coder, text)
    assert arrest.location is not None and killing.location is not None
    assert (arrest.location.text, arrest.location.country, arrest.location.basis) == ("KABUL", "AFG", "dateline")
    assert text[arrest.location.start : arrest.location.end] == "KABUL"
    assert (killing.location.name, killing.location.basis) == ("Herāt", "clause")  # its own place, not the dateline


def test_a_dateline_on_the_header_date_line(coder) -> None:  # type: ignore[no-untyped-def]
    text = "# Clashes in the capital\n\nKHARTOUM, Sudan, Saturday 3 June 2023\n\nThe army shelled the city on Friday.\n"
    (event,) = code_doc(coder, text)
    assert event.location is not None and (event.location.name, event.location.country) == ("Khartoum", "SDN")
    assert event.location.basis == "dateline"


def test_the_datelines_country_chooses_a_homonym_in_the_text(coder) -> None:  # type: ignore[no-untyped-def]
    (event,) = code_doc(coder, "BEIRUT - Syrian officers ended mediation efforts between rival militias in Tripoli.")
    assert event.location is not None and (event.location.text, event.location.country) == ("Tripoli", "LBN")


def test_no_place_and_no_dateline_is_no_location(coder) -> None:  # type: ignore[no-untyped-def]
    for text in ("Norway praised Sweden.", "Chile accused Peru of spying on Monday."):
        assert all(loc is None for _, loc in located(coder, text)), text


def test_a_location_records_the_words_and_the_gazetteers_reading(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Protesters clashed with police in Mombasa on Friday."
    (location,) = [loc for _, loc in located(coder, text) if loc is not None]
    assert text[location.start : location.end] == location.text == "Mombasa"
    assert location.admin1 is not None and location.admin1.startswith("KE.")
    assert location.lat is not None and -5 < location.lat < -3 and location.geonames_id is not None


# --- the word file --------------------------------------------------------------------------

GOOD = "".join(f"{c}\tword{chr(97 + i)}\n" for i, c in enumerate(("locative", "destination", "origin", "movement", "place_noun", "border", "suffix")))


def test_the_bundled_location_words_load() -> None:
    words = LocationWords.from_defaults()
    assert "in" in words.locative and "to" in words.destination and "send" in words.movement
    assert "border" in words.border and "province" in words.suffix


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("nearby\tin\n", r"words\.tsv:8: unknown class 'nearby'"),
        ("locative\tworda\n", r"words\.tsv:8: 'worda' is already in class 'locative' \(line 1\)"),
        ("locative\tIn\n", r"words\.tsv:8: want one lower-case word"),
        ("locative\tin\tx\n", r"words\.tsv:8: expected 2 tab-separated columns"),
    ],
)
def test_a_bad_word_line_names_the_file_and_line(extra: str, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        LocationWords.parse(GOOD + extra, "words.tsv")


def test_a_class_left_out_is_an_error() -> None:
    with pytest.raises(DataFileError, match="no words for the classes suffix"):
        LocationWords.parse(GOOD.replace("suffix\twordg\n", ""), "words.tsv")
