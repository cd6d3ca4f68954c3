from detente.model import Document
from detente.nlp import parse_units, parse_view


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
