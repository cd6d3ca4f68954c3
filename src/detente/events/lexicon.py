"""The verb lexicon (data/verbs.tsv), the composition table (data/composition.tsv) and
the word classes of the extractor's grammar (data/word_classes.tsv).

verbs.tsv: ``code<TAB>pattern``, the code two to four digits. A pattern is items
joined by single spaces: a verb lemma (lower case, ``[a-z][a-z'-]*``; alternatives
joined by ``|``), then bare words that must attach to the verb as particles or
prepositions (``call for``, ``crack down on``), each from the closed class
``PARTICLES``, so that a noun written where a particle belongs ("open fire on") is an
error, and at most one ``~lemma`` item, last, the head of the direct object must match
(``hold ~talk|meeting``; ``~$talks``: any noun of the class ``talks`` in nouns.tsv, and
classes and nouns mix: ``~$weapons|equipment``; ``~@actor``: the object must name
someone, a proper noun or pronoun: ``call ~@actor``). When the last
bare word is a preposition its object is the event's target. An item ``<from`` reverses the roles: that preposition's
object is the source and the verb's subject the target ("received aid from X").
Whitespace then "#" starts a comment that runs to the end of the line.

The reader rejects, naming the file and line: an alternative listed twice, a line that
repeats an earlier entry, and two entries that give one (verb, particles, object noun)
different codes, with object classes expanded (the error names both lines). Whether
each code is in the ontology is checked when a coder is built (``Lexicon.codes``).

nouns.tsv: ``class<TAB>noun|noun|...``: the noun classes that object items name, so
that one verb entry covers a construction ("sent rifles", "sent drones") rather
than the nouns one sentence happened to use. A class may be given on several lines.

composition.tsv: ``family<TAB>complement<TAB>result``. A wrapper verb of a
family (``FAMILIES`` of events/words.py: intent, appeal, demand, reject, threaten,
consider, claim) over a complement event whose code starts with ``complement`` (digits)
yields ``result`` (a code, or ``=``: the complement's own); the longest matching prefix
wins, and an empty ``complement`` is the family's default. A family lists a prefix once.

word_classes.tsv: ``class<TAB>word[<TAB>note]``, the closed word lists the extractor
names (wrapper verbs, modals, prepositions ...); read by events/words.py, whose header
comment and the file's describe the format.

All four are read by ``detente.tsv.rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
import re
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from ..tsv import rows
from .words import FAMILIES, WordClasses, parse_word_classes

# A composition result that keeps the complement's own code (the wrapper only sets the modality).
KEEP = "="
PREPOSITIONS = frozenset(
    "about against across after at before between by for from in into of off on onto "
    "out over through to toward towards under upon with within without".split()
)
#: The bare words a pattern may carry after its verb: the prepositions, and the adverbial
#: particles of phrasal verbs ("pull out", "step down", "back down"). A closed class: a
#: word outside it is a noun or a typing error, and a noun belongs in a ~object item.
PARTICLES = PREPOSITIONS | frozenset(
    "ahead along apart around as aside away back behind down forth together up".split()
)
_CODE = re.compile(r"[0-9]{2,4}")
_COMPLEMENT = re.compile(r"[0-9]{0,4}")
_LEMMA = re.compile(r"[a-z][a-z'-]*")
# An object alternative: "@actor", a "$class" of nouns.tsv, or a noun lemma, which may
# carry a hyphen ("sit-in") or a letter outside ASCII ("communiqué").
_OBJECT = re.compile(r"@actor|\$[a-z][a-z_]*|[^\W\d_][\w'-]*")


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
    for number, (label, nouns) in rows(text, name, (2,), strip=True, trailing_comments=True):
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


def parse_composition(text: str, name: str) -> dict[str, dict[str, str]]:
    """Read composition.tsv: ``family<TAB>complement<TAB>result`` lines, as family ->
    complement prefix -> result."""
    table: dict[str, dict[str, str]] = {}
    where: dict[tuple[str, str], int] = {}
    for number, (family, complement, result) in rows(text, name, (3,), strip=True, trailing_comments=True):
        if family not in FAMILIES:
            raise DataFileError(name, number, f"unknown family {family!r}: the coder composes {', '.join(FAMILIES)}")
        if not _COMPLEMENT.fullmatch(complement):
            raise DataFileError(name, number, f"bad complement {complement!r}: want a code prefix or nothing")
        if not _CODE.fullmatch(result) and result != KEEP:
            raise DataFileError(name, number, f"bad result code {result!r}: want 2 to 4 digits or {KEEP!r}")
        earlier = where.setdefault((family, complement), number)
        if earlier != number:
            entry = f"{family} over {complement or '(default)'}"
            raise DataFileError(name, number, f"{entry} is given on line {earlier} too")
        table.setdefault(family, {})[complement] = result
    return table


def _objects(item: str, classes: NounClasses, line: int, path: str) -> frozenset[str]:
    """The lemmas of a ``~`` item, each ``$class`` replaced by its nouns."""
    out: set[str] = set()
    for word in item.split("|"):
        if word.startswith("$"):
            if word[1:] not in classes:
                raise DataFileError(path, line, f"unknown noun class {word!r} (nouns.tsv)")
            out |= classes[word[1:]]
        else:
            out.add(word)
    return frozenset(out)


def _alternatives(item: str, form: re.Pattern[str], want: str, line: int, path: str) -> list[str]:
    """The ``|``-joined alternatives of ``item``, each lower case and of ``form`` (else the
    error says it wants ``want``), none listed twice."""
    words = item.split("|")
    for i, word in enumerate(words):
        if not form.fullmatch(word) or word != word.lower():
            raise DataFileError(path, line, f"bad alternative {word!r} in {item!r}: want {want}")
        if word in words[:i]:
            raise DataFileError(path, line, f"{word!r} is listed twice in {item!r}")
    return words


def parse_pattern(code: str, pattern: str, line: int, path: str, classes: NounClasses | None = None) -> Pattern:
    """One entry of verbs.tsv, checked as the module docstring describes; ``line`` and
    ``path`` name it in a DataFileError."""
    if not _CODE.fullmatch(code):
        raise DataFileError(path, line, f"bad CAMEO code {code!r}: want 2 to 4 digits")
    if not pattern.strip():
        raise DataFileError(path, line, "empty pattern")
    if pattern != pattern.strip():
        raise DataFileError(path, line, f"leading or trailing whitespace in the pattern {pattern!r}")
    items = pattern.split(" ")
    if "" in items:
        raise DataFileError(path, line, f"doubled space in the pattern {pattern!r}: items are joined by one space")
    if items[0].startswith("~"):
        raise DataFileError(path, line, "a pattern must start with a verb lemma")
    lemmas = frozenset(_alternatives(items[0], _LEMMA, "a lower-case verb lemma, [a-z][a-z'-]*", line, path))
    particles: list[str] = []
    objects: frozenset[str] | None = None
    object_text = ""
    reverse: str | None = None
    for item in items[1:]:
        if objects is not None:
            if item.startswith("~"):
                raise DataFileError(path, line, "at most one ~object item")
            raise DataFileError(path, line, f"the ~object item must come last, not before {item!r}")
        if item.startswith("<"):
            if reverse is not None or item[1:] not in PREPOSITIONS:
                raise DataFileError(path, line, f"bad reversed preposition {item!r}")
            reverse = item[1:]
        elif item.startswith("~"):
            if not item.strip("~|"):
                raise DataFileError(path, line, "empty ~object item")
            nouns = _alternatives(item[1:], _OBJECT, "a lower-case noun lemma, $class or @actor", line, path)
            object_text = "|".join(nouns)
            objects = _objects(object_text, classes or {}, line, path)
        elif item in PARTICLES:
            particles.append(item)
        else:
            raise DataFileError(path, line, f"{item!r} is no particle (lexicon.PARTICLES); a noun goes in the ~ item")
    return Pattern(code, lemmas, tuple(particles), objects, line, reverse, object_text)


def _check_entries(patterns: Sequence[Pattern], path: str) -> None:
    """No entry repeats an earlier one, and no (verb, particles, object noun), classes
    expanded, is given two codes: the second line is the error, naming the first."""
    written: dict[tuple[str, str], int] = {}
    seen: dict[tuple[str, tuple[str, ...], str | None, str | None], Pattern] = {}
    for p in patterns:
        earlier = written.setdefault((p.code, p.text), p.line)
        if earlier != p.line:
            raise DataFileError(path, p.line, f"{p.code} {p.text!r} repeats line {earlier}")
        for lemma in sorted(p.lemmas):
            for noun in sorted(p.objects) if p.objects is not None else [None]:
                other = seen.setdefault((lemma, p.particles, p.reverse, noun), p)
                if other.code != p.code:
                    reverse = [f"<{p.reverse}"] if p.reverse else []
                    key = " ".join([lemma, *p.particles, *reverse, *([f"~{noun}"] if noun else [])])
                    raise DataFileError(
                        path, p.line, f"{key!r} is given code {p.code} here and {other.code} on line {other.line}"
                    )


class Lexicon:
    """Verb patterns indexed by lemma, the composition table, and the word classes
    (``words``; None when the lexicon was read without them, as for checking a verb
    file alone: the event extractor needs them)."""

    def __init__(
        self,
        patterns: Iterable[Pattern],
        composition: Mapping[str, Mapping[str, str]],
        words: WordClasses | None = None,
        *,
        verbs_name: str = "verbs.tsv",
        composition_name: str = "composition.tsv",
    ) -> None:
        self.words = words
        # The files the patterns and the table came from, for Lexicon.codes().
        self._verbs_name = verbs_name
        self._composition_name = composition_name
        self._patterns = tuple(patterns)
        by_lemma: dict[str, list[Pattern]] = {}
        for p in self._patterns:
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
        patterns = [
            parse_pattern(code, pattern, number, verbs_name, classes)
            for number, (code, pattern) in rows(verbs, verbs_name, (2,), trailing_comments=True)
        ]
        _check_entries(patterns, verbs_name)
        table = parse_composition(composition, composition_name)
        words = parse_word_classes(word_classes, word_classes_name) if word_classes is not None else None
        return cls(patterns, table, words, verbs_name=verbs_name, composition_name=composition_name)

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every verb pattern, in the order given (file order, for a lexicon read from one)."""
        return self._patterns

    def codes(self) -> Iterator[tuple[str, str]]:
        """Every CAMEO code the lexicon can give, with where it is written (the file and
        line of a verb pattern): checked against the ontology when a coder is built (an
        unknown code is an error there)."""
        for p in self._patterns:
            yield p.code, f"{self._verbs_name} line {p.line}"
        for family, table in self._composition.items():
            for complement, result in table.items():
                if result != KEEP:
                    yield result, f"{self._composition_name}: {family} over {complement or '(default)'}"

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
