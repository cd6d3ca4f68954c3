"""Text tables, error listings and docs/accuracy.md from hand-made results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from evalfakes import FakeCoder, Spec

from detente.evaluation import format_errors, format_results, write_accuracy_report
from detente.evaluation.gold import GsrRecord, PentaRecord, PloverRecord
from detente.evaluation.report import first_targets
from detente.evaluation.scoring import (
    GsrResult,
    PentaResult,
    PloverResult,
    evaluate_gsr,
    evaluate_penta,
    evaluate_plover,
)

D = dt.date(2015, 6, 9)
GSR = [
    GsrRecord("a", D, "T", "Obama visited Beijing.", (("USAGOV", "CHN", "042"),), False),
    GsrRecord("b", D, "T", "Nothing happened in France.", (), True),
]
PLOVER = [
    PloverRecord("p1", "Iran accused Iraq.", "ACCUSE", frozenset({"IRN"}), frozenset({"IRQ"})),
    PloverRecord("p2", "Cuba met Chile.", "AGREE", frozenset({"CUB"}), frozenset({"CHL"})),
]
PENTA = [PentaRecord("Iran accused Iraq.", 3, 1), PentaRecord("Cuba met Chile.", 0, 2)]
CODER = FakeCoder(
    {
        "Obama visited Beijing.": [Spec("USAGOV", "CHN", "042", "visited", "Obama", "Beijing")],
        "Nothing happened in France.": [
            Spec("FRA", None, "010", "happened", "France", rule="verb:happen-test")
        ],
        "Iran accused Iraq.": [Spec("IRN", "IRQ", "112", "accused", "Iran", "Iraq", plover="ACCUSE")],
        "Cuba met Chile.": [Spec("CUB", "CHL", "040", "met", "Cuba", "Chile", plover="CONSULT", rule="verb:meet-test")],
    }
)


@pytest.fixture(scope="module")
def results() -> tuple[GsrResult, PloverResult, PentaResult]:
    baseline = {"a": [("USAGOV", "CHN", "042")], "b": []}
    return evaluate_gsr(CODER, GSR, baseline), evaluate_plover(CODER, PLOVER), evaluate_penta(CODER, PENTA)


def test_format_results_tables(results: tuple[GsrResult, PloverResult, PentaResult]) -> None:
    gsr, plover, penta = results
    text = format_results(gsr, plover, penta)
    assert "detente (all records)" in text and "PETRARCH-2 (baseline file)" in text
    assert "0.500" in text  # GSR exact precision 1/2
    confusions = text.split("top confusions")[1].split("\n\n")[1].splitlines()[2:]
    assert [line.split() for line in confusions] == [["AGREE", "CONSULT", "1"]]
    assert "macro-F1" in text and "verbal conflict" in text
    assert format_results() == ""
    only_gsr = format_results(gsr)
    assert "PLOVER" not in only_gsr and "GSR lenient F1" in only_gsr


def test_format_errors_says_why(results: tuple[GsrResult, PloverResult, PentaResult]) -> None:
    gsr, plover, penta = results
    text = format_errors(gsr)
    assert "b: Nothing happened in France." in text
    assert "false  FRA -> --- 010" in text
    assert 'trigger "happened"' in text and "verb:happen-test" in text and 'source "France"' in text
    assert "a:" not in text  # a perfect record is not listed
    missed = format_errors(evaluate_gsr(FakeCoder({}), GSR))
    assert "missed USAGOV -> CHN 042" in missed
    ptext = format_errors(plover)
    assert "p2: Cuba met Chile." in ptext and "gold AGREE, predicted CONSULT" in ptext and "verb:meet-test" in ptext
    assert "p1" not in ptext
    qtext = format_errors(penta)
    assert "gold class 0, predicted 1" in qtext and "Iran" not in qtext


def test_first_targets(results: tuple[GsrResult, PloverResult, PentaResult]) -> None:
    gsr, plover, penta = results
    targets = {t.name: t for t in first_targets(gsr, plover, penta)}
    assert targets["GSR lenient F1"].value == pytest.approx(gsr.lenient.f1)
    assert targets["GSR lenient F1"].threshold == 0.70 and targets["GSR lenient F1"].met is False
    assert targets["PLOVER type accuracy"].threshold == 0.55 and targets["PLOVER type accuracy"].met is False
    assert targets["PentaClass macro-F1"].threshold == 0.50
    assert all(t.value is None and not t.met for t in first_targets(None, None, None))


def test_write_accuracy_report(tmp_path: Path, results: tuple[GsrResult, PloverResult, PentaResult]) -> None:
    gsr, plover, penta = results
    path = tmp_path / "docs" / "accuracy.md"
    write_accuracy_report(path, gsr, plover, penta, commit="abc1234", coder_version="0.1.0+test", date=dt.date(2025, 11, 28))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Accuracy\n")
    assert "`detente eval all --report`" in text
    assert "2025-11-28" in text and "`abc1234`" in text and "`0.1.0+test`" in text
    for row in ("| detente (all records) | 2 |", "| detente (records shared with the baseline) | 2 |", "| PETRARCH-2 (baseline file) | 2 |"):
        assert row in text
    assert "gold CoreNLP parses" in text and "0.694" in text and "0.806" in text
    assert "| GSR lenient F1 | ≥ 0.70 | 0.667 | not met |" in text
    assert "| PentaClass macro-F1 | ≥ 0.50 |" in text
    assert "| 3 | verbal conflict | 1 | 1.000 | 1.000 | 1.000 |" in text
    assert "| class | name | support | P | R | F1 |\n|---:|---|---:|---:|---:|---:|" in text
    assert "| ACCUSE | 1 | 1 | 1.000 |" in text

    write_accuracy_report(path, None, None, None, commit="x", coder_version="y", date=dt.date(2025, 1, 1))
    empty = path.read_text(encoding="utf-8")
    assert empty.count("Not run.") == 5 and "| GSR lenient F1 | ≥ 0.70 | not run | not run |" in empty


def test_report_leads_with_held_out_figures(tmp_path: Path, results: tuple[GsrResult, PloverResult, PentaResult]) -> None:
    gsr, plover, penta = results
    heldout = evaluate_penta(CODER, PENTA, "unseen sentences (held out)")
    path = tmp_path / "accuracy.md"
    write_accuracy_report(path, gsr, plover, penta, heldout=[heldout], commit="c", coder_version="v", date=D)
    text = path.read_text(encoding="utf-8")
    assert text.index("## Held-out figures") < text.index("## Development figures") < text.index("PETRARCH-2 gold")
    assert "| unseen sentences (held out) | 2 | 0.500 | 0.200 |" in text
    assert "`--errors`" in text
    terminal = format_results(penta=penta, heldout=[heldout])
    assert "PentaClass (unseen sentences (held out)): 2 sentences" in terminal


def test_write_figures_records_the_floor(tmp_path: Path) -> None:
    import json

    from detente.evaluation.report import write_figures

    path = tmp_path / "docs" / "accuracy.json"
    write_figures(path, {"penta.macro_f1": 0.5, "gsr.lenient_f1": 0.25}, commit="abc")
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record == {"commit": "abc", "figures": {"gsr.lenient_f1": 0.25, "penta.macro_f1": 0.5}}
