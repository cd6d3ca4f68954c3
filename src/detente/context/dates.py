"""Date expressions in English news text, resolved against the publication date.

``find_dates`` returns every date mention it is sure of, with its offsets and
its value at the precision the text supports: ``"2018-08-20"`` (day),
``"2018-08"`` (month) or ``"2018"`` (year). Relative expressions ("on
Monday", "last month", "three days ago", "in June") need the publication
date; without one only absolute dates are returned.

Conventions, as news is written:

* a bare weekday ("on Monday") is the most recent such day up to and
  including the publication day; "last Monday" is strictly before it, "next
  Monday" strictly after, "this Monday" the Monday of the publication week
  (weeks run Monday to Sunday);
* a month without a year ("in June") is the most recent June not after the
  publication month, and a day without a year ("June 5") the most recent such
  day not after the publication date;
* a week is not a month: "last week" gives the month of the day a week before
  publication, at month precision; "earlier this week" gives nothing.

Anything unclear gives nothing rather than a guess: years joined by a dash
("1950–53"), decades, "May" without a day, a year or a cue word.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import MappingProxyType

from ..months import MONTHS

__all__ = ["DateMention", "find_dates", "resolve"]


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the text given to find_dates
    end: int
    text: str
    value: str  # "2018-08-20", "2018-07" or "2018"
    precision: str  # "day", "month" or "year"
    relative: bool  # True when resolved relative to the publication date


_MONTHS = MONTHS  # one table for datelines and for dates in the text
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS: MappingProxyType[str, int] = MappingProxyType(
    {
        "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "fifteen": 15, "twenty": 20, "thirty": 30,
    }
)  # fmt: skip

# Month names are capitalised ("may" is never a month). Full names first, so
# that "June" is not read as "Jun" + "e"; the lookarounds stand in for \b,
# which does not work after "Aug.".
_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_MONTH = rf"(?<![A-Za-z])(?P<month>{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?)(?![A-Za-z])"
_MONTH_FULL_ONLY = rf"(?<![A-Za-z])(?P<month>{_MONTH_FULL})(?![A-Za-z])"
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A weekday in front of a calendar date ("Thursday, 23 August") is part of it.
_WEEKDAY_PREFIX = rf"(?:(?<![A-Za-z])(?i:{_WEEKDAY_NAMES}),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# No "–53" or "-2018" after a year: ranges are not single dates.
_NO_RANGE = r"(?![\d\w])(?!\s*[-–—]\s*\d)"

# Words of one expression may be split by a line break, never by a blank line.
# Possessive quantifiers: a long run of spaces must not make matching quadratic.
_GAP = r"(?=[ \t\n])[ \t]*+\n?[ \t]*+"
_OPTIONAL_GAP = r"[ \t]*+\n?[ \t]*+"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(r"\s+", _GAP).replace(r"\s*", _OPTIONAL_GAP))


_ISO_RE = _compile(r"(?<![\d\w-])(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})(?![\d\w]|-\d)")
_MDY_RE = _compile(_WEEKDAY_PREFIX + _MONTH + r"\s+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + _NO_RANGE)
_DMY_RE = _compile(
    _WEEKDAY_PREFIX + r"(?<![\d.,])" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _NO_RANGE
)
_MD_RE = _compile(_WEEKDAY_PREFIX + _MONTH + r"\s+" + _DAY + r"(?![\d\w:.,]\d|[\d\w])")
_DM_RE = _compile(_WEEKDAY_PREFIX + r"(?<![\d.,$£€])" + _DAY + r"\s+(?:of\s+)?" + _MONTH)
_MY_RE = _compile(_MONTH + r"\s+(?:of\s+)?" + _YEAR + _NO_RANGE)
_MONTH_ALONE_RE = _compile(
    r"(?:(?<![A-Za-z])(?P<mod>(?i:this\s+past|this\s+coming|last|next|this|coming|past|early|late|mid)"
    r")(?:\s*-\s*|\s+))?" + _MONTH_FULL_ONLY
)
_YEAR_CUE_RE = _compile(
    r"(?<![A-Za-z])(?i:in|since|of|during|until|till|by|before|after|from|through|early|late|mid)"
    r"(?:\s*-\s*|\s+)(?:(?i:the)\s+)?(?P<year>(?:19|20)\d{2})" + _NO_RANGE + r"(?!\s*(?:%|per\s*cent|percent))"
)
_WEEKDAY_RE = _compile(
    r"(?:(?<![A-Za-z])(?P<mod>(?i:this\s+past|this\s+coming|last|next|this|coming|past))\s+)?"
    rf"(?<![A-Za-z])(?P<weekday>(?i:{_WEEKDAY_NAMES}))(?![A-Za-z])"
)
_DAY_WORD_RE = _compile(
    r"(?<![A-Za-z])(?P<word>(?i:(?:the\s+)?day\s+before\s+yesterday|(?:the\s+)?day\s+after\s+tomorrow"
    r"|today|tonight|yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)))(?![A-Za-z])"
)
_PERIOD_RE = _compile(
    r"(?<![A-Za-z])(?P<cue>(?i:earlier|later)\s+)?(?P<mod>(?i:last|this|next))\s+"
    r"(?P<unit>(?i:week|month|year))(?![A-Za-z])"
)
_AGO_RE = _compile(
    r"(?<![A-Za-z\d])(?P<count>\d{1,3}|(?i:" + "|".join(_NUMBERS) + r"))\s+"
    r"(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)(?![A-Za-z])"
)

# Holidays and titles built on a weekday name are not dates of the week.
_WEEKDAY_BEFORE_BLOCK = frozenset(
    {"good", "black", "super", "bloody", "ash", "palm", "easter", "cyber", "holy", "maundy", "shrove", "whit"}
)
_WEEKDAY_AFTER_BLOCK = frozenset(
    {"times", "telegraph", "express", "mirror", "post", "herald", "mail", "star", "independent",
     "review", "club", "sport", "tribune", "observer", "people", "magazine"}
)  # fmt: skip
# "May" and "March" are also a name and a verb: they need a cue to be months.
_AMBIGUOUS_MONTHS = frozenset({"May", "March"})
_MONTH_CUES = frozenset({"in", "since", "during", "of"})
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[\s-]*$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z]+)")


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    value: str | None  # None: a phrase that blocks shorter matches inside it, giving nothing
    precision: str
    relative: bool


def _day(value: dt.date) -> tuple[str, str]:
    return value.isoformat(), "day"


def _month(year: int, month: int) -> tuple[str, str]:
    return f"{year:04d}-{month:02d}", "month"


def _year(year: int) -> tuple[str, str]:
    return f"{year:04d}", "year"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_number(name: str) -> int:
    return _MONTHS[name.rstrip(".").lower()]


def _word_before(text: str, position: int) -> str:
    match = _WORD_BEFORE.search(text, max(0, position - 40), position)
    return match[1].lower() if match else ""


def _word_after(text: str, position: int) -> str:
    match = _WORD_AFTER.match(text[position : position + 40])
    return match[1] if match else ""


def _recent_day(published: dt.date, month: int, day: int) -> dt.date | None:
    """The most recent ``month``/``day`` not after ``published`` (Feb 29 may go back years)."""
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _weekday_date(published: dt.date, weekday: int, modifier: str) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if modifier in ("last", "past", "this past"):
        return published - dt.timedelta(days=back or 7)
    if modifier in ("next", "coming", "this coming"):
        return published + dt.timedelta(days=(weekday - published.weekday()) % 7 or 7)
    if modifier == "this":
        return published + dt.timedelta(days=weekday - published.weekday())
    return published - dt.timedelta(days=back)


def _month_alone(published: dt.date, month: int, modifier: str) -> tuple[str, str]:
    year = published.year
    if modifier in ("last", "past", "this past"):
        year = year if month < published.month else year - 1
    elif modifier in ("next", "coming", "this coming"):
        year = year if month > published.month else year + 1
    elif modifier != "this":
        year = year if month <= published.month else year - 1
    return _month(year, month)


def _modifier(raw: str | None) -> str:
    return " ".join(raw.lower().split()) if raw else ""


_Finder = Callable[[str, dt.date | None], Iterator[_Candidate]]


def _absolute(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    for match in _ISO_RE.finditer(text):
        try:
            value = dt.date(int(match["year"]), int(match["mon"]), int(match["day"]))
        except ValueError:
            continue
        yield _Candidate(match.start(), match.end(), *_day(value), False)
    for pattern in (_MDY_RE, _DMY_RE):
        for match in pattern.finditer(text):
            try:
                value = dt.date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
            except ValueError:
                # "31 June 2018": not a date, and not "June 2018" either.
                yield _Candidate(match.start(), match.end(), None, "", False)
                continue
            yield _Candidate(match.start(), match.end(), *_day(value), False)
    for match in _MY_RE.finditer(text):
        year = int(match["year"])
        if 1000 <= year:
            yield _Candidate(match.start(), match.end(), *_month(year, _month_number(match["month"])), False)
    for match in _YEAR_CUE_RE.finditer(text):
        yield _Candidate(match.start("year"), match.end("year"), *_year(int(match["year"])), False)


def _month_days(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    if published is None:
        return
    for pattern in (_MD_RE, _DM_RE):
        for match in pattern.finditer(text):
            value = _recent_day(published, _month_number(match["month"]), int(match["day"]))
            if value is None:
                yield _Candidate(match.start(), match.end(), None, "", True)
            else:
                yield _Candidate(match.start(), match.end(), *_day(value), True)


def _months_alone(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    if published is None:
        return
    for match in _MONTH_ALONE_RE.finditer(text):
        modifier = _modifier(match["mod"])
        name = match["month"]
        after = _word_after(text, match.end())
        if not modifier:
            before = _word_before(text, match.start())
            cued = before in _MONTH_CUES
            if name in _AMBIGUOUS_MONTHS and not cued:
                continue
            if name in _AMBIGUOUS_MONTHS and text.startswith(("'s", "’s"), match.end()):
                continue  # "in May's cabinet": Theresa May
            if not cued and after[:1].isupper():
                continue  # "June Carter": a name
        value = _month_alone(published, _MONTHS[name.lower()], modifier)
        yield _Candidate(match.start(), match.end(), *value, True)


def _weekdays(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    if published is None:
        return
    for match in _WEEKDAY_RE.finditer(text):
        if _word_before(text, match.start("weekday")) in _WEEKDAY_BEFORE_BLOCK:
            continue
        if _word_after(text, match.end()).lower() in _WEEKDAY_AFTER_BLOCK:
            continue
        weekday = _WEEKDAYS.index(match["weekday"].lower())
        value = _weekday_date(published, weekday, _modifier(match["mod"]))
        yield _Candidate(match.start(), match.end(), *_day(value), True)


def _relative_words(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    if published is None:
        return
    for match in _DAY_WORD_RE.finditer(text):
        word = " ".join(match["word"].lower().split())
        if word.endswith("before yesterday"):
            offset = -2
        elif word.endswith("after tomorrow"):
            offset = 2
        elif word in ("yesterday", "last night"):
            offset = -1
        elif word == "tomorrow":
            offset = 1
        else:
            offset = 0
        yield _Candidate(match.start(), match.end(), *_day(published + dt.timedelta(days=offset)), True)
    for match in _PERIOD_RE.finditer(text):
        if match["unit"][0].isupper() and not match.group().isupper():
            continue  # "This Week", "Next Year": a title, not a time
        modifier = match["mod"].lower()
        unit = match["unit"].lower()
        cue = match["cue"]
        delta = {"last": -1, "this": 0, "next": 1}[modifier]
        if cue is not None and (unit == "week" or modifier != "this"):
            # "earlier this week" may be last month; "later last year" is odd: block, give nothing.
            yield _Candidate(match.start(), match.end(), None, "", True)
            continue
        start = match.start("mod") if cue is None else match.start()
        if unit == "week":
            value = _month(*_as_month(published + dt.timedelta(days=7 * delta)))
        elif unit == "month":
            value = _month(*_shift_month(published.year, published.month, delta))
        else:
            value = _year(published.year + delta)
        yield _Candidate(start, match.end(), *value, True)
    for match in _AGO_RE.finditer(text):
        raw = match["count"].lower()
        count = int(raw) if raw.isdigit() else _NUMBERS[raw]
        unit = match["unit"].lower()
        if unit == "day":
            value = _day(published - dt.timedelta(days=count))
        elif unit == "week":
            value = _month(*_as_month(published - dt.timedelta(days=7 * count)))
        elif unit == "month":
            value = _month(*_shift_month(published.year, published.month, -count))
        else:
            value = _year(published.year - count)
        yield _Candidate(match.start(), match.end(), *value, True)


def _as_month(value: dt.date) -> tuple[int, int]:
    return value.year, value.month


_FINDERS: tuple[_Finder, ...] = (_absolute, _month_days, _months_alone, _weekdays, _relative_words)


def _candidates(text: str, published: dt.date | None) -> Iterator[_Candidate]:
    for finder in _FINDERS:
        iterator = finder(text, published)
        while True:
            try:
                candidate = next(iterator)
            except StopIteration:
                break
            except (OverflowError, ValueError):
                # A publication date near the ends of the calendar: skip what cannot be computed.
                continue
            if candidate.value is not None and not 1 <= int(candidate.value[:4]) <= 9999:
                continue
            yield candidate


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Date mentions in ``text``, resolved against ``published``, in text order.

    Overlapping matches are settled longest first ("Monday, 20 August 2018" is
    one mention, not a weekday and a date).
    """
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    ordered = sorted(_candidates(text, published), key=lambda c: (c.start - c.end, c.start))
    for candidate in ordered:
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        taken.append((candidate.start, candidate.end))
        chosen.append(candidate)
    return [
        DateMention(c.start, c.end, text[c.start : c.end], c.value, c.precision, c.relative)
        for c in sorted(chosen, key=lambda c: c.start)
        if c.value is not None
    ]


