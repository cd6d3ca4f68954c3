"""The bundled verb lexicon, detente/data/verbs.tsv, checked line by line.

The validator here is written independently of the coder's parser, from the format
documented at the top of verbs.tsv, so that a file the coder would misread fails here.
"""

from __future__ import annotations

import importlib.resources
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import product

import pytest

from detente.events.ontology import Ontology

_WORD = r"[a-z][a-z'-]*"
# The verb: one lemma or spellings joined by "|": "criticize|criticise".
VERB_RE = re.compile(rf"^{_WORD}(\|{_WORD})*$")
# Particles and prepositions a verb may carry ("out", "with", "down"); a closed class, so
# a noun written as a bare word ("open fire on" for "open on ~fire") is caught.
PARTICLES = frozenset(
    "about across after against ahead along apart around as aside at away back behind"
    " between by down for forth from in into of off on onto out over through to together"
    " toward towards under up upon with without".split()
)
# The object constraint: "~sanction|embargo". Lemmas may carry a hyphen ("sit-in") or a
# non-ASCII letter ("communiqué").
# "~@actor": the object must name someone (a proper noun or pronoun).
# "$weapons": a noun class of nouns.tsv.
_NOUN = r"\$?[^\W\d_][\w'-]*"
OBJECT_RE = re.compile(rf"^~(@actor|{_NOUN}(\|{_NOUN})*)$")
CODE_RE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True)
class Entry:
    line: int
    code: str
    verbs: tuple[str, ...]
    particles: tuple[str, ...]
    objects: tuple[str, ...]  # empty: no object constraint; "$x" names a noun class
    nouns: tuple[str, ...] = ()  # the objects with every class expanded

    @property
    def pattern(self) -> str:
        parts = ["|".join(self.verbs), *self.particles]
        if self.objects:
            parts.append("~" + "|".join(self.objects))
        return " ".join(parts)

    def keys(self) -> list[tuple[str, tuple[str, ...], str | None]]:
        """Every (verb, particles, object) combination the entry matches."""
        objects: tuple[str | None, ...] = self.nouns or self.objects or (None,)
        return [(v, self.particles, o) for v, o in product(self.verbs, objects)]


def parse_line(number: int, raw: str) -> Entry | None:
    """One line of verbs.tsv; None for comments and blank lines. Raises ValueError."""
    if not raw.strip() or raw.startswith("#"):
        return None
    if raw != raw.strip():
        raise ValueError(f"line {number}: leading or trailing whitespace")
    columns = raw.split("\t")
    if len(columns) != 2:
        raise ValueError(f"line {number}: expected 'code<TAB>pattern', got {raw!r}")
    code, pattern = columns
    if not CODE_RE.match(code):
        raise ValueError(f"line {number}: code {code!r} is not 2-4 digits")
    items = pattern.split(" ")
    if any(item == "" for item in items):
        raise ValueError(f"line {number}: doubled or stray space in {pattern!r}")
    verb, rest = items[0], items[1:]
    if not VERB_RE.match(verb):
        raise ValueError(f"line {number}: verb {verb!r} is not a lower-case lemma")
    particles: list[str] = []
    objects: tuple[str, ...] = ()
    for position, item in enumerate(rest):
        if item.startswith("~"):
            if objects:
                raise ValueError(f"line {number}: more than one ~object item")
            if position != len(rest) - 1:
                raise ValueError(f"line {number}: the ~object item must come last")
            if not OBJECT_RE.match(item) or item != item.lower():
                raise ValueError(f"line {number}: malformed object item {item!r}")
            objects = tuple(item[1:].split("|"))
        elif item in PARTICLES:
            particles.append(item)
        elif item.startswith("<") and item[1:] in PARTICLES:
            particles.append(item)  # "<from": that preposition's object is the source
        else:
            raise ValueError(f"line {number}: malformed item {item!r}")
    verbs = tuple(verb.split("|"))
    if len(set(verbs)) != len(verbs) or len(set(objects)) != len(objects):
        raise ValueError(f"line {number}: an alternative is listed twice")
    return Entry(number, code, verbs, tuple(particles), objects)


def read_text(name: str = "verbs.tsv") -> str:
    resource = importlib.resources.files("detente.data").joinpath(name)
    return resource.read_text(encoding="utf-8")


def noun_classes(text: str) -> dict[str, set[str]]:
    """nouns.tsv, read from its documented format: class<TAB>noun|$class|..."""
    classes: dict[str, set[str]] = {}
    for raw in text.splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, nouns = raw.split("\t")
        for noun in nouns.split("|"):
            classes.setdefault(name, set()).update(classes[noun[1:]] if noun.startswith("$") else {noun})
    return classes


