"""The Coder as engines use it: picklable without its model, deterministic."""

import pickle

from detente import Coder, code
from detente.model import Document

TEXT = (
    "# Ministers meet\n\nStaff reporter\n4 March 2019\n\n"
    "Japan and South Korea agreed on Monday to resume talks. "
    "Police arrested dozens of protesters in Seoul yesterday."
)


def test_coder_pickles_without_the_model_and_codes_the_same(coder: Coder) -> None:
    before = [e.to_dict() for e in coder.code(TEXT)]
    assert before, "the example must give events"
    blob = pickle.dumps(coder)
    assert len(blob) < 20_000_000  # data tables only: the spaCy model is not in it
    clone = pickle.loads(blob)
    assert clone.parser._nlp is None  # loads lazily in the worker
    assert [e.to_dict() for e in clone.code(TEXT)] == before


def test_code_documents_keeps_order_and_pairs(coder: Coder) -> None:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(["Iran condemned Israel.", "", "Russia praised China."])]
    out = list(coder.code_documents(docs))
    assert [d.id for d, _ in out] == ["d0", "d1", "d2"]
    assert out[1][1] == []
    assert all(e.doc_id == d.id for d, events in out for e in events)


def test_header_date_is_the_publication_date_and_relative_dates_resolve(coder: Coder) -> None:
    events = coder.code(TEXT)
    talks = [e for e in events if e.root == "03"]
    assert talks and talks[0].date == "2019-03-04"
    # "on Monday" with publication Monday 2019-03-04 is that day; "yesterday" the day before.
    arrests = [e for e in events if e.cameo == "173"]
    assert arrests and arrests[0].date == "2019-03-03" and arrests[0].date_basis == "text"


def test_module_level_code_function() -> None:
    events = code("Germany criticised Turkey on Tuesday.", date="2020-06-04")
    assert [(e.source.code, e.target.code if e.target else None, e.root) for e in events] == [("DEU", "TUR", "11")]
    assert events[0].date == "2020-06-02"
