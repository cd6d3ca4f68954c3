"""A dyad read from a store file, with its chart: what ``detente dyad`` shows."""

from __future__ import annotations

from pathlib import Path

from detente.analysis.charts import dyad_chart
from detente.analysis.dyads import Dyad, dyad
from detente.errors import DetenteError
from detente.store.duckdb_store import EventStore


def dyad_report(
    store_path: str | Path, a: str, b: str, *, period: str = "month", mentions: bool = False, plot: Path | None = None
) -> Dyad:
    """``dyad`` over the store file at ``store_path`` (opened read-only, waiting for a running
    ingest to let go of it), with its chart written to ``plot`` (.png or .svg) when given.
    A missing store, a bad actor or period, or an unwritable chart is a DetenteError."""
    from detente.store.duckdb_store import DEFAULT_WAIT

    if not Path(store_path).exists():
        raise DetenteError(f"{store_path}: no such store")
    try:
        with EventStore.open(store_path, read_only=True, wait=DEFAULT_WAIT) as store:
            result = dyad(store, a, b, period=period, mentions=mentions)
    except ValueError as exc:
        raise DetenteError(str(exc)) from exc
    if plot is not None:
        try:
            dyad_chart(result, plot)
        except ValueError as exc:
            raise DetenteError(str(exc)) from exc
        except OSError as exc:
            raise DetenteError(f"{plot}: {exc.strerror or exc}") from exc
    return result
