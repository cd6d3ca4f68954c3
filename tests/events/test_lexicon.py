import pytest

from detente.errors import DataFileError
from detente.events.lexicon import KEEP, Lexicon

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


def test_bundled_composition_results_are_cameo_codes() -> None:
    from importlib import resources

    from detente.events.ontology import Ontology

    ontology = Ontology.from_defaults()
    text = resources.files("detente.data").joinpath("composition.tsv").read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#") or not raw.strip():
            continue
        family, prefix, result = raw.split("\t")
        assert result in ontology or result == KEEP, f"composition.tsv:{number}: {result} is not a CAMEO code"
        assert family in {"intent", "appeal", "demand", "reject", "threaten", "claim", "consider"}
