"""Charts of a dyad, drawn by matplotlib offline (no display, no fonts fetched).

``dyad_chart`` writes a PNG or an SVG; ``dyad_svg`` returns the SVG text, for pages
that embed it. Figures are built as ``matplotlib.figure.Figure`` objects, never through
pyplot's global figure list, so two charts drawn at once in one process do not meet.
The SVG's text is drawn as paths: it shows the same on a machine without the fonts.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from detente.analysis.dyads import Dyad

#: The formats ``dyad_chart`` writes, by file suffix.
CHART_FORMATS = {".png": "png", ".svg": "svg"}
_COLOURS = ("#1f5fa8", "#c4511d")  # A -> B, B -> A
# Fixed metadata and id salt: the same dyad gives the same file, byte for byte.
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
_RC = {"svg.hashsalt": "detente", "svg.fonttype": "path", "font.size": 9}


def dyad_chart(d: Dyad, path: Path) -> Path:
    """Write the dyad's chart to ``path``; its suffix (.png or .svg) chooses the format."""
    fmt = CHART_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: a chart is written as {' or '.join(CHART_FORMATS)}, not {path.suffix or 'no suffix'!r}")
    path.write_bytes(_render(d, fmt))
    return path


def dyad_svg(d: Dyad) -> str:
    """The dyad's chart as SVG text."""
    return _render(d, "svg").decode("utf-8")


def _render(d: Dyad, fmt: str) -> bytes:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(8, 5), dpi=110, layout="constrained")
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        labels = (f"{d.a} → {d.b}", f"{d.b} → {d.a}")
        starts = d.starts
        if starts:
            for series, label, colour in zip((d.ab, d.ba), labels, _COLOURS, strict=True):
                top.plot(starts, [p.goldstein_sum for p in series], marker="o", markersize=3, color=colour, label=label)
            width = 0.4 * _period_days(d)
            for k, (series, colour) in enumerate(zip((d.ab, d.ba), _COLOURS, strict=True)):
                shift = _shift(k, width)
                xs = [s + shift for s in starts]
                bottom.bar(xs, [p.cooperative for p in series], width=width, color=colour, alpha=0.85)
                bottom.bar(xs, [-p.conflictual for p in series], width=width, color=colour, alpha=0.45, hatch="//")
            top.legend(loc="upper left", frameon=False)
        else:
            top.text(0.5, 0.5, "no events between them", ha="center", va="center", transform=top.transAxes)
        top.axhline(0, color="#888888", linewidth=0.6)
        bottom.axhline(0, color="#888888", linewidth=0.6)
        top.set_title(f"{d.a} and {d.b} by {d.period}, over {d.over}")
        top.set_ylabel("Goldstein sum")
        bottom.set_ylabel("acts: cooperative ↑ conflictual ↓")
        if starts:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

            locator = AutoDateLocator(maxticks=10)
            bottom.xaxis.set_major_locator(locator)
            bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt])
    return buf.getvalue()


def _period_days(d: Dyad) -> float:
    return 7.0 if d.period == "week" else 30.0


def _shift(k: int, width: float) -> dt.timedelta:
    """Where direction k's bar sits: the first just before the period's start, the second after."""
    return dt.timedelta(days=(k - 0.5) * width)
