"""Scoring detente's coder on public event-coding benchmarks.

Three benchmarks, read from a data directory laid out like
``../shared/eventcoding-gold`` (never copied into the repository):

- ``gsr``: PETRARCH-2 gold standard records, exact and lenient triple F1,
  compared with a PETRARCH-2 baseline run when its output file is present;
- ``plover``: PLOVER gold standard records, event-type accuracy and actor
  country recall;
- ``penta``: the ConfliBERT CAMEO PentaClass test set, accuracy and macro-F1.
"""

from __future__ import annotations

from pathlib import Path

from detente.evaluation.gold import (
    GsrRecord,
    PentaRecord,
    PloverRecord,
    load_gsr,
    load_penta,
    load_petrarch_baseline,
    load_plover,
    penta_class,
)
from detente.evaluation.report import format_errors, format_results, write_accuracy_report
from detente.evaluation.scoring import (
    GsrResult,
    PentaResult,
    PloverResult,
    Prf,
    SupportsCoding,
    evaluate_gsr,
    evaluate_penta,
    evaluate_plover,
)

__all__ = [
    "BENCHMARKS",
    "BASELINE_FILE",
    "DEFAULT_DATA_DIR",
    "GSR_FILE",
    "GsrRecord",
    "GsrResult",
    "PENTA_FILE",
    "PLOVER_FILE",
    "PentaRecord",
    "PentaResult",
    "PloverRecord",
    "PloverResult",
    "Prf",
    "SupportsCoding",
    "evaluate_gsr",
    "evaluate_penta",
    "evaluate_plover",
    "find_data_dir",
    "format_errors",
    "format_results",
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

BENCHMARKS: tuple[str, ...] = ("gsr", "plover", "penta")


def run_benchmark(name: str, coder: SupportsCoding, data_dir: Path) -> GsrResult | PloverResult | PentaResult:
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
        return evaluate_plover(coder, load_plover(data_dir / PLOVER_FILE))
    if name == "penta":
        return evaluate_penta(coder, load_penta(data_dir / PENTA_FILE))
    raise ValueError(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")


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
