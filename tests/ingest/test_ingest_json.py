"""JSON files (one record or an array of them) and gzip-compressed corpora."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from detente.errors import InputError
from detente.ingest import jsonl, read_path
from detente.model import Document


def _record(**fields: Any) -> dict[str, Any]:
    return fields


# --- .json ----------------------------------------------------------------------------


def test_a_json_file_with_one_record(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(json.dumps(_record(id="s1", text="Chad praised Niger.", title="T", date="2021-05-06", source="Wire", url="http://u")), encoding="utf-8")
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document)
    assert (doc.id, doc.text, doc.title, doc.date, doc.source, doc.url, doc.origin) == (
        "s1", "Chad praised Niger.", "T", dt.date(2021, 5, 6), "Wire", "http://u", str(path)
    )


def test_one_record_without_an_id_takes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "story.JSON"
    path.write_text(json.dumps({"text": "Chad praised Niger."}), encoding="utf-8")
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document) and doc.id == "story"


def test_an_array_with_a_bad_item_names_the_item_and_reads_the_others(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    items = [
        {"id": "a", "text": "Peru thanked Chile."},
        {"id": "b", "title": "no text"},
        {"text": "Chile thanked Peru.", "date": "2022-02-03"},
        {"id": "d", "text": "Mali met Togo.", "date": "3 Feb 2022"},
    ]
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    first, missing, third, bad_date = list(read_path(path))
    assert isinstance(first, Document) and (first.id, first.origin) == ("a", f"{path}, item 1 of 4")
    assert isinstance(missing, InputError)
    assert (missing.origin, missing.line, missing.message) == (str(path), None, "item 2 of 4: missing 'text'")
    assert str(missing) == f"{path}: item 2 of 4: missing 'text'"
    assert isinstance(third, Document) and (third.id, third.date) == ("batch-3", dt.date(2022, 2, 3))
    assert isinstance(bad_date, InputError) and bad_date.message.startswith("item 4 of 4: bad 'date' '3 Feb 2022'")


def test_an_array_item_that_is_not_an_object_and_a_repeated_id(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"id": "a", "text": "One."}, "two", {"id": "a", "text": "Three."}]), encoding="utf-8")
    doc, not_object, duplicate = list(read_path(path))
    assert isinstance(doc, Document)
    assert isinstance(not_object, InputError) and not_object.message == "item 2 of 3: expected a JSON object, got a string"
    assert isinstance(duplicate, InputError) and duplicate.message == "item 3 of 3: duplicate id 'a' (first at item 1)"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ('[\n  {"text": "One."},\n  {"text": "Two."\n]\n', 4, "invalid JSON at column 1: Expecting ',' delimiter"),
        ('"just a string"', None, "expected a JSON object or an array of objects, got a string"),
        ("[]", None, "empty document: an empty array"),
        ("  \n", None, "empty document"),
        ("[" * 100_000 + "]" * 100_000, None, "invalid JSON: nested too deeply"),
    ],
)
def test_json_file_errors(tmp_path: Path, content: str, line: int | None, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and (error.origin, error.line, error.message) == (str(path), line, message)


def test_utf16_json_and_binary_json(tmp_path: Path) -> None:
    path = tmp_path / "wide.json"
    path.write_bytes(b"\xff\xfe" + json.dumps({"id": "w", "text": "Lima caf\u00e9 talks."}).encode("utf-16-le"))
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document) and doc.text == "Lima caf\u00e9 talks."
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\x00\x01\x02" + bytes(range(256)))
    (error,) = list(read_path(binary))
    assert isinstance(error, InputError) and error.message == "binary file"


def test_a_json_file_over_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_JSON_BYTES", 1024 * 1024)
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"text": "Chad praised Niger. " * 1000}] * 60), encoding="utf-8")
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.origin == str(path) and "1 MiB limit" in error.message


def test_json_gz(tmp_path: Path) -> None:
    path = tmp_path / "batch.json.gz"
    path.write_bytes(gzip.compress(json.dumps([{"text": "One."}, {"text": "Two."}]).encode()))
    assert [d.id for d in read_path(path) if isinstance(d, Document)] == ["batch-1", "batch-2"]
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(json.dumps([{"text": "One."}] * 50).encode())[:-30])
    (error,) = list(read_path(broken))
    assert isinstance(error, InputError) and "truncated" in error.message and error.origin == str(broken)


# --- .jsonl.gz ---------------------------------------------------------------------------


def _corpus(count: int) -> bytes:
    """``count`` JSONL records, every third without an id; texts varied so they compress like text."""
    lines = []
    for n in range(1, count + 1):
        text = f"Delegation {n * 7919 % 10007} from Kivara met envoys of Doma on day {n} to discuss prisoners {n * 31}."
        lines.append(json.dumps({"text": text} if n % 3 == 0 else {"id": f"r{n}", "text": text}))
    return ("\n".join(lines) + "\n").encode()


def test_a_gzip_corpus_reads_like_the_plain_one(tmp_path: Path) -> None:
    plain, packed = tmp_path / "news.jsonl", tmp_path / "news.jsonl.gz"
    plain.write_bytes(_corpus(9))
    packed.write_bytes(gzip.compress(_corpus(9)))
    from_plain = [(d.id, d.text, d.body) for d in read_path(plain) if isinstance(d, Document)]
    from_packed = list(read_path(packed))
    assert [(d.id, d.text, d.body) for d in from_packed if isinstance(d, Document)] == from_plain
    assert [d.id for d in from_packed if isinstance(d, Document)][:3] == ["r1", "r2", "news-3"]  # the stem drops both suffixes
    assert from_packed[2].origin == f"{packed}:3"


def test_gzip_ndjson_with_a_bad_line_and_uppercase_suffix(tmp_path: Path) -> None:
    path = tmp_path / "feed.NDJSON.GZ"
    path.write_bytes(gzip.compress(b'{"text": "One."}\n{oops}\n{"text": "Three.", "date": "2020-01-02"}\n'))
    one, error, three = list(read_path(path))
    assert isinstance(one, Document) and one.id == "feed-1"
    assert isinstance(error, InputError) and error.line == 2 and error.message.startswith("invalid JSON")
    assert isinstance(three, Document) and three.date == dt.date(2020, 1, 2)


def test_a_truncated_gzip_corpus_keeps_the_documents_before_the_cut(tmp_path: Path) -> None:
    data = gzip.compress(_corpus(3000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    *docs, error = list(read_path(path))
    assert all(isinstance(d, Document) for d in docs) and 100 < len(docs) < 3000
    assert [d.id for d in docs if isinstance(d, Document)][:3] == ["r1", "r2", "cut-3"]
    assert isinstance(error, InputError) and error.origin == str(path)
    assert error.line == len(docs) + 1  # the line it was reading when the stream ended
    assert "truncated" in error.message and "the documents before it are kept" in error.message


def test_a_corrupt_gzip_corpus_is_an_error_naming_the_file(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_corpus(3000)))
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)  # a run of zeros over the compressed data
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(bytes(data))
    items = list(read_path(path))
    error = items[-1]
    assert isinstance(error, InputError) and error.origin == str(path) and "gzip" in error.message
    assert error.line is not None and error.line > 100
    assert all(isinstance(d, Document) or isinstance(d, InputError) and d.line is not None for d in items)


def test_a_file_that_is_not_gzip_under_a_gz_name(tmp_path: Path) -> None:
    path = tmp_path / "plain.jsonl.gz"
    path.write_bytes(_corpus(2))
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.message.startswith("not a gzip file")


def test_an_empty_gzip_corpus(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl.gz"
    path.write_bytes(gzip.compress(b"\n\n"))
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.message == "empty document"


def test_a_gzip_bomb_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "GZIP_BOMB_CHECK_BYTES", 4 * 1024 * 1024)
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as out:
        out.write(b'{"text": "Chad praised Niger."}\n')
        zeros = bytes(1024 * 1024)
        for _ in range(64):  # 64 MiB of zeros on one line, about 64 KiB compressed
            out.write(zeros)
    assert path.stat().st_size < 200 * 1024
    first, error = list(read_path(path))
    assert isinstance(first, Document)
    assert isinstance(error, InputError) and error.line == 2 and "gzip bomb" in error.message


def test_an_overlong_line_is_an_error_on_its_line_and_the_rest_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 1000)
    for name, pack in (("long.jsonl", bytes), ("long.jsonl.gz", gzip.compress)):
        path = tmp_path / name
        long_line = json.dumps({"id": "long", "text": "Chad praised Niger. " * 500}).encode()
        path.write_bytes(pack(b'{"id": "a", "text": "One."}\n' + long_line + b'\n{"id": "c", "text": "Three."}\n'))
        first, error, last = list(read_path(path))
        assert isinstance(first, Document) and isinstance(last, Document) and last.id == "c"
        assert isinstance(error, InputError) and error.line == 2
        assert error.message == "longer than the 1,000 bytes limit for one record; not read"


# --- directories ---------------------------------------------------------------------------


def test_a_directory_reads_json_and_gzip_corpora(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"text": "Chad praised Niger."}), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Mali thanked Togo."}\n{"id": "x", "text": "Peru met Chile."}\n'))
    (tmp_path / "sub" / "c.json.gz").write_bytes(gzip.compress(json.dumps([{"text": "Ghana praised Togo."}]).encode()))
    (tmp_path / "sub" / "notes.txt.gz").write_bytes(gzip.compress(b"not read"))
    docs = list(read_path(tmp_path))
    assert [(d.id, d.text) for d in docs if isinstance(d, Document)] == [
        ("a", "Chad praised Niger."),
        ("b-1", "Mali thanked Togo."),
        ("x", "Peru met Chile."),
        ("c-1", "Ghana praised Togo."),
    ]
    assert len(docs) == 4
