"""Month names, shared by the readers of datelines (ingest) and of dates in the text
(context): one table, so that both read "Sept." and "sept" alike."""

from __future__ import annotations

from types import MappingProxyType

#: Month names and abbreviations -> month number.
MONTHS: MappingProxyType[str, int] = MappingProxyType(
    {
        "january": 1, "jan": 1,
        "february": 2, "feb": 2,
        "march": 3, "mar": 3,
        "april": 4, "apr": 4,
        "may": 5,
        "june": 6, "jun": 6,
        "july": 7, "jul": 7,
        "august": 8, "aug": 8,
        "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10,
        "november": 11, "nov": 11,
        "december": 12, "dec": 12,
    }
)  # fmt: skip
