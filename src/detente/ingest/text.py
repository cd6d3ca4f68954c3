"""Plain-text articles: the optional header, the paragraphs, the boilerplate.

An article file may start with a small header::

    # Title of the article

    Firstname Lastname
    23 August 2018

followed by paragraphs separated by blank lines, and often ends with a contact
footer and a link. The text is never edited: offsets of events point into
``Document.text``. Cleaning happens by choosing which character ranges of the
text (``Document.body``) are coded.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from detente.errors import InputError
from detente.model import Document
from detente.months import MONTHS

__all__ = [
    "Header",
    "body_ranges",
    "decode_text",
    "document_from_text",
    "is_binary",
    "paragraph_ranges",
    "parse_date_line",
    "parse_header",
    "read_text_file",
    "text_document_from_bytes",
]

#: How much of a file is inspected for NUL bytes to call it binary.
BINARY_SNIFF_BYTES = 8192

_WEEKDAY_PREFIX = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.I)
_DATE_DMY = re.compile(
    _WEEKDAY_PREFIX + r"(\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?([a-z]+)\.?,?\s+(\d{4})", re.I
)
_DATE_MDY = re.compile(
    _WEEKDAY_PREFIX + r"([a-z]+)\.?\s+(\d{1,2})" + _ORDINAL + r",?\s+(\d{4})", re.I
)

_TITLE_MARK = re.compile(r"#{1,6}[ \t]+")
_BYLINE_PREFIX = re.compile(r"by[ \t]+", re.I)
# Lower-case particles that may sit between the capitalised words of a name.
_NAME_PARTICLES = frozenset(
    {"and", "&", "de", "del", "der", "da", "di", "dos", "du", "la", "le", "van", "von", "bin", "al"}
)
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")

_MD_LINK = re.compile(r"!?\[[^\]]*\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^>]*>", re.I)
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_LINK_LEFTOVER = re.compile(r"[\s*_>|·•,;:\-–—]*")
_FOOTER_START = re.compile(
    r"[\W_]*(?:contact\s+us\b|follow\s+us\b|subscribe\b|share\s+this\b"
    r"|all\s+rights\s+reserved\b|copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4})",
    re.I,
)
# "To contact the rebels, the envoy..." is news; "To contact us visit:" is not.
_TO_CONTACT = re.compile(r"[\W_]*to\s+contact\b", re.I)
_CONTACT_MEANS = re.compile(r":\s*$|\bvisit\b|\be-?mail\b|\bwrite\s+to\b|\bcall\b|@|https?://|www\.", re.I)
_ALL_RIGHTS = re.compile(r"all\s+rights\s+reserved", re.I)
#: Footers are short; a long paragraph starting "Subscribe..." is still article text.
_FOOTER_MAX_CHARS = 400
#: A footer in this last fraction of the text ends the article.
_FOOTER_TAIL_FRACTION = 0.75


@dataclass(frozen=True)
class Header:
    """What the article header says, and where the body may start."""

    title: str | None
    byline: str | None
    date: dt.date | None
    end: int  # offset just after the last header line (0 when there is no header)


def _make_date(year: str, month: str | int, day: str) -> dt.date | None:
    if isinstance(month, str):
        number = int(month) if month.isdigit() else MONTHS.get(month.lower())
    else:
        number = month
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def parse_date_line(line: str) -> dt.date | None:
    """Parse a dateline such as "23 August 2018", "Aug. 23, 2018" or, with the
    place and weekday news wires put first, "KHARTOUM, Sudan, Saturday 3 June 2023"; None otherwise."""
    line = line.strip()
    for _ in range(3):  # at most a place, a country and a weekday before the date
        found = _parse_bare_date(line)
        if found is not None:
            return found
        shorter = _DATELINE_PREFIX.sub("", line, count=1)
        if shorter == line:
            return None
        line = shorter
    return _parse_bare_date(line)


# A place (with an agency credit) or a weekday before the date: "Khartoum (AFP), ", "Saturday ".
_DATELINE_PREFIX = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+|[A-Z][A-Za-z.'\- ]{1,40}(?:\([A-Za-z ]{1,20}\))?,\s+)"
)


def _parse_bare_date(line: str) -> dt.date | None:
    if match := _DATE_ISO.fullmatch(line):
        return _make_date(match[1], int(match[2]), match[3])
    if match := _DATE_DMY.fullmatch(line):
        return _make_date(match[3], match[2], match[1])
    if match := _DATE_MDY.fullmatch(line):
        return _make_date(match[3], match[1], match[2])
    return None


def _parse_byline(line: str) -> str | None:
    """A byline is a short line of one to five capitalised words (a name or two)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    without_by = _BYLINE_PREFIX.sub("", stripped, count=1) if _BYLINE_PREFIX.match(stripped) else stripped
    words = without_by.replace(",", " ").split()
    capitalised = 0
    for position, word in enumerate(words):
        if word.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word):
            return None
        # A short credit may have lower-case words after a capital: "Staff reporter".
        if not word[0].isupper() and (position == 0 or len(words) > 3):
            return None
        capitalised += 1
    if not 1 <= capitalised <= 5 or len(words) > 8:
        return None
    return without_by


