"""Scoring a coder against the gold files read by :mod:`detente.evaluation.gold`.

Each ``evaluate_*`` function turns the gold records into documents, codes
them with one ``coder.code_documents`` call (the coder batches internally),
and returns a frozen result that keeps, besides the totals, enough per-record
detail to explain every miss and every false event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from detente.evaluation.gold import (
    GsrRecord,
    PentaRecord,
    PloverRecord,
    PENTA_LABELS,
    PLOVER_RENAMES,
    Triple,
    penta_class,
)
from detente.model import Document, Event

NO_ACTOR = "---"
NO_EVENT = "NONE"


class SupportsCoding(Protocol):
    """What the evaluation needs from a coder.

    ``version`` is declared as a read-only property so that a plain attribute
    and a property both satisfy the protocol.
    """

    @property
    def version(self) -> str: ...

    def code_documents(
        self, docs: Iterable[Document], *, all_modalities: bool = False
    ) -> Iterator[tuple[Document, list[Event]]]: ...


# ------------------------------------------------------------------ counts


@dataclass(frozen=True)
class Prf:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Prf) -> Prf:
        return Prf(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def match_counts(gold: Iterable[Triple], predicted: Iterable[Triple]) -> Prf:
    """Multiset matching of one record's gold and predicted triples."""
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return Prf(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)


def lenient(triple: Triple) -> Triple:
    """Country part of each actor (first three characters) and the CAMEO root."""
    source, target, code = triple
    return (source[:3], target[:3], code[:2])


def score_triples(
    gold: Mapping[str, Collection[Triple]], predicted: Mapping[str, Collection[Triple]]
) -> tuple[Prf, Prf]:
    """Micro exact and lenient counts over the records in ``gold``.

    ``predicted`` is read as a set per record (duplicate predictions are
    dropped); records missing from it predicted nothing. Lenient matching
    maps both sides with :func:`lenient` and matches the results as
    multisets, so two gold events of the same root count twice.
    """
    exact = Prf(0, 0, 0)
    loose = Prf(0, 0, 0)
    for rid, gold_triples in gold.items():
        pred = sorted(set(predicted.get(rid, ())))
        exact += match_counts(gold_triples, pred)
        loose += match_counts((lenient(t) for t in gold_triples), (lenient(t) for t in pred))
    return exact, loose


# --------------------------------------------------------------------- GSR


@dataclass(frozen=True)
class EventExplanation:
    """Why the coder produced a (false) event: where it came from in the text."""

    triple: Triple
    sentence: str
    trigger: str
    rule: str
    modality: str
    source_text: str
    target_text: str | None
    cameo_name: str


@dataclass(frozen=True)
class GsrRecordResult:
    record: GsrRecord
    predicted: tuple[Triple, ...]  # deduplicated, sorted
    missed: tuple[Triple, ...]  # gold triples not predicted (exact)
    false: tuple[Triple, ...]  # predicted triples not in the gold (exact)
    false_events: tuple[EventExplanation, ...]  # every event behind a false triple
    exact: Prf
    lenient: Prf


@dataclass(frozen=True)
class BaselineComparison:
    """The baseline and detente scored on the same records."""

    n_records: int  # GSR records that also appear in the baseline file
    record_ids: tuple[str, ...]
    baseline_exact: Prf
    baseline_lenient: Prf
    ours_exact: Prf
    ours_lenient: Prf


@dataclass(frozen=True)
class GsrResult:
    coder_version: str
    n_records: int
    n_gold_triples: int
    exact: Prf
    lenient: Prf
    records: tuple[GsrRecordResult, ...]
    baseline: BaselineComparison | None = None


def event_triple(event: Event) -> Triple:
    source = event.source.code or NO_ACTOR
    target = (event.target.code or NO_ACTOR) if event.target is not None else NO_ACTOR
    return (source, target, event.cameo)


def explain(event: Event) -> EventExplanation:
    return EventExplanation(
        triple=event_triple(event),
        sentence=event.sentence,
        trigger=event.trigger.text,
        rule=event.rule,
        modality=event.modality,
        source_text=event.source.text,
        target_text=event.target.text if event.target is not None else None,
        cameo_name=event.cameo_name,
    )


def gsr_document(record: GsrRecord) -> Document:
    return Document(
        id=record.id,
        text=record.text,
        date=record.date,
        origin=f"PETR2_GSR_validation.xml#{record.id}",
    )


