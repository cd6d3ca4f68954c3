"""The CAMEO ontology table: loading, published values, QuadClass, PLOVER mapping, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.events.ontology import COLUMNS, CameoCode, Ontology

REPO = Path(__file__).resolve().parents[2]
HEADER = "\t".join(COLUMNS)


def _shared_dir() -> Path | None:
    candidates = [os.environ.get("DETENTE_SHARED"), REPO.parent / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "eventcoding-gold").is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.from_defaults()


@pytest.fixture(scope="module")
def gold() -> Path:
    shared = _shared_dir()
    if shared is None:
        message = "benchmark data not found (set DETENTE_SHARED or place it at ../shared)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return shared / "eventcoding-gold"


def _published(path: Path) -> dict[str, str]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return dict(row.split("\t", 1) for row in rows if "\t" in row)


def test_bundled_table_loads_all_roots(ontology: Ontology) -> None:
    codes = ontology.codes()
    assert len(codes) == len(set(codes)) > 300
    roots = {c for c in codes if len(c) == 2}
    assert roots == {f"{n:02d}" for n in range(1, 21)}
    for code in codes:
        assert code[:2] in roots


def test_leading_zeros_kept(ontology: Ontology) -> None:
    entry = ontology.get("036")
    assert entry.code == "036"
    assert entry.root == "03"
    assert "meet or negotiate" in entry.name
    assert "36" not in ontology
    assert "0874" in ontology and ontology.get("0874").root == "08"


def test_contains_and_unknown(ontology: Ontology) -> None:
    assert "190" in ontology
    assert "999" not in ontology
    assert 190 not in ontology  # codes are strings, never numbers
    with pytest.raises(KeyError, match="999"):
        ontology.get("999")


def test_names_are_sentence_case(ontology: Ontology) -> None:
    assert ontology.get("01").name == "Make public statement"
    assert ontology.get("20").name == "Use unconventional mass violence"
    assert ontology.get("044").name == "Meet at a 'third' location"
    for entry in ontology:
        assert entry.name[0].isupper() and not entry.name.isupper()
        assert entry.name == entry.name.strip()


def test_goldstein_matches_published_values(ontology: Ontology, gold: Path) -> None:
    published = _published(gold / "gdelt_lookups" / "CAMEO.goldsteinscale.txt")
    for code in ("010", "036", "042", "057", "0874", "111", "173", "190", "2042"):
        assert ontology.get(code).goldstein == float(published[code]), code
    # every published value is carried over
    for code, value in published.items():
        assert ontology.get(code).goldstein == float(value), code


def test_goldstein_known_values(ontology: Ontology) -> None:
    # independent of the shared data: the scale's ends and a few landmarks
    assert ontology.get("2042").goldstein == -10.0
    assert ontology.get("190").goldstein == -10.0
    assert ontology.get("074").goldstein == 8.5
    assert ontology.get("106").goldstein == -5.0  # recovered from a merged GDELT row


def test_all_published_codes_present(ontology: Ontology, gold: Path) -> None:
    published = _published(gold / "gdelt_lookups" / "CAMEO.eventcodes.txt")
    assert set(published) <= set(ontology.codes())


@pytest.mark.parametrize(
    ("code", "quad"),
    [("01", 1), ("010", 1), ("057", 1), ("060", 2), ("0874", 2), ("094", 2),
     ("100", 3), ("1124", 3), ("145", 3), ("150", 4), ("173", 4), ("190", 4), ("2042", 4)],
)
def test_quad_class(ontology: Ontology, code: str, quad: int) -> None:
    assert ontology.get(code).quad_class == quad


def test_quad_class_follows_root_everywhere(ontology: Ontology) -> None:
    bounds = {1: (1, 5), 2: (6, 9), 3: (10, 14), 4: (15, 20)}
    for entry in ontology:
        low, high = bounds[entry.quad_class]
        assert low <= int(entry.root) <= high, entry.code


@pytest.mark.parametrize(
    ("code", "event", "mode", "context"),
    [
        ("036", "AGREE", None, "diplomatic"),
        ("042", "CONSULT", "visit", None),
        ("0871", "RETREAT", "ceasefire", "military"),
        ("091", "ACCUSE", "investigate", "crime; corruption"),
        ("163", "COERCE", "restrict", "diplomatic"),
        ("173", "COERCE", "arrest", "legal"),
        ("191", "COERCE", "restrict", "military"),
        ("195", "ASSAULT", "heavy-weapons", "military"),
        ("03", "AGREE", None, None),
    ],
)
def test_plover_mapping(
    ontology: Ontology, code: str, event: str, mode: str | None, context: str | None
) -> None:
    entry = ontology.get(code)
    assert (entry.plover_event, entry.plover_mode, entry.plover_context) == (event, mode, context)
    assert entry.plover is not None and entry.plover.event == event


def test_statements_and_appeals_have_no_plover(ontology: Ontology) -> None:
    assert ontology.get("010").plover_event is None
    assert ontology.get("0243").plover is None


def test_every_code_from_root_03_on_has_plover(ontology: Ontology) -> None:
    for entry in ontology:
        if int(entry.root) >= 3:
            assert entry.plover_event, entry.code


def test_constructor_does_no_io_and_rejects_duplicates() -> None:
    a = CameoCode("040", "Consult", 1.0, 1, "CONSULT", None, None)
    onto = Ontology([a])
    assert onto.codes() == ["040"] and len(onto) == 1
    with pytest.raises(ValueError, match="040"):
        Ontology([a, a])


def test_from_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "mini.tsv"
    path.write_text(
        f"# a comment\n{HEADER}\n"
        "040\tConsult\t1.0\t1\tCONSULT\t\t\n"
        "0871\tDeclare truce\t9.0\t2\tRETREAT\tceasefire\tmilitary\n",
        encoding="utf-8",
    )
    onto = Ontology.from_file(path)
    assert onto.codes() == ["040", "0871"]
    assert onto.get("040").plover_mode is None
    assert onto.get("0871").goldstein == 9.0


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("040\tConsult\t1.0\t1\tCONSULT\t", "columns"),
        ("40x\tConsult\t1.0\t1\tCONSULT\t\t", "digits"),
        ("040\tConsult\tbig\t1\tCONSULT\t\t", "not a number"),
        ("040\tConsult\t11.0\t1\tCONSULT\t\t", "outside"),
        ("040\tConsult\t1.0\t5\tCONSULT\t\t", "quad_class"),
        ("040\t\t1.0\t1\tCONSULT\t\t", "empty name"),
        ("250\tNothing\t1.0\t4\t\t\t", "root"),
        ("040\tConsult\t1.0\t1\t\tvisit\t", "without an event"),
        ("010\tSay\t0.0\t1\t\t\t", "duplicate"),
    ],
)
def test_malformed_row_reports_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"# comment\n{HEADER}\n010\tSay\t0.0\t1\t\t\t\n{row}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as info:
        Ontology.from_file(path)
    assert info.value.path == str(path)
    assert info.value.line == 4
    assert f"{path}:4" in str(info.value)


def test_missing_header_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "noheader.tsv"
    path.write_text("# comment\n010\tSay\t0.0\t1\t\t\t\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        Ontology.from_file(path)
    assert info.value.line == 2


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        Ontology.from_file(tmp_path / "absent.tsv")


def test_bundled_table_is_what_the_tool_builds(gold: Path, tmp_path: Path) -> None:
    out = tmp_path / "cameo.tsv"
    subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_ontology.py"),
         "--shared", str(gold.parent), "--out", str(out)],
        check=True, capture_output=True, text=True,
    )
    bundled = REPO / "src" / "detente" / "data" / "cameo.tsv"
    assert out.read_text(encoding="utf-8") == bundled.read_text(encoding="utf-8")