def _lines(text: str, start: int = 0) -> Iterator[tuple[int, int, int]]:
    """(start, end, next) of each line from ``start``; ``end`` excludes the newline."""
    position = start
    length = len(text)
    while position < length:
        newline = text.find("\n", position)
        if newline < 0:
            yield position, length, length
            return
        yield position, newline, newline + 1
        position = newline + 1


def _is_blank(text: str, start: int, end: int) -> bool:
    return text[start:end].strip() == ""


def parse_header(text: str) -> Header:
    """Find the title, byline and date at the top of ``text``.

    The order is: blank lines, ``# Title``, byline, date, each part optional.
    A byline without a title counts only when a date line follows it, so that
    an ordinary short first paragraph is not mistaken for a name.
    """
    lines = [line for line in _lines(text) if not _is_blank(text, line[0], line[1])]
    title: str | None = None
    byline: str | None = None
    date: dt.date | None = None
    end = 0
    index = 0

    def line_text(i: int) -> str:
        return text[lines[i][0] : lines[i][1]]

    if index < len(lines) and (mark := _TITLE_MARK.match(first := line_text(index).strip())):
        # "# Title #" is also a heading: closing hashes are not part of the title.
        heading = first[mark.end() :].rstrip("#").strip()
        if heading:
            title = heading
            end = lines[index][2]
            index += 1
    if index < len(lines) and parse_date_line(line_text(index)) is None:
        candidate = _parse_byline(line_text(index))
        date_follows = index + 1 < len(lines) and parse_date_line(line_text(index + 1)) is not None
        if candidate is not None and (title is not None or date_follows):
            byline = candidate
            end = lines[index][2]
            index += 1
    if index < len(lines) and (found := parse_date_line(line_text(index))) is not None:
        date = found
        end = lines[index][2]
        index += 1
        # "By Name" may also come after the date; require the "By" to be sure.
        if byline is None and index < len(lines) and _BYLINE_PREFIX.match(line_text(index).strip()):
            candidate = _parse_byline(line_text(index))
            if candidate is not None:
                byline = candidate
                end = lines[index][2]
    return Header(title=title, byline=byline, date=date, end=end)


