"""JSONL corpora and stdin: one Document per good line, an InputError per bad line."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from detente.errors import InputError
from detente.ingest import read_path, read_stream
from detente.model import Document


def _write(tmp_path: Path, lines: list[str], name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _line(**fields: Any) -> str:
    return json.dumps(fields)


def test_good_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        [
            _line(id="a1", text="The army withdrew.", title="T", date="2018-08-23", source="S", url="http://u"),
            _line(id=7, text="Talks began."),
        ],
    )
    docs = list(read_path(path))
    assert all(isinstance(d, Document) for d in docs)
    first, second = docs
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.text, first.title, first.date, first.source, first.url) == (
        "a1", "The army withdrew.", "T", dt.date(2018, 8, 23), "S", "http://u"
    )
    assert first.origin == f"{path}:1"
    assert (second.id, second.origin, second.date) == ("7", f"{path}:2", None)


def test_ndjson_suffix_and_missing_id(tmp_path: Path) -> None:
    path = _write(tmp_path, ["", _line(text="One."), "   ", _line(text="Two.")], name="news.ndjson")
    docs = list(read_path(path))
    assert [d.id for d in docs if isinstance(d, Document)] == ["news-2", "news-4"]


def test_header_logic_runs_on_json_text(tmp_path: Path) -> None:
    text = "# A headline\n\nJane Doe\n1 May 2020\n\nThe body.\n\nhttps://example.org"
    path = _write(tmp_path, [_line(id="x", text=text)])
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document)
    assert (doc.title, doc.byline, doc.date) == ("A headline", "Jane Doe", dt.date(2020, 5, 1))
    assert [doc.text[s:e] for s, e in doc.body] == ["The body."]
    assert doc.text == text


def test_json_fields_win_over_header_and_override_wins_over_all(tmp_path: Path) -> None:
    text = "# Header title\n\n1 May 2020\n\nThe body."
    path = _write(tmp_path, [_line(id="x", text=text, title="Field title", date="2019-01-02")])
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document) and (doc.title, doc.date) == ("Field title", dt.date(2019, 1, 2))
    (doc,) = list(read_path(path, date=dt.date(2000, 1, 1)))
    assert isinstance(doc, Document) and doc.date == dt.date(2000, 1, 1)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"id": "a", "text": "x"', "invalid JSON at column"),
        ("not json", "invalid JSON at column 1"),
        ('["a list"]', "expected a JSON object, got an array"),
        ('"a string"', "expected a JSON object, got a string"),
        ('{"id": "a"}', "missing 'text'"),
        ('{"id": "a", "text": ""}', "'text' is empty"),
        ('{"id": "a", "text": "   "}', "'text' is empty"),
        ('{"id": "a", "text": 5}', "'text' must be a string"),
        ('{"id": "a", "text": "x", "date": "2018-13-01"}', "bad 'date' '2018-13-01'"),
        ('{"id": "a", "text": "x", "date": "23 August 2018"}', "bad 'date'"),
        ('{"id": "a", "text": "x", "date": 20180823}', "'date' must be a string"),
        ('{"id": true, "text": "x"}', "'id' must be"),
        ('{"id": "", "text": "x"}', "'id' must be"),
        ('{"id": "a", "text": "x", "title": 3}', "'title' must be a string"),
    ],
)
def test_bad_line_reports_file_and_line_and_goes_on(tmp_path: Path, line: str, fragment: str) -> None:
    path = _write(tmp_path, [_line(id="ok1", text="Fine."), line, _line(id="ok2", text="Also fine.")])
    results = list(read_path(path))
    assert len(results) == 3
    error = results[1]
    assert isinstance(error, InputError), error
    assert error.origin == str(path) and error.line == 2
    assert fragment in error.message
    assert str(error).startswith(f"{path}:2: ")
    assert [r.id for r in results if isinstance(r, Document)] == ["ok1", "ok2"]


def test_invalid_json_gives_position(tmp_path: Path) -> None:
    path = _write(tmp_path, ['{"text": "abc",, }'])
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and "column 16" in error.message  # the second comma, counted from 1


def test_duplicate_id_is_an_error_on_the_later_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line(id="a", text="One."), _line(id="b", text="Two."), _line(id="a", text="Three.")])
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "InputError"]
    error = results[2]
    assert isinstance(error, InputError) and error.line == 3
    assert "duplicate id 'a'" in error.message and "line 1" in error.message


def test_number_and_string_ids_collide(tmp_path: Path) -> None:
    path = _write(tmp_path, [_line(id=1, text="One."), _line(id="1", text="Two.")])
    assert isinstance(list(read_path(path))[1], InputError)


def test_a_legacy_byte_on_a_line_keeps_the_record(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "Lima caf\xe9 talks"}\n{"text": "ok too"}\n')
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == ["Document", "Document", "Document"]
    assert isinstance(results[1], Document) and results[1].text == "Lima caf\u00e9 talks"


def test_a_nul_on_one_line_is_an_error_on_that_line_only(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Chad praised Niger."}\n{"id": "b", "text": "x\x00y"}\n{"id": "c", "text": "ok"}\n')
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    error = results[1]
    assert isinstance(error, InputError) and error.line == 2 and "invalid JSON" in error.message


def test_utf16_jsonl_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    text = '{"id": "a", "text": "Chad praised Niger."}\r\n{"id": "b", "text": "Niger thanked Chad."}\r\n'
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert [d.id for d in read_path(path) if isinstance(d, Document)] == ["a", "b"]


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "One."}\r\n{"id": "b", "text": "Two."}\r\n')
    assert [d.id for d in read_path(path) if isinstance(d, Document)] == ["a", "b"]


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_corpus(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(content)
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.line is None and error.message == "empty document"


def test_binary_corpus(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00" + bytes(range(256)))  # gzip bytes under a .jsonl name
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.message == "binary file"


def test_binary_bytes_after_a_good_record_are_an_error_on_their_line(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Chad praised Niger."}\n\x00\x00\x00\n{"id": "b", "text": "Mali thanked Togo."}\n')
    first, error, last = list(read_path(path))
    assert isinstance(first, Document) and first.id == "a"
    assert isinstance(error, InputError) and error.line == 2 and "binary" in error.message
    assert isinstance(last, Document) and last.id == "b"


def test_missing_corpus(tmp_path: Path) -> None:
    path = tmp_path / "missing.jsonl"
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and "no such file" in str(error) and str(path) in str(error)


def test_directory_with_jsonl_suffix(tmp_path: Path) -> None:
    path = tmp_path / "dir.jsonl"
    path.mkdir()
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and "directory" in error.message


# --- stdin ---------------------------------------------------------------------------


class _FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_sniffs_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'\n  {"id": "s1", "text": "One."}\n{"text": "Two."}\n'
    monkeypatch.setattr(sys, "stdin", _FakeStdin(data))
    docs = list(read_path("-"))
    assert [d.id for d in docs if isinstance(d, Document)] == ["s1", "stdin-3"]
    assert docs[0].origin == "<stdin>:2"


def test_stdin_sniffs_text(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\n# A title\n\nThe army withdrew.\n".encode()
    monkeypatch.setattr(sys, "stdin", _FakeStdin(data))
    (doc,) = list(read_path("-", date=dt.date(2018, 8, 23)))
    assert isinstance(doc, Document)
    assert (doc.title, doc.date, doc.origin) == ("A title", dt.date(2018, 8, 23), "<stdin>")
    assert len(doc.id) == 16


def test_stdin_bad_jsonl_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(b'{"text": "One."}\n{oops}\n'))
    results = list(read_path("-"))
    assert isinstance(results[1], InputError) and str(results[1]).startswith("<stdin>:2: invalid JSON")


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", _FakeStdin(b"   \n"))
    (error,) = list(read_path("-"))
    assert isinstance(error, InputError) and error.message == "empty document"


def test_read_stream_text_with_a_legacy_byte() -> None:
    (doc,) = list(read_stream(io.BytesIO(b"ok\n\xe9t\xe9"), origin="<pipe>"))
    assert isinstance(doc, Document) and doc.text.endswith("\u00e9t\u00e9")


def test_a_five_thousand_digit_number_is_an_error_on_its_line_and_the_others_are_read(tmp_path: Path) -> None:
    huge = '{"id": "big", "text": "Chad praised Niger.", "n": ' + "9" * 5000 + "}"
    path = _write(tmp_path, [_line(id="a", text="One."), huge, _line(id="c", text="Three.")])
    results = list(read_path(path))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    error = results[1]
    assert isinstance(error, InputError) and error.line == 2
    assert error.message.startswith("invalid JSON:") and "digits" in error.message
