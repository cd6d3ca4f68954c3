"""HTML articles: the main text of the page, its title, date, outlet and byline.

The article is found by trafilatura, a maintained main-text extractor: it leaves
out the navigation, teasers, cookie banners, reader comments and footers, and
reads the page's metadata: the title (without the " | Site name" of <title>),
the publication date, the site name (``Document.source``, the outlet), the
author (``Document.byline``) and the canonical URL. It runs offline and gives the
same result on every run: nothing is fetched, and the date comes from the markup
(meta tags, JSON-LD, <time>, the URL), never from dates the article mentions,
within a fixed window rather than one that ends "today".

Our own reader (:func:`parse_html_basic`) takes over in two cases:

- trafilatura finds no main text (a fragment such as ``<p>...</p>`` on its own,
  a page it cannot parse, a page that is only a headline): ours reads every
  paragraph outside script, navigation, header, footer and aside;
- the page marks a short article with <article> or <main>, and trafilatura,
  distrusting an extraction that short, pads those same paragraphs with text from
  elsewhere on the page (a banner, the site's tagline): the marked article alone
  is the better text. The metadata still comes from trafilatura.

The Document text is built from the chosen paragraphs joined by blank lines, so
offsets point into that text, not into the HTML source. The headline (<h1>) is
the title and is not repeated in the text; lower headings are paragraphs.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.ingest.text import body_ranges, decode_text, is_binary, parse_date_line, read_bytes
from detente.model import Document

__all__ = ["HtmlPage", "document_from_html", "parse_html", "parse_html_basic", "read_html_file"]

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

#: Below this many characters of main text trafilatura distrusts its extraction and adds
#: text from the rest of the page (its MIN_EXTRACTED_SIZE); a marked article this short
#: is read from the markup instead (see the module docstring).
SHORT_ARTICLE_CHARS = 250
#: The window a publication date must fall in. htmldate's own window ends today, so a
#: page dated next year would gain its date only next year; a fixed window reads a page
#: the same on every day. It starts early enough for digitised archives (htmldate: 1995).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
#: Padding is looked for only in an extraction shorter than this (what trafilatura adds to a
#: short article is a line or two), so that a long page is not parsed a second time.
_PADDED_MAX_CHARS = 2 * SHORT_ARTICLE_CHARS
_MARKED_ARTICLE = re.compile(r"<(?:article|main)\b", re.I)
#: Elements of trafilatura's output that are paragraphs of their own (``lb`` is a line break).
_OUTPUT_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "code", "table", "row", "cell"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \n]*\n")


@dataclass(frozen=True)
class HtmlPage:
    """What :func:`parse_html` found: the metadata and the paragraphs of text.

    ``extractor`` says which reader chose the paragraphs: ``"trafilatura"`` or ``"basic"``.
    """

    title: str | None
    date: dt.date | None
    paragraphs: tuple[str, ...]
    source: str | None = None  # the site name: the outlet
    byline: str | None = None
    url: str | None = None
    extractor: str = "basic"


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

    def chose_marked_article(self) -> bool:
        """True when the paragraphs came from inside <article> or <main>."""
        return self.saw_container and any(inside for _, inside in self.paragraphs)


def _read_basic(html: str) -> tuple[HtmlPage, bool]:
    """Our own reader's page, and whether its paragraphs are a marked article."""
    extractor = _Extractor()
    extractor.feed(html)
    extractor.close()
    return extractor.page(), extractor.chose_marked_article()


def parse_html_basic(html: str) -> HtmlPage:
    """Our own reader: the title (<title>, else the first <h1>), the date (meta tags, else
    the first <time>) and the paragraphs (p, h2-h6) outside script, style, navigation,
    header, footer and aside; only those inside <article> or <main> when the page has any."""
    return _read_basic(html)[0]


def _date_window() -> dict[str, Any]:
    # Built per call: htmldate may write to the dict it is given.
    return {
        "extensive_search": False,  # it would take a date the article mentions for the date of the article
        "original_date": True,  # the first publication, not the last update
        "min_date": EARLIEST_DATE.isoformat(),
        "max_date": LATEST_DATE.isoformat(),
    }


