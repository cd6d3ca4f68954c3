"""Plain-text articles: header parsing, paragraph ranges, boilerplate, file errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest import document_from_text, read_path, read_stream
from detente.ingest.text import body_ranges, paragraph_ranges, parse_date_line, parse_header
from detente.model import Document

REPO = Path(__file__).resolve().parents[2]
SAMPLE_NAME = "samples/000_632eb3e0ea38a645.txt"


def _shared_dir() -> Path | None:
    candidates = [os.environ.get("DETENTE_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / SAMPLE_NAME).is_file():
            return Path(candidate)
    return None


def _bodies(doc: Document) -> list[str]:
    return [doc.text[start:end] for start, end in doc.body]


def _only(items: list[Document | InputError]) -> Document | InputError:
    assert len(items) == 1, items
    return items[0]


ARTICLE = (
    "\n\n# Ministers meet over border dispute\n\n"
    "Jane Doe  \n"
    "4 March 2019\n\n"
    "The foreign ministers of Atlantis and Lemuria met on Monday.\n\n"
    "They agreed to meet again\nnext month in the capital.\n\n"
    "Talks will resume later.\n\n\n\n"
    "To contact the newsroom and the  \neditors visit:\n\n"
    "**[example.org/contact](https://example.org/contact)**\n"
)


# --- header ------------------------------------------------------------------


def test_header_title_byline_date() -> None:
    doc = document_from_text(ARTICLE)
    assert doc.title == "Ministers meet over border dispute"
    assert doc.byline == "Jane Doe"
    assert doc.date == dt.date(2019, 3, 4)
    assert doc.text == ARTICLE  # never edited


def test_body_is_paragraphs_without_header_or_footer() -> None:
    doc = document_from_text(ARTICLE)
    assert _bodies(doc) == [
        "The foreign ministers of Atlantis and Lemuria met on Monday.",
        "They agreed to meet again\nnext month in the capital.",  # not joined, not split
        "Talks will resume later.",
    ]


def test_header_lines_not_in_body() -> None:
    doc = document_from_text(ARTICLE)
    header_end = ARTICLE.index("4 March 2019") + len("4 March 2019")
    assert all(start >= header_end for start, _ in doc.body)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("23 August 2018", dt.date(2018, 8, 23)),
        ("August 23, 2018", dt.date(2018, 8, 23)),
        ("2018-08-23", dt.date(2018, 8, 23)),
        ("Aug. 23, 2018", dt.date(2018, 8, 23)),
        ("Thursday, 23 August 2018", dt.date(2018, 8, 23)),
        ("Thursday, August 23, 2018", dt.date(2018, 8, 23)),
        ("1st January 2020", dt.date(2020, 1, 1)),
        ("Sept. 5, 2017", dt.date(2017, 9, 5)),
        ("  23 August 2018  ", dt.date(2018, 8, 23)),
        ("31 February 2018", None),
        ("23 Augustus 2018", None),
        ("The talks were held in August 2018", None),
        ("Peter Symonds", None),
    ],
)
def test_parse_date_line(line: str, expected: dt.date | None) -> None:
    assert parse_date_line(line) == expected


def test_header_date_forms_in_documents() -> None:
    for line in ("August 23, 2018", "2018-08-23", "Aug. 23, 2018", "Thursday, 23 August 2018"):
        doc = document_from_text(f"# A title\n\nA Writer\n{line}\n\nBody text here.\n")
        assert doc.date == dt.date(2018, 8, 23), line
        assert _bodies(doc) == ["Body text here."]


def test_byline_with_by_prefix_and_particles() -> None:
    doc = document_from_text("# T\n\nBy Ursula von der Leyen\n1 May 2020\n\nText.\n")
    assert doc.byline == "Ursula von der Leyen"
    doc = document_from_text("# T\n\nAnna Smith and Bo Li\n1 May 2020\n\nText.\n")
    assert doc.byline == "Anna Smith and Bo Li"


def test_by_line_after_date() -> None:
    doc = document_from_text("# T\n\n1 May 2020\nBy Anna Smith\n\nText.\n")
    assert (doc.byline, doc.date, _bodies(doc)) == ("Anna Smith", dt.date(2020, 5, 1), ["Text."])


def test_title_only_header() -> None:
    doc = document_from_text("# Only a title\n\nThe first paragraph is a sentence, not a name.\n")
    assert doc.title == "Only a title"
    assert doc.byline is None and doc.date is None
    assert _bodies(doc) == ["The first paragraph is a sentence, not a name."]


def test_short_first_paragraph_without_title_is_not_a_byline() -> None:
    text = "North Korea Talks\n\nThe talks resumed on Monday.\n"
    doc = document_from_text(text)
    assert doc.byline is None and doc.title is None
    assert _bodies(doc) == ["North Korea Talks", "The talks resumed on Monday."]


def test_byline_without_title_needs_a_date_after_it() -> None:
    doc = document_from_text("Jane Doe\n4 March 2019\n\nThe talks resumed.\n")
    assert (doc.byline, doc.date, _bodies(doc)) == ("Jane Doe", dt.date(2019, 3, 4), ["The talks resumed."])


def test_text_without_header_is_all_body() -> None:
    text = "  The army withdrew.  \n\nTalks began.\n"
    doc = document_from_text(text)
    assert (doc.title, doc.byline, doc.date) == (None, None, None)
    assert _bodies(doc) == ["The army withdrew.", "Talks began."]


def test_explicit_arguments_win_over_header() -> None:
    doc = document_from_text(
        ARTICLE, doc_id="x1", date=dt.date(2000, 1, 2), origin="f.txt", title="Other", source="S", url="u"
    )
    assert (doc.id, doc.date, doc.origin, doc.title, doc.source, doc.url) == (
        "x1", dt.date(2000, 1, 2), "f.txt", "Other", "S", "u"
    )
    assert doc.byline == "Jane Doe"
    assert "Jane Doe" not in " ".join(_bodies(doc))


def test_default_id_is_sha1_prefix() -> None:
    doc = document_from_text("Some text.")
    assert doc.id == hashlib.sha1(b"Some text.").hexdigest()[:16]


# --- paragraphs and boilerplate ------------------------------------------------


def test_paragraph_ranges_strip_whitespace_and_handle_crlf() -> None:
    text = "  one\r\n  two  \r\n\r\n\tthree\t\r\n"
    assert [text[s:e] for s, e in paragraph_ranges(text)] == ["one\r\n  two", "three"]


@pytest.mark.parametrize(
    "boilerplate",
    [
        "**[example.org/contact](https://example.org/contact)**",
        "https://example.org/a/b",
        "www.example.org",
        "editor@example.org",
        "[Home](https://x.org) | [About](https://x.org/about)",
        "<https://example.org>",
        "Contact us at the front desk",
        "Follow us on the usual networks",
        "Subscribe to our newsletter",
        "Share this article",
        "Copyright 2018 Example Media",
        "Copyright © Example Media",
        "To contact the editors write to the desk",
        "© 2018 Example Media",
        "Example Media. All rights reserved.",
    ],
)
def test_boilerplate_paragraphs_dropped_anywhere(boilerplate: str) -> None:
    text = f"First real paragraph.\n\n{boilerplate}\n\n" + "Another real paragraph. " * 20
    bodies = [text[s:e] for s, e in body_ranges(text)]
    assert boilerplate not in bodies
    assert bodies[0] == "First real paragraph."
    assert len(bodies) == 2


def test_footer_in_tail_cuts_everything_after() -> None:
    text = "Real paragraph. " * 30 + "\n\nContact us:\n\nThe editorial board\n\nGreat Street 5"
    bodies = [text[s:e] for s, e in body_ranges(text)]
    assert len(bodies) == 1 and bodies[0].startswith("Real paragraph.")


def test_footer_early_only_drops_itself() -> None:
    text = "Real paragraph one.\n\nShare this\n\n" + "Real paragraph two. " * 30
    bodies = [text[s:e] for s, e in body_ranges(text)]
    assert len(bodies) == 2 and bodies[1].startswith("Real paragraph two.")


@pytest.mark.parametrize(
    "news",
    [
        "To contact the rebels, the envoy travelled to the border.",
        "Copyright laws were debated in parliament.",
    ],
)
def test_news_paragraphs_that_look_like_footers_are_kept(news: str) -> None:
    text = "Real paragraph. " * 30 + "\n\n" + news
    assert [text[s:e] for s, e in body_ranges(text)][-1] == news


def test_paragraph_mentioning_a_link_is_kept() -> None:
    text = "The ministry said on https://gov.example that talks would resume.\n"
    assert [text[s:e] for s, e in body_ranges(text)] == [text.strip()]


def test_long_paragraph_starting_with_subscribe_is_kept() -> None:
    para = "Subscribers to the state newspaper were told " + "that the talks had failed, " * 20 + "it said."
    assert [para[s:e] for s, e in body_ranges(para)] == [para]


def test_only_boilerplate_keeps_all_paragraphs() -> None:
    text = "# Title\n\nhttps://example.org\n"
    doc = document_from_text(text)
    assert _bodies(doc) == ["https://example.org"]


def test_only_header_never_gives_empty_body() -> None:
    doc = document_from_text("# Just a title\n")
    assert doc.body and _bodies(doc) == ["# Just a title"]


# --- the sample article ----------------------------------------------------------


def test_sample_article() -> None:
    shared = _shared_dir()
    if shared is None:
        if os.environ.get("CI") == "true":
            pytest.fail("shared sample article not found (set DETENTE_SHARED)")
        pytest.skip("shared sample article not found")
    path = shared / SAMPLE_NAME
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document)
    assert doc.title == "Trump backs talks with North Korea despite nuclear stalemate"
    assert doc.byline == "Peter Symonds"
    assert doc.date == dt.date(2018, 8, 23)
    assert doc.id == path.stem
    assert doc.origin == str(path)
    assert doc.text == path.read_text(encoding="utf-8")
    bodies = _bodies(doc)
    joined = "\n".join(bodies)
    assert "To contact" not in joined
    assert "wsws.org/contact" not in joined
    assert "Peter Symonds" not in joined and "23 August 2018" not in joined
    assert not any(body.startswith("#") for body in bodies)
    # The body runs up to the end of the article proper.
    assert doc.body[-1][1] < doc.text.index("To contact")
    assert len(bodies) > 10
    assert all(body == body.strip() and body for body in bodies)


# --- files -------------------------------------------------------------------------


def test_read_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document)
    assert (doc.id, doc.origin, doc.title) == ("story", str(path), "Ministers meet over border dispute")


def test_date_override(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = _only(list(read_path(path, date=dt.date(2001, 2, 3))))
    assert isinstance(doc, Document) and doc.date == dt.date(2001, 2, 3)


def test_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\n\nText.\n")
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document) and doc.title == "Title" and doc.text.startswith("#")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    error = _only(list(read_path(path)))
    assert isinstance(error, InputError)
    assert error.origin == str(path) and error.line is None
    assert "no such file" in str(error) and str(path) in str(error)


def test_directory(tmp_path: Path) -> None:
    error = _only(list(read_path(tmp_path)))
    assert isinstance(error, InputError) and "directory" in error.message
    assert str(tmp_path) in str(error)


def test_one_latin1_byte_keeps_the_article(tmp_path: Path) -> None:
    # An otherwise ASCII file with one 8-bit byte is a legacy file: Windows-1252.
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Chile and Peru signed an accord.\n\nThe caf\xe9 owners protested.\n")
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document) and "The caf\u00e9 owners protested." in doc.text


def test_a_stray_byte_in_utf8_text_is_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Bogot\u00e1 praised Quito.\n\nA stray \xff byte.\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document)
    assert "Bogot\u00e1 praised Quito." in doc.text and "A stray \ufffd byte." in doc.text


@pytest.mark.parametrize("bom, codec", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")])
def test_a_byte_order_mark_decides_the_encoding(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "marked.txt"
    path.write_bytes(bom + "Ghana thanked Togo for the \u0100 aid.\n".encode(codec))
    doc = _only(list(read_path(path)))
    assert isinstance(doc, Document) and doc.text.startswith("Ghana thanked Togo for the \u0100 aid.")


def test_bad_utf16_names_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "bad16.txt"
    path.write_bytes(b"\xff\xfe" + "Mali".encode("utf-16-le") + b"\x00\xd8")  # a lone high surrogate
    error = _only(list(read_path(path)))
    assert isinstance(error, InputError) and error.message.startswith("not valid UTF-16") and "offset" in error.message


def test_a_stray_nul_is_not_binary_but_a_run_of_controls_is(tmp_path: Path) -> None:
    stray = tmp_path / "stray.txt"
    stray.write_bytes(b"Kenya praised\x00 Uganda.\n")
    doc = _only(list(read_path(stray)))
    assert isinstance(doc, Document) and doc.text.startswith("Kenya praised\x00 Uganda.")
    binary = tmp_path / "run.txt"
    binary.write_bytes(b"Kenya\x00\x00 Uganda.\n")
    error = _only(list(read_path(binary)))
    assert isinstance(error, InputError) and error.message == "binary file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x00\x01\x02" + b"x" * 100)
    error = _only(list(read_path(path)))
    assert isinstance(error, InputError) and error.message == "binary file"
    assert str(path) in str(error)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    error = _only(list(read_path(path)))
    assert isinstance(error, InputError) and error.message == "empty document"
    assert str(error) == f"{path}: empty document"


def test_dateline_with_place_and_weekday_gives_the_date() -> None:
    from detente.ingest.text import parse_date_line

    assert str(parse_date_line("KHARTOUM, Sudan, Saturday 3 June 2023")) == "2023-06-03"
    assert str(parse_date_line("Khartoum (AFP), June 3, 2023")) == "2023-06-03"
    assert parse_date_line("The talks resumed, 3 June 2023 was hot") is None


def test_stdin_text_that_begins_with_a_brace_is_text_not_jsonl() -> None:
    data = b"{Breaking} Mali expelled the French ambassador on Monday.\nMore follows.\n"
    (doc,) = list(read_stream(io.BytesIO(data)))
    assert isinstance(doc, Document) and doc.text.startswith("{Breaking} Mali expelled")


def test_stdin_jsonl_is_still_read_as_jsonl() -> None:
    data = b'{"id": "x1", "text": "Chile praised Peru."}\n{"id": "x2", "text": "Peru thanked Chile."}\n'
    docs = list(read_stream(io.BytesIO(data)))
    assert [d.id for d in docs if isinstance(d, Document)] == ["x1", "x2"]


class _Endless(io.RawIOBase):
    """A stream of zero bytes that never ends, like /dev/zero."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_an_endless_stream_is_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.ingest as ingest

    monkeypatch.setattr(ingest, "MAX_STREAM_BYTES", 1024 * 1024)
    (error,) = list(ingest.read_stream(io.BufferedReader(_Endless()), origin="<stdin>"))
    assert isinstance(error, InputError) and error.origin == "<stdin>"
    assert "larger than the 1 MiB limit" in error.message


def test_a_file_over_the_document_limit_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.ingest.text as text

    monkeypatch.setattr(text, "MAX_DOCUMENT_BYTES", 1024 * 1024)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Chad praised Niger. " * 60_000)
    (error,) = list(read_path(path))
    assert isinstance(error, InputError) and error.origin == str(path) and "1 MiB limit" in error.message
