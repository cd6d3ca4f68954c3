"""The date each event takes from its sentence (context.event_dates), on sentences of our own."""

from __future__ import annotations

import pytest

from detente.coder import Coder

PUBLISHED = "2023-05-12"  # a Friday


@pytest.mark.parametrize(
    ("sentence", "cameo", "date", "basis"),
    [
        # a date on the act itself
        ("The IMF approved a loan to Egypt on Thursday.", "071", "2023-05-11", "text"),
        ("Jordan on Wednesday approved the deal with Israel.", "051", "2023-05-10", "text"),
        # a date on the wrapper of a composed event
        ("Japan agreed on Monday to send aid to Turkey.", "033", "2023-05-08", "text"),
        # a date between the wrapper and its complement, which the parser hangs on the complement
        ("Qatar said on Thursday it would host talks with Bahrain.", "036", "2023-05-11", "text"),
        ("Ghana said on Tuesday it would send aid to Togo.", "033", "2023-05-09", "text"),
        # a past date on the complement dates the composed event
        ("Saudi Arabia and Iran agreed to restore ties on 10 March 2023.", "032", "2023-03-10", "text"),
        ("Chile and Peru agreed to restore relations on 2 April 2023.", "032", "2023-04-02", "text"),
        # a relative date on the complement is the plan's, even when it reads as past
        ("Egypt said Cairo would host the next round in April.", "036", PUBLISHED, "publication"),
        # a future date is the plan's: the event takes the publication date
        ("Kenya agreed to send aid to Uganda on 30 May 2023.", "033", PUBLISHED, "publication"),
        # no date at all
        ("Kenya criticised Uganda.", "111", PUBLISHED, "publication"),
    ],
)
def test_event_takes_the_date_its_sentence_gives(
    coder: Coder, sentence: str, cameo: str, date: str, basis: str
) -> None:
    events = [e for e in coder.code(sentence, PUBLISHED, all_modalities=True) if e.cameo == cameo]
    assert events, (sentence, [(e.cameo, e.date) for e in coder.code(sentence, PUBLISHED, all_modalities=True)])
    assert {(e.date, e.date_basis) for e in events} == {(date, basis)}


def test_without_a_publication_date_an_undated_event_has_no_date(coder: Coder) -> None:
    (event,) = coder.code("Kenya criticised Uganda.")
    assert (event.date, event.date_basis) == ("", "publication")
    (dated,) = coder.code("On 3 June 2017 Kenya criticised Uganda.")
    assert (dated.date, dated.date_basis) == ("2017-06-03", "text")


def test_a_plan_stated_as_future_takes_the_publication_date(coder: Coder) -> None:
    events = coder.code("Chile will host talks with Peru on Monday.", PUBLISHED, all_modalities=True)
    assert events and all((e.date, e.date_basis) == (PUBLISHED, "publication") for e in events)


def test_a_date_hangs_from_no_verb_in_a_verbless_sentence(coder: Coder) -> None:
    from detente.context.dates import find_dates
    from detente.context.event_dates import attachment
    from detente.model import Document

    (sentence,) = coder.parser.parse(Document(id="v", text="Talks on 3 June 2021."))
    (monday,) = find_dates(sentence.text, None)
    assert attachment(sentence, monday) is None
    outside = type(monday)(start=100, end=106, text="June", value="x", precision="day", relative=False)
    assert attachment(sentence, outside) is None
