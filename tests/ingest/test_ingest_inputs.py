"""read_inputs: one id is one document across every input of a run."""

from __future__ import annotations

import json
from pathlib import Path

from detente.errors import InputError
from detente.ingest import read_inputs
from detente.model import Document


def test_two_files_with_one_name_in_two_folders_are_an_error_naming_both(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "news.txt", tmp_path / "b" / "news.txt"
    first.write_text("Chad praised Niger.\n", encoding="utf-8")
    second.write_text("Mali criticised Niger.\n", encoding="utf-8")
    doc, error = list(read_inputs([first, second]))
    assert isinstance(doc, Document) and doc.text.startswith("Chad")
    assert isinstance(error, InputError) and error.origin == str(second)
    assert str(first) in error.message and "already taken" in error.message and "not coded" in error.message


def test_the_same_id_in_two_jsonl_files(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps({"id": "x", "text": "Peru thanked Chile."}) + "\n", encoding="utf-8")
    two.write_text(
        json.dumps({"id": "x", "text": "Chile thanked Peru."}) + "\n" + json.dumps({"id": "y", "text": "Bolivia met Peru."}) + "\n",
        encoding="utf-8",
    )
    results = list(read_inputs([one, two]))
    assert [type(r).__name__ for r in results] == ["Document", "InputError", "Document"]
    assert isinstance(results[1], InputError) and str(one) in results[1].message


def test_the_same_document_given_twice_is_passed_on_for_the_pipeline_to_count(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ghana praised Togo.\n", encoding="utf-8")
    first, again = list(read_inputs([path, path]))
    assert isinstance(first, Document) and isinstance(again, Document)
    assert (again.id, again.text) == (first.id, first.text)


def test_distinct_ids_pass_through_in_order(tmp_path: Path) -> None:
    paths = []
    for name, text in [("one", "Chad praised Niger."), ("two", "Niger thanked Chad.")]:
        path = tmp_path / f"{name}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    assert [d.id for d in read_inputs(paths) if isinstance(d, Document)] == ["one", "two"]
