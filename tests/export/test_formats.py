"""detente export: GDELT, PLOVER, Parquet, JSONL and CSV from a store built by coding
a few sentences of our own through the real pipeline."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from detente.coder import Coder
from detente.engines import LocalEngine
from detente.errors import DetenteError
from detente.export import formats
from detente.export.formats import FORMATS, export_store
from detente.export.gdelt import COLUMNS, event_month, gdelt_row, global_event_id, write_gdelt
from detente.export.parquet import write_parquet
from detente.export.plover import FIELDS, NO_PLOVER, NOT_FACTUAL, REQUIRED, plover_record, write_plover
from detente.export.store import StoreSink
from detente.model import Document
from detente.pipeline import run
from detente.rows import EXPORT_NAMES
from detente.store import EventStore
from detente.store.queries import export_rows

# The GDELT 2.0 event table, written out here by hand from the codebook, not from the module.
GDELT_2_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID "
    "DATEADDED SOURCEURL"
).split()

HARBOUR_URL = "https://harbour.example/2018/07/04/talks"
# Sentences of our own. Expected events (checked below where they matter):
#   harbour-1: 040 RUSGOV->CHNGOV on Monday 2018-07-02 (lead sentence), 111 negated,
#              138 intended (a threat), 020 (an appeal: CAMEO root 02, no PLOVER type);
#   valley-8:  the same meeting, another outlet: one cluster of two reports;
#   valley-7:  111 on Tuesday 2018-08-14 with a tab in the sentence, hypothetical events;
#   june-1:    a visit on Thursday 2018-06-28, published in July;
#   undated:   051 with no date at all (no day, no month).
CORPUS = (
    Document(
        id="harbour-1",
        text=(
            "Russian officials met Chinese diplomats in Beijing on Monday. Kenya did not condemn Uganda. "
            "Iran threatened to attack Israel. Brazil appealed to Argentina for calm."
        ),
        date=dt.date(2018, 7, 4), source="Harbour Times", url=HARBOUR_URL,
    ),
    Document(
        id="valley-8", text="Russian officials met Chinese diplomats in Beijing on Monday.",
        date=dt.date(2018, 7, 5), source="Valley Post", url="https://valley.example/8",
    ),
    Document(
        id="valley-7", text="Turkey\tcriticized Greece on Tuesday. If Peru attacks Chile, Brazil may protest.",
        date=dt.date(2018, 8, 15), source="Valley Post",
    ),
    Document(
        id="june-1", text="Portugal welcomed the Spanish prime minister in Lisbon on Thursday.",
        date=dt.date(2018, 7, 4), source="Harbour Times",
    ),
    Document(id="undated", text="Norway praised Sweden."),
)  # fmt: skip


def ingest(path: Path, coder: Coder, docs: Iterable[Document] = CORPUS, recode: bool = False) -> None:
    sink = StoreSink(path, coder_version=coder.version, recode=recode)
    run(docs, coder, LocalEngine(), [sink], all_modalities=True)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, coder: Coder) -> Path:
    path = tmp_path_factory.mktemp("store") / "events.duckdb"
    ingest(path, coder)
    return path


@pytest.fixture(scope="module")
def rows(store: Path) -> list[dict[str, Any]]:
    with EventStore.open(store, read_only=True) as opened:
        return list(export_rows(opened))


def exported(store: Path, fmt: str, **options: Any) -> str:
    out = io.StringIO()
    export_store(store, fmt, out_stream=out, **options)
    return out.getvalue()


def one(rows: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    (found,) = [r for r in rows if all(r[k] == v for k, v in match.items())]
    return found


def gdelt_by_id(text: str) -> dict[int, dict[str, str]]:
    lines = [line.split("\t") for line in text.splitlines()]
    return {int(fields[0]): dict(zip(COLUMNS, fields, strict=True)) for fields in lines}


# --- the corpus is what the tests below assume ---------------------------------------------


def test_the_corpus_codes_as_the_tests_expect(rows: list[dict[str, Any]]) -> None:
    coded = {(r["doc_id"], r["cameo"], r["modality"]) for r in rows}
    assert {
        ("harbour-1", "040", "asserted"), ("harbour-1", "111", "negated"), ("harbour-1", "138", "intended"),
        ("harbour-1", "020", "asserted"), ("valley-8", "040", "asserted"), ("valley-7", "111", "asserted"),
        ("june-1", "042", "asserted"), ("undated", "051", "asserted"),
    } <= coded  # fmt: skip
    assert any(r["modality"] == "hypothetical" for r in rows)
    assert one(rows, doc_id="valley-7", cameo="111")["sentence"].startswith("Turkey\tcriticized")


# --- GDELT -------------------------------------------------------------------------------


def test_gdelt_columns_are_the_61_of_gdelt_2_in_order() -> None:
    assert len(COLUMNS) == 61 and COLUMNS == tuple(GDELT_2_COLUMNS)


def test_gdelt_has_no_header_by_default_and_the_documented_one_when_asked(store: Path) -> None:
    plain = exported(store, "gdelt")
    headed = exported(store, "gdelt", gdelt_header=True)
    assert headed.splitlines()[0].split("\t") == GDELT_2_COLUMNS
    assert headed.splitlines()[1:] == plain.splitlines()
    assert plain.splitlines()[0].split("\t")[0].isdigit()


def test_every_gdelt_line_has_61_tab_separated_fields(store: Path) -> None:
    text = exported(store, "gdelt", factual_only=False)
    assert text.endswith("\n") and len(text.splitlines()) == text.count("\n")
    assert {len(line.split("\t")) for line in text.splitlines()} == {61}


def test_gdelt_fields_of_a_known_sentence(store: Path, rows: list[dict[str, Any]]) -> None:
    meeting = one(rows, doc_id="harbour-1", cameo="040", source_code="RUSGOV")
    line = gdelt_by_id(exported(store, "gdelt"))[global_event_id(meeting["event_id"])]
    assert (line["SQLDATE"], line["MonthYear"], line["Year"]) == ("20180702", "201807", "2018")
    assert line["FractionDate"] == "2018.5014"  # day 183 of 2018: 2018 + 183/365
    codes = (line["EventCode"], line["EventBaseCode"], line["EventRootCode"], line["QuadClass"])
    assert codes == ("040", "040", "04", "1")
    assert (line["Actor1Code"], line["Actor1CountryCode"], line["Actor1Type1Code"]) == ("RUSGOV", "RUS", "GOV")
    assert (line["Actor2Code"], line["Actor2CountryCode"], line["Actor2Type1Code"]) == ("CHNGOV", "CHN", "GOV")
    assert line["IsRootEvent"] == "1"  # the lead sentence
    # Reported by two outlets in two articles: one cluster.
    assert (line["NumMentions"], line["NumSources"], line["NumArticles"]) == ("2", "2", "2")
    assert line["GoldsteinScale"] == "1.0" == str(meeting["goldstein"]) and line["AvgTone"] == ""
    assert line["DATEADDED"] == "20180704000000" and line["SOURCEURL"] == HARBOUR_URL
    # Where the meeting was: "in Beijing", a city outside the US (4); China's FIPS code is CH.
    assert [line[f"{g}_Type"] for g in ("Actor1Geo", "Actor2Geo")] == ["0", "0"]
    geo = {k[len("ActionGeo_") :]: v for k, v in line.items() if k.startswith("ActionGeo_")}
    assert (geo["Type"], geo["CountryCode"], geo["FullName"]) == ("4", "CH", "Beijing, CN.22, China")
    assert geo["ADM1Code"] == "CH22" and geo["ADM2Code"] == "" and geo["FeatureID"] == "1816670"
    assert (round(float(geo["Lat"])), round(float(geo["Long"]))) == (40, 116)


def test_gdelt_fields_without_a_day_a_url_or_the_lead(store: Path, rows: list[dict[str, Any]]) -> None:
    lines = gdelt_by_id(exported(store, "gdelt"))
    undated = lines[global_event_id(one(rows, doc_id="undated")["event_id"])]
    assert [undated[c] for c in ("SQLDATE", "MonthYear", "Year", "FractionDate", "DATEADDED")] == [""] * 5
    assert undated["SOURCEURL"] == "undated"  # the document id, for want of a url
    threat = lines[global_event_id(one(rows, doc_id="harbour-1", cameo="138")["event_id"])]
    assert threat["IsRootEvent"] == "0" and threat["EventBaseCode"] == "138" and threat["EventRootCode"] == "13"


def test_globaleventid_is_a_stable_integer(store: Path, rows: list[dict[str, Any]]) -> None:
    ids = [int(line.split("\t")[0]) for line in exported(store, "gdelt", factual_only=False).splitlines()]
    assert sorted(ids) == sorted(global_event_id(r["event_id"]) for r in rows)
    assert len(set(ids)) == len(ids) and all(0 <= i < 2**60 for i in ids)
    event_id = rows[0]["event_id"]
    assert global_event_id(event_id) == int(event_id[:15], 16)  # documented: the id's first 15 hex digits
    assert global_event_id("not-hex") == global_event_id("not-hex") != global_event_id("not-hex2")


def test_tabs_and_line_breaks_in_values_do_not_break_columns(rows: list[dict[str, Any]]) -> None:
    row = dict(one(rows, doc_id="harbour-1", cameo="040", source_code="RUSGOV"))
    row.update(source_text="Russian\tofficials\nof the\r\nstate", url="https://x.example/a\tb\u2028c")
    fields = gdelt_row(row)
    assert len(fields) == 61 and not any(ch in f for f in fields for ch in "\t\n\r\u2028")
    assert fields[COLUMNS.index("Actor1Name")] == "Russian officials of the  state"
    out = io.StringIO()
    assert write_gdelt([row], out) == 1 and len(out.getvalue().splitlines()) == 1


def test_gdelt_leaves_out_negated_and_hypothetical_events_unless_asked(store: Path, rows: list[dict[str, Any]]) -> None:
    ids = set(gdelt_by_id(exported(store, "gdelt")))
    not_factual = {global_event_id(r["event_id"]) for r in rows if r["modality"] in ("negated", "hypothetical")}
    threat = global_event_id(one(rows, doc_id="harbour-1", cameo="138")["event_id"])
    assert not_factual and not ids & not_factual
    assert threat in ids  # an intended event (a threat, 138) is the CAMEO threat itself
    assert not_factual <= set(gdelt_by_id(exported(store, "gdelt", factual_only=False)))
    counts: Counter[str] = Counter()
    assert write_gdelt(rows, io.StringIO(), left_out=counts) == len(rows) - len(not_factual)
    assert counts == Counter({"not factual": len(not_factual)})


# --- PLOVER ------------------------------------------------------------------------------


def test_plover_records_carry_every_field_and_the_row_s_codes(store: Path, rows: list[dict[str, Any]]) -> None:
    records = [json.loads(line) for line in exported(store, "plover").splitlines()]
    by_id = {r["event_id"]: r for r in rows}
    assert records and set(REQUIRED) <= set(FIELDS)
    for record in records:
        assert tuple(record) == FIELDS
        assert all(record[key] not in (None, "", [], {}) for key in REQUIRED)
        row = by_id[record["event_id"]]
        assert record["event_type"] == row["plover_event"]
        assert [a["code"] for a in record["actors"]] == [row["source_code"]]
        assert [a["code"] for a in record["recipients"]] == ([row["target_code"]] if row["target_code"] else [])
        assert record["detente"]["cameo"] == row["cameo"] and record["detente"]["rule"] == row["rule"]
        assert record["detente"]["trigger"]["text"] == row["trigger_text"]


def test_a_plover_record_of_a_known_sentence(rows: list[dict[str, Any]]) -> None:
    record = plover_record(one(rows, doc_id="harbour-1", cameo="040", source_code="RUSGOV"))
    assert record is not None
    assert (record["event_type"], record["event_date"], record["story_id"]) == ("CONSULT", "2018-07-02", "harbour-1")
    actor, recipient = record["actors"][0], record["recipients"][0]
    assert (actor["code"], actor["country"], actor["sector"], actor["sectors"]) == ("RUSGOV", "RUS", "GOV", ["GOV"])
    assert (recipient["code"], recipient["country"]) == ("CHNGOV", "CHN")
    document = (record["publisher"], record["url"], record["publication_date"])
    assert document == ("Harbour Times", HARBOUR_URL, "2018-07-04")
    assert record["text_info"] == {"sequence": 0}
    assert record["detente"]["modality"] == "asserted" and record["detente"]["cluster"]["num_mentions"] == 2


def test_plover_leaves_out_codes_with_no_plover_type_and_non_factual_events(rows: list[dict[str, Any]]) -> None:
    appeal = one(rows, doc_id="harbour-1", cameo="020")
    assert appeal["plover_event"] is None and plover_record(appeal) is None
    counts: Counter[str] = Counter()
    out = io.StringIO()
    written = write_plover(rows, out, left_out=counts)
    not_factual = sum(r["modality"] in ("negated", "hypothetical") for r in rows)
    no_type = sum(r["plover_event"] is None and r["modality"] not in ("negated", "hypothetical") for r in rows)
    assert counts == Counter({NOT_FACTUAL: not_factual, NO_PLOVER: no_type}) and no_type >= 1
    assert written == len(out.getvalue().splitlines()) == len(rows) - not_factual - no_type
    assert appeal["event_id"] not in out.getvalue()


# --- Parquet -----------------------------------------------------------------------------


def factual(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["modality"] not in ("negated", "hypothetical")]


def by_id(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: r["event_id"])


def test_parquet_file_reads_back_as_the_export_rows(store: Path, rows: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert export_store(store, "parquet", path) == len(factual(rows))
    with duckdb.connect() as conn:
        cursor = conn.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [d[0] for d in cursor.description]
        back = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    assert tuple(names) == EXPORT_NAMES
    assert by_id(back) == by_id(factual(rows))
    schema = pq.read_schema(path)
    types = {name: str(schema.field(name).type) for name in ("event_id", "sentence_index", "goldstein", "published")}
    assert types == {"event_id": "string", "sentence_index": "int32", "goldstein": "double", "published": "date32[day]"}


def test_parquet_by_month_is_hive_partitioned(store: Path, rows: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "events"
    assert export_store(store, "parquet", path, by="month", factual_only=False) == len(rows)
    months = ["month=2018-06", "month=2018-07", "month=2018-08", "month=unknown"]
    assert sorted(p.name for p in path.iterdir()) == months
    assert all((p / "part-0.parquet").is_file() for p in path.iterdir())
    with duckdb.connect() as conn:
        cursor = conn.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning = true)", [str(path / "**" / "*.parquet")]
        )
        names = [d[0] for d in cursor.description]
        back = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    assert names == [*EXPORT_NAMES, "month"]
    assert all(str(r.pop("month")) == event_month(r) for r in back)
    assert by_id(back) == by_id(rows)
    table = ds.dataset(path, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(rows)
    assert sorted(table.column("event_id").to_pylist()) == sorted(r["event_id"] for r in rows)
    assert table.schema.field("cameo").type == "string" and table.schema.field("quad_class").type == "int32"


def test_parquet_writes_in_batches(rows: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "small-groups.parquet"
    assert write_parquet(rows, path, batch_rows=2) == len(rows)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == -(-len(rows) // 2) and meta.num_rows == len(rows)
    folder = tmp_path / "months"
    assert write_parquet(rows, folder, by="month", batch_rows=2) == len(rows)
    assert ds.dataset(folder, format="parquet", partitioning="hive").count_rows() == len(rows)


# --- months of the text formats ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt", "plover"])
def test_text_formats_by_month_split_the_one_file(store: Path, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / fmt
    whole = exported(store, fmt)
    n = export_store(store, fmt, folder, by="month")
    files = sorted(folder.iterdir())
    assert n > 0 and files and all(f.name.startswith("events-") for f in files)
    months = {f.name.removeprefix("events-").split(".")[0] for f in files}
    assert months <= {"2018-06", "2018-07", "2018-08", "unknown"} and "2018-07" in months
    texts = [f.read_bytes().decode("utf-8") for f in files]
    if fmt == "csv":
        header = whole.splitlines(keepends=True)[0]
        assert all(t.startswith(header) for t in texts)
        texts = [t[len(header) :] for t in texts]
        whole = whole[len(header) :]
    lines = [line for t in texts for line in t.splitlines(keepends=True)]
    assert sorted(lines) == sorted(whole.splitlines(keepends=True)) and len(lines) == n


def test_month_files_reopened_after_closing_keep_one_header(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(formats, "MAX_OPEN_FILES", 1)
    folder = tmp_path / "csv"
    n = export_store(store, "csv", folder, by="month", factual_only=False)
    texts = [f.read_bytes().decode("utf-8") for f in sorted(folder.iterdir())]
    header = texts[0].splitlines()[0]
    assert all(t.splitlines().count(header) == 1 for t in texts)
    assert sum(len(t.splitlines()) - 1 for t in texts) == n


# --- the same corpus again changes no export ----------------------------------------------


def all_exports(store: Path, folder: Path) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    folder.mkdir()
    texts: dict[str, bytes] = {}
    for fmt in ("jsonl", "csv", "gdelt", "plover"):
        export_store(store, fmt, folder / fmt, factual_only=False)
        texts[fmt] = (folder / fmt).read_bytes()
    export_store(store, "parquet", folder / "p", by="month", factual_only=False)
    with duckdb.connect() as conn:
        cursor = conn.execute(
            "SELECT * FROM read_parquet(?, hive_partitioning = true) ORDER BY event_id",
            [str(folder / "p" / "**" / "*.parquet")],
        )
        names = [d[0] for d in cursor.description]
        parquet = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    return texts, parquet


def test_reingesting_the_corpus_changes_no_export(coder: Coder, tmp_path: Path) -> None:
    path = tmp_path / "again.duckdb"
    ingest(path, coder)
    before = all_exports(path, tmp_path / "before")
    ingest(path, coder)  # unchanged: nothing coded
    ingest(path, coder, recode=True)  # every document coded and written again
    assert all_exports(path, tmp_path / "after") == before
    # A fresh store fed the corpus in the opposite order exports the same bytes too.
    other = tmp_path / "reversed.duckdb"
    ingest(other, coder, reversed(CORPUS))
    assert all_exports(other, tmp_path / "reversed") == before
    assert all(before[0].values()) and before[1]


# --- targets and stores ------------------------------------------------------------------


def test_an_existing_target_is_refused_unless_overwrite(store: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.tsv"
    target.write_text("keep me\n", encoding="utf-8")
    with pytest.raises(DetenteError, match="not empty.*overwrite"):
        export_store(store, "gdelt", target)
    assert target.read_text(encoding="utf-8") == "keep me\n"
    assert export_store(store, "gdelt", target, overwrite=True) > 0
    assert "keep me" not in target.read_text(encoding="utf-8")
    parquet = tmp_path / "out.parquet"
    parquet.write_bytes(b"x")
    with pytest.raises(DetenteError, match="overwrite"):
        export_store(store, "parquet", parquet)
    empty = tmp_path / "empty.jsonl"
    empty.touch()  # an empty file is no loss
    assert export_store(store, "jsonl", empty) > 0


def test_a_folder_is_replaced_only_when_it_holds_only_our_files(store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "months"
    export_store(store, "parquet", folder, by="month")
    with pytest.raises(DetenteError, match="not empty"):
        export_store(store, "parquet", folder, by="month")
    assert export_store(store, "parquet", folder, by="month", overwrite=True) > 0
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DetenteError, match="did not write.*notes.txt"):
        export_store(store, "parquet", folder, by="month", overwrite=True)
    assert (folder / "notes.txt").exists() and (folder / "month=2018-07").is_dir()
    jsonl = tmp_path / "jsonl"
    export_store(store, "jsonl", jsonl, by="month")
    (jsonl / "events-2018-07.plover.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(DetenteError, match="did not write"):
        export_store(store, "jsonl", jsonl, by="month", overwrite=True)


def test_a_missing_store_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.duckdb"
    for fmt in FORMATS:
        with pytest.raises(DetenteError, match="nowhere.duckdb: no such store"):
            export_store(missing, fmt, tmp_path / f"out.{fmt}")
    assert not missing.exists() and not list(tmp_path.iterdir())


def test_parquet_and_months_need_a_path_not_stdout(store: Path) -> None:
    with pytest.raises(DetenteError, match="Parquet.*not stdout"):
        export_store(store, "parquet", out_stream=io.StringIO())
    with pytest.raises(DetenteError, match="folder"):
        export_store(store, "jsonl", by="month", out_stream=io.StringIO())
    with pytest.raises(DetenteError, match="unknown export format"):
        export_store(store, "xml")


def test_jsonl_and_csv_exports_are_the_existing_stream_formats(store: Path, rows: list[dict[str, Any]]) -> None:
    from detente.export.streams import CsvSink, write_jsonl_rows

    jsonl, csv = io.StringIO(), io.StringIO()
    write_jsonl_rows(factual(rows), jsonl)
    sink = CsvSink(csv)
    sink.write_rows(factual(rows))
    sink.close()
    assert exported(store, "jsonl") == jsonl.getvalue()
    assert exported(store, "csv") == csv.getvalue()
    assert export_store(store, "jsonl", out_stream=io.StringIO(), clusters_only=True) < len(factual(rows))
