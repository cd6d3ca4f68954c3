"""HTML pages: small pages and fragments (where our own reader decides), encodings, errors.

The extraction of whole news pages by trafilatura is in test_ingest_html_pages.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from detente.errors import InputError
from detente.ingest import read_path
from detente.ingest.html import document_from_html, parse_html, parse_html_basic
from detente.model import Document

PAGE = """<!DOCTYPE html>
<html><head>
<title>Ministers meet</title>
<meta property="article:published_time" content="2019-03-04T10:00:00Z">
<style>p { color: red; }</style>
<script>var p = "<p>not text</p>";</script>
</head>
<body>
<header><h1>Site name</h1><p>Top banner</p></header>
<nav><p>Home | World</p></nav>
<p>Outside the article.</p>
<article>
  <h1>Ministers meet over border</h1>
  <p>The foreign   ministers of <b>Atlantis</b> and
  Lemuria met on Monday &amp; agreed to talk.</p>
  <h2>Next steps</h2>
  <p>They will meet again<br>next month.</p>
  <aside><p>Related: other news</p></aside>
  <p>Unclosed paragraph
  <p>Second unclosed</p>
  <footer><p>To contact us visit the site.</p></footer>
</article>
<footer><p>Copyright 2019</p></footer>
</body></html>
"""


def test_article_paragraphs_only() -> None:
    page = parse_html(PAGE)
    # The article is short: trafilatura pads it with "Top banner" and "Outside the
    # article.", so the paragraphs of the marked <article> are taken (html docstring).
    assert page.extractor == "basic"
    assert page.paragraphs == (
        "The foreign ministers of Atlantis and Lemuria met on Monday & agreed to talk.",
        "Next steps",
        "They will meet again next month.",
        "Unclosed paragraph",
        "Second unclosed",
    )


def test_title_and_published_time() -> None:
    page = parse_html(PAGE)
    assert page.title == "Ministers meet"
    assert page.date == dt.date(2019, 3, 4)


def test_title_falls_back_to_h1_and_date_to_meta_name_or_time() -> None:
    page = parse_html('<body><h1>Headline <i>here</i></h1><meta name="date" content="2018-08-23"><p>x</p></body>')
    assert (page.title, page.date) == ("Headline here", dt.date(2018, 8, 23))
    page = parse_html('<body><p>Posted <time datetime="2017-05-06">May 6</time>.</p></body>')
    assert page.date == dt.date(2017, 5, 6)
    assert page.paragraphs == ("Posted May 6.",)


def test_meta_beats_time() -> None:
    page = parse_html(
        '<meta name="date" content="2018-08-23"><body><time datetime="2001-01-01"></time><p>x</p></body>'
    )
    assert page.date == dt.date(2018, 8, 23)


def test_body_used_without_article_or_main() -> None:
    page = parse_html("<body><p>One.</p><div><p>Two.</p></div><footer><p>No.</p></footer></body>")
    assert page.paragraphs == ("One.", "Two.")


def test_main_element_counts_as_article() -> None:
    page = parse_html("<body><p>Outside.</p><main><p>Inside.</p></main></body>")
    assert page.paragraphs == ("Inside.",)


def test_document_text_and_body() -> None:
    doc = document_from_html(PAGE, doc_id="p", origin="page.html")
    assert isinstance(doc, Document)
    assert doc.text.split("\n\n")[0].startswith("The foreign ministers")
    assert [doc.text[s:e] for s, e in doc.body] == list(parse_html(PAGE).paragraphs)
    assert (doc.title, doc.date) == ("Ministers meet", dt.date(2019, 3, 4))


def test_boilerplate_paragraphs_left_out_of_body() -> None:
    html = "<body><p>Real news.</p><p>https://example.org/x</p><p>Share this</p></body>"
    doc = document_from_html(html, doc_id="p")
    assert isinstance(doc, Document)
    assert [doc.text[s:e] for s, e in doc.body] == ["Real news."]


def test_read_html_file(tmp_path: Path) -> None:
    path = tmp_path / "story.HTM"
    path.write_text(PAGE, encoding="utf-8")
    (doc,) = list(read_path(path, date=dt.date(2020, 1, 1)))
    assert isinstance(doc, Document)
    assert (doc.id, doc.origin, doc.date) == ("story", str(path), dt.date(2020, 1, 1))


def test_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    path.write_bytes('<meta charset="iso-8859-1"><body><p>Café talks.</p></body>'.encode("latin-1"))
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document) and doc.text == "Café talks."


def test_text_in_a_div_without_paragraphs_is_read() -> None:
    # trafilatura reads text wherever the page puts it; our reader wanted <p> and called
    # this page empty (the old expectation of test_html_errors).
    doc = document_from_html("<html><body><div>Chad praised Niger.</div></body></html>", doc_id="d")
    assert isinstance(doc, Document) and doc.text == "Chad praised Niger."
    assert parse_html_basic("<html><body><div>Chad praised Niger.</div></body></html>").paragraphs == ()


def test_html_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>T</title></head><body><div> </div><script>var x;</script></body></html>", encoding="utf-8")
    (error,) = list(read_path(empty))
    assert isinstance(error, InputError) and "empty document" in error.message and str(empty) in str(error)
    legacy = tmp_path / "legacy.html"  # no charset, one 8-bit byte: read as Windows-1252
    legacy.write_bytes(b"<p>Peru praised the caf\xe9 talks.</p>")
    (doc,) = list(read_path(legacy))
    assert isinstance(doc, Document) and doc.text == "Peru praised the caf\u00e9 talks."
    missing = tmp_path / "missing.html"
    (error,) = list(read_path(missing))
    assert isinstance(error, InputError) and "no such file" in error.message
    binary = tmp_path / "bin.html"
    binary.write_bytes(b"\x00\x01<p>x</p>")
    (error,) = list(read_path(binary))
    assert isinstance(error, InputError) and error.message == "binary file"
