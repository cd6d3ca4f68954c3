"""HTML articles: the visible paragraphs of the page, its title and its date.

The Document text is built from the page (paragraphs joined by blank lines),
so offsets point into that text, not into the HTML source.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from detente.errors import InputError
from detente.ingest.text import body_ranges, decode_text, is_binary, parse_date_line, read_bytes
from detente.model import Document

__all__ = ["HtmlPage", "document_from_html", "parse_html", "read_html_file"]

#: Elements whose contents are never article text.
_SKIPPED = frozenset({"script", "style", "nav", "footer", "aside", "header", "noscript", "template"})
#: Elements whose text becomes a paragraph.
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6"})
#: Elements that hold the article proper, when the page marks it.
_CONTAINERS = frozenset({"article", "main"})
#: Elements that end an open paragraph (HTML lets </p> be omitted).
_BREAKERS = _BLOCKS | _CONTAINERS | frozenset(
    {"div", "section", "ul", "ol", "table", "blockquote", "h1", "figure", "form", "pre", "hr"}
)
_DATE_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("name", "date"),
    ("name", "pubdate"),
    ("itemprop", "datepublished"),
)
_ISO_PREFIX = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_SPACE = re.compile(r"\s+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", re.I)


@dataclass(frozen=True)
class HtmlPage:
    """What :func:`parse_html` found: title, date and the paragraphs of text."""

    title: str | None
    date: dt.date | None
    paragraphs: tuple[str, ...]


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    if match := _ISO_PREFIX.match(value):
        try:
            year, month, day = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        except ValueError:
            return None
    return parse_date_line(value)


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.container_depth = 0
        self.saw_container = False
        self.in_title = False
        self.in_h1 = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.h1_done = False
        self.current: list[str] | None = None
        self.current_in_container = False
        self.paragraphs: list[tuple[str, bool]] = []
        self.meta_dates: dict[tuple[str, str], str] = {}
        self.time_date: str | None = None

    def _flush(self) -> None:
        if self.current is not None:
            text = _SPACE.sub(" ", "".join(self.current)).strip()
            if text:
                self.paragraphs.append((text, self.current_in_container))
            self.current = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "meta":
            for attribute, expected in _DATE_META:
                if values.get(attribute, "").lower() == expected and values.get("content"):
                    self.meta_dates.setdefault((attribute, expected), values["content"])
            return
        if tag == "time" and self.time_date is None and values.get("datetime"):
            self.time_date = values["datetime"]
        if tag == "title":
            self.in_title = True
        if tag == "h1" and not self.h1_done:
            self.in_h1 = True
        if tag == "br" and self.current is not None:
            self.current.append(" ")
        if tag in _BREAKERS:
            self._flush()
        if tag in _SKIPPED:
            self.skip_depth += 1
        if tag in _CONTAINERS:
            self.container_depth += 1
            self.saw_container = True
        if tag in _BLOCKS and self.skip_depth == 0:
            self.current = []
            self.current_in_container = self.container_depth > 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "h1" and self.in_h1:
            self.in_h1 = False
            self.h1_done = True
        if tag in _BREAKERS:
            self._flush()
        if tag in _SKIPPED and self.skip_depth > 0:
            self.skip_depth -= 1
        if tag in _CONTAINERS and self.container_depth > 0:
            self.container_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.in_h1:
            self.h1_parts.append(data)
        if self.current is not None and self.skip_depth == 0:
            self.current.append(data)

    def page(self) -> HtmlPage:
        self._flush()
        title = _SPACE.sub(" ", "".join(self.title_parts)).strip()
        if not title:
            title = _SPACE.sub(" ", "".join(self.h1_parts)).strip()
        date: dt.date | None = None
        for key in _DATE_META:
            date = _parse_date(self.meta_dates.get(key))
            if date is not None:
                break
        if date is None:
            date = _parse_date(self.time_date)
        in_container = [text for text, inside in self.paragraphs if inside]
        chosen = in_container if self.saw_container and in_container else [t for t, _ in self.paragraphs]
        return HtmlPage(title or None, date, tuple(chosen))


def parse_html(html: str) -> HtmlPage:
    """Title, publication date and visible paragraphs of an HTML page."""
    extractor = _Extractor()
    extractor.feed(html)
    extractor.close()
    return extractor.page()


def document_from_html(
    html: str,
    *,
    doc_id: str,
    date: dt.date | None = None,
    origin: str = "<html>",
    url: str | None = None,
) -> Document | InputError:
    """A Document whose text is the page's paragraphs joined by blank lines.

    ``date`` overrides the date found in the page.
    """
    page = parse_html(html)
    if not page.paragraphs:
        return InputError(origin, None, "empty document: no paragraphs of text in the page")
    text = "\n\n".join(page.paragraphs)
    return Document(
        id=doc_id,
        text=text,
        title=page.title,
        date=date if date is not None else page.date,
        url=url,
        body=body_ranges(text),
        origin=origin,
    )


def _decode(data: bytes, origin: str) -> str | InputError:
    declared = _CHARSET.search(data[:4096])
    if declared is not None:
        name = declared[1].decode("ascii", "replace")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            codec = None
        if codec is not None and codec.name not in ("utf-8", "utf-8-sig"):
            try:
                return data.decode(codec.name)
            except UnicodeDecodeError as error:
                line = data.count(b"\n", 0, error.start) + 1
                return InputError(
                    origin, line, f"not valid {name}: byte 0x{data[error.start]:02x} at byte offset {error.start}"
                )
    return decode_text(data, origin)


def read_html_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """One Document for an HTML page (its id is the file name without suffix)."""
    path = Path(path)
    origin = str(path)
    data = read_bytes(path)
    if isinstance(data, InputError):
        yield data
        return
    if is_binary(data):
        yield InputError(origin, None, "binary file")
        return
    html = _decode(data, origin)
    if isinstance(html, InputError):
        yield html
        return
    if not html.strip():
        yield InputError(origin, None, "empty document")
        return
    yield document_from_html(html, doc_id=path.stem, date=date, origin=origin)
