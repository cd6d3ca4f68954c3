"""The verb lexicon's loader (events/lexicon.py) and the bundled detente/data/verbs.tsv.

The loader checks every line of verbs.tsv when it reads it: each kind of malformed line
is tested here on small texts, as a DataFileError naming the file and line. The bundled
file is then checked for what no loader can know: its size, its coverage of CAMEO, and
a few entries whose code is beyond doubt.
"""

from __future__ import annotations

import importlib.resources
from collections import defaultdict

import pytest

from detente.errors import DataFileError
from detente.events.lexicon import PARTICLES, PREPOSITIONS, Lexicon, Pattern
from detente.events.ontology import Ontology

COMPOSITION = "intent\t\t030\n"
NOUNS = "sanctions\tsanction|embargo\naid\taid|assistance\n"
HEAD = "# a verbs file\n010\tsay\n"  # the line under test is line 3


def load(verbs: str) -> Lexicon:
    return Lexicon.from_text(
        verbs, COMPOSITION, verbs_name="verbs.tsv", composition_name="composition.tsv", nouns=NOUNS, nouns_name="nouns.tsv"
    )


def rejected(verbs: str) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load(verbs)
    assert caught.value.path == "verbs.tsv"
    return caught.value


# --- lines the loader accepts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "lemma", "code", "particles", "objects"),
    [
        ("042\tvisit", "visit", "042", (), None),
        ("046\thold ~negotiation", "hold", "046", (), {"negotiation"}),
        ("163\timpose ~sanction|embargo", "impose", "163", (), {"sanction", "embargo"}),
        ("163\timpose ~$sanctions|boycott", "impose", "163", (), {"sanction", "embargo", "boycott"}),
        ("111\tcriticize|criticise", "criticise", "111", (), None),
        ("0874\tpull out ~troop|force", "pull", "0874", ("out",), {"troop", "force"}),
        ("141\tstage|stag ~sit-in", "stag", "141", (), {"sit-in"}),
        ("020\tcall on", "call", "020", ("on",), None),
        ("081\tcrack down on", "crack", "081", ("down", "on"), None),
        ("041\tcall ~@actor", "call", "041", (), {"@actor"}),
        ("030\tissue ~communiqué", "issue", "030", (), {"communiqué"}),
        ("043\tpay ~tribute   # a trailing comment", "pay", "043", (), {"tribute"}),
        ("070\treceive <from ~$aid", "receive", "070", (), {"aid", "assistance"}),
    ],
)
def test_the_loader_accepts(
    line: str, lemma: str, code: str, particles: tuple[str, ...], objects: set[str] | None
) -> None:
    (pattern,) = load(HEAD + line + "\n").candidates(lemma)
    assert (pattern.code, pattern.particles, pattern.objects, pattern.line) == (code, particles, objects, 3)


def test_a_reversed_preposition_is_kept_apart_from_the_particles() -> None:
    (pattern,) = load("070\treceive <from ~$aid\n").candidates("receive")
    assert (pattern.reverse, pattern.particles, pattern.text) == ("from", (), "receive <from ~$aid")


def test_the_particles_are_a_closed_class_holding_the_prepositions() -> None:
    assert PREPOSITIONS < PARTICLES
    assert {"out", "down", "up", "back", "off", "aside"} <= PARTICLES
    assert not {"fire", "talks", "war", "sanction"} & PARTICLES


# --- lines the loader rejects, each naming its line ---------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("042 visit", "expected 2 tab-separated columns, got 1"),  # no TAB
        ("042\tvisit\textra", "expected 2 tab-separated columns, got 3"),
        ("42a\tvisit", "bad CAMEO code '42a'"),
        ("04211\tvisit", "bad CAMEO code '04211'"),
        (" 042\tvisit", "bad CAMEO code ' 042'"),
        ("042\t", "empty pattern"),
        ("042\tVisit", "bad alternative 'Visit' in 'Visit': want a lower-case verb lemma"),
        ("042\tvisit|", "bad alternative '' in 'visit|'"),
        ("042\tvisit2", "bad alternative 'visit2'"),
        ("042\tvisit  to", "doubled space in the pattern 'visit  to'"),
        ("042\tvisit ", "leading or trailing whitespace in the pattern 'visit '"),
        ("042\t visit", "leading or trailing whitespace"),
        ("163\timpose ~sanction ~embargo", "at most one ~object item"),
        ("163\t~sanction impose", "a pattern must start with a verb lemma"),
        ("163\timpose ~sanction out", "the ~object item must come last, not before 'out'"),
        ("070\treceive ~aid <from", "the ~object item must come last, not before '<from'"),
        ("163\timpose ~", "empty ~object item"),
        ("163\timpose ~sanction||embargo", "bad alternative '' in 'sanction||embargo'"),
        ("163\timpose ~Sanction", "bad alternative 'Sanction'"),
        ("163\timpose ~sanction|sanction", "'sanction' is listed twice in 'sanction|sanction'"),
        ("111\tcriticize|criticise|criticize", "'criticize' is listed twice"),
        ("163\timpose ~$boycotts", "unknown noun class '$boycotts'"),
        ("042\tvisit to,", "'to,' is no particle"),  # punctuation
        ("190\topen fire on", "'fire' is no particle (lexicon.PARTICLES); a noun goes in the ~ item"),
        ("042\tgo To", "'To' is no particle"),
        ("070\treceive <beneath ~aid", "bad reversed preposition '<beneath'"),
        ("070\treceive <from <to ~aid", "bad reversed preposition '<to'"),
    ],
)
def test_the_loader_rejects(line: str, message: str) -> None:
    error = rejected(HEAD + line + "\n")
    assert error.line == 3
    assert message in error.message


