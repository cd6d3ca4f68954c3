"""Turning evaluation results into text: terminal tables, error listings, docs/accuracy.md.

Everything here returns strings except :func:`write_accuracy_report` and
:func:`write_figures`, which write one file each; nothing prints.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from detente.evaluation.scoring import (
    EventExplanation,
    GsrResult,
    PentaResult,
    PloverResult,
    Prf,
)

#: Published PETRARCH-2 F1 on the GSR records (exact, lenient).
PETR2_PUBLISHED_F1: tuple[float, float] = (0.694, 0.806)

#: How many confusions the summaries list.
TOP_CONFUSIONS = 10


@dataclass(frozen=True)
class Target:
    name: str
    threshold: float
    value: float | None  # None: the benchmark was not run

    @property
    def met(self) -> bool:
        return self.value is not None and self.value >= self.threshold


def first_targets(
    gsr: GsrResult | None, plover: PloverResult | None, penta: PentaResult | None
) -> tuple[Target, ...]:
    """The project's first accuracy targets and where the coder stands."""
    return (
        Target("GSR lenient F1", 0.70, gsr.lenient.f1 if gsr else None),
        Target("PLOVER type accuracy", 0.55, plover.accuracy if plover else None),
        Target("PentaClass macro-F1", 0.50, penta.macro_f1 if penta else None),
    )


# --------------------------------------------------------------- terminal


def format_results(
    gsr: GsrResult | None = None,
    plover: PloverResult | None = None,
    penta: PentaResult | None = None,
    *,
    heldout: Sequence[PentaResult] = (),
) -> str:
    """Plain-text tables of whichever results are given."""
    parts: list[str] = []
    if gsr is not None:
        parts.append(f"GSR (PETR2_GSR_validation.xml): {gsr.n_records} records, {gsr.n_gold_triples} gold triples")
        parts.append(_text_table(_GSR_HEADERS, _gsr_rows(gsr)))
    if plover is not None:
        parts.append(f"PLOVER (PLOVER_GSR_CAMEO.json): {plover.n_records} sentences")
        parts.append(_text_table(_PLOVER_HEADERS, [_plover_row(plover)]))
        if plover.confusions:
            parts.append("top confusions (gold -> predicted):")
            parts.append(
                _text_table(["gold", "predicted", "n"], [[g, p, str(n)] for g, p, n in plover.confusions[:TOP_CONFUSIONS]])
            )
    for result in ([penta] if penta is not None else []) + list(heldout):
        parts.append(
            f"PentaClass ({result.dataset}): {result.n_records} sentences, "
            f"accuracy {_f(result.accuracy)}, macro-F1 {_f(result.macro_f1)}"
        )
        parts.append(_text_table(_PENTA_HEADERS, _penta_rows(result)))
    if gsr is not None or plover is not None or penta is not None:
        targets = [t for t in first_targets(gsr, plover, penta) if t.value is not None]
        parts.append("targets:")
        parts.append(_text_table(_TARGET_HEADERS, [_target_row(t) for t in targets]))
    return "\n\n".join(parts) + ("\n" if parts else "")


def format_errors(result: GsrResult | PloverResult | PentaResult) -> str:
    """Each miss and each false event, with its sentence and why the coder did what it did."""
    lines: list[str] = []
    if isinstance(result, GsrResult):
        for r in result.records:
            if not r.missed and not r.false:
                continue
            lines.append(f"{r.record.id}: {r.record.text}")
            for t in r.missed:
                lines.append(f"  missed {_triple(t)}")
            explained = {e.triple for e in r.false_events}
            for e in r.false_events:
                lines.append(f"  false  {_triple(e.triple)}  {_why(e)}")
            for t in r.false:
                if t not in explained:
                    lines.append(f"  false  {_triple(t)}")
            lines.append("")
    elif isinstance(result, PloverResult):
        for p in result.records:
            if not p.correct:
                lines += _first_event_miss(
                    f"{p.record.id}: {p.record.text}", f"gold {p.record.event}, predicted {p.predicted}", p.first_event
                )
    else:
        for q in result.records:
            if not q.correct:
                lines += _first_event_miss(
                    f"line {q.record.line}: {q.record.text}",
                    f"gold class {q.record.label}, predicted {q.predicted}",
                    q.first_event,
                )
    return "\n".join(lines)


def _first_event_miss(heading: str, verdict: str, first_event: EventExplanation | None) -> list[str]:
    """A sentence scored by its first event: what was expected, what came, and why."""
    lines = [heading, f"  {verdict}"]
    if first_event is not None:
        lines.append(f"  first event {_triple(first_event.triple)}  {_why(first_event)}")
    return lines + [""]


