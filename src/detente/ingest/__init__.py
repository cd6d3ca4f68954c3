"""Ingest: files in, Documents out.

``read_path`` picks a reader by suffix (case does not matter):

- ``.jsonl``/``.ndjson`` (one article per line) and ``.jsonl.gz``/``.ndjson.gz``
  (the same, gzip-compressed, decompressed as it is read);
- ``.json`` and ``.json.gz``: one article object, or an array of them;
- ``.html``/``.htm``: the page's article, found by trafilatura (see ``html``);
- plain text (``.txt``, ``.md``, anything else), with its title/byline/date header.

``-`` reads stdin (JSONL or one text). A directory reads every file of those kinds
in it and below (``.txt``, ``.md``, ``.html``, ``.htm``, ``.json``, ``.json.gz``,
``.jsonl``, ``.ndjson`` and their ``.gz``), in name order, leaving out hidden files
and folders. Problems come back as :class:`~detente.errors.InputError` values in
the stream rather than exceptions, so a caller can report a bad line and go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from detente.errors import InputError
from detente.ingest.html import document_from_html, parse_html, read_html_file
from detente.ingest.jsonl import read_json_file, read_jsonl_bytes, read_jsonl_file, read_jsonl_gz_file
from detente.ingest.text import (
    document_from_text,
    parse_header,
    read_limited,
    read_text_file,
    text_document_from_bytes,
)
from detente.model import Document

__all__ = [
    "count_documents",
    "document_from_html",
    "document_from_text",
    "parse_header",
    "parse_html",
    "read_html_file",
    "read_inputs",
    "read_json_file",
    "read_jsonl_file",
    "read_jsonl_gz_file",
    "read_path",
    "read_stream",
    "read_text_file",
]

STDIN = "-"
#: The most read from stdin (a JSONL corpus or one text); more is an error, not a hang.
MAX_STREAM_BYTES = 256 * 1024 * 1024
#: The file kinds by suffix (a compressed kind by its last two suffixes).
_KINDS = MappingProxyType(
    {
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".jsonl.gz": "jsonl.gz",
        ".ndjson.gz": "jsonl.gz",
        ".json": "json",
        ".json.gz": "json",
        ".html": "html",
        ".htm": "html",
        ".txt": "text",
        ".md": "text",
    }
)
#: Kinds whose ids come from their records (or STEM-LINE), not from the file's name.
_CORPUS_KINDS = frozenset({"jsonl", "jsonl.gz", "json"})


def _kind(path: Path) -> str | None:
    """The kind of file ``path`` names, or None for a suffix no reader claims."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if len(suffixes) >= 2 and (kind := _KINDS.get("".join(suffixes[-2:]))) is not None:
        return kind
    return _KINDS.get(suffixes[-1]) if suffixes else None


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
        # A folder of articles: every file of a kind we read, in it and below, in name order.
        files = _folder_files(Path(path))
        if not files:
            yield InputError(
                str(path), None, "is a directory with no .txt, .md, .html, .json, .jsonl or .jsonl.gz files"
            )
        for f in files:
            for item in read_path(f, date=date):
                if isinstance(item, Document) and _kind(f) not in _CORPUS_KINDS:
                    # "a/news.txt" and "b/news.txt" are two documents: the id is the path in the folder.
                    item = replace(item, id=f.relative_to(path).with_suffix("").as_posix())
                yield item
        return
    kind = _kind(Path(path))
    if kind == "jsonl":
        yield from read_jsonl_file(path, date=date)
    elif kind == "jsonl.gz":
        yield from read_jsonl_gz_file(path, date=date)
    elif kind == "json":
        yield from read_json_file(path, date=date)
    elif kind == "html":
        yield from read_html_file(path, date=date)
    else:
        yield from read_text_file(path, date=date)


def _folder_files(folder: Path) -> list[Path]:
    """The files of a kind we read in ``folder`` and below, in name order, hidden ones left out."""
    return sorted(
        f
        for f in folder.rglob("*")
        if f.is_file() and _kind(f) is not None and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    )


def count_documents(paths: Iterable[str | Path]) -> int | None:
    """About how many documents ``read_inputs(paths)`` will give, without reading them: a
    JSONL file's non-blank lines, one for each text or HTML file. None when that cannot be
    told cheaply (standard input, a .json array, a compressed corpus), so that a progress
    display shows no estimate rather than a wrong one."""
    total = 0
    for path in paths:
        if str(path) == STDIN:
            return None
        files = _folder_files(Path(path)) if Path(path).is_dir() else [Path(path)]
        for f in files:
            kind = _kind(f)
            if kind == "jsonl":
                try:
                    with f.open("rb") as lines:
                        total += sum(1 for line in lines if line.strip())
                except OSError:
                    total += 1  # read_path reports it: one input skipped
            elif kind in _CORPUS_KINDS:
                return None
            else:
                total += 1
    return total


def read_inputs(paths: Iterable[str | Path], *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """:func:`read_path` over several inputs, with one id meaning one document across all
    of them: a later input that claims an id already read with a different text is an
    InputError naming both. The same text again (under any id) is passed on: the
    pipeline codes a text once and counts the copy as unchanged."""
    first: dict[str, tuple[str, bytes]] = {}  # id -> (where it was read, 16 bytes of its text's hash)
    for path in paths:
        for item in read_path(path, date=date):
            if isinstance(item, Document):
                digest = hashlib.sha256(item.text.encode("utf-8", "surrogatepass")).digest()[:16]
                seen = first.get(item.id)
                if seen is not None and seen[1] != digest:
                    message = f"id {item.id!r} is already taken by {seen[0]}, whose text differs; not coded (give the inputs distinct ids)"
                    yield InputError(item.origin, None, message)
                    continue
                first.setdefault(item.id, (item.origin, digest))
            yield item
