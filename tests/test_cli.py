"""The command line, run in-process through ``detente.cli.main``.

``detente code`` builds ``Coder.from_defaults()`` on each call; here it is
patched to hand back the session ``coder`` so that the spaCy model loads once.
Inputs are tiny on purpose.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import types
from pathlib import Path

import pytest

from detente import cli
from detente.coder import Coder
from detente.store import EventStore

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Iran rejected the proposal on Monday. China praised Japan on Tuesday."
PUBLISHED = "2018-08-23"  # a Thursday: Monday is the 20th, Tuesday the 21st


@pytest.fixture(autouse=True)
def session_coder(monkeypatch: pytest.MonkeyPatch, coder: Coder) -> Coder:
    monkeypatch.setattr(Coder, "from_defaults", classmethod(lambda cls, *args, **kwargs: coder))
    return coder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def documented_fields() -> set[str]:
    """The top-level fields listed in the table of docs/event-record.md."""
    fields: set[str] = set()
    for line in (ROOT / "docs" / "event-record.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            fields.update(re.findall(r"`([a-z_]+)`", first_cell))
    return fields


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# --- output formats ---------------------------------------------------------------
def test_code_text_as_jsonl_gives_the_documented_record(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--format", "jsonl")
    assert code == 0
    assert err == ""  # jsonl writes no summary line
    events = jsonl(out)
    assert len(events) >= 2
    fields = documented_fields()
    assert {"id", "cameo", "root", "source", "target", "trigger", "modality", "rule"} <= fields
    for event in events:
        assert set(event) == fields
        assert isinstance(event["cameo"], str) and re.fullmatch(r"\d{3,4}", event["cameo"])
        assert event["root"] == event["cameo"][:2]
        assert isinstance(event["id"], str) and re.fullmatch(r"[0-9a-f]{16}", event["id"])
        assert event["modality"] in {"asserted", "reported", "intended"}
    by_trigger = {e["trigger"]["text"]: e for e in events}  # type: ignore[index]
    rejected, praised = by_trigger["rejected"], by_trigger["praised"]
    assert (rejected["source"]["code"], rejected["root"]) == ("IRN", "12")  # type: ignore[index]
    assert (rejected["date"], rejected["date_basis"]) == ("2018-08-20", "text")
    # A leading zero survives as a string: "051", not 51.
    assert praised["cameo"] == "051" and praised["root"] == "05"
    assert (praised["source"]["code"], praised["target"]["code"]) == ("CHN", "JPN")  # type: ignore[index]
    assert praised["date"] == "2018-08-21"
    assert '"cameo": "051"' in out


def test_code_as_csv_has_the_header_and_string_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--format", "csv")
    assert code == 0
    from detente.rows import EXPORT_NAMES

    assert out.splitlines()[0] == ",".join(EXPORT_NAMES)  # the one flat row of detente/rows.py
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) >= 2
    praised = next(r for r in rows if r["trigger_text"] == "praised")
    assert praised["published"] == PUBLISHED and praised["cluster_id"] == ""  # no store: no cluster
    assert praised["cameo"] == "051" and praised["root"] == "05"
    assert (praised["source_code"], praised["target_code"], praised["date"]) == ("CHN", "JPN", "2018-08-21")


def test_code_as_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "code", "--text", TEXT, "--date", PUBLISHED)
    assert code == 0
    lines = out.splitlines()
    heading = next(line for line in lines if line.strip())
    assert heading.endswith(f"({PUBLISHED})")  # "<doc id> (date)" above the document's events
    header = next(line for line in lines if line.startswith("date"))
    assert header.split() == ["date", "source", "cameo", "target", "modality", "trigger", "event"]
    row = next(line for line in lines if "praised" in line)
    assert row.split()[:6] == ["2018-08-21", "CHN", "China", "051", "JPN", "Japan"]
    # The summary goes to stderr, so stdout stays the table alone.
    assert re.fullmatch(r"\d+ events from 1 documents\n", err)


def test_code_reads_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    article = b"# Talks\n\nJane Roe\n23 August 2018\n\nChina praised Japan on Tuesday.\n"
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(article)))
    code, out, err = run(capsys, "code", "-", "--format", "jsonl")
    assert code == 0, err
    events = jsonl(out)
    assert [(e["cameo"], e["date"]) for e in events] == [("051", "2018-08-21")]  # date from the header
    start, end = events[0]["trigger"]["start"], events[0]["trigger"]["end"]  # type: ignore[index]
    assert article.decode()[start:end] == "praised"


def test_store_then_events_gives_back_the_same_events(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "tmp.duckdb"
    code, out, _ = run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--format", "jsonl", "--store", str(db))
    assert code == 0
    coded = jsonl(out)
    assert coded
    code, out, _ = run(capsys, "events", str(db), "--format", "jsonl")
    assert code == 0
    stored = jsonl(out)
    assert sorted(e["id"] for e in stored) == sorted(e["id"] for e in coded)  # type: ignore[type-var]
    assert {e["id"]: e["cameo"] for e in stored} == {e["id"]: e["cameo"] for e in coded}


def test_export_writes_each_format_of_the_stored_events_and_says_how_many(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "tmp.duckdb"
    assert run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--store", str(db))[0] == 0
    ids = [e["id"] for e in jsonl(run(capsys, "events", str(db), "--format", "jsonl")[1])]
    assert ids
    gdelt = tmp_path / "events.tsv"
    code, out, err = run(capsys, "export", str(db), "--format", "gdelt", "-o", str(gdelt))
    assert (code, out) == (0, "")
    lines = gdelt.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ids) and all(len(line.split("\t")) == 61 for line in lines)
    assert err == f"{len(ids)} gdelt rows to {gdelt}\n"
    code, out, _ = run(capsys, "export", str(db), "--format", "jsonl")
    assert code == 0 and [e["id"] for e in jsonl(out)] == ids
    parts = tmp_path / "parquet"
    assert run(capsys, "export", str(db), "--format", "parquet", "-o", str(parts), "--by", "month")[0] == 0
    assert [p.name for p in parts.iterdir()] == ["month=2018-08"]
    # an existing export is kept unless --overwrite says otherwise
    code, _, err = run(capsys, "export", str(db), "--format", "gdelt", "-o", str(gdelt))
    assert code == 1 and str(gdelt) in err
    assert run(capsys, "export", str(db), "--format", "gdelt", "-o", str(gdelt), "--overwrite")[0] == 0


def test_dyad_prints_both_directions_and_the_reading_or_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "tmp.duckdb"
    assert run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--store", str(db))[0] == 0
    code, out, err = run(capsys, "dyad", "CHN", "JPN", "--store", str(db))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "CHN -> JPN and JPN -> CHN by month, counted over clusters"
    row = next(line for line in lines if line.startswith("2018-08"))
    assert row.split()[:2] == ["2018-08", "1"]  # one act by China toward Japan that month
    assert any(line.startswith("Reciprocity: no sign of reciprocity can be read") for line in lines)
    code, out, _ = run(capsys, "dyad", "CHN", "JPN", "--store", str(db), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["totals"]["ab"]["events"] == 1 and data["series"]["ab"][0]["start"] == "2018-08-01"
    chart = tmp_path / "chn-jpn.svg"
    code, _, err = run(capsys, "dyad", "CHN", "JPN", "--store", str(db), "--plot", str(chart))
    assert code == 0 and err == f"chart written to {chart}\n" and chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    code, _, err = run(capsys, "dyad", "CHN", "JPN", "--store", str(db), "--plot", str(tmp_path / "chart.gif"))
    assert code == 1 and ".png or .svg" in err
    code, _, err = run(capsys, "dyad", "CHN", "J-P", "--store", str(db))
    assert code == 1 and err.startswith("detente: error: an actor is a code") and err.count("\n") == 1


def test_dyad_usa_prk_over_the_examples_and_the_sample_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shared_dir: Path
) -> None:
    # Issue 9's first check, as a user runs it: ingest both, then ask for the dyad and a chart.
    db, chart = tmp_path / "both.duckdb", tmp_path / "usa-prk.png"
    examples = Path(__file__).resolve().parents[1] / "examples"
    assert run(capsys, "ingest", str(examples), str(shared_dir / "samples"), "--store", str(db))[0] == 0
    code, out, err = run(capsys, "dyad", "USA", "PRK", "--store", str(db), "--plot", str(chart))
    assert code == 0 and err == f"chart written to {chart}\n"
    lines = out.splitlines()
    assert lines[0] == "USA -> PRK and PRK -> USA by month, counted over clusters"
    months = [line.split()[0] for line in lines if re.match(r"\d{4}-\d{2} ", line)]
    assert months[0] == "2018-08" and months == sorted(months) and len(months) == len(set(months))
    total = next(line for line in lines if line.startswith("total")).split()
    assert int(total[1]) > 0 and int(total[6]) > 0  # acts both ways (events column of each side)
    assert next(line for line in lines if line.startswith("Reciprocity: "))
    assert any("North Korea" in line for line in lines[lines.index("Turning points (the largest changes of a side's Goldstein sum):"):])
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_of_parquet_to_standard_output_is_a_one_line_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "tmp.duckdb"
    assert run(capsys, "code", "--text", TEXT, "--date", PUBLISHED, "--store", str(db))[0] == 0
    code, out, err = run(capsys, "export", str(db), "--format", "parquet")
    assert (code, out) == (1, "")
    assert err.startswith("detente: error: ") and err.count("\n") == 1 and "parquet" in err.lower()


# --- bad inputs ---------------------------------------------------------------------
def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("detente:")]


def test_a_bad_jsonl_line_is_reported_and_the_others_are_coded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "good-1", "date": "2019-06-30", "text": "Iran rejected the proposal."}\n'
        '{"id": "broken", "text": \n'
        '{"id": "good-2", "date": "2019-06-30", "text": "China condemned Japan."}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "code", str(path), "--format", "jsonl")
    assert code == 1  # a skipped input is not a silent success
    assert {e["doc_id"] for e in jsonl(out)} == {"good-1", "good-2"}
    # the skipped line, then the count, and nothing else on stderr
    first, count = err.splitlines()
    assert first.startswith(f"detente: skipped: {path}:2: ") and "JSON" in first
    assert count == "detente: 1 input skipped"


@pytest.mark.parametrize(
    ("name", "content", "line", "words"),
    [
        ("notext.jsonl", b'{"id": "a", "date": "2019-06-30"}\n', 1, "'text'"),
        ("empty.txt", b"", None, "empty"),
        ("binary.txt", b"abc\x00\x00\x01def", None, "binary"),
        ("missing.txt", None, None, "no such file"),
    ],
    ids=["jsonl-missing-text", "txt-empty", "txt-binary", "missing-file"],
)
def test_an_input_that_gives_nothing_is_one_line_on_stderr_and_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None, line: int | None, words: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "code", str(path), "--format", "jsonl")
    assert code == 1  # nothing at all could be coded
    assert out == ""
    assert err.count("\n") == 2 and err.endswith("detente: 1 input skipped\n"), err
    where = f"{path}:{line}: " if line is not None else f"{path}: "
    assert err.startswith(f"detente: skipped: {where}"), err
    assert words in err


def test_in_table_format_the_error_is_followed_only_by_the_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, err = run(capsys, "code", str(path))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [f"detente: skipped: {path}: empty document", "0 events from 0 documents, 1 input skipped"]


def test_events_on_a_missing_store_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "nope.duckdb"
    code, out, err = run(capsys, "events", str(db))
    assert code == 1
    assert out == ""
    assert err == f"detente: error: {db}: no such store\n"
    assert not db.exists()  # reading does not create the file


def test_errors_are_recorded_in_the_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "notext.jsonl"
    path.write_text('{"id": "a", "text": "China condemned Japan."}\n{"id": "b"}\n', encoding="utf-8")
    db = tmp_path / "errs.duckdb"
    code, _, err = run(capsys, "code", str(path), "--store", str(db), "--format", "jsonl")
    assert code == 1  # one input was skipped
    assert error_lines(err)[1:] == ["detente: 1 input skipped"]
    with EventStore.open(db) as store:
        errors = store.errors()
    assert [(Path(str(e["origin"])).name, e["line"]) for e in errors] == [("notext.jsonl", 2)]


def test_a_document_that_breaks_the_coder_is_skipped_and_the_others_are_coded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, coder: Coder, tmp_path: Path
) -> None:
    original = coder._code_parsed

    def fragile(doc, sentences, **kwargs):  # type: ignore[no-untyped-def]
        if doc.id == "bad":
            raise RuntimeError("simulated coder failure")
        return original(doc, sentences, **kwargs)

    monkeypatch.setattr(coder, "_code_parsed", fragile)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "a", "text": "Iran condemned Israel."}\n'
        '{"id": "bad", "text": "Russia praised China."}\n'
        '{"id": "c", "text": "Japan criticised North Korea."}\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "code", str(corpus), "--format", "jsonl")
    assert code == 1  # one document was skipped
    assert {row["doc_id"] for row in jsonl(out)} == {"a", "c"}
    line, count = err.splitlines()
    assert count == "detente: 1 input skipped"
    assert "bad" in line and "simulated coder failure" in line and str(corpus) in line


def test_events_does_not_turn_a_foreign_database_into_a_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import duckdb

    db = tmp_path / "other.duckdb"
    with duckdb.connect(str(db)) as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
    code, _, err = run(capsys, "events", str(db))
    assert code == 1 and "not a detente event store" in err
    with duckdb.connect(str(db)) as conn:
        assert [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()] == ["t"]


def test_a_document_without_events_records_the_coder_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import duckdb

    db = tmp_path / "tmp.duckdb"
    code, _, _ = run(capsys, "code", "--text", "The weather was mild.", "--store", str(db))
    assert code == 0
    with duckdb.connect(str(db), read_only=True) as conn:
        versions = [r[0] for r in conn.execute("SELECT coder_version FROM documents").fetchall()]
    assert len(versions) == 1 and versions[0] and versions[0].startswith("detente-")


@pytest.mark.parametrize("name", ["heldout", "penta-train", "penta-unseen"])
def test_eval_refuses_to_list_the_misses_of_a_held_out_set(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = run(capsys, "eval", name, "--errors")
    assert code != 0
    assert out == ""
    assert f"eval {name}: --errors is refused on a held-out set" in err


def test_eval_heldout_reports_pentaclass_on_both_held_out_sets(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, _ = run(capsys, "eval", "heldout", "--data", str(data_dir))
    assert code == 0
    assert "PentaClass (cameo_class_train.tsv" in out
    assert re.search(r"PentaClass \(cameo_class_test\.tsv, sentences in neither GSR nor PLOVER \(held out\)\): 1\d\d sentences", out), out[:500]
    assert "GSR (PETR2" not in out and "PLOVER (PLOVER_GSR" not in out  # development sets are not run


def test_ctrl_c_is_one_line_and_exit_130(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(Coder, "from_defaults", classmethod(interrupted))
    code, out, err = run(capsys, "code", "--text", "Chad praised Niger.")
    assert (code, out, err) == (130, "", "detente: interrupted\n")
