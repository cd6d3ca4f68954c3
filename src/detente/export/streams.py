"""Sinks that write events to a text stream: a table for people, JSON Lines, CSV.

JSON Lines carries the nested record of docs/event-record.md (``Event.to_dict()``);
CSV carries the flat export row of detente/rows.py, every column, in order; the
table shows the few columns a reader scans, cut to the terminal's width.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from detente.export import Skipped
from detente.model import Coded
from detente.rows import EXPORT_NAMES, export_row, record

_TABLE = (("date", 10), ("source", 18), ("cameo", 5), ("target", 18), ("modality", 12), ("trigger", 24))


def format_table(rows: Iterable[Mapping[str, Any]], width: int = 160) -> str:
    """Flat rows (detente/rows.py) as an aligned table, each line at most ``width``."""
    buf = io.StringIO()
    for n, r in enumerate(rows):
        if n == 0:
            header = "  ".join(name.ljust(w) for name, w in _TABLE) + "  event"
            buf.write(header[:width] + "\n")
        source = f"{r['source_code']} {r['source_text']}"
        target = f"{r['target_code']} {r['target_text']}" if r["target_code"] else "-"
        cells = [str(r["date"]), source, str(r["cameo"]), target, str(r["modality"]), str(r["trigger_text"])]
        line = "  ".join(_fit(c, w) for c, (_, w) in zip(cells, _TABLE)) + "  " + str(r["cameo_name"])
        buf.write(line[:width] + "\n")
    return buf.getvalue()


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)


class TableSink:
    """Each document with events as a heading and a table of its events."""

    def __init__(self, out: TextIO, width: int = 160) -> None:
        self.out = out
        self.width = width

    def write(self, coded: Coded) -> None:
        if not coded.events:
            return
        doc = coded.doc
        title = f" — {doc.title}" if doc.title else ""
        published = f" ({doc.date.isoformat()})" if doc.date else ""
        self.out.write(f"\n{doc.id}{title}{published}\n")
        self.out.write(format_table((export_row(e, doc) for e in coded.events), self.width))
        self.out.flush()

    def skip(self, skipped: Skipped) -> None:
        """Skipped inputs are reported by the caller (on stderr), not in the table."""

    def close(self, complete: bool = True) -> None:
        self.out.flush()


class JsonlSink:
    """One event record (``Event.to_dict()``) per line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, coded: Coded) -> None:
        for event in coded.events:
            self.out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        self.out.flush()

    def skip(self, skipped: Skipped) -> None:
        """Nothing: a JSONL stream holds events only."""

    def close(self, complete: bool = True) -> None:
        self.out.flush()


class CsvSink:
    """The flat export row (detente/rows.py), a header line first."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._writer: csv.DictWriter[str] | None = None

    def write(self, coded: Coded) -> None:
        self.write_rows(export_row(e, coded.doc) for e in coded.events)

    def write_rows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        if self._writer is None:
            self._writer = csv.DictWriter(self.out, fieldnames=EXPORT_NAMES, extrasaction="ignore")
            self._writer.writeheader()
        for row in rows:
            self._writer.writerow(row)
        self.out.flush()

    def skip(self, skipped: Skipped) -> None:
        """Nothing: a CSV file holds events only."""

    def close(self, complete: bool = True) -> None:
        if self._writer is None:  # no events: still a valid CSV file, with its header
            self.write_rows(())
        self.out.flush()


def write_jsonl_rows(rows: Iterable[Mapping[str, Any]], out: TextIO) -> int:
    """Flat rows (from a store) as event records, one per line, each with its cluster's
    counts when it has one; returns how many."""
    n = 0
    for row in rows:
        item = record(row)
        if row.get("cluster_id") is not None:
            item["cluster"] = {
                "id": row["cluster_id"],
                "num_mentions": row["num_mentions"],
                "num_sources": row["num_sources"],
                "num_articles": row["num_articles"],
            }
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        n += 1
    return n


class SkipReport:
    """Each skipped input as one line on a stream (the CLI's stderr), as it happens."""

    def __init__(self, out: TextIO, prefix: str = "detente: skipped: ") -> None:
        self.out = out
        self.prefix = prefix

    def write(self, coded: Coded) -> None:
        """Nothing: only skipped inputs are reported."""

    def skip(self, skipped: Skipped) -> None:
        self.out.write(f"{self.prefix}{skipped}\n")
        self.out.flush()

    def close(self, complete: bool = True) -> None:
        self.out.flush()
