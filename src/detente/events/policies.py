"""The code policies of the extraction (data/code_policies.tsv), read and checked.

A code policy names a situation the rules recognise and the CAMEO code they use in it:
the code of an accusation, the visit a hosting implies, a meeting in a third country,
protesters' rioting, a bombing with an army's weapons. The file's format is in its
header: a header row, then ``name<TAB>code<TAB>note`` rows. ``parse_code_policies``
turns its text into a ``CodePolicies``, one attribute per policy, and checks it against
the ontology it will be used with; every error names the file and line: a policy the
code does not read, one given twice, a code the ontology does not have. A policy the
code reads but the file leaves out is an error too, naming the policy.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataFileError
from ..tsv import header_rows
from .ontology import Ontology

#: The header row of code_policies.tsv.
COLUMNS: tuple[str, ...] = ("name", "code", "note")


@dataclass(frozen=True)
class CodePolicies:
    """The CAMEO code of each policy of data/code_policies.tsv, whose notes say when the
    extraction uses it. ``where`` gives the file and line each came from, for messages."""

    accusation: str
    hosting: str
    hosted_visit: str
    meeting: str
    third_place_meeting: str
    riot: str
    aerial_weapons: str
    artillery: str
    vowed_response: str
    ultimatum: str
    where: Mapping[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def from_defaults(cls, ontology: Ontology) -> CodePolicies:
        """The bundled table, ``detente/data/code_policies.tsv``, checked against ``ontology``."""
        resource = importlib.resources.files("detente.data").joinpath("code_policies.tsv")
        return parse_code_policies(resource.read_text(encoding="utf-8"), "detente/data/code_policies.tsv", ontology)

    @classmethod
    def from_file(cls, path: Path, ontology: Ontology) -> CodePolicies:
        """A table in the code_policies.tsv format, checked against ``ontology``."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(str(path), None, f"cannot read: {exc}") from exc
        return parse_code_policies(text, str(path), ontology)

    def codes(self) -> Iterator[tuple[str, str]]:
        """Each policy's code with where it was given ("code_policies.tsv:12")."""
        for name in POLICY_NAMES:
            yield getattr(self, name), self.where.get(name, name)


#: The policies the file must give: every field of CodePolicies but ``where``.
POLICY_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(CodePolicies) if f.name != "where")


def parse_code_policies(text: str, name: str, ontology: Ontology) -> CodePolicies:
    """Read code_policies.tsv text (``name`` is the file, for messages); every code
    must be one of ``ontology``."""
    codes: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, raw_cells in header_rows(text, name, COLUMNS, what="code policies"):
        cells = [c.strip() for c in raw_cells]
        policy, code, note = cells
        if policy not in POLICY_NAMES:
            raise DataFileError(
                name, number, f"unknown code policy {policy!r}: the code reads {', '.join(POLICY_NAMES)}"
            )
        if policy in codes:
            raise DataFileError(name, number, f"code policy {policy!r} is already given (line {lines[policy]})")
        if code not in ontology:
            raise DataFileError(name, number, f"code policy {policy!r}: {code!r} is not a CAMEO code of the ontology")
        if not note:
            raise DataFileError(name, number, f"code policy {policy!r} has no note saying when it applies")
        codes[policy] = code
        lines[policy] = number
    missing = [p for p in POLICY_NAMES if p not in codes]
    if missing:
        raise DataFileError(name, None, f"no rows for the code policies the code reads: {', '.join(missing)}")
    where = {policy: f"{name}:{lines[policy]}" for policy in POLICY_NAMES}
    return CodePolicies(**codes, where=where)
