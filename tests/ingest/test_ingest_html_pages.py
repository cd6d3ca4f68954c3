"""Whole news pages read with trafilatura: the article without the page around it, and
the title, date, outlet, byline and URL the page declares. The pages are our own, in
tests/ingest/fixtures/."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path
from typing import Any

import pytest

from detente.errors import InputError
from detente.ingest import read_path
from detente.ingest.html import document_from_html, parse_html, parse_html_basic
from detente.model import Document

FIXTURES = Path(__file__).parent / "fixtures"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _article(paragraphs: list[str]) -> str:
    """A page of our own with ``paragraphs`` in an <article>, long enough to be a news story."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"<html><head><title>Talks</title>{{head}}</head><body><nav><a href='/'>Home</a></nav><article><h1>Talks</h1>{body}</article></body></html>"


_TALKS = [
    "Negotiators from Kivara and Doma returned to the table on Tuesday after the truce signed on 3 March 2019 collapsed in the spring.",
    "The two delegations are expected to meet again on 14 October 2019 in the capital, officials said, and observers will attend.",
    "Earlier talks, held in 2017, ended without agreement on the status of the northern provinces and the return of refugees.",
]


def test_news_page_article_and_metadata() -> None:
    page = parse_html(_page("news_article.html"))
    assert page.extractor == "trafilatura"
    assert page.title == "Atlantis and Lemuria agree to reopen border talks"  # not "... | The Harbour Gazette"
    assert page.date == dt.date(2021, 3, 12)  # published, not modified (14 March)
    assert page.source == "The Harbour Gazette"
    assert page.byline == "Mara Quint"
    assert page.url == "https://harbourgazette.example/world/2021/03/12/border-talks"
    assert len(page.paragraphs) == 7
    assert page.paragraphs[0].startswith("The governments of Atlantis and Lemuria agreed on Thursday")
    # One <br> inside a paragraph is a space, as a browser shows it.
    assert "said in a joint statement that negotiators would resume" in page.paragraphs[1]
    assert page.paragraphs[4] == "Sanctions remain"
    assert page.paragraphs[-1].endswith("a researcher at the Institute for Maritime Affairs.")
    text = "\n".join(page.paragraphs)
    for chrome in ("cookies", "Sign up for our daily briefing", "About time they talked", "Related stories",
                   "Most read", "Independent news since 1887", "All rights reserved", "Share on social media"):
        assert chrome not in text
    # Our own reader kept the newsletter promotion and the readers' comments (both inside <main>).
    basic = "\n".join(parse_html_basic(_page("news_article.html")).paragraphs)
    assert "Sign up for our daily briefing" in basic and "About time they talked" in basic


def test_news_page_document_offsets_point_into_the_extracted_text(tmp_path: Path) -> None:
    path = tmp_path / "talks.html"
    path.write_text(_page("news_article.html"), encoding="utf-8")
    (doc,) = list(read_path(path))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source, doc.byline, doc.date) == ("talks", "The Harbour Gazette", "Mara Quint", dt.date(2021, 3, 12))
    assert doc.url == "https://harbourgazette.example/world/2021/03/12/border-talks"
    assert doc.text == "\n\n".join(parse_html(_page("news_article.html")).paragraphs)
    assert [doc.text[s:e] for s, e in doc.body] == doc.text.split("\n\n")
    assert doc.text.startswith("The governments of Atlantis")  # the headline is the title, not text


def test_arguments_win_over_the_page() -> None:
    doc = document_from_html(_page("news_article.html"), doc_id="x", date=dt.date(2000, 1, 2), url="https://mirror.example/a")
    assert isinstance(doc, Document) and (doc.date, doc.url) == (dt.date(2000, 1, 2), "https://mirror.example/a")


def test_paragraphs_separated_by_double_line_breaks_in_divs() -> None:
    page = parse_html(_page("div_layout.html"))
    assert page.extractor == "trafilatura"
    assert [p.split(",")[0] for p in page.paragraphs] == [
        "Several thousand people marched on the parliament of Eastmark in Port Ulric on Tuesday",
        "The marchers",
        "Prime Minister Oren Talvik said on state television that he would not dismiss the minister and accused opposition parties of exploiting the unrest. The opposition Civic League called for a general strike on Friday.",
        "The European envoy to Eastmark urged restraint on all sides and offered to mediate between the government and student groups.",
    ]
    assert page.title == "Protesters march on parliament in Port Ulric"
    assert page.date == dt.date(2022, 6, 7)  # "Published 7 June 2022" beside the headline
    assert parse_html_basic(_page("div_layout.html")).paragraphs == ()  # no <p>: our reader saw nothing


