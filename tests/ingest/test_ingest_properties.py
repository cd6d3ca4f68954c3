"""Properties of the text reader: the text is kept, body ranges are sane."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest import document_from_text
from detente.ingest.html import document_from_html
from detente.model import Document

_LINES = st.sampled_from(
    [
        "# A title", "#", "# ", "Peter Symonds  ", "By Jane Doe", "23 August 2018", "Aug. 23, 2018",
        "2018-08-23", "The army withdrew from the border.", "To contact us visit:", "Contact us",
        "**[site.org/contact](https://site.org/contact)**", "https://example.org", "© 2018",
        "Share this", "", " ", "\t", "\r", "North Korea",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(_LINES | st.text(max_size=20), max_size=30).map("\n".join),
    )
)
def test_body_ranges_are_within_text_ordered_and_stripped(text: str) -> None:
    doc = document_from_text(text)
    assert doc.text == text
    previous_end = 0
    for start, end in doc.body:
        assert 0 <= previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece.strip() and piece == piece.strip()
        previous_end = end
    if text.strip():
        assert doc.body  # a non-empty document never means "code it all" by accident
    assert doc.title is None or "\n" not in doc.title


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<article>", "</article>", "<nav>", "</nav>", "<h2>",
                                 "<script>", "</script>", "text", "&amp;", " ", "<br>", "<footer>"]),
                max_size=30).map("".join))  # fmt: skip
def test_html_documents_have_valid_body(html: str) -> None:
    result = document_from_html(html, doc_id="x")
    if isinstance(result, Document):
        for start, end in result.body:
            assert 0 <= start < end <= len(result.text)
