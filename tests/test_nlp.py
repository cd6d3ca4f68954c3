from detente.model import Document
from detente.nlp import parse_units, parse_view, quoted


def test_parse_view_keeps_length_and_plain_characters() -> None:
    text = "A *New York Times*\neditorial said \u201cno\u201d to Korea\u2019s plan."
    view = parse_view(text)
    assert len(view) == len(text)
    assert "*" not in view and "\n" not in view
    assert '"no"' in view and "Korea's" in view
    assert view.index("New York Times") == text.index("New York Times")


def test_paragraph_break_inside_sentence_is_joined() -> None:
    text = "North Korea has taken limited steps to\n\ndismantle some sites.\n\nThe US did little."
    first = text.index("dismantle") + len("dismantle some sites.")
    doc = Document(id="d", text=text, body=((0, 38), (40, first), (first + 2, len(text))))
    units = parse_units(doc)
    assert units == [(0, first), (first + 2, len(text))]


def test_open_quote_joins_but_finished_sentence_does_not() -> None:
    text = "He spoke on \u201cThis\n\nWeek\u201d about it.\n\nLater he left."
    a = text.index("\n\nWeek")
    b = text.index("\n\nLater")
    doc = Document(id="d", text=text, body=((0, a), (a + 2, b), (b + 2, len(text))))
    assert parse_units(doc) == [(0, b), (b + 2, len(text))]


def test_sentences_map_back_to_document_offsets(coder) -> None:  # type: ignore[no-untyped-def]
    text = "Iran rejected the offer.\nThe  EU\nregretted it. China\n\nwelcomed talks."
    doc = Document(id="d", text=text)
    sentences = coder.parser.parse(doc)
    assert [s.text for s in sentences][0] == "Iran rejected the offer."
    for s in sentences:
        assert text[s.start : s.end] == s.text
        for tok in s.span:
            start = tok.idx + s.offset
            assert text[start : start + len(tok.text)].replace("\n", " ") == tok.text


def test_quoted_counts_the_parse_views_quote_marks_across_sentences(coder) -> None:  # type: ignore[no-untyped-def]
    # Curly quotes are straight in the parse view; a quotation may span sentences.
    text = "Chad said \u201cwe will talk. Niger agrees.\u201d Mali left."
    sentences = coder.parser.parse(Document(id="d", text=text))
    inside = {tok.text for s in sentences for tok in s.span if quoted(tok)}
    outside = {tok.text for s in sentences for tok in s.span if not quoted(tok)}
    assert {"we", "talk", "Niger", "agrees"} <= inside
    assert {"Chad", "said", "Mali", "left"} <= outside
    assert len({id(s.span.doc.user_data.get("detente.quote_marks")) for s in sentences}) == 1  # found once per parse


def test_unmatched_emphasis_markers_are_left_alone_and_do_not_stall() -> None:
    # 300 KB of markers that never close: once a quadratic scan that did not finish in
    # 120 s; the bounded pattern leaves every marker in place.
    text = "*a " * 100_000
    assert parse_view(text) == text


def test_emphasis_longer_than_the_bound_keeps_its_markers() -> None:
    from detente.nlp import EMPHASIS_MAX_CHARS

    short = "*" + "word " * 5 + "end*"
    long = "*" + "word " * (EMPHASIS_MAX_CHARS // 5 + 1) + "end*"
    assert parse_view(short) == " " + short[1:-1] + " "
    assert parse_view(long) == long


def test_long_paragraphs_go_to_spacy_in_batches_bounded_by_tokens(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import detente.nlp as nlp_module
    from detente.nlp import Parser

    batches: list[list[str]] = []

    class Recording:
        def pipe(self, texts, batch_size):  # type: ignore[no-untyped-def]
            batches.append(list(texts))
            return iter(texts)

    monkeypatch.setattr(nlp_module, "MAX_BATCH_TOKENS", 10)
    parser = Parser(batch_size=4)
    parser._nlp = Recording()  # type: ignore[assignment]
    four, one, twelve = "a b c d", "a", "a, b. " * 3
    texts = [four, four, four, one, one, one, one, twelve]
    assert list(parser._pipe(texts)) == texts  # every text once, in order
    assert [len(batch) for batch in batches] == [2, 4, 1, 1]
    # A batch never passes the token bound unless it holds a single text.
    assert all(sum(map(nlp_module.count_tokens, b)) <= 10 or len(b) == 1 for b in batches)


def test_a_stretch_with_no_sentence_end_is_cut_at_clause_breaks_before_parsing() -> None:
    from detente.nlp import MAX_RUN_TOKENS, count_tokens, parse_units

    # A transcript with no full stops, clauses on commas and "and"; then normal sentences.
    run_on = ", ".join(f"Chad praised Niger and Mali thanked Togo on day {i}" for i in range(60))
    normal = " ".join(["Peru accused Chile of spying."] * 20)
    text = run_on + ". " + normal
    units = parse_units(Document(id="t", text=text))
    assert units[0][0] == 0 and units[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(units, units[1:]))  # nothing lost between pieces
    assert all(count_tokens(text, a, b) <= MAX_RUN_TOKENS + 1 for a, b in units[:-1])
    inner = [a for a, _ in units[1:]]
    assert all(text[c - 2 : c] == ", " or text[c:].startswith("and ") for c in inner)  # cut at clause breaks
    assert text[units[-1][0] :].startswith("Chad") or "Peru" in text[units[-1][0] :]
    # Sentences that end are not cut: the normal part stays whole in one unit.
    assert any(text[a:b].endswith(normal) for a, b in units)
