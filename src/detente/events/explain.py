"""Why a text codes as it does: the trace of its extraction, and the explanation made of it.

The extractor records into a ``SentenceTrace`` only when one is passed to it
(``EventExtractor.extract(..., trace=...)``; the normal path records nothing): each verb it
considered, the frame its clause was found in (frame.py), the candidates each clause gave,
and the candidate list before and after each named rule of ``rules.RULES``. The coder adds
what it does after the rules (the home country of context/home.py) and the event each
remaining candidate became (``DocumentTrace.event``).

Candidates are frozen values, so the trace follows one through the rules by comparing the
lists before and after each rule: a candidate found unchanged after the rule is the same
one; one missing after it was changed, when a new candidate stands on the same trigger,
source and target (the rule changed its code, modality or confidence), else dropped; a new
candidate standing on no missing one was added by the rule.

``explain_document`` turns the trace into plain frozen records (``Explanation``), with the
parse and actors of each sentence, for ``Coder.explain`` and ``detente explain``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING, Any

from ..actors.resolver import ActorRef, DocumentMemory
from ..model import Document, Event
from .records import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .frame import Frame
    from .lexicon import Pattern

#: What ``Candidate`` fields a change is reported on, in this order.
_COMPARED = ("code", "modality", "confidence", "rule", "trigger", "source", "target")


# --- the records of an explanation ------------------------------------------------
@dataclass(frozen=True)
class TokenInfo:
    """One token of the parse; ``index`` and ``head`` are the token indices candidates use."""

    index: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int


@dataclass(frozen=True)
class EntityInfo:
    """A named entity spaCy found (tokens ``first`` to ``last``, end exclusive)."""

    text: str
    label: str
    first: int
    last: int


@dataclass(frozen=True)
class ActorInfo:
    """An actor the resolver found, over tokens ``first`` to ``last`` (end exclusive)."""

    text: str
    code: str
    kind: str
    country: str | None
    sector: str | None
    first: int
    last: int
    weak: bool
    pronoun: bool


@dataclass(frozen=True)
class ClauseInfo:
    """A verb the extractor considered, in the order it read them (innermost clause first).

    ``lexicon`` is the verbs.tsv entry the verb matched; ``family``, ``wrapper``,
    ``composition`` and ``modality`` come from the frame the clause was found in, and
    ``own_modality`` from the clause's own negation and modal. ``skipped`` says why a verb
    was not read as a clause (the wrapper an inner clause was composed with).
    """

    verb: int
    text: str
    lemma: str
    lexicon: str | None
    transparent: bool  # a transparent verb ("began to", "tried to"): its entry set aside
    family: str | None
    wrapper: int | None
    wrapper_text: str | None
    composition: str
    modality: str | None
    own_modality: str | None
    skipped: str | None
    candidates: int


@dataclass(frozen=True)
class CandidateState:
    """A candidate event as it stood at one point of the extraction."""

    code: str
    rule: str
    trigger: tuple[int, ...]
    trigger_text: str
    source: ActorInfo
    target: ActorInfo | None
    modality: str
    confidence: float


@dataclass(frozen=True)
class Change:
    """What one step (a rule of ``RULES``, or ``at_home(...)``) changed in a candidate."""

    step: str
    fields: tuple[str, ...]
    before: CandidateState
    after: CandidateState


@dataclass(frozen=True)
class CandidateInfo:
    """One candidate through the extraction: where it came from (``origin``: "clause", or
    the rule that added it), the lexicon entry and composition its rule names, how it was
    found, what changed it, what dropped it, and the event it became (``event_id``;
    ``shown`` is False for an event ``detente code`` leaves out by its modality)."""

    number: int
    origin: str
    lexicon: str | None
    composition: str | None
    found: CandidateState
    changes: tuple[Change, ...]
    final: CandidateState
    dropped_by: str | None
    event_id: str | None
    shown: bool


@dataclass(frozen=True)
class SentenceExplanation:
    index: int
    text: str
    tokens: tuple[TokenInfo, ...]
    entities: tuple[EntityInfo, ...]
    names: tuple[ActorInfo, ...]  # the knowledge base's names (resolver.find_names)
    phrases: tuple[ActorInfo, ...]  # other noun phrases read as actors (recorded for pronouns)
    clauses: tuple[ClauseInfo, ...]
    candidates: tuple[CandidateInfo, ...]


@dataclass(frozen=True)
class Explanation:
    """Why a text codes as it does, sentence by sentence; ``events`` are the events
    ``Coder.code`` gives for the same text and date."""

    text: str
    date: str | None
    sentences: tuple[SentenceExplanation, ...]
    events: tuple[Event, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "date": self.date,
            "sentences": [_plain(s) for s in self.sentences],
            "events": [e.to_dict() for e in self.events],
        }


def _plain(value: Any) -> Any:
    """A record as JSON-ready values: dataclasses as dicts, tuples as lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