# --------------------------------------------------------------- markdown


def write_accuracy_report(
    path: Path | str,
    gsr: GsrResult | None,
    plover: PloverResult | None,
    penta: PentaResult | None,
    *,
    heldout: Sequence[PentaResult] = (),
    commit: str,
    coder_version: str,
    date: dt.date,
) -> None:
    """Write docs/accuracy.md from the development results (None: not run) and the held-out ones."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = accuracy_markdown(gsr, plover, penta, heldout=heldout, commit=commit, coder_version=coder_version, date=date)
    path.write_text(text, encoding="utf-8")


def write_figures(path: Path | str, figures: Mapping[str, float], *, commit: str) -> None:
    """Write the headline figures as JSON (docs/accuracy.json): the floor the test suite holds
    the coder to."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"commit": commit, "figures": dict(sorted(figures.items()))}
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def accuracy_markdown(
    gsr: GsrResult | None,
    plover: PloverResult | None,
    penta: PentaResult | None,
    *,
    heldout: Sequence[PentaResult] = (),
    commit: str,
    coder_version: str,
    date: dt.date,
) -> str:
    out: list[str] = [
        "# Accuracy",
        "",
        "Generated by `detente eval all --report`; do not edit by hand, rerun the command.",
        "",
        f"- date: {date.isoformat()}",
        f"- commit: `{commit}`",
        f"- coder version: `{coder_version}`",
        "- data: the public benchmark files in `../shared/eventcoding-gold` (see its README for sources and licences)",
        "",
        "## Held-out figures",
        "",
        "These sets are only ever scored: `detente eval heldout` reports their figures and refuses "
        "`--errors`, and no rule or lexicon line was written from their sentences. They are the figures "
        "to expect on new text. ConfliBERT's `cameo_ner_train.txt` (source and target spans) is held out "
        "as well; it has no scorer yet.",
        "",
    ]
    if heldout:
        out += _md_table(
            ("set", "sentences", "accuracy", "macro-F1"),
            [[h.dataset, str(h.n_records), _f(h.accuracy), _f(h.macro_f1)] for h in heldout],
        )
        for h in heldout:
            out += ["", f"PentaClass by class, {h.dataset}:", ""]
            out += _md_table(_PENTA_HEADERS, _penta_rows(h))
    else:
        out.append("Not run.")
    out += [
        "",
        "## Development figures",
        "",
        "GSR, PLOVER, the PentaClass test file and the sample article are development sets: their misses "
        "were studied (`detente eval gsr --errors`) while the rules were written, so the figures below are "
        "optimistic. Most of the PentaClass test file's sentences are GSR or PLOVER sentences; the rest "
        "make up its held-out part above.",
        "",
        "### First targets",
        "",
    ]
    out += _md_table(_TARGET_HEADERS, [_target_row(t) for t in first_targets(gsr, plover, penta)])

    out += ["", "### PETRARCH-2 gold standard records (`PETR2_GSR_validation.xml`)", ""]
    if gsr is None:
        out.append("Not run.")
    else:
        out += [
            f"{gsr.n_records} sentences with {gsr.n_gold_triples} gold (source, target, CAMEO) triples. "
            "*Exact*: both actor codes and the full CAMEO code match. *Lenient*: the country part "
            "(first three characters) of each actor code and the two-digit CAMEO root match. "
            "Micro-averaged over triples; a sentence's predictions are deduplicated.",
            "",
        ]
        out += _md_table(_GSR_HEADERS, _gsr_rows(gsr))
        exact, loose = PETR2_PUBLISHED_F1
        out += [
            "",
            "PETRARCH-2 rows come from the baseline file `baselines/petrarch3_on_GigaWord.sample.PETR.json` "
            "(a Python 3 port of PETRARCH-2 with its default dictionaries), scored on the records whose ids "
            "appear in both files; an id the baseline lists twice with different output is left out. "
            "PETRARCH-2 was given gold CoreNLP parses, while detente parses the raw text itself. "
            "The gold codings were derived from PETRARCH-2 output and then hand-corrected, which favours it. "
            f"Published PETRARCH-2 figures on this set: {exact:.3f} exact / {loose:.3f} lenient F1.",
            "",
            f"These {gsr.n_records} records are the only CAMEO-triple gold at hand and served as detente's "
            "development set, so its figures here are optimistic; docs/gsr-analysis.md sorts the remaining misses by cause.",
        ]

    out += ["", "### PLOVER gold standard records (`PLOVER_GSR_CAMEO.json`)", ""]
    if plover is None:
        out.append("Not run.")
    else:
        out += [
            f"{plover.n_records} sentences from the CAMEO manual's examples, PLOVER types renamed to current "
            "names (DEMAND→REQUEST, DISAPPROVE and INVESTIGATE→ACCUSE, FIGHT→ASSAULT). The type is that of "
            "the sentence's first event (by trigger position); a sentence without events counts as wrong. "
            "Country recall: share of gold source (target) countries found among the country parts of "
            "the sentence's predicted sources (targets).",
            "",
        ]
        out += _md_table(_PLOVER_HEADERS, [_plover_row(plover)])
        if plover.confusions:
            out += ["", "Most frequent confusions:", ""]
            out += _md_table(["gold", "predicted", "sentences"], [[g, p, str(n)] for g, p, n in plover.confusions[:TOP_CONFUSIONS]])
        out += ["", "By gold type:", ""]
        out += _md_table(
            ["type", "sentences", "correct", "accuracy"],
            [[t, str(n), str(c), _f(c / n if n else 0.0)] for t, n, c in plover.per_type],
        )

    out += ["", "### CAMEO PentaClass (`conflibert/cameo_class_test.tsv`)", ""]
    if penta is None:
        out.append("Not run.")
    else:
        out += [
            f"{penta.n_records} sentences. The predicted class is the PentaClass of the first event's CAMEO "
            "root (01–02 → 0, 03–05 → 1, 06–08 → 2, 09–13 and 16 → 3, 14–15 and 17–20 → 4); no event → 0. "
            f"Accuracy {_f(penta.accuracy)}, macro-F1 {_f(penta.macro_f1)}.",
            "",
        ]
        out += _md_table(_PENTA_HEADERS, _penta_rows(penta))
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- helpers

