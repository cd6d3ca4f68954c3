"""The code policies (data/code_policies.tsv), read and checked against the ontology."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from detente.errors import DataFileError, DetenteError
from detente.events.ontology import Ontology
from detente.events.policies import POLICY_NAMES, CodePolicies, parse_code_policies

ONTOLOGY = Ontology.from_defaults()
HEADER = "name\tcode\tnote\n"


def _table(**changes: str) -> str:
    """A full table of the bundled codes, with some policies' codes changed."""
    bundled = CodePolicies.from_defaults(ONTOLOGY)
    codes = {name: changes.get(name, getattr(bundled, name)) for name in POLICY_NAMES}
    return HEADER + "".join(f"{name}\t{code}\tbecause\n" for name, code in codes.items())


def test_the_bundled_policies_are_the_codes_the_code_kept_as_constants() -> None:
    policies = CodePolicies.from_defaults(ONTOLOGY)
    assert {name: getattr(policies, name) for name in POLICY_NAMES} == {
        "accusation": "112",
        "hosting": "043",
        "hosted_visit": "042",
        "meeting": "040",
        "third_place_meeting": "044",
        "riot": "145",
        "aerial_weapons": "195",
        "artillery": "194",
        "vowed_response": "130",
        "ultimatum": "139",
    }
    assert policies.where["riot"].startswith("detente/data/code_policies.tsv:")
    assert all(code in ONTOLOGY for code, _where in policies.codes())


def test_a_table_in_another_order_reads_the_same() -> None:
    lines = _table().splitlines(keepends=True)
    shuffled = lines[:1] + lines[:0:-1]
    a, b = parse_code_policies(_table(), "a.tsv", ONTOLOGY), parse_code_policies("".join(shuffled), "b.tsv", ONTOLOGY)
    assert a == b and a.where != b.where  # where is for messages, not compared


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("code\tname\tnote\n" + _table()[len(HEADER) :], 1, "expected the header row"),
        (_table() + "riots\t145\tprotesters\n", 12, "unknown code policy 'riots': the code reads accusation, "),
        (_table() + "riot\t145\tagain\n", 12, "code policy 'riot' is already given (line 7)"),
        (_table(riot="1450"), 7, "code policy 'riot': '1450' is not a CAMEO code of the ontology"),
        (_table(riot="45"), 7, "'45' is not a CAMEO code"),
        (_table() + "riot\t145\n", 12, "expected 3 TAB-separated columns, got 2"),
        (_table().replace("riot\t145\tbecause", "riot\t145\t"), 7, "code policy 'riot' has no note"),
    ],
)
def test_a_malformed_table_is_an_error_naming_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(DataFileError) as caught:
        parse_code_policies(text, "policies.tsv", ONTOLOGY)
    assert (caught.value.path, caught.value.line) == ("policies.tsv", line)
    assert str(caught.value).startswith(f"policies.tsv:{line}: ")
    assert words in caught.value.message


def test_a_policy_the_code_reads_must_be_given() -> None:
    text = "".join(line for line in _table().splitlines(keepends=True) if not line.startswith(("riot", "artillery")))
    with pytest.raises(DataFileError) as caught:
        parse_code_policies(text, "policies.tsv", ONTOLOGY)
    assert (caught.value.path, caught.value.line) == ("policies.tsv", None)
    assert caught.value.message == "no rows for the code policies the code reads: riot, artillery"


def test_an_empty_file_is_an_error() -> None:
    with pytest.raises(DataFileError, match="no header row"):
        parse_code_policies("# nothing here\n", "policies.tsv", ONTOLOGY)


def test_from_file_reads_and_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policies.tsv"
    path.write_text(_table(riot="140"), encoding="utf-8")
    policies = CodePolicies.from_file(path, ONTOLOGY)
    assert policies.riot == "140" and policies.where["riot"] == f"{path}:7"
    with pytest.raises(DataFileError) as caught:
        CodePolicies.from_file(tmp_path / "nowhere.tsv", ONTOLOGY)
    assert caught.value.path == str(tmp_path / "nowhere.tsv")


def test_the_coder_refuses_policies_with_codes_its_ontology_lacks(coder) -> None:  # type: ignore[no-untyped-def]
    from detente.coder import Coder

    odd = dataclasses.replace(coder.policies, riot="999", where={**coder.policies.where, "riot": "mine.tsv:3"})
    with pytest.raises(DetenteError, match=r"999 \(mine.tsv:3\)"):
        Coder(coder.parser, coder.kb, coder.lexicon, coder.ontology, policies=odd)


def test_a_policy_changes_the_code_the_rule_gives(coder) -> None:  # type: ignore[no-untyped-def]
    from detente.coder import Coder

    text = "Kenya said Somali militants had shelled Mandera."
    assert "112" in {e.cameo for e in coder.code(text, "2019-03-06")}
    other = Coder(
        coder.parser, coder.kb, coder.lexicon, coder.ontology, policies=dataclasses.replace(coder.policies, accusation="111")
    )
    codes = {e.cameo for e in other.code(text, "2019-03-06")}
    assert "111" in codes and "112" not in codes