# --- the trace the extractor and coder write ----------------------------------------
@dataclass
class _Verb:
    token: Token
    pattern: Pattern | None = None
    transparent: bool = False
    frame: Frame | None = None
    own_modality: str | None = None
    skipped: str | None = None
    candidates: int = 0


@dataclass
class _Tracked:
    number: int
    origin: str
    found: Candidate
    current: Candidate
    changes: list[tuple[str, Candidate, Candidate]] = field(default_factory=list)
    dropped_by: str | None = None
    event: Event | None = None


class SentenceTrace:
    """What the extraction of one sentence did, recorded as it runs (see the module
    docstring). The extractor calls the recording methods; ``explain_sentence`` reads it."""

    def __init__(
        self, index: int, text: str, span: SpacySpan, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> None:
        self.index = index
        self.text = text
        self.span = span
        self.found = found
        self.memory = memory
        self.verbs: list[_Verb] = []
        self.tracked: list[_Tracked] = []
        self._live: list[_Tracked] = []  # in the order of the current candidate list

    def _verb(self, token: Token) -> _Verb:
        for verb in self.verbs:
            if verb.token.i == token.i:
                return verb
        self.verbs.append(_Verb(token))
        return self.verbs[-1]

    def transparent(self, verb: Token) -> None:
        """The verb's lexicon entry is set aside: it only carries its complement."""
        self._verb(verb).transparent = True

    def skipped(self, verb: Token) -> None:
        """The verb was not read as a clause: an inner clause was composed with it."""
        inner = next((v for v in self.verbs if v.frame is not None and v.frame.wrapper is not None and v.frame.wrapper.i == verb.i), None)
        where = f"the clause of {inner.token.i} {inner.token.text!r}" if inner is not None else "an inner clause"
        self._verb(verb).skipped = f"the wrapper of {where}, composed with it"

    def clause(self, verb: Token, pattern: Pattern | None, frame: Frame, own_modality: str) -> None:
        """The clause of ``verb``: its lexicon pattern and the frame it was found in."""
        record = self._verb(verb)
        record.pattern, record.frame, record.own_modality = pattern, frame, own_modality

    def coded(self, verb: Token, candidates: Sequence[Candidate]) -> None:
        """The candidates the clause of ``verb`` gave."""
        self._verb(verb).candidates = len(candidates)
        for cand in candidates:
            self._add("clause", cand)

    def step(self, name: str, before: Sequence[Candidate], after: Sequence[Candidate]) -> None:
        """The candidate list before and after the step ``name`` (a rule)."""
        live = self._live
        used = [False] * len(live)
        next_live: list[_Tracked | None] = [None] * len(after)
        for j, cand in enumerate(after):  # unchanged: equal to one before
            for i, tracked in enumerate(live):
                if not used[i] and tracked.current == cand:
                    used[i], next_live[j] = True, tracked
                    break
        for j, cand in enumerate(after):  # changed: on the same trigger, source and target
            if next_live[j] is not None:
                continue
            for i, tracked in enumerate(live):
                if not used[i] and _same_act(tracked.current, cand):
                    used[i], next_live[j] = True, tracked
                    tracked.changes.append((name, tracked.current, cand))
                    tracked.current = cand
                    break
        for i, tracked in enumerate(live):
            if not used[i]:
                tracked.dropped_by = name
        new = [t if t is not None else self._new(name, after[j]) for j, t in enumerate(next_live)]
        self._live = new

    def event(self, candidate: Candidate, placed: Candidate, event: Event, step: str) -> None:
        """``candidate`` became ``event``, after the coder's step ``step`` made it ``placed``."""
        for tracked in self._live:
            if tracked.event is None and tracked.current == candidate:
                if placed != candidate:
                    tracked.changes.append((step, candidate, placed))
                    tracked.current = placed
                tracked.event = event
                return

    def _add(self, origin: str, cand: Candidate) -> None:
        self._live.append(self._new(origin, cand))

    def _new(self, origin: str, cand: Candidate) -> _Tracked:
        tracked = _Tracked(len(self.tracked) + 1, origin, cand, cand)
        self.tracked.append(tracked)
        return tracked


class DocumentTrace:
    """The traces of a document's sentences, in order, for the coder to write."""

    def __init__(self) -> None:
        self.sentences: list[SentenceTrace] = []

    def sentence(
        self, index: int, text: str, span: SpacySpan, found: dict[int, ActorRef], memory: DocumentMemory
    ) -> SentenceTrace:
        self.sentences.append(SentenceTrace(index, text, span, found, memory))
        return self.sentences[-1]

    def event(self, sentence_index: int, candidate: Candidate, placed: Candidate, event: Event, step: str) -> None:
        for sentence in self.sentences:
            if sentence.index == sentence_index:
                sentence.event(candidate, placed, event, step)
                return


def _same_act(a: Candidate, b: Candidate) -> bool:
    return a.trigger == b.trigger and a.source == b.source and a.target == b.target


# --- from the trace to the explanation ----------------------------------------------
def explain_document(doc: Document, trace: DocumentTrace, events: Sequence[Event]) -> Explanation:
    """The explanation of ``doc`` from its trace; ``events`` are the events shown for it."""
    shown = {e.id for e in events}
    return Explanation(
        text=doc.text,
        date=doc.date.isoformat() if doc.date else None,
        sentences=tuple(explain_sentence(s, shown) for s in trace.sentences),
        events=tuple(events),
    )


def explain_sentence(trace: SentenceTrace, shown: frozenset[str] | set[str]) -> SentenceExplanation:
    """The records of one sentence's trace; ``shown`` holds the ids of the events shown."""
    span = trace.span
    doc = span.doc
    names = _distinct(trace.found.values())
    known = {(a.first, a.last, a.code) for a in names}
    remembered = _distinct(ref for (sentence, _), ref, _, _ in trace.memory.mentioned if sentence == trace.index)
    return SentenceExplanation(
        index=trace.index,
        text=trace.text,
        tokens=tuple(
            TokenInfo(t.i, t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i) for t in span if not t.is_space
        ),
        entities=tuple(EntityInfo(e.text, e.label_, e.start, e.end) for e in span.ents),
        names=tuple(_actor(doc, a) for a in names),
        phrases=tuple(_actor(doc, a) for a in remembered if (a.first, a.last, a.code) not in known),
        clauses=tuple(_clause(v) for v in trace.verbs),
        candidates=tuple(_candidate(doc, t, shown) for t in trace.tracked),
    )


def _distinct(refs: Any) -> list[ActorRef]:
    out: list[ActorRef] = []
    for ref in refs:
        if ref not in out:
            out.append(ref)
    return sorted(out, key=lambda r: (r.first, r.last))


def _actor(doc: Any, ref: ActorRef) -> ActorInfo:
    return ActorInfo(
        doc[ref.first : ref.last].text, ref.code, ref.kind, ref.country, ref.sector, ref.first, ref.last, ref.weak, ref.pronoun
    )


def _clause(verb: _Verb) -> ClauseInfo:
    frame = verb.frame
    wrapper = frame.wrapper if frame is not None else None
    return ClauseInfo(
        verb=verb.token.i,
        text=verb.token.text,
        lemma=verb.token.lemma_,
        lexicon=f"verbs.tsv:{verb.pattern.line} {verb.pattern.text}" if verb.pattern is not None else None,
        transparent=verb.transparent,
        family=frame.family if frame is not None else None,
        wrapper=wrapper.i if wrapper is not None else None,
        wrapper_text=wrapper.text if wrapper is not None else None,
        composition=frame.rule if frame is not None else "",
        modality=frame.modality if frame is not None else None,
        own_modality=verb.own_modality,
        skipped=verb.skipped,
        candidates=verb.candidates,
    )


def _state(doc: Any, cand: Candidate) -> CandidateState:
    return CandidateState(
        code=cand.code,
        rule=cand.rule,
        trigger=cand.trigger,
        trigger_text=" ".join(doc[i].text for i in sorted(cand.trigger)),
        source=_actor(doc, cand.source),
        target=_actor(doc, cand.target) if cand.target is not None else None,
        modality=cand.modality,
        confidence=cand.confidence,
    )


def rule_parts(rule: str) -> tuple[str | None, str | None]:
    """The lexicon entry and the composition a candidate's rule string names:
    "verbs.tsv:120 resume ~talk compose:intent(agree)" gives ("verbs.tsv:120 resume
    ~talk", "compose:intent(agree)"); either may be None."""
    words = rule.split()
    lexicon: list[str] = []
    if words and words[0].startswith("verbs.tsv:"):
        for word in words:
            if word.startswith(("compose:", "+")):
                break
            lexicon.append(word)
    composition = next((w for w in words if w.startswith("compose:")), None)
    return (" ".join(lexicon) or None), composition


def _candidate(doc: Any, tracked: _Tracked, shown: frozenset[str] | set[str]) -> CandidateInfo:
    lexicon, composition = rule_parts(tracked.found.rule)
    event = tracked.event
    return CandidateInfo(
        number=tracked.number,
        origin=tracked.origin,
        lexicon=lexicon,
        composition=composition,
        found=_state(doc, tracked.found),
        changes=tuple(
            Change(step, tuple(f for f in _COMPARED if getattr(a, f) != getattr(b, f)), _state(doc, a), _state(doc, b))
            for step, a, b in tracked.changes
        ),
        final=_state(doc, tracked.current),
        dropped_by=tracked.dropped_by,
        event_id=event.id if event is not None else None,
        shown=event is not None and event.id in shown,
    )
