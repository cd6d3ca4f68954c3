"""The country a document is about, for actors it names only by their role.

A report datelined Khartoum that speaks of "the army" and "the police" means
Sudan's. We take the countries named in the title and the opening sentences;
when one of them clearly dominates (at least ``minimum`` mentions and
``share`` of all), it is the document's home, and sector-only state actors
("---MIL", "---GOV") with no country of their own are given it. Articles
about two countries get no home, and their unnamed armies stay unnamed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

# Sectors of a state's own institutions, which an article names without the country.
HOME_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def home_country(mentions: Sequence[str], *, minimum: int = 2, share: float = 0.6) -> str | None:
    """The dominant country among ``mentions`` (ISO alpha-3 codes, in text order), or None."""
    if not mentions:
        return None
    counts = Counter(mentions)
    country, n = max(counts.items(), key=lambda kv: (kv[1], -mentions.index(kv[0])))
    if n < minimum or n / len(mentions) < share:
        return None
    return country