def evaluate_gsr(
    coder: SupportsCoding,
    records: Sequence[GsrRecord],
    baseline: Mapping[str, Collection[Triple]] | None = None,
) -> GsrResult:
    """Score ``coder`` on the GSR records; with ``baseline``, compare on the shared records."""
    docs = [gsr_document(r) for r in records]
    events_by_doc = _code(coder, docs)

    per_record: list[GsrRecordResult] = []
    predictions: dict[str, list[Triple]] = {}
    for record, doc in zip(records, docs):
        events = events_by_doc.get(doc.id, [])
        predicted = sorted({event_triple(e) for e in events})
        predictions[record.id] = predicted
        gold = Counter(record.triples)
        pred = Counter(predicted)
        false = sorted((pred - gold).elements())
        false_set = set(false)
        per_record.append(
            GsrRecordResult(
                record=record,
                predicted=tuple(predicted),
                missed=tuple(sorted((gold - pred).elements())),
                false=tuple(false),
                false_events=tuple(explain(e) for e in _in_text_order(events) if event_triple(e) in false_set),
                exact=match_counts(record.triples, predicted),
                lenient=match_counts((lenient(t) for t in record.triples), (lenient(t) for t in predicted)),
            )
        )

    gold_by_id = {r.id: r.triples for r in records}
    exact, loose = score_triples(gold_by_id, predictions)
    comparison = None
    if baseline is not None:
        shared = {rid: triples for rid, triples in gold_by_id.items() if rid in baseline}
        b_exact, b_lenient = score_triples(shared, baseline)
        o_exact, o_lenient = score_triples(shared, predictions)
        comparison = BaselineComparison(
            n_records=len(shared),
            record_ids=tuple(shared),
            baseline_exact=b_exact,
            baseline_lenient=b_lenient,
            ours_exact=o_exact,
            ours_lenient=o_lenient,
        )
    return GsrResult(
        coder_version=coder.version,
        n_records=len(records),
        n_gold_triples=sum(len(r.triples) for r in records),
        exact=exact,
        lenient=loose,
        records=tuple(per_record),
        baseline=comparison,
    )


# ------------------------------------------------------------------ PLOVER


@dataclass(frozen=True)
class PloverRecordResult:
    record: PloverRecord
    predicted: str  # PLOVER type of the first event, or NO_EVENT
    first_event: EventExplanation | None
    predicted_sources: frozenset[str]  # country parts of all events' sources
    predicted_targets: frozenset[str]

    @property
    def correct(self) -> bool:
        return self.predicted == self.record.event


@dataclass(frozen=True)
class PloverResult:
    coder_version: str
    n_records: int
    n_correct: int
    source_found: int
    source_total: int
    target_found: int
    target_total: int
    confusions: tuple[tuple[str, str, int], ...]  # (gold, predicted, count), most frequent first
    per_type: tuple[tuple[str, int, int], ...]  # (gold type, records, correct), by type
    records: tuple[PloverRecordResult, ...]

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n_records if self.n_records else 0.0

    @property
    def source_recall(self) -> float:
        return self.source_found / self.source_total if self.source_total else 0.0

    @property
    def target_recall(self) -> float:
        return self.target_found / self.target_total if self.target_total else 0.0


def _plover_type(event: Event) -> str:
    assert event.plover is not None
    return PLOVER_RENAMES.get(event.plover.event, event.plover.event)


def evaluate_plover(coder: SupportsCoding, records: Sequence[PloverRecord]) -> PloverResult:
    """Type accuracy of each sentence's first event, and actor-country recall.

    The first event is the one whose trigger starts first (ties: the source
    that starts first) among the events that carry a PLOVER type. A sentence
    without events counts as wrong, with the prediction ``NONE``. Country
    recall is micro-averaged over all gold source (target) countries.
    """
    docs = _unique_docs([r.text for r in records], [r.id for r in records], "PLOVER_GSR_CAMEO.json")
    events_by_doc = _code(coder, docs)

    results: list[PloverRecordResult] = []
    for record, doc in zip(records, docs):
        events = events_by_doc.get(doc.id, [])
        typed = [e for e in _in_text_order(events) if e.plover is not None]
        first = typed[0] if typed else None
        results.append(
            PloverRecordResult(
                record=record,
                predicted=_plover_type(first) if first is not None else NO_EVENT,
                first_event=explain(first) if first is not None else None,
                predicted_sources=frozenset(e.source.code[:3] for e in events if e.source.code),
                predicted_targets=frozenset(
                    e.target.code[:3] for e in events if e.target is not None and e.target.code
                ),
            )
        )

    confusions = Counter((r.record.event, r.predicted) for r in results if not r.correct)
    per_type: dict[str, list[int]] = {}
    for r in results:
        counts = per_type.setdefault(r.record.event, [0, 0])
        counts[0] += 1
        counts[1] += int(r.correct)
    return PloverResult(
        coder_version=coder.version,
        n_records=len(results),
        n_correct=sum(r.correct for r in results),
        source_found=sum(len(r.record.source_countries & r.predicted_sources) for r in results),
        source_total=sum(len(r.record.source_countries) for r in results),
        target_found=sum(len(r.record.target_countries & r.predicted_targets) for r in results),
        target_total=sum(len(r.record.target_countries) for r in results),
        confusions=tuple((g, p, n) for (g, p), n in sorted(confusions.items(), key=lambda kv: (-kv[1], kv[0]))),
        per_type=tuple((t, c[0], c[1]) for t, c in sorted(per_type.items())),
        records=tuple(results),
    )


