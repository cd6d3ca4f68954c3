"""The benchmark corpus: N news-like JSONL documents of real sentences, built at
benchmark time from ../shared (read there, never copied into the repository).

Where the sentences come from (development data only):

- the sample article(s) in ``samples/*.txt``, split into sentences by detente's own
  parser; consecutive sentences are kept together while a quotation is open, so that
  no passage leaves a quote mark unbalanced (the coder counts quote marks from the
  start of a paragraph to tell quoted words);
- GSR (``PETR2_GSR_validation.xml``), its ``AFP`` and ``GOLD`` records only: these are
  wire copy, while the other categories (TEST, VERB, PASSIVE, OTHER) are sentences
  written to test one construction ("Obama wants Putin to attack Switzerland");
- PLOVER (``PLOVER_GSR_CAMEO.json``), the CAMEO manual's news examples;
- the PentaClass test file (``cameo_class_test.tsv``), only its sentences that are also
  PLOVER or GSR news sentences: the eventcoding-gold README holds the others out
  (``penta-unseen``), and GSR's constructed ones are left out as above, so in practice
  it adds none after de-duplication.

ConfliBERT's training files are held out and not read. Benchmark artefacts are
cleaned: Penn-Treebank quotes (`` and ''), the braces round some PLOVER texts, ``\\$``,
``--`` dashes, markdown emphasis in the sample; each passage ends with terminal
punctuation.

Which sentences have an event: the real coder (``detente.coder.Coder``) says, at build
time. A sentence has an event when the coder returns an event of a default (factual:
asserted, reported, intended) modality with that sentence's index: what ``detente
ingest`` stores. The target share of event-less sentences is measured so on the sample
article, coded whole. Each passage is coded once on its own (as it reads opening a
document) and ``LABEL_ROUNDS`` times inside texts of other passages, because spaCy
parses a sentence differently at the start of a text ("Israel is opposed to French
mediation ..." is a passive there, and no event) and after others. Documents open with
a passage that has an event alone; the other passages are drawn, leaning towards
whichever kind is short, so that the expected share of event-less sentences (the lead's
label alone, the others' mean label inside texts) follows the target: that is
``achieved_share``; ``--check N`` measures it on the first N documents as coded. Gold
labels cannot stand in: GSR marks ``noevents`` on AFP sentences that plainly report one
("France on Wednesday condemned ..."), and PLOVER and PentaClass have no event-less
sentences.

Documents: 8 to 25 sentences (a triangular draw, mode 14, mean about 15.7), one
paragraph with the passages joined by a space, opening with a passage that has an
event (a lead). Publication dates from 2015-01-01 to 2024-12-31, weekdays twice as
likely as weekend days, in date order; 30 made-up outlets with Zipf-like shares; a
url of the outlet's ``.example`` domain (reserved, so never a real site). No title: it
would be made-up text, and the coder reads the title for the home country. About a
tenth of the documents (``repeat_share``) re-report one to three event passages of
one of the 30 documents before them (leading with one), from another outlet, dated 0
to 3 days after it; ``planted_repeats`` counts the event sentences so re-reported (by
their label alone). The pool is small (some 430 passages), so every passage recurs
in the corpus many times, and documents of different outlets share events by chance
too: the planted repeats are the ones sure to be there.

Deterministic: the same inputs, seed and coder give the same bytes. Documents are
written as they are made; what is held is the passage pool, the dates (one int a
document) and the last 30 documents.

Usage: ``python benchmarks/corpus.py [--shared ../shared] [--docs 20000] -o corpus.jsonl
[--check 200]`` (``--check N`` codes the first N documents and compares).
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import re
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from detente.coder import Coder
    from detente.model import Document

ROOT = Path(__file__).resolve().parent.parent

DEFAULT_DOCS = 20_000
DEFAULT_SEED = 20180823  # the sample article's date
#: Share of documents that re-report events of an earlier one.
DEFAULT_REPEAT_SHARE = 0.10
MIN_SENTENCES, MODE_SENTENCES, MAX_SENTENCES = 8, 14, 25
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
#: How far back a re-report looks (documents), and how many days after its source it runs.
REPEAT_LOOKBACK = 30
REPEAT_MAX_DAYS = 3
#: GSR categories that are wire copy; the others are constructed test sentences.
GSR_NEWS_CATEGORIES = frozenset({"AFP", "GOLD"})
#: Rounds of coding every passage inside texts of others, and passages in each such text.
LABEL_ROUNDS = 3
LABEL_DOCUMENT_PASSAGES = 14

#: Made-up outlets, most read first (shares fall as 1 / rank ** 0.8).
OUTLETS: tuple[str, ...] = (
    "Northern Ledger", "Harbour Courier", "Continental Wire", "Meridian Daily", "Riverside Chronicle",
    "Capital Dispatch", "Coastline Gazette", "Frontier Observer", "Summit Sentinel", "Westbrook Times",
    "Eastgate Herald", "Atlas News Service", "Crossroads Report", "Highland Bulletin", "Lantern Press",
    "Compass World", "Granite Review", "Beacon Evening Post", "Silver Bay Tribune", "Pinewood Examiner",
    "Horizon Monitor", "Keystone Register", "Saltmarsh Mercury", "Ironwood Record", "Quayside Telegraph",
    "Old Mill Standard", "Tidewater Messenger", "Cedar Valley Voice", "Global Affairs Digest", "Red Cliff Inquirer",
)  # fmt: skip


@dataclass(frozen=True)
class CorpusStats:
    """What was built. Shares are of sentences without a (factual) event."""

    documents: int
    sentences: int
    mean_sentences: float
    first_day: dt.date
    last_day: dt.date
    outlets: int
    target_share: float  # measured on the sample article(s), coded whole
    achieved_share: float  # the corpus, expected from the passages' labels (see --check)
    repeated_documents: int
    planted_repeats: int  # event sentences re-reported by those documents
    min_sentences: int
    max_sentences: int
    passages: int  # distinct passages in the pool
    empty_passages: int  # of which mostly without an event inside a text
    sample_sentences: int
    seed: int


@dataclass(frozen=True)
class Passage:
    """One or more consecutive real sentences, used whole, with what the coder finds
    in them: spaCy parses a sentence differently at the start of a text and after
    others, so a passage has two labels."""

    text: str
    sentences: int  # as the parser splits it on its own
    empty_alone: int  # sentences without an event when it is a text of its own (a lead)
    empty_in_text: float  # the mean of the same, inside texts of other passages
    origin: str  # "gsr:AFP0808020625_4", "plover:...", "sample:000_...#3"

    @property
    def can_lead(self) -> bool:
        return self.empty_alone < self.sentences

    @property
    def mostly_empty(self) -> bool:
        return self.empty_in_text >= self.sentences / 2


@dataclass(frozen=True)
class Pool:
    passages: tuple[Passage, ...]
    target_share: float
    sample_sentences: int


# ------------------------------------------------------------------ sentences

_PENN_OPEN = re.compile(r"``\s*")
_PENN_CLOSE = re.compile(r"\s*''")
_EMPHASIS = re.compile(r"(?<![\w*])\*{1,2}(?=\S)([^*]+?)(?<=\S)\*{1,2}(?![\w*])")
_TERMINAL = re.compile(r"[.!?][\"'\u201d\u2019)\]]*$")


def clean(text: str) -> str:
    """A benchmark or sample sentence as a newspaper would print it, ending in terminal
    punctuation."""
    text = " ".join(text.split())
    if text.startswith("{") and text.endswith("}"):  # some PLOVER texts are wrapped in braces
        text = text[1:-1].strip()
    text = _PENN_OPEN.sub("\u201c", text)
    text = re.sub(r"(?<=\w)\u201c", " \u201c", text)  # "as`` unacceptable''" glued the quote on
    text = _PENN_CLOSE.sub("\u201d", text)
    text = text.replace("\\$", "$")
    text = re.sub(r"\s*--\s*", " \u2014 ", text)
    text = _EMPHASIS.sub(r"\1", text)
    if not _TERMINAL.search(text):
        text += "."
    return text


def _quote_marks(text: str) -> int:
    return text.count('"') + text.count("\u201c") + text.count("\u201d")


def _comparable(text: str) -> str:
    """Letters and digits only, lower case: one sentence in two sets' spellings."""
    return re.sub(r"[\W_]+", "", text.lower())


