"""Runners that apply one coder to many documents: in this process or in workers.

Every engine takes the same coder object (anything with ``code_corpus``)
and yields one ``Outcome`` per input document, in input order. A document
whose coding raised comes back with no events and the error's text, so that a
long run records the failure and carries on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente.engines.base import Engine, Outcome, SupportsCoding
from detente.engines.local import LocalEngine

ENGINES = ("local", "dask")


def make_engine(kind: str = "local", *, workers: int = 1, scheduler: str | None = None) -> Engine:
    """``local``: ``workers`` processes on this machine (1: this process). ``dask``: a
    distributed cluster, started here with ``workers`` workers unless ``scheduler``
    gives the address of a running one."""
    if kind == "local":
        if scheduler is not None:
            raise ValueError("--scheduler needs the dask engine")
        return LocalEngine(workers=workers)
    if kind == "dask":
        from detente.engines.dask_engine import DaskEngine

        engine: Engine = DaskEngine(workers=workers, scheduler=scheduler)
        return engine
    raise ValueError(f"unknown engine {kind!r}; known: {', '.join(ENGINES)}")


# DaskEngine on first use, as in make_engine: its module imports dask and distributed,
# which a run on LocalEngine never needs. Type checkers see a plain import.
if TYPE_CHECKING:
    from detente.engines.dask_engine import DaskEngine


def __getattr__(name: str) -> object:
    if name == "DaskEngine":
        from detente.engines.dask_engine import DaskEngine

        return DaskEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["ENGINES", "DaskEngine", "Engine", "LocalEngine", "Outcome", "SupportsCoding", "make_engine"]
