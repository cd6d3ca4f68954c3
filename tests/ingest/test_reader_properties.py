"""Arbitrary bytes and arbitrary JSONL lines: the readers give a Document or an
InputError for each input, never raise, and never lose a good line to a bad one."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import InputError
from detente.ingest import read_stream
from detente.ingest.html import document_from_html
from detente.ingest.jsonl import read_jsonl_bytes
from detente.ingest.text import text_document_from_bytes
from detente.model import Document

# Bytes worth trying: anything at all, and text-like bytes with BOMs, NULs and
# Latin-1 bytes mixed into UTF-8.
_PIECES = st.sampled_from(
    [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00", b"\x00\x00", b"\xe9", b"\xc3\xa9", b"{", b"}", b"\n",
     b"\r\n", b'"', b"Chad praised Niger.", b"# Title", b"<p>", b"\xe2\x80\xae", b"\xe2\x80\x8b", b" "]
)  # fmt: skip
_BYTES = st.one_of(st.binary(max_size=400), st.lists(_PIECES | st.binary(max_size=4), max_size=40).map(b"".join))


def _valid(item: Document | InputError) -> None:
    if isinstance(item, InputError):
        assert item.origin and item.message
        return
    assert isinstance(item, Document) and item.text.strip()
    for start, end in item.body:
        assert 0 <= start < end <= len(item.text)


@settings(max_examples=300, deadline=None)
@given(_BYTES)
def test_any_bytes_as_a_text_file_give_a_document_or_an_error(data: bytes) -> None:
    _valid(text_document_from_bytes(data, origin="f.txt", doc_id="f", date=None))


@settings(max_examples=200, deadline=None)
@given(_BYTES)
def test_any_bytes_on_stdin_give_documents_or_errors(data: bytes) -> None:
    items = list(read_stream(io.BytesIO(data)))
    assert items  # an input is never silently dropped
    for item in items:
        _valid(item)


@settings(max_examples=200, deadline=None)
@given(_BYTES)
def test_any_bytes_as_html_give_a_document_or_an_error(data: bytes) -> None:
    _valid(document_from_html(data.decode("utf-8", errors="replace"), doc_id="x"))


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_RECORDS = st.fixed_dictionaries(
    {},
    optional={"id": _JSON_VALUES | st.text(min_size=1, max_size=12), "text": _JSON_VALUES | st.text(max_size=80),
              "date": _JSON_VALUES | st.sampled_from(["2021-02-30", "99999-01-01", "2020-01-01", ""]),
              "title": _JSON_VALUES},
)  # fmt: skip
_LINE = st.one_of(
    _RECORDS.map(lambda r: json.dumps(r).encode()),
    _BYTES.filter(lambda b: b"\n" not in b and b"\r" not in b),
)
_GOOD = b'{"id": "good-%d", "text": "Chad praised Niger on Monday."}'


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, max_size=8))
def test_arbitrary_jsonl_lines_never_cost_a_good_line(lines: list[bytes]) -> None:
    # A good line between every two arbitrary ones: each must come out as its document.
    data = b"\n".join(part for i, line in enumerate(lines) for part in (_GOOD % i, line)) + b"\n" + _GOOD % len(lines)
    items = list(read_jsonl_bytes(data, origin="c.jsonl", stem="c"))
    for item in items:
        _valid(item)
    ids = {item.id for item in items if isinstance(item, Document)}
    assert {f"good-{i}" for i in range(len(lines) + 1)} <= ids