def benchmark_sentences(gold_dir: Path) -> list[tuple[str, str]]:
    """(origin, text) of the development benchmark sentences, in file order."""
    from detente.evaluation import GSR_FILE, PENTA_FILE, PLOVER_FILE, load_gsr, load_penta, load_plover, unseen_penta

    gsr = load_gsr(gold_dir / GSR_FILE)
    plover = load_plover(gold_dir / PLOVER_FILE)
    out = [(f"gsr:{r.id}", r.text) for r in gsr if r.category in GSR_NEWS_CATEGORIES]
    out += [(f"plover:{r.id}", r.text) for r in plover]
    penta = load_penta(gold_dir / PENTA_FILE)
    # The PentaClass sentences in neither GSR nor PLOVER are held out: leave them unread.
    held_out = {r.line for r in unseen_penta(penta, [r.text for r in gsr] + [r.text for r in plover])}
    # It also holds GSR's constructed test sentences, left out above.
    constructed = {_comparable(r.text) for r in gsr if r.category not in GSR_NEWS_CATEGORIES}
    out += [
        (f"penta:{r.line}", r.text)
        for r in penta
        if r.line not in held_out and _comparable(r.text) not in constructed
    ]
    return out


def sample_passages(coder: Coder, samples: Sequence[Path]) -> tuple[list[tuple[str, str]], int, int]:
    """The sample articles' passages as (origin, text), their sentence count and how
    many of those have no event when each article is coded whole."""
    from detente.ingest import read_path
    from detente.model import Document

    docs: list[Document] = []
    for path in samples:
        for item in read_path(path):
            if not isinstance(item, Document):
                raise ValueError(f"cannot read the sample article: {item}")
            docs.append(item)
    passages: list[tuple[str, str]] = []
    sentences = empty = 0
    for coded in coder.code_corpus(docs):
        with_events = {e.sentence_index for e in coded.events}
        sentences += len(coded.sentences)
        empty += sum(1 for s in coded.sentences if s.index not in with_events)
        group: list[str] = []
        first = 0
        for bounds in coded.sentences:
            if not group:
                first = bounds.index
            group.append(coded.doc.text[bounds.start : bounds.end])
            if _quote_marks(" ".join(group)) % 2 == 0:
                passages.append((f"sample:{coded.doc.id}#{first}", " ".join(group)))
                group = []
        # A group still open at the end has an unbalanced quotation: left out.
    return passages, sentences, empty


