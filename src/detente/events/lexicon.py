"""The verb lexicon (data/verbs.tsv) and the composition table (data/composition.tsv).

verbs.tsv: ``code<TAB>pattern``. A pattern is a verb lemma (alternatives
joined by ``|``), then bare words that must attach to the verb as particles or
prepositions (``call for``, ``crack down on``), and at most one ``~lemma`` item
the head of the direct object must match (``hold ~talk|meeting``; ``~@actor``: the
object must name someone, a proper noun or pronoun: ``call ~@actor``). When the last
bare word is a preposition its object is the event's target. An item ``<from`` reverses the roles: that preposition's
object is the source and the verb's subject the target ("received aid from X").

composition.tsv: ``family<TAB>complement<TAB>result``. A wrapper verb of a
family (intent, appeal, demand, reject, threaten) over a complement event whose
code starts with ``complement`` yields ``result``; the longest matching prefix
wins, and an empty ``complement`` is the family's default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
import re
from importlib import resources
from pathlib import Path

from ..errors import DataFileError

_COMMENT = re.compile(r"\s+#.*$")
# A composition result that keeps the complement's own code (the wrapper only sets the modality).
KEEP = "="
PREPOSITIONS = frozenset(
    "about against across after at before between by for from in into of off on onto "
    "out over through to toward towards under upon with within without".split()
)


@dataclass(frozen=True)
class Pattern:
    code: str
    lemmas: frozenset[str]
    particles: tuple[str, ...]
    objects: frozenset[str] | None
    line: int  # line in the lexicon file: the rule that fired is named by it
    # "<from": this preposition's object is the source and the verb's subject the target
    # ("receive <from ~aid"); it may attach to the object: "received assurances from X".
    reverse: str | None = None

    @property
    def target_preposition(self) -> str | None:
        if self.particles and self.particles[-1] in PREPOSITIONS:
            return self.particles[-1]
        return None

    @property
    def specificity(self) -> int:
        return len(self.particles) + (1 if self.reverse else 0) + (1 if self.objects is not None else 0)

    @property
    def text(self) -> str:
        items = ["|".join(sorted(self.lemmas)), *self.particles, *([f"<{self.reverse}"] if self.reverse else [])]
        if self.objects is not None:
            items.append("~" + "|".join(sorted(self.objects)))
        return " ".join(items)


def parse_pattern(code: str, pattern: str, line: int, path: str) -> Pattern:
    items = pattern.split()
    if not items:
        raise DataFileError(path, line, "empty pattern")
    if items[0].startswith("~"):
        raise DataFileError(path, line, "a pattern must start with a verb lemma")
    lemmas = frozenset(items[0].lower().split("|"))
    particles: list[str] = []
    objects: frozenset[str] | None = None
    reverse: str | None = None
    for item in items[1:]:
        if item.startswith("<"):
            if reverse is not None or item[1:] not in PREPOSITIONS:
                raise DataFileError(path, line, f"bad reversed preposition {item!r}")
            reverse = item[1:]
        elif item.startswith("~"):
            if objects is not None:
                raise DataFileError(path, line, "at most one ~object item")
            objects = frozenset(x for x in item[1:].lower().split("|") if x)
            if not objects:
                raise DataFileError(path, line, "empty ~object item")
        else:
            particles.append(item.lower())
    if not code.isdigit() or len(code) < 2 or len(code) > 4:
        raise DataFileError(path, line, f"bad CAMEO code {code!r}")
    return Pattern(code, lemmas, tuple(particles), objects, line, reverse)


class Lexicon:
    """Verb patterns indexed by lemma, and the composition table."""

    def __init__(
        self,
        patterns: Iterable[Pattern],
        composition: Mapping[str, Mapping[str, str]],
    ) -> None:
        by_lemma: dict[str, list[Pattern]] = {}
        for p in patterns:
            for lemma in p.lemmas:
                by_lemma.setdefault(lemma, []).append(p)
        # Most specific first; file order breaks ties.
        self._by_lemma = {k: tuple(sorted(v, key=lambda p: (-p.specificity, p.line))) for k, v in by_lemma.items()}
        self._composition = {family: dict(table) for family, table in composition.items()}

    @classmethod
    def from_defaults(cls) -> Lexicon:
        data = resources.files("detente.data")
        return cls.from_text(
            data.joinpath("verbs.tsv").read_text(encoding="utf-8"),
            data.joinpath("composition.tsv").read_text(encoding="utf-8"),
            verbs_name="detente/data/verbs.tsv",
            composition_name="detente/data/composition.tsv",
        )

    @classmethod
    def from_files(cls, verbs: Path, composition: Path) -> Lexicon:
        return cls.from_text(
            verbs.read_text(encoding="utf-8"),
            composition.read_text(encoding="utf-8"),
            verbs_name=str(verbs),
            composition_name=str(composition),
        )

    @classmethod
    def from_text(cls, verbs: str, composition: str, *, verbs_name: str, composition_name: str) -> Lexicon:
        patterns = []
        for number, cells in _rows(verbs):
            if len(cells) != 2:
                raise DataFileError(verbs_name, number, f"expected 2 tab-separated columns, got {len(cells)}")
            patterns.append(parse_pattern(cells[0].strip(), cells[1].strip(), number, verbs_name))
        table: dict[str, dict[str, str]] = {}
        for number, cells in _rows(composition):
            if len(cells) != 3:
                raise DataFileError(composition_name, number, f"expected 3 tab-separated columns, got {len(cells)}")
            family, complement, result = (c.strip() for c in cells)
            if not result.isdigit() and result != KEEP:
                raise DataFileError(composition_name, number, f"bad result code {result!r}")
            table.setdefault(family, {})[complement] = result
        return cls(patterns, table)

    def candidates(self, lemma: str) -> Sequence[Pattern]:
        return self._by_lemma.get(lemma.lower(), ())

    def compose(self, family: str, complement: str) -> str | None:
        """The code for a wrapper of ``family`` over a complement event ``complement``."""
        table = self._composition.get(family)
        if table is None:
            return None
        for size in range(len(complement), -1, -1):
            hit = table.get(complement[:size])
            if hit is not None:
                return complement if hit == KEEP else hit
        return None


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        line = "" if raw.lstrip().startswith("#") else _COMMENT.sub("", raw)
        if not line.strip():
            continue
        yield number, line.split("\t")
