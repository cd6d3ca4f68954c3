"""Loaders of the public gold files: synthetic edge cases and the real files."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.evaluation import (
    BASELINE_FILE,
    GSR_FILE,
    PENTA_FILE,
    PLOVER_FILE,
    PloverVersions,
    find_data_dir,
    load_gsr,
    load_penta,
    load_petrarch_baseline,
    load_plover,
    penta_class,
)
from detente.evaluation.gold import (
    ambiguous_baseline_ids,
    check_baseline_expected,
    load_petrarch_baseline_records,
)


# data_dir: the session fixture in tests/conftest.py


# ------------------------------------------------------------- synthetic GSR

SYNTHETIC_GSR = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# header text that mentions <EventCoding eventcode="999" sourcecode="X" targetcode="Y"/>
# and <Sentence id="fake"> outside any comment
<Sentences>
<Sentence category="T" date="20150609" id="one" evaluate="true"/>
<!-- <EventCoding eventcode="111" sourcecode="NOT" targetcode="ME" /> -->
<EventCoding eventcode="0841" sourcecode="RUSGOV" targetcode='---CVL' />
<EventCoding eventcode="042" sourcecode="USA" targetcode="CHN" />
<Text>
The first line
   and the &amp; second.
</Text>
<Parse>
1	x	x	X	X	_	0	root	_	_
</Parse>
</Sentence>

<Sentence category="T" date="20150610" id="two" evaluate="true">
<EventCoding noevents="True" />
<Text>Nothing here.</Text>
</Sentence>

<Sentence category="T" date="20150611" id="three" evaluate="false"/>
<EventCoding eventcode="010" sourcecode="A" targetcode="B" />
<Text>Skipped.</Text>
</Sentence>

<Sentence category="T" date="121108" id="four" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="NGAREB" targetcode="NGAMUS" />
<Text>
</Text>
<Parse>
1	Boko	Boko	PROPN	NNP	_	2	name	_	_
2	Haram	Haram	PROPN	NNP	_	3	nsubj	_	_
3	attacked	attack	VERB	VBD	_	0	root	_	SpaceAfter=No
4	.	.	PUNCT	.	_	3	punct	_	_
</Parse></Sentence>
</Sentences>
</Validation>
"""


def test_gsr_synthetic(tmp_path: Path) -> None:
    path = tmp_path / "gsr.xml"
    path.write_text(SYNTHETIC_GSR, encoding="utf-8")
    records = load_gsr(path)
    assert [r.id for r in records] == ["one", "two", "four"]
    one, two, four = records
    assert one.triples == (("RUSGOV", "---CVL", "0841"), ("USA", "CHN", "042"))
    assert one.text == "The first line and the & second."
    assert one.date == dt.date(2015, 6, 9)
    assert one.category == "T" and not one.noevents
    assert one.line == 6
    assert two.noevents and two.triples == ()
    assert four.text == "Boko Haram attacked." and four.text_from_parse
    assert four.date == dt.date(2012, 11, 8)


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ('date="20150609" id="one"', 'date="2015-06-09" id="one"', 6, "bad date"),
        ("targetcode='---CVL'", "targetcodeX='---CVL'", 8, "lacks targetcode"),
        ("sourcecode=\"RUSGOV\" targetcode='---CVL'", "x='---CVL'", 8, "lacks sourcecode, targetcode"),
        ('eventcode="042"', 'eventcode="04x"', 9, "bad eventcode"),
        ('<EventCoding noevents="True" />', '<EventCoding noevents="True" />\n<EventCoding eventcode="010" sourcecode="A" targetcode="B" />', 19, "both noevents"),
        ("<Text>Nothing here.</Text>", "", 19, "0 <Text> elements"),
        ('id="four"', 'id="one"', 29, "duplicate sentence id"),
    ],
)
def test_gsr_errors_name_the_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert SYNTHETIC_GSR.count(old) == 1
    path = tmp_path / "gsr.xml"
    path.write_text(SYNTHETIC_GSR.replace(old, new), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_gsr(path)
    assert info.value.line == line
    assert message in info.value.message
    assert info.value.path == str(path)


def test_gsr_without_sentences_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gsr.xml"
    path.write_text("<Validation></Validation>", encoding="utf-8")
    with pytest.raises(DataFileError, match="no <Sentences>"):
        load_gsr(path)


def test_missing_file_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="not found"):
        load_gsr(tmp_path / "absent.xml")


# ------------------------------------------------------------- penta_class


@pytest.mark.parametrize(
    ("root", "cls"),
    [(1, 0), (2, 0), (3, 1), (4, 1), (5, 1), (6, 2), (7, 2), (8, 2), (9, 3), (10, 3), (11, 3),
     (12, 3), (13, 3), (14, 4), (15, 4), (16, 3), (17, 4), (18, 4), (19, 4), (20, 4)],
)
def test_penta_class_table(root: int, cls: int) -> None:
    assert penta_class(f"{root:02d}") == cls
    assert penta_class(f"{root:02d}1") == cls
    assert penta_class(f"{root:02d}12") == cls