def _passage_counts(
    coder: Coder, docs: Sequence[Document], starts: Sequence[Sequence[int]]
) -> Iterator[list[tuple[int, int]]]:
    """For each document, (sentences, sentences without an event) of each of its passages
    (``starts``: the passages' offsets); a sentence belongs to the passage it starts in."""
    for coded, offsets in zip(coder.code_corpus(docs), starts, strict=True):
        with_events = {e.sentence_index for e in coded.events}
        counts = [[0, 0] for _ in offsets]
        for s in coded.sentences:
            owner = counts[bisect.bisect_right(offsets, s.start) - 1]
            owner[0] += 1
            owner[1] += s.index not in with_events
        yield [(n, empty) for n, empty in counts]


def _label_documents(
    texts: Sequence[str], order: Sequence[int], lead: int, size: int
) -> Iterator[tuple[str, list[int], list[int]]]:
    """Label documents of ``size`` passages in ``order``, each after the passage ``lead``
    (so that none of them opens the text): (text, passage offsets, passage indices)."""
    for first in range(0, len(order), size):
        members = [lead, *order[first : first + size]]
        offsets, position = [], 0
        for index in members:
            offsets.append(position)
            position += len(texts[index]) + 1
        yield " ".join(texts[i] for i in members), offsets, members