def paragraph_ranges(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Ranges of the paragraphs of ``text`` from ``start``, without surrounding whitespace.

    A paragraph is a run of non-blank lines; blank (whitespace-only) lines separate them.
    """
    ranges: list[tuple[int, int]] = []
    first: int | None = None
    last = 0
    for line_start, line_end, _ in _lines(text, start):
        if _is_blank(text, line_start, line_end):
            if first is not None:
                ranges.append((first, last))
                first = None
            continue
        content = text[line_start:line_end]
        lead = len(content) - len(content.lstrip())
        trail = len(content) - len(content.rstrip())
        if first is None:
            first = line_start + lead
        last = line_end - trail
    if first is not None:
        ranges.append((first, last))
    return ranges


#: Link and footer paragraphs are short; longer ones are not even looked at.
_LINK_MAX_CHARS = 500


def _is_link_only(paragraph: str) -> bool:
    if len(paragraph) > _LINK_MAX_CHARS:
        return False
    rest = paragraph
    for pattern in (_MD_LINK, _AUTOLINK, _BARE_URL, _EMAIL):
        rest = pattern.sub("", rest)
    return rest != paragraph and _LINK_LEFTOVER.fullmatch(rest) is not None


def _is_footer(paragraph: str) -> bool:
    if len(paragraph) > _FOOTER_MAX_CHARS:
        return False
    if _TO_CONTACT.match(paragraph):
        return _CONTACT_MEANS.search(paragraph) is not None
    return _FOOTER_START.match(paragraph) is not None or _ALL_RIGHTS.search(paragraph) is not None


def body_ranges(text: str, start: int = 0) -> tuple[tuple[int, int], ...]:
    """The paragraphs from ``start`` worth coding: boilerplate and the trailing footer dropped.

    When everything would be dropped, all paragraphs are kept, so that a
    non-empty document never has an empty body (which means "code it all").
    """
    paragraphs = paragraph_ranges(text, start)
    kept: list[tuple[int, int]] = []
    tail_start = _FOOTER_TAIL_FRACTION * len(text)
    for begin, end in paragraphs:
        paragraph = text[begin:end]
        if _is_footer(paragraph):
            if begin >= tail_start:
                break
            continue
        if _is_link_only(paragraph):
            continue
        kept.append((begin, end))
    if not kept:
        kept = paragraphs or paragraph_ranges(text)
    return tuple(kept)


def default_id(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def document_from_text(
    text: str,
    *,
    doc_id: str | None = None,
    date: dt.date | None = None,
    origin: str = "<text>",
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
) -> Document:
    """A Document from article text, with its header parsed and its body chosen.

    Explicit ``title`` and ``date`` win over what the header says; the header
    lines are left out of the body either way.
    """
    header = parse_header(text)
    return Document(
        id=doc_id if doc_id is not None else default_id(text),
        text=text,
        title=title if title is not None else header.title,
        date=date if date is not None else header.date,
        source=source,
        url=url,
        byline=header.byline,
        body=body_ranges(text, header.end),
        origin=origin,
    )


_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Two control bytes in a row (other than line ends and tabs): no text has them, every
# binary format does. A single stray NUL or form feed in an article is not binary.
_BINARY_RUN = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]{2}")


def is_binary(data: bytes) -> bool:
    """True when the first BINARY_SNIFF_BYTES hold two control bytes in a row (UTF-16
    text with a byte-order mark is text)."""
    if any(data.startswith(bom) for bom, _ in _UTF16_BOMS):
        return False
    return _BINARY_RUN.search(data[:BINARY_SNIFF_BYTES]) is not None


def decode_text(data: bytes, origin: str) -> str | InputError:
    """The text of ``data``, read the way a person would read the file:

    - a byte-order mark decides: UTF-8, UTF-16 LE or BE (the mark is dropped);
    - otherwise UTF-8; a file that is valid UTF-8 but for a few stray bytes keeps its
      text, each stray byte read as U+FFFD;
    - a file with no UTF-8 sequence at all but bytes above 127 is a legacy 8-bit file,
      read as Windows-1252 (Latin-1 with curly quotes), so one é byte does not drop it.
    Only UTF-16 that does not decode is an error, naming the byte offset.
    """
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                return InputError(origin, None, f"not valid UTF-16: bad bytes at byte offset {error.start + len(bom)}")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if any(ord(c) > 127 and c != "\ufffd" for c in lenient):
        return lenient  # UTF-8 with stray bytes
    return data.decode("cp1252", errors="replace")


def text_document_from_bytes(
    data: bytes, *, origin: str, doc_id: str | None, date: dt.date | None
) -> Document | InputError:
    if is_binary(data):
        return InputError(origin, None, "binary file")
    text = decode_text(data, origin)
    if isinstance(text, InputError):
        return text
    if not text.strip():
        return InputError(origin, None, "empty document")
    return document_from_text(text, doc_id=doc_id, date=date, origin=origin)


#: The largest text or HTML file read as one document (a longer article is almost
#: certainly not an article); larger files are an error naming the file.
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


def read_limited(stream: BinaryIO, limit: int, origin: str) -> bytes | InputError:
    """At most ``limit`` bytes of ``stream``, or the error naming ``origin`` if it holds more
    (so /dev/zero or a runaway pipe cannot fill memory)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        return InputError(origin, None, f"larger than the {limit // (1024 * 1024)} MiB limit for one input")
    return data


def read_bytes(path: Path) -> bytes | InputError:
    """The file's bytes, or an InputError saying why it cannot be read."""
    origin = str(path)
    try:
        with path.open("rb") as stream:
            return read_limited(stream, MAX_DOCUMENT_BYTES, origin)
    except FileNotFoundError:
        return InputError(origin, None, "no such file")
    except IsADirectoryError:
        return InputError(origin, None, "is a directory, not a file")
    except OSError as error:
        return InputError(origin, None, f"cannot read: {error.strerror or error}")


def read_text_file(path: str | Path, *, date: dt.date | None = None) -> Iterator[Document | InputError]:
    """One Document for a plain-text article file (its id is the file name without suffix)."""
    path = Path(path)
    data = read_bytes(path)
    if isinstance(data, InputError):
        yield data
        return
    yield text_document_from_bytes(data, origin=str(path), doc_id=path.stem, date=date)
