"""The PLOVER 0.5b1 -> 2021 type map: the bundled table, its checks, and its use on the gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from evalfakes import FakeCoder, Spec

from detente.errors import DataFileError
from detente.evaluation import PLOVER_FILE, PloverVersions, load_plover
from detente.evaluation.plover_versions import current_types, parse_versions
from detente.evaluation.report import format_results
from detente.evaluation.scoring import evaluate_plover

KNOWN = frozenset({"REQUEST", "ACCUSE", "ASSAULT", "COERCE", "AGREE"})
HEADER = "# a comment\nold\tnew\tchange\talso\tevidence\n"


def table(*rows: str) -> str:
    return HEADER + "".join(row + "\n" for row in rows)


GOOD = table(
    "AGREE\tAGREE\tsame\t\t",
    "DEMAND\tREQUEST\trenamed\t\t10x rows are REQUEST",
    "DISAPPROVE\tACCUSE\tmerged\t\t11x rows",
    "INVESTIGATE\tACCUSE\tmerged\t\t09x rows",
    "FIGHT\tASSAULT\trenamed\tCOERCE\t19x rows; 191, 192 COERCE",
)


def test_parse_a_small_table() -> None:
    rows = parse_versions(GOOD, "t.tsv", KNOWN)
    versions = PloverVersions(rows, origin="t.tsv")
    assert versions.map("DEMAND") == "REQUEST" and versions.map("AGREE") == "AGREE"
    assert versions.get("FIGHT") is not None and versions.get("FIGHT").also == ("COERCE",)  # type: ignore[union-attr]
    assert [r.line for r in versions] == [3, 4, 5, 6, 7]
    assert "NOPE" not in versions and len(versions) == 5
    with pytest.raises(KeyError, match="'NOPE' is not in t.tsv"):
        versions.map("NOPE")


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("DEMAND\tREQUEST\trenamed", "DEMAND\tREQUESTS\trenamed", 4, "unknown 2021 PLOVER type 'REQUESTS'"),
        ("\tCOERCE\t", "\tCOERSE\t", 7, "unknown 2021 PLOVER type 'COERSE' in also"),
        ("\tCOERCE\t", "\tASSAULT\t", 7, "also repeats the new type"),
        ("AGREE\tAGREE\tsame", "AGREE\tAGREE\tkept", 3, "change 'kept' is not one of"),
        ("AGREE\tAGREE\tsame", "AGREE\tREQUEST\tsame", 3, "change is same but"),
        ("DEMAND\tREQUEST\trenamed\t\t10x rows are REQUEST", "DEMAND\tREQUEST\trenamed\t\t", 4, "needs its evidence"),
        ("INVESTIGATE\tACCUSE\tmerged", "DISAPPROVE\tACCUSE\tmerged", 6, "duplicate old type 'DISAPPROVE' (first at line 5)"),
        ("INVESTIGATE\tACCUSE\tmerged\t\t09x rows", "INVESTIGATE\tCOERCE\tmerged\t\t09x rows", 5, "merged, but no other"),
        ("INVESTIGATE\tACCUSE\tmerged", "INVESTIGATE\tACCUSE\trenamed", 6, "renamed, but 2 old types map to 'ACCUSE'"),
        ("AGREE\tAGREE\tsame\t\t", "AGREE\tAGREE\tsame\t", 3, "expected 5 TAB-separated columns, got 4"),
        ("AGREE\tAGREE", "agree\tAGREE", 3, "not an upper-case PLOVER name"),
        ("old\tnew", "old\tneu", 2, "expected the header row"),
    ],
)
def test_bad_rows_name_the_file_and_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert GOOD.count(old) == 1, old
    path = tmp_path / "versions.tsv"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        PloverVersions.from_file(path, KNOWN)
    assert info.value.path == str(path) and info.value.line == line
    assert message in info.value.message


def test_an_empty_table_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "versions.tsv"
    path.write_text("# only comments\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no header row"):
        PloverVersions.from_file(path, KNOWN)
    with pytest.raises(DataFileError, match="cannot read"):
        PloverVersions.from_file(tmp_path / "absent.tsv", KNOWN)


def test_the_bundled_table() -> None:
    versions = PloverVersions.from_defaults()
    assert versions.from_version == "0.5b1" and versions.origin.endswith("plover_versions.tsv")
    renamed = {r.old: r.new for r in versions if r.renamed}
    assert renamed == {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
    assert {r.new for r in versions} == current_types()  # every 2021 type has an older one
    assert len(current_types()) == 16


# ------------------------------------------------------------------ applied to the gold

GOLD = [
    {"id": "DOC", "event": "DOCUMENT", "version": "0.5b1"},
    {"id": "A-1", "event": "DEMAND", "version": "0.5b1", "text": "Chad demanded talks.", "source": [{"code": "TCD"}]},
    {"id": "A-2", "event": "AGREE", "version": "0.5b1", "text": "Chad agreed.", "source": [{"code": "TCD"}]},
    {"id": "A-3", "event": "FIGHT", "version": "0.5b1", "text": "Chad blockaded Niger.", "source": [{"code": "TCD"}]},
]


def write_gold(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    path = tmp_path / "gold.json"
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n", encoding="utf-8")
    return path


def versions() -> PloverVersions:
    return PloverVersions(parse_versions(GOOD, "t.tsv", KNOWN), origin="t.tsv")


def test_gold_labels_are_mapped_and_counted(tmp_path: Path) -> None:
    path = write_gold(tmp_path, GOLD)
    raw = load_plover(path)
    assert [r.event for r in raw] == ["DEMAND", "AGREE", "FIGHT"] and not any(r.renamed for r in raw)
    one, two, three = load_plover(path, versions())
    assert (one.event, one.original_event, one.renamed) == ("REQUEST", "DEMAND", True)
    assert (two.event, two.renamed) == ("AGREE", False)
    assert (three.event, three.also) == ("ASSAULT", ("COERCE",))

    coder = FakeCoder(
        {
            "Chad demanded talks.": [Spec("TCD", None, "100", "demanded", "Chad", plover="REQUEST")],
            "Chad blockaded Niger.": [Spec("TCD", "NER", "191", "blockaded", "Chad", "Niger", plover="COERCE")],
        }
    )
    result = evaluate_plover(coder, [one, two, three])
    assert [r.predicted for r in result.records] == ["REQUEST", "NONE", "COERCE"]
    assert result.n_correct == 1
    assert result.renames == (("DEMAND", "REQUEST", 1), ("FIGHT", "ASSAULT", 1)) and result.n_renamed == 2
    assert result.split_misses == 1  # FIGHT -> ASSAULT, and the coder said COERCE: part of FIGHT went there
    text = format_results(plover=result)
    assert "gold labels renamed from PLOVER 0.5b1 to the 2021 names before scoring: 2 of 3" in text
    assert "DEMAND->REQUEST 1, FIGHT->ASSAULT 1" in text


def test_a_gold_type_without_a_row_is_an_error_naming_the_gold_line(tmp_path: Path) -> None:
    path = write_gold(tmp_path, GOLD + [{"id": "A-4", "event": "PRAISE", "version": "0.5b1", "text": "t"}])
    with pytest.raises(DataFileError) as info:
        load_plover(path, versions())
    assert info.value.path == str(path) and info.value.line == 6
    assert "A-4: PLOVER 0.5b1 type 'PRAISE' is not in t.tsv" in info.value.message


def test_a_gold_file_of_another_version_is_refused(tmp_path: Path) -> None:
    path = write_gold(tmp_path, [dict(GOLD[2], version="0.8")])
    with pytest.raises(DataFileError) as info:
        load_plover(path, versions())
    assert info.value.line == 2 and "PLOVER version '0.8'" in info.value.message


def test_every_gold_type_of_the_real_file_has_a_row(data_dir: Path) -> None:
    records = load_plover(data_dir / PLOVER_FILE, PloverVersions.from_defaults())
    assert len(records) == 322
    assert {r.event for r in records} <= current_types()
    assert sum(r.renamed for r in records) == 34 + 16 + 9 + 17  # DEMAND, DISAPPROVE, INVESTIGATE, FIGHT


def test_only_the_gold_is_mapped(tmp_path: Path) -> None:
    """The coder's table is the 2021 one: a coder emitting an older name is wrong."""
    (one,) = load_plover(write_gold(tmp_path, GOLD[:2]), versions())
    coder = FakeCoder({one.text: [Spec("TCD", None, "100", "demanded", "Chad", plover="DEMAND")]})
    assert evaluate_plover(coder, [one]).records[0].correct is False
