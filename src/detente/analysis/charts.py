"""Charts of a dyad, drawn by matplotlib offline (no display, no fonts fetched).

``dyad_chart`` writes a PNG or an SVG; ``dyad_svg`` returns the SVG text, for pages
that embed it. Figures are built as ``matplotlib.figure.Figure`` objects, never through
pyplot's global figure list, so two charts drawn at once in one process do not meet.
The SVG's text is drawn as paths: it shows the same on a machine without the fonts.
"""

from __future__ import annotations

import io
from pathlib import Path
from types import MappingProxyType

from detente.analysis.dyads import Dyad, next_start

#: The formats ``dyad_chart`` writes, by file suffix.
CHART_FORMATS = MappingProxyType({".png": "png", ".svg": "svg"})
_COLOURS = ("#1f5fa8", "#c4511d")  # A -> B, B -> A
# Fixed metadata and id salt: the same dyad gives the same file, byte for byte.
_METADATA = MappingProxyType({"png": {"Software": None}, "svg": {"Date": None, "Creator": None}})
#: Series longer than this are drawn without a marker on each period.
MARKED_PERIODS = 60


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

    with matplotlib.rc_context({"svg.hashsalt": "detente", "svg.fonttype": "path", "font.size": 9}):
        # A fixed layout, not the constrained engine, and one stepped outline per series, not
        # one bar per period: a ten-year weekly dyad is drawn as a few paths.
        fig = Figure(figsize=(8, 5), dpi=110)
        fig.subplots_adjust(left=0.1, right=0.98, top=0.93, bottom=0.08, hspace=0.08)
        top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        labels = (f"{d.a} → {d.b}", f"{d.b} → {d.a}")
        starts = d.starts
        if starts:
            edges = [*starts, next_start(starts[-1], d.period)]
            marker = "o" if len(starts) <= MARKED_PERIODS else None
            for series, label, colour in zip((d.ab, d.ba), labels, _COLOURS, strict=True):
                top.plot(starts, [p.goldstein_sum for p in series], marker=marker, markersize=3, color=colour, label=label)
                bottom.stairs([p.cooperative for p in series], edges, fill=True, color=colour, alpha=0.45)
                bottom.stairs([-p.conflictual for p in series], edges, fill=True, color=colour, alpha=0.25)
            top.legend(loc="upper left", frameon=False)
        else:
            top.text(0.5, 0.5, "no events between them", ha="center", va="center", transform=top.transAxes)
        top.axhline(0, color="#888888", linewidth=0.6)
        bottom.axhline(0, color="#888888", linewidth=0.6)
        top.set_title(f"{d.a} and {d.b} by {d.period}, over {d.over}")
        top.set_ylabel("Goldstein sum")
        bottom.set_ylabel("acts: ↑ coop. ↓ confl.")
        if starts:
            from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

            locator = AutoDateLocator(maxticks=10)  # type: ignore[no-untyped-call]
            bottom.xaxis.set_major_locator(locator)
            bottom.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata=_METADATA[fmt])
    return buf.getvalue()
