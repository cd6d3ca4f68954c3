"""The word classes of the extractor's grammar (data/word_classes.tsv), read and checked.

The file's format is described in its header: ``class<TAB>word[<TAB>note]``, one word a
line. ``parse_word_classes`` turns its text into a ``WordClasses``, one read-only
frozenset per class, and reports the file and line of every error: a class the code
does not read, a word listed twice in a class, a word in two wrapper families. A class
the code reads but the file leaves out is an error too, naming the class.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..errors import DataFileError
from ..tsv import rows

_WORD = re.compile(r"\S(?:.*\S)?")


@dataclass(frozen=True)
class WordClasses:
    """One frozenset of lower-case words per class of data/word_classes.tsv, where the
    comment above each class says what the extractor does with it."""

    # Composition (frame.py): wrapper verbs by family, then the other wrappers.
    intent_wrappers: frozenset[str]
    appeal_wrappers: frozenset[str]
    demand_wrappers: frozenset[str]
    reject_wrappers: frozenset[str]
    threaten_wrappers: frozenset[str]
    consider_wrappers: frozenset[str]
    intent_adjectives: frozenset[str]
    demand_noun_wrappers: frozenset[str]
    appeal_noun_wrappers: frozenset[str]
    intent_noun_wrappers: frozenset[str]
    threaten_noun_wrappers: frozenset[str]
    ultimatum_nouns: frozenset[str]
    deadline_verbs: frozenset[str]
    making_verbs: frozenset[str]
    asserting_wrappers: frozenset[str]
    object_control_verbs: frozenset[str]
    infinitive_only_wrappers: frozenset[str]
    transparent_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    # Reporting.
    say_verbs: frozenset[str]
    warn_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    accusing_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    refuting_verbs: frozenset[str]
    falsity_words: frozenset[str]
    hedges: frozenset[str]
    # Modality.
    demand_modals: frozenset[str]
    appeal_modals: frozenset[str]
    future_modals: frozenset[str]
    weak_modals: frozenset[str]
    schedule_words: frozenset[str]
    conditional_marks: frozenset[str]
    failure_verbs: frozenset[str]
    negative_determiners: frozenset[str]
    negative_subjects: frozenset[str]
    no_state_nouns: frozenset[str]
    # Arguments.
    target_prepositions: frozenset[str]
    locative_prepositions: frozenset[str]
    venue_prepositions: frozenset[str]
    reaction_verbs: frozenset[str]
    reaction_nouns: frozenset[str]
    aim_nouns: frozenset[str]
    stative_participles: frozenset[str]
    definite_determiners: frozenset[str]
    topic_verbs: frozenset[str]
    pair_heads: frozenset[str]
    document_nouns: frozenset[str]
    place_nouns: frozenset[str]
    quantifier_nouns: frozenset[str]
    container_nouns: frozenset[str]
    # Force.
    attack_nouns: frozenset[str]
    weapon_nouns: frozenset[str]
    aerial_weapons: frozenset[str]
    artillery_weapons: frozenset[str]

    # Derived from the classes above, not read from the file.
    force_nouns: frozenset[str] = field(init=False, repr=False)
    _verb_families: tuple[tuple[str, frozenset[str]], ...] = field(init=False, repr=False)
    _noun_families: tuple[tuple[str, frozenset[str]], ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # A frozen dataclass sets its derived fields through object.__setattr__.
        object.__setattr__(self, "force_nouns", self.attack_nouns | self.weapon_nouns)
        object.__setattr__(
            self,
            "_verb_families",
            (
                ("intent", self.intent_wrappers),
                ("appeal", self.appeal_wrappers),
                ("demand", self.demand_wrappers),
                ("reject", self.reject_wrappers),
                ("threaten", self.threaten_wrappers),
                ("consider", self.consider_wrappers),
            ),
        )
        object.__setattr__(
            self,
            "_noun_families",
            (
                ("demand", self.demand_noun_wrappers),
                ("appeal", self.appeal_noun_wrappers),
                ("intent", self.intent_noun_wrappers),
                ("threaten", self.threaten_noun_wrappers),
            ),
        )

    def wrapper_family(self, lemma: str) -> str | None:
        """The composition family a wrapper verb opens ("agree" → intent), if any."""
        return next((family for family, words in self._verb_families if lemma in words), None)

    def noun_wrapper_family(self, lemma: str) -> str | None:
        """The composition family a wrapper noun opens ("demand" → demand), if any."""
        return next((family for family, words in self._noun_families if lemma in words), None)


#: The composition families, the first column of composition.tsv (read by events/lexicon.py):
#: those the wrapper classes open (WordClasses.wrapper_family, noun_wrapper_family) and
#: "claim", which frame.py opens for a claim verb over a clause ("claimed that it had attacked").
FAMILIES: tuple[str, ...] = ("intent", "appeal", "demand", "reject", "threaten", "consider", "claim")
#: The classes the file must give: every field of WordClasses that __init__ takes.
CLASS_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(WordClasses) if f.init)
#: Classes whose words name one composition family each: a word may be in one of a group only.
_EXCLUSIVE: tuple[frozenset[str], ...] = (
    frozenset(
        {"intent_wrappers", "appeal_wrappers", "demand_wrappers", "reject_wrappers", "threaten_wrappers", "consider_wrappers"}
    ),
    frozenset({"demand_noun_wrappers", "appeal_noun_wrappers", "intent_noun_wrappers", "threaten_noun_wrappers"}),
)


def parse_word_classes(text: str, name: str) -> WordClasses:
    """Read word_classes.tsv text (``name`` is the file, for messages)."""
    words: dict[str, dict[str, int]] = {}  # class -> word -> line
    for number, cells in rows(text, name, (2, 3)):
        label, word = cells[0].strip(), cells[1]
        if label not in CLASS_NAMES:
            raise DataFileError(name, number, f"unknown word class {label!r}: the code reads {', '.join(CLASS_NAMES)}")
        if not _WORD.fullmatch(word) or word != word.lower():
            raise DataFileError(name, number, f"want one lower-case word without outer spaces, got {word!r}")
        seen = words.setdefault(label, {})
        if word in seen:
            raise DataFileError(name, number, f"{word!r} is already in class {label!r} (line {seen[word]})")
        for group in (g for g in _EXCLUSIVE if label in g):
            other = next((c for c in sorted(group - {label}) if word in words.get(c, {})), None)
            if other is not None:
                raise DataFileError(
                    name, number, f"{word!r} is in {label!r} and in {other!r} (line {words[other][word]}): one family only"
                )
        seen[word] = number
    missing = [label for label in CLASS_NAMES if label not in words]
    if missing:
        raise DataFileError(name, None, f"no words for the word classes the code reads: {', '.join(missing)}")
    return WordClasses(**{label: frozenset(words[label]) for label in CLASS_NAMES})
