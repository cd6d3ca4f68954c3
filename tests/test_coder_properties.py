"""Arbitrary text to Coder.code: it returns events whose evidence lies in the text,
within a time bound, and never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_WORDS = st.sampled_from(
    ["Chad", "Niger", "Mali", "the", "government", "praised", "accused", "did", "not", "talks", "with", "and",
     "neither", "nor", "it", "them", "said", "on", "Monday", "31", "April", "2021", ".", ",", "\u201c", "\u201d",
     "*", "#", "\n\n", "\u202e", "\u200b", "\ufffd", "\u0627\u0644", "Isreal", "U.S.", "NATO", "-", "("]
)  # fmt: skip
_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(_WORDS | st.text(max_size=6), max_size=80).map(" ".join),
)
# Per example: parsing and coding a few hundred characters takes well under a second.
_BOUND = dt.timedelta(seconds=10)


@settings(max_examples=60, deadline=_BOUND, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_TEXT)
def test_any_text_codes_to_events_whose_spans_are_in_the_text(coder, text: str) -> None:  # type: ignore[no-untyped-def]
    events = coder.code(text, "2021-05-01")
    assert isinstance(events, list)
    for event in events:
        spans = [event.source, event.trigger] + ([event.target] if event.target else [])
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
        assert event.sentence and event.sentence in text
        assert event.cameo.isdigit() and event.date
