"""benchmarks/corpus.py: the benchmark corpus built from ../shared, on a small corpus
(200 documents) built twice with the session's coder."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from detente.coder import Coder
from detente.evaluation import (
    GSR_FILE,
    PENTA_FILE,
    PENTA_TRAIN_FILE,
    PLOVER_FILE,
    load_gsr,
    load_penta,
    load_plover,
    unseen_penta,
)
from detente.ingest import read_path
from detente.model import Document

ROOT = Path(__file__).resolve().parent.parent
N_DOCS = 200
#: Documents coded in place to check the expected share (about 900 sentences, some 4 s).
CHECKED_DOCS = 60


def _load_corpus_module() -> ModuleType:
    # benchmarks/ is not a package: load the script by path, as benchmarks/scale.py imports it.
    spec = importlib.util.spec_from_file_location("bench_corpus", ROOT / "benchmarks" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def built(shared_dir: Path, coder: Coder, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any, Path, Any]:
    tmp = tmp_path_factory.mktemp("bench-corpus")
    first, second = tmp / "a.jsonl", tmp / "b.jsonl"
    stats_a = corpus.build_corpus(shared_dir, first, n_docs=N_DOCS, coder=coder)
    stats_b = corpus.build_corpus(shared_dir, second, n_docs=N_DOCS, coder=coder)
    return first, stats_a, second, stats_b


@pytest.fixture(scope="module")
def documents(built: tuple[Path, Any, Path, Any]) -> list[Document]:
    items = list(read_path(built[0]))
    bad = [item for item in items if not isinstance(item, Document)]
    assert not bad, f"the reader skipped records: {bad[:3]}"
    return [item for item in items if isinstance(item, Document)]


def test_the_same_seed_gives_the_same_bytes(built: tuple[Path, Any, Path, Any]) -> None:
    first, stats_a, second, stats_b = built
    assert first.read_bytes() == second.read_bytes()
    assert stats_a == stats_b


def test_every_record_is_read_with_its_metadata(built: tuple[Path, Any, Path, Any], documents: list[Document]) -> None:
    stats = built[1]
    assert stats.documents == len(documents) == N_DOCS
    assert len({d.id for d in documents}) == N_DOCS
    for doc in documents:
        assert doc.date is not None and corpus.FIRST_DAY <= doc.date <= corpus.LAST_DAY
        assert doc.source in corpus.OUTLETS
        assert doc.url is not None and doc.url.endswith(f"/{doc.id}") and doc.date.strftime("/%Y/%m/%d/") in doc.url
        # No header or footer taken out: every sentence is coded.
        assert doc.body == ((0, len(doc.text)),), doc.id
    assert stats.outlets == len({d.source for d in documents}) > 20
    assert stats.first_day == min(d.date for d in documents if d.date)
    assert stats.last_day == max(d.date for d in documents if d.date)


def test_documents_are_8_to_25_sentences(built: tuple[Path, Any, Path, Any]) -> None:
    stats = built[1]
    assert corpus.MIN_SENTENCES <= stats.min_sentences <= stats.max_sentences <= corpus.MAX_SENTENCES
    assert stats.mean_sentences == pytest.approx(stats.sentences / stats.documents)
    assert 12 < stats.mean_sentences < 20


def test_some_documents_re_report_an_earlier_one(built: tuple[Path, Any, Path, Any], documents: list[Document]) -> None:
    stats = built[1]
    assert 0 < stats.repeated_documents < N_DOCS / 4
    assert stats.planted_repeats >= stats.repeated_documents
    # Each re-report leads with a passage of one of the documents before it, from another
    # outlet, at most a few days earlier.
    leads = 0
    for i, doc in enumerate(documents):
        for earlier in documents[max(0, i - corpus.REPEAT_LOOKBACK) : i]:
            assert doc.date is not None and earlier.date is not None
            lag = (doc.date - earlier.date).days
            if earlier.source != doc.source and 0 <= lag <= corpus.REPEAT_MAX_DAYS and _lead(doc) in earlier.text:
                leads += 1
                break
    assert leads >= stats.repeated_documents


def _lead(doc: Document) -> str:
    # Every passage ends in terminal punctuation and is joined to the next by a space;
    # the lead's first sentence is enough to recognise it.
    end = min(i for i in (doc.text.find(". "), doc.text.find("? "), doc.text.find("! "), len(doc.text)) if i >= 0)
    return doc.text[: end + 1]


def test_the_share_without_events_follows_the_sample_article(
    built: tuple[Path, Any, Path, Any], coder: Coder
) -> None:
    corpus_path, stats = built[0], built[1]
    assert stats.sample_sentences > 20
    assert 0.3 < stats.target_share < 0.9
    assert abs(stats.achieved_share - stats.target_share) <= 0.05
    # The achieved share is an expectation from the passages' labels: the coder, reading
    # the documents as they are, must agree.
    measured = corpus.measure(corpus_path, coder, CHECKED_DOCS)
    assert measured.documents == CHECKED_DOCS
    assert abs(measured.share - stats.target_share) <= 0.05, measured


def test_no_held_out_sentence_is_used(built: tuple[Path, Any, Path, Any], data_dir: Path) -> None:
    text = built[0].read_text(encoding="utf-8")
    development = [r.text for r in load_gsr(data_dir / GSR_FILE)]
    development += [r.text for r in load_plover(data_dir / PLOVER_FILE)]
    held_out = unseen_penta(load_penta(data_dir / PENTA_FILE), development)
    held_out += unseen_penta(load_penta(data_dir / PENTA_TRAIN_FILE), development)
    found = [r.text for r in held_out if corpus.clean(r.text) in text]
    assert not found, found[:3]


def test_only_news_sentences_of_gsr_are_used(built: tuple[Path, Any, Path, Any], data_dir: Path) -> None:
    text = built[0].read_text(encoding="utf-8")
    constructed = [r.text for r in load_gsr(data_dir / GSR_FILE) if r.category not in corpus.GSR_NEWS_CATEGORIES]
    assert constructed
    found = [t for t in constructed if corpus.clean(t) in text]
    assert not found, found[:3]


def test_clean_undoes_benchmark_artefacts() -> None:
    assert corpus.clean("France on Wednesday condemned as`` unacceptable'' allegations by Rwanda") == (
        "France on Wednesday condemned as \u201cunacceptable\u201d allegations by Rwanda."
    )
    assert corpus.clean("{France is ready to contribute troops.}") == "France is ready to contribute troops."
    assert corpus.clean("risking \\$500,000 in fines.") == "risking $500,000 in fines."
    assert corpus.clean("from Moscow and Beijing-- which") == "from Moscow and Beijing \u2014 which."
    assert corpus.clean("A *New York Times* editorial\n\nsaid so.") == "A New York Times editorial said so."
    assert corpus.clean("the Kifaya (``Enough'') group.") == "the Kifaya (\u201cEnough\u201d) group."
    assert corpus.clean("\u201cWe\u2019re going to see,\u201d he said") == "\u201cWe\u2019re going to see,\u201d he said."


def test_dates_are_in_order_but_for_re_reports(documents: list[Document]) -> None:
    days = [d.date for d in documents if d.date]
    out_of_order = sum(1 for a, b in zip(days, days[1:]) if b < a)
    assert out_of_order < N_DOCS / 5
    assert (max(days) - min(days)) > dt.timedelta(days=365 * 5)
