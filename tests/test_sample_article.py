"""Acceptance on the sample article of the issue (a WSWS piece of 23 August 2018
on US–North Korea talks), read from ../shared/samples where it lives.

Events are matched by their actors' countries and CAMEO root plus the words
of their trigger, not by sentence text, so that the checks hold as long as the
coder reads the same constructions the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest

from detente.coder import Coder
from detente.errors import InputError
from detente.ingest import parse_header, read_path
from detente.model import Document, Event

SAMPLE = "samples/000_632eb3e0ea38a645.txt"
PUBLISHED = dt.date(2018, 8, 23)  # a Thursday
ANY = "*"  # any target, or none


@pytest.fixture(scope="module")
def doc(shared_dir: Path) -> Document:
    items = list(read_path(shared_dir / SAMPLE))
    assert len(items) == 1
    item = items[0]
    assert not isinstance(item, InputError), str(item)
    return item


@pytest.fixture(scope="module")
def events(coder: Coder, doc: Document) -> list[Event]:
    return coder.code_document(doc)


@pytest.fixture(scope="module")
def all_events(coder: Coder, doc: Document) -> list[Event]:
    return coder.code_document(doc, all_modalities=True)


def matching(
    events: Iterable[Event],
    source: str,
    target: str | None,
    root: str,
    *trigger_words: str,
) -> list[Event]:
    """Events from a ``source`` country to a ``target`` country (None: no
    target; ``ANY``: whatever) with this CAMEO root whose trigger contains
    every one of ``trigger_words``."""
    return [
        e
        for e in events
        if e.source.country == source
        and (target == ANY or (e.target.country if e.target else None) == target)
        and e.root == root
        and all(word in e.trigger.text.lower() for word in trigger_words)
    ]


def describe(events: Iterable[Event]) -> str:
    return "\n".join(
        f"  {e.sentence_index} {e.date} {e.source.code}({e.source.text}) -> "
        f"{e.target.code if e.target else None}({e.target.text if e.target else ''}) "
        f"{e.cameo} {e.modality} [{e.trigger.text}]"
        for e in events
    )


def only(found: list[Event], what: str, events: list[Event]) -> Event:
    assert found, f"no {what} among:\n{describe(events)}"
    return found[0]


def test_publication_date_comes_from_the_header(doc: Document) -> None:
    header = parse_header(doc.text)
    assert header.date == PUBLISHED
    assert doc.date == PUBLISHED
    assert doc.title == "Trump backs talks with North Korea despite nuclear stalemate"
    assert header.end > 0
    assert all(start >= header.end for start, _ in doc.body_spans()), "the header is not coded"


def test_north_korea_denounces_washington(events: list[Event]) -> None:
    event = only(matching(events, "PRK", "USA", "11", "denounced"), "PRK→USA disapproval", events)
    assert event.target is not None and event.target.code in {"USA", "USAGOV"}
    assert event.modality in {"asserted", "reported"}


def test_the_us_demands_that_north_korea_front_load(events: list[Event]) -> None:
    event = only(matching(events, "USA", "PRK", "10", "demanding"), "USA→PRK demand", events)
    assert event.source.code in {"USA", "USAGOV"}


def test_pompeo_held_talks_with_pyongyang(events: list[Event]) -> None:
    found = [e for e in matching(events, "USA", "PRK", "04", "held") if "Pompeo" in e.source.text]
    event = only(found, "Pompeo consultation", events)
    assert event.source.code == "USAGOV"
    assert event.target is not None and event.target.code == "PRKGOV"


def test_bolton_demand_is_dated_last_sunday(events: list[Event]) -> None:
    found = [e for e in matching(events, "USA", "PRK", "10") if "Bolton" in e.source.text]
    event = only(found, "Bolton demand", events)
    assert event.source.code == "USAGOV"
    assert event.target is not None and event.target.code in {"PRK", "PRKGOV"}
    assert (event.date, event.date_basis) == ("2018-08-19", "text")  # "last Sunday" before Thursday 23rd


def test_trump_intends_to_meet_kim_said_on_monday(events: list[Event]) -> None:
    found = [e for e in matching(events, "USA", "PRK", "03") if e.cameo == "036" and "Trump" in e.source.text]
    event = only(found, "Trump intent to meet", events)
    assert (event.source.code, event.target.code if event.target else None) == ("USAGOV", "PRKGOV")
    assert event.modality == "intended"
    assert (event.date, event.date_basis) == ("2018-08-20", "text")  # "on Monday"


def test_trump_threatened_north_korea_at_the_un(events: list[Event]) -> None:
    found = [
        e
        for e in matching(events, "USA", "PRK", "13")
        if "Trump" in e.source.text
        and "United Nations" in e.sentence
        and any(word in e.trigger.text.lower() for word in ("warn", "destroy", "threat"))
    ]
    event = only(found, "Trump threat at the UN", events)
    assert event.source.code == "USAGOV"
    assert event.date < PUBLISHED.isoformat()  # "less than a year ago"


def test_the_new_york_times_editorial_is_dated_monday(events: list[Event]) -> None:
    found = [
        e
        for e in matching(events, "USA", "USA", "11", "derided")
        if "New York Times" in e.source.text and e.source.sector == "MED"
    ]
    event = only(found, "NYT editorial", events)
    assert (event.date, event.date_basis) == ("2018-08-20", "text")


def _is_after(date: str, day: dt.date) -> bool:
    """Compare at the event date's own precision: "2018" is not after 2018-08-23."""
    return date > day.isoformat()[: len(date)]


def test_no_event_is_dated_after_publication(all_events: list[Event]) -> None:
    assert all_events
    late = [e for e in all_events if e.date and _is_after(e.date, PUBLISHED)]
    assert not late, f"events dated after {PUBLISHED}:\n{describe(late)}"
    assert not _is_after("2018", PUBLISHED) and not _is_after("2018-08", PUBLISHED)
    assert _is_after("2018-09", PUBLISHED) and _is_after("2018-08-24", PUBLISHED)


def test_the_contact_footer_gives_no_event(doc: Document, all_events: list[Event]) -> None:
    footer = doc.text.index("To contact the WSWS")
    assert all(end <= footer for _, end in doc.body_spans()), "the footer is coded"
    from_footer = [e for e in all_events if e.trigger.start >= footer or e.source.start >= footer]
    assert not from_footer, describe(from_footer)


def test_washington_has_not_agreed_is_negated(events: list[Event], all_events: list[Event]) -> None:
    def not_agreed(found: Iterable[Event]) -> list[Event]:
        return [e for e in matching(found, "USA", ANY, "03", "agreed") if "has not agreed" in e.sentence]

    assert not not_agreed(events), "a negated event is in the default output"
    event = only(not_agreed(all_events), "negated agreement", all_events)
    assert event.modality == "negated"
    assert event.source.text == "Washington"
