"""Source and target spans: the cameo_ner reader, strict and overlap matching, and the
held-out rule, on small BIO texts of our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from evalfakes import FakeCoder, Spec

from detente import cli
from detente.errors import DataFileError
from detente.evaluation import (
    BENCHMARKS,
    DEVELOPMENT,
    HELDOUT,
    SPAN_SETS,
    figures,
    format_errors,
    format_results,
    load_cameo_ner,
    run_benchmark,
)
from detente.evaluation.gold import GoldSpan, SpanRecord
from detente.evaluation.scoring import (
    Prf,
    RoleScore,
    SpanResult,
    evaluate_spans,
    overlap_matches,
    score_role,
    tokens_in,
    trim,
)


def write(tmp_path: Path, text: str, name: str = "ner.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def spans_of(record: SpanRecord) -> list[tuple[str, str]]:
    """(role, text) of each gold span."""
    text = record.text
    return [(s.role, text[slice(*record.char_range(s))]) for s in record.spans]


# ------------------------------------------------------------------ reader

BIO = """The B-S
Ruritanian I-S
army I-S
shelled O
Freedonia B-T
. O

Ruritania B-R
and O
Freedonia B-R
signed O
a O
truce O
. O
"""


def test_reader_builds_text_offsets_and_spans(tmp_path: Path) -> None:
    one, two = load_cameo_ner(write(tmp_path, BIO))
    assert one.text == "The Ruritanian army shelled Freedonia ."
    assert one.offsets[:2] == ((0, 3), (4, 14)) and one.offsets[-1] == (38, 39)
    assert one.spans == (GoldSpan("S", 0, 3), GoldSpan("T", 4, 5))
    assert spans_of(one) == [("S", "The Ruritanian army"), ("T", "Freedonia")]
    assert one.ranges("S") == {(0, 19)} and one.ranges("T") == {(28, 37)}
    assert (one.line, two.line) == (1, 8)
    assert one.repaired == 0


def test_reciprocal_spans_are_sources_and_targets(tmp_path: Path) -> None:
    _, two = load_cameo_ner(write(tmp_path, BIO))
    assert spans_of(two) == [("R", "Ruritania"), ("R", "Freedonia")]
    assert two.ranges("S") == two.ranges("T") == {(0, 9), (14, 23)}


def test_b_starts_a_new_span_even_inside_one(tmp_path: Path) -> None:
    (record,) = load_cameo_ner(write(tmp_path, "Chile B-S\nPeru B-S\nPeru I-S\nmet O\n"))
    assert spans_of(record) == [("S", "Chile"), ("S", "Peru Peru")]


@pytest.mark.parametrize(
    ("bio", "expected", "repaired"),
    [
        # an I- after O begins a span
        ("Ghana O\nvoters I-S\nrallied O\n", [("S", "voters")], 1),
        # an I- as a sentence's first tag begins a span
        ("Mali I-T\nwas O\nhit O\n", [("T", "Mali")], 1),
        # an I- of another role ends the open span and begins its own
        ("Togo B-T\nofficials I-S\nmet O\n", [("T", "Togo"), ("S", "officials")], 1),
        # the same role continues; R is a role of its own
        ("Benin B-R\nand I-R\nNiger I-R\nmet O\n", [("R", "Benin and Niger")], 0),
    ],
)
def test_stray_inside_tags(tmp_path: Path, bio: str, expected: list[tuple[str, str]], repaired: int) -> None:
    (record,) = load_cameo_ner(write(tmp_path, bio))
    assert spans_of(record) == expected
    assert record.repaired == repaired


def test_blank_lines_whitespace_and_line_ends(tmp_path: Path) -> None:
    text = (
        "\n\n"  # leading blank lines
        "Chad B-S  \r\n"  # trailing spaces, CRLF
        "protested\tO\r\n"  # a TAB between token and tag
        "   \r\n"  # a whitespace-only line ends the sentence
        "\n\n"  # and a run of blank lines is one break
        "Niger B-T\n"
        "x\u2028y O"  # a line separator inside a token is not a line break; no newline at the end
    )
    one, two = load_cameo_ner(write(tmp_path, text))
    assert one.tokens == ("Chad", "protested") and one.line == 3
    assert two.tokens == ("Niger", "x\u2028y") and two.line == 8
    assert spans_of(two) == [("T", "Niger")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Chad B-S\nsaid B-X\n", 2, "unknown tag 'B-X'"),
        ("Chad B-S\nsaid\n", 2, "want 'token TAG'"),
        ("Chad S\n", 1, "unknown tag 'S'"),
        ("\n\n  \n", None, "no sentences"),
    ],
)
def test_reader_errors_name_the_line(tmp_path: Path, text: str, line: int | None, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        load_cameo_ner(path)
    assert info.value.path == str(path) and info.value.line == line
    assert message in info.value.message


# ------------------------------------------------------------------ matching


def test_trim_and_tokens() -> None:
    assert trim(" ab  c ", (0, 7)) == (1, 6)
    assert trim("   ", (0, 3))[0] == trim("   ", (0, 3))[1]
    offsets = ((0, 3), (4, 8), (9, 12))
    assert tokens_in(offsets, (5, 6)) == {1}
    assert tokens_in(offsets, (3, 4)) == frozenset()  # only the space between tokens
    assert tokens_in(offsets, (2, 10)) == {0, 1, 2}


def test_overlap_matching_is_one_to_one_and_maximal() -> None:
    # Greedy would give the first predicted span the first gold span and leave the
    # second predicted span nothing; the best matching pairs both.
    assert overlap_matches([frozenset({0, 1}), frozenset({1})], [frozenset({1}), frozenset({0})]) == 2
    # Two predicted spans inside one gold span: one pair; the other is spurious.
    assert overlap_matches([frozenset({0, 1, 2})], [frozenset({0}), frozenset({2})]) == 1
    assert overlap_matches([frozenset({0})], [frozenset({1})]) == 0


def test_strict_and_overlap_scores() -> None:
    # "The Ruritanian army shelled Freedonia ."
    offsets = ((0, 3), (4, 14), (15, 19), (20, 27), (28, 37), (38, 39))
    gold = {(0, 19), (28, 37)}
    predicted = {(4, 19), (28, 37), (20, 27)}  # "Ruritanian army", "Freedonia", "shelled"
    score = score_role(offsets, gold, predicted)
    assert score.strict == Prf(tp=1, fp=2, fn=1)
    assert score.overlap == Prf(tp=2, fp=1, fn=0)
    assert score_role(offsets, set(), set()) == RoleScore(Prf(0, 0, 0), Prf(0, 0, 0))


# ------------------------------------------------------------------ evaluation with a fake coder

RURITANIA = "The Ruritanian army shelled Freedonia ."
TRUCE = "Ruritania and Freedonia signed a truce ."


def fake_coder() -> FakeCoder:
    return FakeCoder(
        {
            RURITANIA: [
                # the source without its article: an overlap, not a strict match; the
                # trailing space is trimmed away
                Spec("RUR", "FRE", "195", "shelled", "Ruritanian army ", "Freedonia"),
            ],
            TRUCE: [
                Spec("RUR", "FRE", "057", "signed", "Ruritania", "Freedonia"),
                Spec("FRE", "RUR", "057", "signed", "Freedonia", "Ruritania"),
                Spec("RUR", None, "057", "truce", "truce"),  # a spurious source, no target
            ],
        }
    )


def test_evaluate_spans_scores_each_role(tmp_path: Path) -> None:
    records = load_cameo_ner(write(tmp_path, BIO))
    coder = fake_coder()
    result = evaluate_spans(coder, records, "mine.txt", unlisted={records[1].line})
    assert coder.calls == 1 and [d.text for d in coder.docs_seen] == [RURITANIA, TRUCE]
    one, two = result.records
    assert one.predicted_sources == ((4, 19),)  # trimmed
    assert one.source.strict == Prf(0, 1, 1) and one.source.overlap == Prf(1, 0, 0)
    assert one.target.strict == Prf(1, 0, 0)
    # R spans: both countries are gold sources and gold targets.
    assert two.source.strict == Prf(tp=2, fp=1, fn=0)
    assert two.target.strict == Prf(tp=2, fp=0, fn=0)
    assert (result.n_records, result.n_reciprocal, result.n_gold_sources, result.n_gold_targets) == (2, 2, 3, 3)
    assert result.source.strict == Prf(2, 2, 1) and result.target.strict == Prf(3, 0, 0)
    assert result.macro_f1 == pytest.approx((Prf(2, 2, 1).f1 + 1.0) / 2)
    assert (one.listed, two.listed, result.n_unlisted) == (True, False, 1)


def test_errors_list_misses_with_overlaps_and_skip_unlisted(tmp_path: Path) -> None:
    records = load_cameo_ner(write(tmp_path, BIO))
    result = evaluate_spans(fake_coder(), records, "mine.txt", unlisted={records[1].line})
    text = format_errors(result)
    assert f"line 1: {RURITANIA}" in text
    assert 'source missed   "The Ruritanian army"  overlaps "Ruritanian army"' in text
    assert 'source spurious "Ruritanian army"  overlaps "The Ruritanian army"' in text
    assert "target" not in text.split("line 1:")[1].split("\n\n")[0]  # the target was right
    assert TRUCE not in text and "truce" not in text  # unlisted: nothing of it is shown
    assert "1 of 2 sentences not listed" in text


def test_terminal_table_and_figures(tmp_path: Path) -> None:
    records = load_cameo_ner(write(tmp_path, BIO))
    dev = evaluate_spans(fake_coder(), records, SPAN_SETS["spans"])
    train = evaluate_spans(fake_coder(), records, SPAN_SETS["spans-train"], unlisted={r.line for r in records})
    text = format_results(spans=dev, heldout=[train])
    assert "Spans (cameo_ner_test.txt): 2 sentences, 3 gold sources, 3 gold targets (2 reciprocal" in text
    assert "source  strict" in text and "target  overlap" in text
    assert "ConfliBERT on cameo_ner_test.txt: 0.7445 (supervised, trained on cameo_ner_train.txt" in text
    assert "ConfliBERT was trained on this file" in text
    found = figures({"spans": dev, "spans-train": train})
    assert set(found) == {
        f"{name}.{measure}"
        for name in ("spans", "spans-train")
        for measure in ("source_strict_f1", "source_overlap_f1", "target_strict_f1", "target_overlap_f1", "macro_f1")
    }
    assert found["spans.target_strict_f1"] == 1.0


# ------------------------------------------------------------------ sets and the held-out rule


def test_span_sets_are_named() -> None:
    assert "spans" in DEVELOPMENT and "spans-train" in HELDOUT
    assert {"spans", "spans-train"} <= set(BENCHMARKS)


def test_cli_refuses_errors_on_the_held_out_span_set(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["eval", "spans-train", "--errors"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "eval spans-train: --errors is refused on a held-out set" in err


def test_development_span_errors_leave_out_held_out_sentences(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """The span test file holds the PentaClass test sentences; those of penta-unseen are
    held out, so `eval spans --errors` must not show them (checked without printing them)."""
    from detente.coder import Coder
    from detente.evaluation import PENTA_SETS

    monkeypatch.setattr(Coder, "from_defaults", classmethod(lambda cls: FakeCoder({})))
    code = cli.main(["eval", "spans", "--errors", "--data", str(data_dir)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "Spans (cameo_ner_test.txt): 451 sentences" in out
    unseen = run_benchmark("penta-unseen", FakeCoder({}), data_dir)
    assert unseen.dataset == PENTA_SETS["penta-unseen"]
    # Only counts reach the asserts, so a failure cannot print a held-out sentence.
    n_held_out = len(unseen.records)
    shown = _words(out)
    n_shown = sum(_words(r.record.text) in shown for r in unseen.records)  # type: ignore[union-attr]
    n_listed = sum(line.startswith("line ") for line in out.splitlines())
    assert f"{n_held_out} of 451 sentences not listed" in out
    assert n_shown == 0
    # A silent coder misses every gold span, so nearly every other sentence is listed.
    assert 451 - n_held_out - 5 <= n_listed <= 451 - n_held_out


def _words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def test_span_sets_on_the_real_files_with_a_silent_coder(data_dir: Path) -> None:
    dev = run_benchmark("spans", FakeCoder({}), data_dir)
    train = run_benchmark("spans-train", FakeCoder({}), data_dir)
    assert isinstance(dev, SpanResult) and isinstance(train, SpanResult)
    assert (dev.n_records, train.n_records) == (451, 1153)  # as the data README says
    assert dev.source.strict == Prf(0, 0, dev.n_gold_sources) and dev.n_gold_sources > 400
    assert train.n_unlisted == train.n_records  # a held-out set lists nothing
    assert 0 < dev.n_unlisted < dev.n_records


def test_reports_carry_both_span_sets(tmp_path: Path, data_dir: Path) -> None:
    import datetime as dt
    import json

    from detente.evaluation import run_benchmarks, write_reports

    results = run_benchmarks(BENCHMARKS, FakeCoder({}), data_dir)
    markdown, record = write_reports(tmp_path, results, commit="c", coder_version="v", date=dt.date(2026, 1, 1))
    text = markdown.read_text(encoding="utf-8")
    held, development = text.split("## Development figures")
    assert "cameo_ner_train.txt (held out)): 1153 sentences" in held and "cameo_ner_test.txt" not in held.split("spans")[0]
    assert "### Source and target spans (`conflibert/cameo_ner_test.txt`)" in development
    assert "Spans (cameo_ner_test.txt): 451 sentences" in development
    assert "**Span convention.**" in development and "titles included" in development
    assert "0.7445" in development and "supervised" in development
    assert "76 of the 322 gold labels were renamed" in development
    figures_recorded = json.loads(record.read_text(encoding="utf-8"))["figures"]
    assert "spans.macro_f1" in figures_recorded and "spans-train.source_overlap_f1" in figures_recorded