_LEADING_PREPOSITION = re.compile(r"(?i:(?:on|in|since|of|during|until|by|from|at)\s+)?(?i:the\s+)?")
_TRAILING_PUNCTUATION = ",;:!?"
_BARE_YEAR = re.compile(r"\d{4}")


def resolve(expression: str, published: dt.date) -> tuple[str, str] | None:
    """(value, precision) of a whole date expression such as "last Sunday" or "in June".

    None when the expression is not, as a whole, a date this module understands.
    """
    # A final "." may belong to "Aug.", so it is dealt with below.
    expression = expression.strip().rstrip(_TRAILING_PUNCTUATION).rstrip()
    prefix = _LEADING_PREPOSITION.match(expression)
    begin = prefix.end() if prefix else 0
    mentions = find_dates(expression, published)
    if len(mentions) == 1:
        mention = mentions[0]
        ends = (len(expression), len(expression.rstrip(".")))
        if mention.start <= begin and mention.end in ends:
            return mention.value, mention.precision
    # Alone, a year or a month name is unambiguous: the caller says it is a date.
    core = expression[begin:].rstrip(".")
    if _BARE_YEAR.fullmatch(core) and int(core) >= 1:
        return _year(int(core))
    if core.lower() in _MONTHS:
        return _month_alone(published, _MONTHS[core.lower()], "")
    return None
