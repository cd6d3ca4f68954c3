"""The dashboard (web/app.py) through Starlette's test client, on a store coded by the real coder."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from detente.model import Document
from detente.store import EventStore
from detente.web.app import CSP, MAX_QUERY_CHARS, create_app

PAYLOAD = (
    "Peru accused Chile of spying on Monday. <script>alert('x')</script> "
    "Chile denied it <img src=x onerror=alert(1)> and [a link](javascript:alert(2)) "
    "while \"Bolivia\" called for talks."
)
DOCS = [
    Document(id="talks-1", text="Peru and Chile agreed to resume talks on Monday. Chile praised Peru on Tuesday.",
             title="Peru and Chile to talk", date=dt.date(2021, 3, 10), source="Andes Wire"),
    Document(id="talks-2", text="Chile praised Peru on Tuesday for its restraint.", title="Praise",
             date=dt.date(2021, 3, 10), source="Pacific Daily"),
    Document(id="payload", text=PAYLOAD, title="<b>Spies</b> & <i>denials</i>", date=dt.date(2021, 4, 2), source="Wire <script>"),
]  # fmt: skip


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, coder) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("web") / "store.duckdb"
    with EventStore.open(path) as store:
        store.write_many(list(coder.code_corpus(DOCS)), coder_version=coder.version)
        store.rebuild_clusters()
    return path


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path)) as c:
        yield c


def events_of(client: TestClient) -> list[dict[str, object]]:
    data = client.get("/events.json?size=200").json()
    assert data["total"] == len(data["events"])
    return data["events"]  # type: ignore[no-any-return]


def test_the_store_codes_as_the_tests_expect(client: TestClient) -> None:
    events = events_of(client)
    pairs = {(e["source_code"], e["cameo"][:2], e["target_code"]) for e in events}  # type: ignore[index]
    assert ("CHL", "05", "PER") in pairs  # praise, told by two articles
    assert any(e["doc_id"] == "payload" for e in events)


@pytest.mark.parametrize("path", ["/", "/dyad/CHL/PER", "/actor/CHL", "/events", "/search?q=chile", "/article/talks-1"])
def test_every_page_and_its_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == CSP
    assert re.fullmatch(r"app;dur=\d+\.\d", page.headers["server-timing"])
    assert "<script" not in page.text.lower()
    base, _, query = path.partition("?")
    twin = client.get(("/index" if base == "/" else base) + ".json" + ("?" + query if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert twin.json()


def test_click_through_overview_to_dyad_to_event_to_article(client: TestClient) -> None:
    overview = client.get("/").text
    dyad_link = next(h for h in re.findall(r'href="(/dyad/[^"]+)"', overview) if "CHL" in h and "PER" in h)
    dyad = client.get(dyad_link)
    assert "Reciprocity:" in dyad.text and 'src="/chart/' in dyad.text
    event_link = re.findall(r'href="(/event/[^"]+)"', dyad.text)[0]
    event = client.get(event_link)
    assert event.status_code == 200 and "Why it was coded" in event.text and "Its cluster" in event.text
    article_link = re.findall(r'href="(/article/[^"]+)"', event.text)[0]
    article = client.get(article_link)
    assert article.status_code == 200 and 'class="actor"' in article.text and 'class="trigger"' in article.text
    chart = client.get(re.findall(r'src="(/chart/[^"]+)"', dyad.text)[0].replace("&amp;", "&"))
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/svg+xml"


def test_the_event_page_shows_every_report_of_its_cluster(client: TestClient) -> None:
    praise = [e for e in events_of(client) if e["source_code"] == "CHL" and str(e["cameo"]).startswith("05")]
    multi = next(e for e in praise if e["num_articles"] == 2)
    data = client.get(f"/event/{multi['event_id']}.json").json()
    assert {r["doc_id"] for r in data["cluster"]} == {"talks-1", "talks-2"}
    assert data["explanation"]["rule"] and data["explanation"]["command"].startswith("detente explain ")


def test_payloads_in_article_text_render_as_inert_text(client: TestClient) -> None:
    page = client.get("/article/payload").text
    assert "&lt;script&gt;alert(" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert not re.search(r"<[^>]+\sonerror\s*=", page, re.I)  # onerror= only as text, never in a tag
    assert not re.search(r'href\s*=\s*"\s*javascript:', page, re.I)
    assert "&lt;b&gt;Spies&lt;/b&gt;" in page and "Wire &lt;script&gt;" in page
    found = client.get("/search?q=onerror").text
    assert "<img" not in found.lower() and "onerror=alert" in found.replace("&#39;", "'")


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/events?quad=9", 400, "quad"),
        ("/events?size=100000", 400, "size"),
        ("/events?from=yesterday", 400, "YYYY-MM-DD"),
        ("/events?sort=event_id;DROP", 400, "sort"),
        ("/events?page=2&page=3", 400, "twice"),
        ("/events?page=%C2%B2", 400, "whole number"),  # a superscript two: a digit to Python, not to int()
        ("/events?root=%D9%A1%D9%A9", 400, "root"),  # Arabic-Indic digits
        ("/dyad/%C3%89TAT/PRK", 400, "letters and digits"),
        ("/events?colour=red", 400, "unknown parameter"),
        ("/events?partner=PER", 400, "give an actor too"),
        ("/dyad/US$/PRK", 400, "letters and digits"),
        ("/events.json?root=abc", 400, "root"),
        ("/article/nope", 404, "nope"),
        ("/event/0000.json", 404, "0000"),
        ("/no/such/page", 404, "no such page"),
        ("/static/../app.py", 404, ""),
        ("/static/%2e%2e/app.py", 404, ""),
    ],
)
def test_bad_requests_get_a_clear_4xx(client: TestClient, path: str, status: int, says: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert says in response.text
    assert response.headers["content-security-policy"]
    if path.split("?")[0].endswith(".json"):
        assert response.json()["status"] == status


def test_long_queries_and_other_methods_are_refused(client: TestClient) -> None:
    assert client.get("/search?q=" + "a" * (MAX_QUERY_CHARS + 1)).status_code == 414
    assert client.get("/search?q=" + "a" * 201).status_code == 400
    assert client.post("/events").status_code == 405


def test_event_table_filters_sort_and_pages(client: TestClient) -> None:
    all_events = events_of(client)
    page = client.get("/events.json?size=1&sort=goldstein&order=asc").json()
    assert page["pages"] == len(all_events) and page["events"][0]["goldstein"] == min(e["goldstein"] for e in all_events)  # type: ignore[type-var]
    second = client.get("/events.json?size=1&sort=goldstein&order=asc&page=2").json()
    assert second["events"][0]["event_id"] != page["events"][0]["event_id"]
    only = client.get("/events.json?actor=PER&modality=asserted&from=2021-03-01&to=2021-03-31").json()
    assert only["events"] and all("PER" in (e["source_code"], e["target_code"]) for e in only["events"])
    assert all(e["modality"] == "asserted" and e["day"].startswith("2021-03") for e in only["events"])
    between = client.get("/events.json?actor=CHL&partner=PER").json()["events"]
    assert {(e["source_code"], e["target_code"]) for e in between} >= {("CHL", "PER")}
    assert all({e["source_code"], e["target_code"]} == {"CHL", "PER"} for e in between)
    assert len(between) == sum(1 for e in all_events if {e["source_code"], e["target_code"]} == {"CHL", "PER"})
    assert 'href="/events?actor=CHL&amp;partner=PER"' in client.get("/dyad/CHL/PER").text
    html = client.get("/events?actor=PER&size=1").text
    assert 'href="/events?actor=PER&amp;size=1&amp;page=2"' in html or "page 1 of 1" in html


def test_a_chart_is_drawn_again_once_the_store_changes(tmp_path: Path, coder) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "growing.duckdb"
    first = Document(id="g1", text="Chile praised Peru on Tuesday.", date=dt.date(2021, 3, 10), source="Wire")
    later = Document(id="g2", text="Peru condemned Chile on Friday.", date=dt.date(2021, 6, 4), source="Wire")
    with EventStore.open(path) as store:
        store.write_many(list(coder.code_corpus([first])), coder_version=coder.version)
    with TestClient(create_app(path)) as c:
        before = c.get("/chart/CHL/PER.svg")
        assert before.status_code == 200 and c.get("/chart/CHL/PER.svg").text == before.text  # kept, the same
        with EventStore.open(path) as store:  # an ingest writes between two requests
            store.write_many(list(coder.code_corpus([later])), coder_version=coder.version)
        after = c.get("/chart/CHL/PER.svg")
        assert after.status_code == 200 and after.text != before.text
        assert c.get("/dyad/CHL/PER.json").json()["totals"]["ba"]["events"] >= 1  # the new event is there


def test_a_code_the_pages_refuse_is_shown_as_text_not_a_link() -> None:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("detente.web", "templates"), autoescape=select_autoescape(default=True))
    actor = env.get_template("_macros.html").module.actor  # type: ignore[attr-defined]
    assert str(actor("IRNGOV")) == '<a class="code" href="/actor/IRNGOV">IRNGOV</a>'
    assert str(actor("---")) == '<span class="code">---</span>'  # /actor/--- would be a 400
    assert str(actor("<b>")) == '<span class="code">&lt;b&gt;</span>'
    assert str(actor(None)) == '<span class="none">none</span>'
