import pytest

from detente.errors import DataFileError
from detente.events.lexicon import Lexicon
from detente.events.words import FAMILIES

VERBS = "# comment\n111\tcriticize|criticise\n163\timpose ~sanction|embargo\n046\thold ~talk   # light verb\n0233\tcall for ~aid\n"
COMPOSITION = "intent\t\t030\nintent\t04\t036\nintent\t046\t036\nappeal\t07\t023\nappeal\t0233\t0233\n"


def test_patterns_parse_and_most_specific_first() -> None:
    lex = Lexicon.from_text(VERBS, COMPOSITION, verbs_name="v", composition_name="c")
    (p,) = lex.candidates("criticise")
    assert p.code == "111" and p.objects is None and p.line == 2
    (hold,) = lex.candidates("hold")
    assert hold.objects == frozenset({"talk"}) and hold.code == "046"
    (call,) = lex.candidates("call")
    assert call.particles == ("for",) and call.target_preposition == "for"


def test_composition_longest_prefix_and_default() -> None:
    lex = Lexicon.from_text(VERBS, COMPOSITION, verbs_name="v", composition_name="c")
    assert lex.compose("intent", "046") == "036"
    assert lex.compose("intent", "042") == "036"
    assert lex.compose("intent", "190") == "030"
    assert lex.compose("appeal", "0233") == "0233"
    assert lex.compose("appeal", "073") == "023"
    assert lex.compose("nosuch", "073") is None


@pytest.mark.parametrize(
    "line, message",
    [("111", "2 tab-separated"), ("1x1\tsay", "bad CAMEO code"), ("111\t~talk", "verb lemma"), ("046\thold ~a ~b", "at most one")],
)
def test_bad_lexicon_line_names_file_and_line(line: str, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        Lexicon.from_text("# header\n" + line + "\n", COMPOSITION, verbs_name="verbs.tsv", composition_name="c")
    assert err.value.path == "verbs.tsv" and err.value.line == 2
    assert message in str(err.value)


@pytest.mark.parametrize(
    ("composition", "line", "message"),
    [
        ("intent\t\t030\nrefuse\t04\t124\n", 2, "unknown family 'refuse': the coder composes intent, appeal"),
        ("Intent\t\t030\n", 1, "unknown family 'Intent'"),
        ("intent\t0x\t036\n", 1, "bad complement '0x'"),
        ("intent\t04\t036\t\n", 1, "expected 3 tab-separated columns, got 4"),
        ("intent\t\tlater\n", 1, "bad result code 'later'"),
        ("intent\t\t03611\n", 1, "bad result code '03611'"),
        ("# head\nintent\t04\t036\n\nintent\t04\t039\n", 4, "intent over 04 is given on line 2 too"),
        ("intent\t\t030\nintent\t\t=\n", 2, "intent over (default) is given on line 1 too"),
    ],
)
def test_bad_composition_line_names_file_and_line(composition: str, line: int, message: str) -> None:
    with pytest.raises(DataFileError) as err:
        Lexicon.from_text(VERBS, composition, verbs_name="v", composition_name="composition.tsv")
    assert (err.value.path, err.value.line) == ("composition.tsv", line)
    assert message in err.value.message


def test_every_family_the_coder_composes_may_be_given() -> None:
    composition = "".join(f"{family}\t\t0{n}0   # default\n{family}\t19\t=\n" for n, family in enumerate(FAMILIES))
    lexicon = Lexicon.from_text(VERBS, composition, verbs_name="v", composition_name="c")
    assert [lexicon.compose(family, "042") for family in FAMILIES] == [f"0{n}0" for n in range(len(FAMILIES))]
    assert {lexicon.compose(family, "193") for family in FAMILIES} == {"193"}


def test_the_families_are_those_the_word_classes_and_frame_open() -> None:
    words = Lexicon.from_defaults().words
    assert words is not None
    opened = {words.wrapper_family(w) for w in words.intent_wrappers | words.appeal_wrappers | words.demand_wrappers
              | words.reject_wrappers | words.threaten_wrappers | words.consider_wrappers}
    opened |= {words.noun_wrapper_family(w) for w in words.demand_noun_wrappers | words.appeal_noun_wrappers
               | words.intent_noun_wrappers | words.threaten_noun_wrappers}
    assert opened | {"claim"} == set(FAMILIES)  # frame.py opens "claim" for claim_verbs


def test_bundled_composition_gives_every_family_a_default_and_cameo_codes() -> None:
    from detente.events.ontology import Ontology

    lexicon = Lexicon.from_defaults()
    assert all(lexicon.compose(family, "99") is not None for family in FAMILIES)
    composed = [(code, where) for code, where in lexicon.codes() if "composition.tsv" in where]
    assert len(composed) > 100
    ontology = Ontology.from_defaults()
    assert [(code, where) for code, where in composed if code not in ontology] == []


@pytest.mark.parametrize(
    ("nouns", "word_classes", "where", "message"),
    [
        ("# h\narms\trifle\n\narms\n", None, ("nouns.tsv", 4), "expected 2 tab-separated columns, got 1"),
        ("", "# h\nsay_verbs\tsay\n\nsay_verbs\n", ("wc.tsv", 4), "expected 2 or 3 tab-separated columns, got 1"),
        ("", "# h\nsay_verbs\tsay\tnote\textra\n", ("wc.tsv", 2), "expected 2 or 3 tab-separated columns, got 4"),
    ],
)
def test_the_other_lexicon_files_name_their_file_and_line(
    nouns: str, word_classes: str | None, where: tuple[str, int], message: str
) -> None:
    with pytest.raises(DataFileError) as err:
        Lexicon.from_text(
            VERBS, COMPOSITION, verbs_name="v", composition_name="c", nouns=nouns, nouns_name="nouns.tsv",
            word_classes=word_classes, word_classes_name="wc.tsv",
        )
    assert ((err.value.path, err.value.line), err.value.message) == (where, message)
    assert str(err.value) == f"{where[0]}:{where[1]}: {message}"