def test_penta_class_of_no_event_and_bad_codes() -> None:
    assert penta_class(None) == 0
    for bad in ("", "7", "00", "21", "ab", "---"):
        with pytest.raises(ValueError):
            penta_class(bad)


# ------------------------------------------------------------- synthetic penta / plover


def test_penta_synthetic(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_bytes(b'text\tlabel\r\nA "quoted" said.\t0\r\n\r\nB hit C.\t4\r\n')
    records = load_penta(path)
    assert [(r.text, r.label, r.line) for r in records] == [('A "quoted" said.', 0, 2), ("B hit C.", 4, 4)]
    path.write_bytes(b"A said.\t0\r\nB hit C.\t7\r\n")
    with pytest.raises(DataFileError) as info:
        load_penta(path)
    assert info.value.line == 2
    path.write_bytes(b"A said.\t0\r\nno label here\r\n")
    with pytest.raises(DataFileError) as info:
        load_penta(path)
    assert info.value.line == 2


def test_plover_synthetic(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(
        """[
 {"id": "DOC", "event": "DOCUMENT"},
 {"id": "X-1", "event": "DEMAND", "text": "A  asked\\nB.",
  "source": [{"actorText": "A", "code": "USAGOV"}, {"actorText": "A2", "code": "usa"}],
  "target": ""},
 {"id": "X-2", "event": "FIGHT", "text": "C fought D.",
  "target": [{"actorText": "D", "code": "IGOUNO"}]}
]""",
        encoding="utf-8",
    )
    one, two = load_plover(path)  # without a version map, types as written
    assert (one.id, one.event, one.original_event, one.text) == ("X-1", "DEMAND", "DEMAND", "A asked B.")
    assert one.source_countries == {"USA"} and one.target_countries == frozenset()
    assert two.event == "FIGHT" and two.source_countries == frozenset() and two.target_countries == {"IGO"}
    assert one.line == 3 and two.line == 6
    one, two = load_plover(path, PloverVersions.from_defaults())
    assert (one.event, one.original_event, two.event) == ("REQUEST", "DEMAND", "ASSAULT")

    path.write_text('[{"id": "X", "event": "AGREE", "text": "t", "source": [{"code": 1}]}]', encoding="utf-8")
    with pytest.raises(DataFileError, match="has no code"):
        load_plover(path)
    path.write_text('[{"id": "X",\n "event": }]', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_plover(path)
    assert info.value.line == 2


# ------------------------------------------------------------- real files


def test_real_gsr(data_dir: Path) -> None:
    records = load_gsr(data_dir / GSR_FILE)
    assert len(records) == 78
    assert sum(len(r.triples) for r in records) == 80
    assert sum(r.noevents for r in records) == 12
    assert Counter(r.category for r in records) == {
        "OTHER": 23, "AFP": 18, "TEST": 11, "GOLD": 10, "VERB": 8, "PASSIVE": 8,
    }
    assert len({r.id for r in records}) == 78
    # Every record either expects events or says it expects none.
    assert all(bool(r.triples) != r.noevents for r in records)
    codes = [c for r in records for (_, _, c) in r.triples]
    assert all(re.fullmatch(r"\d{3,4}", c) for c in codes)
    assert {"042", "0841", "0352", "1124"} <= set(codes)  # leading zeros kept, 4-digit codes kept
    for r in records:
        assert r.text and "\n" not in r.text and "  " not in r.text and "<" not in r.text
    assert sum(r.text_from_parse for r in records) == 1


def test_real_baseline(data_dir: Path) -> None:
    gsr = load_gsr(data_dir / GSR_FILE)
    entries = load_petrarch_baseline_records(data_dir / BASELINE_FILE)
    assert len(entries) == 76
    # The baseline's input reused one id for two different sentences.
    assert ambiguous_baseline_ids(entries) == ["GOLD_9"]
    # Its stored expected triples agree with the GSR file.
    assert check_baseline_expected(entries, gsr) == []
    baseline = load_petrarch_baseline(data_dir / BASELINE_FILE)
    assert len(baseline) == 74 and "GOLD_9" not in baseline
    assert len(set(baseline) & {r.id for r in gsr}) == 72
    assert all(isinstance(c, str) for triples in baseline.values() for t in triples for c in t)


def test_real_plover(data_dir: Path) -> None:
    records = load_plover(data_dir / PLOVER_FILE, PloverVersions.from_defaults())
    assert len(records) == 322
    types = Counter(r.event for r in records)
    assert not {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT", "DOCUMENT"} & set(types)
    assert types["REQUEST"] == 34 and types["ACCUSE"] == 25 and types["ASSAULT"] == 32
    assert sum(types.values()) == 322
    assert all(len(c) == 3 for r in records for c in r.source_countries | r.target_countries)
    assert sum(1 for r in records if r.source_countries) == 321
    assert all(r.text and r.line > 0 for r in records)


def test_real_penta(data_dir: Path) -> None:
    records = load_penta(data_dir / PENTA_FILE)
    assert len(records) == 451
    assert Counter(r.label for r in records) == {0: 56, 1: 80, 2: 57, 3: 150, 4: 108}
    assert all("\r" not in r.text and "\t" not in r.text for r in records)
    assert [r.line for r in records] == list(range(1, 452))
