"""JSON Lines corpora: one article per line.

Each line is an object with ``text`` (required, non-empty) and optionally
``id``, ``title``, ``date`` ("YYYY-MM-DD"), ``source`` and ``url``. A bad line
yields an InputError naming the file and line, and reading goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from detente.errors import InputError
from detente.ingest.text import BINARY_SNIFF_BYTES, decode_text, document_from_text, is_binary, read_limited
from detente.model import Document

__all__ = ["document_from_record", "read_jsonl_bytes", "read_jsonl_file", "read_jsonl_lines"]

#: The most of a UTF-16 JSONL file read (it is decoded whole, not line by line).
MAX_UTF16_JSONL_BYTES = 256 * 1024 * 1024

_OPTIONAL_STRINGS = ("title", "source", "url")


def _parse_date(value: Any) -> dt.date | str:
    """The date, or the reason it is not one."""
    if not isinstance(value, str):
        return f"'date' must be a string \"YYYY-MM-DD\", got {type(value).__name__}"
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        return f"bad 'date' {value!r}: expected YYYY-MM-DD"


def document_from_record(
    record: Any, *, origin: str, line: int, default_id: str, date: dt.date | None = None
) -> Document | InputError:
    """A Document from one decoded JSON value, or the InputError saying what is wrong."""
    if not isinstance(record, dict):
        return InputError(origin, line, f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        return InputError(origin, line, "missing 'text'")
    if not isinstance(text, str):
        return InputError(origin, line, f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        return InputError(origin, line, "'text' is empty")
    raw_id = record.get("id")
    if raw_id is None:
        doc_id = default_id
    elif isinstance(raw_id, str) and raw_id.strip():
        doc_id = raw_id
    elif isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return InputError(origin, line, f"'id' must be a non-empty string or a number, got {raw_id!r}")
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return InputError(origin, line, f"'{name}' must be a string, got {_json_type(value)}")
        fields[name] = value or None
    published = date
    if published is None and record.get("date") is not None:
        parsed = _parse_date(record["date"])
        if isinstance(parsed, str):
            return InputError(origin, line, parsed)
        published = parsed
    return document_from_text(
        text,
        doc_id=doc_id,
        date=published,
        origin=f"{origin}:{line}",
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
    )


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "null"


def read_jsonl_lines(
    lines: Iterable[bytes], *, origin: str, stem: str, date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """Documents (and per-line errors) from the raw lines of a JSONL corpus.

    ``date`` overrides the ``date`` field of every record; a record without
    ``id`` gets ``f"{stem}-{line}"``. A repeated id is an error on the later line.
    """
    seen: dict[str, int] = {}
    any_record = False
    for number, raw in enumerate(lines, start=1):
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        any_record = True
        if is_binary(raw):
            yield InputError(origin, number, "binary data, not a JSON record")
            continue
        decoded = decode_text(raw, origin)  # a stray or legacy byte keeps its line (see decode_text)
        if isinstance(decoded, InputError):
            yield InputError(origin, number, decoded.message)
            continue
        try:
            record = json.loads(decoded)
        except json.JSONDecodeError as error:
            yield InputError(origin, number, f"invalid JSON at column {error.colno}: {error.msg}")
            continue
        except RecursionError:
            yield InputError(origin, number, "invalid JSON: nested too deeply")
            continue
        except ValueError as error:  # e.g. an integer longer than Python's 4,300-digit limit
            yield InputError(origin, number, f"invalid JSON: {str(error).split(';')[0]}")
            continue
        result = document_from_record(
            record, origin=origin, line=number, default_id=f"{stem}-{number}", date=date
        )
        if isinstance(result, Document):
            first = seen.get(result.id)
            if first is not None:
                yield InputError(origin, number, f"duplicate id {result.id!r} (first on line {first})")
                continue
            seen[result.id] = number
        yield result
    if not any_record:
        yield InputError(origin, None, "empty document")


def _stream(stream: BinaryIO, *, origin: str, stem: str, date: dt.date | None) -> Iterator[Document | InputError]:
    head = stream.read(BINARY_SNIFF_BYTES)
    # Binary when its first line is: a file that opens with a good record is a corpus,
    # and binary bytes further on are an error on their own line (read_jsonl_lines).
    first_line = head.lstrip(b" \t\r\n").split(b"\n", 1)[0]
    if is_binary(first_line):
        yield InputError(origin, None, "binary file")
        return
    stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 JSONL: read it whole (bounded), then line by line as UTF-8.
        data = read_limited(stream, MAX_UTF16_JSONL_BYTES, origin)
        if isinstance(data, InputError):
            yield data
            return
        text = decode_text(data, origin)
        if isinstance(text, InputError):
            yield text
            return
        stream = io.BytesIO(text.encode("utf-8"))
    yield from read_jsonl_lines(stream, origin=origin, stem=stem, date=date)


def read_jsonl_bytes(
    data: bytes, *, origin: str, stem: str, date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """As :func:`read_jsonl_file`, for a corpus already in memory (such as stdin)."""
    yield from _stream(io.BytesIO(data), origin=origin, stem=stem, date=date)


def read_jsonl_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """Stream the documents of a JSONL file, one per good line, an InputError per bad line."""
    path = Path(path)
    origin = str(path)
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        yield InputError(origin, None, "no such file")
        return
    except IsADirectoryError:
        yield InputError(origin, None, "is a directory, not a file")
        return
    except OSError as error:
        yield InputError(origin, None, f"cannot read: {error.strerror or error}")
        return
    with stream:
        yield from _stream(stream, origin=origin, stem=path.stem, date=date)
