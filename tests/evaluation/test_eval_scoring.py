"""Scoring maths on hand-made records with a fake coder, and the baseline on the real file."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from evalfakes import FakeCoder, Spec

from detente.evaluation import (
    BASELINE_FILE,
    GSR_FILE,
    PLOVER_FILE,
    GsrResult,
    PentaResult,
    PloverResult,
    find_data_dir,
    load_gsr,
    load_petrarch_baseline,
    run_benchmark,
)
from detente.evaluation.gold import GsrRecord, PentaRecord, PloverRecord
from detente.evaluation.scoring import (
    Prf,
    evaluate_gsr,
    evaluate_penta,
    evaluate_plover,
    lenient,
    match_counts,
    score_triples,
)

D = dt.date(2015, 6, 9)


def gsr(rid: str, text: str, *triples: tuple[str, str, str]) -> GsrRecord:
    return GsrRecord(id=rid, date=D, category="T", text=text, triples=tuple(triples), noevents=not triples)


A = gsr("a", "Obama visited Beijing.", ("USAGOV", "CHN", "042"))
B = gsr("b", "Russia and Ukraine fought.", ("RUS", "UKR", "190"), ("UKR", "RUS", "190"))
C = gsr("c", "Nothing happened in France.")
RECORDS = [A, B, C]


def test_prf_arithmetic() -> None:
    p = Prf(tp=2, fp=1, fn=3)
    assert p.precision == pytest.approx(2 / 3)
    assert p.recall == pytest.approx(2 / 5)
    assert p.f1 == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))
    assert Prf(0, 0, 0).f1 == 0.0 and Prf(0, 0, 0).precision == 0.0
    assert Prf(1, 2, 3) + Prf(4, 5, 6) == Prf(5, 7, 9)


def test_match_counts_is_multiset_matching() -> None:
    t = ("USA", "CHN", "042")
    assert match_counts([t, t], [t]) == Prf(1, 0, 1)
    assert match_counts([t], [t, t]) == Prf(1, 1, 0)
    assert lenient(("USAGOV", "---REB", "0841")) == ("USA", "---", "08")


def test_perfect_coder_scores_one() -> None:
    coder = FakeCoder({r.text: [Spec(s, t, c, "visited") for s, t, c in r.triples] for r in RECORDS})
    result = evaluate_gsr(coder, RECORDS)
    assert result.exact.f1 == 1.0 and result.lenient.f1 == 1.0
    assert result.exact == Prf(3, 0, 0)
    assert result.n_records == 3 and result.n_gold_triples == 3
    assert coder.calls == 1
    doc = coder.docs_seen[0]
    assert (doc.id, doc.text, doc.date, doc.origin) == ("a", A.text, D, "PETR2_GSR_validation.xml#a")
    assert all(not r.missed and not r.false for r in result.records)


PARTIAL = FakeCoder(
    {
        # right actors and root, wrong sector and sub-code: lenient hit, exact miss
        A.text: [Spec("USA", "CHN", "043", "visited", "Obama", "Beijing", rule="verb:visit")],
        # one of two gold events, found twice (deduplicated)
        B.text: [Spec("RUS", "UKR", "190", "fought"), Spec("RUS", "UKR", "190", "fought")],
        # an event where there is none, with no target
        C.text: [Spec("FRA", None, "010", "happened", "France", rule="verb:happen")],
    }
)


def test_known_partial_scores() -> None:
    result = evaluate_gsr(PARTIAL, RECORDS)
    assert result.exact == Prf(tp=1, fp=2, fn=2)
    assert result.exact.precision == pytest.approx(1 / 3) and result.exact.recall == pytest.approx(1 / 3)
    assert result.lenient == Prf(tp=2, fp=1, fn=1)
    assert result.lenient.f1 == pytest.approx(2 / 3)

    ra, rb, rc = result.records
    assert ra.missed == (("USAGOV", "CHN", "042"),) and ra.false == (("USA", "CHN", "043"),)
    assert ra.lenient == Prf(1, 0, 0) and ra.exact == Prf(0, 1, 1)
    why = ra.false_events[0]
    assert (why.trigger, why.rule, why.modality, why.source_text, why.target_text) == (
        "visited", "verb:visit", "asserted", "Obama", "Beijing",
    )
    assert rb.predicted == (("RUS", "UKR", "190"),) and rb.missed == (("UKR", "RUS", "190"),) and rb.false == ()
    assert rc.false == (("FRA", "---", "010"),)  # no target → "---"
    assert rc.false_events[0].target_text is None


def test_baseline_is_scored_on_the_shared_records() -> None:
    baseline = {"a": [("USAGOV", "CHN", "042")], "c": [], "zzz": [("X", "Y", "010")]}
    result = evaluate_gsr(PARTIAL, RECORDS, baseline)
    b = result.baseline
    assert b is not None
    assert b.n_records == 2 and b.record_ids == ("a", "c")
    assert b.baseline_exact == Prf(1, 0, 0)
    assert b.ours_exact == Prf(0, 2, 1)  # a: wrong code; c: a false event
    assert b.ours_lenient == Prf(1, 1, 0)
    assert result.exact == Prf(1, 2, 2)  # all records unchanged by the baseline


def plover(rid: str, text: str, event: str, src: set[str], tgt: set[str]) -> PloverRecord:
    return PloverRecord(rid, text, event, frozenset(src), frozenset(tgt))


def test_plover_first_event_and_country_recall() -> None:
    records = [
        plover("p1", "Iran accused and then met Iraq.", "ACCUSE", {"IRN"}, {"IRQ"}),
        plover("p2", "Cuba met and accused Chile.", "ACCUSE", {"CUB"}, {"CHL", "USA"}),
        plover("p3", "Nothing.", "AGREE", {"FRA"}, set()),
        plover("p3", "Mali demanded aid.", "REQUEST", {"MLI"}, set()),  # repeated id stays separate
    ]
    coder = FakeCoder(
        {
            # events given out of order: the one whose trigger comes first wins
            records[0].text: [
                Spec("IRQ", "IRN", "040", "met", plover="CONSULT"),
                Spec("IRNGOV", "IRQ", "112", "accused", plover="ACCUSE"),
            ],
            records[1].text: [
                Spec("CUB", "CHL", "112", "accused", plover="ACCUSE"),
                Spec("CUB", "CHLGOV", "040", "met", plover="CONSULT"),
            ],
            records[3].text: [Spec("MLI", None, "100", "demanded", plover="REQUEST")],
        }
    )
    result = evaluate_plover(coder, records)
    assert coder.calls == 1 and len({d.id for d in coder.docs_seen}) == 4
    assert [r.predicted for r in result.records] == ["ACCUSE", "CONSULT", "NONE", "REQUEST"]
    assert result.n_correct == 2 and result.accuracy == pytest.approx(0.5)
    assert (result.source_found, result.source_total) == (3, 4)  # IRN, CUB, MLI found; FRA missed
    assert (result.target_found, result.target_total) == (2, 3)  # IRQ, CHL found; USA missed
    assert set(result.confusions) == {("ACCUSE", "CONSULT", 1), ("AGREE", "NONE", 1)}
    assert dict((t, (n, c)) for t, n, c in result.per_type) == {"ACCUSE": (2, 1), "AGREE": (1, 0), "REQUEST": (1, 1)}
    first = result.records[0].first_event
    assert first is not None and first.trigger == "accused"


def test_plover_counts_gold_codes_that_name_no_country() -> None:
    records = [
        plover("q1", "Japan met Italy.", "CONSULT", {"JAP"}, {"ITL", "IGO"}),
        plover("q2", "Japan met Chile.", "CONSULT", {"JAP", "NGO"}, {"CHL"}),
    ]
    coder = FakeCoder({r.text: [Spec("JPN", "ITA", "040", "met", plover="CONSULT")] for r in records})
    known = {"JPN", "ITA", "CHL"}
    result = evaluate_plover(coder, records, known)
    assert result.foreign_codes == (("ITL", 1), ("JAP", 2))  # IGO and NGO are codes of no country
    assert (result.source_found, result.target_found) == (0, 0)  # scored as written
    assert evaluate_plover(coder, records).foreign_codes == ()  # without the known codes, not counted


def test_penta_classes_accuracy_and_macro_f1() -> None:
    records = [
        PentaRecord("A said things.", 0, 1),  # no event → class 0: right
        PentaRecord("B praised C.", 1, 2),  # 051 → 1: right
        PentaRecord("B shot C.", 4, 3),  # 190 → 4: right
        PentaRecord("B accused C.", 3, 4),  # 112 → 3: right
        PentaRecord("B gave aid to C.", 2, 5),  # 042 first → 1: wrong
        PentaRecord("B accused C again.", 4, 6),  # 112 → 3: wrong
    ]
    coder = FakeCoder(
        {
            "B praised C.": [Spec("B", "C", "051", "praised")],
            "B shot C.": [Spec("B", "C", "190", "shot")],
            "B accused C.": [Spec("B", "C", "112", "accused")],
            "B gave aid to C.": [Spec("B", "C", "070", "aid"), Spec("B", "C", "042", "gave")],
            "B accused C again.": [Spec("B", "C", "112", "accused")],
        }
    )
    result = evaluate_penta(coder, records)
    assert [r.predicted for r in result.records] == [0, 1, 4, 3, 1, 3]
    assert result.n_correct == 4 and result.accuracy == pytest.approx(4 / 6)
    scores = {c.label: (c.precision, c.recall, c.f1) for c in result.per_class}
    assert scores[0] == (1.0, 1.0, 1.0)
    assert scores[1] == pytest.approx((0.5, 1.0, 2 / 3))
    assert scores[2] == (0.0, 0.0, 0.0)
    assert scores[3] == pytest.approx((0.5, 1.0, 2 / 3))
    assert scores[4] == pytest.approx((1.0, 0.5, 2 / 3))
    assert result.macro_f1 == pytest.approx((1 + 2 / 3 + 0 + 2 / 3 + 2 / 3) / 5)
    assert result.confusion[2][1] == 1 and result.confusion[4][3] == 1
    assert sum(map(sum, result.confusion)) == 6


def test_find_data_dir_prefers_the_working_directory(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    gold = tmp_path / "shared" / "eventcoding-gold"
    (gold / PLOVER_FILE).parent.mkdir(parents=True)
    (gold / PLOVER_FILE).write_text("[]", encoding="utf-8")
    assert find_data_dir(repo) == gold.resolve()
    assert find_data_dir(repo / "sub") == gold.resolve()


def test_run_benchmark_rejects_unknown_names(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown benchmark"):
        run_benchmark("nope", FakeCoder({}), tmp_path)


# ------------------------------------------------------------- real files


# data_dir: the session fixture in tests/conftest.py


def test_baseline_scores_from_the_baseline_file(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = load_gsr(data_dir / GSR_FILE)
    baseline = load_petrarch_baseline(data_dir / BASELINE_FILE)
    shared = {r.id: r.triples for r in records if r.id in baseline}
    exact, loose = score_triples(shared, baseline)
    assert len(shared) == 72
    assert exact.tp + exact.fn == sum(len(t) for t in shared.values())
    # The gold was made by correcting PETRARCH-2 output: it should score well, not perfectly.
    assert 0.6 < exact.f1 < 0.9
    assert exact.f1 < loose.f1 < 0.95
    assert loose.precision >= exact.precision and loose.recall >= exact.recall
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_run_benchmark_on_real_files_with_a_silent_coder(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    coder = FakeCoder({})
    gsr_result = run_benchmark("gsr", coder, data_dir)
    assert isinstance(gsr_result, GsrResult)
    assert gsr_result.exact == Prf(0, 0, 80)
    assert gsr_result.baseline is not None and gsr_result.baseline.n_records == 72
    plover_result = run_benchmark("plover", coder, data_dir)
    assert isinstance(plover_result, PloverResult)
    assert plover_result.n_records == 322 and plover_result.n_correct == 0
    assert len({d.id for d in coder.docs_seen if d.origin.startswith("PLOVER")}) == 322
    penta_result = run_benchmark("penta", coder, data_dir)
    assert isinstance(penta_result, PentaResult)
    # Everything predicted as class 0: accuracy is the share of class 0.
    assert penta_result.accuracy == pytest.approx(56 / 451)
    assert coder.calls == 3
    assert capsys.readouterr().out == ""


def test_unseen_penta_drops_development_sentences_and_repeats() -> None:
    from detente.evaluation import unseen_penta

    records = [
        PentaRecord("Chile recalled its envoy.", 3, 1),
        PentaRecord("Peru thanked Bolivia .", 0, 2),
        PentaRecord("Chile  recalled its envoy!", 3, 3),
        PentaRecord("Ghana hosted Togo.", 1, 4),
    ]
    kept = unseen_penta(records, ["peru thanked Bolivia."])
    # Spacing, case and punctuation do not hide a development sentence; a repeat counts once.
    assert [r.line for r in kept] == [1, 4]


def test_held_out_sets_are_named_and_scored_on_real_files(data_dir: Path) -> None:
    from detente.evaluation import BENCHMARKS, DEVELOPMENT, HELDOUT, PENTA_SETS, figures

    assert set(DEVELOPMENT).isdisjoint(HELDOUT) and BENCHMARKS == DEVELOPMENT + HELDOUT
    silent = FakeCoder({})
    train = run_benchmark("penta-train", silent, data_dir)
    unseen = run_benchmark("penta-unseen", silent, data_dir)
    test = run_benchmark("penta", silent, data_dir)
    assert isinstance(train, PentaResult) and isinstance(unseen, PentaResult) and isinstance(test, PentaResult)
    assert train.n_records == 1349 and train.dataset == PENTA_SETS["penta-train"]
    # Most of the test file is GSR or PLOVER text; what is left is a few hundred sentences at most.
    assert 100 < unseen.n_records < test.n_records // 2
    found = figures({"penta-train": train, "penta-unseen": unseen})
    assert set(found) == {"penta-train.accuracy", "penta-train.macro_f1", "penta-unseen.accuracy", "penta-unseen.macro_f1"}
