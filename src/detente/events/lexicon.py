"""The verb lexicon (data/verbs.tsv), the composition table (data/composition.tsv) and
the word classes of the extractor's grammar (data/word_classes.tsv).

verbs.tsv: ``code<TAB>pattern``. A pattern is a verb lemma (alternatives
joined by ``|``), then bare words that must attach to the verb as particles or
prepositions (``call for``, ``crack down on``), and at most one ``~lemma`` item
the head of the direct object must match (``hold ~talk|meeting``; ``~$talks``: any
noun of the class ``talks`` in nouns.tsv, and classes and nouns mix:
``~$weapons|equipment``; ``~@actor``: the object must name someone, a proper noun
or pronoun: ``call ~@actor``). When the last
bare word is a preposition its object is the event's target. An item ``<from`` reverses the roles: that preposition's
object is the source and the verb's subject the target ("received aid from X").

nouns.tsv: ``class<TAB>noun|noun|...``: the noun classes that object items name, so
that one verb entry covers a construction ("sent rifles", "sent drones") rather
than the nouns one sentence happened to use. A class may be given on several lines.

composition.tsv: ``family<TAB>complement<TAB>result``. A wrapper verb of a
family (intent, appeal, demand, reject, threaten) over a complement event whose
code starts with ``complement`` yields ``result``; the longest matching prefix
wins, and an empty ``complement`` is the family's default.

word_classes.tsv: ``class<TAB>word[<TAB>note]``, the closed word lists the extractor
names (wrapper verbs, modals, prepositions ...); read by events/words.py, whose header
comment and the file's describe the format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
import re
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from .words import WordClasses, parse_word_classes

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
    # The ~ item as written, classes unexpanded ("$weapons|equipment"): what the rule shows.
    object_text: str = ""

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
            items.append("~" + (self.object_text or "|".join(sorted(self.objects))))
        return " ".join(items)


NounClasses = Mapping[str, frozenset[str]]


def parse_noun_classes(text: str, name: str) -> dict[str, frozenset[str]]:
    """Read nouns.tsv: ``class<TAB>noun|noun|...`` lines; a class may span lines."""
    classes: dict[str, set[str]] = {}
    for number, cells in _rows(text):
        if len(cells) != 2:
            raise DataFileError(name, number, f"expected 2 tab-separated columns, got {len(cells)}")
        label, nouns = cells[0].strip(), cells[1].strip()
        if not re.fullmatch(r"[a-z][a-z_]*", label):
            raise DataFileError(name, number, f"bad class name {label!r}: lower-case letters and _ only")
        words = [w for w in nouns.lower().split("|") if w]
        if not words or any(not re.fullmatch(r"\$?[a-z][a-z_'-]*", w) for w in words):
            raise DataFileError(name, number, f"want noun lemmas or $classes joined by |, got {nouns!r}")
        members = classes.setdefault(label, set())
        for word in words:
            if not word.startswith("$"):
                members.add(word)
            elif word[1:] in classes and word[1:] != label:
                members |= classes[word[1:]]
            else:
                raise DataFileError(name, number, f"{word!r} names no class defined on an earlier line")
    return {label: frozenset(words) for label, words in classes.items()}


def _objects(item: str, classes: NounClasses, line: int, path: str) -> frozenset[str]:
    """The lemmas of a ``~`` item, each ``$class`` replaced by its nouns."""
    out: set[str] = set()
    for word in item.lower().split("|"):
        if word.startswith("$"):
            if word[1:] not in classes:
                raise DataFileError(path, line, f"unknown noun class {word!r} (nouns.tsv)")
            out |= classes[word[1:]]
        elif word:
            out.add(word)
    return frozenset(out)


def parse_pattern(code: str, pattern: str, line: int, path: str, classes: NounClasses | None = None) -> Pattern:
    items = pattern.split()
    if not items:
        raise DataFileError(path, line, "empty pattern")
    if items[0].startswith("~"):
        raise DataFileError(path, line, "a pattern must start with a verb lemma")
    lemmas = frozenset(items[0].lower().split("|"))
    particles: list[str] = []
    objects: frozenset[str] | None = None
    object_text = ""
    reverse: str | None = None
    for item in items[1:]:
        if item.startswith("<"):
            if reverse is not None or item[1:] not in PREPOSITIONS:
                raise DataFileError(path, line, f"bad reversed preposition {item!r}")
            reverse = item[1:]
        elif item.startswith("~"):
            if objects is not None:
                raise DataFileError(path, line, "at most one ~object item")
            objects = _objects(item[1:], classes or {}, line, path)
            object_text = item[1:].lower()
            if not objects:
                raise DataFileError(path, line, "empty ~object item")
        else:
            particles.append(item.lower())
    if not code.isdigit() or len(code) < 2 or len(code) > 4:
        raise DataFileError(path, line, f"bad CAMEO code {code!r}")
    return Pattern(code, lemmas, tuple(particles), objects, line, reverse, object_text)


class Lexicon:
    """Verb patterns indexed by lemma, the composition table, and the word classes
    (``words``; None when the lexicon was read without them, as for checking a verb
    file alone: the event extractor needs them)."""

    def __init__(
        self,
        patterns: Iterable[Pattern],
        composition: Mapping[str, Mapping[str, str]],
        words: WordClasses | None = None,
    ) -> None:
        self.words = words
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
            nouns=data.joinpath("nouns.tsv").read_text(encoding="utf-8"),
            nouns_name="detente/data/nouns.tsv",
            word_classes=data.joinpath("word_classes.tsv").read_text(encoding="utf-8"),
            word_classes_name="detente/data/word_classes.tsv",
        )

    @classmethod
    def from_files(
        cls, verbs: Path, composition: Path, nouns: Path | None = None, word_classes: Path | None = None
    ) -> Lexicon:
        return cls.from_text(
            verbs.read_text(encoding="utf-8"),
            composition.read_text(encoding="utf-8"),
            verbs_name=str(verbs),
            composition_name=str(composition),
            nouns=nouns.read_text(encoding="utf-8") if nouns is not None else "",
            nouns_name=str(nouns),
            word_classes=word_classes.read_text(encoding="utf-8") if word_classes is not None else None,
            word_classes_name=str(word_classes),
        )

    @classmethod
    def from_text(
        cls,
        verbs: str,
        composition: str,
        *,
        verbs_name: str,
        composition_name: str,
        nouns: str = "",
        nouns_name: str = "nouns.tsv",
        word_classes: str | None = None,
        word_classes_name: str = "word_classes.tsv",
    ) -> Lexicon:
        classes = parse_noun_classes(nouns, nouns_name)
        patterns = []
        for number, cells in _rows(verbs):
            if len(cells) != 2:
                raise DataFileError(verbs_name, number, f"expected 2 tab-separated columns, got {len(cells)}")
            patterns.append(parse_pattern(cells[0].strip(), cells[1].strip(), number, verbs_name, classes))
        table: dict[str, dict[str, str]] = {}
        for number, cells in _rows(composition):
            if len(cells) != 3:
                raise DataFileError(composition_name, number, f"expected 3 tab-separated columns, got {len(cells)}")
            family, complement, result = (c.strip() for c in cells)
            if not result.isdigit() and result != KEEP:
                raise DataFileError(composition_name, number, f"bad result code {result!r}")
            table.setdefault(family, {})[complement] = result
        words = parse_word_classes(word_classes, word_classes_name) if word_classes is not None else None
        return cls(patterns, table, words)

    def codes(self) -> Iterator[tuple[str, str]]:
        """Every CAMEO code the lexicon can give, with where it is written: checked
        against the ontology when a coder is built (an unknown code is an error there)."""
        seen: set[int] = set()
        for patterns in self._by_lemma.values():
            for p in patterns:
                if id(p) not in seen:
                    seen.add(id(p))
                    yield p.code, f"verbs.tsv line {p.line}"
        for family, table in self._composition.items():
            for complement, result in table.items():
                if result != KEEP:
                    yield result, f"composition.tsv: {family} over {complement or '(default)'}"

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