def test_lists_and_quotes_kept_teaser_cards_left_out() -> None:
    page = parse_html(_page("cards_and_lists.html"))
    assert page.paragraphs[2:7] == (
        "The Red Lantern Society, which negotiated the six-hour truce, said the lorries carried:",
        "twelve tonnes of flour and rice,",
        "medical supplies for the town's two hospitals,",
        "fuel for the water pumping station.",
        "We were able to pass, but the truce is fragile and the town needs a convoy every day, not once a week.",
    )
    assert not any("Floods displace" in p or "Central bank" in p for p in page.paragraphs)
    assert (page.date, page.source, page.byline) == (dt.date(2023, 4, 15), "Meridian Times", "Ana Brill")  # from JSON-LD
    basic = parse_html_basic(_page("cards_and_lists.html"))
    assert "twelve tonnes of flour and rice," not in basic.paragraphs  # our reader lost the list and the quote
    assert "Central bank raises rates again" in basic.paragraphs  # and read the teasers, each an <article>
    assert basic.date is None  # "20230415" in <meta name="pubdate"> is not a date it reads


def test_layout_table_gives_the_story_not_the_navigation_or_a_data_table() -> None:
    page = parse_html(_page("layout_table.html"))
    assert [p.split(" ")[0] for p in page.paragraphs] == ["Rebels", "The", "The"]
    assert page.paragraphs[0].startswith("Rebels in the northern hills released four aid workers")


def test_a_short_marked_article_is_not_padded_with_the_page() -> None:
    page = parse_html(_page("short_marked.html"))
    assert page.extractor == "basic"
    assert page.paragraphs == (
        "The ceasefire between Kivara and Doma held for a third day on Sunday, local officials said.",
        "Doma's army said it had pulled two battalions back from the river.",
    )
    # The metadata is still trafilatura's.
    assert (page.title, page.date, page.source) == ("Ceasefire holds in the north", dt.date(2020, 11, 2), "Valley Courier")


def test_a_one_paragraph_brief() -> None:
    page = parse_html(_page("brief.html"))
    assert page.paragraphs == ("The ceasefire between Kivara and Doma held for a third day on Sunday.",)
    assert (page.title, page.date) == ("Ceasefire holds", dt.date(2020, 11, 2))


def test_a_fragment_is_read_by_our_own_reader() -> None:
    page = parse_html("<p>Peru praised the talks.</p>")
    assert (page.extractor, page.paragraphs) == ("basic", ("Peru praised the talks.",))


def test_a_fault_in_the_extractor_falls_back_to_our_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    page = parse_html(_page("news_article.html"))
    assert page.extractor == "basic" and page.paragraphs[0].startswith("The governments of Atlantis")


# --- the date ------------------------------------------------------------------------


def test_a_date_the_article_mentions_is_not_the_date_of_the_article() -> None:
    page = parse_html(_article(_TALKS).replace("{head}", ""))
    assert page.paragraphs == tuple(_TALKS) and page.date is None


def test_archive_dates_before_1995_are_kept() -> None:
    page = parse_html(_article(_TALKS).replace("{head}", '<meta property="article:published_time" content="1989-11-09">'))
    assert page.date == dt.date(1989, 11, 9)


def test_the_date_window_is_fixed_not_ending_today() -> None:
    # htmldate's own window ends today: this page would have no date until 2095.
    page = parse_html(_article(_TALKS).replace("{head}", '<meta property="article:published_time" content="2095-06-01">'))
    assert page.date == dt.date(2095, 6, 1)


def test_nothing_is_fetched(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    attempts: list[object] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network use in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    # A page naming its URL in every way it can, and a "page" that is only a URL (htmldate,
    # given a URL as a string, downloads it).
    linked = _article(_TALKS).replace(
        "{head}",
        '<link rel="canonical" href="https://news.example/2020/01/02/talks"><meta property="og:url" content="https://news.example/2020/01/02/talks">',
    )
    assert parse_html(linked, url="https://news.example/2020/01/02/talks").date == dt.date(2020, 1, 2)
    only_url = tmp_path / "url.html"
    only_url.write_text("https://news.example/2020/01/02/talks", encoding="utf-8")
    (item,) = list(read_path(only_url))
    assert isinstance(item, InputError) and "empty document" in item.message  # read as markup, not fetched
    assert attempts == []
