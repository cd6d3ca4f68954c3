"""Fake coders for the engine tests, in a module of their own so that worker processes
(spawned ``LocalEngine`` workers, Dask workers) can import them by name: pytest puts
this folder on ``sys.path`` and spawned processes inherit it.

Events record the process and the coder instance that made them (``rule`` is
``"pid:token"``); a fresh token is drawn whenever a coder is unpickled, so a
test can tell where coding happened and how often the coder was unpickled.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from detente.model import Actor, Coded, Document, Event, Span


class FakeCoder:
    """One event per occurrence of "met" (two with ``all_modalities``); raises on "BOOM"."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.token = uuid.uuid4().hex

    def code_corpus(self, docs: Iterable[Document], *, all_modalities: bool = False) -> Iterator[Coded]:
        for doc in docs:
            self.before(doc)
            if "BOOM" in doc.text:
                raise ValueError(f"cannot code {doc.id}")
            events = []
            start = doc.text.find("met")
            while start >= 0:
                events.append(self._event(doc, start, "asserted"))
                if all_modalities:
                    events.append(self._event(doc, start, "hypothetical"))
                start = doc.text.find("met", start + 1)
            yield Coded(doc, tuple(events))

    def before(self, doc: Document) -> None:
        """What a subclass does before coding ``doc``."""

    def _event(self, doc: Document, start: int, modality: Any) -> Event:
        return Event(
            doc_id=doc.id,
            sentence_index=0,
            sentence=doc.text,
            date="2020",
            date_basis="publication",
            source=Actor("A", "AAA", "AAA", None, 0, 1),
            target=None,
            cameo="040",
            cameo_name="Consult",
            plover=None,
            quad_class=1,
            goldstein=1.0,
            trigger=Span("met", start, start + 3),
            modality=modality,
            confidence=1.0,
            coder_version="fake",
            rule=f"{os.getpid()}:{self.token}",
        )


class FolderCoder(FakeCoder):
    """A fake coder that leaves a file in ``folder`` (shared by every worker on this machine)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder}


class WaitingCoder(FolderCoder):
    """Before coding a document that says "wait for ID", waits until document ID is coded;
    records the time each document was coded in ``folder/ID``."""

    def before(self, doc: Document) -> None:
        if "wait for " in doc.text:
            other = self.folder / doc.text.split("wait for ")[1].split()[0].rstrip(":,.")
            deadline = time.monotonic() + 30
            while not other.exists():
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{other.name} was never coded")
                time.sleep(0.05)
        (self.folder / doc.id).write_text(str(time.time_ns()))


class DyingCoder(FolderCoder):
    """Ends its worker process abruptly on a document containing "DIE", ``times`` times
    in all (counted with files in ``folder``); codes normally after that."""

    def __init__(self, folder: Path, times: int) -> None:
        super().__init__(folder)
        self.times = times

    def __getstate__(self) -> dict[str, Any]:
        return {"folder": self.folder, "times": self.times}

    def before(self, doc: Document) -> None:
        if "DIE" in doc.text:
            deaths = len(list(self.folder.glob("death-*")))
            if deaths < self.times:
                (self.folder / f"death-{deaths}-{os.getpid()}").write_text(doc.id)
                os._exit(1)


class UnpicklableCoder(FakeCoder):
    def __init__(self) -> None:
        super().__init__()
        self.hook = lambda: None

    def __getstate__(self) -> dict[str, Any]:
        return dict(self.__dict__)


def worker_plugins(dask_worker: Any) -> list[str]:
    """For ``Client.run``: the names of the plugins a Dask worker holds."""
    return sorted(dask_worker.plugins)