def build_pool(shared_dir: Path, coder: Coder, *, seed: int = DEFAULT_SEED, rounds: int = LABEL_ROUNDS) -> Pool:
    """Every passage, cleaned and de-duplicated, coded once on its own and ``rounds``
    times inside texts of other passages (in a seeded order)."""
    from detente.ingest import document_from_text

    samples = sorted((shared_dir / "samples").glob("*.txt"))
    if not samples:
        raise FileNotFoundError(f"no sample article in {shared_dir / 'samples'}")
    from_samples, sample_sentences, sample_empty = sample_passages(coder, samples)
    seen: set[str] = set()
    origins: list[str] = []
    texts: list[str] = []
    for origin, text in from_samples + benchmark_sentences(shared_dir / "eventcoding-gold"):
        cleaned = clean(text)
        key = _comparable(cleaned)
        if key in seen or _quote_marks(cleaned) % 2:
            continue
        seen.add(key)
        origins.append(origin)
        texts.append(cleaned)
    alone = [document_from_text(text, doc_id=str(i)) for i, text in enumerate(texts)]
    counted = [counts[0] for counts in _passage_counts(coder, alone, [[0]] * len(alone))]
    sentences = [n for n, _ in counted]
    empty_alone = [empty for _, empty in counted]
    # Inside texts: each passage once a round, after one other passage or more.
    rng = random.Random(seed)
    empty_sums = [0] * len(texts)
    usable = [i for i in range(len(texts)) if sentences[i]]
    for _ in range(rounds):
        order = rng.sample(usable, len(usable))
        built = list(_label_documents(texts, order, rng.choice(usable), LABEL_DOCUMENT_PASSAGES))
        docs = [document_from_text(text, doc_id=f"label-{n}") for n, (text, _, _) in enumerate(built)]
        for (_, _, members), counts in zip(built, _passage_counts(coder, docs, [b[1] for b in built]), strict=True):
            for index, (_, empty) in zip(members[1:], counts[1:], strict=True):
                empty_sums[index] += empty
    passages = tuple(
        Passage(texts[i], sentences[i], empty_alone[i], min(sentences[i], empty_sums[i] / rounds), origins[i])
        for i in usable
    )
    return Pool(passages, sample_empty / sample_sentences, sample_sentences)


# ------------------------------------------------------------------ documents


@dataclass(frozen=True)
class _Written:
    """What a later re-report needs of a document."""

    date: dt.date
    outlet: int
    events: tuple[Passage, ...]


def _slug(outlet: str) -> str:
    return re.sub(r"[^a-z0-9]", "", outlet.lower())


def _publication_days(rng: random.Random, n: int) -> list[int]:
    """``n`` day numbers (ordinals) in date order, weekdays twice as likely as weekends."""
    days = range(FIRST_DAY.toordinal(), LAST_DAY.toordinal() + 1)
    weights = [1.0 if dt.date.fromordinal(d).weekday() < 5 else 0.5 for d in days]
    return sorted(rng.choices(days, weights=weights, k=n))


