"""A fake coder for the evaluation tests: answers are looked up by document text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from detente.model import Actor, Document, Event, Location, Plover, Span


@dataclass(frozen=True)
class Spec:
    """What the fake coder should find: codes, and words of the text to anchor on."""

    source: str | None
    target: str | None
    cameo: str
    trigger: str
    source_text: str = "someone"
    target_text: str = "someone else"
    plover: str | None = "CONSULT"
    rule: str = "fake:rule"
    location: str | None = None  # the event's location country (ISO alpha-3), placed on the trigger


def make_event(doc: Document, spec: Spec) -> Event:
    def span_of(word: str) -> tuple[int, int]:
        start = doc.text.find(word)
        return (start, start + len(word)) if start >= 0 else (len(doc.text), len(doc.text))

    ts, te = span_of(spec.trigger)
    ss, se = span_of(spec.source_text)
    source = Actor(spec.source_text, spec.source, spec.source[:3] if spec.source else None, None, ss, se)
    target = None
    if spec.target is not None:
        gs, ge = span_of(spec.target_text)
        target = Actor(spec.target_text, spec.target, spec.target[:3], None, gs, ge)
    return Event(
        doc_id=doc.id,
        sentence_index=0,
        sentence=doc.text,
        date=doc.date.isoformat() if doc.date else "2000",
        date_basis="publication",
        source=source,
        target=target,
        cameo=spec.cameo,
        cameo_name="fake name",
        plover=Plover(spec.plover, None, None) if spec.plover else None,
        quad_class=1,
        goldstein=0.0,
        trigger=Span(spec.trigger, ts, te),
        modality="asserted",
        confidence=1.0,
        coder_version="fake-1",
        rule=spec.rule,
        location=Location(spec.trigger, spec.trigger, spec.location, None, None, None, "city", ts, te)
        if spec.location
        else None,
    )


class FakeCoder:
    version = "fake-1"

    def __init__(self, answers: Mapping[str, Sequence[Spec]]) -> None:
        self.answers = answers
        self.calls = 0
        self.docs_seen: list[Document] = []

    def code_documents(
        self, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[tuple[Document, list[Event]]]:
        self.calls += 1
        for doc in docs:
            self.docs_seen.append(doc)
            yield doc, [make_event(doc, s) for s in self.answers.get(doc.text, ())]
