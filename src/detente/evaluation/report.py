"""Turning evaluation results into text: terminal tables, error listings, docs/accuracy.md.

Everything here returns strings except :func:`write_accuracy_report` and
:func:`write_figures`, which write one file each; nothing prints.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from detente.evaluation.gold import CharRange
from detente.evaluation.plover_versions import GOLD_VERSION
from detente.evaluation.scoring import (
    EventExplanation,
    GsrResult,
    PentaResult,
    PloverResult,
    Prf,
    SpanRecordResult,
    SpanResult,
    tokens_in,
)

#: Published PETRARCH-2 F1 on the GSR records (exact, lenient).
PETR2_PUBLISHED_F1: tuple[float, float] = (0.694, 0.806)

#: ConfliBERT's macro-F1 on cameo_ner_test.txt: a supervised model fine-tuned on
#: cameo_ner_train.txt, set beside detente's span figures (detente is not trained on it).
CONFLIBERT_NER_MACRO_F1 = 0.7445

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
    spans: SpanResult | None = None,
    heldout: Sequence[PentaResult | SpanResult] = (),
) -> str:
    """Plain-text tables of whichever results are given."""
    parts: list[str] = []
    if gsr is not None:
        parts.append(f"GSR (PETR2_GSR_validation.xml): {gsr.n_records} records, {gsr.n_gold_triples} gold triples")
        parts.append(_text_table(_GSR_HEADERS, _gsr_rows(gsr)))
    if plover is not None:
        parts.append(f"PLOVER (PLOVER_GSR_CAMEO.json): {plover.n_records} sentences")
        parts.append(_plover_versions_note(plover))
        parts.append(_text_table(_PLOVER_HEADERS, [_plover_row(plover)]))
        if plover.confusions:
            parts.append("top confusions (gold -> predicted):")
            parts.append(
                _text_table(["gold", "predicted", "n"], [[g, p, str(n)] for g, p, n in plover.confusions[:TOP_CONFUSIONS]])
            )
    for result in ([penta] if penta is not None else []) + [h for h in heldout if isinstance(h, PentaResult)]:
        parts.append(
            f"PentaClass ({result.dataset}): {result.n_records} sentences, "
            f"accuracy {_f(result.accuracy)}, macro-F1 {_f(result.macro_f1)}"
        )
        parts.append(_text_table(_PENTA_HEADERS, _penta_rows(result)))
    for span_result in ([spans] if spans is not None else []) + [h for h in heldout if isinstance(h, SpanResult)]:
        parts.append(_spans_heading(span_result))
        parts.append(_text_table(_SPAN_HEADERS, _span_rows(span_result)))
        parts.append(_spans_macro(span_result))
    if gsr is not None or plover is not None or penta is not None:
        targets = [t for t in first_targets(gsr, plover, penta) if t.value is not None]
        parts.append("targets:")
        parts.append(_text_table(_TARGET_HEADERS, [_target_row(t) for t in targets]))
    return "\n\n".join(parts) + ("\n" if parts else "")


def format_errors(result: GsrResult | PloverResult | PentaResult | SpanResult) -> str:
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
        for p in result.records:
            if p.location_correct is False:
                found = p.location
                said = (
                    f"predicted {found.text!r} -> {found.name} ({found.country}, {found.feature}, {found.basis})"
                    if found is not None
                    else "no event has a location"
                )
                lines += [
                    f"{p.record.id}: {p.record.text}",
                    f"  location: gold {p.record.location_name} ({p.record.location_country}), {said}",
                    "",
                ]
    elif isinstance(result, SpanResult):
        for s in result.records:
            if s.listed:
                lines += _span_misses(s)
        if result.n_unlisted:
            lines.append(
                f"{result.n_unlisted} of {result.n_records} sentences not listed: they are held out "
                "(in another set, or this set itself is held out)"
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


def _span_misses(s: SpanRecordResult) -> list[str]:
    """One sentence's missed and spurious spans (strict), each with what it overlaps."""
    record = s.record
    text, offsets = record.text, record.offsets

    def quoted(span: CharRange) -> str:
        return f'"{text[span[0]:span[1]]}"'

    def overlapping(span: CharRange, others: Iterable[CharRange]) -> str:
        tokens = tokens_in(offsets, span)
        hits = [quoted(other) for other in sorted(others) if tokens & tokens_in(offsets, other)]
        return f"  overlaps {', '.join(hits)}" if hits else ""

    lines: list[str] = []
    for label, role, predicted in (("source", "S", s.predicted_sources), ("target", "T", s.predicted_targets)):
        gold, pred = record.ranges(role), frozenset(predicted)
        lines += [f"  {label} missed   {quoted(g)}{overlapping(g, pred - gold)}" for g in sorted(gold - pred)]
        lines += [f"  {label} spurious {quoted(p)}{overlapping(p, gold - pred)}" for p in sorted(pred - gold)]
    return [f"line {record.line}: {text}"] + lines + [""] if lines else []


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
    spans: SpanResult | None = None,
    heldout: Sequence[PentaResult | SpanResult] = (),
    commit: str,
    coder_version: str,
    date: dt.date,
) -> None:
    """Write docs/accuracy.md from the development results (None: not run) and the held-out ones."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = accuracy_markdown(
        gsr, plover, penta, spans=spans, heldout=heldout, commit=commit, coder_version=coder_version, date=date
    )
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
    spans: SpanResult | None = None,
    heldout: Sequence[PentaResult | SpanResult] = (),
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
        "to expect on new text.",
        "",
    ]
    held_penta = [h for h in heldout if isinstance(h, PentaResult)]
    held_spans = [h for h in heldout if isinstance(h, SpanResult)]
    if held_penta:
        out += ["PentaClass (the CAMEO root class of the first event):", ""]
        out += _md_table(
            ("set", "sentences", "accuracy", "macro-F1"),
            [[h.dataset, str(h.n_records), _f(h.accuracy), _f(h.macro_f1)] for h in held_penta],
        )
        for h in held_penta:
            out += ["", f"PentaClass by class, {h.dataset}:", ""]
            out += _md_table(_PENTA_HEADERS, _penta_rows(h))
    for sp in held_spans:
        if out[-1]:
            out.append("")
        out += [f"Source and target spans, scored as described under the development spans below. {_spans_heading(sp)}.", ""]
        out += _md_table(_SPAN_HEADERS, _span_rows(sp))
        out += ["", _spans_macro(sp) + "."]
    if not heldout:
        out.append("Not run.")
    out += [
        "",
        "## Development figures",
        "",
        "GSR, PLOVER, the PentaClass test file, ConfliBERT's span test file and the sample article are "
        "development sets: their misses were studied (`detente eval gsr --errors`) while the rules were "
        "written, so the figures below are optimistic. Most of the PentaClass test file's sentences are GSR "
        "or PLOVER sentences; the rest make up its held-out part above. The span test file holds the same "
        "sentences, so `detente eval spans --errors` lists only those that are GSR or PLOVER sentences.",
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
            f"{plover.n_records} sentences from the CAMEO manual's examples. The type is that of "
            "the sentence's first event (by trigger position); a sentence without events counts as wrong. "
            "Country recall: share of gold source (target) countries found among the country parts of "
            "the sentence's predicted sources (targets). Location country: of the "
            f"{plover.location_total} sentences whose gold names where the event happened (`eventLoc`), the share "
            "whose first event with a location (in the same order) has the gold place's country; the gold gives "
            "the country of only a few, the others' come from `src/detente/evaluation/plover_locations.tsv`, a "
            f"hand-made table of the gold's place names (docs/places.md); {plover.location_missing} had no event "
            "with a location.",
            "",
            f"The gold is coded in PLOVER {GOLD_VERSION}, the coder's CAMEO→PLOVER table is the 2021 one "
            "(PLOVER draft 0.8). Before scoring, each gold type is mapped to its 2021 name by "
            "`src/detente/evaluation/plover_versions.tsv`, which gives the evidence for each change; "
            f"{_plover_renamed_md(plover)} {_plover_splits_md(plover)}",
            "",
        ]
        if plover.foreign_codes:
            listed = ", ".join(f"{code} {n}" for code, n in plover.foreign_codes)
            out += [
                f"Some gold actor codes start with neither an ISO 3166 country code nor IGO, NGO or IMG "
                f"({listed}: JAP, ITL and VTN where ISO has JPN, ITA and VNM; ISM is CAMEO's code for Islam). "
                "They are scored as written, so detente's ISO codes count as misses there.",
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

    out += ["", "### Source and target spans (`conflibert/cameo_ner_test.txt`)", ""]
    if spans is None:
        out.append("Not run.")
    else:
        out += [
            _spans_heading(spans) + ". "
            "The file gives tokens and BIO tags, not text: each sentence's text is its tokens joined by "
            "single spaces, so every token's character range is known and a gold span is the range from "
            "its first token's start to its last token's end. Each sentence is coded on its own by the "
            "default coder; its predicted sources (targets) are the set of character ranges of its events' "
            "sources (targets), whitespace trimmed. Gold S spans are sources, T spans targets, and R "
            "(reciprocal) spans count as both. An I- tag that does not continue a span of its own role "
            "begins one, as conlleval reads it. *Strict*: the same character range. *Overlap*: a "
            "predicted span and a gold span of the same role share at least one token, each gold and each "
            "predicted span in at most one pair (the largest such matching).",
            "",
        ]
        out += _md_table(_SPAN_HEADERS, _span_rows(spans))
        out += [
            "",
            _spans_macro(spans) + ". ConfliBERT tags every source and target mention it was taught to; "
            "detente scores the actor mentions of the events it codes, so an actor of an event it does not "
            "code counts as missed.",
            "",
            "**Span convention.** The convention scored against, and the one a span should follow, is the "
            "whole noun phrase, titles included: what a reader wants highlighted, such as *the Foreign "
            "Minister of France*, *Senior Japanese officials* or *Rebels and soldiers*. detente's actor "
            "mention spans differ from it in these ways, seen on the development sentences, and this is "
            "most of the gap between the strict and overlap rows:",
            "",
            "- a leading article or quantity is left out (*United Nations* for *the United Nations*);",
            "- a titled person is the name alone (*Boris Petrov* for *Russian President Boris Petrov*);",
            "- where a country word stands for the actor, the span is that word alone (*Iraqi* for "
            "*Iraqi officials* or *an Iraqi proposal*);",
            "- coordinated actors are one span each (*Chile*, *Peru* for *Chile and Peru*), because each "
            "is the source or target of an event of its own;",
            "- a post-modifier is left out (*refugees* for *refugees fleeing the fighting*).",
        ]
    out.append("")
    return "\n".join(out)


def _plover_splits_md(p: PloverResult) -> str:
    splits = sorted({(r.record.original_event or r.record.event, r.record.also) for r in p.records if r.record.also})
    if not splits:
        return ""
    listed = ", ".join(f"{old} to {' and '.join(also)}" for old, also in splits)
    return (
        f"Some types also lost part of their meaning to another 2021 type ({listed}; the table says which "
        "CAMEO codes moved); the labels do not say which part a sentence is, so they keep the main 2021 "
        f"type, and {p.split_misses} of the misses predicted the type that part went to."
    )


def _plover_renamed_md(p: PloverResult) -> str:
    if not p.renames:
        return "no gold label was renamed."
    renames = ", ".join(f"{old}→{new} {n}" for old, new, n in p.renames)
    return f"{p.n_renamed} of the {p.n_records} gold labels were renamed ({renames})."


# ---------------------------------------------------------------- helpers

_SPAN_HEADERS = ("role", "matching", "gold", "predicted", "P", "R", "F1")


def _span_rows(r: SpanResult) -> list[list[str]]:
    rows: list[list[str]] = []
    for role, score in (("source", r.source), ("target", r.target)):
        for matching, prf in (("strict", score.strict), ("overlap", score.overlap)):
            rows.append([role, matching, str(prf.tp + prf.fn), str(prf.tp + prf.fp), _f(prf.precision), _f(prf.recall), _f(prf.f1)])
    return rows


def _spans_heading(r: SpanResult) -> str:
    repaired = f"; {r.n_repaired} stray I- tags began a span" if r.n_repaired else ""
    return (
        f"Spans ({r.dataset}): {r.n_records} sentences, {r.n_gold_sources} gold sources, "
        f"{r.n_gold_targets} gold targets ({r.n_reciprocal} reciprocal R spans count as both){repaired}"
    )


def _spans_macro(r: SpanResult) -> str:
    ours = f"macro-F1 (source and target, strict): {_f(r.macro_f1)}"
    if r.dataset.startswith("cameo_ner_train"):
        return f"{ours}; ConfliBERT was trained on this file, so it has no figure to set beside it"
    return (
        f"{ours}; ConfliBERT on cameo_ner_test.txt: {CONFLIBERT_NER_MACRO_F1:.4f} "
        "(supervised, trained on cameo_ner_train.txt; detente is not trained on it)"
    )


def _plover_versions_note(p: PloverResult) -> str:
    if not p.renames:
        return "gold labels renamed from the file's PLOVER version: 0"
    renames = ", ".join(f"{old}->{new} {n}" for old, new, n in p.renames)
    return (
        f"gold labels renamed from PLOVER {GOLD_VERSION} to the 2021 names before scoring: {p.n_renamed} of "
        f"{p.n_records} ({renames}); misses predicting a type the older type was partly split into: {p.split_misses}"
    )


_GSR_HEADERS = ("system", "records", "P exact", "R exact", "F1 exact", "P lenient", "R lenient", "F1 lenient")
_PLOVER_HEADERS = ("sentences", "type accuracy", "source country recall", "target country recall", "location country")
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
        f"{_f(p.location_accuracy)} ({p.location_correct}/{p.location_total})",
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
