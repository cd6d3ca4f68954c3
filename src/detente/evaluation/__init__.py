"""Scoring detente's coder on public event-coding benchmarks.

Benchmarks read from a data directory laid out like ``../shared/eventcoding-gold``
(never copied into the repository), in two kinds.

Development sets, whose misses may be studied (``--errors``):

- ``gsr``: PETRARCH-2 gold standard records, exact and lenient triple F1,
  compared with a PETRARCH-2 baseline run when its output file is present;
- ``plover``: PLOVER gold standard records, event-type accuracy, actor
  country recall, and the location country of the 48 records that name a place
  (their countries from ``plover_locations.tsv`` where the gold gives none);
- ``penta``: the ConfliBERT CAMEO PentaClass test file, accuracy and macro-F1
  (most of its sentences are GSR or PLOVER sentences);
- ``spans``: ConfliBERT's ``cameo_ner_test.txt``, the source and target mentions of
  the coder's events against its tagged spans, strict and overlap P/R/F1. It holds
  the same sentences as the PentaClass test file, so ``--errors`` lists only those
  that are GSR or PLOVER sentences: the rest are held out as ``penta-unseen``.

Held-out sets, whose figures are reported and whose misses nobody reads, so that
they stay an honest estimate of what a user will see:

- ``penta-train``: ConfliBERT's ``cameo_class_train.tsv`` (PentaClass);
- ``penta-unseen``: the PentaClass test sentences that are in neither GSR nor PLOVER;
- ``spans-train``: ConfliBERT's ``cameo_ner_train.txt`` (source and target spans).

PLOVER gold labels are PLOVER 0.5b1 types; they are mapped to the coder's 2021 types
by the table in ``plover_versions.tsv`` before scoring.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from detente.context.gazetteer import CountryCodes
from detente.evaluation.gold import (
    GsrRecord,
    PentaRecord,
    PloverRecord,
    SpanRecord,
    load_cameo_ner,
    load_gsr,
    load_penta,
    load_petrarch_baseline,
    load_plover,
    penta_class,
)
from detente.evaluation.plover_locations import PloverLocations
from detente.evaluation.plover_versions import PloverVersions
from detente.evaluation.report import (
    CONFLIBERT_NER_MACRO_F1,
    format_errors,
    format_results,
    write_accuracy_report,
    write_figures,
)
from detente.evaluation.scoring import (
    GsrResult,
    PentaResult,
    PloverResult,
    Prf,
    SpanResult,
    SupportsCoding,
    evaluate_gsr,
    evaluate_penta,
    evaluate_plover,
    evaluate_spans,
)

__all__ = [
    "BENCHMARKS",
    "BASELINE_FILE",
    "DEFAULT_DATA_DIR",
    "DEVELOPMENT",
    "HELDOUT",
    "NER_FILE",
    "NER_TRAIN_FILE",
    "CONFLIBERT_NER_MACRO_F1",
    "PENTA_TRAIN_FILE",
    "Results",
    "figures",
    "run_benchmarks",
    "unseen_penta",
    "GSR_FILE",
    "GsrRecord",
    "GsrResult",
    "PENTA_FILE",
    "PLOVER_FILE",
    "PentaRecord",
    "PentaResult",
    "PloverRecord",
    "PloverResult",
    "PloverLocations",
    "PloverVersions",
    "Prf",
    "SPAN_SETS",
    "SpanRecord",
    "SpanResult",
    "SupportsCoding",
    "evaluate_gsr",
    "evaluate_penta",
    "evaluate_plover",
    "evaluate_spans",
    "find_data_dir",
    "format_errors",
    "format_results",
    "format_named",
    "write_reports",
    "load_cameo_ner",
    "load_gsr",
    "load_penta",
    "load_petrarch_baseline",
    "load_plover",
    "penta_class",
    "run_benchmark",
    "write_accuracy_report",
]

#: Where the benchmark files are, relative to the repository root (or the working directory).
DEFAULT_DATA_DIR = Path("..") / "shared" / "eventcoding-gold"

#: Files inside the data directory.
GSR_FILE = Path("universalpetrarch") / "PETR2_GSR_validation.xml"
BASELINE_FILE = Path("baselines") / "petrarch3_on_GigaWord.sample.PETR.json"
PLOVER_FILE = Path("plover") / "PLOVER_GSR_CAMEO.json"
PENTA_FILE = Path("conflibert") / "cameo_class_test.tsv"
PENTA_TRAIN_FILE = Path("conflibert") / "cameo_class_train.tsv"
NER_FILE = Path("conflibert") / "cameo_ner_test.txt"
NER_TRAIN_FILE = Path("conflibert") / "cameo_ner_train.txt"

#: Sets whose misses may be studied.
DEVELOPMENT: tuple[str, ...] = ("gsr", "plover", "penta", "spans")
#: Sets that are only ever scored: their misses are never listed.
HELDOUT: tuple[str, ...] = ("penta-train", "penta-unseen", "spans-train")
BENCHMARKS: tuple[str, ...] = DEVELOPMENT + HELDOUT

#: The name each PentaClass set carries in reports.
PENTA_SETS: Mapping[str, str] = MappingProxyType(
    {
        "penta": "cameo_class_test.tsv",
        "penta-train": "cameo_class_train.tsv (held out)",
        "penta-unseen": "cameo_class_test.tsv, sentences in neither GSR nor PLOVER (held out)",
    }
)

#: The name each span set carries in reports.
SPAN_SETS: Mapping[str, str] = MappingProxyType(
    {
        "spans": "cameo_ner_test.txt",
        "spans-train": "cameo_ner_train.txt (held out)",
    }
)

Result = GsrResult | PloverResult | PentaResult | SpanResult
#: Results by benchmark name, in the order they were run.
Results = dict[str, Result]


def run_benchmark(name: str, coder: SupportsCoding, data_dir: Path) -> Result:
    """Load one benchmark from ``data_dir`` and score ``coder`` on it.

    For ``gsr`` the PETRARCH-2 baseline is included when its file exists.
    Raises ``ValueError`` for an unknown name and
    :class:`~detente.errors.DataFileError` for a missing or malformed file.
    """
    data_dir = Path(data_dir)
    if name == "gsr":
        baseline_path = data_dir / BASELINE_FILE
        baseline = load_petrarch_baseline(baseline_path) if baseline_path.exists() else None
        return evaluate_gsr(coder, load_gsr(data_dir / GSR_FILE), baseline)
    if name == "plover":
        plover = load_plover(data_dir / PLOVER_FILE, PloverVersions.from_defaults(), PloverLocations.from_defaults())
        return evaluate_plover(coder, plover, frozenset(c.iso3 for c in CountryCodes.from_defaults()))
    if name == "penta":
        return evaluate_penta(coder, load_penta(data_dir / PENTA_FILE), PENTA_SETS[name])
    if name == "penta-train":
        return evaluate_penta(coder, load_penta(data_dir / PENTA_TRAIN_FILE), PENTA_SETS[name])
    if name == "penta-unseen":
        records = unseen_penta(load_penta(data_dir / PENTA_FILE), _development_texts(data_dir))
        return evaluate_penta(coder, records, PENTA_SETS[name])
    if name == "spans":
        spans = load_cameo_ner(data_dir / NER_FILE)
        # The same sentences as the PentaClass test file: those in neither GSR nor PLOVER
        # are penta-unseen's held-out sentences, scored here but never listed.
        development = {_comparable(text) for text in _development_texts(data_dir)}
        unlisted = {r.line for r in spans if _comparable(r.text) not in development}
        return evaluate_spans(coder, spans, SPAN_SETS[name], unlisted=unlisted)
    if name == "spans-train":
        spans = load_cameo_ner(data_dir / NER_TRAIN_FILE)
        return evaluate_spans(coder, spans, SPAN_SETS[name], unlisted={r.line for r in spans})
    raise ValueError(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")


def run_benchmarks(names: Iterable[str], coder: SupportsCoding, data_dir: Path) -> Results:
    """:func:`run_benchmark` for each name, keyed by name."""
    return {name: run_benchmark(name, coder, data_dir) for name in names}


def _development_texts(data_dir: Path) -> list[str]:
    """The sentences of GSR and PLOVER: the development sentences other sets are checked against."""
    return [r.text for r in load_gsr(data_dir / GSR_FILE)] + [r.text for r in load_plover(data_dir / PLOVER_FILE)]


def _comparable(text: str) -> str:
    """Letters and digits only, lower case: the GSR text is rebuilt from tokens, so its
    spacing around punctuation differs from the same sentence elsewhere."""
    return re.sub(r"[\W_]+", "", text.lower())


def unseen_penta(records: Sequence[PentaRecord], development_texts: Iterable[str]) -> list[PentaRecord]:
    """The PentaClass records whose sentence is none of ``development_texts``, each
    distinct sentence once."""
    seen = {_comparable(text) for text in development_texts}
    out: list[PentaRecord] = []
    for record in records:
        key = _comparable(record.text)
        if key not in seen:
            seen.add(key)
            out.append(record)
    return out


def figures(results: Results) -> dict[str, float]:
    """The headline figures of each result, by ``<benchmark>.<measure>``: what
    docs/accuracy.json records and the accuracy floor compares against."""
    out: dict[str, float] = {}
    for name, result in results.items():
        if isinstance(result, GsrResult):
            out[f"{name}.exact_f1"] = result.exact.f1
            out[f"{name}.lenient_f1"] = result.lenient.f1
        elif isinstance(result, PloverResult):
            out[f"{name}.type_accuracy"] = result.accuracy
            out[f"{name}.source_country_recall"] = result.source_recall
            out[f"{name}.target_country_recall"] = result.target_recall
            out[f"{name}.location_country_accuracy"] = result.location_accuracy
        elif isinstance(result, SpanResult):
            out[f"{name}.source_strict_f1"] = result.source.strict.f1
            out[f"{name}.source_overlap_f1"] = result.source.overlap.f1
            out[f"{name}.target_strict_f1"] = result.target.strict.f1
            out[f"{name}.target_overlap_f1"] = result.target.overlap.f1
            out[f"{name}.macro_f1"] = result.macro_f1
        else:
            out[f"{name}.accuracy"] = result.accuracy
            out[f"{name}.macro_f1"] = result.macro_f1
    return {key: round(value, 4) for key, value in out.items()}


def find_data_dir(start: Path) -> Path | None:
    """Find the benchmark directory, or None.

    Looks for ``../shared/eventcoding-gold`` (and ``shared/eventcoding-gold``)
    from ``start`` (normally the working directory) and each of its parents,
    then, as a last resort, next to the source checkout this package was
    imported from.
    """
    start = Path(start).resolve()
    candidates: list[Path] = []
    for base in (start, *start.parents):
        candidates += [base / DEFAULT_DATA_DIR, base / "shared" / "eventcoding-gold"]
    # Fallback for a source checkout: src/detente/evaluation/__init__.py → repository root.
    repo_root = Path(__file__).resolve().parents[3]
    candidates.append(repo_root / DEFAULT_DATA_DIR)
    for candidate in candidates:
        if (candidate / GSR_FILE).is_file() or (candidate / PLOVER_FILE).is_file() or (candidate / PENTA_FILE).is_file():
            return candidate.resolve()
    return None


def _penta(results: Results, name: str) -> PentaResult | None:
    result = results.get(name)
    return result if isinstance(result, PentaResult) else None


def _spans(results: Results, name: str) -> SpanResult | None:
    result = results.get(name)
    return result if isinstance(result, SpanResult) else None


def _heldout(results: Results) -> list[PentaResult | SpanResult]:
    """The held-out results that were run, in HELDOUT order."""
    found = (results.get(name) for name in HELDOUT)
    return [r for r in found if isinstance(r, (PentaResult, SpanResult))]


def format_named(results: Results) -> str:
    """:func:`format_results` over results keyed by benchmark name."""
    gsr, plover = results.get("gsr"), results.get("plover")
    return format_results(
        gsr if isinstance(gsr, GsrResult) else None,
        plover if isinstance(plover, PloverResult) else None,
        _penta(results, "penta"),
        spans=_spans(results, "spans"),
        heldout=_heldout(results),
    )


def write_reports(docs_dir: Path, results: Results, *, commit: str, coder_version: str, date: dt.date) -> list[Path]:
    """Write ``accuracy.md`` (held-out figures first) and ``accuracy.json`` (the floor the
    test suite holds the coder to) under ``docs_dir``; returns the paths written."""
    missing = [name for name in BENCHMARKS if name not in results]
    if missing:
        raise ValueError(f"a report needs every benchmark; missing {', '.join(missing)}")
    gsr, plover = results["gsr"], results["plover"]
    assert isinstance(gsr, GsrResult) and isinstance(plover, PloverResult)
    markdown, record = Path(docs_dir) / "accuracy.md", Path(docs_dir) / "accuracy.json"
    write_accuracy_report(
        markdown,
        gsr,
        plover,
        _penta(results, "penta"),
        spans=_spans(results, "spans"),
        heldout=_heldout(results),
        commit=commit,
        coder_version=coder_version,
        date=date,
    )
    write_figures(record, figures(results), commit=commit)
    return [markdown, record]
