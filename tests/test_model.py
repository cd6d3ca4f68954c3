"""The records' enums: each member is its string, so comparisons with strings, JSON
output and pickling to workers are what they were when the fields were strings."""

from __future__ import annotations

import json
import pickle
from enum import StrEnum

import pytest

from detente.model import FACTUAL_MODALITIES, Actor, ActorKind, Event, Modality, Span


def make_event(modality: Modality | str) -> Event:
    return Event(
        doc_id="d1",
        sentence_index=0,
        sentence="Chile criticised Peru.",
        date="2019-03-06",
        date_basis="publication",
        source=Actor("Chile", "CHL", "CHL", None, 0, 5),
        target=Actor("Peru", "PER", "PER", None, 17, 21),
        cameo="111",
        cameo_name="Criticize or denounce",
        plover=None,
        quad_class=3,
        goldstein=-2.0,
        trigger=Span("criticised", 6, 16),
        modality=modality,  # type: ignore[arg-type]
        confidence=0.9,
        coder_version="detente-test",
    )


def test_the_modalities_are_the_documented_strings() -> None:
    assert issubclass(Modality, StrEnum)
    assert [m.value for m in Modality] == ["asserted", "reported", "intended", "negated", "hypothetical"]
    assert FACTUAL_MODALITIES == {"asserted", "reported", "intended"}


def test_the_actor_kinds_are_the_strings_they_replace() -> None:
    assert issubclass(ActorKind, StrEnum)
    assert {k.value for k in ActorKind} == {
        "country", "adjective", "capital", "place", "organization", "person", "role", "unknown"
    }


@pytest.mark.parametrize("member", [*Modality, *ActorKind])
def test_a_member_is_its_string(member: StrEnum) -> None:
    assert member == member.value and str(member) == member.value and f"{member}" == member.value
    assert hash(member) == hash(member.value) and member in {member.value}
    assert json.dumps(member) == json.dumps(member.value)
    assert pickle.loads(pickle.dumps(member)) is member


@pytest.mark.parametrize("modality", list(Modality))
def test_event_json_is_byte_identical_to_plain_strings(modality: Modality) -> None:
    record = make_event(modality).to_dict()
    assert record["modality"] is modality
    plain = {**record, "modality": modality.value}
    assert json.dumps(record) == json.dumps(plain)
    assert json.dumps(record, ensure_ascii=False, sort_keys=True) == json.dumps(plain, ensure_ascii=False, sort_keys=True)


def test_an_event_given_a_modality_string_holds_the_member() -> None:
    event = make_event("reported")
    assert event.modality is Modality.REPORTED
    assert event == make_event(Modality.REPORTED) and event.id == make_event(Modality.REPORTED).id


def test_an_event_refuses_an_unknown_modality() -> None:
    with pytest.raises(ValueError, match="'future' is not a valid Modality"):
        make_event("future")


def test_events_pickle_with_their_modality() -> None:
    event = make_event(Modality.HYPOTHETICAL)
    assert pickle.loads(pickle.dumps(event)) == event
