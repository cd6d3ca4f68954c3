"""Golden tests: the bundled examples coded end to end, against tests/golden/.

Each example (``examples/*.txt`` and each line of ``examples/corpus.jsonl``)
is coded with all modalities, so negated and hypothetical events are pinned
too (the ``modality`` field says which ones the default output drops). The
expectation is a compact projection of each event, so that a change in the
coder shows up as a readable diff. After a deliberate change, rewrite the
files with ``pytest tests/test_golden.py --update-golden`` and review the diff.

Every event in a golden file carries a ``review`` written by hand: ``"ok"`` when a
careful coder would write the same event, or ``"wrong: <reason>"`` for a known miss
(the coder's output is pinned so a change shows, but it is not taken for right). The
file's ``missing`` list names the events a careful coder would add, with the reason
the coder misses them. ``--update-golden`` keeps the review of every event that did
not change and marks each new one ``"unreviewed"``, which fails until someone reads it.

Independently of the expectations, every event must satisfy the record's
invariants (docs/event-record.md): spans quote the document, ids are stable,
codes exist in the ontology.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from detente.coder import Coder
from detente.errors import InputError
from detente.ingest import read_path
from detente.model import Document, Event

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def _examples() -> dict[str, Document]:
    found: dict[str, Document] = {}
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.jsonl")):
        for item in read_path(path):
            if isinstance(item, InputError):
                raise item  # a bundled example must read cleanly
            name = path.stem if path.suffix == ".txt" else f"{path.stem}-{item.id}"
            assert name not in found, f"two examples named {name}"
            found[name] = item
    return found


EXAMPLE_DOCS = _examples()


def project(event: Event) -> dict[str, Any]:
    """What the golden files pin down for one event."""
    return {
        "sentence_index": event.sentence_index,
        "date": event.date,
        "date_basis": event.date_basis,
        "source": [event.source.code, event.source.text],
        "target": [event.target.code, event.target.text] if event.target else None,
        "cameo": event.cameo,
        "modality": event.modality,
        "trigger": event.trigger.text,
    }


def expectation(name: str, doc: Document, events: list[Event]) -> dict[str, Any]:
    return {
        "doc_id": doc.id,
        "origin": str(Path(doc.origin).relative_to(ROOT)) if Path(doc.origin).is_absolute() else doc.origin,
        "published": doc.date.isoformat() if doc.date else None,
        "events": [project(e) for e in events],
    }


UNREVIEWED = "unreviewed"


def _key(event: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in event.items() if k != "review"}, sort_keys=True)


def unreviewed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "review"} for e in events]


def with_reviews(actual: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """``actual`` with each event's review carried over from ``previous`` where the event
    is unchanged, ``"unreviewed"`` where it is new; the ``missing`` list is kept."""
    old = {_key(e): e.get("review", UNREVIEWED) for e in (previous or {}).get("events", [])}
    events = [{**e, "review": old.get(_key(e), UNREVIEWED)} for e in actual["events"]]
    return {**actual, "events": events, "missing": (previous or {}).get("missing", [])}


def dump(expected: dict[str, Any]) -> str:
    """JSON with one event per line, so that a review diff shows whole events."""
    head = {k: v for k, v in expected.items() if k not in ("events", "missing")}
    lines = [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    events = [f"    {json.dumps(e, ensure_ascii=False)}" for e in expected["events"]]
    body = ("[\n" + ",\n".join(events) + "\n  ]") if events else "[]"
    missing = [f"    {json.dumps(m, ensure_ascii=False)}" for m in expected.get("missing", [])]
    tail = ("[\n" + ",\n".join(missing) + "\n  ]") if missing else "[]"
    return "{\n" + "\n".join(lines) + f'\n  "events": {body},\n  "missing": {tail}\n}}\n'


def test_every_example_is_covered() -> None:
    assert len(EXAMPLE_DOCS) >= 3
    stale = sorted(p.stem for p in GOLDEN.glob("*.json") if p.stem not in EXAMPLE_DOCS)
    assert not stale, f"golden files without an example (delete them): {stale}"


@pytest.mark.parametrize("name", sorted(EXAMPLE_DOCS))
def test_golden(name: str, coder: Coder, update_golden: bool) -> None:
    doc = EXAMPLE_DOCS[name]
    events = coder.code_document(doc, all_modalities=True)
    actual = expectation(name, doc, events)
    path = GOLDEN / f"{name}.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(dump(with_reviews(actual, previous)), encoding="utf-8")
        return
    if previous is None:
        pytest.fail(f"{path} is missing: run pytest {Path(__file__).name} --update-golden and review it")
    expected = {**previous, "events": unreviewed(previous["events"])}
    expected.pop("missing", None)
    assert actual == expected, f"{name}: coder output changed; if intended, rerun with --update-golden"


@pytest.mark.parametrize("name", sorted(EXAMPLE_DOCS))
def test_golden_file_is_reviewed(name: str) -> None:
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert golden["events"], f"{name}: a golden file with no events pins nothing"
    for event in golden["events"]:
        review = event.get("review", UNREVIEWED)
        assert review == "ok" or (review.startswith("wrong: ") and len(review) > len("wrong: ") + 10), (
            f"{name}: sentence {event['sentence_index']} {event['trigger']!r} is {review!r}: "
            "read it and write 'ok' or 'wrong: <reason>'"
        )
    assert isinstance(golden["missing"], list)
    assert all(isinstance(m, str) and len(m) > 20 for m in golden["missing"]), f"{name}: say what is missing and why"


def test_reviews_survive_an_update_only_for_unchanged_events() -> None:
    previous = {
        "doc_id": "d",
        "events": [{"cameo": "111", "trigger": "denounced", "review": "ok"}, {"cameo": "020", "review": "wrong: topic"}],
        "missing": ["sentence 3: the IAEA's statement about Iran"],
    }
    actual = {"doc_id": "d", "events": [{"cameo": "111", "trigger": "denounced"}, {"cameo": "024"}]}
    updated = with_reviews(actual, previous)
    assert [e["review"] for e in updated["events"]] == ["ok", UNREVIEWED]
    assert updated["missing"] == previous["missing"]
    assert json.loads(dump(updated)) == updated


@pytest.mark.parametrize("name", sorted(EXAMPLE_DOCS))
def test_event_invariants(name: str, coder: Coder) -> None:
    doc = EXAMPLE_DOCS[name]
    events = coder.code_document(doc, all_modalities=True)
    again = coder.code_document(doc, all_modalities=True)
    assert [e.id for e in events] == [e.id for e in again], "event ids must be stable across codings"
    assert len({e.id for e in events}) == len(events), "two events share an id"
    for event in events:
        where = f"{name} sentence {event.sentence_index} ({event.trigger.text!r})"
        assert event.doc_id == doc.id
        actors = [event.source] + ([event.target] if event.target else [])
        for actor in actors:
            assert doc.text[actor.start : actor.end] == actor.text, where
        assert doc.text[event.trigger.start : event.trigger.end] == event.trigger.text, where
        assert event.sentence in doc.text, where
        assert event.cameo in coder.ontology, where
        assert coder.ontology.get(event.cameo).name == event.cameo_name, where
        record = event.to_dict()
        assert record["root"] == event.cameo[:2] == event.root, where
        assert record["cameo"] == event.cameo and len(event.cameo) in (3, 4), where
        assert 0.0 <= event.confidence <= 1.0, where