def expand(entry: Entry, classes: dict[str, set[str]]) -> Entry:
    nouns: set[str] = set()
    for item in entry.objects:
        nouns |= classes[item[1:]] if item.startswith("$") else {item}
    return Entry(entry.line, entry.code, entry.verbs, entry.particles, entry.objects, tuple(sorted(nouns)))


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    classes = noun_classes(read_text("nouns.tsv"))
    parsed = [parse_line(n, raw) for n, raw in enumerate(read_text().splitlines(), start=1)]
    return [expand(e, classes) for e in parsed if e is not None]


def test_every_noun_class_named_exists(entries: list[Entry]) -> None:
    classes = noun_classes(read_text("nouns.tsv"))
    named = {item[1:] for e in entries for item in e.objects if item.startswith("$")}
    assert named and named <= set(classes)


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return Ontology.from_defaults()


# --- the validator itself -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "042\tvisit",
        "046\thold ~negotiation",
        "163\timpose ~sanction|embargo",
        "111\tcriticize|criticise",
        "0874\tpull out ~troop|force",
        "141\tstage|stag ~sit-in",
        "020\tcall on",
    ],
)
def test_validator_accepts(line: str) -> None:
    assert parse_line(1, line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "042 visit",  # no tab
        "042\tvisit\textra",  # three columns
        "42a\tvisit",  # bad code
        "042\tVisit",  # not a lemma
        "042\tvisit  to",  # doubled space
        "163\timpose ~sanction ~embargo",  # two object items
        "163\t~sanction impose",  # object first
        "163\timpose ~sanction out",  # object not last
        "163\timpose ~",  # empty object
        "163\timpose ~sanction||embargo",  # empty alternative
        "163\timpose ~sanction|sanction",  # repeated alternative
        "042\tvisit to,",  # punctuation
        "190\topen fire on",  # a noun where a particle belongs
        "042\tvisit ",  # trailing space
    ],
)
def test_validator_rejects(line: str) -> None:
    with pytest.raises(ValueError):
        parse_line(7, line)


def test_validator_skips_comments_and_blanks() -> None:
    assert parse_line(1, "# a comment") is None
    assert parse_line(2, "") is None


# --- the bundled file -------------------------------------------------------------------


def test_file_has_a_documented_header() -> None:
    head = read_text().splitlines()[0]
    assert head.startswith("#")


def test_every_line_parses(entries: list[Entry]) -> None:
    assert len(entries) >= 600


def test_every_code_exists(entries: list[Entry], ontology: Ontology) -> None:
    unknown = [(e.line, e.code) for e in entries if e.code not in ontology]
    assert unknown == []


def test_every_root_is_covered(entries: list[Entry]) -> None:
    roots = {e.code[:2] for e in entries}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


def test_main_codes_have_several_verbs(entries: list[Entry]) -> None:
    by_code: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        by_code[entry.code].update(entry.verbs)
    for code in ("010", "020", "030", "040", "042", "046", "051", "057", "111", "112",
                 "120", "130", "141", "163", "173", "190"):
        assert len(by_code[code]) >= 2, code


def test_no_pattern_maps_to_two_codes(entries: list[Entry]) -> None:
    """After expanding alternatives, one (verb, particles, object) has one code."""
    seen: dict[tuple[str, tuple[str, ...], str | None], Entry] = {}
    conflicts: list[str] = []
    for entry in entries:
        for key in entry.keys():
            earlier = seen.setdefault(key, entry)
            if earlier.code != entry.code:
                conflicts.append(
                    f"{key}: line {earlier.line} -> {earlier.code}, line {entry.line} -> {entry.code}"
                )
    assert conflicts == []


def test_no_exact_duplicate_lines(entries: list[Entry]) -> None:
    keys = [(e.code, e.pattern) for e in entries]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert duplicates == set()


@pytest.mark.parametrize(
    ("pattern", "code"),
    [
        ("say", "010"),
        ("visit", "042"),
        ("criticize|criticise", "111"),
        ("accuse", "112"),
        ("arrest", "173"),
        ("impose ~$sanctions|boycott|duty", "163"),
        ("open ~fire", "190"),
        ("step down", "0831"),
    ],
)
def test_known_entries(entries: list[Entry], pattern: str, code: str) -> None:
    """A few entries whose code is beyond doubt, to catch a shifted or mangled file."""
    assert any(e.pattern == pattern and e.code == code for e in entries)


def test_object_entries_extend_a_verb_with_specific_meaning(
    entries: list[Entry], ontology: Ontology
) -> None:
    """Light verbs get their code from the object: 'impose' alone codes nothing."""
    bare = {(v, e.particles) for e in entries if not e.objects for v in e.verbs}
    assert ("impose", ()) not in bare
    assert ("sign", ()) not in bare
    assert ontology.get("163").name.startswith("Impose embargo")