def test_an_entry_given_twice_is_an_error_naming_both_lines() -> None:
    error = rejected("042\tvisit\n010\tsay\n042\tvisit\n")
    assert (error.line, error.message) == (3, "042 'visit' repeats line 1")
    # Alternatives in another order are the same entry.
    error = rejected("111\tcriticize|criticise\n\n111\tcriticise|criticize\n")
    assert (error.line, error.message) == (3, "111 'criticise|criticize' repeats line 1")


@pytest.mark.parametrize(
    ("verbs", "message"),
    [
        ("042\tvisit\n043\tvisit\n", "'visit' is given code 043 here and 042 on line 1"),
        ("163\timpose ~sanction\n164\timpose ~embargo|sanction\n", "'impose ~sanction' is given code 164 here and 163"),
        # after expanding the class: "$sanctions" holds "embargo"
        ("163\timpose ~$sanctions\n081\timpose ~embargo\n", "'impose ~embargo' is given code 081 here and 163 on line 1"),
        # after expanding the verb's alternatives
        ("111\tcriticize|criticise\n112\tcriticise\n", "'criticise' is given code 112 here and 111 on line 1"),
        ("036\tpull out\n0874\tpull out\n", "'pull out' is given code 0874 here and 036 on line 1"),
        ("070\treceive <from ~aid\n071\treceive <from ~aid|cash\n", "'receive <from ~aid' is given code 071 here and 070"),
    ],
)
def test_one_verb_particles_and_object_given_two_codes_is_an_error_naming_both_lines(
    verbs: str, message: str
) -> None:
    error = rejected(verbs)
    assert error.line == 2
    assert message in error.message


def test_entries_that_share_a_key_may_give_it_one_code_and_differ_in_particles_or_roles() -> None:
    lexicon = load(
        "163\timpose ~$sanctions\n163\timpose ~embargo|duty\n"  # one key twice, one code
        "042\tvisit\n043\tvisit with\n"  # other particles
        "070\treceive ~aid\n071\treceive <from ~aid\n"  # a reversed role
    )
    assert [p.code for p in lexicon.candidates("impose")] == ["163", "163"]
    assert {p.code for p in lexicon.candidates("visit")} == {"042", "043"}
    assert {p.code for p in lexicon.candidates("receive")} == {"070", "071"}


def test_codes_name_the_file_and_line_they_are_written_on() -> None:
    """The coder checks these against the ontology (test_coder), naming where each is."""
    lexicon = Lexicon.from_text(HEAD + "999\tfrobnicate\n", COMPOSITION, verbs_name="v.tsv", composition_name="c.tsv")
    assert list(lexicon.codes()) == [("010", "v.tsv line 2"), ("999", "v.tsv line 3"), ("030", "c.tsv: intent over (default)")]


# --- the bundled file -------------------------------------------------------------------


def read_text(name: str) -> str:
    return importlib.resources.files("detente.data").joinpath(name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_defaults()


@pytest.fixture(scope="module")
def patterns(lexicon: Lexicon) -> tuple[Pattern, ...]:
    return lexicon.patterns


def test_the_file_has_a_documented_header() -> None:
    assert read_text("verbs.tsv").startswith("# detente verb lexicon")


def test_the_file_loads_with_many_patterns_in_file_order(patterns: tuple[Pattern, ...]) -> None:
    assert len(patterns) >= 600
    lines = [p.line for p in patterns]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


def test_every_code_is_in_the_ontology(lexicon: Lexicon) -> None:
    ontology = Ontology.from_defaults()
    given = list(lexicon.codes())
    assert len(given) > 600
    assert [(code, where) for code, where in given if code not in ontology] == []


def test_every_root_is_covered(patterns: tuple[Pattern, ...]) -> None:
    assert {p.code[:2] for p in patterns} == {f"{n:02d}" for n in range(1, 21)}


def test_main_codes_have_several_verbs(patterns: tuple[Pattern, ...]) -> None:
    by_code: dict[str, set[str]] = defaultdict(set)
    for p in patterns:
        by_code[p.code] |= p.lemmas
    for code in ("010", "020", "030", "040", "042", "046", "051", "057", "111", "112",
                 "120", "130", "141", "163", "173", "190"):
        assert len(by_code[code]) >= 2, code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("say", "010"),
        ("visit", "042"),
        ("criticise|criticize", "111"),
        ("accuse", "112"),
        ("arrest", "173"),
        ("impose ~$sanctions|boycott|duty", "163"),
        ("open ~fire", "190"),
        ("step down", "0831"),
        ("call ~@actor", "041"),
        ("receive <from ~$aid|support", "070"),
    ],
)
def test_known_entries(patterns: tuple[Pattern, ...], text: str, code: str) -> None:
    """A few entries whose code is beyond doubt, to catch a shifted or mangled file."""
    assert [p.code for p in patterns if p.text == text] == [code]


@pytest.mark.parametrize("verb", ["impose", "sign", "lift"])
def test_light_verbs_get_their_code_from_the_object(lexicon: Lexicon, verb: str) -> None:
    """'impose' alone codes nothing: every entry of a light verb names its object or a particle."""
    entries = lexicon.candidates(verb)
    assert entries, verb
    assert [p.line for p in entries if p.objects is None and not p.particles and p.reverse is None] == []


def test_the_code_of_imposing_sanctions_is_an_embargo() -> None:
    assert Ontology.from_defaults().get("163").name.startswith("Impose embargo")