def _output_paragraphs(body: Any) -> list[str]:
    """The paragraphs of trafilatura's output tree, without the <h1> headline.

    One line break (<br>) is a space, as a browser shows it inside a paragraph; two in a
    row start a new paragraph, as on pages that separate paragraphs with <br><br>.
    """
    from lxml import etree

    pieces: list[str] = [_SPACE.sub(" ", body.text or "")]
    headline: Any = None  # the <h1> being left out: it is the title
    for event, element in etree.iterwalk(body, events=("start", "end")):
        if element is body or (headline is not None and element is not headline):
            continue
        if event == "start":
            if element.tag == "head" and element.get("rend") == "h1":
                headline = element
            elif element.tag == "lb":
                pieces.append("\n")
            elif element.tag in _OUTPUT_BLOCKS:
                pieces.append("\n\n")
            if headline is None and element.text:
                pieces.append(_SPACE.sub(" ", element.text))
            continue
        if element is headline:
            headline = None
            pieces.append("\n\n")
        elif element.tag in _OUTPUT_BLOCKS:
            pieces.append("\n\n")
        if element.tail:
            pieces.append(_SPACE.sub(" ", element.tail))
    paragraphs = (_SPACE.sub(" ", chunk).strip() for chunk in _PARAGRAPH_BREAK.split("".join(pieces)))
    return [paragraph for paragraph in paragraphs if paragraph]


def _read_main_text(html: str, url: str | None) -> HtmlPage | None:
    """trafilatura's page, or None when it finds no main text."""
    # Imported here: importing it takes 0.15 s, which only HTML input should pay.
    import trafilatura
    from trafilatura.settings import Document as Extracted

    try:
        found = trafilatura.bare_extraction(
            html,
            url=url,
            # No second opinion from readability and jusText: on a short page it costs ten
            # times the extraction itself, on a long one a sixth more.
            fast=True,
            include_comments=False,  # reader comments are not the article
            # Data tables (results, schedules) are not sentences; paragraphs inside a layout
            # table are still read, and without the navigation cells beside them.
            include_tables=False,
            with_metadata=True,
            date_extraction_params=_date_window(),
        )
    except Exception:
        # A fault in the extractor on one hostile page (it parses arbitrary markup with
        # lxml and recursion) must cost that page its extractor, not the corpus its run:
        # our own reader reads it instead.
        return None
    if not isinstance(found, Extracted) or found.body is None:
        return None
    paragraphs = _output_paragraphs(found.body)
    if not paragraphs:
        return None
    return HtmlPage(
        title=found.title or None,
        date=_iso_date(found.date),
        paragraphs=tuple(paragraphs),
        source=found.sitename or None,
        byline=found.author or None,
        url=found.url or None,
        extractor="trafilatura",
    )


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _padded(main: HtmlPage, marked: HtmlPage) -> bool:
    """True when trafilatura's paragraphs are the short marked article plus other text of
    the page (see the module docstring)."""
    if sum(len(paragraph) for paragraph in marked.paragraphs) >= SHORT_ARTICLE_CHARS:
        return False
    extracted = "\n".join(main.paragraphs)
    return len(main.paragraphs) > len(marked.paragraphs) and all(p in extracted for p in marked.paragraphs)


def parse_html(html: str, *, url: str | None = None) -> HtmlPage:
    """The article of an HTML page: its paragraphs and metadata, found by trafilatura,
    or by our own reader where trafilatura finds nothing or pads a short article (see
    the module docstring). ``url`` is where the page came from, if known (it is never fetched)."""
    main = _read_main_text(html, url)
    if main is None:
        return parse_html_basic(html)
    if len("".join(main.paragraphs)) < _PADDED_MAX_CHARS and _MARKED_ARTICLE.search(html):
        basic, marked = _read_basic(html)
        if marked and _padded(main, basic):
            return replace(main, paragraphs=basic.paragraphs, extractor="basic")
    return main


def document_from_html(
    html: str,
    *,
    doc_id: str,
    date: dt.date | None = None,
    origin: str = "<html>",
    url: str | None = None,
) -> Document | InputError:
    """A Document whose text is the article's paragraphs joined by blank lines.

    ``date`` overrides the date found in the page, ``url`` the URL the page declares.
    """
    page = parse_html(html, url=url)
    if not page.paragraphs:
        return InputError(origin, None, "empty document: no paragraphs of text in the page")
    text = "\n\n".join(page.paragraphs)
    return Document(
        id=doc_id,
        text=text,
        title=page.title,
        date=date if date is not None else page.date,
        source=page.source,
        url=url if url is not None else page.url,
        byline=page.byline,
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
