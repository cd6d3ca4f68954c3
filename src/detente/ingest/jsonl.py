"""JSON corpora: JSON Lines (plain or gzip-compressed) and JSON files.

A record is an object with ``text`` (required, non-empty) and optionally ``id``,
``title``, ``date`` ("YYYY-MM-DD"), ``source`` and ``url``.

- ``.jsonl`` / ``.ndjson``: one record per line, streamed. A bad line yields an
  InputError naming the file and line, and reading goes on. A record without
  ``id`` is ``STEM-LINE`` (``news.jsonl`` line 4: ``news-4``).
- ``.jsonl.gz`` / ``.ndjson.gz``: the same, decompressed line by line as it is
  read, never whole. The ids are as for the uncompressed file (the stem drops both
  suffixes). A corrupt or truncated stream ends the file with an InputError naming
  the line it was reading; the documents before it are kept. A stream that
  decompresses to more than :data:`MAX_GZIP_RATIO` times its size is a gzip bomb,
  and reading stops there.
- ``.json`` (and ``.json.gz``): one record, or an array of records. The file is
  parsed whole, so it is bounded by :data:`MAX_JSON_BYTES`; a corpus larger than
  that belongs in JSONL. A bad item is an InputError naming the file and the item
  (counted from 1); the others are read. A single record without ``id`` takes the
  file's stem, an item of an array ``STEM-ITEM``.

No line (decompressed or not) may be longer than :data:`MAX_LINE_BYTES`: a longer
one is an error on its line, skipped without being held in memory.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from detente.errors import InputError
from detente.ingest.text import BINARY_SNIFF_BYTES, decode_text, document_from_text, is_binary, read_limited
from detente.model import Document

__all__ = [
    "document_from_record",
    "read_json_bytes",
    "read_json_file",
    "read_jsonl_bytes",
    "read_jsonl_file",
    "read_jsonl_gz_file",
    "read_jsonl_lines",
]

_MIB = 1024 * 1024
#: The most of a UTF-16 JSONL file read (it is decoded whole, not line by line).
MAX_UTF16_JSONL_BYTES = 256 * _MIB
#: The longest line of a JSONL corpus, decompressed: one record, and a record's text is
#: at most a document (text.MAX_DOCUMENT_BYTES) and its fields.
MAX_LINE_BYTES = 16 * _MIB
#: The largest .json file (decompressed), which is parsed whole.
MAX_JSON_BYTES = 64 * _MIB
#: Text compresses about 3 to 10 times, a corpus of near-identical records perhaps 50;
#: more than this, once GZIP_BOMB_CHECK_BYTES are out, is a bomb, not a corpus.
MAX_GZIP_RATIO = 200
GZIP_BOMB_CHECK_BYTES = 64 * _MIB
#: How much of an over-long line is read at a time while skipping it.
_SKIP_BYTES = 1024 * 1024

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
    record: Any,
    *,
    origin: str,
    line: int | None,
    default_id: str,
    date: dt.date | None = None,
    item: str | None = None,
) -> Document | InputError:
    """A Document from one decoded JSON value, or the InputError saying what is wrong.

    ``line`` is the record's line in a JSONL file; ``item`` names it in a JSON array
    ("item 3 of 5"), and errors begin with it.
    """

    def error(message: str) -> InputError:
        return InputError(origin, line, f"{item}: {message}" if item else message)

    if not isinstance(record, dict):
        return error(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if text is None:
        return error("missing 'text'")
    if not isinstance(text, str):
        return error(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        return error("'text' is empty")
    raw_id = record.get("id")
    if raw_id is None:
        doc_id = default_id
    elif isinstance(raw_id, str) and raw_id.strip():
        doc_id = raw_id
    elif isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return error(f"'id' must be a non-empty string or a number, got {raw_id!r}")
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_STRINGS:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return error(f"'{name}' must be a string, got {_json_type(value)}")
        fields[name] = value or None
    published = date
    if published is None and record.get("date") is not None:
        parsed = _parse_date(record["date"])
        if isinstance(parsed, str):
            return error(parsed)
        published = parsed
    if line is not None:
        where = f"{origin}:{line}"
    else:
        where = f"{origin}, {item}" if item else origin
    return document_from_text(
        text,
        doc_id=doc_id,
        date=published,
        origin=where,
        title=fields["title"],
        source=fields["source"],
        url=fields["url"],
    )


def _size(limit: int) -> str:
    return f"{limit // _MIB} MiB" if limit >= _MIB else f"{limit:,} bytes"


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


class _BadJson(ValueError):
    """Why a text is not JSON, and on which of its lines (when known)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _loads(text: str) -> Any:
    """The JSON value of ``text``; :class:`_BadJson` when it is not JSON."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadJson(f"invalid JSON at column {error.colno}: {error.msg}", error.lineno) from error
    except RecursionError as error:
        raise _BadJson("invalid JSON: nested too deeply") from error
    except ValueError as error:  # e.g. an integer longer than Python's 4,300-digit limit
        raise _BadJson(f"invalid JSON: {str(error).split(';')[0]}") from error


def read_jsonl_lines(
    lines: Iterable[bytes | None], *, origin: str, stem: str, date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """Documents (and per-line errors) from the raw lines of a JSONL corpus.

    ``date`` overrides the ``date`` field of every record; a record without
    ``id`` gets ``f"{stem}-{line}"``. A repeated id is an error on the later line.
    ``None`` stands for a line over :data:`MAX_LINE_BYTES`, which was not read.
    """
    seen: dict[str, int] = {}
    any_record = False
    for number, raw in enumerate(lines, start=1):
        if raw is None:
            any_record = True
            yield InputError(origin, number, f"longer than the {_size(MAX_LINE_BYTES)} limit for one record; not read")
            continue
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
            record = _loads(decoded)
        except _BadJson as error:
            yield InputError(origin, number, str(error))
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


class _StreamStopped(Exception):
    """Reading a stream stopped before its end, at ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _RecordLines:
    """The lines of a JSONL stream, each at most :data:`MAX_LINE_BYTES`, with ``None`` for a
    longer one (skipped a piece at a time, never held whole).

    ``line`` is the number of the line being read, so that a failure of the stream
    itself (a corrupt gzip member) can name it. Given the ``compressed`` file under a
    gzip stream, it stops a bomb: see :data:`MAX_GZIP_RATIO`.
    """

    def __init__(self, stream: BinaryIO, *, compressed: BinaryIO | None = None) -> None:
        self.stream = stream
        self.compressed = compressed
        self.limit = MAX_LINE_BYTES
        self.line = 0
        self.decompressed = 0

    def __iter__(self) -> Iterator[bytes | None]:
        while True:
            self.line += 1
            raw = self._read(self.limit + 1)
            if not raw:
                return
            if len(raw) > self.limit and not raw.endswith(b"\n"):
                while (rest := self._read(_SKIP_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield None
            else:
                yield raw

    def _read(self, size: int) -> bytes:
        raw = self.stream.readline(size)
        self.decompressed += len(raw)
        if self.compressed is not None and self.decompressed > GZIP_BOMB_CHECK_BYTES:
            packed = max(self.compressed.tell(), 1)
            if self.decompressed > MAX_GZIP_RATIO * packed:
                raise _StreamStopped(
                    self.line,
                    f"the gzip stream decompresses to more than {MAX_GZIP_RATIO} times its size "
                    "(a gzip bomb, not a corpus); not read further, the documents before it are kept",
                )
        return raw


def _head(stream: BinaryIO) -> bytes:
    """The first bytes of ``stream``, to sniff; empty when they cannot be decompressed (the
    line reader meets the fault again and names its line)."""
    try:
        return stream.read(BINARY_SNIFF_BYTES)
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return b""


def _stream(lines: _RecordLines, *, origin: str, stem: str, date: dt.date | None) -> Iterator[Document | InputError]:
    head = _head(lines.stream)
    # Binary when its first line is: a file that opens with a good record is a corpus,
    # and binary bytes further on are an error on their own line (read_jsonl_lines).
    first_line = head.lstrip(b" \t\r\n").split(b"\n", 1)[0]
    if is_binary(first_line):
        yield InputError(origin, None, "binary file")
        return
    lines.stream.seek(0)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # UTF-16 JSONL: read it whole (bounded), then line by line as UTF-8.
        data = read_limited(lines.stream, MAX_UTF16_JSONL_BYTES, origin)
        if isinstance(data, InputError):
            yield data
            return
        text = decode_text(data, origin)
        if isinstance(text, InputError):
            yield text
            return
        lines.stream = io.BytesIO(text.encode("utf-8"))
    yield from read_jsonl_lines(lines, origin=origin, stem=stem, date=date)


def read_jsonl_bytes(
    data: bytes, *, origin: str, stem: str, date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """As :func:`read_jsonl_file`, for a corpus already in memory (such as stdin)."""
    yield from _stream(_RecordLines(io.BytesIO(data)), origin=origin, stem=stem, date=date)


def _open(path: Path) -> BinaryIO | InputError:
    origin = str(path)
    try:
        return path.open("rb")
    except FileNotFoundError:
        return InputError(origin, None, "no such file")
    except IsADirectoryError:
        return InputError(origin, None, "is a directory, not a file")
    except OSError as error:
        return InputError(origin, None, f"cannot read: {error.strerror or error}")


def _gzip_fault(error: Exception) -> str:
    """What is wrong with a gzip stream, from the error reading it raised."""
    if isinstance(error, EOFError):
        return "the gzip stream is truncated (it ends before its end marker)"
    if isinstance(error, gzip.BadGzipFile) and "Not a gzipped file" in str(error):
        return "not a gzip file"
    if isinstance(error, (gzip.BadGzipFile, zlib.error)):
        return f"corrupt gzip stream ({error})"
    return f"cannot read: {getattr(error, 'strerror', None) or error}"


def _double_stem(path: Path) -> str:
    """``news.jsonl.gz`` -> ``news``: the name without the format and compression suffixes."""
    return Path(path.stem).stem


def read_jsonl_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """Stream the documents of a JSONL file, one per good line, an InputError per bad line."""
    path = Path(path)
    stream = _open(path)
    if isinstance(stream, InputError):
        yield stream
        return
    with stream:
        yield from _stream(_RecordLines(stream), origin=str(path), stem=path.stem, date=date)


def read_jsonl_gz_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """Stream the documents of a gzip-compressed JSONL file (``.jsonl.gz``), decompressing
    line by line: as :func:`read_jsonl_file`, with the stream's own faults (see the module
    docstring) ending the file with an InputError."""
    path = Path(path)
    origin = str(path)
    raw = _open(path)
    if isinstance(raw, InputError):
        yield raw
        return
    with raw, gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
        lines = _RecordLines(cast(BinaryIO, unzipped), compressed=raw)
        try:
            yield from _stream(lines, origin=origin, stem=_double_stem(path), date=date)
        except _StreamStopped as stop:
            yield InputError(origin, stop.line, stop.message)
        except (EOFError, OSError, zlib.error) as error:
            fault = _gzip_fault(error)
            if lines.line:
                fault += f"; not read from line {lines.line} on, the documents before it are kept"
            yield InputError(origin, lines.line or None, fault)


def read_json_bytes(
    data: bytes, *, origin: str, stem: str, date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """The documents of a JSON file's bytes: one record, or an array of records (see the
    module docstring)."""
    if is_binary(data):
        yield InputError(origin, None, "binary file")
        return
    text = decode_text(data, origin)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield InputError(origin, None, "empty document")
        return
    try:
        value = _loads(text)
    except _BadJson as error:
        yield InputError(origin, error.line, str(error))
        return
    if isinstance(value, dict):
        yield document_from_record(value, origin=origin, line=None, default_id=stem, date=date)
        return
    if not isinstance(value, list):
        yield InputError(origin, None, f"expected a JSON object or an array of objects, got {_json_type(value)}")
        return
    if not value:
        yield InputError(origin, None, "empty document: an empty array")
        return
    seen: dict[str, int] = {}
    for number, record in enumerate(value, start=1):
        item = f"item {number} of {len(value)}"
        result = document_from_record(
            record, origin=origin, line=None, default_id=f"{stem}-{number}", date=date, item=item
        )
        if isinstance(result, Document):
            first = seen.get(result.id)
            if first is not None:
                yield InputError(origin, None, f"{item}: duplicate id {result.id!r} (first at item {first})")
                continue
            seen[result.id] = number
        yield result


def read_json_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """The documents of a ``.json`` or ``.json.gz`` file: one record, or an array of
    records, with an InputError for each bad item (see the module docstring)."""
    path = Path(path)
    origin = str(path)
    compressed = path.suffix.lower() == ".gz"
    stream = _open(path)
    if isinstance(stream, InputError):
        yield stream
        return
    with stream:
        try:
            if compressed:
                with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
                    data = read_limited(cast(BinaryIO, unzipped), MAX_JSON_BYTES, origin)
            else:
                data = read_limited(stream, MAX_JSON_BYTES, origin)
        except (EOFError, OSError, zlib.error) as error:
            yield InputError(origin, None, _gzip_fault(error))
            return
    if isinstance(data, InputError):
        yield data
        return
    stem = _double_stem(path) if compressed else path.stem
    yield from read_json_bytes(data, origin=origin, stem=stem, date=date)