# ------------------------------------------------------------------- penta


@dataclass(frozen=True)
class ClassScore:
    label: int
    name: str
    support: int  # gold sentences of this class
    predicted: int  # sentences predicted as this class
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.support if self.support else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class PentaRecordResult:
    record: PentaRecord
    predicted: int
    first_event: EventExplanation | None

    @property
    def correct(self) -> bool:
        return self.predicted == self.record.label


@dataclass(frozen=True)
class PentaResult:
    coder_version: str
    n_records: int
    n_correct: int
    per_class: tuple[ClassScore, ...]  # classes 0..4 in order
    confusion: tuple[tuple[int, ...], ...]  # confusion[gold][predicted]
    records: tuple[PentaRecordResult, ...]
    dataset: str = "cameo_class_test.tsv"  # which sentences: a file, or a named subset of one

    @property
    def accuracy(self) -> float:
        return self.n_correct / self.n_records if self.n_records else 0.0

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.per_class) / len(self.per_class) if self.per_class else 0.0


def evaluate_penta(
    coder: SupportsCoding, records: Sequence[PentaRecord], dataset: str = "cameo_class_test.tsv"
) -> PentaResult:
    """PentaClass of each sentence's first event (no event: class 0) against the label."""
    docs = _unique_docs([r.text for r in records], [f"line{r.line}" for r in records], dataset)
    events_by_doc = _code(coder, docs)

    results: list[PentaRecordResult] = []
    for record, doc in zip(records, docs):
        ordered = _in_text_order(events_by_doc.get(doc.id, []))
        first = ordered[0] if ordered else None
        results.append(
            PentaRecordResult(
                record=record,
                predicted=penta_class(first.cameo if first is not None else None),
                first_event=explain(first) if first is not None else None,
            )
        )

    n = len(PENTA_LABELS)
    matrix = [[0] * n for _ in range(n)]
    for r in results:
        matrix[r.record.label][r.predicted] += 1
    per_class = tuple(
        ClassScore(
            label=k,
            name=PENTA_LABELS[k],
            support=sum(matrix[k]),
            predicted=sum(row[k] for row in matrix),
            correct=matrix[k][k],
        )
        for k in range(n)
    )
    return PentaResult(
        coder_version=coder.version,
        n_records=len(results),
        n_correct=sum(r.correct for r in results),
        per_class=per_class,
        confusion=tuple(tuple(row) for row in matrix),
        records=tuple(results),
        dataset=dataset,
    )


# ------------------------------------------------------------------ helpers

def _code(coder: SupportsCoding, docs: Sequence[Document]) -> dict[str, list[Event]]:
    """One batched call; events keyed by document id (ids are unique by construction)."""
    out: dict[str, list[Event]] = {}
    for doc, events in coder.code_documents(docs):
        out.setdefault(doc.id, []).extend(events)
    return out


def _unique_docs(texts: Sequence[str], ids: Sequence[str], origin: str) -> list[Document]:
    """Documents with unique ids: a repeated id gets a ``#2``, ``#3`` … suffix."""
    seen: Counter[str] = Counter()
    docs: list[Document] = []
    for text, rid in zip(texts, ids):
        seen[rid] += 1
        doc_id = rid if seen[rid] == 1 else f"{rid}#{seen[rid]}"
        docs.append(Document(id=doc_id, text=text, origin=f"{origin}#{doc_id}"))
    return docs


def _in_text_order(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=lambda e: (e.trigger.start, e.source.start, e.cameo))