_GSR_HEADERS = ("system", "records", "P exact", "R exact", "F1 exact", "P lenient", "R lenient", "F1 lenient")
_PLOVER_HEADERS = ("sentences", "type accuracy", "source country recall", "target country recall")
_PENTA_HEADERS = ("class", "name", "support", "P", "R", "F1")
_TARGET_HEADERS = ("target", "threshold", "value", "status")


def _gsr_rows(gsr: GsrResult) -> list[list[str]]:
    rows = [_prf_row("detente (all records)", gsr.n_records, gsr.exact, gsr.lenient)]
    b = gsr.baseline
    if b is not None:
        rows.append(_prf_row("detente (records shared with the baseline)", b.n_records, b.ours_exact, b.ours_lenient))
        rows.append(_prf_row("PETRARCH-2 (baseline file)", b.n_records, b.baseline_exact, b.baseline_lenient))
    return rows


def _prf_row(name: str, n: int, exact: Prf, loose: Prf) -> list[str]:
    return [name, str(n)] + [_f(x) for x in (exact.precision, exact.recall, exact.f1, loose.precision, loose.recall, loose.f1)]


def _plover_row(p: PloverResult) -> list[str]:
    return [
        str(p.n_records),
        f"{_f(p.accuracy)} ({p.n_correct}/{p.n_records})",
        f"{_f(p.source_recall)} ({p.source_found}/{p.source_total})",
        f"{_f(p.target_recall)} ({p.target_found}/{p.target_total})",
    ]


def _penta_rows(p: PentaResult) -> list[list[str]]:
    rows = [[str(c.label), c.name, str(c.support), _f(c.precision), _f(c.recall), _f(c.f1)] for c in p.per_class]
    rows.append(["", "macro average", str(p.n_records), "", "", _f(p.macro_f1)])
    return rows


def _target_row(t: Target) -> list[str]:
    value = _f(t.value) if t.value is not None else "not run"
    status = "met" if t.met else ("not run" if t.value is None else "not met")
    return [t.name, f"≥ {t.threshold:.2f}", value, status]


def _f(x: float) -> str:
    return f"{x:.3f}"


def _triple(t: tuple[str, str, str]) -> str:
    return f"{t[0]} -> {t[1]} {t[2]}"


def _why(e: EventExplanation) -> str:
    target = f'"{e.target_text}"' if e.target_text is not None else "none"
    rule = e.rule or "?"
    return (
        f'trigger "{e.trigger}" rule {rule} modality {e.modality} '
        f'source "{e.source_text}" target {target}'
    )


def _text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(headers, *rows)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 or not _numeric(c) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))
        ).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths)] + [line(r) for r in rows])


def _numeric(cell: str) -> bool:
    return cell[:1].isdigit() or cell.startswith("≥")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def esc(c: str) -> str:
        return c.replace("|", "\\|")

    numeric = [all(_numeric(c) for c in col if c) for col in zip(*rows)] if rows else [False] * len(headers)
    out = ["| " + " | ".join(esc(h) for h in headers) + " |"]
    out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
    out += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return out
