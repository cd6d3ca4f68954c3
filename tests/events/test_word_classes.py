"""The word classes file (data/word_classes.tsv) and its loader (events/words.py)."""

from __future__ import annotations

import pickle
import re
from importlib import resources

import pytest

from detente.errors import DataFileError
from detente.events.extract import EventExtractor
from detente.events.lexicon import Lexicon
from detente.events.words import CLASS_NAMES, WordClasses, parse_word_classes

BUNDLED = resources.files("detente.data").joinpath("word_classes.tsv").read_text(encoding="utf-8")


def _minimal(**extra: str) -> str:
    """One word for every class, then ``extra`` lines."""
    rows = [f"{name}\tw{number}" for number, name in enumerate(CLASS_NAMES)]
    return "\n".join(rows + list(extra.values())) + "\n"


def test_the_bundled_file_gives_every_class_the_code_reads() -> None:
    words = parse_word_classes(BUNDLED, "word_classes.tsv")
    for name in CLASS_NAMES:
        members = getattr(words, name)
        assert isinstance(members, frozenset) and members, name
    assert words.force_nouns == words.attack_nouns | words.weapon_nouns
    assert words.wrapper_family("agree") == "intent"
    assert words.wrapper_family("threaten") == "threaten"
    assert words.wrapper_family("eat") is None
    assert words.noun_wrapper_family("ultimatum") == "demand"
    assert words.noun_wrapper_family("lunch") is None


def test_the_bundled_lexicon_carries_the_word_classes_and_pickles() -> None:
    lexicon = Lexicon.from_defaults()
    assert isinstance(lexicon.words, WordClasses)
    again = pickle.loads(pickle.dumps(lexicon))
    assert again.words == lexicon.words
    assert again.words is not None and again.words.wrapper_family("urge") == "appeal"


def test_notes_comments_and_blank_lines_are_skipped() -> None:
    text = "# a comment\n\n" + _minimal(note="say_verbs\tgrumble\tnot in the bundled file")
    words = parse_word_classes(text, "wc.tsv")
    assert "grumble" in words.say_verbs and "not in the bundled file" not in words.say_verbs


def test_an_unknown_class_is_an_error_naming_it_and_the_line() -> None:
    with pytest.raises(DataFileError, match=r"wc\.tsv:3: unknown word class 'say_verb'") as err:
        parse_word_classes("# header\n\nsay_verb\tsay\n", "wc.tsv")
    assert err.value.line == 3


def test_a_class_the_code_reads_must_be_given() -> None:
    text = "\n".join(line for line in _minimal().splitlines() if not line.startswith(("hedges\t", "weak_modals\t")))
    with pytest.raises(DataFileError, match=r"no words for the word classes the code reads: hedges, weak_modals"):
        parse_word_classes(text, "wc.tsv")


def test_a_word_twice_in_a_class_is_an_error_naming_both_lines() -> None:
    text = "say_verbs\tsay\nhedges\tso\nsay_verbs\tsay\n"
    with pytest.raises(DataFileError, match=r"wc\.tsv:3: 'say' is already in class 'say_verbs' \(line 1\)"):
        parse_word_classes(text, "wc.tsv")


def test_a_word_may_be_in_several_classes_but_in_one_wrapper_family() -> None:
    words = parse_word_classes(_minimal(a="say_verbs\twarn", b="threaten_wrappers\twarn"), "wc.tsv")
    assert "warn" in words.say_verbs and words.wrapper_family("warn") == "threaten"
    with pytest.raises(DataFileError, match=r"'urge' is in 'intent_wrappers' and in 'appeal_wrappers'"):
        parse_word_classes(_minimal(a="appeal_wrappers\turge", b="intent_wrappers\turge"), "wc.tsv")
    with pytest.raises(DataFileError, match=r"'plea' is in 'demand_noun_wrappers' and in 'appeal_noun_wrappers'"):
        parse_word_classes(_minimal(a="appeal_noun_wrappers\tplea", b="demand_noun_wrappers\tplea"), "wc.tsv")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("say_verbs", "expected 2 or 3 tab-separated columns, got 1"),
        ("say_verbs\tsay\tnote\textra", "expected 2 or 3 tab-separated columns, got 4"),
        ("say_verbs\tSay", "want one lower-case word without outer spaces, got 'Say'"),
        ("say_verbs\t say", "want one lower-case word without outer spaces, got ' say'"),
        ("say_verbs\t", "want one lower-case word without outer spaces, got ''"),
    ],
)
def test_a_malformed_line_is_an_error_naming_the_line(line: str, message: str) -> None:
    with pytest.raises(DataFileError, match=re.escape("wc.tsv:2: " + message)):
        parse_word_classes("hedges\tso\n" + line + "\n", "wc.tsv")


def test_a_lexicon_read_without_word_classes_cannot_drive_the_extractor() -> None:
    lexicon = Lexicon.from_text("010\tsay\n", "intent\t\t030\n", verbs_name="v", composition_name="c")
    assert lexicon.words is None
    with pytest.raises(ValueError, match="no word classes"):
        EventExtractor(lexicon, None, None)  # type: ignore[arg-type]


def test_from_files_reads_the_word_classes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    verbs, composition, classes = tmp_path / "verbs.tsv", tmp_path / "composition.tsv", tmp_path / "wc.tsv"
    verbs.write_text("010\tsay\n", encoding="utf-8")
    composition.write_text("intent\t\t030\n", encoding="utf-8")
    classes.write_text(_minimal(), encoding="utf-8")
    lexicon = Lexicon.from_files(verbs, composition, word_classes=classes)
    assert lexicon.words is not None and lexicon.words.hedges == frozenset({f"w{CLASS_NAMES.index('hedges')}"})
    with pytest.raises(DataFileError, match=re.escape(f"{classes}:1: unknown word class")):
        classes.write_text("nonsense\tx\n", encoding="utf-8")
        Lexicon.from_files(verbs, composition, word_classes=classes)