class _ShareKeeper:
    """Draws passages so that the running share of event-less sentences follows the
    target: each draw is random, leaning towards whichever kind is short. Counts are
    expected values: a lead's label alone, any other passage's label inside a text."""

    def __init__(self, pool: Sequence[Passage], target: float, rng: random.Random) -> None:
        self.rng = rng
        self.target = target
        self.empty_pool = [p for p in pool if p.mostly_empty]
        self.event_pool = [p for p in pool if not p.mostly_empty]
        self.lead_pool = [p for p in self.event_pool if p.can_lead]
        if not self.empty_pool or not self.lead_pool:
            raise ValueError("the pool needs passages with and without events")
        self.sentences = 0
        self.empty = 0.0

    def count(self, passage: Passage, *, lead: bool = False) -> Passage:
        self.sentences += passage.sentences
        self.empty += passage.empty_alone if lead else passage.empty_in_text
        return passage

    def lead(self) -> Passage:
        return self.count(self.rng.choice(self.lead_pool), lead=True)

    def draw(self, room: int) -> Passage:
        """A passage of at most ``room`` sentences where one fits."""
        deficit = self.target * (self.sentences + 1) - self.empty
        empty = self.rng.random() < min(1.0, max(0.0, self.target + deficit / 4))
        kind = self.empty_pool if empty else self.event_pool
        passage = self.rng.choice(kind)
        if passage.sentences > room:
            fitting = [p for p in kind if p.sentences <= room] or [min(kind, key=lambda p: p.sentences)]
            passage = self.rng.choice(fitting)
        return self.count(passage)


@dataclass(frozen=True)
class _Tally:
    sentences: int
    empty: float
    repeated_documents: int
    planted_repeats: int
    outlets: int
    first_day: dt.date
    last_day: dt.date
    min_sentences: int
    max_sentences: int


