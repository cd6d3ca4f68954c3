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


def test_code_corpus_gives_sentences_and_the_actors_named_in_them(coder: Coder) -> None:
    text = "Chad praised Niger on Monday. The weather was mild. Kenya hosted Uganda's envoys."
    (coded,) = coder.code_corpus([Document(id="c1", text=text)])
    assert [(s.index, text[s.start : s.end]) for s in coded.sentences] == [
        (0, "Chad praised Niger on Monday."),
        (1, "The weather was mild."),
        (2, "Kenya hosted Uganda's envoys."),
    ]
    named = [(m.sentence_index, m.text, m.code, text[m.start : m.end]) for m in coded.mentions]
    assert named == [(0, "Chad", "TCD", "Chad"), (0, "Niger", "NER", "Niger"), (2, "Kenya", "KEN", "Kenya"), (2, "Uganda", "UGA", "Uganda")]
    assert {e.doc_id for e in coded.events} == {"c1"} and len(coded.events) >= 2


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


# --- per-document limits (docs/reliability.md) ----------------------------------


def test_a_document_over_the_length_limit_is_an_error_naming_it(coder: Coder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    import detente.coder as coder_module
    from detente.errors import DocumentLimitError

    monkeypatch.setattr(coder_module, "MAX_DOCUMENT_CHARS", 1000)
    long = Document(id="long-one", text="Chad praised Niger. " * 60)
    with pytest.raises(DocumentLimitError) as err:
        coder.code_document(long)
    assert "'long-one'" in str(err.value) and "1,200 characters" in str(err.value) and "1,000-character limit" in str(err.value)
    assert coder.code_document(Document(id="short", text="Chad praised Niger."))  # the limit is per document


def test_a_document_over_the_time_limit_is_an_error_naming_it(coder: Coder) -> None:
    import pytest

    from detente.errors import DocumentLimitError

    hurried = Coder(coder.parser, coder.kb, coder.lexicon, coder.ontology, policies=coder.policies, max_seconds=0.0)
    with pytest.raises(DocumentLimitError) as err:
        hurried.code_document(Document(id="slow-one", text="Chad praised Niger. Mali thanked Togo."))
    assert "'slow-one'" in str(err.value) and "took over 0 s" in str(err.value)


def test_a_run_on_is_cut_at_clause_breaks_and_its_clauses_coded(coder: Coder) -> None:
    from detente.nlp import MAX_SENTENCE_TOKENS

    # A transcript without full stops: clauses strung on "and", far past a sentence's length.
    clauses = ["Chad praised Niger", "Ghana thanked Togo", "Kenya criticised Uganda", "Peru accused Chile"]
    run_on = " and ".join(clauses[i % 4] + " on Monday" for i in range(MAX_SENTENCE_TOKENS // 3)) + "."
    assert max(len(s) for s in coder.parser.parse_text(run_on).sents) > MAX_SENTENCE_TOKENS  # spaCy's own run-on
    sentences = coder.parser.parse(Document(id="r", text=run_on))
    assert len(sentences) > 1 and all(len(s.span) <= MAX_SENTENCE_TOKENS for s in sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert all(run_on[s.start : s.end] == s.text for s in sentences)  # offsets still point into the text
    pairs = {(e.source.code, e.target.code if e.target else None) for e in coder.code(run_on)}
    assert {("TCD", "NER"), ("GHA", "TGO"), ("KEN", "UGA"), ("PER", "CHL")} <= pairs


def test_a_sentence_the_parser_makes_too_long_is_parsed_again_in_pieces(coder: Coder) -> None:
    from detente.nlp import MAX_SENTENCE_TOKENS

    # "Mr." ends no sentence for the parser, but it does for the cheap count before parsing,
    # so this chain reaches the parser whole and comes back as one overlong sentence.
    text = " and ".join(["Egypt thanked Mr. Musa of Sudan on Friday"] * 60) + "."
    assert max(len(s) for s in coder.parser.parse_text(text).sents) > MAX_SENTENCE_TOKENS
    sentences = coder.parser.parse(Document(id="m", text=text))
    assert len(sentences) > 1 and all(len(s.span) <= MAX_SENTENCE_TOKENS for s in sentences)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert sentences[0].start == 0 and sentences[-1].end == len(text)


def test_a_paragraph_without_breaks_is_parsed_in_pieces_cut_at_sentence_ends() -> None:
    from detente.nlp import MAX_UNIT_CHARS, parse_units

    sentence = "Kenya criticised Uganda on Monday. "
    text = sentence * (3 * MAX_UNIT_CHARS // len(sentence))
    units = parse_units(Document(id="p", text=text))
    assert len(units) >= 3 and all(end - start <= MAX_UNIT_CHARS for start, end in units)
    assert units[0][0] == 0 and units[-1][1] in (len(text), len(text.rstrip()))
    assert all(a[1] == b[0] for a, b in zip(units, units[1:]))  # nothing lost between pieces
    assert all(text[start:end].startswith("Kenya") for start, end in units)  # every cut is at a sentence end
    words = "word " * (MAX_UNIT_CHARS // 2)  # no sentence end at all: cut at a space
    pieces = parse_units(Document(id="w", text=words))
    assert len(pieces) > 3 and all(words[s:e].startswith("word") for s, e in pieces)


def test_a_document_of_too_many_tokens_is_an_error_naming_it(coder: Coder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    import detente.coder as coder_module
    from detente.nlp import count_tokens
    from detente.errors import DocumentLimitError

    assert count_tokens("Chad's army, it said, left.") == 10  # Chad ' s army , it said , left .
    monkeypatch.setattr(coder_module, "MAX_DOCUMENT_TOKENS", 100)
    dense = Document(id="dense-one", text="*a " * 60)  # 180 characters, 120 tokens
    with pytest.raises(DocumentLimitError) as err:
        coder.code_document(dense)
    assert "'dense-one'" in str(err.value) and "120 words and marks" in str(err.value)


def test_a_document_over_a_limit_is_reported_by_its_message_alone(coder: Coder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import detente.coder as coder_module
    from detente.engines.local import code_batch

    monkeypatch.setattr(coder_module, "MAX_DOCUMENT_CHARS", 50)
    docs = [Document(id="ok", text="Chad praised Niger."), Document(id="long", text="Chad praised Niger. " * 5)]
    (found, error), (none, limit) = code_batch(coder, docs)
    assert found is not None and found[0] and error is None
    assert none is None and limit == "100 characters, over the 50-character limit"


def test_a_lexicon_code_the_ontology_lacks_is_an_error_when_the_coder_is_built(coder: Coder) -> None:
    import pytest

    from detente.errors import DetenteError
    from detente.events.lexicon import Lexicon

    from importlib import resources

    lexicon = Lexicon.from_text(
        "111\tcriticize\n999\tfrobnicate\n",
        "intent\t\t030\nintent\t04\t9988\n",
        verbs_name="verbs.tsv",
        composition_name="composition.tsv",
        word_classes=resources.files("detente.data").joinpath("word_classes.tsv").read_text(encoding="utf-8"),
    )
    with pytest.raises(DetenteError) as err:
        Coder(coder.parser, coder.kb, lexicon, coder.ontology, policies=coder.policies)
    message = str(err.value)
    assert "999 (verbs.tsv line 2)" in message and "9988 (composition.tsv: intent over 04)" in message
    assert "111" not in message and "030" not in message


def test_a_rule_giving_an_unknown_code_is_an_error_not_a_dropped_event(coder: Coder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    import pytest

    from detente.errors import DetenteError

    real = coder.extractor.extract

    def with_a_bad_code(*args, **kwargs):  # type: ignore[no-untyped-def]
        return [replace(cand, code="9999", rule="a broken rule") for cand in real(*args, **kwargs)]

    monkeypatch.setattr(coder.extractor, "extract", with_a_bad_code)
    with pytest.raises(DetenteError) as err:
        coder.code("Chad praised Niger.")
    assert "'a broken rule' gave CAMEO code '9999'" in str(err.value)
