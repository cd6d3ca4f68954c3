"""Mention-to-code cases for every mechanism of docs/actors.md, one row each in
mention_cases.tsv (its header documents the columns and sections):

- [mentions]: ``Coder.actors(text, date)`` gives the mention of exactly those words that code;
- [events]: ``Coder.code(text, date)`` gives an event with that source and target;
- [kb]: a user's knowledge-base directory, written into ``tmp_path``, read by
  ``KnowledgeBase.layered`` or ``check_knowledge_base``.

A row with a sixth column is a known gap, marked xfail(strict=True) with that reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest

from detente import Coder
from detente.actors.kb import Entry, KnowledgeBase, check_knowledge_base
from detente.errors import DataFileError

TABLE = Path(__file__).with_name("mention_cases.tsv")
SECTIONS = ("mentions", "events", "kb")


@dataclass(frozen=True)
class Case:
    line: int
    mechanism: str
    date: dt.date | None
    text: str
    subject: str
    expected: str


def load(section: str) -> list[pytest.ParameterSet]:
    """The rows of one section of the table, as pytest params (xfail where a reason is given)."""
    assert section in SECTIONS
    out: list[pytest.ParameterSet] = []
    current: str | None = None
    for number, raw in enumerate(TABLE.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        if raw.startswith("["):
            current = raw.strip("[] ")
            assert current in SECTIONS, f"{TABLE.name}:{number}: unknown section {raw!r}"
            continue
        fields = raw.split("\t")
        assert current is not None and len(fields) in (5, 6), f"{TABLE.name}:{number}: {len(fields)} columns"
        if current != section:
            continue
        mechanism, date, text, subject, expected = fields[:5]
        case = Case(number, mechanism, None if date == "-" else dt.date.fromisoformat(date), text, subject, expected)
        marks = [pytest.mark.xfail(strict=True, reason=fields[5])] if len(fields) == 6 and fields[5] else []
        out.append(pytest.param(case, marks=marks, id=f"{mechanism}-L{number}"))
    return out


def _code(entry: Entry | None) -> str:
    if entry is None:
        return "none"
    return "+".join(entry.members) if entry.members else entry.code


def _write_files(directory: Path, spec: str) -> None:
    """Write the files of a [kb] row's text column ("NAME: CONTENT && ..."; \\t and \\n escaped)."""
    for part in spec.split(" && "):
        name, _, content = part.partition(": ")
        (directory / name).write_text(content.replace("\\t", "\t").replace("\\n", "\n") + "\n", encoding="utf-8")


def _error_matches(error: DataFileError, expected: str) -> bool:
    """Does ``error`` name the file (and line) of ``expected``, "error: FILE" or "error: FILE:LINE"?"""
    where = expected.removeprefix("error: ")
    name, _, line = where.partition(":")
    return Path(error.path).name == name and error.line == (int(line) if line else None)


@pytest.mark.parametrize("case", load("mentions"))
def test_mention_has_code(coder: Coder, case: Case) -> None:
    assert case.subject in case.text, "the mention must be words of the sentence"
    mentions = coder.actors(case.text, case.date).mentions
    codes = [m.code for m in mentions if m.text == case.subject]
    seen = [(m.text, m.code) for m in mentions]
    if case.expected == "-":
        assert codes == [], f"{case.subject!r} should name no actor; mentions: {seen}"
    else:
        assert codes, f"no mention {case.subject!r}; mentions: {seen}"
        assert set(codes) == {case.expected}, f"mentions: {seen}"


@pytest.mark.parametrize("case", load("events"))
def test_event_has_actors(coder: Coder, case: Case) -> None:
    events = coder.code(case.text, case.date)
    pairs = {(e.source.code, e.target.code if e.target is not None else "-") for e in events}
    if case.expected == "*":
        assert case.subject in {source for source, _ in pairs}, f"events: {sorted(pairs, key=str)}"
    else:
        assert (case.subject, case.expected) in pairs, f"events: {sorted(pairs, key=str)}"


@pytest.mark.parametrize("case", load("kb"))
def test_user_knowledge_base(coder: Coder, tmp_path: Path, case: Case) -> None:
    _write_files(tmp_path, case.text)
    query, _, argument = case.subject.partition(": ")
    if query == "check":
        report = check_knowledge_base(tmp_path)
        if case.expected == "ok":
            assert report.ok, [str(e) for e in report.errors]
        else:
            assert any(_error_matches(e, case.expected) for e in report.errors), [str(e) for e in report.errors]
        return
    if case.expected.startswith("error: "):
        with pytest.raises(DataFileError) as caught:
            KnowledgeBase.layered(tmp_path)
        assert _error_matches(caught.value, case.expected), str(caught.value)
        return
    kb = KnowledgeBase.layered(tmp_path)
    if query == "lookup":
        assert _code(kb.lookup(argument, case.date)) == case.expected
    elif query == "sector":
        assert (kb.sector_of(argument) or "none") == case.expected
    elif query == "actors":
        mention, _, sentence = argument.partition(" @ ")
        mine = Coder(coder.parser, kb, coder.lexicon, coder.ontology, policies=coder.policies)
        mentions = mine.actors(sentence, case.date).mentions
        codes = {m.code for m in mentions if m.text == mention}
        assert codes == {case.expected}, [(m.text, m.code) for m in mentions]
    else:
        pytest.fail(f"unknown query {case.subject!r}")
