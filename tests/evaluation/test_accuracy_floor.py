"""The accuracy floor: no development or held-out figure may fall more than 0.01 below
the figures recorded in docs/accuracy.json (rewritten by `detente eval all --report`).

A lexicon or rule change that loses events fails here, in the test command, instead of
being found later in the report. Skipped without ../shared, a failure under CI=true.
"""

from __future__ import annotations

import json
from pathlib import Path

from detente.coder import Coder
from detente.evaluation import BENCHMARKS, DEVELOPMENT, HELDOUT, figures, run_benchmarks

RECORDED = Path(__file__).resolve().parents[2] / "docs" / "accuracy.json"
TOLERANCE = 0.01


def test_no_figure_falls_below_the_recorded_floor(coder: Coder, data_dir: Path) -> None:
    recorded: dict[str, float] = json.loads(RECORDED.read_text(encoding="utf-8"))["figures"]
    # Every benchmark, development and held out, has its figures recorded.
    assert {key.split(".")[0] for key in recorded} == set(DEVELOPMENT) | set(HELDOUT)
    now = figures(run_benchmarks(BENCHMARKS, coder, data_dir))
    assert set(now) == set(recorded), "docs/accuracy.json is stale: rerun `detente eval all --report`"
    fallen = {key: f"{recorded[key]:.4f} -> {now[key]:.4f}" for key in recorded if now[key] < recorded[key] - TOLERANCE}
    assert not fallen, f"figures fell more than {TOLERANCE} below docs/accuracy.json: {fallen}"
