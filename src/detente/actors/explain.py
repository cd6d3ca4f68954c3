"""Why each mention of a text codes as it does (``detente actors``): the code, the
knowledge-base row or rule that decided it, and the candidates it passed over.

The caller (``Coder.actors``) parses the text and reads it with the same resolver and
document memory as coding does; this module only records and words what they found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .kb import Entry, KnowledgeBase, normalize
from .resolver import ActorRef


@dataclass(frozen=True)
class Rejected:
    """A candidate code the mention did not take, and why."""

    code: str
    why: str
    origin: str | None = None  # its knowledge-base row, "people.tsv:123"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "why": self.why, "origin": self.origin}


@dataclass(frozen=True)
class MentionExplanation:
    """One mention: where it is, the code it takes, what decided it, what it passed over."""

    sentence: int
    text: str
    start: int  # character offsets in the text
    end: int
    code: str
    kind: str  # an ActorKind value, or "phrase" for a noun phrase read by its role
    basis: str
    members: tuple[str, ...] = ()
    rejected: tuple[Rejected, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "code": self.code,
            "kind": self.kind,
            "basis": self.basis,
            "members": list(self.members),
            "rejected": [r.to_dict() for r in self.rejected],
        }


@dataclass(frozen=True)
class ActorsExplanation:
    date: str | None
    mentions: tuple[MentionExplanation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "mentions": [m.to_dict() for m in self.mentions]}


def rejected_entries(kb: KnowledgeBase, name: str, chosen: ActorRef, on: dt.date | None) -> tuple[Rejected, ...]:
    """The other entries of a name the mention did not take, each with the reason."""
    out: list[Rejected] = []
    for entry in kb.entries_named(name):
        if entry.code == chosen.code and entry.valid_on(on):
            continue  # the entry taken, or one that says the same
        out.append(Rejected(entry.code, _why_not(entry, chosen, on), entry.origin))
    return tuple(out)


def _why_not(entry: Entry, chosen: ActorRef, on: dt.date | None) -> str:
    if not entry.valid_on(on):
        return f"holds from {entry.start or '…'} to {entry.end or '…'}, not on {on}"
    if entry.kind.value == "person" and chosen.kind.value != "person":
        return "a person's name; the organisation or place of that name comes first"
    return "another entry of this name that started earlier"


def name_text(words: Iterable[str]) -> str:
    return normalize(" ".join(words))
