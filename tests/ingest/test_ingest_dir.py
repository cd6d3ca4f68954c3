"""A directory given to read_path reads the articles inside it."""

from __future__ import annotations

from pathlib import Path

from detente.errors import InputError
from detente.ingest import read_path
from detente.model import Document


def test_directory_reads_its_articles_in_name_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Kenya condemned the attack.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.jsonl").write_text('{"id": "j1", "text": "Chad thanked Niger."}\n', encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("Not read.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    out = list(read_path(tmp_path))
    assert all(isinstance(d, Document) for d in out)
    assert [d.text.strip() for d in out if isinstance(d, Document)] == ["Kenya condemned the attack.", "Chad thanked Niger."]


def test_directory_without_articles_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("a,b\n", encoding="utf-8")
    out = list(read_path(tmp_path))
    assert len(out) == 1 and isinstance(out[0], InputError)
    assert str(tmp_path) in str(out[0]) and "no .txt" in str(out[0])


def test_same_file_name_in_two_subfolders_gives_two_ids(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "news.txt").write_text(f"Kenya condemned attack {sub}.\n", encoding="utf-8")
    ids = [d.id for d in read_path(tmp_path) if isinstance(d, Document)]
    assert ids == ["a/news", "b/news"]
