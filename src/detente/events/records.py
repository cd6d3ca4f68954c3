"""The two records the extraction modules share: the sentence being read
(``SentenceContext``) and an event found in it (``Candidate``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors.kb import SectorCodes
from ..actors.resolver import ActorRef, ActorResolver, DocumentMemory
from ..model import Modality
from .policies import CodePolicies
from .words import WordClasses

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan


@dataclass(frozen=True)
class Candidate:
    """An event found in a sentence, before dates and ontology lookups."""

    code: str
    rule: str
    trigger: tuple[int, ...]  # token indices, outermost first
    source: ActorRef
    target: ActorRef | None
    modality: Modality
    confidence: float


@dataclass(frozen=True)
class SentenceContext:
    """One sentence under extraction, and what reads its actors.

    ``found`` holds the actors the resolver found in the sentence, by token index;
    ``memory`` the document's earlier actors, for pronouns (and it is written as the
    sentence is read). ``index`` is the sentence's place in the document. ``words``
    and ``policies`` are the grammar's word classes and code policies.
    """

    span: SpacySpan
    index: int
    found: dict[int, ActorRef]
    memory: DocumentMemory
    resolver: ActorResolver
    words: WordClasses
    policies: CodePolicies

    @property
    def sectors(self) -> SectorCodes:
        """The sector codes and their classes, of the resolver's knowledge base."""
        return self.resolver.kb.sector_codes
