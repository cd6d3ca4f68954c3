"""Noun classes (data/nouns.tsv): one verb entry covers every noun of a class.

Each class is tested through the coder on sentences of our own whose object noun is one
that no verb entry names on its own, so the test fails if the class stops reaching it.
"""

from __future__ import annotations

import pytest

from detente.coder import Coder
from detente.errors import DataFileError
from detente.events.lexicon import Lexicon, parse_noun_classes

COMPOSITION = "intent\t\t030\n"


def test_classes_parse_span_lines_and_include_earlier_classes() -> None:
    classes = parse_noun_classes("# c\nguns\trifle|pistol\nguns\tcarbine\narms\t$guns|tank\n", "n.tsv")
    assert classes["guns"] == {"rifle", "pistol", "carbine"}
    assert classes["arms"] == {"rifle", "pistol", "carbine", "tank"}


def test_a_pattern_expands_its_classes_and_keeps_the_written_form() -> None:
    lexicon = Lexicon.from_text(
        "072\tsend ~$arms|equipment\n", COMPOSITION, verbs_name="v", composition_name="c",
        nouns="arms\trifle|tank\n", nouns_name="n",
    )
    (pattern,) = lexicon.candidates("send")
    assert pattern.objects == {"rifle", "tank", "equipment"}
    assert pattern.text == "send ~$arms|equipment"


@pytest.mark.parametrize(
    ("nouns", "verbs", "message", "where"),
    [
        ("arms\t$guns\n", "", "names no class", ("n", 1)),
        ("Arms\trifle\n", "", "bad class name", ("n", 1)),
        ("arms\trifle||\n", "", "", None),
        ("arms\t\n", "", "want noun lemmas", ("n", 1)),
        ("arms\trifle\n", "# x\n072\tsend ~$guns\n", "unknown noun class", ("v", 2)),
    ],
)
def test_bad_classes_name_file_and_line(nouns: str, verbs: str, message: str, where: tuple[str, int] | None) -> None:
    if where is None:  # empty alternatives are dropped, not an error
        assert parse_noun_classes(nouns, "n")["arms"] == {"rifle"}
        return
    with pytest.raises(DataFileError) as err:
        Lexicon.from_text(verbs, COMPOSITION, verbs_name="v", composition_name="c", nouns=nouns, nouns_name="n")
    assert (err.value.path, err.value.line) == where and message in str(err.value)


def test_bundled_classes_load() -> None:
    from importlib import resources

    text = resources.files("detente.data").joinpath("nouns.tsv").read_text(encoding="utf-8")
    classes = parse_noun_classes(text, "nouns.tsv")
    for name in ("weapons", "arms", "aid", "funds", "supplies", "evidence", "sanctions", "talks", "agreements", "troops"):
        assert classes[name], name
    assert classes["arms"] < classes["weapons"] and classes["small_arms"] < classes["arms"]


@pytest.mark.parametrize(
    ("sentence", "source", "target", "code"),
    [
        # arms handed over (072), whichever arm is named
        ("Poland sent rifles to Ukraine.", "POL", "UKR", "072"),
        ("Canada delivered howitzers to Estonia.", "CAN", "EST", "072"),
        ("Georgia received grenades from Turkey.", "TUR", "GEO", "072"),
        ("Japan sold two frigates to the Philippines.", "JPN", "PHL", "062"),
        # economic sanctions imposed (163) and eased (085); administrative ones eased (081)
        ("Brazil imposed tariffs on Argentina.", "BRA", "ARG", "163"),
        ("Chile lifted the levy on Peruvian copper.", "CHL", "PER", "085"),
        # negotiation (046), money (0331), goods (073)
        ("Kenya and Uganda resumed negotiations on Tuesday.", "KEN", "UGA", "046"),
        ("Norway pledged loans to Ghana.", "NOR", "GHA", "0331"),
        ("Sweden sent blankets and tents to Turkey.", "SWE", "TUR", "073"),
        ("Ghana and Togo agreed to restart the dialogue.", "GHA", "TGO", "036"),
        ("Peru revived border talks with Chile.", "PER", "CHL", "046"),
    ],
)
def test_a_class_covers_nouns_no_entry_names(coder: Coder, sentence: str, source: str, target: str, code: str) -> None:
    events = [e for e in coder.code(sentence, "2024-05-01") if e.source.code == source]
    assert events, f"no event from {source} in {sentence!r}"
    assert events[0].cameo == code
    assert events[0].target is not None and events[0].target.code == target
    assert "$" in events[0].rule  # the entry that fired names a class


def test_weapon_classes_keep_cameo_apart_by_weapon(coder: Coder) -> None:
    """Fired at someone: artillery and rockets are 194, missiles 195."""
    mortar = coder.code("The rebels fired mortars at the army.", "2024-05-01")
    missile = coder.code("Syria fired two missiles at Jordan on Monday.", "2024-05-01")
    assert [e.cameo for e in mortar] == ["194"]
    assert [(e.source.code, e.target.code if e.target else None, e.cameo) for e in missile] == [("SYR", "JOR", "195")]


def test_evidence_shown_or_presented_accuses(coder: Coder) -> None:
    for sentence in ("Denmark presented photographs of the attack.", "Portugal showed footage of the raid."):
        events = coder.code(sentence, "2024-05-01")
        assert [e.cameo for e in events] == ["112"], sentence
