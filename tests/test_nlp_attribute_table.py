"""AttributeTable (nlp.py) stands in for the model's attribute ruler: the same
attributes on every token, checked against the package's own pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.evaluation import GSR_FILE, PLOVER_FILE, load_gsr, load_plover
from detente.nlp import AttributeTable, load_pipeline, parse_view

# Our own sentences for the ruler's exceptions: contractions, "gonna", "y'all", a
# negation, "there is", subordinators, pronoun cases and whitespace tokens.
OWN = [
    "Y'all ain't gonna believe it, so let's go.",
    "Nothin' has changed since Monday. C'mon, we gotta leave!",
    "Ecuador did not sign, but it was there when the envoys met; there are doubts.",
    "I told you that it would rain, and you told me it would not.",
    "  Peru   signed it.\n\nChile    did too.  ",
    "Whether Mali agrees or not, Chad will do it because it has to.",
]


def _annotations(nlp, texts: list[str]) -> list[list[tuple[str, ...]]]:  # type: ignore[no-untyped-def]
    return [
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, str(t.head.i), t.ent_type_, t.ent_iob_) for t in doc]
        for doc in nlp.pipe([parse_view(text) for text in texts], batch_size=64)
    ]


@pytest.fixture(scope="module")
def pipelines():  # type: ignore[no-untyped-def]
    return load_pipeline(table_attributes=False), load_pipeline()


def test_the_table_replaces_the_ruler_in_place(pipelines) -> None:  # type: ignore[no-untyped-def]
    stock, table = pipelines
    assert "attribute_ruler" in stock.pipe_names and "attribute_table" not in stock.pipe_names
    names = [n if n != "attribute_table" else "attribute_ruler" for n in table.pipe_names]
    assert names == stock.pipe_names
    assert isinstance(table.get_pipe("attribute_table"), AttributeTable)


def test_own_sentences_get_the_rulers_attributes(pipelines) -> None:  # type: ignore[no-untyped-def]
    stock, table = pipelines
    expected = _annotations(stock, OWN)
    assert _annotations(table, OWN) == expected
    # The exceptions the sentences are there for did fire (so the comparison tests them).
    flat = [tok for doc in expected for tok in doc]
    assert ("n't", "RB", "PART") in {tok[:3] for tok in flat}
    assert any(tok[0] == "gon" and tok[4] == "go" for tok in flat)
    assert any(tok[1] == "_SP" and tok[2] == "SPACE" for tok in flat)


def test_benchmark_and_sample_sentences_get_the_rulers_attributes(pipelines, data_dir: Path, shared_dir: Path) -> None:  # type: ignore[no-untyped-def]
    stock, table = pipelines
    texts = [r.text for r in load_gsr(data_dir / GSR_FILE)] + [r.text for r in load_plover(data_dir / PLOVER_FILE)]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared_dir / "samples").iterdir()) if p.is_file()]
    assert len(texts) > 400
    expected = _annotations(stock, texts)
    got = _annotations(table, texts)
    differing = [(text[:80], e, g) for text, e, g in zip(texts, expected, got, strict=True) if e != g]
    assert not differing, differing[:3]


def test_a_pattern_the_table_cannot_read_is_refused(pipelines) -> None:  # type: ignore[no-untyped-def]
    stock, _ = pipelines

    class Ruler:
        vocab = stock.vocab
        attrs = [{}]
        indices = [0]
        patterns = [{"patterns": [[{"SHAPE": "Xxxx"}]], "attrs": {"POS": "PROPN"}, "index": 0}]

    with pytest.raises(ValueError, match="SHAPE"):
        AttributeTable(Ruler())
