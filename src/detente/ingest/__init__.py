"""Ingest: files in, Documents out.

``read_path`` picks a reader by suffix: ``.jsonl``/``.ndjson`` (one article per
line), ``.html``/``.htm``, and plain text for anything else; ``-`` reads stdin;
a directory reads its .txt, .md, .html and .jsonl files, recursively.
Problems come back as :class:`~detente.errors.InputError` values in the stream
rather than exceptions, so a caller can report a bad line and go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from detente.errors import InputError
from detente.ingest.html import document_from_html, parse_html, read_html_file
from detente.ingest.jsonl import read_jsonl_bytes, read_jsonl_file
from detente.ingest.text import (
    document_from_text,
    parse_header,
    read_limited,
    read_text_file,
    text_document_from_bytes,
)
from detente.model import Document

__all__ = [
    "document_from_html",
    "document_from_text",
    "parse_header",
    "parse_html",
    "read_html_file",
    "read_inputs",
    "read_jsonl_file",
    "read_path",
    "read_stream",
    "read_text_file",
]

STDIN = "-"
#: The most read from stdin (a JSONL corpus or one text); more is an error, not a hang.
MAX_STREAM_BYTES = 256 * 1024 * 1024
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_DIRECTORY_SUFFIXES = _JSONL_SUFFIXES | _HTML_SUFFIXES | {".txt", ".md"}


def read_stream(
    stream: BinaryIO, *, origin: str = "<stdin>", date: dt.date | None = None
) -> Iterator[Document | InputError]:
    """Documents from a byte stream: JSONL if its first non-blank line is a JSON object, else
    one text. At most :data:`MAX_STREAM_BYTES` are read."""
    data = read_limited(stream, MAX_STREAM_BYTES, origin)
    if isinstance(data, InputError):
        yield data
        return
    if _looks_like_jsonl(data):
        yield from read_jsonl_bytes(data, origin=origin, stem="stdin", date=date)
        return
    # No file name to take an id from: the id is a hash of the text.
    yield text_document_from_bytes(data, origin=origin, doc_id=None, date=date)


def _looks_like_jsonl(data: bytes) -> bool:
    """True when the first non-blank line is a JSON object: plain text that merely begins
    with ``{`` stays text."""
    first = data.lstrip(b" \t\r\n\xef\xbb\xbf").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def read_path(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """Documents from one file (or stdin for ``"-"``), with an InputError for each problem.

    ``date`` overrides the publication date of every document.
    """
    if str(path) == STDIN:
        yield from read_stream(sys.stdin.buffer, date=date)
        return
    if Path(path).is_dir():
        # A folder of articles: every text, HTML and JSONL file in it and below, in name order.
        files = sorted(
            f
            for f in Path(path).rglob("*")
            if f.is_file()
            and f.suffix.lower() in _DIRECTORY_SUFFIXES
            and not any(part.startswith(".") for part in f.relative_to(path).parts)
        )
        if not files:
            yield InputError(str(path), None, "is a directory with no .txt, .md, .html or .jsonl files")
        for f in files:
            for item in read_path(f, date=date):
                if isinstance(item, Document) and f.suffix.lower() not in _JSONL_SUFFIXES:
                    # "a/news.txt" and "b/news.txt" are two documents: the id is the path in the folder.
                    item = replace(item, id=f.relative_to(path).with_suffix("").as_posix())
                yield item
        return
    suffix = Path(path).suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        yield from read_jsonl_file(path, date=date)
    elif suffix in _HTML_SUFFIXES:
        yield from read_html_file(path, date=date)
    else:
        yield from read_text_file(path, date=date)


def read_inputs(paths: Iterable[str | Path], *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """:func:`read_path` over several inputs, with one id meaning one document across all
    of them: a later input that claims an id already read is an InputError naming both
    (a different text) or saying it is the same document (the same text, coded once)."""
    first: dict[str, tuple[str, str]] = {}  # id -> (where it was read, its text's digest)
    for path in paths:
        for item in read_path(path, date=date):
            if isinstance(item, Document):
                digest = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).hexdigest()
                seen = first.get(item.id)
                if seen is not None:
                    where, before = seen
                    if before == digest:
                        message = f"id {item.id!r}: the same document as {where} (coded once)"
                    else:
                        message = f"id {item.id!r} is already taken by {where}, whose text differs; not coded (give the inputs distinct ids)"
                    yield InputError(item.origin, None, message)
                    continue
                first[item.id] = (item.origin, digest)
            yield item