def write_documents(out: TextIO, pool: Pool, n_docs: int, *, seed: int, repeat_share: float) -> _Tally:
    """Write ``n_docs`` JSONL records to ``out``, one at a time."""
    rng = random.Random(seed)
    keeper = _ShareKeeper(pool.passages, pool.target_share, rng)
    outlet_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(OUTLETS))]
    days = _publication_days(rng, n_docs)
    recent: deque[_Written] = deque(maxlen=REPEAT_LOOKBACK)
    width = max(6, len(str(n_docs - 1)))
    repeated = planted = 0
    used: set[int] = set()
    first_day, last_day = LAST_DAY, FIRST_DAY
    shortest, longest = MAX_SENTENCES, 0
    for i in range(n_docs):
        length = round(rng.triangular(MIN_SENTENCES, MAX_SENTENCES, MODE_SENTENCES))
        outlet = rng.choices(range(len(OUTLETS)), weights=outlet_weights)[0]
        day = dt.date.fromordinal(days[i])
        rest: list[Passage] = []
        sources = [w for w in recent if any(p.can_lead for p in w.events)]
        if sources and rng.random() < repeat_share:
            source = rng.choice(sources)
            while outlet == source.outlet:
                outlet = rng.choices(range(len(OUTLETS)), weights=outlet_weights)[0]
            day = min(LAST_DAY, source.date + dt.timedelta(days=rng.randint(0, REPEAT_MAX_DAYS)))
            # The re-report leads with one of the events and tells one or two more of them.
            lead = keeper.count(rng.choice([p for p in source.events if p.can_lead]), lead=True)
            others = [p for p in source.events if p is not lead]
            rest = [keeper.count(p) for p in rng.sample(others, min(len(others), rng.randint(0, 2)))]
            repeated += 1
            planted += sum(p.sentences - p.empty_alone for p in [lead, *rest])
        else:
            lead = keeper.lead()
        passages: list[Passage] = []
        filled = lead.sentences + sum(p.sentences for p in rest)
        while filled < length:
            passage = keeper.draw(MAX_SENTENCES - filled)
            passages.append(passage)
            filled += passage.sentences
        for passage in rest:  # a re-report's other passages fall anywhere after its lead
            passages.insert(rng.randint(0, len(passages)), passage)
        passages.insert(0, lead)
        doc_id = f"doc-{i:0{width}d}"
        record = {
            "id": doc_id,
            "date": day.isoformat(),
            "source": OUTLETS[outlet],
            "url": f"https://www.{_slug(OUTLETS[outlet])}.example/{day:%Y/%m/%d}/{doc_id}",
            "text": " ".join(p.text for p in passages),
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        recent.append(_Written(day, outlet, tuple(p for p in passages if not p.mostly_empty)))
        used.add(outlet)
        first_day, last_day = min(first_day, day), max(last_day, day)
        shortest, longest = min(shortest, filled), max(longest, filled)
    return _Tally(keeper.sentences, keeper.empty, repeated, planted, len(used), first_day, last_day, shortest, longest)


def build_corpus(
    shared_dir: Path,
    out_path: Path,
    n_docs: int = DEFAULT_DOCS,
    *,
    seed: int = DEFAULT_SEED,
    repeat_share: float = DEFAULT_REPEAT_SHARE,
    coder: Coder | None = None,
) -> CorpusStats:
    """Build the corpus at ``out_path`` from the data in ``shared_dir`` (../shared).

    ``coder`` labels the sentences (the default coder when None; pass one to reuse a
    loaded model)."""
    if n_docs < 1:
        raise ValueError("n_docs must be at least 1")
    if coder is None:
        from detente.coder import Coder

        coder = Coder.from_defaults()
    # The labels do not depend on the corpus seed: the same passages, the same labels.
    pool = build_pool(Path(shared_dir), coder)
    with Path(out_path).open("w", encoding="utf-8", newline="\n") as out:
        tally = write_documents(out, pool, n_docs, seed=seed, repeat_share=repeat_share)
    return CorpusStats(
        documents=n_docs,
        sentences=tally.sentences,
        mean_sentences=tally.sentences / n_docs,
        first_day=tally.first_day,
        last_day=tally.last_day,
        outlets=tally.outlets,
        target_share=pool.target_share,
        achieved_share=tally.empty / tally.sentences,
        repeated_documents=tally.repeated_documents,
        planted_repeats=tally.planted_repeats,
        min_sentences=tally.min_sentences,
        max_sentences=tally.max_sentences,
        passages=len(pool.passages),
        empty_passages=sum(1 for p in pool.passages if p.mostly_empty),
        sample_sentences=pool.sample_sentences,
        seed=seed,
    )


# --------------------------------------------------------------------- check


@dataclass(frozen=True)
class Measured:
    """The first documents of a corpus as the coder reads them in place."""

    documents: int
    sentences: int
    empty: int

    @property
    def share(self) -> float:
        return self.empty / self.sentences if self.sentences else 0.0


def measure(corpus: Path, coder: Coder, limit: int | None = None) -> Measured:
    """Code the first ``limit`` documents of ``corpus`` (all when None) and count their
    sentences and those without a factual event: the labels were made on each passage
    alone, and here its neighbours can change what the coder finds."""
    from itertools import islice

    from detente.ingest import read_path
    from detente.model import Document

    def documents() -> Iterator[Document]:
        for item in read_path(corpus):
            if not isinstance(item, Document):
                raise ValueError(str(item))
            yield item

    n = sentences = empty = 0
    chosen: Iterable[Document] = documents() if limit is None else islice(documents(), limit)
    for coded in coder.code_corpus(chosen):
        with_events = {e.sentence_index for e in coded.events}
        n += 1
        sentences += len(coded.sentences)
        empty += sum(1 for s in coded.sentences if s.index not in with_events)
    return Measured(n, sentences, empty)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("-o", "--out", type=Path, required=True, help="the JSONL file to write")
    ap.add_argument("--check", type=int, default=0, metavar="N", help="then code the first N documents and compare")
    args = ap.parse_args()
    if not args.shared.is_dir():
        print(f"benchmark data not found at {args.shared}", file=sys.stderr)
        return 1
    from detente.coder import Coder

    coder = Coder.from_defaults()
    started = time.perf_counter()
    stats = build_corpus(args.shared, args.out, n_docs=args.docs, seed=args.seed, coder=coder)
    seconds = time.perf_counter() - started
    for name, value in vars(stats).items():
        print(f"{name}: {value:.4f}" if isinstance(value, float) else f"{name}: {value}")
    print(f"built in {seconds:.1f} s (model load included), {args.out.stat().st_size / 2**20:.1f} MiB")
    if args.check:
        measured = measure(args.out, coder, args.check)
        print(
            f"coded in place, first {measured.documents} documents: {measured.sentences} sentences, "
            f"{measured.share:.4f} without an event"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
