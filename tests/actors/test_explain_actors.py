"""`detente actors` and Coder.actors: each mention, what decided it, what it passed over."""

from __future__ import annotations

import json

import pytest

from detente.cli import main


def test_a_dated_name_shows_the_row_taken_and_the_row_passed_over(coder) -> None:  # type: ignore[no-untyped-def]
    explained = coder.actors("The Taliban met Pakistani officials in Doha.", "2022-01-10")
    taliban = next(m for m in explained.mentions if m.text == "Taliban")
    assert taliban.code == "AFGGOV" and taliban.basis.startswith("organizations.tsv:")
    assert [(r.code, r.why) for r in taliban.rejected] == [("AFGREB", "holds from … to 2021-08-14, not on 2022-01-10")]
    assert explained.date == "2022-01-10"


def test_with_no_date_the_later_entry_is_taken_and_the_earlier_named(coder) -> None:  # type: ignore[no-untyped-def]
    explained = coder.actors("The Taliban met Pakistani officials in Doha.")
    taliban = next(m for m in explained.mentions if m.text == "Taliban")
    assert taliban.code == "AFGGOV" and explained.date is None
    assert [(r.code, r.why) for r in taliban.rejected] == [("AFGREB", "another entry of this name that started earlier")]


def test_phrases_collectives_and_pronouns_are_explained(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Police in Lagos arrested two men. Iran and the P5+1 met in Vienna. They agreed."
    by_text = {m.text: m for m in coder.actors(text, "2015-07-01").mentions}
    police = by_text["Police in Lagos"]
    assert (police.code, police.kind) == ("NGACOP", "phrase") and "role noun 'police'" in police.basis
    p5 = by_text["P5+1"]
    assert p5.code == "USA+GBR+FRA+RUS+CHN+DEU" and set(p5.members) == {"USA", "GBR", "FRA", "RUS", "CHN", "DEU"}
    # offsets are the text's own
    assert all(text[m.start : m.end] == m.text for m in by_text.values())


def test_actors_cli_prints_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "Isreal criticized the Taliban.", "--date", "2019-01-01"]) == 0
    out = capsys.readouterr().out
    assert "'Isreal'  ISR  [country]" in out and "one edit from 'Israel'" in out
    assert "passed over: AFGGOV" in out
    assert main(["actors", "Isreal criticized the Taliban.", "--date", "2019-01-01", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["date"] == "2019-01-01"
    assert [(m["text"], m["code"]) for m in payload["mentions"]] == [("Isreal", "ISR"), ("Taliban", "AFGREB")]
    assert payload["mentions"][1]["rejected"][0]["code"] == "AFGGOV"


def test_actors_cli_with_nothing_to_find(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actors", "It rained all day."]) == 0
    assert "no actors found" in capsys.readouterr().out


def test_kb_check_cli(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["kb", "check"]) == 0
    assert "knowledge base ok" in capsys.readouterr().out
    (tmp_path / "places.tsv").write_text("KEN\tLittle Malindi\nXYZ\tNowhere Town\n", encoding="utf-8")
    assert main(["kb", "check", "--kb", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'places.tsv'}:2: unknown country 'XYZ'" in err and "1 error" in err
