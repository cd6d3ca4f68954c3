"""The readers of TAB-separated data files (detente/tsv.py): which lines they skip, what
cells they give, and errors that name the file and line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.errors import DataFileError
from detente.tsv import header_rows, rows


def test_rows_skip_blanks_and_comments_and_keep_file_line_numbers() -> None:
    text = "# head\n\na\tb\n   \n  # indented comment\nc\td\te\n"
    assert list(rows(text, "f.tsv", (2, 3))) == [(3, ["a", "b"]), (6, ["c", "d", "e"])]


def test_rows_read_windows_line_ends_like_unix_ones() -> None:
    assert list(rows("a\tb\r\n\r\nc\td\r\n", "f.tsv", (2,))) == [(1, ["a", "b"]), (3, ["c", "d"])]


@pytest.mark.parametrize(
    ("text", "columns", "line", "message"),
    [
        ("a\tb\nc\n", (2,), 2, "expected 2 tab-separated columns, got 1"),
        ("# x\na b\n", (2,), 2, "expected 2 tab-separated columns, got 1"),
        ("a\tb\tc\td\n", (3, 2), 1, "expected 2 or 3 tab-separated columns, got 4"),
        ("a\tb\t\n", (2,), 1, "expected 2 tab-separated columns, got 3"),  # a trailing TAB is an empty cell
    ],
)
def test_a_row_with_the_wrong_column_count_names_file_and_line(
    text: str, columns: tuple[int, ...], line: int, message: str
) -> None:
    with pytest.raises(DataFileError) as caught:
        list(rows(text, "f.tsv", columns))
    assert (caught.value.path, caught.value.line, caught.value.message) == ("f.tsv", line, message)
    assert str(caught.value) == f"f.tsv:{line}: {message}"


def test_cells_keep_their_spaces_unless_stripped() -> None:
    assert list(rows(" a \t b\n", "f", (2,))) == [(1, [" a ", " b"])]
    assert list(rows(" a \t b\n", "f", (2,), strip=True)) == [(1, ["a", "b"])]


def test_trailing_comments_are_cut_only_when_asked() -> None:
    text = "a\tb   # why\nc\td#e\nf\t# only a comment\n"
    assert list(rows(text, "f", (1, 2), trailing_comments=True)) == [(1, ["a", "b"]), (2, ["c", "d#e"]), (3, ["f"])]
    assert list(rows(text, "f", (2,))) == [(1, ["a", "b   # why"]), (2, ["c", "d#e"]), (3, ["f", "# only a comment"])]


def test_a_line_that_is_only_a_trailing_comment_is_skipped() -> None:
    assert list(rows("   # note\na\tb\n", "f", (2,), trailing_comments=True)) == [(2, ["a", "b"])]


_CELL = st.text(alphabet=st.characters(blacklist_characters="\t\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), min_size=1)


@given(st.lists(st.lists(_CELL, min_size=2, max_size=2), max_size=8))
def test_rows_give_back_the_cells_they_were_written_from(table: list[list[str]]) -> None:
    """Any rows of two cells, written one a line, read back as written, the line numbers
    counting the skipped lines (a row whose first cell starts, after spaces, with "#" is a
    comment; a row of spaces only is blank)."""
    text = "\n".join("\t".join(cells) for cells in table)
    expected = [
        (number, cells)
        for number, cells in enumerate(table, start=1)
        if "\t".join(cells).strip() and not cells[0].lstrip().startswith("#")
    ]
    assert list(rows(text, "f", (2,))) == expected


# -- header_rows ---------------------------------------------------------------------------------


COLUMNS = ("code", "name", "note")


def test_header_rows_skip_the_header_and_give_the_data_rows() -> None:
    text = "# a table\ncode\tname\tnote\n\n01\t one \t\n"
    assert list(header_rows(text, "t.tsv", COLUMNS, what="codes")) == [(4, ["01", " one ", ""])]
    assert list(header_rows(text, "t.tsv", COLUMNS, what="codes", strip=True)) == [(4, ["01", "one", ""])]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("code\tname\tnotes\n", 1, "(unknown column 'notes'; missing column 'note')"),
        ("code\tname\n", 1, "(missing column 'note')"),
        ("# x\nname\tcode\tnote\n", 2, "(columns out of order)"),
        ("01\tone\t\n", 1, "expected the header row 'code<TAB>name<TAB>note'"),
        ("code\tname\tnote\n01\tone\n", 2, "expected 3 TAB-separated columns, got 2"),
        ("", None, "no header row and no codes"),
    ],
)
def test_a_bad_header_or_row_names_file_and_line(text: str, line: int | None, message: str) -> None:
    with pytest.raises(DataFileError) as caught:
        list(header_rows(text, "t.tsv", COLUMNS, what="codes"))
    assert (caught.value.path, caught.value.line) == ("t.tsv", line)
    assert message in caught.value.message
