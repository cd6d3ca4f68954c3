"""Readers for the public gold-standard files detente is scored against.

The files live outside the repository (``../shared/eventcoding-gold``) and are
read where they are; see that directory's README for where each came from.
Every reader returns small frozen records and reports malformed input as a
:class:`~detente.errors.DataFileError` naming the file and line.

The PETRARCH-2 validation file is not well-formed XML (a ``#`` comment header
outside any XML comment, ``<Sentence .../>`` opening tags that close
themselves, ``<!-- -->`` notes between tags), so it is read with regular
expressions over the ``<Sentence ...> ... </Sentence>`` blocks instead of an
XML parser.

ConfliBERT's ``cameo_ner_*.txt`` files keep tokens, not text: a sentence's text
is rebuilt by joining its tokens with single spaces (``"Iran 's"``, ``"pro -
Western"``: possessives and hyphens are tokens of their own), which fixes every
token's character range, so gold spans are compared with the coder's as
character ranges.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.context.gazetteer import CountryCodes
from detente.errors import DataFileError
from detente.evaluation.plover_locations import PloverLocations
from detente.evaluation.plover_versions import PloverVersions

#: (source code, target code, CAMEO code); "---" stands for a missing actor.
Triple = tuple[str, str, str]

PENTA_LABELS: tuple[str, ...] = (
    "statement/appeal",
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
)


@dataclass(frozen=True)
class GsrRecord:
    """One sentence of PETR2_GSR_validation.xml and the events it should yield."""

    id: str
    date: dt.date
    category: str
    text: str
    triples: tuple[Triple, ...]
    noevents: bool
    line: int = 0  # line of the <Sentence> tag, for messages
    text_from_parse: bool = False  # <Text> was empty; text rebuilt from the CoNLL-U tokens


@dataclass(frozen=True)
class BaselineRecord:
    """One entry of a PETRARCH baseline-output file."""

    id: str
    predicted: tuple[Triple, ...]
    expected: tuple[Triple, ...] | None  # None: the id is not in the GSR file
    error: str | None
    position: int  # index in the file's "results" list


@dataclass(frozen=True)
class PloverRecord:
    """One coded sentence of PLOVER_GSR_CAMEO.json, its type in the coder's PLOVER version."""

    id: str
    text: str
    event: str  # the type scored: the file's type mapped to the 2021 names, or as written
    source_countries: frozenset[str]
    target_countries: frozenset[str]
    original_event: str = ""  # the type as written in the file ("": the same as event)
    line: int = 0
    also: tuple[str, ...] = ()  # 2021 types part of the original type went to (a split)
    location_name: str | None = None  # the gold's eventLoc name, when it gives one
    location_country: str | None = None  # its country, ISO alpha-3 (the gold's code, else plover_locations.tsv)

    @property
    def renamed(self) -> bool:
        """The label was renamed from the file's PLOVER version."""
        return bool(self.original_event) and self.original_event != self.event


@dataclass(frozen=True)
class PentaRecord:
    """One sentence of the ConfliBERT CAMEO PentaClass test set."""

    text: str
    label: int  # 0..4, see PENTA_LABELS
    line: int


#: Roles of a cameo_ner span: S source, T target, R reciprocal (both source and target).
SPAN_ROLES: tuple[str, ...] = ("S", "T", "R")

#: A character range ``(start, end)`` in a sentence's text, end exclusive.
CharRange = tuple[int, int]


@dataclass(frozen=True)
class GoldSpan:
    """One tagged mention: tokens ``first`` up to (not including) ``last``."""

    role: str  # one of SPAN_ROLES
    first: int
    last: int


