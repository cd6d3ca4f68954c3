"""count_documents: the estimate behind the progress bar's total and ETA."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

from detente import cli
from detente.ingest import count_documents, read_inputs
from detente.model import Document
from detente.pipeline import Progress


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    (folder / "wires").mkdir(parents=True)
    lines = [json.dumps({"id": f"w{i}", "text": f"Chad thanked Niger {i} times."}) for i in range(4)]
    (folder / "wires" / "day.jsonl").write_text("\n".join(lines[:2]) + "\n\n  \n" + "\n".join(lines[2:]) + "\n", encoding="utf-8")
    (folder / "brief.txt").write_text("Peru praised Chile.\n", encoding="utf-8")
    (folder / "page.html").write_text("<p>Ghana met Togo.</p>", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Mali met Benin.\n", encoding="utf-8")
    return folder


def test_it_counts_what_the_readers_will_give(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    read = [item for item in read_inputs([folder]) if isinstance(item, Document)]
    assert count_documents([folder]) == len(read) == 6
    assert count_documents([folder, folder / "brief.txt"]) == 7


def test_it_gives_no_estimate_where_it_would_have_to_read_the_corpus(tmp_path: Path) -> None:
    packed = tmp_path / "day.jsonl.gz"
    packed.write_bytes(gzip.compress(b'{"text": "Chad met Niger."}\n'))
    array = tmp_path / "batch.json"
    array.write_text(json.dumps([{"text": "Chad met Niger."}, {"text": "Niger met Chad."}]), encoding="utf-8")
    assert count_documents([packed]) is None
    assert count_documents([array]) is None
    assert count_documents(["-"]) is None


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_shows_the_total_and_the_time_left_when_the_total_is_known() -> None:
    screen = _Terminal()
    with cli._progress(screen, total=40) as update:
        assert update is not None
        update(Progress(documents=10, events=25))
    shown = screen.getvalue()
    assert "10/40" in shown and "ETA" in shown and "25 events" in shown


def test_without_a_total_the_line_has_no_bar_and_no_eta() -> None:
    screen = _Terminal()
    with cli._progress(screen) as update:
        assert update is not None
        update(Progress(documents=10, events=25))
    shown = screen.getvalue()
    assert "25 events" in shown and "ETA" not in shown and "/40" not in shown
