"""Date expressions resolved against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.context.dates import DateMention, find_dates, resolve

THU = dt.date(2018, 8, 23)  # a Thursday


def _values(text: str, published: dt.date | None = THU) -> list[tuple[str, str, str]]:
    return [(m.text, m.value, m.precision) for m in find_dates(text, published)]


# --- weekdays -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Monday", "2018-08-20"),
        ("Monday", "2018-08-20"),
        ("on Thursday", "2018-08-23"),  # the publication weekday: that day
        ("on Friday", "2018-08-17"),
        ("on Sunday", "2018-08-19"),
        ("last Sunday", "2018-08-19"),
        ("last Thursday", "2018-08-16"),  # strictly before
        ("last Friday", "2018-08-17"),
        ("this past Monday", "2018-08-20"),
        ("next Friday", "2018-08-24"),
        ("next Thursday", "2018-08-30"),  # strictly after
        ("next Monday", "2018-08-27"),
        ("this coming Monday", "2018-08-27"),
        ("this Tuesday", "2018-08-21"),  # the week of publication, Monday to Sunday
        ("this Saturday", "2018-08-25"),
        ("on monday", "2018-08-20"),
        ("Last Sunday", "2018-08-19"),
    ],
)
def test_weekdays(expression: str, expected: str) -> None:
    assert resolve(expression, THU) == (expected, "day")


def test_weekdays_across_month_and_year_boundaries() -> None:
    tue = dt.date(2019, 1, 1)  # a Tuesday
    assert resolve("on Sunday", tue) == ("2018-12-30", "day")
    assert resolve("last Tuesday", tue) == ("2018-12-25", "day")
    assert resolve("on Tuesday", tue) == ("2019-01-01", "day")
    assert resolve("next Monday", tue) == ("2019-01-07", "day")
    assert resolve("this Monday", tue) == ("2018-12-31", "day")
    sun = dt.date(2018, 12, 30)
    assert resolve("next Monday", sun) == ("2018-12-31", "day")
    assert resolve("this Monday", sun) == ("2018-12-24", "day")
    assert resolve("Saturday", dt.date(2018, 3, 1)) == ("2018-02-24", "day")
    assert resolve("Thursday", dt.date(2016, 3, 1)) == ("2016-02-25", "day")  # leap year


def test_weekday_spans_exclude_preposition_and_keep_modifier() -> None:
    mentions = find_dates("He spoke on Monday and last Sunday.", THU)
    assert [(m.text, m.relative) for m in mentions] == [("Monday", True), ("last Sunday", True)]


def test_weekday_names_that_are_not_days() -> None:
    assert _values("The Sunday Times said Good Friday and Black Monday were over.") == []


def test_plural_weekdays_are_habits_not_dates() -> None:
    assert _values("They meet on Mondays.") == []


# --- day words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("today", "2018-08-23"),
        ("Tonight", "2018-08-23"),
        ("this morning", "2018-08-23"),
        ("yesterday", "2018-08-22"),
        ("Yesterday", "2018-08-22"),
        ("last night", "2018-08-22"),
        ("tomorrow", "2018-08-24"),
        ("the day before yesterday", "2018-08-21"),
    ],
)
def test_day_words(expression: str, expected: str) -> None:
    assert resolve(expression, THU) == (expected, "day")


def test_day_words_roll_over_year() -> None:
    assert resolve("yesterday", dt.date(2019, 1, 1)) == ("2018-12-31", "day")
    assert resolve("tomorrow", dt.date(2018, 12, 31)) == ("2019-01-01", "day")


# --- weeks, months, years -------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expression", "expected"),
    [
        (THU, "last week", ("2018-08", "month")),
        (dt.date(2018, 9, 3), "last week", ("2018-08", "month")),
        (dt.date(2019, 1, 4), "last week", ("2018-12", "month")),
        (THU, "this week", ("2018-08", "month")),
        (dt.date(2018, 8, 28), "next week", ("2018-09", "month")),
        (THU, "last month", ("2018-07", "month")),
        (dt.date(2019, 1, 15), "last month", ("2018-12", "month")),
        (THU, "this month", ("2018-08", "month")),
        (THU, "earlier this month", ("2018-08", "month")),
        (dt.date(2018, 12, 15), "next month", ("2019-01", "month")),
        (THU, "last year", ("2017", "year")),
        (THU, "this year", ("2018", "year")),
        (THU, "later this year", ("2018", "year")),
        (THU, "next year", ("2019", "year")),
    ],
)
def test_periods(published: dt.date, expression: str, expected: tuple[str, str]) -> None:
    assert resolve(expression, published) == expected


def test_earlier_this_week_gives_nothing() -> None:
    assert resolve("earlier this week", THU) is None
    assert _values("The talks ended earlier this week.") == []
    assert _values("They met later this week.") == []


def test_capitalised_period_is_a_title() -> None:
    assert _values("He said on ABC's This Week that talks would go on.") == []


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("three days ago", ("2018-08-20", "day")),
        ("30 days ago", ("2018-07-24", "day")),
        ("a week ago", ("2018-08", "month")),
        ("two weeks ago", ("2018-08", "month")),
        ("four weeks ago", ("2018-07", "month")),
        ("a month ago", ("2018-07", "month")),
        ("eight months ago", ("2017-12", "month")),
        ("two years ago", ("2016", "year")),
        ("a year ago", ("2017", "year")),
    ],
)
def test_ago(expression: str, expected: tuple[str, str]) -> None:
    assert resolve(expression, THU) == expected


# --- months -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expression", "expected"),
    [
        (THU, "in June", "2018-06"),
        (THU, "June", "2018-06"),
        (THU, "in August", "2018-08"),  # the publication month itself
        (dt.date(2018, 3, 1), "in June", "2017-06"),
        (dt.date(2018, 1, 10), "in December", "2017-12"),
        (THU, "next June", "2019-06"),
        (dt.date(2018, 3, 1), "next June", "2018-06"),
        (dt.date(2018, 12, 1), "next January", "2019-01"),
        (THU, "last June", "2018-06"),
        (dt.date(2018, 6, 10), "last June", "2017-06"),
        (THU, "this December", "2018-12"),
        (THU, "early June", "2018-06"),
        (THU, "mid-June", "2018-06"),
        (THU, "late May", "2018-05"),
        (THU, "in May", "2018-05"),
        (THU, "in June 2017", "2017-06"),
        (THU, "June 2017", "2017-06"),
        (THU, "Sept. 2016", "2016-09"),
        (THU, "May of 2015", "2015-05"),
    ],
)
def test_months(published: dt.date, expression: str, expected: str) -> None:
    assert resolve(expression, published) == (expected, "month")


def test_month_with_year_is_absolute() -> None:
    (mention,) = find_dates("It began in June 2017.", THU)
    assert (mention.text, mention.relative) == ("June 2017", False)
    (mention,) = find_dates("It began in June.", THU)
    assert (mention.text, mention.relative) == ("June", True)


def test_may_the_modal_and_the_name() -> None:
    text = "Prime Minister May said the talks may fail. Theresa May met him. In May's view, nothing."
    assert _values(text) == []
    assert _values("Talks may resume in May.") == [("May", "2018-05", "month")]
    assert _values("They met on 3 May.") == [("3 May", "2018-05-03", "day")]
    assert _values("They met in May 2016.") == [("May 2016", "2016-05", "month")]


def test_march_the_verb() -> None:
    assert _values("March organisers said. Protesters March on the capital.") == []
    assert _values("In March the army withdrew.") == [("March", "2018-03", "month")]


def test_month_name_followed_by_a_name_is_a_person() -> None:
    assert _values("June Carter sang.") == []
    assert _values("The June summit in Singapore.") == [("June", "2018-06", "month")]


# --- days of months ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expression", "expected", "relative"),
    [
        (THU, "June 5", "2018-06-05", True),
        (THU, "5 June", "2018-06-05", True),
        (THU, "the 5th of June", "2018-06-05", True),
        (THU, "on Aug. 20", "2018-08-20", True),
        (THU, "Aug 23", "2018-08-23", True),
        (THU, "Aug. 24", "2017-08-24", True),  # not after publication
        (dt.date(2018, 1, 5), "December 30", "2017-12-30", True),
        (dt.date(2018, 3, 1), "February 29", "2016-02-29", True),
        (THU, "June 5, 2017", "2017-06-05", False),
        (THU, "5 June 2017", "2017-06-05", False),
        (THU, "Sept. 11, 2001", "2001-09-11", False),
        (THU, "Thursday, 23 August 2018", "2018-08-23", False),
        (THU, "Monday, Aug. 20", "2018-08-20", True),
        (THU, "2018-08-20", "2018-08-20", False),
    ],
)
def test_days(published: dt.date, expression: str, expected: str, relative: bool) -> None:
    assert resolve(expression, published) == (expected, "day")
    (mention,) = find_dates(expression, published)
    assert mention.relative is relative


def test_weekday_in_front_of_a_date_is_one_mention() -> None:
    (mention,) = find_dates("Published Monday, 20 August 2018 at noon.", THU)
    assert mention.text == "Monday, 20 August 2018"


def test_invalid_calendar_dates_give_nothing() -> None:
    assert _values("On 31 June 2018 and 2018-02-30 nothing happened.") == []
    assert _values("On 31 June nothing happened either.") == []
    assert _values("February 30 is not a day.") == []


# --- years ---------------------------------------------------------------------------


def test_years_need_a_cue() -> None:
    assert _values("The war began in 1950 and ended in 1953.") == [
        ("1950", "1950", "year"),
        ("1953", "1953", "year"),
    ]
    assert _values("Since 2016, and during the 2016 election.") == [
        ("2016", "2016", "year"),
        ("2016", "2016", "year"),
    ]
    assert _values("He scored 2016 points.") == []


def test_year_ranges_and_decades_give_nothing() -> None:
    assert _values("the 1950–53 Korean War") == []
    assert _values("in 1950–53 and in 2016-2017 and in the 1990s") == []
    assert _values("unemployment rose in 2016 to 5 percent") == [("2016", "2016", "year")]
    assert _values("growth of 2016 percent") == []


def test_resolve_bare_year_and_month() -> None:
    assert resolve("2016", THU) == ("2016", "year")
    assert resolve("in 2016", THU) == ("2016", "year")
    assert resolve("May", THU) == ("2018-05", "month")
    assert resolve("October", THU) == ("2017-10", "month")


def test_resolve_rejects_non_dates_and_partial_matches() -> None:
    assert resolve("the summit", THU) is None
    assert resolve("on Monday and Tuesday", THU) is None
    assert resolve("", THU) is None


# --- without a publication date --------------------------------------------------------


def test_without_publication_date_only_absolute_dates() -> None:
    text = "On Monday, yesterday, in June, June 5, last week, in June 2017, 2018-08-20, in 2016, 5 May 2015."
    assert [(m.text, m.value) for m in find_dates(text, None)] == [
        ("June 2017", "2017-06"),
        ("2018-08-20", "2018-08-20"),
        ("2016", "2016"),
        ("5 May 2015", "2015-05-05"),
    ]
    assert all(not m.relative for m in find_dates(text, None))


def test_mentions_are_ordered_and_offsets_slice() -> None:
    text = "Yesterday the envoy, who arrived on Monday, said talks in June 2017 failed."
    mentions = find_dates(text, THU)
    assert [m.text for m in mentions] == ["Yesterday", "Monday", "June 2017"]
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert mentions == sorted(mentions, key=lambda m: m.start)


def test_line_break_inside_expression_but_not_blank_line() -> None:
    assert _values("last\nweek") == [("last\nweek", "2018-08", "month")]
    assert _values("last\n\nweek") == []


def test_publication_dates_at_calendar_edges_do_not_raise() -> None:
    assert resolve("tomorrow", dt.date.max) is None
    assert resolve("yesterday", dt.date.min) is None
    find_dates("next year, last year, in June, on Monday, 3 days ago", dt.date.max)
    find_dates("next year, last year, in June, on Monday, 3 days ago", dt.date.min)


# --- properties ------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "on Monday", "last Sunday", "next Friday", "this Tuesday", "today", "yesterday", "last week",
        "earlier this week", "last month", "next year", "in June", "May", "may", "June 5", "5 June",
        "June 5, 2017", "2018-08-20", "in 2016", "1950–53", "three days ago", "Aug. 20", "Thursday, ",
        "mid-", "the ", "in ", ", ", ".", "\n", "\n\n", " ", "12", "2019", "-", "–", "Sept", "'s",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(st.text(max_size=200), st.lists(_PIECES | st.text(max_size=5), max_size=25).map("".join)),
    published=st.none() | st.dates(),
)
def test_find_dates_never_raises_and_offsets_slice(text: str, published: dt.date | None) -> None:
    mentions = find_dates(text, published)
    previous_end = 0
    for mention in mentions:
        assert isinstance(mention, DateMention)
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end  # ordered, no overlaps
        previous_end = mention.end
        assert mention.precision in ("day", "month", "year")
        expected_length = {"day": 10, "month": 7, "year": 4}[mention.precision]
        assert len(mention.value) == expected_length
        if published is None:
            assert not mention.relative
