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

from detente.actors.kb import STATELESS_PREFIXES
from detente.evaluation.gold import (
    CharRange,
    GsrRecord,
    PentaRecord,
    PloverRecord,
    PENTA_LABELS,
    SpanRecord,
    Triple,
    penta_class,
)
from detente.model import Document, Event, Location

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
    location: Location | None = None  # of the first event (in text order) that has one

    @property
    def correct(self) -> bool:
        return self.predicted == self.record.event

    @property
    def location_correct(self) -> bool | None:
        """Does the location's country match the gold's? None: the gold names no place."""
        if self.record.location_country is None:
            return None
        return self.location is not None and self.location.country == self.record.location_country


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
    renames: tuple[tuple[str, str, int], ...] = ()  # (type in the file, type scored, labels), by type
    split_misses: int = 0  # misses whose prediction is a type a split sent part of the gold type to
    location_total: int = 0  # records whose gold names a place with a known country
    location_correct: int = 0  # of those, records whose location country is the gold's
    location_missing: int = 0  # of those, records with no event that has a location
    # Gold country parts that are no country code the coder can give (not ISO 3166 nor
    # IGO, NGO, IMG: "JAP" for JPN), with how often they occur; scored as written.
    foreign_codes: tuple[tuple[str, int], ...] = ()

    @property
    def location_accuracy(self) -> float:
        return self.location_correct / self.location_total if self.location_total else 0.0

    @property
    def n_renamed(self) -> int:
        """Gold labels whose type was renamed from the file's PLOVER version before scoring."""
        return sum(n for _, _, n in self.renames)

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
    # The coder's types are the 2021 table's already; only the gold labels are mapped
    # (see plover_versions.py), so a coder emitting an older name is scored wrong.
    assert event.plover is not None
    return event.plover.event


def evaluate_plover(
    coder: SupportsCoding, records: Sequence[PloverRecord], known: Collection[str] | None = None
) -> PloverResult:
    """Type accuracy of each sentence's first event, actor-country recall, and the
    location country.

    The first event is the one whose trigger starts first (ties: the source
    that starts first) among the events that carry a PLOVER type. A sentence
    without events counts as wrong, with the prediction ``NONE``. Country
    recall is micro-averaged over all gold source (target) countries.

    Location: over the records whose gold names a place of known country, the share
    whose first event *that has a location* (in the same text order, any type) is in
    that country; a record none of whose events has a location counts as wrong. (The
    first event with a location, not any event's: one guess per sentence.)

    With ``known`` (the ISO 3166 alpha-3 codes), gold country parts that are neither one
    of them nor a code of no country (IGO, NGO, IMG, ---) are counted in ``foreign_codes``.
    """
    docs = _unique_docs([r.text for r in records], [r.id for r in records], "PLOVER_GSR_CAMEO.json")
    events_by_doc = _code(coder, docs)

    results: list[PloverRecordResult] = []
    for record, doc in zip(records, docs):
        events = events_by_doc.get(doc.id, [])
        ordered = _in_text_order(events)
        typed = [e for e in ordered if e.plover is not None]
        first = typed[0] if typed else None
        located = next((e.location for e in ordered if e.location is not None), None)
        results.append(
            PloverRecordResult(
                record=record,
                predicted=_plover_type(first) if first is not None else NO_EVENT,
                first_event=explain(first) if first is not None else None,
                predicted_sources=frozenset(e.source.code[:3] for e in events if e.source.code),
                predicted_targets=frozenset(
                    e.target.code[:3] for e in events if e.target is not None and e.target.code
                ),
                location=located,
            )
        )

    confusions = Counter((r.record.event, r.predicted) for r in results if not r.correct)
    renames = Counter((r.original_event, r.event) for r in records if r.renamed)
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
        renames=tuple((old, new, n) for (old, new), n in sorted(renames.items())),
        split_misses=sum(1 for r in results if not r.correct and r.predicted in r.record.also),
        location_total=sum(1 for r in results if r.location_correct is not None),
        location_correct=sum(1 for r in results if r.location_correct),
        location_missing=sum(1 for r in results if r.location_correct is not None and r.location is None),
        foreign_codes=_foreign_codes(records, known),
    )


def _foreign_codes(records: Sequence[PloverRecord], known: Collection[str] | None) -> tuple[tuple[str, int], ...]:
    if known is None:
        return ()
    counts = Counter(
        c
        for r in records
        for c in (*r.source_countries, *r.target_countries)
        if c not in known and c not in STATELESS_PREFIXES
    )
    return tuple(sorted(counts.items()))


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


# ------------------------------------------------------------------- spans


@dataclass(frozen=True)
class RoleScore:
    """One role's spans in one sentence (or summed over sentences): strict and overlap counts."""

    strict: Prf
    overlap: Prf

    def __add__(self, other: RoleScore) -> RoleScore:
        return RoleScore(self.strict + other.strict, self.overlap + other.overlap)


NO_SCORE = RoleScore(Prf(0, 0, 0), Prf(0, 0, 0))


