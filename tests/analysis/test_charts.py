"""Dyad charts (analysis/charts.py): PNG and SVG, offline, the same bytes for the same dyad."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from detente.analysis.charts import dyad_chart, dyad_svg
from detente.analysis.dyads import Dyad, Lag, Period


def make_dyad(months: int = 4) -> Dyad:
    starts = [dt.date(2019, m + 1, 1) for m in range(months)]
    ab = tuple(Period(s, events=m + 1, q1=m + 1, cooperative=m + 1, goldstein_sum=3.0 * (m + 1)) for m, s in enumerate(starts))
    ba = tuple(Period(s, events=1, q4=1, conflictual=1, goldstein_sum=-10.0) for s in starts)
    return Dyad("USA", "PRK", "month", "clusters", ab, ba, (Lag(0, None, months),), "no sign")


def test_png_and_svg_are_written_by_suffix(tmp_path: Path) -> None:
    png = dyad_chart(make_dyad(), tmp_path / "d.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = dyad_chart(make_dyad(), tmp_path / "d.SVG")
    root = ET.fromstring(svg.read_bytes())
    assert root.tag.endswith("svg")


def test_the_svg_is_self_contained_and_the_same_each_time() -> None:
    text = dyad_svg(make_dyad())
    assert text == dyad_svg(make_dyad())  # no date, no random ids
    root = ET.fromstring(text)
    links = [v for el in root.iter() for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] in ("href", "src")]
    assert links and all(v.startswith("#") for v in links)  # only links inside the file: nothing fetched
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("script", "image", "foreignObject")]
    assert "@import" not in text and "@font-face" not in text and "url(http" not in text
    assert "<text" not in text  # letters are paths: no font needed to show them
    assert dyad_svg(make_dyad(5)) != text


def test_an_empty_dyad_still_draws_and_a_bad_suffix_is_refused(tmp_path: Path) -> None:
    empty = Dyad("USA", "FJI", "week", "clusters", (), (), (), "no sign")
    assert dyad_svg(empty).lstrip().startswith("<?xml")
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        dyad_chart(make_dyad(), tmp_path / "d.pdf")