@dataclass(frozen=True)
class SpanRecord:
    """One sentence of a ConfliBERT ``cameo_ner_*.txt`` file and its tagged mentions.

    ``text`` is the tokens joined by single spaces (the file keeps no spacing), so
    token ``i`` is ``text[offsets[i][0]:offsets[i][1]]``.
    """

    tokens: tuple[str, ...]
    spans: tuple[GoldSpan, ...]
    line: int  # line of the sentence's first token
    repaired: int = 0  # I- tags that did not continue a span of their role, so began one

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def offsets(self) -> tuple[CharRange, ...]:
        out: list[CharRange] = []
        start = 0
        for token in self.tokens:
            out.append((start, start + len(token)))
            start += len(token) + 1
        return tuple(out)

    def char_range(self, span: GoldSpan) -> CharRange:
        offsets = self.offsets
        return (offsets[span.first][0], offsets[span.last - 1][1])

    def ranges(self, role: str) -> frozenset[CharRange]:
        """The character ranges of the spans in ``role`` ("S" or "T"); R spans are in both."""
        return frozenset(self.char_range(s) for s in self.spans if s.role in (role, "R"))


# --------------------------------------------------------------------- GSR

_SENTENCE_RE = re.compile(r"<Sentence\b([^>]*?)/?>(.*?)</Sentence\s*>", re.DOTALL)
_ATTR_RE = re.compile(r"""([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CODING_RE = re.compile(r"<EventCoding\b([^>]*?)/?>", re.DOTALL)
_TEXT_RE = re.compile(r"<Text>(.*?)</Text\s*>", re.DOTALL)
_PARSE_RE = re.compile(r"<Parse>(.*?)</Parse\s*>", re.DOTALL)
_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "%", "'s", "'", "n't"})
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_EVENTCODE_RE = re.compile(r"\d{2,4}")


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else m.group(3) for m in _ATTR_RE.finditer(raw)}


def _blank_out(match: re.Match[str]) -> str:
    # Keep the newlines so that offsets still map to the right line numbers.
    return "\n" * match.group(0).count("\n")


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _gsr_date(value: str) -> dt.date | None:
    """YYYYMMDD, or the older TABARI form YYMMDD (one GSR record uses it)."""
    for fmt in ("%Y%m%d", "%y%m%d"):
        try:
            if len(value) == (8 if fmt == "%Y%m%d" else 6):
                return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    return None


def _text_from_conllu(parse: str) -> str:
    """Join the FORM column of CoNLL-U lines, honouring SpaceAfter=No."""
    out: list[str] = []
    glue = True
    for row in parse.splitlines():
        cols = row.split("\t")
        if len(cols) < 10 or not cols[0].isdigit():
            continue  # comments, blank lines, multi-word token ranges
        form = cols[1]
        if out and not glue and form not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(form)
        glue = "SpaceAfter=No" in cols[9]
    return _collapse("".join(out))


def _collapse(text: str) -> str:
    return " ".join(html.unescape(text).split())


def load_gsr(path: Path | str) -> list[GsrRecord]:
    """Read PETR2_GSR_validation.xml (or a file in the same layout).

    Records marked ``evaluate="false"`` are left out. Codes are kept as
    strings with their leading zeros.
    """
    path = Path(path)
    name = str(path)
    raw = _read_text(path)
    start = raw.find("<Sentences>")
    if start < 0:
        raise DataFileError(name, None, "no <Sentences> element")
    body = _COMMENT_RE.sub(_blank_out, raw[start:])
    base_line = _line_at(raw, start) - 1

    records: list[GsrRecord] = []
    seen: dict[str, int] = {}
    for block in _SENTENCE_RE.finditer(body):
        line = base_line + _line_at(body, block.start())
        attrs = _attrs(block.group(1))
        if attrs.get("evaluate", "true").strip().lower() == "false":
            continue
        inner_line = base_line + _line_at(body, block.start(2))
        record = _gsr_record(name, line, attrs, block.group(2), inner_line)
        if record.id in seen:
            raise DataFileError(name, line, f"duplicate sentence id {record.id!r} (first at line {seen[record.id]})")
        seen[record.id] = line
        records.append(record)
    if not records:
        raise DataFileError(name, None, "no <Sentence> records found")
    return records


def _gsr_record(name: str, line: int, attrs: dict[str, str], inner: str, inner_line: int) -> GsrRecord:
    for key in ("id", "date"):
        if not attrs.get(key):
            raise DataFileError(name, line, f"<Sentence> has no {key} attribute")
    sid = attrs["id"]
    date = _gsr_date(attrs["date"].strip())
    if date is None:
        raise DataFileError(name, line, f"bad date {attrs['date']!r} (want YYYYMMDD)")

    triples: list[Triple] = []
    noevents = False
    for coding in _CODING_RE.finditer(inner):
        cline = inner_line + inner.count("\n", 0, coding.start())
        cattrs = _attrs(coding.group(1))
        if cattrs.get("noevents", "").strip().lower() == "true":
            noevents = True
            continue
        if "error" in cattrs:
            # An expected coding error, not an expected event.
            continue
        missing = [k for k in ("eventcode", "sourcecode", "targetcode") if k not in cattrs]
        if missing:
            raise DataFileError(name, cline, f"<EventCoding> lacks {', '.join(missing)}")
        code = cattrs["eventcode"].strip()
        if not _EVENTCODE_RE.fullmatch(code):
            raise DataFileError(name, cline, f"bad eventcode {code!r}")
        triples.append((cattrs["sourcecode"].strip(), cattrs["targetcode"].strip(), code))
    if noevents and triples:
        raise DataFileError(name, line, f"record {sid!r} has both noevents and event codings")

    texts = _TEXT_RE.findall(inner)
    if len(texts) != 1:
        raise DataFileError(name, line, f"record {sid!r} has {len(texts)} <Text> elements, want 1")
    text = _collapse(texts[0])
    text_from_parse = False
    if not text:
        # One record has an empty <Text> but a full parse: rebuild the text from it.
        parses = _PARSE_RE.findall(inner)
        text = _text_from_conllu(parses[0]) if parses else ""
        text_from_parse = True
        if not text:
            raise DataFileError(name, line, f"record {sid!r} has an empty <Text> and no <Parse>")
    return GsrRecord(
        id=sid,
        date=date,
        category=attrs.get("category", ""),
        text=text,
        triples=tuple(triples),
        noevents=noevents,
        line=line,
        text_from_parse=text_from_parse,
    )


# ---------------------------------------------------------------- baseline


def load_petrarch_baseline_records(path: Path | str) -> list[BaselineRecord]:
    """Read every entry of a ``baselines/petrarch3_on_*.json`` file, duplicates included."""
    path = Path(path)
    name = str(path)
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise DataFileError(name, None, 'want a JSON object with a "results" list')
    raw = _read_text(path)
    out: list[BaselineRecord] = []
    for position, item in enumerate(data["results"]):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise DataFileError(name, None, f"results[{position}] has no string id")
        sid = item["id"]
        line = _line_of_id(raw, sid)
        predicted = _triples(name, line, item.get("predicted"), f"{sid}: predicted")
        if predicted is None:
            raise DataFileError(name, line, f"{sid}: predicted is missing or null")
        expected = _triples(name, line, item.get("expected_from_PETR2_GSR_validation"), f"{sid}: expected")
        error = item.get("error")
        out.append(
            BaselineRecord(
                id=sid,
                predicted=predicted,
                expected=expected,
                error=str(error) if error is not None else None,
                position=position,
            )
        )
    return out


def load_petrarch_baseline(path: Path | str) -> dict[str, list[Triple]]:
    """Map sentence id → the baseline's predicted triples.

    An id that occurs more than once with different predictions is left out:
    the baseline's input reused the id for different sentences, so which one
    the gold record means cannot be told from this file.
    """
    return {sid: list(record.predicted) for sid, record in baseline_by_id(load_petrarch_baseline_records(path)).items()}


def baseline_by_id(records: Iterable[BaselineRecord]) -> dict[str, BaselineRecord]:
    """Index baseline records by id, dropping ids whose entries disagree."""
    groups: dict[str, list[BaselineRecord]] = {}
    for record in records:
        groups.setdefault(record.id, []).append(record)
    return {
        sid: group[0]
        for sid, group in groups.items()
        if all(Counter(g.predicted) == Counter(group[0].predicted) for g in group[1:])
    }


def ambiguous_baseline_ids(records: Iterable[BaselineRecord]) -> list[str]:
    """Ids that :func:`baseline_by_id` drops because their entries disagree."""
    groups: dict[str, list[BaselineRecord]] = {}
    for record in records:
        groups.setdefault(record.id, []).append(record)
    return sorted(
        sid
        for sid, group in groups.items()
        if any(Counter(g.predicted) != Counter(group[0].predicted) for g in group[1:])
    )


def check_baseline_expected(baseline: Iterable[BaselineRecord], gsr: Sequence[GsrRecord]) -> list[str]:
    """Compare the expected triples stored in the baseline file with the GSR file.

    Returns one message per disagreement; an empty list means they agree.
    """
    by_id = {r.id: r for r in gsr}
    problems: list[str] = []
    for record in baseline:
        gold = by_id.get(record.id)
        if record.expected is None:
            if gold is not None:
                problems.append(f"{record.id}: in the GSR file but the baseline has no expected triples")
            continue
        if gold is None:
            problems.append(f"{record.id}: baseline has expected triples but the id is not in the GSR file")
        elif Counter(record.expected) != Counter(gold.triples):
            problems.append(f"{record.id}: baseline expects {sorted(record.expected)}, GSR has {sorted(gold.triples)}")
    return problems


def _triples(name: str, line: int | None, value: Any, what: str) -> tuple[Triple, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise DataFileError(name, line, f"{what} is not a list")
    out: list[Triple] = []
    for t in value:
        if not (isinstance(t, list) and len(t) == 3 and all(isinstance(x, str) for x in t)):
            raise DataFileError(name, line, f"{what}: {t!r} is not [source, target, code]")
        out.append((t[0], t[1], t[2]))
    return tuple(out)


def _line_of_id(raw: str, sid: str) -> int | None:
    pos = raw.find(json.dumps(sid))
    return _line_at(raw, pos) if pos >= 0 else None


# ------------------------------------------------------------------ PLOVER


def load_plover(
    path: Path | str, versions: PloverVersions | None = None, locations: PloverLocations | None = None
) -> list[PloverRecord]:
    """Read PLOVER_GSR_CAMEO.json: one record per coded sentence.

    The ``DOCUMENT`` header object is skipped. With ``versions`` each event type is
    mapped to the coder's PLOVER version (the original is kept in ``original_event``): a
    type the map has no row for, or a record of another PLOVER version than the map's,
    is a DataFileError naming this file and the record's line. Without it types are kept
    as written. Actor countries are the first three characters of each actor's ``code``;
    a ``target`` that is a string instead of a list of actors (a few records have ``""``)
    counts as no target. Ids are not unique in this file; records keep them as written.

    A record's ``eventLoc`` gives ``location_name``; its country is the record's
    ``"country code"`` (ISO alpha-2, made alpha-3) or, without one, the country
    ``locations`` (plover_locations.tsv) gives the name. With ``locations``, a name it does
    not list, or an alpha-2 code GeoNames does not know, is a DataFileError naming this
    file and the record's line; without it, only coded countries are read.
    """
    path = Path(path)
    name = str(path)
    data = _read_json(path)
    if not isinstance(data, list):
        raise DataFileError(name, None, "want a JSON array of records")
    raw = _read_text(path)
    out: list[PloverRecord] = []
    search_from = 0
    codes = CountryCodes.from_defaults()
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            raise DataFileError(name, None, f"item {index} is not an object")
        sid = item.get("id")
        if not isinstance(sid, str):
            raise DataFileError(name, None, f"item {index} has no string id")
        pos = raw.find(json.dumps(sid), search_from)
        line = _line_at(raw, pos) if pos >= 0 else None
        if pos >= 0:
            search_from = pos + 1
        event = item.get("event")
        if event == "DOCUMENT":
            continue
        if not isinstance(event, str) or not event:
            raise DataFileError(name, line, f"{sid}: no event type")
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(name, line, f"{sid}: no text")
        scored = event
        also: tuple[str, ...] = ()
        if versions is not None:
            version = item.get("version")
            if version is not None and version != versions.from_version:
                raise DataFileError(
                    name, line, f"{sid}: PLOVER version {version!r}, but {versions.origin} maps from {versions.from_version!r}"
                )
            row = versions.get(event)
            if row is None:
                raise DataFileError(name, line, f"{sid}: PLOVER {versions.from_version} type {event!r} is not in {versions.origin}")
            scored, also = row.new, row.also
        location_name, location_country = _event_location(name, line, sid, item.get("eventLoc"), codes, locations)
        out.append(
            PloverRecord(
                id=sid,
                text=" ".join(text.split()),
                event=scored,
                source_countries=_countries(name, line, sid, item.get("source")),
                target_countries=_countries(name, line, sid, item.get("target")),
                original_event=event,
                line=line or 0,
                also=also,
                location_name=location_name,
                location_country=location_country,
            )
        )
    return out


def _event_location(
    name: str, line: int | None, sid: str, value: Any, codes: CountryCodes, locations: PloverLocations | None
) -> tuple[str | None, str | None]:
    """(place name, ISO alpha-3 country) of a record's ``eventLoc``, or (None, None)."""
    if value is None:
        return None, None
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise DataFileError(name, line, f"{sid}: eventLoc must be an object with a name")
    place = value["name"].strip()
    code = value.get("country code")
    if isinstance(code, str) and code.strip():
        country = codes.iso3(code.strip())
        if country is None:
            raise DataFileError(name, line, f"{sid}: eventLoc country code {code!r} is not an ISO alpha-2 code GeoNames knows")
        return place, country
    if locations is None:
        return place, None
    country = locations.country(place)
    if country is None:
        raise DataFileError(
            name, line, f"{sid}: eventLoc {place!r} gives no country code and is not in {locations.origin}"
        )
    return place, country


def _countries(name: str, line: int | None, sid: str, actors: Any) -> frozenset[str]:
    if actors is None or isinstance(actors, str):
        return frozenset()
    if not isinstance(actors, list):
        raise DataFileError(name, line, f"{sid}: actors must be a list")
    out: set[str] = set()
    for actor in actors:
        code = actor.get("code") if isinstance(actor, dict) else None
        if not isinstance(code, str) or len(code.strip()) < 3:
            raise DataFileError(name, line, f"{sid}: actor {actor!r} has no code")
        out.add(code.strip()[:3].upper())
    return frozenset(out)


# ------------------------------------------------------------------- penta


def load_penta(path: Path | str) -> list[PentaRecord]:
    """Read a ConfliBERT ``cameo_class_*.tsv`` file: ``text<TAB>label`` per line.

    The files have no header line, no quoting and CRLF line ends; a first
    line whose label is not a number is taken as a header and skipped.
    """
    path = Path(path)
    name = str(path)
    raw = _read_text(path)
    out: list[PentaRecord] = []
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
    for lineno, row in enumerate(reader, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise DataFileError(name, lineno, f"want text<TAB>label, got {len(row)} fields")
        text, label = row[0].strip(), row[1].strip()
        if not label.isdigit():
            if lineno == 1 and not out:
                continue  # header
            raise DataFileError(name, lineno, f"label {label!r} is not a number")
        value = int(label)
        if not 0 <= value <= 4:
            raise DataFileError(name, lineno, f"label {value} is not in 0..4")
        if not text:
            raise DataFileError(name, lineno, "empty text")
        out.append(PentaRecord(text=text, label=value, line=lineno))
    return out


def penta_class(cameo: str | None) -> int:
    """The PentaClass of a CAMEO code; ``None`` (no event) is class 0.

    0: statements and appeals (01–02), 1: verbal cooperation (03–05),
    2: material cooperation (06–08), 3: verbal conflict (09–13, 16),
    4: material conflict (14–15, 17–20).
    """
    if cameo is None:
        return 0
    code = cameo.strip()
    if len(code) < 2 or not code[:2].isdigit():
        raise ValueError(f"not a CAMEO code: {cameo!r}")
    root = int(code[:2])
    if 1 <= root <= 2:
        return 0
    if 3 <= root <= 5:
        return 1
    if 6 <= root <= 8:
        return 2
    if 9 <= root <= 13 or root == 16:
        return 3
    if root in (14, 15) or 17 <= root <= 20:
        return 4
    raise ValueError(f"not a CAMEO root: {cameo!r}")


# --------------------------------------------------------------- cameo_ner


def load_cameo_ner(path: Path | str) -> list[SpanRecord]:
    """Read a ConfliBERT ``cameo_ner_*.txt`` file: ``token TAG`` lines, a blank line
    between sentences.

    Tags are ``O`` and ``B-``/``I-`` with a role of :data:`SPAN_ROLES`. An ``I-`` tag
    that does not continue a span of its own role (after ``O``, at the start of a
    sentence, or after another role's span) begins a new span, as conlleval reads it;
    each such tag is counted in the record's ``repaired`` (the train file has three,
    an ``I-S`` straight after a ``B-T``). Runs of blank lines, whitespace-only lines,
    trailing whitespace and CRLF line ends are accepted. Lines are split on ``\n``
    only (a token may hold characters ``str.splitlines`` would break on), and the tag
    is the last whitespace-separated field.
    """
    path = Path(path)
    name = str(path)
    raw = _read_text(path)
    out: list[SpanRecord] = []
    tokens: list[str] = []
    spans: list[GoldSpan] = []
    open_role: str | None = None  # role of the span the last token is in
    open_first = 0
    repaired = 0
    first_line = 0

    def close_span() -> None:
        nonlocal open_role
        if open_role is not None:
            spans.append(GoldSpan(open_role, open_first, len(tokens)))
            open_role = None

    def end_sentence() -> None:
        nonlocal tokens, spans, repaired
        close_span()
        if tokens:
            out.append(SpanRecord(tuple(tokens), tuple(spans), first_line, repaired))
        tokens, spans, repaired = [], [], 0

    for lineno, row in enumerate(raw.split("\n"), start=1):
        line = row.strip()
        if not line:
            end_sentence()
            continue
        parts = line.rsplit(None, 1)
        if len(parts) != 2:
            raise DataFileError(name, lineno, f"want 'token TAG', got {line!r}")
        token, tag = parts[0].strip(), parts[1]
        if tag == "O":
            close_span()
        elif tag[:2] in ("B-", "I-") and tag[2:] in SPAN_ROLES:
            role = tag[2:]
            if tag[0] == "B" or open_role != role:
                repaired += tag[0] == "I"
                close_span()
                open_role, open_first = role, len(tokens)
        else:
            raise DataFileError(name, lineno, f"unknown tag {tag!r}; want O, or B-/I- with {', '.join(SPAN_ROLES)}")
        if not tokens:
            first_line = lineno
        tokens.append(token)
    end_sentence()
    if not out:
        raise DataFileError(name, None, "no sentences")
    return out


# ------------------------------------------------------------------ helpers


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataFileError(str(path), None, "file not found") from None
    except UnicodeDecodeError as exc:
        raise DataFileError(str(path), None, f"not UTF-8: {exc}") from None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise DataFileError(str(path), exc.lineno, f"bad JSON: {exc.msg}") from None