@dataclass(frozen=True)
class SpanRecordResult:
    record: SpanRecord
    predicted_sources: tuple[CharRange, ...]  # sorted, whitespace trimmed
    predicted_targets: tuple[CharRange, ...]
    source: RoleScore
    target: RoleScore
    listed: bool = True  # False: the sentence is held out in another set, so --errors leaves it out


@dataclass(frozen=True)
class SpanResult:
    coder_version: str
    dataset: str
    n_records: int
    n_reciprocal: int  # gold R spans, each counted as a source and as a target
    n_repaired: int  # I- tags read as beginning a span (see load_cameo_ner)
    source: RoleScore
    target: RoleScore
    records: tuple[SpanRecordResult, ...]

    @property
    def n_gold_sources(self) -> int:
        return self.source.strict.tp + self.source.strict.fn

    @property
    def n_gold_targets(self) -> int:
        return self.target.strict.tp + self.target.strict.fn

    @property
    def macro_f1(self) -> float:
        """Mean of the source and target F1, strict matching."""
        return (self.source.strict.f1 + self.target.strict.f1) / 2

    @property
    def n_unlisted(self) -> int:
        return sum(not r.listed for r in self.records)


def trim(text: str, span: CharRange) -> CharRange:
    """``span`` without the whitespace at either end (an empty range stays empty)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end)


def tokens_in(offsets: Sequence[CharRange], span: CharRange) -> frozenset[int]:
    """Indices of the tokens that share at least one character with ``span``."""
    start, end = span
    return frozenset(i for i, (ts, te) in enumerate(offsets) if ts < end and start < te)


def overlap_matches(gold: Sequence[frozenset[int]], predicted: Sequence[frozenset[int]]) -> int:
    """The most (gold, predicted) pairs that share a token, each span in at most one pair.

    A maximum bipartite matching (augmenting paths): a greedy pass could let one
    predicted span take the gold span another needed.
    """
    owner: dict[int, int] = {}  # gold index -> predicted index

    def augment(p: int, visited: set[int]) -> bool:
        for g, tokens in enumerate(gold):
            if g in visited or not tokens & predicted[p]:
                continue
            visited.add(g)
            if g not in owner or augment(owner[g], visited):
                owner[g] = p
                return True
        return False

    return sum(augment(p, set()) for p in range(len(predicted)))


def score_role(offsets: Sequence[CharRange], gold: Collection[CharRange], predicted: Collection[CharRange]) -> RoleScore:
    """Strict (same character range) and overlap (a shared token) counts of one role in one sentence.

    Both sides are sets of ranges.
    """
    g, p = set(gold), set(predicted)
    tp = len(g & p)
    strict = Prf(tp=tp, fp=len(p) - tp, fn=len(g) - tp)
    pairs = overlap_matches([tokens_in(offsets, r) for r in sorted(g)], [tokens_in(offsets, r) for r in sorted(p)])
    return RoleScore(strict, Prf(tp=pairs, fp=len(p) - pairs, fn=len(g) - pairs))


def evaluate_spans(
    coder: SupportsCoding,
    records: Sequence[SpanRecord],
    dataset: str = "cameo_ner_test.txt",
    *,
    unlisted: Collection[int] = (),
) -> SpanResult:
    """Score the source and target mentions of the coder's events against tagged spans.

    Each sentence is coded as its own document (its text: the tokens joined by spaces).
    The predicted sources (targets) of a sentence are the set of character ranges of
    its events' sources (targets), whitespace trimmed; an empty range is left out. Gold
    S spans are sources, T targets, R both. ``unlisted`` holds the ``line`` of records
    whose misses are not to be listed (they are held out in another set).
    """
    docs = _unique_docs([r.text for r in records], [f"line{r.line}" for r in records], dataset)
    events_by_doc = _code(coder, docs)

    results: list[SpanRecordResult] = []
    for record, doc in zip(records, docs):
        events = events_by_doc.get(doc.id, [])
        offsets = record.offsets
        sources = _ranges(doc.text, ((e.source.start, e.source.end) for e in events))
        targets = _ranges(doc.text, ((e.target.start, e.target.end) for e in events if e.target is not None))
        results.append(
            SpanRecordResult(
                record=record,
                predicted_sources=sources,
                predicted_targets=targets,
                source=score_role(offsets, record.ranges("S"), sources),
                target=score_role(offsets, record.ranges("T"), targets),
                listed=record.line not in unlisted,
            )
        )
    return SpanResult(
        coder_version=coder.version,
        dataset=dataset,
        n_records=len(results),
        n_reciprocal=sum(1 for r in records for s in r.spans if s.role == "R"),
        n_repaired=sum(r.repaired for r in records),
        source=sum((r.source for r in results), NO_SCORE),
        target=sum((r.target for r in results), NO_SCORE),
        records=tuple(results),
    )


def _ranges(text: str, spans: Iterable[CharRange]) -> tuple[CharRange, ...]:
    trimmed = {trim(text, span) for span in spans}
    return tuple(sorted(r for r in trimmed if r[0] < r[1]))


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
