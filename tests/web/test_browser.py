"""The dashboard in a real browser: Debian's chromium driven by Playwright, JavaScript off.

A store is coded from the bundled examples and the sample article, served by uvicorn on
loopback, and every page is loaded; the test then clicks from the overview to the
USA-North Korea dyad, to one of its events, to that event's article, checking what each
shows. With --screenshots (./run screenshots) it saves each page under docs/screenshots.

Playwright cannot download its own browser here; the test uses the system's chromium
(`./run test` installs Debian's package where it can). Without one the test is skipped
with a message, and under CI=true it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.ingest import read_path
from detente.model import Document
from detente.store import EventStore
from detente.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    message = "no chromium on this machine: install Debian's chromium package (./run test does where it can)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, coder, shared_dir: Path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    import uvicorn

    docs = [d for p in [ROOT / "examples", shared_dir / "samples"] for d in read_path(p) if isinstance(d, Document)]
    path = tmp_path_factory.mktemp("browser") / "store.duckdb"
    with EventStore.open(path) as store:
        store.write_many(list(coder.code_corpus(docs)), coder_version=coder.version)
        store.rebuild_clusters()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    executable = chromium()
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=args)
        context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        tab.errors = errors  # type: ignore[attr-defined]
        yield tab
        browser.close()


def shoot(page, request: pytest.FixtureRequest, name: str) -> None:  # type: ignore[no-untyped-def]
    if request.config.getoption("--screenshots"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_click_from_overview_to_dyad_to_event_to_article(page, server: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    assert page.title() == "Overview · detente"
    assert page.locator("h2", has_text="Top dyads").count() == 1
    shoot(page, request, "overview")
    link = page.locator('a.dyad[href="/dyad/USA/PRK"]')
    assert link.count() >= 1, "the overview lists the USA -> PRK dyad"
    link.first.click()
    page.wait_for_url(server + "/dyad/USA/PRK")
    assert page.locator("p.reading").inner_text().startswith("Reciprocity:")
    chart = page.locator("img.chart")
    chart.wait_for()
    assert chart.evaluate("img => img.complete && img.naturalWidth") > 0  # the SVG loaded and drew
    shoot(page, request, "dyad")
    event_link = page.locator('table.events a[href^="/event/"]').first
    event_text = event_link.inner_text()
    event_link.click()
    page.wait_for_url(server + "/event/*")
    assert page.locator("h2", has_text="Why it was coded").count() == 1
    assert event_text.split()[0] in page.locator("h1").inner_text()
    shoot(page, request, "event")
    page.locator('blockquote a[href^="/article/"]').click()
    page.wait_for_url(server + "/article/*")
    assert page.locator("mark.actor").count() > 0 and page.locator("a.trigger").count() > 0
    shoot(page, request, "article")
    assert not page.errors  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/", "/dyad/USA/PRK", "/actor/PRK", "/events", "/events?root=03&sort=goldstein", "/search?q=Kim"])
def test_every_page_loads_with_its_content_and_no_errors(page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + path)
    assert response is not None and response.status == 200
    assert page.locator("main h1").count() == 1
    assert page.locator("footer a", has_text="JSON").count() == 1
    assert not page.errors  # type: ignore[attr-defined]


def test_the_chart_is_drawn(page, server: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(server + "/chart/USA/PRK.svg")
    assert response is not None and response.status == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert page.locator("svg").count() >= 1


def test_events_table_shows_filtered_pages(page, server: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/events")
    page.select_option('select[name="quad"]', "1")
    page.locator('form.filters button[type="submit"]').click()
    page.wait_for_url(server + "/events?*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0
    classes = [rows.nth(i).get_attribute("class") for i in range(rows.count())]
    assert set(classes) == {"q1"}
    shoot(page, request, "events")
