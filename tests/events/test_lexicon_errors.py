"""The lexicon's readers: every malformed line is an error naming its file and line, and a
lexicon read from files behaves like one read from text."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.events.lexicon import Lexicon

COMPOSITION = "intent\t\t030\n"


@pytest.mark.parametrize(
    ("verbs", "composition", "nouns", "message", "where"),
    [
        ("", COMPOSITION, "arms\trifle\textra\n", "expected 2 tab-separated columns", ("n", 1)),
        ("# head\n030\t \n", COMPOSITION, "", "empty pattern", ("v", 2)),
        ("030\t~talks\n", COMPOSITION, "", "must start with a verb lemma", ("v", 1)),
        ("030\tsign <beneath\n", COMPOSITION, "", "bad reversed preposition", ("v", 1)),
        ("030\tsign <with <to\n", COMPOSITION, "", "bad reversed preposition", ("v", 1)),
        ("030\tsign ~deal ~pact\n", COMPOSITION, "", "at most one ~object", ("v", 1)),
        ("030\tsign ~|\n", COMPOSITION, "", "empty ~object", ("v", 1)),
        ("3x\tsign\n", COMPOSITION, "", "bad CAMEO code", ("v", 1)),
        ("030 sign\n", COMPOSITION, "", "expected 2 tab-separated columns, got 1", ("v", 1)),
        ("030\tsign\n", "intent\t030\n", "", "expected 3 tab-separated columns, got 2", ("c", 1)),
        ("030\tsign\n", "intent\t\tlater\n", "", "bad result code", ("c", 1)),
    ],
)
def test_a_malformed_line_names_its_file_and_line(
    verbs: str, composition: str, nouns: str, message: str, where: tuple[str, int]
) -> None:
    with pytest.raises(DataFileError) as err:
        Lexicon.from_text(verbs, composition, verbs_name="v", composition_name="c", nouns=nouns, nouns_name="n")
    assert (err.value.path, err.value.line) == where
    assert message in str(err.value)


def test_from_files_reads_verbs_composition_and_nouns(tmp_path: Path) -> None:
    verbs, composition, nouns = tmp_path / "verbs.tsv", tmp_path / "composition.tsv", tmp_path / "nouns.tsv"
    verbs.write_text("061\tsign ~$deals\n", encoding="utf-8")
    composition.write_text(COMPOSITION, encoding="utf-8")
    nouns.write_text("deals\taccord|treaty\n", encoding="utf-8")
    (pattern,) = Lexicon.from_files(verbs, composition, nouns).candidates("SIGN")
    assert (pattern.code, pattern.objects) == ("061", {"accord", "treaty"})
    # Without a nouns file a class name is an error naming the verbs file and line.
    with pytest.raises(DataFileError) as err:
        Lexicon.from_files(verbs, composition)
    assert (err.value.path, err.value.line) == (str(verbs), 1)


def test_compose_uses_the_longest_listed_prefix_and_knows_no_unlisted_family() -> None:
    lexicon = Lexicon.from_text(
        "030\tsign\n",
        "intent\t\t030\nintent\t04\t036\nintent\t19\t=\nreject\t04\t124\n",
        verbs_name="v",
        composition_name="c",
    )
    assert lexicon.compose("intent", "042") == "036"  # "04" is listed
    assert lexicon.compose("intent", "120") == "030"  # only the empty prefix matches
    assert lexicon.compose("intent", "190") == "190"  # "=": the complement's own code
    assert lexicon.compose("reject", "042") == "124"
    assert lexicon.compose("reject", "120") is None  # the family lists no prefix of it
    assert lexicon.compose("threaten", "042") is None  # no such family
